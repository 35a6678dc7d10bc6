// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's wall clock, as the kernel set it at boot from its RTC (on
 * lkvm: rtc-efi through the EFI GetTime service). Prints
 *
 *   lkvm-clock: SECONDS.NANOSECONDS
 *
 * which the host compares with its own clock when the line arrives
 * (tests/e2e/debian.sh); fails here only if the clock was never set.
 */
#include "checks.h"
#include "sys.h"

#define CLOCK_REALTIME		0
#define CLOCK_SET_AFTER		1577836800	/* 2020-01-01: not 1970 */

int check_clock(void)
{
	struct sys_timespec ts;
	char s[24], ns[24], pad[10];
	size_t n;

	if (sys_call3(SYS_clock_gettime, CLOCK_REALTIME, (long)&ts, 0))
		return 1;
	utoa((u64)ts.tv_nsec, ns);
	n = strlen(ns);
	memset(pad, '0', 9 - n);
	pad[9 - n] = 0;
	say("lkvm-clock: ", utoa((u64)ts.tv_sec, s), ".", pad, ns, "\n");
	return ts.tv_sec < CLOCK_SET_AFTER;
}
