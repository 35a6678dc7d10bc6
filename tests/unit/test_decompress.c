/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EFI zboot images with every payload compression, made at test time by
 * the same command-line tools and options the kernel's Makefile.lib uses
 * (gzip -9, zstd -22 --ultra, xz --check=crc32, lzma -9, lz4 -l -9,
 * lzop -9, bzip2 -9), and headers that lie.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "la_boot_testlib.h"
#include "arch/boot.h"
#include "arch/decompress.h"
#include "tmpdir_test.h"

#define RAM_64M		(64ULL << 20)
#define RAM_16M		(16ULL << 20)
#define ZHDR		0x200		/* payload offset in the test images */

struct comp {
	const char *zname;	/* zboot header name */
	const char *cmd;	/* compressor, stdin to stdout */
	bool trailer;		/* Makefile.zboot appends le32 size */
	bool checked;		/* the format detects a flipped byte */
	enum la_comp c;
};

static const struct comp comps[] = {
	{ "gzip", "gzip -n -9", false, true, LA_COMP_GZIP },
	{ "zstd", "zstd -q -22 --ultra", true, true, LA_COMP_ZSTD },
	{ "zstd22", "zstd -q -22 --ultra", true, true, LA_COMP_ZSTD },
	{ "xzkern", "xz -q --check=crc32 --lzma2=,dict=32MiB", true, true, LA_COMP_XZ },
	{ "lzma", "lzma -q -9", true, false, LA_COMP_LZMA },
	{ "lz4", "lz4 -q -l -9 - -", true, false, LA_COMP_LZ4 },
	{ "lzo", "lzop -q -9", true, true, LA_COMP_LZO },
	{ "bzip2", "bzip2 -q -9", true, true, LA_COMP_BZIP2 },
};

static char tmpdir[] = "/tmp/lkvm-test-decompress-XXXXXX";
static struct kvm *kvm;

/* Run "cmd <in >out" on buf; the tools are in scripts/install-deps.sh. */
static u8 *t_compress(const char *cmd, const void *buf, size_t len, size_t *out_len)
{
	char in[128], out[128], sh[512];
	FILE *f;
	long n;
	u8 *b;

	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	f = fopen(in, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	snprintf(sh, sizeof(sh), "%s <%s >%s", cmd, in, out);
	if (system(sh) != 0)
		fail_msg("\"%s\" failed: run scripts/install-deps.sh", cmd);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc(n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, n, f), (size_t)n);
	fclose(f);
	unlink(in);
	unlink(out);
	*out_len = n;
	return b;
}

/* A LoongArch Linux EFI image (booting.rst header) loaded at 2 MiB. */
static u8 *mk_efi(size_t len)
{
	u8 *b = malloc(len);
	size_t i;

	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = (u8)((i * 7 + 1) ^ (i >> 9));
	memset(b, 0, 0x80);
	b[0] = 'M';
	b[1] = 'Z';
	put_le64(b + 0x08, 0x200040);		/* entry */
	put_le64(b + 0x10, len);		/* image size */
	put_le64(b + 0x18, 0x200000);		/* load address */
	put_le32(b + 0x38, 0x818223cd);
	put_le32(b + 0x3c, 0x40);
	memcpy(b + 0x40, "PE\0\0", 4);
	put_le16(b + 0x44, 0x6264);
	return b;
}

/* zboot-header.S: MZ, "zimg", offset, size, name @24, Linux magic @0x38. */
static u8 *mk_zboot(const char *zname, const u8 *z, size_t zlen, u32 trailer,
		    size_t *len)
{
	size_t n = ZHDR + zlen + (trailer ? 4 : 0);
	u8 *b = calloc(1, n);

	assert_non_null(b);
	b[0] = 'M';
	b[1] = 'Z';
	memcpy(b + 4, "zimg", 4);
	put_le32(b + 8, ZHDR);
	put_le32(b + 12, (u32)zlen);
	strcpy((char *)b + 24, zname);
	put_le32(b + 0x38, 0x818223cd);
	memcpy(b + ZHDR, z, zlen);
	if (trailer)
		put_le32(b + ZHDR + zlen, trailer);
	*len = n;
	return b;
}

