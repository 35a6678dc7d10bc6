/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Process entry of the test init: the kernel leaves sp at argc, argv...,
 * envp..., auxv. Hand that pointer to C with a 16-byte aligned stack.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	move	$fp, $zero
	move	$ra, $zero
	move	$a0, $sp
	bstrins.d $sp, $zero, 3, 0
	bl	init_main
1:	b	1b
	.size	_start, . - _start
