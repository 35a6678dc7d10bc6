/* SPDX-License-Identifier: GPL-2.0-only */
/* Count CPUs and RAM in an FDT, the way a kernel's early setup would. */
#include "fdt.h"
#include "string.h"

static bool name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	/* "base" alone or "base@unit-address". */
	return !memcmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

/* A cell-encoded number of 1 or 2 cells (more cells: the low 64 bits). */
static u64 read_cells(const u8 *p, u32 cells)
{
	u64 v = 0;

	while (cells--) {
		v = (v << 32) | fdt_be32(p);
		p += 4;
	}
	return v;
}

int fdt_summarize(const void *blob, u32 max_size, struct fdt_summary *s)
{
	struct fdt_walker w;
	struct fdt_token t;
	/* Spec defaults when the root has no #address-cells/#size-cells. */
	u32 addr_cells = 2, size_cells = 1;
	bool in_cpus = false, in_mem = false, in_chosen = false;
	int ret;

	s->nr_cpus = 0;
	s->mem_bytes = 0;
	s->nr_mem_ranges = 0;
	s->bootargs = NULL;
	s->bootargs_len = 0;

	ret = fdt_walk_init(&w, blob, max_size);
	if (ret)
		return ret;

	for (;;) {
		ret = fdt_walk_next(&w, &t);
		if (ret)
			return ret;
		switch (t.ev) {
		case FDT_EV_END:
			return FDT_OK;
		case FDT_EV_BEGIN_NODE:
			if (t.depth == 2) {
				in_cpus = !strcmp(t.name, "cpus");
				in_mem = name_is(t.name, "memory");
				in_chosen = !strcmp(t.name, "chosen");
			} else if (t.depth == 3 && in_cpus && name_is(t.name, "cpu")) {
				s->nr_cpus++;
			}
			break;
		case FDT_EV_END_NODE:
			if (t.depth == 2)
				in_cpus = in_mem = in_chosen = false;
			break;
		case FDT_EV_PROP:
			if (t.depth == 1 && t.len == 4) {
				/* Root properties precede all subnodes in an FDT. */
				if (!strcmp(t.name, "#address-cells"))
					addr_cells = fdt_be32(t.value);
				else if (!strcmp(t.name, "#size-cells"))
					size_cells = fdt_be32(t.value);
			} else if (t.depth == 2 && in_mem && !strcmp(t.name, "reg")) {
				u32 entry = (addr_cells + size_cells) * 4;
				u32 off;

				if (!size_cells || addr_cells > 4 || size_cells > 4)
					return FDT_E_STRUCT;
				for (off = 0; off + entry <= t.len; off += entry) {
					s->mem_bytes += read_cells(t.value + off + addr_cells * 4,
								   size_cells);
					s->nr_mem_ranges++;
				}
			} else if (t.depth == 2 && in_chosen && !strcmp(t.name, "bootargs")) {
				s->bootargs = (const char *)t.value;
				s->bootargs_len = t.len;
			}
			break;
		}
	}
}
