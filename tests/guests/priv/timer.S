/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The constant timer: a one-shot interrupt wakes the CPU from idle, then
 * periodic mode delivers interrupts until disabled, after which none
 * arrive (LoongArch Vol1 7.6: TCFG.En/Periodic/InitVal, TVAL, TICLR).
 */
#include "priv.h"

	.text
	.globl	main
main:
	la.local	$s8, exc_info
	li.w	$t0, 1 << 11			/* ECFG.LIE: TI only */
	csrwr	$t0, CSR_ECFG
	/* one-shot, 1 ms at 100 MHz; idle until it fires */
	li.w	$t0, 100000 | 1
	csrwr	$t0, CSR_TCFG
	li.w	$t0, 4
	csrxchg	$t0, $t0, CSR_CRMD		/* IE = 1 */
	idle	0
	ld.d	$t3, $s8, EI_IRQS
	CHECK_EQ	$t3, 1, 11
	/* TI was cleared by the handler */
	csrrd	$t3, CSR_ESTAT
	andi	$t3, $t3, 1 << 11
	CHECK_EQ	$t3, 0, 12
	/* a one-shot timer stays quiet: wait 3 ms of counter */
	rdtime.d	$s0, $zero
	li.w	$t0, 300000
	add.d	$s0, $s0, $t0
1:	rdtime.d	$t1, $zero
	blt	$t1, $s0, 1b
	ld.d	$t3, $s8, EI_IRQS
	CHECK_EQ	$t3, 1, 13

	/* periodic, 0.5 ms: five more interrupts, each waking an idle */
	li.w	$t0, 50000 | 3
	csrwr	$t0, CSR_TCFG
2:	idle	0
	ld.d	$t3, $s8, EI_IRQS
	li.w	$t0, 6
	blt	$t3, $t0, 2b
	/* TVAL counts down below the period */
	csrrd	$t3, CSR_TVAL
	li.w	$t0, 50001
	li.w	$a0, 21
	bgeu	$t3, $t0, exit_a0
	/* disabled: no more interrupts */
	csrwr	$zero, CSR_TCFG
	ld.d	$s1, $s8, EI_IRQS
	rdtime.d	$s0, $zero
	li.w	$t0, 300000
	add.d	$s0, $s0, $t0
1:	rdtime.d	$t1, $zero
	blt	$t1, $s0, 1b
	ld.d	$t3, $s8, EI_IRQS
	li.w	$a0, 22
	bne	$t3, $s1, exit_a0

	li.w	$t0, 4
	csrxchg	$zero, $t0, CSR_CRMD		/* IE = 0 */
	li.w	$a0, 0
	jr	$ra
