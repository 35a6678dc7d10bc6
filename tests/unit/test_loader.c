/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel and initrd loaders, fed with images built here: ELF64 (field
 * offsets from the System V gABI), LoongArch Linux EFI images and zboot
 * (Documentation/arch/loongarch/booting.rst, efi/libstub/zboot-header.S),
 * gzip, raw and malformed files.
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
#include <libfdt.h>
#include "la_boot_testlib.h"
#include "arch/boot.h"
#include "tmpdir_test.h"

/* A hand-written ELF for the built-in guest that boot.c falls back to. */
__asm__(".section .rodata\n"
	".globl lkvm_default_guest\n"
	".globl lkvm_default_guest_end\n"
	"lkvm_default_guest:\n"
	".byte 0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0\n"
	".short 2, 258\n"			/* ET_EXEC, EM_LOONGARCH */
	".long 1\n"
	".quad 0x9000000000300004\n"		/* e_entry */
	".quad 64, 0\n"				/* e_phoff, e_shoff */
	".long 0\n"
	".short 64, 56, 1, 64, 0, 0\n"
	".long 1, 5\n"				/* PT_LOAD, R+X */
	".quad 120\n"				/* p_offset */
	".quad 0x9000000000300000, 0x9000000000300000\n"
	".quad 8, 0x2000, 0x1000\n"		/* filesz, memsz, align */
	".long 0x03400000, 0x002a0000\n"	/* nop; break 0 */
	"lkvm_default_guest_end:\n"
	".previous\n");

#define RAM_64M		(64ULL << 20)
#define DMW		0x9000000000000000ULL

struct tseg {
	u32 type;
	u64 paddr;
	u64 filesz, memsz;
	u8 fill;
};

struct telf {
	u16 machine, type;
	u8 cls, data;
	u64 entry;
	const struct tseg *segs;
	int n;
};

/* Segment data follows the headers, each at a 4 KiB file offset. */
static u8 *mk_elf(const struct telf *e, size_t *len)
{
	size_t off = 0x1000, total = off;
	int i;
	u8 *b;

	for (i = 0; i < e->n; i++)
		total += ALIGN_UP(e->segs[i].filesz, 0x1000);
	b = calloc(1, total);
	assert_non_null(b);
	memcpy(b, "\x7f" "ELF", 4);
	b[4] = e->cls;
	b[5] = e->data;
	b[6] = 1;				/* EV_CURRENT */
	put_le16(b + 16, e->type);
	put_le16(b + 18, e->machine);
	put_le32(b + 20, 1);
	put_le64(b + 24, e->entry);
	put_le64(b + 32, 64);			/* e_phoff */
	put_le16(b + 52, 64);			/* e_ehsize */
	put_le16(b + 54, 56);			/* e_phentsize */
	put_le16(b + 56, (u16)e->n);
	for (i = 0; i < e->n; i++) {
		u8 *ph = b + 64 + 56 * i;

		put_le32(ph, e->segs[i].type);
		put_le32(ph + 4, 7);
		put_le64(ph + 8, off);
		put_le64(ph + 16, e->segs[i].paddr);
		put_le64(ph + 24, e->segs[i].paddr);
		put_le64(ph + 32, e->segs[i].filesz);
		put_le64(ph + 40, e->segs[i].memsz);
		put_le64(ph + 48, 0x1000);
		memset(b + off, e->segs[i].fill, e->segs[i].filesz);
		off += ALIGN_UP(e->segs[i].filesz, 0x1000);
	}
	*len = total;
	return b;
}

static u8 *mk_elf1(u64 paddr, u64 filesz, u64 memsz, u64 entry, size_t *len)
{
	struct tseg s = { 1, paddr, filesz, memsz, 0x5a };
	struct telf e = { 258, 2, 2, 1, entry, &s, 1 };

	return mk_elf(&e, len);
}

/* LoongArch Linux image: header fields at 0x08/0x10/0x18, magic at 0x38. */
static u8 *mk_efi(u64 entry, u64 size, u64 load, size_t len)
{
	u8 *b = malloc(len);
	size_t i;

	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = (u8)(i * 7 + 1);
	memset(b, 0, 0x80);
	b[0] = 'M';
	b[1] = 'Z';
	put_le64(b + 0x08, entry);
	put_le64(b + 0x10, size);
	put_le64(b + 0x18, load);
	put_le32(b + 0x38, 0x818223cd);
	put_le32(b + 0x3c, 0x40);
	memcpy(b + 0x40, "PE\0\0", 4);
	put_le16(b + 0x44, 0x6264);
	return b;
}

static struct kvm *kvm;

static int setup(void **state)
{
	(void)state;
	kvm = tkvm_new(RAM_64M);
	/* Old contents, so the tests see BSS being cleared. */
	memset(kvm->banks[0].hva, 0xee, kvm->banks[0].size);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tkvm_free(kvm);
	return 0;
}

/* Load, expecting failure with a message containing want. */
static void load_fails(const void *b, size_t len, const char *want)
{
	struct la_kernel k;
	const char *msg;
	int err;

	cap_begin();
	err = la_loader__load_kernel(kvm, "img", b, len, &k);
	msg = cap_end();
	assert_true(err < 0);
	assert_non_null(strstr(msg, "lkvm: img: "));
	assert_non_null(strstr(msg, want));
}

static void test_elf_dmw(void **state)
{
	struct la_kernel k;
	size_t len;
	u8 *b = mk_elf1(DMW | 0x200000, 0x1800, 0x5000, DMW | 0x200010, &len);
	u8 *ram;

	(void)state;
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
	assert_int_equal(k.entry, 0x200010);
	assert_int_equal(k.start, 0x200000);
	assert_int_equal(k.end, 0x205000);
	assert_string_equal(k.format, "ELF");
	ram = tkvm_ptr(kvm, 0x200000, 0x5000);
	assert_int_equal(ram[0], 0x5a);
	assert_int_equal(ram[0x17ff], 0x5a);
	assert_int_equal(ram[0x1800], 0);	/* BSS cleared */
	assert_int_equal(ram[0x4fff], 0);
	assert_int_equal(ram[0x5000], 0xee);	/* beyond memsz untouched */
	free(b);
}

static void test_elf_phys_two_segs_dyn(void **state)
{
	struct tseg s[] = {
		{ 1, 0x400000, 0x1000, 0x1000, 0x11 },
		{ 4, 0, 0x10, 0x10, 0 },		/* PT_NOTE: ignored */
		{ 1, 0x300000, 0x800, 0x1000, 0x22 },
	};
	struct telf e = { 258, 3, 2, 1, 0x300100, s, 3 };
	struct la_kernel k;
	size_t len;
	u8 *b = mk_elf(&e, &len);

	(void)state;
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
	assert_int_equal(k.entry, 0x300100);
	assert_int_equal(k.start, 0x300000);
	assert_int_equal(k.end, 0x401000);
	assert_int_equal(*tkvm_ptr(kvm, 0x400000, 1), 0x11);
	assert_int_equal(*tkvm_ptr(kvm, 0x3007ff, 1), 0x22);
	assert_int_equal(*tkvm_ptr(kvm, 0x300800, 1), 0);
	free(b);
}

static void test_elf_wrong_kind(void **state)
{
	struct tseg s = { 1, 0x200000, 0x100, 0x100, 1 };
	struct telf e = { 62, 2, 2, 1, 0x200000, &s, 1 };	/* EM_X86_64 */
	size_t len;
	u8 *b;

	(void)state;
	b = mk_elf(&e, &len);
	load_fails(b, len, "x86-64");
	free(b);

	e.machine = 258;
	e.cls = 1;
	b = mk_elf(&e, &len);
	load_fails(b, len, "32-bit");
	free(b);

	e.cls = 2;
	e.data = 2;
	b = mk_elf(&e, &len);
	load_fails(b, len, "big-endian");
	free(b);

	e.data = 1;
	e.type = 1;	/* ET_REL */
	b = mk_elf(&e, &len);
	load_fails(b, len, "not an executable");
	free(b);
}

