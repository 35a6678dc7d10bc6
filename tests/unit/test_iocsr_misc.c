/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IOCSR misc registers (loongarch/iocsr-misc.c). Expected values come from
 * the kernel's asm/loongarch.h (register offsets, IOCSRF_* bits, EXT_IOI_EN
 * = bit 48) and QEMU's virt board (VERSION 0x11, "Loongson", "3A5000").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/kvm.h"
#include "arch/memmap.h"
#include "arch/iocsr-misc.h"

#define MISC_SIZE	0x428

static struct kvm kvm;

/* The register block as the guest should see it, byte by byte. */
static void expected_image(u8 img[MISC_SIZE], u64 misc_func)
{
	static const char vendor[8] = { 'L', 'o', 'o', 'n', 'g', 's', 'o', 'n' };
	static const char cpuname[8] = { '3', 'A', '5', '0', '0', '0', 0, 0 };
	/* MSI (2) | EXTIOI (3) | CSRIPI (4) | VM (11) */
	u64 features = (1ULL << 2) | (1ULL << 3) | (1ULL << 4) | (1ULL << 11);
	int i;

	memset(img, 0, MISC_SIZE);
	img[0x0] = 0x11;
	for (i = 0; i < 8; i++) {
		img[0x8 + i] = (u8)(features >> (8 * i));
		img[0x10 + i] = (u8)vendor[i];
		img[0x20 + i] = (u8)cpuname[i];
		img[0x420 + i] = (u8)(misc_func >> (8 * i));
	}
}

static u64 rd(u64 off, u32 len)
{
	u8 data[8];

	memset(data, 0xa5, sizeof(data));
	la_iocsr_misc__access(NULL, off, data, len, false, &kvm);
	return get_le(data, len);
}

static void wr(u64 off, u32 len, u64 val)
{
	u8 data[8];

	put_le(data, len, val);
	la_iocsr_misc__access(NULL, off, data, len, true, &kvm);
}

static int setup(void **state)
{
	(void)state;
	memset(&kvm, 0, sizeof(kvm));
	io_space__init(&kvm.arch.iocsr, "iocsr");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	io_space__exit(&kvm.arch.iocsr);
	return 0;
}

static void test_named_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(0x0, 4), 0x11);
	assert_int_equal(rd(0x8, 4), 0x81c);
	/* "Loongson" and "3A5000" read as 64-bit little-endian numbers. */
	assert_int_equal(rd(0x10, 8), 0x6e6f73676e6f6f4cULL);
	assert_int_equal(rd(0x20, 8), 0x303030354133ULL);
	assert_int_equal(rd(0x408, 8), 0);
	assert_int_equal(rd(0x420, 8), 0);
}

/* Every width at every offset, including accesses that straddle registers. */
static void test_every_width_every_offset(void **state)
{
	static const u32 widths[] = { 1, 2, 4, 8 };
	u8 img[MISC_SIZE];
	u64 off;
	unsigned int w;

	(void)state;
	kvm.arch.misc_func = 0x0123456789abcdefULL;
	expected_image(img, kvm.arch.misc_func);
	for (w = 0; w < 4; w++) {
		u32 len = widths[w];

		for (off = 0; off + len <= MISC_SIZE; off++) {
			u64 want = 0;
			u32 i;

			for (i = 0; i < len; i++)
				want |= (u64)img[off + i] << (8 * i);
			if (rd(off, len) != want)
				fail_msg("offset 0x%llx len %u: got 0x%llx want 0x%llx",
					 (unsigned long long)off, len,
					 (unsigned long long)rd(off, len), (unsigned long long)want);
		}
	}
}

static void test_misc_func_storage(void **state)
{
	(void)state;
	kvm.arch.misc_func = 0;
	/* The guest eiointc driver: read-modify-write of EXT_IOI_EN (bit 48). */
	wr(0x420, 8, rd(0x420, 8) | (1ULL << 48));
	assert_int_equal(kvm.arch.misc_func, 1ULL << 48);
	assert_int_equal(rd(0x420, 8), 1ULL << 48);
	/* Byte and half-word slices update only their bytes. */
	wr(0x421, 1, 0x04);			/* bit 10: SOFT_INT */
	assert_int_equal(rd(0x420, 8), (1ULL << 48) | (1ULL << 10));
	wr(0x426, 2, 0x0003);			/* bits 48 and 49 */
	assert_int_equal(rd(0x420, 8), (3ULL << 48) | (1ULL << 10));
	assert_int_equal(rd(0x426, 1), 0x03);
	assert_int_equal(rd(0x424, 4), 0x00030000);
	wr(0x420, 4, 0);
	assert_int_equal(rd(0x420, 8), 3ULL << 48);
}

static void test_read_only_registers(void **state)
{
	u8 img[MISC_SIZE];

	(void)state;
	kvm.arch.misc_func = 0;
	wr(0x0, 8, ~0ULL);
	wr(0x8, 4, 0);
	wr(0x10, 8, 0);
	wr(0x408, 8, 5);
	expected_image(img, 0);
	assert_int_equal(rd(0x0, 8), get_le64(&img[0]));
	assert_int_equal(rd(0x8, 8), get_le64(&img[8]));
	assert_int_equal(rd(0x10, 8), get_le64(&img[0x10]));
	assert_int_equal(rd(0x408, 8), 0);
	assert_int_equal(kvm.arch.misc_func, 0);
	/* A write straddling the hole below MISC_FUNC reaches only its bytes. */
	wr(0x41c, 8, 0xffffffff00000000ULL);
	assert_int_equal(kvm.arch.misc_func, 0xffffffffULL);
}

static void test_out_of_range_is_harmless(void **state)
{
	u8 data[8];

	(void)state;
	memset(data, 0xa5, sizeof(data));
	la_iocsr_misc__access(NULL, 0x424, data, 8, false, &kvm);
	assert_int_equal(get_le64(data), 0);
	la_iocsr_misc__access(NULL, 0x10000, data, 4, false, &kvm);
	assert_int_equal(get_le32(data), 0);
	la_iocsr_misc__access(NULL, 0x424, data, 8, true, &kvm);
}

static void test_registered_on_iocsr_space(void **state)
{
	u8 data[8];

	(void)state;
	assert_int_equal(la_iocsr_misc__init(&kvm), 0);
	assert_non_null(io_space__find(&kvm.arch.iocsr, 0x0, 8));
	assert_non_null(io_space__find(&kvm.arch.iocsr, 0x420, 8));
	assert_null(io_space__find(&kvm.arch.iocsr, 0x428, 1));
	assert_true(io_space__access(&kvm.arch.iocsr, NULL, 0x8, data, 4, false));
	assert_int_equal(get_le32(data), 0x81c);
	put_le64(data, 1ULL << 48);
	assert_true(io_space__access(&kvm.arch.iocsr, NULL, 0x420, data, 8, true));
	assert_int_equal(kvm.arch.misc_func, 1ULL << 48);
	/* Registering twice overlaps and is refused. */
	assert_int_not_equal(la_iocsr_misc__init(&kvm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_named_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_width_every_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misc_func_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range_is_harmless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registered_on_iocsr_space, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
