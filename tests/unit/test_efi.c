/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EFI hand-off tables, decoded with offsets from the UEFI spec and the
 * 64-bit layouts of include/linux/efi.h (efi_system_table_t,
 * efi_config_table_64_t, struct efi_boot_memmap, efi_memory_desc_t).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>
#include "la_boot_testlib.h"
#include "arch/boot.h"

/* GUIDs as bytes: first three fields little-endian, then 8 bytes. */
static const u8 guid_fdt[16] = {	/* b1b621d5-f19c-41a5-830b-d9152c69aae0 */
	0xd5, 0x21, 0xb6, 0xb1, 0x9c, 0xf1, 0xa5, 0x41,
	0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 };
static const u8 guid_initrd[16] = {	/* 5568e427-68fc-4f3d-ac74-ca555231cc68 */
	0x27, 0xe4, 0x68, 0x55, 0xfc, 0x68, 0x3d, 0x4f,
	0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 };
static const u8 guid_memmap[16] = {	/* 800f683f-d08b-423a-a293-965c3c6fe2b4 */
	0x3f, 0x68, 0x0f, 0x80, 0x8b, 0xd0, 0x3a, 0x42,
	0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4 };
static const u8 guid_rt_prop[16] = {	/* eb66918a-7eef-402a-842e-931d21c38ae9 */
	0x8a, 0x91, 0x66, 0xeb, 0xef, 0x7e, 0x2a, 0x40,
	0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 };

/*
 * What GetTime must be (registers: a0 = EFI_TIME *, a1 = caps or NULL;
 * wall clock at 0x100f0200 through DMW0), in assembler: llvm-mc turns it
 * into the words lkvm must have written. Then the EFI_UNSUPPORTED stub.
 */
static const char rt_asm[] =
	"beqz $a0, 84\n"
	"lu12i.w $t0, 0x100f0\n ori $t0, $t0, 0x200\n lu52i.d $t0, $t0, -2048\n"
	"ld.w $t1, $t0, 0\n ld.w $t2, $t0, 4\n ld.w $t3, $t0, 8\n ld.w $t4, $t0, 12\n"
	"st.w $t1, $a0, 0\n st.w $t2, $a0, 4\n st.w $t3, $a0, 8\n st.w $t4, $a0, 12\n"
	"beqz $a1, 28\n"
	"ld.w $t1, $t0, 16\n ld.w $t2, $t0, 20\n ld.w $t3, $t0, 24\n"
	"st.w $t1, $a1, 0\n st.w $t2, $a1, 4\n st.b $t3, $a1, 8\n"
	"or $a0, $zero, $zero\n jirl $zero, $ra, 0\n"
	"lu52i.d $a0, $zero, -2048\n ori $a0, $a0, 2\n jirl $zero, $ra, 0\n"
	"lu52i.d $a0, $zero, -2048\n ori $a0, $a0, 3\n jirl $zero, $ra, 0\n";

/* Pointer of the configuration table with guid, or 0. */
static u64 find_table(struct kvm *kvm, const u8 *guid)
{
	u8 *st = tkvm_ptr(kvm, 0x1000, 120);
	u64 n = get_le64(st + 104), tab = get_le64(st + 112), i;

	for (i = 0; i < n; i++) {
		u8 *e = tkvm_ptr(kvm, tab + 24 * i, 24);

		if (!memcmp(e, guid, 16))
			return get_le64(e + 16);
	}
	return 0;
}

struct mdesc {
	u32 type;
	u64 start, end;
};

