/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bare-metal entry for the benchmark under lkvm (CRMD.DA=1, loaded at
 * 0x200000): run the kernel, then report exit code 0 through the lkvm
 * test device.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	la.local	$sp, stack_top
	li.w	$a0, BENCH_ITERS
	bl	bench_run
	li.d	$t0, 0x100f0000
	st.w	$zero, $t0, 0
1:	b	1b

	.bss
	.p2align 4
	.space	16384
stack_top:
