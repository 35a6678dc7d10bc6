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
#include "lkvm/device.h"
#include "lkvm/kvm.h"
#include "lkvm/pvpanic.h"

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
	int node;

	(void)kvm;
	node = fdt__add_dev_node(fdt, "pvpanic", "qemu,pvpanic-mmio", opaque);
	return node < 0 ? fdt__fail("the pvpanic device", node) : 0;
}

int pvpanic__init(struct kvm *kvm, const struct dev_desc *d)
{
	return dev__register_mmio(kvm, d, "pvpanic device", "pvpanic", pvpanic__mmio, kvm, pvpanic__fdt);
}
