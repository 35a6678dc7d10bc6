/* SPDX-License-Identifier: GPL-2.0-only */
/* The lkvm test device: exit codes, detection and the boot mark. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libfdt.h>
#include "lkvm/kvm.h"
#include "lkvm/testdev.h"
#include "lkvm/device.h"
#include "arch/board.h"
#include "board_dev_test.h"

#define BASE	0x100f0000ULL

BOARD_DEV_FIXTURE(testdev__init, LA_DEV_TESTDEV)

static void bus(u64 addr, u8 *d, u32 len, bool is_write)
{
	assert_true(io_space__access(&kvm.mmio, NULL, addr, d, len, is_write));
}

static void test_exit_code(void **state)
{
	u8 d[4];

	(void)state;
	put_le32(d, 0x1234);		/* masked to its low 8 bits: 0x34 */
	bus(BASE + 0, d, 4, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_GUEST_CODE);
	assert_int_equal(atomic_load(&kvm.exit_code), 0x34);
}

static void test_exit_zero_and_first_wins(void **state)
{
	u8 d[4];

	(void)state;
	put_le32(d, 0);
	bus(BASE + 0, d, 4, true);
	put_le32(d, 7);
	bus(BASE + 0, d, 4, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_GUEST_CODE);
	assert_int_equal(atomic_load(&kvm.exit_code), 0);
}

static void test_narrow_writes_ignored(void **state)
{
	u8 d[4] = { 9, 0, 0, 0 };

	(void)state;
	bus(BASE + 0, d, 1, true);
	bus(BASE + 0, d, 2, true);
	bus(BASE + 2, d, 2, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_id_and_version(void **state)
{
	u8 d[8];

	(void)state;
	memset(d, 0xee, sizeof(d));
	bus(BASE + 8, d, 4, false);
	assert_memory_equal(d, "lkvm", 4);
	bus(BASE + 12, d, 4, false);
	assert_int_equal(get_le32(d), 1);
	/* The exit and mark registers read as zero. */
	bus(BASE + 0, d, 8, false);
	assert_int_equal(get_le64(d), 0);
	/* Outside the 16 bytes: nothing there. */
	assert_false(io_space__access(&kvm.mmio, NULL, BASE + 16, d, 4, false));
}

static void test_boot_mark(void **state)
{
	struct timespec ts;
	double ms;
	u8 d[4];

	(void)state;
	/* Pretend lkvm started 1.5 s ago. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec -= 2;
	ts.tv_nsec += 500000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_nsec -= 1000000000;
		ts.tv_sec++;
	}
	testdev__set_start(&ts);
	ms = testdev__ms_since_start();
	assert_true(ms >= 1500.0 && ms < 1500.0 + 5000.0);

	put_le32(d, 123);
	bus(BASE + 4, d, 4, true);	/* logs; must not stop the VM */
	put_le32(d, 124);
	bus(BASE + 4, d, 4, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_fdt_node(void **state)
{
	char fdt[1024];
	const fdt32_t *p;
	int node, len;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	assert_int_equal(fdt_gen__run_all(&kvm, fdt), 0);
	node = fdt_node_offset_by_compatible(fdt, -1, "lkvm,testdev");
	assert_true(node >= 0);
	p = fdt_getprop(fdt, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[1]), 0x100f0000);
	assert_int_equal(fdt32_to_cpu(p[3]), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exit_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_zero_and_first_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_writes_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdt_node, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
