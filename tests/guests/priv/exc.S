/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every synchronous exception a DA-mode guest can provoke, each checked
 * for its Ecode/EsubCode (LoongArch Vol1 table 7-8), ERA, BADV and BADI:
 * SYS, BRK, INE, ALE, BCE (asrtgt, ldgt), ADEF, IPE (from PLV3), FPD,
 * FPE, and ADEM for an atomic access to MMIO (which KVM cannot emulate).
 * Fail codes: 10*case + check.
 */
#include "priv.h"

	.text
	.globl	main
main:
	/* 1: syscall 0x12 -> SYS (0xb), ERA at the insn, BADI its word */
	EXPECT	1f
2:	syscall	0x12
	b	fail_noexc
1:	CHECK_ECODE	0xb, 11
	la.local	$t3, 2b
	CHECK_EI	EI_ERA, $t3, 12
	li.w	$t3, 0x002b0012
	CHECK_EI	EI_BADI, $t3, 13

	/* 2: break 5 -> BRK (0xc) */
	EXPECT	1f
	break	5
	b	fail_noexc
1:	CHECK_ECODE	0xc, 21

	/* 3: an undefined word -> INE (0xd), BADI = the word */
	EXPECT	1f
2:	.word	0xffffffff
	b	fail_noexc
1:	CHECK_ECODE	0xd, 31
	li.w	$t3, -1
	bstrpick.d	$t3, $t3, 31, 0
	CHECK_EI	EI_BADI, $t3, 32
	la.local	$t3, 2b
	CHECK_EI	EI_ERA, $t3, 33

	/* 4: ll.w at an odd address -> ALE (0x9), BADV = the address */
	la.local	$s0, data
	addi.d	$s0, $s0, 2
	EXPECT	1f
	ll.w	$t3, $s0, 0
	b	fail_noexc
1:	CHECK_ECODE	0x9, 41
	CHECK_EI	EI_BADV, $s0, 42

	/* 5: asrtgt.d 0, 0 (0 > 0 is false) -> BCE (0xa) */
	EXPECT	1f
	asrtgt.d	$zero, $zero
	b	fail_noexc
1:	CHECK_ECODE	0xa, 51
	/* ldgt.d with rj <= rk -> BCE as well */
	la.local	$s0, data
	li.d	$s1, -1
	bstrpick.d	$s1, $s1, 62, 0		/* INT64_MAX */
	EXPECT	1f
	ldgt.d	$t3, $s0, $s1
	b	fail_noexc
1:	CHECK_ECODE	0xa, 52
	/* ... and the passing bound loads normally */
	ldgt.d	$t3, $s0, $zero
	CHECK_EQ	$t3, 0x1122334455667788, 53

	/* 6: jump to a misaligned PC -> ADEF (0x8, sub 0), BADV = ERA = target */
	la.local	$s0, 2f
	addi.d	$s0, $s0, 2
	EXPECT	1f
	jirl	$zero, $s0, 0
2:	nop
	b	fail_noexc
1:	CHECK_ECODE	0x8, 61
	CHECK_EI	EI_BADV, $s0, 62
	CHECK_EI	EI_ERA, $s0, 63

	/* 7: csrrd at PLV3 -> IPE (0xe) */
	la.local	$t0, 2f
	csrwr	$t0, CSR_ERA
	li.w	$t0, 3
	csrwr	$t0, CSR_PRMD			/* PPLV = 3, PIE = 0 */
	EXPECT	1f
	ertn
2:	csrrd	$t3, CSR_CRMD
	b	fail_noexc
1:	CHECK_ECODE	0xe, 71
	csrrd	$t3, CSR_CRMD
	andi	$t3, $t3, 3
	CHECK_EQ	$t3, 0, 72		/* back at PLV0 */

	/* 8: FP with EUEN.FPE = 0 -> FPD (0xf) */
	csrwr	$zero, CSR_EUEN
	EXPECT	1f
	fadd.d	$fa0, $fa0, $fa0
	b	fail_noexc
1:	CHECK_ECODE	0xf, 81

	/* 9: enabled invalid operation -> FPE (0x12), Cause.V set */
	li.w	$t0, 1
	csrwr	$t0, CSR_EUEN
	li.w	$t0, 0x7f800000
	movgr2fr.w	$fa1, $t0
	li.w	$t0, 0x10
	movgr2fcsr	$fcsr1, $t0			/* Enables.V */
	EXPECT	1f
	fsub.s	$fa2, $fa1, $fa1
	b	fail_noexc
1:	CHECK_ECODE	0x12, 91
	movfcsr2gr	$t3, $fcsr0
	CHECK_EQ	$t3, 0x10000010, 92		/* Cause.V | Enables.V, no Flags */
	movgr2fcsr	$fcsr0, $zero

	/* 10: amswap.w on MMIO (the test device) -> ADEM (0x8, sub 1) */
	li.d	$s0, 0x100f0008
	EXPECT	1f
	amswap.w	$t3, $zero, $s0
	b	fail_noexc
1:	CHECK_ECODE	0x48, 101

	/* all exceptions counted */
	la.local	$t1, exc_info
	ld.d	$t3, $t1, EI_COUNT
	CHECK_EQ	$t3, 11, 110
	li.w	$a0, 0
	jr	$ra

fail_noexc:
	li.w	$a0, 1
	b	exit_a0

	.data
	.p2align 3
data:
	.quad	0x1122334455667788
