/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start-up and result dump shared by the differential test programs. They
 * run as Linux user programs under qemu-loongarch64 and at PLV3 in the
 * softkvm interpreter (tests/softkvm/diff-harness.c); both print the same
 * block with write(2): 32 GPRs, 32 FPRs, FCSR0, FCC0-7, then the 1 KiB
 * scratch area. Register conventions for test bodies: $r2 (tp) points at
 * scratch, $r3 (sp) at a private stack, $r21 is free until the dump.
 */
	.text
	.globl	_start
_start:
	la.local	$sp, stack_top
	la.local	$tp, scratch
	movgr2fcsr	$fcsr0, $zero
	movgr2cf	$fcc0, $zero
	movgr2cf	$fcc1, $zero
	movgr2cf	$fcc2, $zero
	movgr2cf	$fcc3, $zero
	movgr2cf	$fcc4, $zero
	movgr2cf	$fcc5, $zero
	movgr2cf	$fcc6, $zero
	movgr2cf	$fcc7, $zero
	/* f0..f31 = 0x3ff0_0000_0000_0000 + n * 2^48 (1.0, 1.0625, ...) */
	li.d	$t0, 0x3ff0000000000000
	li.d	$t1, 0x0001000000000000
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	movgr2fr.d	$f\n, $t0
	add.d	$t0, $t0, $t1
	.endr
	/* r1, r4..r20, r22..r31 = n * 0x0123456789abcdef */
	li.d	$t0, 0x0123456789abcdef
	.irp n, 1,4,5,6,7,8,9,10,11,13,14,15,16,17,18,19,20,22,23,24,25,26,27,28,29,30,31
	li.w	$r21, \n
	mul.d	$r\n, $t0, $r21
	.endr
	li.w	$r21, 12
	mul.d	$r12, $t0, $r21
	move	$r21, $zero
	b	test_body

	.globl	dump_and_exit
dump_and_exit:
	la.local	$r21, result
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,22,23,24,25,26,27,28,29,30,31
	st.d	$r\n, $r21, \n * 8
	.endr
	st.d	$zero, $r21, 21 * 8
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fst.d	$f\n, $r21, 256 + \n * 8
	.endr
	movfcsr2gr	$a0, $fcsr0
	st.d	$a0, $r21, 512
	.irp n, 0,1,2,3,4,5,6,7
	movcf2gr	$a0, $fcc\n
	st.b	$a0, $r21, 520 + \n
	.endr
	li.w	$a0, 1
	move	$a1, $r21
	li.w	$a2, 528 + 1024
	li.w	$a7, 64
	syscall	0
	li.w	$a0, 0
	li.w	$a7, 93
	syscall	0
1:	b	1b

	.data
	.p2align 4
result:
	.space	528
	.globl	scratch
scratch:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127
	.quad	0x0f1e2d3c4b5a6978 * (\n + 1)
	.endr

	.bss
	.p2align 4
	.space	8192
stack_top:
