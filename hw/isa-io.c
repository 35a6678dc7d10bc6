/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An empty legacy I/O port window (see lkvm/isa-io.h). Distribution
 * kernels probe the PC legacy ports unconditionally (the i8042 PS/2
 * driver is built in); without the window those accesses fault.
 */
#include <string.h>
#include <libfdt.h>
#include "lkvm/device.h"
#include "lkvm/isa-io.h"
#include "lkvm/kvm.h"

void isa_io__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		  bool is_write, void *opaque)
{
	(void)vcpu;
	(void)offset;
	(void)opaque;
	if (!is_write)
		memset(data, 0xff, len);
}

/*
 * The window as an "isa" bus, which the kernel's arch_reserve_pio_range()
 * maps at the start of PCI_IOBASE: a child address is (flags, port) with
 * flags bit 0 meaning I/O space.
 */
static int isa_io__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	const struct dev_desc *d = opaque;
	fdt32_t ranges[] = {
		cpu_to_fdt32(1), cpu_to_fdt32(0),		/* I/O port 0 */
		cpu_to_fdt32((u32)(d->base >> 32)), cpu_to_fdt32((u32)d->base),
		cpu_to_fdt32((u32)d->size),
	};
	char path[64];
	int node, err;

	(void)kvm;
	fdt__dev_path(path, sizeof(path), "isa", d);
	node = fdt_add_subnode(fdt, 0, path + 1);
	err = node < 0 ? node : fdt_setprop_string(fdt, node, "compatible", "isa");
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#address-cells", 2);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#size-cells", 1);
	if (!err)
		err = fdt_setprop(fdt, node, "ranges", ranges, sizeof(ranges));
	return err ? fdt__fail("the ISA I/O window", err) : 0;
}

int isa_io__init(struct kvm *kvm, const struct dev_desc *d)
{
	return dev__register_mmio(kvm, d, "ISA I/O window", "isa-io", isa_io__mmio, NULL, isa_io__fdt);
}
