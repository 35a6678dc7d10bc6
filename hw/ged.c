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
#include "lkvm/kvm.h"
#include "arch/memmap.h"

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

static int ged__fdt_node(void *fdt, const char *name, const char *compat)
{
	int node = fdt_add_subnode(fdt, 0, name);
	int err;

	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", compat);
	return err ? err : node;
}

/*
 * The syscon nodes belong to the FDT core (loongarch/fdt.c); they are
 * added here only if it did not, so the guest can always power off.
 */
static int ged__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	int node, err = 0;

	(void)kvm;
	(void)opaque;
	if (fdt_path_offset(fdt, "/ged@100e001c") < 0) {
		node = ged__fdt_node(fdt, "ged@100e001c", "syscon");
		err = node < 0 ? node : 0;
		if (!err)
			err = fdt_appendprop_u64(fdt, node, "reg", LA_GED_REG_BASE);
		if (!err)
			err = fdt_appendprop_u64(fdt, node, "reg", LA_GED_REG_SIZE);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "reg-shift", 0);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "reg-io-width", 1);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_GED);
	}
	if (!err && fdt_path_offset(fdt, "/poweroff") < 0) {
		node = ged__fdt_node(fdt, "poweroff", "syscon-poweroff");
		err = node < 0 ? node : 0;
		if (!err)
			err = fdt_setprop_u32(fdt, node, "regmap", LA_PHANDLE_GED);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "offset", GED_SLEEP_CTL);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "value",
					      GED_SLP_EN | GED_SLP_TYP_S5 << GED_SLP_TYP_SHIFT);
	}
	if (!err && fdt_path_offset(fdt, "/reboot") < 0) {
		node = ged__fdt_node(fdt, "reboot", "syscon-reboot");
		err = node < 0 ? node : 0;
		if (!err)
			err = fdt_setprop_u32(fdt, node, "regmap", LA_PHANDLE_GED);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "offset", GED_RESET);
		if (!err)
			err = fdt_setprop_u32(fdt, node, "value", GED_RESET_VALUE);
	}
	if (err) {
		pr_err("cannot add the power-off registers to the device tree: %s",
		       fdt_strerror(err));
		return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	}
	return 0;
}

int ged__init(struct kvm *kvm)
{
	int err;

	err = kvm__register_fdt(kvm, ged__fdt, NULL);
	if (!err)
		err = io_space__register(&kvm->mmio, LA_GED_REG_BASE, LA_GED_REG_SIZE,
					 ged__mmio, kvm, "ged");
	if (err)
		pr_err("cannot register the power-off registers at 0x%llx: %s",
		       (unsigned long long)LA_GED_REG_BASE, strerror(-err));
	return err;
}
