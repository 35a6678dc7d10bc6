/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SK_CPU_FAKE_KERNEL_H
#define SK_CPU_FAKE_KERNEL_H

#include "../../softkvm/softkvm.h"

extern struct sk_vm fake_vm;
extern uint64_t fake_counter;	/* what sk_vm_counter returns */
extern uint64_t fake_ns;	/* what sk_host_ns returns */

void fake_vm_add_slot(int idx, uint64_t gpa, uint8_t *hva, uint64_t size, uint32_t flags);

/*
 * A fresh fake VM with ram_size bytes of RAM at 0 (calloc'd, returned),
 * and vcpu in it with run as its kvm_run, its CPU reset.
 */
uint8_t *fake_cpu_env(struct sk_vcpu *vcpu, struct kvm_run *run, size_t ram_size);

#endif
