/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_ONE_REG_H
#define LKVM_ARCH_ONE_REG_H

#include "lkvm/la-csr.h"
#include "lkvm/util.h"

struct kvm_cpu;

/* KVM_SET/GET_ONE_REG on vcpu: 0 or -errno. */
int la_one_reg__set(struct kvm_cpu *vcpu, u64 id, u64 val);
int la_one_reg__get(struct kvm_cpu *vcpu, u64 id, u64 *val);
/* Set CSR csr (named name in the error line it prints on failure). */
int la_csr__set(struct kvm_cpu *vcpu, const char *name, unsigned int csr, u64 val);
/* Set PC (and with boot_args the boot protocol's a0-a2) on vcpu. */
int la_cpu__set_pc(struct kvm_cpu *vcpu, u64 pc, bool boot_args);

#endif
