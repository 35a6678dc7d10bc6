/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvpanic: the guest kernel's panic notifier writes PANICKED here, and
 * lkvm stops with a clear message and PVPANIC_EXIT_STATUS, instead of
 * following the guest's panic reboot (or hang) as if nothing happened.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/pvpanic.h"
#include "arch/memmap.h"

void pvpanic__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		   bool is_write, void *opaque)
{
	struct kvm *kvm = opaque;
	u8 val;

	(void)vcpu;
	if (!is_write) {
		memset(data, 0, len);
		if (offset == 0)
			data[0] = PVPANIC_EVENTS;
		return;
	}
	if (offset != 0 || !len)
		return;
	/* Wider writes act on their first byte, as on the byte-wide bus. */
	val = data[0];
	if (val & PVPANIC_PANICKED) {
		if (!kvm__stopping(kvm))
			pr_err("guest kernel panicked (pvpanic); stopping the VM");
		kvm__request_stop(kvm, STOP_ERROR, PVPANIC_EXIT_STATUS);
	} else if (val & PVPANIC_CRASH_LOADED) {
		/* The guest goes on in its crash kernel: only say so. */
		pr_info_ratelimited("guest kernel panicked; its crash kernel takes over");
	}
}

static int pvpanic__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	int node, err;

	(void)kvm;
	(void)opaque;
	node = fdt_add_subnode(fdt, 0, "pvpanic@100f0100");
	err = node < 0 ? node : 0;
	if (!err)
		err = fdt_setprop_string(fdt, node, "compatible", "qemu,pvpanic-mmio");
	if (!err)
		err = fdt_appendprop_u64(fdt, node, "reg", LA_PVPANIC_BASE);
	if (!err)
		err = fdt_appendprop_u64(fdt, node, "reg", LA_PVPANIC_SIZE);
	if (err) {
		pr_err("cannot add the pvpanic device to the device tree: %s",
		       fdt_strerror(err));
		return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	}
	return 0;
}

int pvpanic__init(struct kvm *kvm)
{
	int err;

	err = kvm__register_fdt(kvm, pvpanic__fdt, NULL);
	if (!err)
		err = io_space__register(&kvm->mmio, LA_PVPANIC_BASE, LA_PVPANIC_SIZE,
					 pvpanic__mmio, kvm, "pvpanic");
	if (err)
		pr_err("cannot register the pvpanic device at 0x%llx: %s",
		       (unsigned long long)LA_PVPANIC_BASE, strerror(-err));
	return err;
}
