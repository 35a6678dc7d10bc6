/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvpanic-mmio: what Linux's drivers/misc/pvpanic expects (a byte register
 * that reads the supported events, bit 0 PANICKED, bit 1 CRASH_LOADED, per
 * QEMU's docs/specs/pvpanic.rst) and how lkvm ends the run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include "lkvm/kvm.h"
#include "lkvm/pvpanic.h"
#include "lkvm/device.h"
#include "arch/board.h"
#include "board_dev_test.h"

#define BASE	0x100f0100ULL

BOARD_DEV_FIXTURE(pvpanic__init, LA_DEV_PVPANIC)

static void bus(u64 addr, u8 *d, u32 len, bool is_write)
{
	assert_true(io_space__access(&kvm.mmio, NULL, addr, d, len, is_write));
}

static void test_reads_supported_events(void **state)
{
	u8 d[2];

	(void)state;
	memset(d, 0xee, sizeof(d));
	bus(BASE, d, 1, false);
	assert_int_equal(d[0], 0x3);		/* PANICKED | CRASH_LOADED */
	memset(d, 0xee, sizeof(d));
	bus(BASE + 1, d, 1, false);
	assert_int_equal(d[0], 0);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_panicked_stops_with_error(void **state)
{
	u8 d = 0x1;

	(void)state;
	bus(BASE, &d, 1, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_ERROR);
	assert_int_equal(atomic_load(&kvm.exit_code), 101);
}

static void test_crash_loaded_does_not_stop(void **state)
{
	u8 d = 0x2;

	(void)state;
	bus(BASE, &d, 1, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
	d = 0;
	bus(BASE, &d, 1, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_other_offset_ignored(void **state)
{
	u8 d = 0x1;

	(void)state;
	bus(BASE + 1, &d, 1, true);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_outside_range_unclaimed(void **state)
{
	u8 d = 0x1;

	(void)state;
	assert_false(io_space__access(&kvm.mmio, NULL, BASE + 2, &d, 1, true));
	assert_false(io_space__access(&kvm.mmio, NULL, BASE - 1, &d, 1, true));
}

static void test_fdt_node(void **state)
{
	static u8 fdt[4096];
	const fdt32_t *reg;	/* properties are only 4-byte aligned */
	int node, len;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	assert_int_equal(fdt_gen__run_all(&kvm, fdt), 0);
	node = fdt_node_offset_by_compatible(fdt, -1, "qemu,pvpanic-mmio");
	assert_true(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(reg[0]), 0);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x100f0100);
	assert_int_equal(fdt32_to_cpu(reg[2]), 0);
	assert_int_equal(fdt32_to_cpu(reg[3]), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_supported_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_panicked_stops_with_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_loaded_does_not_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_offset_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside_range_unclaimed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdt_node, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
