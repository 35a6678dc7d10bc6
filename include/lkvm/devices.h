/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_DEVICES_H
#define LKVM_DEVICES_H

struct kvm;

/* Create every device the configuration asks for (after kvm__arch_init). */
int devices__init(struct kvm *kvm);
void devices__exit(struct kvm *kvm);

#endif