static void test_elf_truncated(void **state)
{
	size_t len;
	u8 *b = mk_elf1(0x200000, 0x1000, 0x1000, 0x200000, &len);

	(void)state;
	load_fails(b, 40, "truncated ELF header");
	load_fails(b, 64 + 30, "program headers");
	load_fails(b, 0x1000 + 0x800, "beyond the end of the file");
	/* Program header offset pointing far away: no overflow, an error. */
	put_le64(b + 32, ~0ULL - 8);
	load_fails(b, len, "program headers");
	free(b);
}

static void test_elf_bad_segments(void **state)
{
	struct tseg ov[] = {
		{ 1, 0x200000, 0x1000, 0x2000, 1 },
		{ 1, 0x201000, 0x1000, 0x1000, 2 },
	};
	struct telf e = { 258, 2, 2, 1, 0x200000, ov, 2 };
	size_t len;
	u8 *b;

	(void)state;
	b = mk_elf1(0x200000, 0x2000, 0x1000, 0x200000, &len);
	load_fails(b, len, "file size 0x2000 > memory size 0x1000");
	free(b);

	/* 64 MiB of RAM: 0x20000000 is past its end. */
	b = mk_elf1(0x20000000, 0x1000, 0x1000, 0x20000000, &len);
	load_fails(b, len, "not inside guest RAM");
	free(b);

	/* Straddles the end of RAM. */
	b = mk_elf1(RAM_64M - 0x1000, 0x1000, 0x2000, RAM_64M - 0x1000, &len);
	load_fails(b, len, "not inside guest RAM");
	free(b);

	b = mk_elf1(0x100000, 0x1000, 0x1000, 0x100000, &len);
	load_fails(b, len, "boot area");
	free(b);

	/* Address wrap-around. */
	b = mk_elf1(0xfffffffff000ULL, 0x1000, 0x2000, 0xfffffffff000ULL, &len);
	load_fails(b, len, "not a valid physical range");
	free(b);

	/* Neither physical nor DMW. */
	b = mk_elf1(0x0001000000200000ULL, 0x1000, 0x1000, 0x200000, &len);
	load_fails(b, len, "neither physical nor a DMW");
	free(b);

	b = mk_elf(&e, &len);
	load_fails(b, len, "overlaps another");
	free(b);

	b = mk_elf1(0x200000, 0x1000, 0x1000, 0x300000, &len);
	load_fails(b, len, "not inside a loadable segment");
	free(b);

	ov[0].type = 6;	/* PT_PHDR */
	ov[1].type = 6;
	b = mk_elf(&e, &len);
	load_fails(b, len, "no loadable segments");
	free(b);
}

static void test_efi_image(void **state)
{
	struct la_kernel k;
	size_t len = 0x3000;
	u8 *b = mk_efi(0x201000, 0x8000, DMW | 0x200000, len);
	u8 *ram;

	(void)state;
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
	assert_int_equal(k.entry, 0x201000);
	assert_int_equal(k.start, 0x200000);
	assert_int_equal(k.end, 0x208000);	/* header size, with BSS */
	assert_string_equal(k.format, "EFI image");
	ram = tkvm_ptr(kvm, 0x200000, 0x8000);
	assert_memory_equal(ram, b, len);
	assert_int_equal(ram[0x3000], 0);
	assert_int_equal(ram[0x7fff], 0);
	free(b);
}

