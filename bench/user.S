/* SPDX-License-Identifier: GPL-2.0-only */
/* User-mode entry for the benchmark under qemu-loongarch64: run, exit(0). */
	.text
	.globl	_start
_start:
	la.local	$sp, stack_top
	li.w	$a0, BENCH_ITERS
	bl	bench_run
	li.w	$a0, 0
	li.w	$a7, 93
	syscall	0

	.bss
	.p2align 4
	.space	16384
stack_top:
