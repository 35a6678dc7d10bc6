/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_KVM_ARCH_H
#define LKVM_ARCH_KVM_ARCH_H

#include <pthread.h>
#include "lkvm/io.h"
#include "lkvm/util.h"

#define LA_CPUCFG_WORDS		21

/* What the guest gets: CPUCFG words and VM-wide PV feature word. */
struct la_cpu_model {
	u32 cpucfg[LA_CPUCFG_WORDS];
	u64 pv_features;		/* CPUCFG_KVM_FEATURE word */
	bool virt_extioi;
};

struct la_irqchip;

struct kvm_arch {
	struct la_cpu_model model;
	u64 vm_features;		/* bit n: KVM_HAS_DEVICE_ATTR(VM_FEAT_CTRL, n) == 0 */
	u64 entry;			/* boot CPU PC (physical) */
	u64 kernel_start, kernel_end;	/* physical range of the loaded image */
	u64 initrd_start, initrd_size;
	void *fdt;			/* built FDT blob (host copy) */
	size_t fdt_size;
	u64 misc_func;			/* IOCSR MISC_FUNC register */
	struct la_irqchip *irqchip;	/* IPI, EXTIOI, PCH-PIC, PCH-MSI (loongarch/irq.c) */

	/* The IOCSR address space, and the unclaimed addresses reported. */
	struct io_space iocsr;
#define LA_IOCSR_WARN_SLOTS	64
	pthread_mutex_t iocsr_warn_lock;
	u64 iocsr_warned[LA_IOCSR_WARN_SLOTS];
	unsigned int iocsr_nr_warned;

	/* vCPU set-up (loongarch/cpu.c, features.c) */
	u64 feat_on, feat_off;		/* --cpu-features: bit = enum la_feature */
	bool model_ready;		/* model built from the first vCPU's masks */
	bool cpu_sync_ready;		/* cpu_lock/cpu_cond initialised */
	pthread_mutex_t cpu_lock;
	pthread_cond_t cpu_cond;	/* parked secondary vCPUs wait here */
};

#endif
