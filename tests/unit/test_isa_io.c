/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The empty legacy I/O window: what an ISA bus with nothing on it answers
 * (all-ones), at every port and width the kernel's inb/inw/inl use, with
 * writes dropped and nothing printed, however often a driver probes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/isa-io.h"
#include "lkvm/kvm.h"
#include "arch/board.h"
#include "board_dev_test.h"

#define BASE	0x18000000ULL
#define SIZE	0x4000ULL

BOARD_DEV_FIXTURE(isa_io__init, LA_DEV_ISA_IO)

static void test_reads_all_ones(void **state)
{
	static const u64 ports[] = { 0x60, 0x64, 0x3f8, 0x70, 0x80, 0, SIZE - 4 };
	unsigned int i, w;
	u8 d[8];

	(void)state;
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		for (w = 1; w <= 4; w *= 2) {
			memset(d, 0, sizeof(d));
			assert_true(io_space__access(&kvm.mmio, NULL, BASE + ports[i], d, w,
						     false));
			assert_int_equal(get_le32(d) & (w == 4 ? ~0u : (1u << (8 * w)) - 1),
					 w == 4 ? 0xffffffffu : (1u << (8 * w)) - 1);
			assert_int_equal(d[w], 0);	/* nothing past the access */
		}
}

static void test_writes_dropped_silently(void **state)
{
	u8 d[4] = { 0xaa, 0, 0, 0 }, r[1];
	int i, fd[2], saved;
	char buf[64];
	ssize_t n;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd[1], 2);
	for (i = 0; i < 10000; i++)		/* a driver polling a port */
		assert_true(io_space__access(&kvm.mmio, NULL, BASE + 0x64, d, 1, true));
	assert_true(io_space__access(&kvm.mmio, NULL, BASE + 0x64, r, 1, false));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd[1]);
	n = read(fd[0], buf, sizeof(buf));
	close(fd[0]);
	assert_int_equal(n, 0);			/* no log line at all */
	assert_int_equal(r[0], 0xff);		/* the write did not stick */
}

static void test_window_bounds(void **state)
{
	u8 d[1];

	(void)state;
	/* The window ends where the kernel's ISA_IOSIZE does. */
	assert_true(io_space__access(&kvm.mmio, NULL, BASE + SIZE - 1, d, 1, false));
	assert_false(io_space__access(&kvm.mmio, NULL, BASE + SIZE, d, 1, false));
	assert_false(io_space__access(&kvm.mmio, NULL, BASE - 1, d, 1, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_all_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_dropped_silently, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_bounds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
