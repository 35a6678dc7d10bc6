/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * With the kernel's IPI, lkvm never sees the boot IPI a secondary vCPU
 * waits for, so secondaries start in a few instructions of guest code
 * instead: enable the IPI line (CRMD.IE stays 0, so idle wakes without
 * taking it), sleep until IPI STATUS is set, clear it, and jump to mailbox
 * 0 if the sender filled it. Linux and the bare-metal tests write the
 * mailbox before the boot IPI, so a set STATUS means a complete address.
 * The vCPU leaves with the registers it had, ECFG as at reset, DA mode.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "arch/irqchip.h"
#include "arch/memmap.h"
#include "arch/smp-stub.h"

enum { R_ZERO = 0, R_T0 = 12, R_T1 = 13, R_T2 = 14 };

#define CSR_ECFG_NR	0x4
#define ECFG_LIE_IPI	(1u << 12)

/* LoongArch base instruction formats (LoongArch Reference Manual vol. 1). */
static u32 op_2r(u32 op, u32 rd, u32 rj)
{
	return op | rj << 5 | rd;
}

static u32 op_2ri12(u32 op, u32 rd, u32 rj, u32 imm)
{
	return op | (imm & 0xfff) << 10 | rj << 5 | rd;
}

static u32 lu12i_w(u32 rd, u32 si20)
{
	return 0x14000000u | (si20 & 0xfffff) << 5 | rd;
}

static u32 csrxchg(u32 rd, u32 rj, u32 csr)
{
	return 0x04000000u | csr << 10 | rj << 5 | rd;
}

/* beqz rj, to: offsets in instructions, 21 bits split 16 + 5. */
static u32 beqz(u32 rj, int from, int to)
{
	u32 offs = (u32)(to - from) & 0x1fffff;

	return 0x40000000u | (offs & 0xffff) << 10 | rj << 5 | offs >> 16;
}

#define ADDI_W(rd, rj, si)	op_2ri12(0x02800000u, rd, rj, (u32)(si))
#define ORI(rd, rj, ui)		op_2ri12(0x03800000u, rd, rj, ui)
#define IOCSRRD_W(rd, rj)	op_2r(0x06480800u, rd, rj)
#define IOCSRRD_D(rd, rj)	op_2r(0x06480c00u, rd, rj)
#define IOCSRWR_W(rd, rj)	op_2r(0x06481800u, rd, rj)
#define IDLE0			0x06488000u
#define JIRL(rd, rj)		op_2r(0x4c000000u, rd, rj)

size_t la_smp_stub__build(u32 *code, size_t max)
{
	u32 ipi = (u32)LA_IOCSR_IPI_BASE;
	u32 c[LA_SMP_STUB_MAX];
	int n = 0, wait;

	c[n++] = lu12i_w(R_T1, ECFG_LIE_IPI >> 12);
	c[n++] = csrxchg(R_T1, R_T1, CSR_ECFG_NR);	/* ECFG.LIE |= IPI */
	c[n++] = lu12i_w(R_T1, ipi >> 12);		/* t1 = IPI block */
	c[n++] = ADDI_W(R_T0, R_ZERO, -1);
	c[n++] = ORI(R_T2, R_T1, LA_IPI_EN);
	c[n++] = IOCSRWR_W(R_T0, R_T2);			/* EN = all vectors */
	wait = n;
	c[n++] = IDLE0;
	c[n++] = IOCSRRD_W(R_T0, R_T1);			/* STATUS */
	c[n] = beqz(R_T0, n, wait);
	n++;
	c[n++] = ORI(R_T2, R_T1, LA_IPI_CLEAR);
	c[n++] = IOCSRWR_W(R_T0, R_T2);			/* clear what was seen */
	c[n++] = ORI(R_T2, R_T1, LA_IPI_BUF);
	c[n++] = IOCSRRD_D(R_T0, R_T2);			/* mailbox 0 */
	c[n] = beqz(R_T0, n, wait);
	n++;
	c[n++] = lu12i_w(R_T1, ECFG_LIE_IPI >> 12);
	c[n++] = csrxchg(R_ZERO, R_T1, CSR_ECFG_NR);	/* ECFG.LIE &= ~IPI */
	c[n++] = JIRL(R_ZERO, R_T0);
	if ((size_t)n > max)
		return 0;
	memcpy(code, c, (size_t)n * sizeof(u32));
	return (size_t)n;
}

int la_smp_stub__install(struct kvm *kvm)
{
	u32 code[LA_SMP_STUB_MAX];
	size_t n = la_smp_stub__build(code, LA_SMP_STUB_MAX), i;
	u8 *dst = kvm__gpa_to_hva(kvm, LA_BOOT_SECONDARY_STUB, sizeof(code));

	if (!dst || !n) {
		pr_err("no guest RAM at 0x%llx for the secondary vCPUs' start code",
		       (unsigned long long)LA_BOOT_SECONDARY_STUB);
		return -EINVAL;
	}
	for (i = 0; i < n; i++)
		put_le32(dst + 4 * i, code[i]);
	return 0;
}
