/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_DEVICES_H
#define LKVM_DEVICES_H

struct kvm;

/* Create every device the configuration asks for (after kvm__arch_init). */
int devices__init(struct kvm *kvm);
/*
 * Stop every device thread (disk I/O threads): after this no device
 * raises an interrupt or touches a vCPU. Idempotent; devices__exit frees.
 */
void devices__stop(struct kvm *kvm);
void devices__exit(struct kvm *kvm);

#endif
