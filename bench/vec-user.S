/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make bench's SIMD workload, a static user program for sk-diff-harness
 * and qemu-loongarch64 11: glibc-style loops over a 32 KiB buffer,
 * an LSX strlen (16 bytes a step: vld, vsetanyeqz.b, then vseqi.b and
 * vmsknz.b to find the NUL) and a LASX copy-while-scanning loop (xvld,
 * xvseq.b, xvmsknz.b, xvst). Exits with the strlen of the last pass
 * (low 8 bits), so both runs can be checked to agree.
 */
#define BUF	32768
#define PASSES	VEC_PASSES

	.text
	.globl	_start
_start:
	/* Fill src with bytes 1..255 (no NUL) and put a NUL at the end. */
	la.local	$a0, src
	li.w		$t0, 0
	li.w		$t1, BUF - 1
1:	andi		$t2, $t0, 0xff
	bnez		$t2, 2f
	ori		$t2, $zero, 1
2:	stx.b		$t2, $a0, $t0
	addi.w		$t0, $t0, 1
	blt		$t0, $t1, 1b
	stx.b		$zero, $a0, $t1

	li.w		$s0, PASSES
pass:
	/* LSX strlen. */
	la.local	$a0, src
	move		$a1, $a0
3:	vld		$vr0, $a1, 0
	vsetanyeqz.b	$fcc0, $vr0
	bcnez		$fcc0, 4f
	addi.d		$a1, $a1, 16
	b		3b
4:	vseqi.b		$vr1, $vr0, 0
	vmsknz.b	$vr1, $vr1
	vpickve2gr.hu	$t0, $vr1, 0
	ctz.w		$t0, $t0
	add.d		$a1, $a1, $t0
	sub.d		$s1, $a1, $a0

	/* LASX copy src to dst, summing the masks of the bytes equal to 0x40. */
	la.local	$a0, src
	la.local	$a2, dst
	li.w		$t3, BUF / 32
	xvrepli.b	$xr2, 0x40
	li.w		$s2, 0
5:	xvld		$xr0, $a0, 0
	xvseq.b		$xr1, $xr0, $xr2
	xvmsknz.b	$xr1, $xr1
	xvpickve2gr.wu	$t0, $xr1, 0
	xvpickve2gr.wu	$t1, $xr1, 4
	add.d		$s2, $s2, $t0
	add.d		$s2, $s2, $t1
	xvst		$xr0, $a2, 0
	addi.d		$a0, $a0, 32
	addi.d		$a2, $a2, 32
	addi.w		$t3, $t3, -1
	bnez		$t3, 5b

	addi.w		$s0, $s0, -1
	bnez		$s0, pass

	andi		$a0, $s1, 0xff
	li.w		$a7, 93
	syscall		0

	.bss
	.p2align 5
src:	.space	BUF
dst:	.space	BUF
