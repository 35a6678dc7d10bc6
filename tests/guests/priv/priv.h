/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared definitions for the bare-metal privileged-architecture test
 * guests (tests/guests/priv/, run by tests/e2e/priv.sh through
 * "lkvm run -k"). Each guest's main returns its exit code in $a0 (0 =
 * pass); crt.S writes it to the lkvm test device, which ends the run.
 */
#include "../../../include/abi/lkvm/la-csr.h"
/* exc_info layout (crt.S): what the last exception left behind */
#define EI_ESTAT	0
#define EI_ERA		8
#define EI_BADV		16
#define EI_BADI		24
#define EI_COUNT	32
#define EI_RESUME	40	/* where the handler resumes (0: unexpected) */
#define EI_IRQS		48	/* timer interrupts taken */
#define EI_REFILLS	56	/* TLB refills (tlb.S handler) */

/* Expect an exception next; the handler continues at label. */
.macro EXPECT label
	la.local	$t0, \label
	la.local	$t1, exc_info
	st.d	$t0, $t1, EI_RESUME
.endm

/* Fail with code unless exc_info's Ecode+EsubCode (ESTAT[30:16]) == ecode. */
.macro CHECK_ECODE ecode, code
	la.local	$t1, exc_info
	ld.d	$t0, $t1, EI_ESTAT
	bstrpick.d	$t0, $t0, 30, 16
	li.w	$t2, \ecode
	beq	$t0, $t2, .Lok\@
	li.w	$a0, \code
	b	exit_a0
.Lok\@:
.endm

/* Fail with code unless exc_info field off == register reg. */
.macro CHECK_EI off, reg, code
	la.local	$t1, exc_info
	ld.d	$t0, $t1, \off
	beq	$t0, \reg, .Lok\@
	li.w	$a0, \code
	b	exit_a0
.Lok\@:
.endm

/* Fail with code unless reg == imm (64-bit immediate). */
.macro CHECK_EQ reg, imm, code
	li.d	$t2, \imm
	beq	\reg, $t2, .Lok\@
	li.w	$a0, \code
	b	exit_a0
.Lok\@:
.endm
