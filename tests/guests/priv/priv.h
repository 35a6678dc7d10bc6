/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared definitions for the bare-metal privileged-architecture test
 * guests (tests/guests/priv/, run by tests/e2e/priv.sh through
 * "lkvm run -k"). Each guest's main returns its exit code in $a0 (0 =
 * pass); crt.S writes it to the lkvm test device, which ends the run.
 */
#define CSR_CRMD	0x0
#define CSR_PRMD	0x1
#define CSR_EUEN	0x2
#define CSR_ECFG	0x4
#define CSR_ESTAT	0x5
#define CSR_ERA		0x6
#define CSR_BADV	0x7
#define CSR_BADI	0x8
#define CSR_EENTRY	0xc
#define CSR_TLBIDX	0x10
#define CSR_TLBEHI	0x11
#define CSR_TLBELO0	0x12
#define CSR_TLBELO1	0x13
#define CSR_ASID	0x18
#define CSR_PGDL	0x19
#define CSR_PGDH	0x1a
#define CSR_PGD		0x1b
#define CSR_PWCTL0	0x1c
#define CSR_PWCTL1	0x1d
#define CSR_STLBPS	0x1e
#define CSR_SAVE0	0x30
#define CSR_TCFG	0x41
#define CSR_TVAL	0x42
#define CSR_TICLR	0x44
#define CSR_TLBRENTRY	0x88
#define CSR_TLBRSAVE	0x8b
#define CSR_DMW0	0x180
#define CSR_DMW1	0x181

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
