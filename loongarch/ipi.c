/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-core IPI block at IOCSR 0x1000-0x115f. Registers below 0x40
 * belong to the accessing vCPU; IPI_SEND, MAIL_SEND and ANY_SEND act on
 * the vCPU named in the written value.
 *
 * EN: stored and readable, but not consulted. Irq 12 is raised whenever
 * STATUS is non-zero, as the in-kernel IPI of Linux 6.13+ does (QEMU gates
 * on STATUS & EN instead). Linux writes EN = ~0 on every CPU before it can
 * receive an IPI, so it behaves the same under both rules, and a guest
 * tested here also works with the in-kernel model.
 *
 * Secondary start-up: a vCPU other than 0 does not run until the guest
 * boots it. An IPI sent to such a vCPU while its mailbox 0 holds a
 * non-zero address starts it there (la_cpu__release) and, like QEMU's
 * boot stub which acknowledges everything before jumping, consumes STATUS.
 * This holds KVM_RUN back instead of parking the vCPU in guest code, so
 * it needs no wake-up from `idle` and works the same on real KVM.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"

#define SEND_CPU(v)		(((v) >> 16) & 0x3ff)
#define SEND_VECTOR(v)		((v) & 0x1f)
#define SEND_KEEP(v)		(((v) >> 27) & 0xf)
#define SEND_WORD(v)		((v) & 0x1c)
#define ANY_SEND_ADDR(v)	((v) & 0xffff)

static u32 expand_bytes(u32 bytemask)
{
	u32 m = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (bytemask & (1u << i))
			m |= 0xffu << (8 * i);
	return m;
}

static u32 merge32(u32 old, u32 val, u32 bytemask)
{
	u32 m = expand_bytes(bytemask);

	return (old & ~m) | (val & m);
}

void la_ipi__reset(struct la_irqchip *chip)
{
	unsigned int i;

	memset(chip->ipi, 0, sizeof(*chip->ipi) * chip->nr_cpus);
	for (i = 0; i < chip->nr_cpus; i++)
		chip->ipi[i].booted = i == 0;
}

static void ipi_update(struct la_irqchip *chip, unsigned int cpu)
{
	struct la_ipi_core *c = &chip->ipi[cpu];

	if (c->status && !c->asserted) {
		c->asserted = true;
		la_irqchip__inject(chip, cpu, LA_INT_IPI);
	} else if (!c->status && c->asserted) {
		c->asserted = false;
		la_irqchip__inject(chip, cpu, -LA_INT_IPI);
	}
}

/* A parked vCPU with a start address in mailbox 0: let it run. */
static bool ipi_try_boot(struct la_irqchip *chip, unsigned int cpu)
{
	struct la_ipi_core *c = &chip->ipi[cpu];
	int r;

	if (c->booted || !c->buf[0] || !chip->boot_cpu)
		return false;
	r = chip->boot_cpu(chip->kvm, cpu, c->buf[0]);
	if (r && r != -EALREADY)
		return false;
	c->booted = true;
	c->status = 0;
	ipi_update(chip, cpu);
	return true;
}

static void ipi_raise(struct la_irqchip *chip, unsigned int cpu, u32 bits)
{
	if (!bits)
		return;
	chip->ipi[cpu].status |= bits;
	if (ipi_try_boot(chip, cpu))
		return;
	ipi_update(chip, cpu);
}

static void ipi_send(struct la_irqchip *chip, u32 val)
{
	unsigned int cpu = SEND_CPU(val);

	if (cpu >= chip->nr_cpus) {
		pr_debug_ratelimited("IPI_SEND to missing CPU %u ignored", cpu);
		return;
	}
	ipi_raise(chip, cpu, 1u << SEND_VECTOR(val));
}

static void mail_send(struct la_irqchip *chip, u64 val)
{
	unsigned int cpu = SEND_CPU(val);

	if (cpu >= chip->nr_cpus) {
		pr_debug_ratelimited("MAIL_SEND to missing CPU %u ignored", cpu);
		return;
	}
	la_ipi__write32(chip, cpu, LA_IPI_BUF + SEND_WORD(val), (u32)(val >> 32),
			~SEND_KEEP(val) & 0xf);
}