static int setup(void **state)
{
	(void)state;
	kvm = tkvm_new(RAM_64M);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tkvm_free(kvm);
	return 0;
}

static void load_fails(struct kvm *vm, const void *b, size_t len, const char *want)
{
	struct la_kernel k;
	const char *msg;
	int err;

	cap_begin();
	err = la_loader__load_kernel(vm, "img", b, len, &k);
	msg = cap_end();
	assert_true(err < 0);
	if (!strstr(msg, want))
		fail_msg("expected \"%s\" in \"%s\"", want, msg);
	/* One line. */
	assert_non_null(strchr(msg, '\n'));
	assert_null(strchr(msg, '\n') + 1 < msg + strlen(msg) ?
		    strchr(strchr(msg, '\n') + 1, '\n') : NULL);
}

static void test_zboot_every_compression(void **state)
{
	size_t ilen = 0x30000, zlen, len, i;
	u8 *img = mk_efi(ilen);

	(void)state;
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		const struct comp *c = &comps[i];
		u8 *z = t_compress(c->cmd, img, ilen, &zlen);
		u8 *b = mk_zboot(c->zname, z, zlen, c->trailer ? ilen : 0, &len);
		struct la_kernel k;

		print_message("zboot %s: %zu -> %zu bytes\n", c->zname, ilen, zlen);
		memset(tkvm_ptr(kvm, 0x200000, ilen), 0xee, ilen);
		assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
		assert_string_equal(k.format, "EFI zboot");
		assert_int_equal(k.entry, 0x200040);
		assert_int_equal(k.end, 0x200000 + ilen);
		assert_memory_equal(tkvm_ptr(kvm, 0x200000, ilen), img, ilen);

		/* The header's size cuts the stream short. */
		put_le32(b + 12, (u32)(zlen / 2));
		load_fails(kvm, b, len, "truncated");
		put_le32(b + 12, (u32)zlen);

		/* A flipped byte, where the format can tell. */
		if (c->checked) {
			b[ZHDR + zlen / 2] ^= 0x5a;
			b[ZHDR + zlen / 2 + 1] ^= 0xa5;
			load_fails(kvm, b, len, "corrupt");
		}
		free(b);
		free(z);
	}
	free(img);
}

/* An image larger than guest RAM never gets past the bound. */
static void test_zboot_larger_than_ram(void **state)
{
	size_t ilen = RAM_16M + SZ_1M, zlen, len, i;
	struct kvm *small = tkvm_new(RAM_16M);
	u8 *img = calloc(1, ilen), *hdr = mk_efi(0x1000);

	(void)state;
	memcpy(img, hdr, 0x1000);
	put_le64(img + 0x10, ilen);
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		const struct comp *c = &comps[i];
		u8 *z, *b;

		if (i && comps[i - 1].c == c->c)
			continue;
		z = t_compress(c->cmd, img, ilen, &zlen);
		b = mk_zboot(c->zname, z, zlen, 16, &len);	/* a lying size hint */
		load_fails(small, b, len, "more than 16 MiB, the guest RAM size");
		free(b);
		free(z);
	}
	tkvm_free(small);
	free(hdr);
	free(img);
}

/* Exactly max bytes fit; max - 1 is -EFBIG, for every decoder. */
static void test_exact_bound(void **state)
{
	size_t n = 3 * SZ_1M / 2 + 123, zlen, olen, i;
	u8 *data = malloc(n), *z;
	void *out;

	(void)state;
	for (i = 0; i < n; i++)
		data[i] = (u8)(i % 251 == 0 ? i >> 8 : i % 13);
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		const struct comp *c = &comps[i];

		if (i && comps[i - 1].c == c->c)
			continue;
		z = t_compress(c->cmd, data, n, &zlen);
		assert_int_equal(la_decompress("img", c->c, z, zlen, n, 0, NULL,
					       &out, &olen), 0);
		assert_int_equal(olen, n);
		assert_memory_equal(out, data, n);
		free(out);
		cap_begin();
		assert_int_equal(la_decompress("img", c->c, z, zlen, n - 1, n, "guest RAM",
					       &out, &olen), -EFBIG);
		assert_non_null(strstr(cap_end(), "more than"));
		/* Not even an empty prefix is a valid stream. */
		cap_begin();
		assert_true(la_decompress("img", c->c, z, 3, n, 0, NULL, &out, &olen) < 0);
		cap_end();
		free(z);
	}
	free(data);
}