static void check_memmap(struct kvm *kvm, const struct mdesc *want, unsigned int n)
{
	u64 mm = find_table(kvm, guid_memmap);
	u8 *h, *d;
	unsigned int i;

	assert_int_equal(mm, 0x3000);
	h = tkvm_ptr(kvm, mm, 40);
	assert_int_equal(get_le64(h + 0), 40ULL * n);	/* map_size */
	assert_int_equal(get_le64(h + 8), 40);		/* desc_size */
	assert_int_equal(get_le32(h + 16), 1);		/* desc_ver */
	assert_int_equal(get_le64(h + 32), 40ULL * n);	/* buff_size */
	for (i = 0; i < n; i++) {
		d = tkvm_ptr(kvm, mm + 40 + 40 * i, 40);
		assert_int_equal(get_le32(d), want[i].type);
		assert_int_equal(get_le64(d + 8), want[i].start);
		assert_int_equal(get_le64(d + 24) * 4096, want[i].end - want[i].start);
		if (want[i].type == 5) {	/* WB | RUNTIME, mapped at DMW0 */
			assert_int_equal(get_le64(d + 32), 0x8000000000000008ULL);
			assert_int_equal(get_le64(d + 16), want[i].start | (1ULL << 63));
		} else {
			assert_int_equal(get_le64(d + 32), 0x8);	/* EFI_MEMORY_WB */
			assert_int_equal(get_le64(d + 16), 0);
		}
	}
	/* Nothing after the last descriptor. */
	d = tkvm_ptr(kvm, mm + 40 + 40 * n, 40);
	assert_int_equal(get_le32(d), 0);
	assert_int_equal(get_le64(d + 24), 0);
}

static void test_with_initrd(void **state)
{
	struct kvm *kvm = tkvm_new(512ULL << 20);
	const struct mdesc want[] = {
		{ 2, 0, 0x5000 },			/* boot area: loader data */
		{ 5, 0x5000, 0x6000 },			/* runtime services code */
		{ 2, 0x6000, 0x200000 },
		{ 1, 0x200000, 0x5a4000 },		/* kernel, rounded to 4 KiB */
		{ 7, 0x5a4000, 0x1000000 },
		{ 2, 0x1000000, 0x1013000 },		/* initrd */
		{ 7, 0x1013000, 0x10000000 },
		{ 7, 0x80000000, 0x90000000 },
	};
	u8 *st, copy[120], *fw, *rd;

	(void)state;
	memset(kvm->banks[0].hva, 0xcc, 0x10000);	/* stale contents */
	kvm->arch.kernel_start = 0x200000;
	kvm->arch.kernel_end = 0x5a3456;
	kvm->arch.initrd_start = 0x1000000;
	kvm->arch.initrd_size = 0x12345;
	assert_int_equal(la_efi__setup(kvm), 0);

	st = tkvm_ptr(kvm, 0x1000, 120);
	assert_memory_equal(st, "IBI SYST", 8);
	assert_int_equal(get_le32(st + 8), (2 << 16) | 70);
	assert_int_equal(get_le32(st + 12), 120);
	memcpy(copy, st, 120);
	memset(copy + 16, 0, 4);
	assert_int_equal(get_le32(st + 16), (u32)crc32(0, copy, 120));
	fw = tkvm_ptr(kvm, get_le64(st + 24), 10);
	assert_memory_equal(fw, "l\0k\0v\0m\0\0\0", 10);
	/* Runtime services at their DMW0 (EFI_RT_VIRTUAL_OFFSET) address. */
	assert_int_equal(get_le64(st + 88), 0x8000000000005000ULL);
	assert_int_equal(get_le64(st + 96), 0);		/* no boot services */
	assert_int_equal(get_le64(st + 104), 4);
	assert_int_equal(get_le64(st + 112), 0x2000);

	assert_int_equal(find_table(kvm, guid_fdt), 0x100000);
	assert_int_equal(find_table(kvm, guid_initrd), 0x4000);
	rd = tkvm_ptr(kvm, 0x4000, 16);
	assert_int_equal(get_le64(rd), 0x1000000);
	assert_int_equal(get_le64(rd + 8), 0x12345);
	check_memmap(kvm, want, ARRAY_SIZE(want));
	tkvm_free(kvm);
}

static void test_without_initrd(void **state)
{
	struct kvm *kvm = tkvm_new(64ULL << 20);
	const struct mdesc want[] = {
		{ 2, 0, 0x5000 },
		{ 5, 0x5000, 0x6000 },
		{ 2, 0x6000, 0x200000 },
		{ 1, 0x200000, 0x300000 },
		{ 7, 0x300000, 0x4000000 },
	};
	u8 *st;

	(void)state;
	kvm->arch.kernel_start = 0x200000;
	kvm->arch.kernel_end = 0x300000;
	assert_int_equal(la_efi__setup(kvm), 0);
	st = tkvm_ptr(kvm, 0x1000, 120);
	assert_int_equal(get_le64(st + 104), 3);
	assert_int_equal(find_table(kvm, guid_initrd), 0);
	assert_int_equal(find_table(kvm, guid_fdt), 0x100000);
	check_memmap(kvm, want, ARRAY_SIZE(want));
	tkvm_free(kvm);
}

