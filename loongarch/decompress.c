/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel payload decompression through the Debian libraries made for each
 * format: zlib, libzstd, liblzma (xz and .lzma), liblz4 (legacy frames),
 * liblzo2 (lzop files) and libbz2.
 *
 * Every decoder writes into one growing buffer whose size never exceeds
 * max + 1 bytes: the extra byte tells "exactly max" from "more than max",
 * so a hostile stream (a decompression bomb, a lying size field) ends with
 * -EFBIG, never with a write past the bound.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <lzo1x.h>
#include <zlib.h>
#include <zstd.h>
#include "arch/decompress.h"

#define XZ_MEMLIMIT		(256ULL << 20)
#define LZ4_LEGACY_MAGIC	0x184c2102U
#define LZ4_LEGACY_BLOCK	(8U << 20)	/* lz4 -l block size */
#define LZOP_MAX_BLOCK		(64U << 20)	/* lzop's MAX_BLOCK_SIZE */

static u64 umin(u64 a, u64 b)
{
	return a < b ? a : b;
}

static u64 umax(u64 a, u64 b)
{
	return a > b ? a : b;
}

static const u8 lzop_magic[9] = { 0x89, 'L', 'Z', 'O', 0, '\r', '\n', 0x1a, '\n' };

const char *la_comp__name(enum la_comp c)
{
	switch (c) {
	case LA_COMP_GZIP: return "gzip";
	case LA_COMP_ZSTD: return "zstd";
	case LA_COMP_XZ: return "xz";
	case LA_COMP_LZMA: return "lzma";
	case LA_COMP_LZ4: return "lz4";
	case LA_COMP_LZO: return "lzo";
	case LA_COMP_BZIP2: return "bzip2";
	default: return "uncompressed";
	}
}

enum la_comp la_comp__from_zboot(const char *name)
{
	/* 6.9 and later write "gzip"/"zstd"; earlier "xzkern", "zstd22", ... */
	static const struct { const char *s; enum la_comp c; } names[] = {
		{ "gzip", LA_COMP_GZIP }, { "zstd", LA_COMP_ZSTD },
		{ "zstd22", LA_COMP_ZSTD }, { "xzkern", LA_COMP_XZ },
		{ "xz", LA_COMP_XZ }, { "lzma", LA_COMP_LZMA },
		{ "lz4", LA_COMP_LZ4 }, { "lzo", LA_COMP_LZO },
		{ "bzip2", LA_COMP_BZIP2 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i].s))
			return names[i].c;
	return LA_COMP_NONE;
}

enum la_comp la_comp__detect(const u8 *b, size_t len)
{
	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return LA_COMP_GZIP;
	if (len >= 4 && get_le32(b) == ZSTD_MAGICNUMBER)
		return LA_COMP_ZSTD;
	if (len >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return LA_COMP_XZ;
	if (len >= 4 && get_le32(b) == LZ4_LEGACY_MAGIC)
		return LA_COMP_LZ4;
	if (len >= sizeof(lzop_magic) && !memcmp(b, lzop_magic, sizeof(lzop_magic)))
		return LA_COMP_LZO;
	if (len >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' &&
	    b[3] >= '1' && b[3] <= '9')
		return LA_COMP_BZIP2;
	return LA_COMP_NONE;
}

/* The output buffer: len bytes used of cap, cap never above limit. */
struct dbuf {
	u8 *p;
	size_t len, cap, limit;
};

/* Make room for n more bytes; -EFBIG if that passes the bound. */
static int dbuf_reserve(struct dbuf *d, size_t n)
{
	size_t want, ncap;
	u8 *np;

	if (n > d->limit - d->len)
		return -EFBIG;
	want = d->len + n;
	if (want <= d->cap)
		return 0;
	ncap = d->cap;
	while (ncap < want)
		ncap = ncap > d->limit / 2 ? d->limit : ncap * 2;
	np = realloc(d->p, ncap);
	if (!np)
		return -ENOMEM;
	d->p = np;
	d->cap = ncap;
	return 0;
}

/* Some free room, for the streaming decoders. */
static int dbuf_more(struct dbuf *d)
{
	return dbuf_reserve(d, 1);
}

/* Decoder status, turned into one message by la_decompress(). */
enum dstat {
	D_OK, D_TRUNCATED, D_CORRUPT, D_TOOBIG, D_NOMEM, D_UNSUPPORTED,
};

struct dctx {
	const u8 *in;
	size_t in_len;
	struct dbuf out;
	const char *why;	/* detail for D_CORRUPT / D_UNSUPPORTED */
};

static enum dstat err_stat(int err)
{
	return err == -EFBIG ? D_TOOBIG : D_NOMEM;
}

static enum dstat do_gzip(struct dctx *c)
{
	enum dstat st;
	z_stream zs;
	int ret;

