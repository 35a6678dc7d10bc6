/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ISA_IO_H
#define LKVM_ISA_IO_H

#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * The legacy (ISA) I/O port window: a LoongArch kernel maps port N at
 * LA_ISA_IO_BASE + N, from the FDT "isa" node. No legacy device sits
 * behind it, so what drivers probe there (i8042, ...) finds nothing: reads
 * return all-ones, as an empty ISA bus does, and writes are dropped.
 */
struct dev_desc;

/* The window at d, and its "isa" FDT node (d: the board's). */
int isa_io__init(struct kvm *kvm, const struct dev_desc *d);
/* MMIO handler; silent by design: a probing guest must not flood logs. */
void isa_io__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		  bool is_write, void *opaque);

#endif
