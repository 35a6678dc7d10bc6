/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An empty legacy I/O port window (see lkvm/isa-io.h). Distribution
 * kernels probe the PC legacy ports unconditionally (the i8042 PS/2
 * driver is built in); without the window those accesses fault.
 */
#include <string.h>
#include "lkvm/isa-io.h"
#include "lkvm/kvm.h"
#include "arch/memmap.h"

void isa_io__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		  bool is_write, void *opaque)
{
	(void)vcpu;
	(void)offset;
	(void)opaque;
	if (!is_write)
		memset(data, 0xff, len);
}

int isa_io__init(struct kvm *kvm)
{
	int err;

	err = io_space__register(&kvm->mmio, LA_ISA_IO_BASE, LA_ISA_IO_SIZE,
				 isa_io__mmio, NULL, "isa-io");
	if (err)
		pr_err("cannot register the ISA I/O window at 0x%llx: %s",
		       (unsigned long long)LA_ISA_IO_BASE, strerror(-err));
	return err;
}
