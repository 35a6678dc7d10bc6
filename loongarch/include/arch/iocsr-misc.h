/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_IOCSR_MISC_H
#define LKVM_ARCH_IOCSR_MISC_H

#include "lkvm/util.h"
#include "arch/memmap.h"

struct kvm;
struct kvm_cpu;

/* Values of the read-only IOCSR misc registers lkvm's machine reports. */
#define LA_IOCSR_VERSION_VAL	0x11ULL
#define LA_IOCSR_FEATURES_VAL	(LA_IOCSRF_MSI | LA_IOCSRF_EXTIOI | \
				 LA_IOCSRF_CSRIPI | LA_IOCSRF_VM)
#define LA_IOCSR_VENDOR_STR	"Loongson"
#define LA_IOCSR_CPUNAME_STR	"3A5000"

/* Register the VERSION..MISC_FUNC block (LA_IOCSR_MISC_BASE) on kvm->arch.iocsr. */
int la_iocsr_misc__init(struct kvm *kvm);

/* The block's io_handler_fn; opaque is the struct kvm. */
void la_iocsr_misc__access(struct kvm_cpu *vcpu, u64 offset, u8 *data,
			   u32 len, bool is_write, void *opaque);

#endif
