/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_KVM_CPU_ARCH_H
#define LKVM_ARCH_KVM_CPU_ARCH_H

#include "lkvm/util.h"

struct kvm_cpu_arch {
	u32 cpuid;		/* CSR.CPUID (physical id) */
	/* Secondary start-up, under kvm->arch.cpu_lock (loongarch/cpu.c). */
	bool released;		/* la_cpu__release() was called */
	bool running;		/* past the parking wait */
	u64 release_pc;
	u64 boot_pc;		/* PC written for the boot vCPU */
};

struct kvm;

/*
 * Let parked secondary vCPU id start at physical address pc (the guest
 * booted it through the IPI mailbox). -ENOENT for no such vCPU, -EALREADY
 * if it already runs. Safe from any vCPU thread.
 */
int la_cpu__release(struct kvm *kvm, unsigned int id, u64 pc);

#endif