static void test_efi_bad(void **state)
{
	u8 pe[0x100], *b;

	(void)state;
	b = mk_efi(0x300000, 0x2000, 0x200000, 0x2000);
	load_fails(b, 0x2000, "entry 0x300000 is outside the image");
	free(b);

	b = mk_efi(0x1000, 0x2000, 0x0, 0x2000);
	load_fails(b, 0x2000, "boot area");
	free(b);

	b = mk_efi(0x201000, 0x10000000, 0x200000, 0x2000);
	load_fails(b, 0x2000, "not inside guest RAM");
	free(b);

	/* Linux magic present but header cut short. */
	b = mk_efi(0x201000, 0x2000, 0x200000, 0x2000);
	load_fails(b, 0x30, "truncated");
	free(b);

	/* x86-64 PE: MZ, e_lfanew 0x80, "PE\0\0", machine 0x8664. */
	memset(pe, 0, sizeof(pe));
	pe[0] = 'M';
	pe[1] = 'Z';
	put_le32(pe + 0x3c, 0x80);
	memcpy(pe + 0x80, "PE\0\0", 4);
	put_le16(pe + 0x84, 0x8664);
	load_fails(pe, sizeof(pe), "x86-64");
	put_le16(pe + 0x84, 0x6264);
	load_fails(pe, sizeof(pe), "without the Linux image header");
	put_le32(pe + 0x3c, 0xfffffff0);
	load_fails(pe, sizeof(pe), "DOS/PE executable");
}

static void test_gzip(void **state)
{
	struct la_kernel k;
	size_t len, zlen;
	u8 *b = mk_elf1(DMW | 0x200000, 0x1000, 0x1000, DMW | 0x200000, &len);
	u8 *z = t_gzip(b, len, &zlen);

	(void)state;
	assert_int_equal(la_loader__load_kernel(kvm, "img", z, zlen, &k), 0);
	assert_string_equal(k.format, "gzip ELF");
	assert_int_equal(k.entry, 0x200000);
	assert_int_equal(*tkvm_ptr(kvm, 0x200fff, 1), 0x5a);

	load_fails(z, zlen / 2, "truncated gzip");
	z[zlen / 2] ^= 0xff;
	z[zlen / 2 + 1] ^= 0x55;
	load_fails(z, zlen, "corrupt gzip");
	free(z);

	/* gzip of gzip is refused. */
	z = t_gzip(b, len, &zlen);
	{
		size_t zzlen;
		u8 *zz = t_gzip(z, zlen, &zzlen);

		load_fails(zz, zzlen, "gzip data inside compressed data");
		free(zz);
	}
	free(z);
	free(b);
}

static void test_gunzip_cap(void **state)
{
	size_t n = 2 * SZ_1M, zlen, olen;
	u8 *zero = calloc(1, n), *z;
	void *out;

	(void)state;
	z = t_gzip(zero, n, &zlen);
	cap_begin();
	assert_int_equal(la_loader__gunzip("img", z, zlen, SZ_1M, &out, &olen), -EFBIG);
	assert_non_null(strstr(cap_end(), "more than 1 MiB"));
	assert_int_equal(la_loader__gunzip("img", z, zlen, n, &out, &olen), 0);
	assert_int_equal(olen, n);
	assert_memory_equal(out, zero, n);
	free(out);
	free(z);
	free(zero);
}

static void test_zboot(void **state)
{
	size_t ilen = 0x2000, zlen, len;
	u8 *img = mk_efi(0x200040, 0x4000, 0x200000, ilen);
	u8 *z = t_gzip(img, ilen, &zlen);
	u8 *b = calloc(1, 0x200 + zlen);
	struct la_kernel k;

	(void)state;
	len = 0x200 + zlen;
	b[0] = 'M';
	b[1] = 'Z';
	memcpy(b + 4, "zimg", 4);
	put_le32(b + 8, 0x200);
	put_le32(b + 12, (u32)zlen);
	strcpy((char *)b + 24, "gzip");
	put_le32(b + 0x38, 0x818223cd);
	memcpy(b + 0x200, z, zlen);
	assert_int_equal(la_loader__load_kernel(kvm, "img", b, len, &k), 0);
	assert_string_equal(k.format, "EFI zboot");
	assert_int_equal(k.entry, 0x200040);
	assert_int_equal(k.end, 0x204000);
	assert_memory_equal(tkvm_ptr(kvm, 0x200000, ilen), img, ilen);

	load_fails(b, len - 16, "outside the");
	strcpy((char *)b + 24, "brotli");
	load_fails(b, len, "\"brotli\" is unknown");
	free(b);
	free(z);
	free(img);
}