static void test_zboot_lying_headers(void **state)
{
	size_t ilen = 0x4000, zlen, len;
	u8 *img = mk_efi(ilen), *z, *b;
	struct la_kernel k;

	(void)state;
	z = t_compress("zstd -q -3", img, ilen, &zlen);
	b = mk_zboot("zstd", z, zlen, ilen, &len);
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);

	put_le32(b + 12, (u32)zlen + 5);		/* size past the file */
	load_fails(kvm, b, len, "outside the");
	put_le32(b + 12, (u32)zlen);
	load_fails(kvm, b, ZHDR + zlen / 2, "outside the");	/* file cut short */
	put_le32(b + 8, (u32)len + 1);			/* offset past the file */
	load_fails(kvm, b, len, "outside the");
	put_le32(b + 8, 0xffffff00);			/* offset + size wraps */
	put_le32(b + 12, 0x200);
	load_fails(kvm, b, len, "outside the");
	put_le32(b + 8, 8);				/* inside the header */
	load_fails(kvm, b, len, "outside the");
	put_le32(b + 8, ZHDR);
	put_le32(b + 12, 0);				/* empty payload */
	load_fails(kvm, b, len, "outside the");
	put_le32(b + 12, (u32)zlen);

	memset(b + 24, 0, 32);
	strcpy((char *)b + 24, "brotli");
	load_fails(kvm, b, len, "compression \"brotli\" is unknown");
	memset(b + 24, 'A', 32);			/* no NUL in the field */
	load_fails(kvm, b, len, "is unknown");
	memset(b + 24, 0, 32);
	strcpy((char *)b + 24, "gzip");			/* name lies about the data */
	load_fails(kvm, b, len, "corrupt gzip");
	strcpy((char *)b + 24, "zstd");

	put_le32(b + ZHDR + zlen, 0xffffffff);		/* absurd size hint: harmless */
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
	free(b);
	free(z);

	/* A payload that is no kernel. */
	memset(img, 'x', 64);
	z = t_compress("zstd -q -3", img, ilen, &zlen);
	b = mk_zboot("zstd", z, zlen, ilen, &len);
	load_fails(kvm, b, len, "is not a LoongArch Linux EFI image");
	free(b);
	free(z);
	free(img);
}

/* Whole files compressed by the tools load too (vmlinux.efi.zst, ...). */
static void test_plain_compressed(void **state)
{
	static const char *const want[] = {
		"gzip EFI image", "zstd EFI image", NULL, "xz EFI image", NULL,
		"lz4 EFI image", "lzo EFI image", "bzip2 EFI image",
	};
	size_t ilen = 0x8000, zlen, i;
	u8 *img = mk_efi(ilen), *z;
	struct la_kernel k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		if (!want[i])	/* .lzma has no magic; zstd22 is zstd */
			continue;
		z = t_compress(comps[i].cmd, img, ilen, &zlen);
		assert_int_equal(la_loader__load_kernel(kvm, "img", z, zlen, &k), 0);
		assert_string_equal(k.format, want[i]);
		assert_memory_equal(tkvm_ptr(kvm, 0x200000, ilen), img, ilen);
		free(z);
	}
	/* The lz4 frame format is not what the kernel writes: named, refused. */
	z = t_compress("lz4 -q -9 - -", img, ilen, &zlen);
	load_fails(kvm, z, zlen, "legacy format (lz4 -l)");
	free(z);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zboot_every_compression, setup, teardown),
		cmocka_unit_test(test_zboot_larger_than_ram),
		cmocka_unit_test(test_exact_bound),
		cmocka_unit_test_setup_teardown(test_zboot_lying_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_compressed, setup, teardown),
	};

	return run_tests_in_tmpdir(tests, tmpdir);
}
