/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Power-off/reboot registers. Values from QEMU's virt board FDT
 * (syscon-poweroff: offset 0, value 0x34; syscon-reboot: offset 2,
 * value 0x42) and the ACPI SLP_EN (bit 5) / SLP_TYP (bits 4:2) layout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include "lkvm/kvm.h"
#include "lkvm/ged.h"
#include "lkvm/device.h"
#include "arch/board.h"
#include "board_dev_test.h"

BOARD_DEV_FIXTURE(ged__init, LA_DEV_GED)

static void bus_write8(u64 addr, u8 v)
{
	assert_true(io_space__access(&kvm.mmio, NULL, addr, &v, 1, true));
}

static void test_poweroff(void **state)
{
	(void)state;
	bus_write8(0x100e001c, 0x34);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_POWEROFF);
	assert_int_equal(atomic_load(&kvm.exit_code), 0);
}

static void test_other_sleep_states_ignored(void **state)
{
	(void)state;
	bus_write8(0x100e001c, 0x20 | (3 << 2));	/* S3 */
	bus_write8(0x100e001c, 5 << 2);			/* S5 without SLP_EN */
	bus_write8(0x100e001d, 0x34);			/* SLEEP_STS */
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
}

static void test_reboot(void **state)
{
	(void)state;
	bus_write8(0x100e001e, 0x41);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
	bus_write8(0x100e001e, 0x42);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_REBOOT);
}

static void test_region_bounds(void **state)
{
	u8 d[4] = { 0x34, 0, 0, 0 };

	(void)state;
	/* Exactly three bytes at 0x100e001c. */
	assert_non_null(io_space__find(&kvm.mmio, 0x100e001c, 1));
	assert_non_null(io_space__find(&kvm.mmio, 0x100e001e, 1));
	assert_null(io_space__find(&kvm.mmio, 0x100e001f, 1));
	assert_null(io_space__find(&kvm.mmio, 0x100e001b, 1));
	/* A 4-byte access would leave the region: not routed to the GED. */
	assert_false(io_space__access(&kvm.mmio, NULL, 0x100e001c, d, 4, true));
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);
	/* A 2-byte write at SLEEP_CTL acts on its first byte. */
	assert_true(io_space__access(&kvm.mmio, NULL, 0x100e001c, d, 2, true));
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_POWEROFF);
}

static void test_fdt_nodes(void **state)
{
	char fdt[2048];
	const fdt32_t *p;
	int node, len;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	assert_int_equal(fdt_gen__run_all(&kvm, fdt), 0);

	node = fdt_path_offset(fdt, "/ged@100e001c");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(fdt, node, "syscon"), 0);
	p = fdt_getprop(fdt, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[1]), 0x100e001c);
	assert_int_equal(fdt32_to_cpu(p[3]), 3);
	assert_int_equal(fdt_get_phandle(fdt, node), 5);

	node = fdt_path_offset(fdt, "/poweroff");
	assert_int_equal(fdt_node_check_compatible(fdt, node, "syscon-poweroff"), 0);
	p = fdt_getprop(fdt, node, "value", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 0x34);
	p = fdt_getprop(fdt, node, "offset", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 0);
	p = fdt_getprop(fdt, node, "regmap", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 5);

	node = fdt_path_offset(fdt, "/reboot");
	assert_int_equal(fdt_node_check_compatible(fdt, node, "syscon-reboot"), 0);
	p = fdt_getprop(fdt, node, "value", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 0x42);
	p = fdt_getprop(fdt, node, "offset", &len);
	assert_int_equal(fdt32_to_cpu(p[0]), 2);

	/* One owner per node: a /poweroff someone else wrote is an error. */
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	node = fdt_add_subnode(fdt, 0, "poweroff");
	assert_int_equal(fdt_setprop_string(fdt, node, "compatible", "mine"), 0);
	assert_true(fdt_gen__run_all(&kvm, fdt) < 0);
}

/* A signal that lands while a reboot is being requested still ends lkvm. */
static void test_signal_beats_reboot(void **state)
{
	(void)state;
	bus_write8(0x100e001e, 0x42);			/* RESET */
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_REBOOT);
	kvm__request_stop(&kvm, STOP_SIGNAL, 143);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_SIGNAL);
	assert_int_equal(atomic_load(&kvm.exit_code), 143);
	/* but nothing replaces a signal */
	kvm__request_stop(&kvm, STOP_POWEROFF, 0);
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_SIGNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_poweroff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_sleep_states_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdt_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_beats_reboot, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
