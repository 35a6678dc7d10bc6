/* SPDX-License-Identifier: GPL-2.0-only */
/* A recording KVM_INTERRUPT backend for interrupt-controller tests. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/uapi-compat.h"
#include "irqchip_fake.h"

#define FAKE_VCPU_FD	200

struct irqf irqf;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	struct kvm_interrupt *in = arg;
	int irq;

	if (fd < FAKE_VCPU_FD || fd >= FAKE_VCPU_FD + IRQF_MAX_CPUS || req != KVM_INTERRUPT) {
		errno = ENOTTY;
		return -1;
	}
	/* The 6.12 kernel's rule: 0 and |irq| >= 15 are invalid. */
	irq = (int)in->irq;
	if (irq == 0 || irq >= 15 || irq <= -15) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&log_lock);
	if (irqf.nr_log < IRQF_LOG) {
		irqf.log[irqf.nr_log].cpu = (unsigned int)(fd - FAKE_VCPU_FD);
		irqf.log[irqf.nr_log].irq = irq;
		irqf.nr_log++;
	}
	pthread_mutex_unlock(&log_lock);
	return 0;
}

static int fake_open(const char *p, int f)
{
	(void)p;
	(void)f;
	return 3;
}

static int fake_close(int fd)
{
	(void)fd;
	return 0;
}

static const struct kvm_backend irqf_backend = {
	.name = "irq-fake",
	.open = fake_open,
	.ioctl = fake_ioctl,
	.close = fake_close,
};

static int fake_boot(struct kvm *kvm, unsigned int cpu, u64 pc)
{
	(void)kvm;
	if (irqf.nr_boots < IRQF_MAX_CPUS) {
		irqf.boots[irqf.nr_boots].cpu = cpu;
		irqf.boots[irqf.nr_boots].pc = pc;
		irqf.nr_boots++;
	}
	return 0;
}

void irqf_setup(unsigned int n, bool virt)
{
	struct kvm *kvm = &irqf.kvm;
	unsigned int i;

	memset(&irqf, 0, sizeof(irqf));
	kvm->be = &irqf_backend;
	kvm->cfg.nr_cpus = n;
	kvm->nr_cpus = n;
	kvm->arch.model.virt_extioi = virt;
	io_space__init(&kvm->mmio, "mmio");
	io_space__init(&kvm->arch.iocsr, "iocsr");
	for (i = 0; i < n; i++) {
		irqf.cpus[i].kvm = kvm;
		irqf.cpus[i].id = i;
		irqf.cpus[i].fd = FAKE_VCPU_FD + (int)i;
		irqf.cpus[i].arch.cpuid = i;
		irqf.cpu_ptrs[i] = &irqf.cpus[i];
	}
	kvm->cpus = irqf.cpu_ptrs;
	if (la_irqchip__init(kvm, fake_boot, false))
		abort();
}

void irqf_teardown(void)
{
	la_irqchip__exit(&irqf.kvm);
	io_space__exit(&irqf.kvm.mmio);
	io_space__exit(&irqf.kvm.arch.iocsr);
}

void irqf_clear_log(void)
{
	irqf.nr_log = 0;
}

int irqf_line(unsigned int cpu, int irq)
{
	int level = 0;
	unsigned int i;

	for (i = 0; i < irqf.nr_log; i++) {
		if (irqf.log[i].cpu != cpu)
			continue;
		if (irqf.log[i].irq == irq)
			level = 1;
		else if (irqf.log[i].irq == -irq)
			level = 0;
	}
	return level;
}

unsigned int irqf_count(unsigned int cpu, int irq)
{
	unsigned int i, n = 0;

	for (i = 0; i < irqf.nr_log; i++)
		if (irqf.log[i].cpu == cpu && irqf.log[i].irq == irq)
			n++;
	return n;
}

u64 iocsr_rd(unsigned int cpu, u64 addr, u32 len)
{
	u8 d[8] = { 0 };

	io_space__access(&irqf.kvm.arch.iocsr, &irqf.cpus[cpu], addr, d, len, false);
	return get_le(d, len);
}

void iocsr_wr(unsigned int cpu, u64 addr, u32 len, u64 val)
{
	u8 d[8] = { 0 };

	put_le(d, len, val);
	io_space__access(&irqf.kvm.arch.iocsr, &irqf.cpus[cpu], addr, d, len, true);
}

u64 mmio_rd(u64 addr, u32 len)
{
	u8 d[8] = { 0 };

	io_space__access(&irqf.kvm.mmio, &irqf.cpus[0], addr, d, len, false);
	return get_le(d, len);
}

void mmio_wr(u64 addr, u32 len, u64 val)
{
	u8 d[8] = { 0 };

	put_le(d, len, val);
	io_space__access(&irqf.kvm.mmio, &irqf.cpus[0], addr, d, len, true);
}

void irqf_linux_eiointc(void)
{
	unsigned int i;

	irqf.kvm.arch.misc_func |= 1ULL << 48;		/* IOCSR_MISC_FUNC_EXT_IOI_EN */
	for (i = 0; i < 2; i++)				/* IPMAP: BIT(1) = IP1 */
		iocsr_wr(0, 0x14c0 + i * 4, 4, 0x02020202);
	for (i = 0; i < 64; i++)			/* ROUTE: BIT(0) = core 0 */
		iocsr_wr(0, 0x1c00 + i * 4, 4, 0x01010101);
	for (i = 0; i < 8; i++) {
		iocsr_wr(0, 0x1600 + i * 4, 4, 0xffffffff);
		iocsr_wr(0, 0x1680 + i * 4, 4, 0xffffffff);
	}
}
