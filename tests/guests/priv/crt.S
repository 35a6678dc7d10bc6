/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start-up for the privileged test guests: stack, exception entry, call
 * main, report main's return value through the lkvm test device (EXIT at
 * 0x100f0000, a 32-bit store). Entered at the ELF entry with CRMD.DA=1.
 *
 * The exception handler records ESTAT/ERA/BADV/BADI in exc_info and
 * resumes at exc_info.resume (set by EXPECT), back at PLV0 with interrupts
 * off; a timer interrupt is counted and cleared; anything else unexpected
 * ends the run with 0x80 | Ecode.
 */
#include "priv.h"

	.section .text.start, "ax"
	.globl	_start
_start:
	la.local	$sp, stack_top
	la.local	$t0, exc_entry
	csrwr	$t0, CSR_EENTRY
	bl	main
	/* fall through with main's result */
	.globl	exit_a0
exit_a0:
	la.local	$t0, testdev
	ld.d	$t0, $t0, 0
	st.w	$a0, $t0, 0
1:	b	1b

	.text
	.p2align 12
	.globl	exc_entry
exc_entry:
	csrwr	$t0, CSR_SAVE0
	csrwr	$t1, CSR_SAVE0 + 1
	la.local	$t0, exc_info
	csrrd	$t1, CSR_ESTAT
	st.d	$t1, $t0, EI_ESTAT
	bstrpick.d	$t1, $t1, 21, 16
	beqz	$t1, .Lirq
	csrrd	$t1, CSR_ERA
	st.d	$t1, $t0, EI_ERA
	csrrd	$t1, CSR_BADV
	st.d	$t1, $t0, EI_BADV
	csrrd	$t1, CSR_BADI
	st.d	$t1, $t0, EI_BADI
	ld.d	$t1, $t0, EI_COUNT
	addi.d	$t1, $t1, 1
	st.d	$t1, $t0, EI_COUNT
	ld.d	$t1, $t0, EI_RESUME
	beqz	$t1, .Lunexpected
	st.d	$zero, $t0, EI_RESUME
	csrwr	$t1, CSR_ERA
	/* resume at PLV0 with interrupts off, whatever was interrupted */
	li.w	$t1, 7
	csrxchg	$zero, $t1, CSR_PRMD
	b	.Lret
.Lirq:
	ld.d	$t1, $t0, EI_IRQS
	addi.d	$t1, $t1, 1
	st.d	$t1, $t0, EI_IRQS
	li.w	$t1, 1
	csrwr	$t1, CSR_TICLR
.Lret:
	csrrd	$t0, CSR_SAVE0
	csrrd	$t1, CSR_SAVE0 + 1
	ertn
.Lunexpected:
	csrrd	$a0, CSR_ESTAT
	bstrpick.d	$a0, $a0, 21, 16
	ori	$a0, $a0, 0x80
	b	exit_a0

	.data
	.p2align 3
	.globl	testdev
testdev:
	.quad	0x100f0000
	.globl	exc_info
exc_info:
	.space	64

	.bss
	.p2align 4
	.space	16384
stack_top:
