/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_KVM_CPU_ARCH_H
#define LKVM_ARCH_KVM_CPU_ARCH_H

#include "lkvm/util.h"

struct kvm_cpu_arch {
	u32 cpuid;		/* CSR.CPUID (physical id) */
};

#endif
