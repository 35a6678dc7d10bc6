/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-only FDT walker. Layout per the devicetree specification: a 40-byte
 * big-endian header (magic, totalsize, off_dt_struct, off_dt_strings,
 * off_mem_rsvmap, version, last_comp_version, boot_cpuid_phys,
 * size_dt_strings, size_dt_struct) and a structure block of 4-byte aligned
 * tokens. All reads go byte by byte, so no alignment is assumed.
 */
#include "fdt.h"

#define TOK_BEGIN_NODE	1
#define TOK_END_NODE	2
#define TOK_PROP	3
#define TOK_NOP		4
#define TOK_END		9

u32 fdt_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

u64 fdt_be64(const u8 *p)
{
	return ((u64)fdt_be32(p) << 32) | fdt_be32(p + 4);
}

int fdt_walk_init(struct fdt_walker *w, const void *blob, u32 max_size)
{
	const u8 *b = blob;
	u32 total, off_struct, off_strs, version, size_strs, size_struct;

	if (fdt_be32(b) != FDT_MAGIC)
		return FDT_E_MAGIC;
	total = fdt_be32(b + 4);
	off_struct = fdt_be32(b + 8);
	off_strs = fdt_be32(b + 12);
	version = fdt_be32(b + 20);
	size_strs = fdt_be32(b + 32);
	size_struct = fdt_be32(b + 36);

	/* size_dt_struct exists from version 17; older trees are not expected. */
	if (version < 17 || total < FDT_HDR_SIZE)
		return FDT_E_HEADER;
	if (max_size && total > max_size)
		return FDT_E_HEADER;
	if (off_struct > total || size_struct > total - off_struct ||
	    off_strs > total || size_strs > total - off_strs ||
	    (off_struct & 3) || (size_struct & 3))
		return FDT_E_HEADER;

	w->blob = b;
	w->strs = b + off_strs;
	w->strs_size = size_strs;
	w->pos = off_struct;
	w->end = off_struct + size_struct;
	w->depth = 0;
	return FDT_OK;
}

/* Length of a NUL-terminated string in [p, p + max), or -1 if unterminated. */
static s64 bounded_strlen(const u8 *p, u32 max)
{
	u32 n;

	for (n = 0; n < max; n++)
		if (!p[n])
			return n;
	return -1;
}

static int read_tok(struct fdt_walker *w, u32 *tok)
{
	if (w->end - w->pos < 4)
		return FDT_E_STRUCT;
	*tok = fdt_be32(w->blob + w->pos);
	w->pos += 4;
	return FDT_OK;
}

int fdt_walk_next(struct fdt_walker *w, struct fdt_token *t)
{
	u32 tok, len, nameoff;
	s64 n;

	for (;;) {
		if (read_tok(w, &tok))
			return FDT_E_STRUCT;
		switch (tok) {
		case TOK_NOP:
			continue;
		case TOK_BEGIN_NODE:
			n = bounded_strlen(w->blob + w->pos, w->end - w->pos);
			if (n < 0 || w->depth >= FDT_MAX_DEPTH)
				return FDT_E_STRUCT;
			t->ev = FDT_EV_BEGIN_NODE;
			t->name = (const char *)(w->blob + w->pos);
			t->value = NULL;
			t->len = 0;
			t->depth = ++w->depth;
			/* The name and its NUL, padded to 4 bytes. */
			w->pos += ((u32)n + 4) & ~3U;
			if (w->pos > w->end)
				return FDT_E_STRUCT;
			return FDT_OK;
		case TOK_END_NODE:
			if (w->depth <= 0)
				return FDT_E_STRUCT;
			t->ev = FDT_EV_END_NODE;
			t->name = NULL;
			t->value = NULL;
			t->len = 0;
			t->depth = w->depth--;
			return FDT_OK;
		case TOK_PROP:
			if (w->depth <= 0 || w->end - w->pos < 8)
				return FDT_E_STRUCT;
			len = fdt_be32(w->blob + w->pos);
			nameoff = fdt_be32(w->blob + w->pos + 4);
			w->pos += 8;
			if (len > w->end - w->pos || nameoff >= w->strs_size)
				return FDT_E_STRUCT;
			if (bounded_strlen(w->strs + nameoff, w->strs_size - nameoff) < 0)
				return FDT_E_STRUCT;
			t->ev = FDT_EV_PROP;
			t->name = (const char *)(w->strs + nameoff);
			t->value = w->blob + w->pos;
			t->len = len;
			t->depth = w->depth;
			w->pos += (len + 3) & ~3U;
			if (w->pos > w->end)
				return FDT_E_STRUCT;
			return FDT_OK;
		case TOK_END:
			if (w->depth != 0)
				return FDT_E_STRUCT;
			w->pos -= 4;	/* stay on END */
			t->ev = FDT_EV_END;
			t->name = NULL;
			t->value = NULL;
			t->len = 0;
			t->depth = 0;
			return FDT_OK;
		default:
			return FDT_E_STRUCT;
		}
	}
}
