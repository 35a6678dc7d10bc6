/* SPDX-License-Identifier: GPL-2.0-only */
/* util/: bounded whole-file reads, rate-limited logging. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "lkvm/ratelimit.h"
#include "lkvm/util.h"

static char path[] = "/tmp/lkvm-util-test.XXXXXX";

static void make_file(size_t size)
{
	int fd;

	strcpy(path, "/tmp/lkvm-util-test.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	for (size_t i = 0; i < size; i++)
		assert_int_equal(write(fd, &(u8){ (u8)i }, 1), 1);
	close(fd);
}

static void test_read_regular_limits(void **state)
{
	void *buf = NULL;
	size_t len = 0;

	(void)state;
	make_file(1000);
	assert_int_equal(util__read_file(path, 1000, &buf, &len), 0);
	assert_int_equal(len, 1000);
	assert_int_equal(((u8 *)buf)[999], (u8)999);
	free(buf);
	assert_int_equal(util__read_file(path, 999, &buf, &len), -EFBIG);
	unlink(path);
}

/* A sparse 64 GiB file is refused from its size, without reading. */
static void test_read_huge_sparse_by_size(void **state)
{
	void *buf = NULL;
	size_t len = 0;
	int fd;

	(void)state;
	make_file(0);
	fd = open(path, O_WRONLY);
	assert_int_equal(ftruncate(fd, 64LL << 30), 0);
	close(fd);
	assert_int_equal(util__read_file(path, 256ULL << 20, &buf, &len), -EFBIG);
	unlink(path);
}

/* /dev/zero never ends: read max + 1 bytes, then refuse. */
static void test_read_endless_device(void **state)
{
	void *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(util__read_file("/dev/zero", 3 << 20, &buf, &len), -EFBIG);
	assert_int_equal(util__read_file("/dev/null", 3 << 20, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
}

/* A pipe of exactly max bytes is fine, one more is not. */
static void test_read_pipe(void **state)
{
	char name[64];
	void *buf = NULL;
	size_t len = 0;
	int p[2];

	(void)state;
	for (int extra = 0; extra < 2; extra++) {
		static u8 chunk[100000];

		assert_int_equal(pipe(p), 0);
		snprintf(name, sizeof(name), "/proc/self/fd/%d", p[0]);
		if (fork() == 0) {
			close(p[0]);
			if (write(p[1], chunk, sizeof(chunk)) < 0 ||
			    (extra && write(p[1], "x", 1) < 0))
				_exit(1);
			_exit(0);
		}
		close(p[1]);
		assert_int_equal(util__read_file(name, sizeof(chunk), &buf, &len),
				 extra ? -EFBIG : 0);
		if (!extra) {
			assert_int_equal(len, sizeof(chunk));
			free(buf);
		}
		close(p[0]);
		wait(NULL);
	}
}

static void test_read_errors(void **state)
{
	void *buf;
	size_t len;

	(void)state;
	assert_int_equal(util__read_file("/no/such/file", 100, &buf, &len), -ENOENT);
	assert_int_equal(util__read_file("/tmp", 100, &buf, &len), -EISDIR);
}

/* ---- rate limits, on a fake clock, with stderr captured in a file ---- */

static u64 fake_now;
static u64 fake_clock(void) { return fake_now; }
static char logpath[] = "/tmp/lkvm-util-log.XXXXXX";
static int saved_stderr = -1;

static void capture_begin(void)
{
	int fd;

	strcpy(logpath, "/tmp/lkvm-util-log.XXXXXX");
	fd = mkstemp(logpath);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	ratelimit__set_clock(fake_clock);
}

/* Restore stderr; returns the captured lines and how many mention "want". */
static int capture_end(const char *want, int *matches)
{
	char line[512];
	int n = 0;
	FILE *f;

	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	ratelimit__set_clock(NULL);
	f = fopen(logpath, "r");
	assert_non_null(f);
	*matches = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (want && strstr(line, want))
			(*matches)++;
	}
	fclose(f);
	unlink(logpath);
	return n;
}

static void flood_site(int i)
{
	pr_warn_ratelimited("event %d", i);
}

static void other_site(void)
{
	pr_info_ratelimited("other");
}

/* 10,000 events in one window: BURST lines, then one summary at flush. */
static void test_ratelimit_burst_and_summary(void **state)
{
	int lines, sums;

	(void)state;
	capture_begin();
	fake_now = 1000;
	for (int i = 0; i < 10000; i++)
		flood_site(i);
	ratelimit__flush();
	ratelimit__flush();		/* nothing new: no second summary */
	lines = capture_end("9990 similar messages suppressed (tests/unit/test_util.c:", &sums);
	assert_int_equal(lines, RATELIMIT_BURST + 1);
	assert_int_equal(sums, 1);
}

/* A new window opens after the interval: summary first, then BURST more. */
static void test_ratelimit_windows(void **state)
{
	int lines, sums;

	(void)state;
	capture_begin();
	fake_now = 1ULL << 40;
	for (int i = 0; i < 15; i++)
		flood_site(i);
	fake_now += RATELIMIT_INTERVAL_NS - 1;
	flood_site(99);			/* same window: suppressed */
	fake_now += 1;
	for (int i = 0; i < 15; i++)
		flood_site(i);
	lines = capture_end("6 similar messages suppressed", &sums);
	/* 10 + summary of 6 + 10 */
	assert_int_equal(lines, 2 * RATELIMIT_BURST + 1);
	assert_int_equal(sums, 1);
	capture_begin();
	ratelimit__flush();
	lines = capture_end("5 similar messages suppressed", &sums);
	assert_int_equal(lines, 1);
	assert_int_equal(sums, 1);
}

/* One event per millisecond for a simulated minute: bounded output. */
static void test_ratelimit_sustained_flood(void **state)
{
	int lines, sums;

	(void)state;
	capture_begin();
	fake_now = 1ULL << 50;
	for (int i = 0; i < 60000; i++) {
		flood_site(i);
		other_site();
		fake_now += 1000000;
	}
	ratelimit__flush();
	lines = capture_end("similar messages suppressed", &sums);
	/* 12 windows per site, each BURST lines and one summary. */
	assert_true(lines <= 2 * 12 * (RATELIMIT_BURST + 1));
	assert_true(lines >= 2 * 12 * RATELIMIT_BURST);
	assert_int_equal(sums, 2 * 12);
}

/* A level below --loglevel is neither printed nor counted. */
static void test_ratelimit_filtered_level(void **state)
{
	enum log_level old = log__level;
	int lines, sums;

	(void)state;
	capture_begin();
	log__level = LOG_WARN;
	for (int i = 0; i < 100; i++)
		other_site();
	ratelimit__flush();
	log__level = old;
	lines = capture_end(NULL, &sums);
	assert_int_equal(lines, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_regular_limits),
		cmocka_unit_test(test_read_huge_sparse_by_size),
		cmocka_unit_test(test_read_endless_device),
		cmocka_unit_test(test_read_pipe),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_ratelimit_burst_and_summary),
		cmocka_unit_test(test_ratelimit_windows),
		cmocka_unit_test(test_ratelimit_sustained_flood),
		cmocka_unit_test(test_ratelimit_filtered_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
