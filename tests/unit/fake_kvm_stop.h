/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_FAKE_KVM_STOP_H
#define TESTS_FAKE_KVM_STOP_H

struct kvm;

/* How often kvm__request_stop() was called (the fake in fake_kvm_stop.c). */
extern int fake_kvm_stop_calls;
/* Run every registered FDT generator on fdt, in order; first error. */
int fake_kvm_run_fdt_gens(struct kvm *kvm, void *fdt);

#endif