/* A 32-bit write to an IOCSR register of another CPU (IPI or EXTIOI). */
static void any_send(struct la_irqchip *chip, u64 val)
{
	unsigned int cpu = SEND_CPU(val);
	u64 addr = ANY_SEND_ADDR(val);
	u32 data = (u32)(val >> 32), mask = ~SEND_KEEP(val) & 0xf;

	if (cpu >= chip->nr_cpus || (addr & 3)) {
		pr_debug_ratelimited("ANY_SEND 0x%llx ignored", (unsigned long long)val);
		return;
	}
	if (addr >= LA_IOCSR_IPI_BASE && addr < LA_IOCSR_IPI_BASE + LA_IOCSR_IPI_SIZE)
		la_ipi__write32(chip, cpu, addr - LA_IOCSR_IPI_BASE, data, mask);
	else if (addr >= LA_IOCSR_EXTIOI_BASE &&
		 addr < LA_IOCSR_EXTIOI_BASE + LA_IOCSR_EXTIOI_SIZE)
		la_extioi__write32(chip, cpu, addr - LA_IOCSR_EXTIOI_BASE, data, mask);
	else
		pr_debug_ratelimited("ANY_SEND to IOCSR 0x%llx ignored", (unsigned long long)addr);
}

u32 la_ipi__read32(struct la_irqchip *chip, unsigned int cpu, u64 off)
{
	struct la_ipi_core *c = &chip->ipi[cpu];

	switch (off) {
	case LA_IPI_STATUS:
		return c->status;
	case LA_IPI_EN:
		return c->en;
	case LA_IPI_BUF ... LA_IPI_BUF + 0x1c: {
		u64 b = c->buf[(off - LA_IPI_BUF) / 8];

		return (off & 4) ? (u32)(b >> 32) : (u32)b;
	}
	default:
		return 0;	/* SET, CLEAR and the send registers read as 0 */
	}
}

/* Register writes of the IPI block; MAIL_SEND/ANY_SEND need 64 bits. */
void la_ipi__write32(struct la_irqchip *chip, unsigned int cpu, u64 off, u32 val,
		     u32 bytemask)
{
	struct la_ipi_core *c = &chip->ipi[cpu];

	val &= expand_bytes(bytemask);
	switch (off) {
	case LA_IPI_EN:
		c->en = merge32(c->en, val, bytemask);
		break;
	case LA_IPI_SET:
		ipi_raise(chip, cpu, val);
		break;
	case LA_IPI_CLEAR:
		c->status &= ~val;
		ipi_update(chip, cpu);
		break;
	case LA_IPI_BUF ... LA_IPI_BUF + 0x1c: {
		u64 *b = &c->buf[(off - LA_IPI_BUF) / 8];
		unsigned int sh = (off & 4) ? 32 : 0;
		u32 w = merge32((u32)(*b >> sh), val, bytemask);

		*b = (*b & ~(0xffffffffULL << sh)) | ((u64)w << sh);
		break;
	}
	case LA_IPI_SEND:
		ipi_send(chip, val);
		break;
	default:
		break;		/* STATUS is read-only */
	}
}

void la_ipi__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		    bool is_write, void *opaque)
{
	struct la_irqchip *chip = opaque;
	unsigned int cpu;

	if (!len || len > 8 || offset >= LA_IOCSR_IPI_SIZE || len > LA_IOCSR_IPI_SIZE - offset) {
		if (!is_write)
			memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	cpu = la_irqchip__cpu_of(chip, vcpu);
	if (is_write && (offset == LA_IPI_MAIL_SEND || offset == LA_IPI_ANY_SEND)) {
		u64 val = get_le(data, len);

		if (offset == LA_IPI_MAIL_SEND)
			mail_send(chip, val);
		else
			any_send(chip, val);
	} else {
		la_irqchip__words(chip, cpu, offset, data, len, is_write,
				  la_ipi__read32, la_ipi__write32);
	}
	pthread_mutex_unlock(&chip->lock);
}