	if (c->in_len > UINT_MAX) {
		c->why = "input larger than 4 GiB";
		return D_UNSUPPORTED;
	}
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return D_NOMEM;
	zs.next_in = (Bytef *)c->in;
	zs.avail_in = (uInt)c->in_len;
	for (;;) {
		ret = dbuf_more(&c->out);
		if (ret) {
			st = err_stat(ret);
			break;
		}
		zs.next_out = c->out.p + c->out.len;
		zs.avail_out = (uInt)umin(c->out.cap - c->out.len, UINT_MAX);
		ret = inflate(&zs, Z_NO_FLUSH);
		c->out.len = zs.next_out - c->out.p;
		if (ret == Z_STREAM_END) {
			st = D_OK;
			break;
		}
		if (ret == Z_OK)
			continue;
		if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
			st = D_TRUNCATED;
		} else if (ret == Z_MEM_ERROR) {
			st = D_NOMEM;
		} else {
			c->why = zs.msg ? zs.msg : "zlib error";
			st = D_CORRUPT;
		}
		break;
	}
	inflateEnd(&zs);
	return st;
}

static enum dstat do_zstd(struct dctx *c)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { c->in, c->in_len, 0 };
	enum dstat st;
	size_t ret;
	int err;

	if (!z)
		return D_NOMEM;
	for (;;) {
		ZSTD_outBuffer ob;

		err = dbuf_more(&c->out);
		if (err) {
			st = err_stat(err);
			break;
		}
		ob.dst = c->out.p;
		ob.size = c->out.cap;
		ob.pos = c->out.len;
		ret = ZSTD_decompressStream(z, &ob, &ib);
		c->out.len = ob.pos;
		if (ZSTD_isError(ret)) {
			c->why = ZSTD_getErrorName(ret);
			st = D_CORRUPT;
			break;
		}
		if (ret == 0) {		/* the frame is complete */
			st = D_OK;
			break;
		}
		if (ib.pos == ib.size && ob.pos < ob.size) {
			st = D_TRUNCATED;
			break;
		}
	}
	ZSTD_freeDCtx(z);
	return st;
}

static enum dstat do_lzma(struct dctx *c, bool xz)
{
	lzma_stream s = LZMA_STREAM_INIT;
	enum dstat st;
	lzma_ret ret;
	int err;

