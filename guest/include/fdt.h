/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include "types.h"

/*
 * A minimal read-only flattened device tree walker. Everything read from
 * the blob is bounds-checked against the header, so a corrupt tree gives
 * an error instead of a wild access.
 */

#define FDT_MAGIC		0xd00dfeedU
#define FDT_HDR_SIZE		40
#define FDT_MAX_DEPTH		32

enum fdt_ev {
	FDT_EV_BEGIN_NODE,	/* name, depth (root is depth 1, name "") */
	FDT_EV_PROP,		/* name, value, len, depth of its node */
	FDT_EV_END_NODE,	/* depth of the node being closed */
	FDT_EV_END,		/* the end of the tree */
};

struct fdt_token {
	enum fdt_ev ev;
	const char *name;
	const u8 *value;
	u32 len;
	int depth;
};

struct fdt_walker {
	const u8 *blob;
	const u8 *strs;
	u32 strs_size;
	u32 pos, end;		/* offsets of the struct block in the blob */
	int depth;
};

enum {
	FDT_OK = 0,
	FDT_E_MAGIC = -1,	/* not an FDT */
	FDT_E_HEADER = -2,	/* blocks outside the blob or bad version */
	FDT_E_STRUCT = -3,	/* malformed structure block */
};

u32 fdt_be32(const u8 *p);
u64 fdt_be64(const u8 *p);

/* Check the header; max_size bounds totalsize (0: no bound). */
int fdt_walk_init(struct fdt_walker *w, const void *blob, u32 max_size);
/* Next token; FDT_OK or an error. After FDT_EV_END it keeps returning it. */
int fdt_walk_next(struct fdt_walker *w, struct fdt_token *t);

/* What the default guest reports. */
struct fdt_summary {
	u32 nr_cpus;		/* /cpus/cpu@* nodes */
	u64 mem_bytes;		/* sum of /memory* reg sizes */
	u32 nr_mem_ranges;
	const char *bootargs;	/* /chosen/bootargs or NULL */
	u32 bootargs_len;
};

int fdt_summarize(const void *blob, u32 max_size, struct fdt_summary *s);

#endif
