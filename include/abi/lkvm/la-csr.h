/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_LA_CSR_H
#define LKVM_LA_CSR_H

/*
 * LoongArch CSR numbers (LoongArch Reference Manual, vol. 1, ch. 7): one
 * list for softkvm's CPU, lkvm's ONE_REG code and the bare-metal test
 * guests (plain #defines, so assembly can include it too).
 */
#define CSR_CRMD	0x0
#define CSR_PRMD	0x1
#define CSR_EUEN	0x2
#define CSR_MISC	0x3
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
#define CSR_RVACFG	0x1f
#define CSR_CPUID	0x20
#define CSR_PRCFG1	0x21
#define CSR_PRCFG2	0x22
#define CSR_PRCFG3	0x23
#define CSR_SAVE0	0x30
#define CSR_TMID	0x40
#define CSR_TCFG	0x41
#define CSR_TVAL	0x42
#define CSR_CNTC	0x43
#define CSR_TICLR	0x44
#define CSR_LLBCTL	0x60
#define CSR_IMPCTL1	0x80
#define CSR_IMPCTL2	0x81
#define CSR_TLBRENTRY	0x88
#define CSR_TLBRBADV	0x89
#define CSR_TLBRERA	0x8a
#define CSR_TLBRSAVE	0x8b
#define CSR_TLBRELO0	0x8c
#define CSR_TLBRELO1	0x8d
#define CSR_TLBREHI	0x8e
#define CSR_TLBRPRMD	0x8f
#define CSR_DMW0	0x180
#define CSR_DMW1	0x181

#endif
