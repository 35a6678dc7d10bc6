/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Power-off and reboot: three byte registers (values from QEMU's virt
 * board and the ACPI sleep-control register layout). Writing SLEEP_CTL
 * with SLP_EN and SLP_TYP = S5 powers off; writing 0x42 to RESET reboots.
 * The FDT describes them as a syscon with syscon-poweroff/-reboot users.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "lkvm/ged.h"
#include "lkvm/device.h"
#include "lkvm/kvm.h"

void ged__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
	       bool is_write, void *opaque)
{
	struct kvm *kvm = opaque;
	u8 val = data[0];

	(void)vcpu;
	/*
	 * Nothing to read back: sleep states other than S5 are not
	 * implemented, so no status ever latches (QEMU also reads zero).
	 */
	if (!is_write) {
		memset(data, 0, len);
		return;
	}

	/* Wider writes act on their first byte, like the byte-wide bus. */
	switch (offset) {
	case GED_SLEEP_CTL:
		if ((val & GED_SLP_EN) &&
		    ((val >> GED_SLP_TYP_SHIFT) & GED_SLP_TYP_MASK) == GED_SLP_TYP_S5)
			kvm__request_stop(kvm, STOP_POWEROFF, 0);
		break;
	case GED_RESET:
		if (val == GED_RESET_VALUE)
			kvm__request_stop(kvm, STOP_REBOOT, 0);
		break;
	}
}

static int ged__fdt_user(void *fdt, const char *name, const char *compat,
			 u32 regmap, u32 offset, u32 value)
{
	int node = fdt_add_subnode(fdt, 0, name);
	int err;

	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", compat);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "regmap", regmap);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "offset", offset);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "value", value);
	return err;
}

/* The syscon and its two users: all three nodes are this device's. */
static int ged__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	const struct dev_desc *d = opaque;
	int node, err;

	(void)kvm;
	node = fdt__add_dev_node(fdt, "ged", "syscon", d);
	err = node < 0 ? node : 0;
	if (!err)
		err = fdt_setprop_u32(fdt, node, "reg-shift", 0);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "reg-io-width", 1);
	if (!err)
		err = ged__fdt_user(fdt, "reboot", "syscon-reboot", d->phandle,
				    GED_RESET, GED_RESET_VALUE);
	if (!err)
		err = ged__fdt_user(fdt, "poweroff", "syscon-poweroff", d->phandle,
				    GED_SLEEP_CTL, GED_SLP_EN | GED_SLP_TYP_S5 << GED_SLP_TYP_SHIFT);
	return err ? fdt__fail("the power-off registers", err) : 0;
}

int ged__init(struct kvm *kvm, const struct dev_desc *d)
{
	return dev__register_mmio(kvm, d, "power-off registers", "ged", ged__mmio, kvm, ged__fdt);
}
