/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_PVPANIC_H
#define LKVM_PVPANIC_H

#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * pvpanic-mmio where the board puts it (FDT compatible "qemu,pvpanic-mmio", the
 * device QEMU offers and Linux's pvpanic-mmio driver binds): one byte
 * register. Reading it returns the events lkvm understands; the guest
 * writes the event that happened.
 */
#define PVPANIC_PANICKED	(1u << 0)	/* kernel panicked: lkvm stops */
#define PVPANIC_CRASH_LOADED	(1u << 1)	/* panicked, kdump kernel takes over */
#define PVPANIC_EVENTS		(PVPANIC_PANICKED | PVPANIC_CRASH_LOADED)

/* lkvm's exit status after a guest kernel panic. */
#define PVPANIC_EXIT_STATUS	101

struct dev_desc;

/* pvpanic at d (d must outlive the VM: the board's). */
int pvpanic__init(struct kvm *kvm, const struct dev_desc *d);
/* MMIO handler; opaque is the struct kvm. */
void pvpanic__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		   bool is_write, void *opaque);

#endif