	ret = xz ? lzma_stream_decoder(&s, XZ_MEMLIMIT, 0) :
		   lzma_alone_decoder(&s, XZ_MEMLIMIT);
	if (ret != LZMA_OK)
		return D_NOMEM;
	s.next_in = c->in;
	s.avail_in = c->in_len;
	for (;;) {
		err = dbuf_more(&c->out);
		if (err) {
			st = err_stat(err);
			break;
		}
		s.next_out = c->out.p + c->out.len;
		s.avail_out = c->out.cap - c->out.len;
		ret = lzma_code(&s, LZMA_FINISH);
		c->out.len = s.next_out - c->out.p;
		if (ret == LZMA_STREAM_END) {
			st = D_OK;
			break;
		}
		if (ret == LZMA_OK)
			continue;
		switch (ret) {
		case LZMA_BUF_ERROR:
			st = D_TRUNCATED;
			break;
		case LZMA_MEM_ERROR:
			st = D_NOMEM;
			break;
		case LZMA_MEMLIMIT_ERROR:
			c->why = "needs more than 256 MiB of decoder memory";
			st = D_UNSUPPORTED;
			break;
		case LZMA_OPTIONS_ERROR:
			c->why = "unsupported options";
			st = D_UNSUPPORTED;
			break;
		case LZMA_FORMAT_ERROR:
			c->why = "bad header";
			st = D_CORRUPT;
			break;
		default:
			c->why = "bad data or check";
			st = D_CORRUPT;
			break;
		}
		break;
	}
	lzma_end(&s);
	return st;
}

/*
 * lz4 -l: magic, then blocks of (le32 compressed size, data), each
 * decompressing to at most 8 MiB; the stream ends with the input. A block
 * size equal to the magic starts a new concatenated stream.
 */
static enum dstat do_lz4(struct dctx *c)
{
	size_t pos = 4;

	if (c->in_len < 4 || get_le32(c->in) != LZ4_LEGACY_MAGIC) {
		c->why = "not the legacy format that lz4 -l writes";
		return D_CORRUPT;
	}
	while (pos < c->in_len) {
		size_t room;
		u32 n;
		int got, err;

		if (c->in_len - pos < 4)
			return D_TRUNCATED;
		n = get_le32(c->in + pos);
		pos += 4;
		if (n == LZ4_LEGACY_MAGIC)
			continue;
		if (n > (u32)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
			c->why = "block size too large";
			return D_CORRUPT;
		}
		if (n > c->in_len - pos)
			return D_TRUNCATED;
		room = umin(LZ4_LEGACY_BLOCK, c->out.limit - c->out.len);
		if (room == 0)
			return D_TOOBIG;
		err = dbuf_reserve(&c->out, room);
		if (err)
			return err_stat(err);
		got = LZ4_decompress_safe((const char *)c->in + pos,
					  (char *)c->out.p + c->out.len, (int)n, (int)room);
		if (got < 0 && room < LZ4_LEGACY_BLOCK) {
			/* Corrupt, or merely more than the bound allows? */
			char *tmp = malloc(LZ4_LEGACY_BLOCK);

			if (!tmp)
				return D_NOMEM;
			got = LZ4_decompress_safe((const char *)c->in + pos, tmp,
						  (int)n, LZ4_LEGACY_BLOCK);
			free(tmp);
			if (got >= 0)
				return D_TOOBIG;
		}
		if (got < 0) {
			c->why = "bad block";
			return D_CORRUPT;
		}
		c->out.len += got;
		pos += n;
	}
	return D_OK;
}

/* lzop file format flags (lzop's conf.h). */
#define LZOP_ADLER32_D		0x0001
#define LZOP_ADLER32_C		0x0002
#define LZOP_H_EXTRA_FIELD	0x0040
#define LZOP_CRC32_D		0x0100
#define LZOP_CRC32_C		0x0200
#define LZOP_H_FILTER		0x0800
#define LZOP_H_CRC32		0x1000

struct rd {
	const u8 *b;
	size_t len, pos;
	bool short_read;
};

static u32 rd_be(struct rd *r, unsigned int n)
{
	u32 v = 0;

	if (r->len - r->pos < n) {
		r->short_read = true;
		r->pos = r->len;
		return 0;
	}
	while (n--)
		v = v << 8 | r->b[r->pos++];
	return v;
}

static void rd_skip(struct rd *r, size_t n)
{
	if (r->len - r->pos < n) {
		r->short_read = true;
		r->pos = r->len;
	} else {
		r->pos += n;
	}
}

static u32 lzop_sum(bool crc, const u8 *b, size_t n)
{
	return crc ? lzo_crc32(0, b, n) : lzo_adler32(1, b, n);
}