/* The kernel in high RAM, the initrd in low RAM below it. */
static void test_high_kernel(void **state)
{
	struct kvm *kvm = tkvm_new(1ULL << 30);
	const struct mdesc want[] = {
		{ 2, 0, 0x5000 },
		{ 5, 0x5000, 0x6000 },
		{ 2, 0x6000, 0x200000 },
		{ 7, 0x200000, 0x800000 },
		{ 2, 0x800000, 0x900000 },
		{ 7, 0x900000, 0x10000000 },
		{ 7, 0x80000000, 0x81000000 },
		{ 1, 0x81000000, 0x82000000 },
		{ 7, 0x82000000, 0xb0000000 },
	};

	(void)state;
	kvm->arch.kernel_start = 0x81000000;
	kvm->arch.kernel_end = 0x82000000;
	kvm->arch.initrd_start = 0x800000;
	kvm->arch.initrd_size = 0x100000;
	assert_int_equal(la_efi__setup(kvm), 0);
	check_memmap(kvm, want, ARRAY_SIZE(want));
	tkvm_free(kvm);
}

/* The runtime services table, its properties table and GetTime's code. */
static void test_runtime_services(void **state)
{
	struct kvm *kvm = tkvm_new(64ULL << 20);
	char dir[] = "/tmp/lkvm-test-efi-XXXXXX", cmd[512];
	u8 *rt, *prop, copy[136], want[4 * 27];
	u64 fn, unsup;
	unsigned int i;
	FILE *f;

	(void)state;
	kvm->arch.kernel_start = 0x200000;
	kvm->arch.kernel_end = 0x300000;
	assert_int_equal(la_efi__setup(kvm), 0);
	rt = tkvm_ptr(kvm, 0x5000, 136);
	assert_memory_equal(rt, "RUNTSERV", 8);
	assert_int_equal(get_le32(rt + 12), 136);	/* header + 14 pointers */
	memcpy(copy, rt, 136);
	memset(copy + 16, 0, 4);
	assert_int_equal(get_le32(rt + 16), (u32)crc32(0, copy, 136));
	fn = get_le64(rt + 24);				/* GetTime */
	assert_int_equal(fn >> 48, 0x8000);		/* DMW0 addresses */
	unsup = get_le64(rt + 32);			/* SetTime */
	for (i = 40; i < 136; i += 8)
		assert_int_equal(get_le64(rt + i), unsup);
	assert_int_not_equal(fn, unsup);

	/* Only GET_TIME | SET_TIME (rtc-efi needs both bits) are claimed. */
	assert_int_equal(find_table(kvm, guid_rt_prop), 0x4100);
	prop = tkvm_ptr(kvm, 0x4100, 8);
	assert_int_equal(get_le16(prop), 1);
	assert_int_equal(get_le16(prop + 2), 8);
	assert_int_equal(get_le32(prop + 4), 0x3);

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s/rt.s", dir);
	f = fopen(cmd, "w");
	assert_non_null(f);
	fputs(rt_asm, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && llvm-mc-19 --triple=loongarch64 -filetype=obj rt.s -o rt.o 2>/dev/null"
		 " && llvm-objcopy-19 -O binary -j .text rt.o rt.bin", dir);
	if (system(cmd) != 0)
		fail_msg("llvm-mc-19/llvm-objcopy-19 failed: run scripts/install-deps.sh");
	snprintf(cmd, sizeof(cmd), "%s/rt.bin", dir);
	f = fopen(cmd, "rb");
	assert_non_null(f);
	assert_int_equal(fread(want, 1, sizeof(want), f), sizeof(want));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(fn & 0xffffffffffffULL, 0x5100);
	assert_memory_equal(tkvm_ptr(kvm, fn & 0xffffffffffffULL, sizeof(want)), want,
			    sizeof(want));
	assert_int_equal(unsup, fn + 4 * 24);
	tkvm_free(kvm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtime_services),
		cmocka_unit_test(test_with_initrd),
		cmocka_unit_test(test_without_initrd),
		cmocka_unit_test(test_high_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
