/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_IRQCHIP_FAKE_H
#define TESTS_IRQCHIP_FAKE_H

/*
 * A VM for interrupt-controller tests: n vCPUs on a fake backend that only
 * records KVM_INTERRUPT calls (which vCPU, +/-irq), plus a recorder for
 * secondary start-ups. Register accesses go through kvm->arch.iocsr/kvm->mmio
 * as the vCPU exit path sends them.
 */
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"

#define IRQF_MAX_CPUS	8
#define IRQF_LOG	4096

struct irqf_event {
	unsigned int cpu;
	int irq;
};

struct irqf_boot {
	unsigned int cpu;
	u64 pc;
};

struct irqf {
	struct kvm kvm;
	struct kvm_cpu cpus[IRQF_MAX_CPUS];
	struct kvm_cpu *cpu_ptrs[IRQF_MAX_CPUS];
	struct irqf_event log[IRQF_LOG];
	unsigned int nr_log;
	struct irqf_boot boots[IRQF_MAX_CPUS];
	unsigned int nr_boots;
};

extern struct irqf irqf;

/* Fresh VM with n vCPUs; virt: offer KVM_FEATURE_VIRT_EXTIOI. */
void irqf_setup(unsigned int n, bool virt);
void irqf_teardown(void);
void irqf_clear_log(void);

/* Level of CPU line irq on cpu, replayed from the KVM_INTERRUPT log. */
int irqf_line(unsigned int cpu, int irq);
/* Number of KVM_INTERRUPT calls matching (cpu, irq). */
unsigned int irqf_count(unsigned int cpu, int irq);

u64 iocsr_rd(unsigned int cpu, u64 addr, u32 len);
void iocsr_wr(unsigned int cpu, u64 addr, u32 len, u64 val);
u64 mmio_rd(u64 addr, u32 len);
void mmio_wr(u64 addr, u32 len, u64 val);

/* The 6.12 eiointc set-up: EXT_IOI_EN, IPMAP all HWI1, route CPU 0, all enabled. */
void irqf_linux_eiointc(void);

#endif
