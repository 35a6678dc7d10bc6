/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The smallest guest: its first instruction sequence writes S5 to the
 * ACPI GED sleep-control register, which both lkvm and QEMU's virt board
 * take as power-off. Timing it measures a VMM's start-up and exit.
 */
	.text
	.globl	_start
_start:
	li.d	$t0, 0x100e001c
	li.w	$t1, 0x34		/* SLP_EN | SLP_TYP(S5) */
	st.b	$t1, $t0, 0
1:	b	1b