static void test_raw_and_junk(void **state)
{
	static const char text[] = "#!/bin/sh\necho this is not a kernel\n";
	u8 raw[4096], zstd[64] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct la_kernel k;
	unsigned int i, x = 12345;

	(void)state;
	/* Deterministic pseudo-random bytes; first byte chosen to be no magic. */
	for (i = 0; i < sizeof(raw); i++) {
		x = x * 1103515245 + 12345;
		raw[i] = (u8)(x >> 16);
	}
	raw[0] = 0x00;
	raw[1] = 0x01;
	/* Without --kernel-format raw, headerless bytes are refused. */
	load_fails(raw, sizeof(raw), "--kernel-format raw");
	kvm->cfg.kernel_format = KERNEL_FORMAT_RAW;
	assert_int_equal(la_loader__load_kernel(kvm, "img", raw, sizeof(raw), &k), 0);
	assert_string_equal(k.format, "raw");
	assert_int_equal(k.entry, 0x200000);
	assert_int_equal(k.start, 0x200000);
	assert_int_equal(k.end, 0x201000);
	assert_memory_equal(tkvm_ptr(kvm, 0x200000, sizeof(raw)), raw, sizeof(raw));

	load_fails(raw, 0, "empty");
	load_fails(raw, 3, "too small");
	kvm->cfg.kernel_format = KERNEL_FORMAT_AUTO;
	load_fails(text, sizeof(text) - 1, "text file");
	load_fails(zstd, sizeof(zstd), "zstd");
	load_fails("MZ", 2, "truncated PE/DOS header");
	load_fails("\x7f" "ELF", 4, "truncated ELF header");
}

static void test_raw_too_big(void **state)
{
	size_t n = RAM_64M;
	u8 *b = calloc(1, n);

	(void)state;
	b[0] = 1;
	kvm->cfg.kernel_format = KERNEL_FORMAT_RAW;
	load_fails(b, n, "raise -m");
	kvm->cfg.kernel_format = KERNEL_FORMAT_AUTO;
	free(b);
}

static void test_initrd(void **state)
{
	struct la_kernel k = { 0x200000, 0x200000, 0x300000, "raw" };
	u8 data[100];
	u64 start = 0;

	(void)state;
	memset(data, 0x77, sizeof(data));
	/* 1 MiB kernel ending at 3 MiB: 3 MiB + 4 * 1 MiB = 7 MiB. */
	assert_int_equal(la_loader__load_initrd(kvm, "rd", data, sizeof(data), &k, &start), 0);
	assert_int_equal(start, 0x700000);
	assert_memory_equal(tkvm_ptr(kvm, 0x700000, sizeof(data)), data, sizeof(data));
}

static void test_initrd_fallback(void **state)
{
	struct kvm *small = tkvm_new(16ULL << 20);
	struct la_kernel k = { 0x200000, 0x200000, 0x600000, "raw" };
	size_t n = 5ULL << 20;
	u8 *data = malloc(n);
	u64 start = 0;
	const char *msg;

	(void)state;
	memset(data, 0x33, n);
	/*
	 * 4 MiB kernel in 16 MiB: 6 + 16 MiB does not fit, 6 + 4 = 10 MiB
	 * leaves room for 5 MiB.
	 */
	assert_int_equal(la_loader__load_initrd(small, "rd", data, n, &k, &start), 0);
	assert_int_equal(start, 10ULL << 20);
	free(data);

	/* 7 MiB: 10 + 7 > 16, top of RAM 9 MiB < 10: no room. */
	n = 7ULL << 20;
	data = calloc(1, n);
	cap_begin();
	assert_int_equal(la_loader__load_initrd(small, "rd", data, n, &k, &start), -ENOMEM);
	msg = cap_end();
	assert_non_null(strstr(msg, "-m too small: kernel and initrd need 17 MiB"));

	cap_begin();
	assert_int_equal(la_loader__load_initrd(small, "rd", data, 0, &k, &start), -EINVAL);
	assert_non_null(strstr(cap_end(), "empty"));
	free(data);
	tkvm_free(small);
}

