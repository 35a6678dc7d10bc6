/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unaligned accesses that cross a virtual page boundary in paged mode
 * (softkvm advertises UAL). VA0 and VA0 + 4 KiB map to physical pages
 * that are NOT adjacent (A = pages, B = pages + 8 KiB; the page between
 * holds a poison pattern), VA0 + 8 KiB is invalid. A crossing load must
 * see A's tail then B's head, a crossing store must land in A and B, and
 * one crossing into the invalid page must fault there (TLB refill for
 * that page, then PIL/PIS with BADV = its first address) without writing
 * the bytes of the valid page. Page tables and refill as in tlb.S.
 * Fail codes: 10*case + check.
 */
#include "priv.h"

#define PTE_V		(1 << 0)
#define PTE_D		(1 << 1)
#define PTE_PLV3	(3 << 2)
#define PTE_CC		(1 << 4)
#define RW		(PTE_V | PTE_D | PTE_CC)
#define VA0		0x40000000
#define DMW0_BASE	0x9000000000000000

	.text
	.globl	main
main:
	move	$s8, $ra
	/* page tables (physical addresses, DA) */
	la.local	$t0, pmd
	la.local	$t1, pgd
	st.d	$t0, $t1, 1 * 8			/* pgd[1] -> pmd (VA 0x40000000) */
	la.local	$t0, pte
	la.local	$t1, pmd
	st.d	$t0, $t1, 0			/* pmd[0] -> pte */
	la.local	$t1, pte
	la.local	$t0, pages			/* pte[0]: VA0 -> A */
	ori	$t0, $t0, RW
	st.d	$t0, $t1, 0
	la.local	$t0, pages + 0x2000		/* pte[1]: VA0 + 4K -> B */
	ori	$t0, $t0, RW
	st.d	$t0, $t1, 8
	/* pte[2], pte[3] stay 0: VA0 + 8K is invalid */

	/* A's tail, the poison page, B's head and tail */
	la.local	$t1, pages + 0x1000
	li.d	$t0, 0xa7a6a5a4a3a2a1a0
	st.d	$t0, $t1, -8
	li.d	$t0, 0xeeeeeeeeeeeeeeee
	la.local	$t1, pages + 0x1000
	st.d	$t0, $t1, 0
	la.local	$t1, pages + 0x2000
	li.d	$t0, 0xb7b6b5b4b3b2b1b0
	st.d	$t0, $t1, 0
	li.d	$t0, 0xbfbebdbcbbbab9b8
	la.local	$t1, pages + 0x3000
	st.d	$t0, $t1, -8

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

	/* run from the DMW0 alias, then turn paging on */
	li.d	$t1, DMW0_BASE
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

	/* 1: crossing loads read A's tail, then B's head (not the poison) */
	li.d	$s0, VA0 + 0x1000		/* the boundary */
	ld.d	$t3, $s0, -4
	CHECK_EQ	$t3, 0xb3b2b1b0a7a6a5a4, 11
	ld.w	$t3, $s0, -2
	CHECK_EQ	$t3, 0xffffffffb1b0a7a6, 12
	ld.hu	$t3, $s0, -1
	CHECK_EQ	$t3, 0xb0a7, 13
	li.d	$t0, -5
	ldx.d	$t3, $s0, $t0
	CHECK_EQ	$t3, 0xb2b1b0a7a6a5a4a3, 14

	/* 2: a crossing store writes A's tail and B's head */
	li.d	$t0, 0x1122334455667788
	st.d	$t0, $s0, -3
	la.local	$t1, pages + 0x1000		/* check through DMW0 */
	ld.d	$t3, $t1, -8
	CHECK_EQ	$t3, 0x667788a4a3a2a1a0, 21
	la.local	$t1, pages + 0x2000
	ld.d	$t3, $t1, 0
	CHECK_EQ	$t3, 0xb7b6b51122334455, 22
	la.local	$t1, pages + 0x1000
	ld.d	$t3, $t1, 0
	CHECK_EQ	$t3, 0xeeeeeeeeeeeeeeee, 23
	ld.d	$t3, $s0, -3			/* and reads back the same */
	CHECK_EQ	$t3, 0x1122334455667788, 24

	/* 3: a store from B into the invalid page: refill, then PIS there */
	li.d	$s1, VA0 + 0x1ffe
	li.d	$t0, 0x0102030405060708
	EXPECT	1f
	st.w	$t0, $s1, 0
	b	fail_noexc
1:	CHECK_ECODE	0x2, 31
	li.d	$t3, VA0 + 0x2000
	CHECK_EI	EI_BADV, $t3, 32
	la.local	$t1, pages + 0x3000
	ld.d	$t3, $t1, -8			/* B's tail untouched */
	CHECK_EQ	$t3, 0xbfbebdbcbbbab9b8, 33
	csrrd	$t3, CSR_SAVE0 + 7
	beqz	$t3, .Lnorefill			/* the refill ran for VA0 + 8K */
	/* 4: a load the same way: PIL at the invalid page, register kept */
	li.d	$t3, 0x55
	EXPECT	1f
	ld.h	$t3, $s1, 1
	b	fail_noexc
1:	CHECK_ECODE	0x1, 41
	li.d	$t4, VA0 + 0x2000
	CHECK_EI	EI_BADV, $t4, 42
	CHECK_EQ	$t3, 0x55, 43

	li.w	$a0, 0
	jr	$s8

.Lnorefill:
	li.w	$a0, 34
	b	exit_a0
fail_noexc:
	li.w	$a0, 1
	b	exit_a0

	/* TLB refill for three levels; SAVE7 counts refills of VA0 + 8K */
	.p2align 12
tlbr_entry:
	csrwr	$t0, CSR_TLBRSAVE
	csrrd	$t0, CSR_PGD
	lddir	$t0, $t0, 2
	lddir	$t0, $t0, 1
	ldpte	$t0, 0
	ldpte	$t0, 1
	tlbfill
	csrwr	$t1, CSR_SAVE0 + 6
	csrrd	$t0, 0x89			/* TLBRBADV */
	srli.d	$t0, $t0, 13
	li.d	$t1, (VA0 + 0x2000) >> 13
	bne	$t0, $t1, 1f
	csrrd	$t0, CSR_SAVE0 + 7
	addi.d	$t0, $t0, 1
	csrwr	$t0, CSR_SAVE0 + 7
1:	csrrd	$t1, CSR_SAVE0 + 6
	csrrd	$t0, CSR_TLBRSAVE
	ertn

	.bss
	.p2align 12
pgd:	.space	4096
pmd:	.space	4096
pte:	.space	4096
pages:	.space	3 * 4096
