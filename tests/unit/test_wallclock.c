/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wall-clock registers behind EFI GetTime: an EFI_TIME (UEFI 2.7
 * 8.3: u16 year, u8 month 1-12, day, hour, minute, second, pad, u32 ns,
 * s16 time zone, u8 daylight, pad) for known instants, and the host's
 * time now.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "lkvm/kvm.h"
#include "arch/board.h"
#include "lkvm/wallclock.h"
#include "board_dev_test.h"

#define BASE	0x100f0200ULL

BOARD_DEV_FIXTURE(wallclock__init, LA_DEV_WALLCLOCK)

static void check(time_t t, long ns, u16 y, u8 mo, u8 d, u8 h, u8 mi, u8 s)
{
	struct timespec ts = { t, ns };
	u8 r[WALLCLOCK_SIZE];

	wallclock__encode(&ts, r);
	assert_int_equal(get_le16(r), y);
	assert_int_equal(r[2], mo);
	assert_int_equal(r[3], d);
	assert_int_equal(r[4], h);
	assert_int_equal(r[5], mi);
	assert_int_equal(r[6], s);
	assert_int_equal(r[7], 0);
	assert_int_equal(get_le32(r + 8), ns);
	assert_int_equal(get_le16(r + 12), 0x07ff);	/* EFI_UNSPECIFIED_TIMEZONE */
	assert_int_equal(r[14], 0);
	assert_int_equal(get_le32(r + 16), 1);		/* 1 Hz resolution */
	assert_int_equal(r[24], 0);			/* not reset to zero */
}

static void test_known_instants(void **state)
{
	(void)state;
	check(0, 0, 1970, 1, 1, 0, 0, 0);
	check(1700000000, 5, 2023, 11, 14, 22, 13, 20);
	check(1709208000, 999999999, 2024, 2, 29, 12, 0, 0);	/* leap day */
	check(4102444799LL, 0, 2099, 12, 31, 23, 59, 59);
}

/* What a guest reads now is the host's UTC time, to the second. */
static void test_reads_host_time(void **state)
{
	u8 w[4][4], caps[12];
	struct tm tm = { 0 };
	time_t before, after, got;
	int i;

	(void)state;
	before = time(NULL);
	for (i = 0; i < 4; i++)	/* as GetTime does: offset 0 first */
		assert_true(io_space__access(&kvm.mmio, NULL, BASE + 4 * i, w[i], 4, false));
	after = time(NULL);
	tm.tm_year = get_le16(w[0]) - 1900;
	tm.tm_mon = w[0][2] - 1;
	tm.tm_mday = w[0][3];
	tm.tm_hour = w[1][0];
	tm.tm_min = w[1][1];
	tm.tm_sec = w[1][2];
	got = timegm(&tm);
	assert_true(got >= before && got <= after);
	assert_true(get_le32(w[2]) < 1000000000u);

	/* Writes change nothing; reads past the block are zero, no crash. */
	memset(caps, 0x55, sizeof(caps));
	assert_true(io_space__access(&kvm.mmio, NULL, BASE + 4, caps, 4, true));
	assert_true(io_space__access(&kvm.mmio, NULL, BASE + 0x10, caps, 8, false));
	assert_int_equal(get_le32(caps), 1);
	assert_int_equal(get_le32(caps + 4), 50000000);
	assert_true(io_space__access(&kvm.mmio, NULL, BASE + 0x1c, caps, 4, false));
	assert_int_equal(get_le32(caps), 0);
	assert_false(io_space__access(&kvm.mmio, NULL, BASE + 0x20, caps, 4, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_instants),
		cmocka_unit_test_setup_teardown(test_reads_host_time, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
