/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_DECOMPRESS_H
#define LKVM_ARCH_DECOMPRESS_H

#include <stddef.h>
#include "lkvm/util.h"

/*
 * Payload compressions a kernel image can carry: the ones an EFI zboot
 * header names (efi/libstub/Makefile.zboot, now and in older kernels) in
 * the stream formats scripts/Makefile.lib writes them.
 */
enum la_comp {
	LA_COMP_NONE,
	LA_COMP_GZIP,		/* gzip -9 */
	LA_COMP_ZSTD,		/* zstd -22 --ultra: one zstd frame */
	LA_COMP_XZ,		/* xz --check=crc32 (xz_wrap.sh) */
	LA_COMP_LZMA,		/* lzma -9: the .lzma "alone" format */
	LA_COMP_LZ4,		/* lz4 -l: the legacy lz4 frame format */
	LA_COMP_LZO,		/* lzop -9: the lzop file format */
	LA_COMP_BZIP2,		/* bzip2 -9 */
};

const char *la_comp__name(enum la_comp c);

/* The compression a zboot header's name means, or LA_COMP_NONE. */
enum la_comp la_comp__from_zboot(const char *name);

/* The compression a stream's magic bytes show (lzma has none). */
enum la_comp la_comp__detect(const u8 *b, size_t len);

/*
 * Decompress one stream into a malloc'd buffer of at most max bytes:
 * decoders never write beyond that bound (plus the one byte that tells
 * "exactly max" from "too large"). size_hint (0: none) is the expected
 * output size, used only to size the first allocation. bound names max in
 * the message when the output does not fit (e.g. "guest RAM"; may be NULL).
 * Returns 0, or -errno after one pr_err() line naming name.
 */
int la_decompress(const char *name, enum la_comp c, const void *in,
		  size_t in_len, u64 max, u64 size_hint, const char *bound,
		  void **out, size_t *out_len);

#endif