/*
 * lzop -9: a header (version-dependent fields, a name, a checksum), then
 * blocks of (be32 out size, be32 in size, optional checksums, data) until
 * an out size of 0. A block whose sizes are equal is stored.
 */
static enum dstat do_lzo(struct dctx *c)
{
	struct rd r = { c->in, c->in_len, sizeof(lzop_magic), false };
	u32 version, flags, sum;
	size_t hstart = r.pos;
	int err;

	if (c->in_len < sizeof(lzop_magic) ||
	    memcmp(c->in, lzop_magic, sizeof(lzop_magic))) {
		c->why = "not an lzop file";
		return D_CORRUPT;
	}
	if (lzo_init() != LZO_E_OK)
		return D_NOMEM;
	version = rd_be(&r, 2);
	rd_skip(&r, 2);				/* library version */
	if (version >= 0x0940)
		rd_skip(&r, 2);			/* version needed to extract */
	rd_be(&r, 1);				/* method */
	if (version >= 0x0940)
		rd_skip(&r, 1);			/* level */
	flags = rd_be(&r, 4);
	if (flags & LZOP_H_FILTER)
		rd_skip(&r, 4);
	rd_skip(&r, 8);				/* mode, mtime low */
	if (version >= 0x0940)
		rd_skip(&r, 4);			/* mtime high */
	rd_skip(&r, rd_be(&r, 1));		/* file name */
	if (r.short_read)
		return D_TRUNCATED;
	if (version < 0x0900) {
		c->why = "unknown lzop version";
		return D_UNSUPPORTED;
	}
	sum = lzop_sum(flags & LZOP_H_CRC32, r.b + hstart, r.pos - hstart);
	if (rd_be(&r, 4) != sum && !r.short_read) {
		c->why = "header checksum mismatch";
		return D_CORRUPT;
	}
	if (flags & LZOP_H_EXTRA_FIELD) {
		rd_skip(&r, rd_be(&r, 4));
		rd_skip(&r, 4);
	}
	for (;;) {
		u32 dlen, slen, dsum = 0;
		lzo_uint got;
		u8 *dst;

		dlen = rd_be(&r, 4);
		if (r.short_read)
			return D_TRUNCATED;
		if (dlen == 0)
			return D_OK;
		slen = rd_be(&r, 4);
		if (flags & (LZOP_ADLER32_D | LZOP_CRC32_D))
			dsum = rd_be(&r, 4);
		if ((flags & (LZOP_ADLER32_C | LZOP_CRC32_C)) && slen < dlen)
			rd_skip(&r, 4);		/* the data sum covers it */
		if (r.short_read)
			return D_TRUNCATED;
		if (dlen > LZOP_MAX_BLOCK || slen > dlen) {
			c->why = "bad block sizes";
			return D_CORRUPT;
		}
		if (slen > r.len - r.pos)
			return D_TRUNCATED;
		err = dbuf_reserve(&c->out, dlen);
		if (err)
			return err_stat(err);
		dst = c->out.p + c->out.len;
		if (slen == dlen) {
			memcpy(dst, r.b + r.pos, dlen);
		} else {
			got = dlen;
			if (lzo1x_decompress_safe(r.b + r.pos, slen, dst, &got, NULL) !=
			    LZO_E_OK || got != dlen) {
				c->why = "bad block";
				return D_CORRUPT;
			}
		}
		if ((flags & (LZOP_ADLER32_D | LZOP_CRC32_D)) &&
		    lzop_sum(flags & LZOP_CRC32_D, dst, dlen) != dsum) {
			c->why = "data checksum mismatch";
			return D_CORRUPT;
		}
		c->out.len += dlen;
		r.pos += slen;
	}
}

static enum dstat do_bzip2(struct dctx *c)
{
	bz_stream s;
	enum dstat st;
	int ret, err;

