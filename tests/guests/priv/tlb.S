/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Paged mode as Linux runs it: DMW0/DMW1 windows for code and MMIO, a
 * three-level page table (4 KiB pages, PWCTL0 PT 12/9, Dir1 21/9, Dir2
 * 30/9) walked by a TLBRENTRY handler with lddir/ldpte/tlbfill, and the
 * page-fault exceptions each PTE bit produces (LoongArch Vol1 5.4, 7.4):
 *   VA 0x40000000 + n * 4 KiB -> pte[n]:
 *     0,1  RW pages (one TLB entry pair: one refill serves both)
 *     2    V=0: PIL, PIS, PIF      4  D=0: PME on store, loads work
 *     6    PLV0: PPI from PLV3     8  NR: PNR      10  NX: PNX
 *   VA 0x80000000: a 2 MiB huge page (PMD level) at PA 0x400000.
 * Plus tlbsrch/tlbrd/invtlb and ADEM for a non-canonical address.
 * SAVE7 counts refills. Fail codes: 10*case + check.
 */
#include "priv.h"

#define PTE_V		(1 << 0)
#define PTE_D		(1 << 1)
#define PTE_PLV3	(3 << 2)
#define PTE_CC		(1 << 4)
#define PTE_HUGE	(1 << 6)
#define PTE_NR		(1 << 61)
#define PTE_NX		(1 << 62)
#define RW		(PTE_V | PTE_D | PTE_CC)
#define VA0		0x40000000
#define HUGE_PA		0x400000

/* pte[n] = PA of pages + off | flags */
.macro SETPTE n, off, flags
	la.local	$t0, pages + \off
	li.d	$t1, \flags
	or	$t0, $t0, $t1
	la.local	$t1, pte
	st.d	$t0, $t1, \n * 8
.endm

.macro REFILLS reg
	csrrd	\reg, CSR_SAVE0 + 7
.endm

	.text
	.globl	main
main:
	move	$s8, $ra
	/* page tables, written with physical addresses (DA) */
	la.local	$t0, pmd
	la.local	$t1, pgd
	st.d	$t0, $t1, 1 * 8			/* pgd[1] -> pmd (VA 0x40000000) */
	la.local	$t0, pte
	la.local	$t1, pmd
	st.d	$t0, $t1, 0			/* pmd[0] -> pte */
	SETPTE	0, 0, RW
	SETPTE	1, 0x1000, RW
	SETPTE	2, 0x2000, PTE_D | PTE_CC
	SETPTE	3, 0x2000, PTE_D | PTE_CC
	SETPTE	4, 0x2000, PTE_V | PTE_CC
	SETPTE	6, 0x2000, RW
	SETPTE	7, 0x2000, RW
	SETPTE	8, 0x2000, RW | PTE_NR
	SETPTE	9, 0x2000, RW
	SETPTE	10, 0x2000, RW | PTE_NX
	SETPTE	11, 0x2000, RW
	la.local	$t0, pmd2
	la.local	$t1, pgd
	st.d	$t0, $t1, 2 * 8			/* pgd[2] -> pmd2 (VA 0x80000000) */
	li.d	$t0, HUGE_PA | RW | PTE_HUGE
	la.local	$t1, pmd2
	st.d	$t0, $t1, 0
	/* known data behind the pages */
	la.local	$t1, pages
	li.d	$t0, 0xa0a0a0a0a0a0a0a0
	st.d	$t0, $t1, 0
	li.d	$t0, 0xb1b1b1b1b1b1b1b1
	la.local	$t1, pages + 0x1000
	st.d	$t0, $t1, 16
	li.d	$t1, HUGE_PA + 0x1234 * 8
	li.d	$t0, 0xc2c2c2c2c2c2c2c2
	st.d	$t0, $t1, 0

	/* MMU configuration */
	li.d	$t0, 0x9000000000000019		/* DMW0: VSEG 9, PLV0|PLV3, MAT CC */
	csrwr	$t0, CSR_DMW0
	li.d	$t0, 0x8000000000000001		/* DMW1: VSEG 8, PLV0, MAT SUC */
	csrwr	$t0, CSR_DMW1
	li.w	$t0, 12 | (9 << 5) | (21 << 10) | (9 << 15) | (30 << 20) | (9 << 25)
	csrwr	$t0, CSR_PWCTL0
	csrwr	$zero, CSR_PWCTL1
	li.w	$t0, 12
	csrwr	$t0, CSR_STLBPS
	li.w	$t0, 12
	csrwr	$t0, 0x8e			/* TLBREHI.PS */
	la.local	$t0, tlbr_entry
	csrwr	$t0, CSR_TLBRENTRY
	la.local	$t0, pgd
	csrwr	$t0, CSR_PGDL
	csrwr	$zero, CSR_ASID
	csrwr	$zero, CSR_SAVE0 + 7
	invtlb	0, $zero, $zero

	/* move to the DMW0 alias, then turn paging on */
	li.d	$t1, 0x9000000000000000
	la.local	$t0, 1f
	or	$t0, $t0, $t1
	jirl	$zero, $t0, 0
