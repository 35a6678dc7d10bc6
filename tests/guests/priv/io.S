/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IOCSR and MMIO exits at every width, the cpucfg PV area and the
 * hypercalls a guest may make without VMM help:
 *  - IOCSR misc VENDOR (0x10, "Loongson") and FEATURES (0x8) with
 *    iocsrrd.{b,h,w,d}: the VMM's bytes, truncated to the width;
 *  - MMIO reads of the test device ID (0x100f0008, "lkvm" = 0x6d766b6c)
 *    with every load form; narrower-than-32-bit reads see 0, and narrow
 *    stores to EXIT are ignored (hw/testdev.c);
 *  - cpucfg 0x40000000 = "KVM\0" (0x004d564b);
 *  - hvcl 0x100 with an unknown function and hvcl 0x101 (software
 *    breakpoint) without guest debugging: a0 = -1, execution continues.
 */
#include "priv.h"

	.text
	.globl	main
main:
	li.w	$s0, 0x10
	iocsrrd.b	$t3, $s0
	CHECK_EQ	$t3, 0x4c, 11
	iocsrrd.h	$t3, $s0
	CHECK_EQ	$t3, 0x6f4c, 12
	iocsrrd.w	$t3, $s0
	CHECK_EQ	$t3, 0x6e6f6f4c, 13
	iocsrrd.d	$t3, $s0
	CHECK_EQ	$t3, 0x6e6f73676e6f6f4c, 14
	li.w	$s0, 0x17
	iocsrrd.b	$t3, $s0
	CHECK_EQ	$t3, 0x6e, 15
	li.w	$s0, 0x8
	iocsrrd.d	$t3, $s0
	CHECK_EQ	$t3, 0x81c, 16
	iocsrrd.w	$t3, $s0
	CHECK_EQ	$t3, 0x81c, 17
	iocsrrd.h	$t3, $s0
	CHECK_EQ	$t3, 0x81c, 18
	iocsrrd.b	$t3, $s0
	CHECK_EQ	$t3, 0x1c, 19
	/* only the low 32 bits of the address reach the VMM */
	li.d	$s0, 0x1234567800000010
	iocsrrd.w	$t3, $s0
	CHECK_EQ	$t3, 0x6e6f6f4c, 20

	li.d	$s0, 0x100f0008
	ld.w	$t3, $s0, 0
	CHECK_EQ	$t3, 0x6d766b6c, 21
	ld.wu	$t3, $s0, 0
	CHECK_EQ	$t3, 0x6d766b6c, 22
	ld.d	$t3, $s0, 0
	CHECK_EQ	$t3, 0x6d766b6c, 23
	ldptr.w	$t3, $s0, 0
	CHECK_EQ	$t3, 0x6d766b6c, 24
	li.w	$s1, 8
	li.d	$s2, 0x100f0000
	ldx.w	$t3, $s2, $s1
	CHECK_EQ	$t3, 0x6d766b6c, 25
	ld.w	$t3, $s0, 4
	CHECK_EQ	$t3, 1, 26			/* VER */
	li.d	$t3, -1
	ld.b	$t3, $s0, 0
	CHECK_EQ	$t3, 0, 27
	li.d	$t3, -1
	ld.hu	$t3, $s0, 0
	CHECK_EQ	$t3, 0, 28
	/* narrow stores to EXIT are not register writes: no exit */
	li.w	$t3, 77
	st.b	$t3, $s2, 0
	st.h	$t3, $s2, 0

	li.w	$s0, 0x40000000
	cpucfg	$t3, $s0
	CHECK_EQ	$t3, 0x004d564b, 31

	li.w	$a0, 0x7777
	hvcl	0x100
	CHECK_EQ	$a0, -1, 41
	li.w	$a0, 0
	hvcl	0x101
	CHECK_EQ	$a0, -1, 42

	li.w	$a0, 0
	jr	$ra
