/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every device shares: the FDT generator registry the board's FDT
 * builder runs, one way to name and fill a device node, and one way to
 * put the device on the MMIO bus.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include "lkvm/device.h"
#include "lkvm/kvm.h"

int fdt_gen__register(struct kvm *kvm, fdt_gen_fn fn, void *opaque)
{
	if (kvm->nr_fdt_gens == KVM_MAX_FDT_GENS)
		return -ENOSPC;
	kvm->fdt_gens[kvm->nr_fdt_gens++] = (struct fdt_gen){ fn, opaque };
	return 0;
}

int fdt_gen__run_all(struct kvm *kvm, void *fdt)
{
	for (int i = 0; i < kvm->nr_fdt_gens; i++) {
		int err = kvm->fdt_gens[i].fn(kvm, fdt, kvm->fdt_gens[i].opaque);

		if (err)
			return err;
	}
	return 0;
}

void fdt__dev_path(char *buf, size_t len, const char *name, const struct dev_desc *d)
{
	snprintf(buf, len, "/%s@%llx", name, (unsigned long long)d->base);
}

int fdt__add_dev_node(void *fdt, const char *name, const char *compatible,
		      const struct dev_desc *d)
{
	char path[64];
	int node, err = 0;

	fdt__dev_path(path, sizeof(path), name, d);
	node = fdt_add_subnode(fdt, 0, path + 1);
	if (node < 0)
		return node;
	if (compatible)
		err = fdt_setprop_string(fdt, node, "compatible", compatible);
	if (!err)
		err = fdt_appendprop_u64(fdt, node, "reg", d->base);
	if (!err)
		err = fdt_appendprop_u64(fdt, node, "reg", d->size);
	if (!err && d->fdt_irq_cells) {
		err = fdt_setprop_u32(fdt, node, "interrupt-parent", d->fdt_irq_parent);
		for (unsigned int i = 0; !err && i < d->fdt_irq_cells; i++)
			err = fdt_appendprop_u32(fdt, node, "interrupts", d->fdt_irq[i]);
	}
	if (!err && d->phandle)
		err = fdt_setprop_u32(fdt, node, "phandle", d->phandle);
	return err ? err : node;
}

int fdt__fail(const char *what, int fdt_err)
{
	pr_err("cannot add %s to the device tree: %s", what, fdt_strerror(fdt_err));
	return fdt_err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

int dev__register_mmio(struct kvm *kvm, const struct dev_desc *d, const char *what,
		       const char *name, io_handler_fn fn, void *opaque, fdt_gen_fn fdt)
{
	int err = fdt ? fdt_gen__register(kvm, fdt, (void *)d) : 0;

	if (!err)
		err = io_space__register(&kvm->mmio, d->base, d->size, fn, opaque, name);
	if (err)
		pr_err("cannot register the %s at 0x%llx: %s", what,
		       (unsigned long long)d->base, strerror(-err));
	return err;
}