1:	or	$sp, $sp, $t1
	or	$s8, $s8, $t1
	la.local	$t0, exc_entry
	csrwr	$t0, CSR_EENTRY
	la.local	$t0, testdev
	li.d	$t2, 0x80000000100f0000
	st.d	$t2, $t0, 0
	li.w	$t0, 0x10
	li.w	$t2, 0x18
	csrxchg	$t0, $t2, CSR_CRMD		/* DA=0, PG=1 */

	/* 1: first touch refills, data is the physical page's */
	li.d	$s0, VA0
	ld.d	$t3, $s0, 0
	CHECK_EQ	$t3, 0xa0a0a0a0a0a0a0a0, 11
	REFILLS	$t3
	CHECK_EQ	$t3, 1, 12
	li.d	$t0, 0x1234
	st.d	$t0, $s0, 8
	la.local	$t1, pages
	ld.d	$t3, $t1, 8			/* through DMW0 */
	CHECK_EQ	$t3, 0x1234, 13
	/* the odd page came with the same refill */
	li.d	$t0, VA0 + 0x1000
	ld.d	$t3, $t0, 16
	CHECK_EQ	$t3, 0xb1b1b1b1b1b1b1b1, 14
	REFILLS	$t3
	CHECK_EQ	$t3, 1, 15

	/* 2: invalid page: PIL (refill first), PIS, PIF */
	li.d	$s1, VA0 + 0x2000
	EXPECT	1f
	ld.w	$t3, $s1, 4
	b	fail_noexc
1:	CHECK_ECODE	0x1, 21
	addi.d	$t3, $s1, 4
	CHECK_EI	EI_BADV, $t3, 22
	REFILLS	$t3
	CHECK_EQ	$t3, 2, 23
	EXPECT	1f
	st.b	$zero, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x2, 24
	EXPECT	1f
	jirl	$zero, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x3, 25
	CHECK_EI	EI_ERA, $s1, 26
	REFILLS	$t3
	CHECK_EQ	$t3, 2, 27

	/* 3: clean page: loads fine, a store is PME */
	li.d	$s1, VA0 + 0x4000
	ld.d	$t3, $s1, 0
	EXPECT	1f
	st.d	$zero, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x4, 31
	CHECK_EI	EI_BADV, $s1, 32

	/* 4: PLV0 page touched from PLV3 -> PPI */
	li.d	$s1, VA0 + 0x6000
	la.local	$t0, 2f
	csrwr	$t0, CSR_ERA
	li.w	$t0, 3
	csrwr	$t0, CSR_PRMD
	EXPECT	1f
	ertn
2:	ld.d	$t3, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x7, 41

	/* 5: NR -> PNR on load; NX -> PNX on fetch */
	li.d	$s1, VA0 + 0x8000
	EXPECT	1f
	ld.d	$t3, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x5, 51
	li.d	$s1, VA0 + 0xa000
	EXPECT	1f
	jirl	$zero, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x6, 52

	/* 6: non-canonical address -> ADEM */
	li.d	$s1, 0x0001000000000000
	EXPECT	1f
	ld.d	$t3, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x48, 61

	/* 7: tlbsrch finds VA0's entry, tlbrd reads it back, invtlb drops it */
	li.d	$t0, VA0
	csrwr	$t0, CSR_TLBEHI
	tlbsrch
	csrrd	$t3, CSR_TLBIDX
	srli.d	$t3, $t3, 31
	CHECK_EQ	$t3, 0, 71			/* NE = 0 */
	tlbrd
	csrrd	$t3, CSR_TLBELO0
	la.local	$t0, pte
	ld.d	$t0, $t0, 0
	li.w	$a0, 72
	bne	$t3, $t0, exit_a0
	csrrd	$t3, CSR_TLBEHI
	CHECK_EQ	$t3, VA0, 73
	invtlb	0, $zero, $zero
	tlbsrch
	csrrd	$t3, CSR_TLBIDX
	srli.d	$t3, $t3, 31
	CHECK_EQ	$t3, 1, 74
	REFILLS	$s2
	li.d	$s0, VA0
	ld.d	$t3, $s0, 8
	CHECK_EQ	$t3, 0x1234, 75
	REFILLS	$t3
	addi.d	$s2, $s2, 1
	li.w	$a0, 76
	bne	$t3, $s2, exit_a0

	/* 8: the huge page */
	li.d	$s1, 0x80000000 + 0x1234 * 8
	ld.d	$t3, $s1, 0
	CHECK_EQ	$t3, 0xc2c2c2c2c2c2c2c2, 81
	li.d	$s1, 0x80000000 + 0x1ff000		/* the other half of the pair */
	li.w	$t0, 99
	st.d	$t0, $s1, 0
	li.d	$t1, 0x9000000000000000 + HUGE_PA + 0x1ff000
	ld.d	$t3, $t1, 0
	CHECK_EQ	$t3, 99, 82

	li.w	$a0, 0
	jr	$s8

fail_noexc:
	li.w	$a0, 1
	b	exit_a0

	/* TLB refill, as Linux's handle_tlb_refill for three levels */
	.p2align 12
tlbr_entry:
	csrwr	$t0, CSR_TLBRSAVE
	csrrd	$t0, CSR_PGD
	lddir	$t0, $t0, 2
	lddir	$t0, $t0, 1
	ldpte	$t0, 0
	ldpte	$t0, 1
	tlbfill
	csrrd	$t0, CSR_SAVE0 + 7
	addi.d	$t0, $t0, 1
	csrwr	$t0, CSR_SAVE0 + 7
	csrrd	$t0, CSR_TLBRSAVE
	ertn

	.bss
	.p2align 12
pgd:	.space	4096
pmd:	.space	4096
pmd2:	.space	4096
pte:	.space	4096
pages:	.space	3 * 4096
