# SPDX-License-Identifier: GPL-2.0-only
# Loaded at GPA 0x1000 and entered with DA=1. Exercises MMIO/IOCSR exits,
# cpucfg, a syscall exception round trip, ll/sc and am*, then hvcl, idle.
	.text
	.globl _start
_start:
	li.d	$t0, 0x1fe001e0		# UART
	li.w	$t1, 0x48
	st.b	$t1, $t0, 0		# exit 1: MMIO write 'H'
	ld.b	$a0, $t0, 5		# exit 2: MMIO read, sign-extended
	ld.hu	$a1, $t0, 6		# exit 3: MMIO read, zero-extended
	li.w	$t2, 0x1020
	iocsrrd.w $a2, $t2		# exit 4: IOCSR read
	li.d	$t3, 0x123456789
	iocsrwr.d $t3, $t2		# exit 5: IOCSR write
	li.w	$t4, 1
	cpucfg	$a3, $t4		# word 1 from cpu->cpucfg
	li.w	$t4, 0x40000000
	cpucfg	$a4, $t4		# "KVM\0"
	# exception: syscall -> handler at 0x2000 which sets s0 and returns
	li.d	$t0, 0x2000
	csrwr	$t0, 0xc		# EENTRY
	syscall	0x12
	# atomics at 0x3000
	li.d	$t0, 0x3000
	li.w	$t1, 5
	st.d	$t1, $t0, 0
1:	ll.d	$t2, $t0, 0
	addi.d	$t2, $t2, 3
	sc.d	$t2, $t0, 0
	beqz	$t2, 1b
	li.w	$t1, 10
	amadd.d	$s1, $t1, $t0		# s1 = 8, mem = 18
	ld.d	$s2, $t0, 0
	hvcl	0x100			# stop: HVCL
	idle	0			# stop: IDLE
	li.w	$s3, 0x77
	st.b	$s3, $t0, 8
	break	0
	hvcl	1

	.org	0x1000
handler:
	csrrd	$s0, 0x5		# ESTAT
	csrrd	$t5, 0x6		# ERA
	addi.d	$t5, $t5, 4
	csrwr	$t5, 0x6
	ertn
