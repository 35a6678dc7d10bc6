/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCH-MSI doorbell (MMIO 0x2ff00000): FACTS.md §4.7. A 32-bit write of a
 * vector in msi-base-vec 32 .. 32 + 224 - 1 raises that EXTIOI vector.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "irqchip_fake.h"

#define DOORBELL	0x2ff00000ULL
#define COREISR		0x1800
#define HWI1		3

static int setup(void **state)
{
	(void)state;
	irqf_setup(2, false);
	irqf_linux_eiointc();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	irqf_teardown();
	return 0;
}

static void test_write_raises_vector(void **state)
{
	(void)state;
	mmio_wr(DOORBELL, 4, 40);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 40);
	assert_int_equal(irqf_line(0, HWI1), 1);
	iocsr_wr(0, COREISR, 8, 1ULL << 40);
	assert_int_equal(irqf_line(0, HWI1), 0);
	/* Each message is a new interrupt. */
	mmio_wr(DOORBELL, 4, 40);
	assert_int_equal(irqf_count(0, HWI1), 2);
	mmio_wr(DOORBELL, 8, 255);
	assert_int_equal(iocsr_rd(0, COREISR + 24, 8), 1ULL << 63);
	assert_int_equal(mmio_rd(DOORBELL, 4), 0);
}

static void test_out_of_range_ignored(void **state)
{
	(void)state;
	mmio_wr(DOORBELL, 4, 31);			/* a PCH-PIC vector */
	mmio_wr(DOORBELL, 4, 256);
	mmio_wr(DOORBELL, 4, 0xffffffff);
	mmio_wr(DOORBELL, 1, 40);			/* not a 32-bit message */
	mmio_wr(DOORBELL + 4, 4, 40);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 0);
	assert_int_equal(iocsr_rd(0, COREISR + 8, 8), 0);
	assert_int_equal(irqf.nr_log, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_raises_vector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range_ignored, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