	if (c->in_len > UINT_MAX) {
		c->why = "input larger than 4 GiB";
		return D_UNSUPPORTED;
	}
	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		return D_NOMEM;
	s.next_in = (char *)c->in;
	s.avail_in = (unsigned int)c->in_len;
	for (;;) {
		err = dbuf_more(&c->out);
		if (err) {
			st = err_stat(err);
			break;
		}
		s.next_out = (char *)c->out.p + c->out.len;
		s.avail_out = (unsigned int)umin(c->out.cap - c->out.len, UINT_MAX);
		ret = BZ2_bzDecompress(&s);
		c->out.len = (u8 *)s.next_out - c->out.p;
		if (ret == BZ_STREAM_END) {
			st = D_OK;
			break;
		}
		if (ret == BZ_OK) {
			if (s.avail_in == 0 && s.avail_out > 0) {
				st = D_TRUNCATED;
				break;
			}
			continue;
		}
		if (ret == BZ_MEM_ERROR) {
			st = D_NOMEM;
		} else {
			c->why = ret == BZ_DATA_ERROR_MAGIC ? "bad header" : "bad data";
			st = D_CORRUPT;
		}
		break;
	}
	BZ2_bzDecompressEnd(&s);
	return st;
}

int la_decompress(const char *name, enum la_comp comp, const void *in,
		  size_t in_len, u64 max, u64 size_hint, const char *bound,
		  void **out, size_t *out_len)
{
	struct dctx c = { in, in_len, { NULL, 0, 0, 0 }, NULL };
	const char *what = la_comp__name(comp);
	enum dstat st;
	int err;

	if (max >= SIZE_MAX)
		max = SIZE_MAX - 1;
	c.out.limit = max + 1;
	/* A first guess; a lying hint costs at most one allocation of max. */
	c.out.cap = umin(umax(size_hint ? size_hint + 1 : (u64)in_len * 4, SZ_1M),
			 c.out.limit);
	c.out.p = malloc(c.out.cap);
	if (!c.out.p) {
		pr_err("%s: out of memory decompressing %s data", name, what);
		return -ENOMEM;
	}
	switch (comp) {
	case LA_COMP_GZIP: st = do_gzip(&c); break;
	case LA_COMP_ZSTD: st = do_zstd(&c); break;
	case LA_COMP_XZ: st = do_lzma(&c, true); break;
	case LA_COMP_LZMA: st = do_lzma(&c, false); break;
	case LA_COMP_LZ4: st = do_lz4(&c); break;
	case LA_COMP_LZO: st = do_lzo(&c); break;
	case LA_COMP_BZIP2: st = do_bzip2(&c); break;
	default:
		c.why = "unknown compression";
		st = D_UNSUPPORTED;
		break;
	}
	if (st == D_OK && c.out.len > max)
		st = D_TOOBIG;
	switch (st) {
	case D_OK:
		*out = c.out.p;
		*out_len = c.out.len;
		return 0;
	case D_TRUNCATED:
		pr_err("%s: truncated %s data (the file is cut short)", name, what);
		err = -EINVAL;
		break;
	case D_CORRUPT:
		pr_err("%s: corrupt %s data (%s)", name, what, c.why);
		err = -EINVAL;
		break;
	case D_UNSUPPORTED:
		pr_err("%s: cannot decompress %s data: %s", name, what, c.why);
		err = -EINVAL;
		break;
	case D_TOOBIG:
		if (max >= SZ_1M)
			pr_err("%s: %s data decompresses to more than %llu MiB%s%s", name,
			       what, (unsigned long long)(max >> 20),
			       bound ? ", the " : "", bound ? bound : "");
		else
			pr_err("%s: %s data decompresses to more than %llu bytes%s%s", name,
			       what, (unsigned long long)max,
			       bound ? ", the " : "", bound ? bound : "");
		err = -EFBIG;
		break;
	default:
		pr_err("%s: out of memory decompressing %s data", name, what);
		err = -ENOMEM;
		break;
	}
	free(c.out.p);
	return err;
}
