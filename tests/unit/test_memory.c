/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest RAM layout: low RAM below 256 MiB, the rest at 2 GiB. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <cmocka.h>
#include "lkvm/kvm.h"

static void test_small_one_bank(void **state)
{
	struct kvm_mem_bank b[KVM_MAX_MEM_BANKS];
	int n = -1;

	(void)state;
	assert_int_equal(kvm__arch_layout_ram(64ULL << 20, b, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].gpa, 0);
	assert_int_equal(b[0].size, 64ULL << 20);
	assert_null(b[0].hva);
}

static void test_exactly_256m(void **state)
{
	struct kvm_mem_bank b[KVM_MAX_MEM_BANKS];
	int n = -1;

	(void)state;
	assert_int_equal(kvm__arch_layout_ram(0x10000000ULL, b, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].size, 0x10000000ULL);
}

static void test_split(void **state)
{
	struct kvm_mem_bank b[KVM_MAX_MEM_BANKS];
	int n = -1;

	(void)state;
	/* 1 GiB: 256 MiB at 0, 768 MiB at 0x80000000 (QEMU virt HIGHMEM). */
	assert_int_equal(kvm__arch_layout_ram(1ULL << 30, b, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(b[0].gpa, 0);
	assert_int_equal(b[0].size, 256ULL << 20);
	assert_int_equal(b[1].gpa, 0x80000000ULL);
	assert_int_equal(b[1].size, 768ULL << 20);
	assert_null(b[1].hva);

	/* 256 MiB + 64 KiB: a 64 KiB high bank. */
	assert_int_equal(kvm__arch_layout_ram((256ULL << 20) + 0x10000, b, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(b[1].size, 0x10000);
}

static void test_rejects(void **state)
{
	struct kvm_mem_bank b[KVM_MAX_MEM_BANKS];
	int n = -1;

	(void)state;
	assert_int_equal(kvm__arch_layout_ram(0, b, &n), -EINVAL);
	assert_int_equal(kvm__arch_layout_ram(15ULL << 20, b, &n), -EINVAL);
	assert_int_equal(kvm__arch_layout_ram(16ULL << 20, b, &n), 0);
	assert_int_equal(kvm__arch_layout_ram((64ULL << 20) + 4096, b, &n), -EINVAL);
	assert_int_equal(kvm__arch_layout_ram((64ULL << 20) + 1, b, &n), -EINVAL);
	assert_int_equal(kvm__arch_layout_ram(2ULL << 40, b, &n), -EINVAL);
	assert_int_equal(kvm__arch_layout_ram(~0ULL, b, &n), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_one_bank),
		cmocka_unit_test(test_exactly_256m),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
