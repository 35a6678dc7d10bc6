/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_GED_H
#define LKVM_GED_H

#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * The virt board's power-management registers (the
 * part of QEMU's ACPI GED that FDT guests use through syscon-poweroff and
 * syscon-reboot): +0 SLEEP_CTL, +1 SLEEP_STS, +2 RESET.
 */
#define GED_SLEEP_CTL		0
#define GED_SLEEP_STS		1
#define GED_RESET		2
#define GED_SLP_EN		0x20
#define GED_SLP_TYP_SHIFT	2
#define GED_SLP_TYP_MASK	0x7
#define GED_SLP_TYP_S5		5
#define GED_RESET_VALUE		0x42

struct dev_desc;

/*
 * The registers at d, and the /ged syscon (phandle d->phandle) with its
 * /poweroff and /reboot users in the device tree (d: the board's).
 */
int ged__init(struct kvm *kvm, const struct dev_desc *d);
/* MMIO handler; opaque is the struct kvm. */
void ged__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
	       bool is_write, void *opaque);

#endif
