/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Without -k, a LoongArch host boots its own kernel from /boot (kvmtool's
 * rule); any other host keeps the built-in guest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/config.h"
#include "arch/host-kernel.h"
#include "tmpdir_test.h"

static char dir[] = "/tmp/lkvm-test-hostk-XXXXXX";

static void touch(const char *name)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
}

static void rm(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	unlink(p);
}

static void test_pick(void **state)
{
	struct lkvm_config cfg;
	char k[256], i[256], want[256];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "7.2.13+deb14-loong64", k, i,
					      sizeof(k)), 0);
	assert_null(cfg.kernel);

	touch("vmlinuz-7.2.13+deb14-loong64");
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "7.2.13+deb14-loong64", k, i,
					      sizeof(k)), 1);
	snprintf(want, sizeof(want), "%s/vmlinuz-7.2.13+deb14-loong64", dir);
	assert_string_equal(cfg.kernel, want);
	assert_null(cfg.initrd);			/* none there */

	memset(&cfg, 0, sizeof(cfg));
	touch("initrd.img-7.2.13+deb14-loong64");
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "7.2.13+deb14-loong64", k, i,
					      sizeof(k)), 1);
	snprintf(want, sizeof(want), "%s/initrd.img-7.2.13+deb14-loong64", dir);
	assert_string_equal(cfg.initrd, want);

	/* -i and -k win; another release is not taken. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.initrd = "mine.cpio";
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "7.2.13+deb14-loong64", k, i,
					      sizeof(k)), 1);
	assert_string_equal(cfg.initrd, "mine.cpio");
	memset(&cfg, 0, sizeof(cfg));
	cfg.kernel = "vmlinux";
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "7.2.13+deb14-loong64", k, i,
					      sizeof(k)), 0);
	assert_string_equal(cfg.kernel, "vmlinux");
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(la_host_kernel__pick(&cfg, dir, "6.1.0-1-loong64", k, i,
					      sizeof(k)), 0);
	rm("vmlinuz-7.2.13+deb14-loong64");
	rm("initrd.img-7.2.13+deb14-loong64");
}

/* The hook itself: on this (non-LoongArch) build it changes nothing. */
static void test_hook_elsewhere(void **state)
{
	struct lkvm_config cfg;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	kvm__arch_default_kernel(&cfg);
#ifndef __loongarch__
	assert_null(cfg.kernel);
	assert_null(cfg.initrd);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_hook_elsewhere),
	};

	return run_tests_in_tmpdir(tests, dir);
}