static void test_initrd_high_ram(void **state)
{
	struct kvm *big = tkvm_new(512ULL << 20);
	struct la_kernel k = { 0x200000, 0x200000, 0x4200000, "raw" };	/* 64 MiB */
	size_t n = 100ULL << 20;
	u8 *data = calloc(1, n);
	u64 start = 0;

	(void)state;
	/*
	 * 66 + 4 * 64 = 322 MiB is in the RAM hole; 66 + 64 = 130 MiB plus
	 * 100 MiB still ends below 256 MiB.
	 */
	assert_int_equal(la_loader__load_initrd(big, "rd", data, n, &k, &start), 0);
	assert_int_equal(start, 130ULL << 20);
	free(data);

	/* 200 MiB only fits at the top of high RAM (256 MiB at 2 GiB). */
	n = 200ULL << 20;
	data = calloc(1, n);
	assert_int_equal(la_loader__load_initrd(big, "rd", data, n, &k, &start), 0);
	assert_int_equal(start, 0x80000000ULL + (56ULL << 20));
	free(data);
	tkvm_free(big);
}

static char tmpdir[] = "/tmp/lkvm-test-loader-XXXXXX";

static void write_file(const char *path, const void *b, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_setup_boot_builtin(void **state)
{
	struct kvm *vm = tkvm_new(RAM_64M);

	(void)state;
	assert_int_equal(kvm__arch_setup_boot(vm), 0);
	/* The hand-written ELF above: entry DMW|0x300004, memsz 0x2000. */
	assert_int_equal(vm->arch.entry, 0x300004);
	assert_int_equal(vm->arch.kernel_start, 0x300000);
	assert_int_equal(vm->arch.kernel_end, 0x302000);
	assert_int_equal(get_le32(tkvm_ptr(vm, 0x300000, 4)), 0x03400000);
	assert_int_equal(vm->arch.initrd_size, 0);
	assert_int_equal(*tkvm_ptr(vm, LA_BOOT_CMDLINE, 1), 0);
	assert_memory_equal(tkvm_ptr(vm, LA_BOOT_SYSTAB, 8), "IBI SYST", 8);
	assert_int_equal(fdt_check_header(tkvm_ptr(vm, LA_FDT_BASE, 64)), 0);
	assert_non_null(vm->arch.fdt);
	tkvm_free(vm);
}

static void test_setup_boot_files(void **state)
{
	struct kvm *vm = tkvm_new(RAM_64M);
	char kpath[128], ipath[128];
	size_t len, zlen;
	u8 *b = mk_elf1(DMW | 0x200000, 0x1000, 0x100000, DMW | 0x200000, &len);
	u8 *z = t_gzip(b, len, &zlen);
	static const u8 rd[] = { 0x1f, 0x8b, 8, 0, 1, 2, 3, 4 };	/* passed as is */
	const char *fdt;
	int node, l;
	const void *p;

	(void)state;
	snprintf(kpath, sizeof(kpath), "%s/vmlinux.gz", tmpdir);
	snprintf(ipath, sizeof(ipath), "%s/initrd.gz", tmpdir);
	write_file(kpath, z, zlen);
	write_file(ipath, rd, sizeof(rd));
	vm->cfg.kernel = kpath;
	vm->cfg.initrd = ipath;
	vm->cfg.params = "console=ttyS0 rdinit=/init";
	assert_int_equal(kvm__arch_setup_boot(vm), 0);
	assert_int_equal(vm->arch.entry, 0x200000);
	assert_int_equal(vm->arch.kernel_end, 0x300000);
	/* 3 MiB + 4 * 1 MiB */
	assert_int_equal(vm->arch.initrd_start, 0x700000);
	assert_int_equal(vm->arch.initrd_size, sizeof(rd));
	assert_memory_equal(tkvm_ptr(vm, 0x700000, sizeof(rd)), rd, sizeof(rd));
	assert_string_equal((char *)tkvm_ptr(vm, LA_BOOT_CMDLINE, 1), vm->cfg.params);

	fdt = (const char *)tkvm_ptr(vm, LA_FDT_BASE, 64);
	node = fdt_path_offset(fdt, "/chosen");
	assert_true(node >= 0);
	p = fdt_getprop(fdt, node, "bootargs", &l);
	assert_non_null(p);
	assert_string_equal(p, vm->cfg.params);
	p = fdt_getprop(fdt, node, "linux,initrd-start", &l);
	assert_int_equal(l, 8);
	assert_int_equal(fdt64_ld((const fdt64_t *)p), 0x700000);

	/* Missing files and a too-long command line fail cleanly. */
	vm->cfg.initrd = "/nonexistent/initrd";
	cap_begin();
	assert_true(kvm__arch_setup_boot(vm) < 0);
	assert_non_null(strstr(cap_end(), "/nonexistent/initrd: cannot read initrd"));
	vm->cfg.initrd = NULL;
	{
		char longp[600];

		memset(longp, 'a', sizeof(longp) - 1);
		longp[sizeof(longp) - 1] = '\0';
		vm->cfg.params = longp;
		cap_begin();
		assert_int_equal(kvm__arch_setup_boot(vm), -E2BIG);
		assert_non_null(strstr(cap_end(), "command line is 599 bytes"));
	}
	vm->cfg.kernel = "/nonexistent/vmlinux";
	cap_begin();
	assert_true(kvm__arch_setup_boot(vm) < 0);
	assert_non_null(strstr(cap_end(), "/nonexistent/vmlinux: cannot read kernel"));

	unlink(kpath);
	unlink(ipath);
	free(z);
	free(b);
	tkvm_free(vm);
}

static void test_cmdline_limits(void **state)
{
	char s[LA_CMDLINE_SIZE + 1];

	(void)state;
	memset(s, 'x', sizeof(s));
	s[LA_CMDLINE_SIZE - 1] = '\0';		/* 511 chars + NUL: fits */
	assert_int_equal(la_boot__write_cmdline(kvm, s), 0);
	assert_int_equal(strlen((char *)tkvm_ptr(kvm, 0, 512)), 511);
	s[LA_CMDLINE_SIZE - 1] = 'x';
	s[LA_CMDLINE_SIZE] = '\0';		/* 512 chars: too long */
	cap_begin();
	assert_int_equal(la_boot__write_cmdline(kvm, s), -E2BIG);
	cap_end();
	assert_int_equal(la_boot__write_cmdline(kvm, NULL), 0);
	assert_int_equal(*tkvm_ptr(kvm, 0, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_elf_dmw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elf_phys_two_segs_dyn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elf_wrong_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elf_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elf_bad_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_efi_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_efi_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip, setup, teardown),
		cmocka_unit_test(test_gunzip_cap),
		cmocka_unit_test_setup_teardown(test_zboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_and_junk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd, setup, teardown),
		cmocka_unit_test(test_initrd_fallback),
		cmocka_unit_test(test_initrd_high_ram),
		cmocka_unit_test(test_setup_boot_builtin),
		cmocka_unit_test(test_setup_boot_files),
		cmocka_unit_test_setup_teardown(test_cmdline_limits, setup, teardown),
	};

	return run_tests_in_tmpdir(tests, tmpdir);
}
