/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_TMPDIR_TEST_H
#define TESTS_TMPDIR_TEST_H

/* Run a cmocka group with a scratch directory made for it (dir: a mkdtemp template). */
#include <stdlib.h>
#include <unistd.h>

static inline int tmpdir__done(const char *dir, int ret)
{
	rmdir(dir);
	return ret;
}

#define run_tests_in_tmpdir(tests, dir)						\
	(mkdtemp(dir) ? tmpdir__done(dir, cmocka_run_group_tests(tests, NULL, NULL)) : 1)

#endif
