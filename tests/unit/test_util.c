/* SPDX-License-Identifier: GPL-2.0-only */
/* util/: bounded whole-file reads. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_regular_limits),
		cmocka_unit_test(test_read_huge_sparse_by_size),
		cmocka_unit_test(test_read_endless_device),
		cmocka_unit_test(test_read_pipe),
		cmocka_unit_test(test_read_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
