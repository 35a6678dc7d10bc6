/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_IO_H
#define LKVM_IO_H

#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * A device's access handler. offset is relative to the registered base;
 * data holds len (1, 2, 4 or 8) little-endian bytes: filled by the handler
 * on reads, supplied by the guest on writes. vcpu is the accessing vCPU
 * (per-CPU IOCSR registers depend on it); it may be NULL in unit tests.
 */
typedef void (*io_handler_fn)(struct kvm_cpu *vcpu, u64 offset, u8 *data,
			       u32 len, bool is_write, void *opaque);

struct io_region {
	u64 base;
	u64 len;
	io_handler_fn fn;
	void *opaque;
	const char *name;
};

/* Sorted, non-overlapping regions; registration happens before vCPUs run. */
struct io_space {
	const char *name;
	struct io_region *regions;
	int nr;
	int cap;
};

void io_space__init(struct io_space *sp, const char *name);
void io_space__exit(struct io_space *sp);
/* -EEXIST if the range overlaps one already registered, -EINVAL if empty. */
int io_space__register(struct io_space *sp, u64 base, u64 len, io_handler_fn fn,
		       void *opaque, const char *name);
const struct io_region *io_space__find(const struct io_space *sp, u64 addr, u32 len);
/*
 * Route an access to its region. Returns false if nothing claims it: reads
 * then return zeroes and writes are dropped (as on a bus with no device).
 */
bool io_space__access(const struct io_space *sp, struct kvm_cpu *vcpu, u64 addr,
		      u8 *data, u32 len, bool is_write);

#endif
