/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space dispatch shared by MMIO and IOCSR: a sorted array of
 * non-overlapping regions searched by bisection. Regions are registered
 * before any vCPU runs, so lookups need no lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/io.h"

void io_space__init(struct io_space *sp, const char *name)
{
	memset(sp, 0, sizeof(*sp));
	sp->name = name;
}

void io_space__exit(struct io_space *sp)
{
	free(sp->regions);
	sp->regions = NULL;
	sp->nr = sp->cap = 0;
}

/* Index of the first region whose end is above addr. */
static int io_space__lower_bound(const struct io_space *sp, u64 addr)
{
	int lo = 0, hi = sp->nr;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct io_region *r = &sp->regions[mid];

		if (r->base + r->len - 1 < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int io_space__register(struct io_space *sp, u64 base, u64 len, io_handler_fn fn,
		       void *opaque, const char *name)
{
	struct io_region *r;
	int i;

	if (!len || !fn || base + len - 1 < base)
		return -EINVAL;
	i = io_space__lower_bound(sp, base);
	if (i < sp->nr && sp->regions[i].base <= base + len - 1)
		return -EEXIST;
	if (sp->nr == sp->cap) {
		int cap = sp->cap ? sp->cap * 2 : 16;

		r = realloc(sp->regions, (size_t)cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		sp->regions = r;
		sp->cap = cap;
	}
	memmove(&sp->regions[i + 1], &sp->regions[i],
		(size_t)(sp->nr - i) * sizeof(*sp->regions));
	sp->regions[i] = (struct io_region){ base, len, fn, opaque, name };
	sp->nr++;
	return 0;
}

const struct io_region *io_space__find(const struct io_space *sp, u64 addr, u32 len)
{
	const struct io_region *r;
	int i;

	if (!len || addr + len - 1 < addr)
		return NULL;
	i = io_space__lower_bound(sp, addr);
	if (i >= sp->nr)
		return NULL;
	r = &sp->regions[i];
	/* The whole access must fall inside one region. */
	if (addr < r->base || addr + len - 1 > r->base + r->len - 1)
		return NULL;
	return r;
}

bool io_space__access(const struct io_space *sp, struct kvm_cpu *vcpu, u64 addr,
		      u8 *data, u32 len, bool is_write)
{
	const struct io_region *r = io_space__find(sp, addr, len);

	if (!r) {
		if (!is_write)
			memset(data, 0, len);
		return false;
	}
	r->fn(vcpu, addr - r->base, data, len, is_write, r->opaque);
	return true;
}
