/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_DEVICE_H
#define LKVM_DEVICE_H

#include "lkvm/io.h"
#include "lkvm/util.h"

/*
 * Where the board put a device: its MMIO window, its interrupt line and
 * how the device tree names that interrupt. The board (loongarch/board.c)
 * fills one per device; devices in hw/ and virtio/ only read it, so they
 * know no address, pin or phandle of their own.
 */
struct dev_desc {
	u64 base;
	u64 size;
	int irq;			/* line for irq__line_*(), or DEV_NO_IRQ */
	u32 fdt_irq_parent;		/* phandle of the interrupt controller */
	u32 fdt_irq[2];			/* its "interrupts" cells */
	unsigned int fdt_irq_cells;	/* 0: no "interrupts" property */
	bool irq_edge;			/* edge-triggered: a pulse per event */
	u32 phandle;			/* the node's own, where others refer to it; 0: none */
};

#define DEV_NO_IRQ	(-1)

struct kvm;

/*
 * Device-tree generators: devices register one while they are set up, and
 * the board's FDT builder runs them all in order of registration.
 */
typedef int (*fdt_gen_fn)(struct kvm *kvm, void *fdt, void *opaque);
int fdt_gen__register(struct kvm *kvm, fdt_gen_fn fn, void *opaque);
int fdt_gen__run_all(struct kvm *kvm, void *fdt);

/*
 * Add "/NAME@BASE" under the root for d, with "compatible" (NULL: none),
 * "reg", the interrupt properties and the phandle d asks for. Returns the
 * node offset or a negative libfdt error.
 */
int fdt__add_dev_node(void *fdt, const char *name, const char *compatible,
		      const struct dev_desc *d);
/* The path "/NAME@BASE" of that node, for /chosen/stdout-path and alike. */
void fdt__dev_path(char *buf, size_t len, const char *name, const struct dev_desc *d);
/*
 * A device's MMIO window at d (handler fn, opaque, named name on the bus)
 * and its FDT generator (fdt may be NULL), with one error line naming
 * what on failure. Returns 0 or -errno.
 */
int dev__register_mmio(struct kvm *kvm, const struct dev_desc *d, const char *what,
		       const char *name, io_handler_fn fn, void *opaque, fdt_gen_fn fdt);

/* libfdt error to -errno for callers, after printing what could not be added. */
int fdt__fail(const char *what, int fdt_err);

#endif
