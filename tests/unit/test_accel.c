/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Backend choice (accel.c): auto never keeps a KVM that cannot run
 * LoongArch guests or a node that is not KVM; --accel kvm refuses both
 * with one line; softkvm never sees --dev.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/accel.h"
#include "lkvm/kvm.h"
#include "lkvm/seccomp.h"

/* ---- fakes: the arch hook, softkvm and the log ---- */

static bool host_usable;
static char soft_opened[64];
static int nr_lines;
static char last_line[512];
static enum log_level last_level;
enum log_level log__level = LOG_INFO;

bool kvm__arch_host_kvm_usable(char *why, size_t len)
{
	if (!host_usable)
		snprintf(why, len, "this host is testarch");
	return host_usable;
}

int kvm__arch_host_cpu_id(unsigned int word, u32 *val)
{
	(void)word;
	*val = 0;
	errno = ENOSYS;
	return -1;
}

static int soft_open(const char *path, int flags)
{
	(void)flags;
	snprintf(soft_opened, sizeof(soft_opened), "%s", path);
	return 1000;
}

static char soft_kernel[16];

static int soft_configure(const char *key, const char *value)
{
	if (strcmp(key, "kernel") || (strcmp(value, "6.9") && strcmp(value, "6.12"))) {
		errno = EINVAL;
		return -1;
	}
	snprintf(soft_kernel, sizeof(soft_kernel), "%s", value);
	return 0;
}

static int (*soft_hook)(const char *kind);

static int soft_set_thread_hook(int (*hook)(const char *kind))
{
	soft_hook = hook;
	return 0;
}

static const struct kvm_backend soft = {
	.name = "softkvm", .open = soft_open, .configure = soft_configure,
	.set_thread_hook = soft_set_thread_hook,
};

static int entered = -1;

int seccomp__enter(enum seccomp_kind kind)
{
	entered = (int)kind;
	return 0;
}

const struct kvm_backend *softkvm__backend(void)
{
	return &soft;
}

void log__printf(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_line, sizeof(last_line), fmt, ap);
	va_end(ap);
	last_level = lvl;
	nr_lines++;
}

static int setup(void **state)
{
	(void)state;
	host_usable = false;
	soft_opened[0] = last_line[0] = soft_kernel[0] = '\0';
	nr_lines = 0;
	return 0;
}

static int open_with(enum lkvm_accel accel, const char *dev, struct lkvm_config *cfg,
		     const struct kvm_backend **be)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->accel = accel;
	cfg->dev = dev;
	*be = NULL;
	return accel__open(cfg, be);
}

static void test_soft_ignores_dev(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	host_usable = true;
	assert_int_equal(open_with(ACCEL_SOFT, "/nonexistent/kvm", &cfg, &be), 1000);
	assert_ptr_equal(be, &soft);
	assert_string_equal(soft_opened, "/dev/kvm");
	assert_int_equal(cfg.accel, ACCEL_SOFT);
	assert_int_equal(nr_lines, 0);
}

static void test_auto_on_foreign_host_never_opens_dev(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	/* An openable node: only the arch hook can keep auto away from it. */
	assert_int_equal(open_with(ACCEL_AUTO, "/dev/null", &cfg, &be), 1000);
	assert_ptr_equal(be, &soft);
	assert_int_equal(cfg.accel, ACCEL_SOFT);
	assert_int_equal(nr_lines, 1);
	assert_int_equal(last_level, LOG_INFO);
	assert_non_null(strstr(last_line, "softkvm"));
	assert_non_null(strstr(last_line, "this host is testarch"));
}

static void test_kvm_on_foreign_host_is_one_error(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	assert_int_equal(open_with(ACCEL_KVM, "/dev/null", &cfg, &be), -1);
	assert_int_equal(nr_lines, 1);
	assert_int_equal(last_level, LOG_ERR);
	assert_non_null(strstr(last_line, "this host is testarch"));
	assert_non_null(strstr(last_line, "--accel soft"));
	assert_string_equal(soft_opened, "");
}

static void test_node_that_is_not_kvm(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	host_usable = true;
	assert_int_equal(open_with(ACCEL_AUTO, "/dev/null", &cfg, &be), 1000);
	assert_ptr_equal(be, &soft);
	assert_int_equal(last_level, LOG_INFO);
	assert_non_null(strstr(last_line, "/dev/null is not a KVM device"));

	setup(NULL);
	host_usable = true;
	assert_int_equal(open_with(ACCEL_KVM, "/dev/null", &cfg, &be), -1);
	assert_int_equal(nr_lines, 1);
	assert_int_equal(last_level, LOG_ERR);
	assert_non_null(strstr(last_line, "/dev/null is not a KVM device"));
	assert_string_equal(soft_opened, "");
}

static void test_missing_node(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	host_usable = true;
	assert_int_equal(open_with(ACCEL_AUTO, "/nonexistent/kvm", &cfg, &be), 1000);
	assert_int_equal(cfg.accel, ACCEL_SOFT);
	assert_non_null(strstr(last_line, "/nonexistent/kvm: No such file"));

	setup(NULL);
	host_usable = true;
	assert_int_equal(open_with(ACCEL_KVM, "/nonexistent/kvm", &cfg, &be), -1);
	assert_int_equal(last_level, LOG_ERR);
	assert_non_null(strstr(last_line, "/nonexistent/kvm does not exist"));
}

/* Where the host has a KVM node, a usable host keeps it under auto. */
static void test_real_kvm_node_is_kept(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;
	int fd;

	(void)state;
	fd = open("/dev/kvm", O_RDWR);
	if (fd < 0) {
		print_message("skipped: no openable /dev/kvm here (%s)\n", strerror(errno));
		skip();
	}
	close(fd);
	host_usable = true;
	fd = open_with(ACCEL_AUTO, "/dev/kvm", &cfg, &be);
	assert_true(fd >= 0);
	assert_ptr_equal(be, &kvm_backend_host);
	assert_int_equal(cfg.accel, ACCEL_KVM);
	assert_non_null(strstr(last_line, "accelerator: kvm (/dev/kvm)"));
	close(fd);
}

/* --softkvm-kernel reaches softkvm; a bad one is the only line printed. */
static void test_softkvm_kernel(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.accel = ACCEL_AUTO;
	cfg.dev = "/dev/null";
	cfg.softkvm_kernel = "6.9";
	assert_int_equal(accel__open(&cfg, &be), 1000);
	assert_string_equal(soft_kernel, "6.9");

	setup(NULL);
	cfg.accel = ACCEL_AUTO;
	cfg.softkvm_kernel = "5.4";
	assert_int_equal(accel__open(&cfg, &be), -1);
	assert_int_equal(nr_lines, 1);
	assert_int_equal(last_level, LOG_ERR);
	assert_non_null(strstr(last_line, "--softkvm-kernel '5.4'"));
	assert_string_equal(soft_opened, "");
}

/* softkvm's irqfd thread gets its own seccomp kind through the hook; nothing else does. */
static void test_softkvm_thread_hook(void **state)
{
	const struct kvm_backend *be;
	struct lkvm_config cfg;

	(void)state;
	soft_hook = NULL;
	assert_int_equal(open_with(ACCEL_SOFT, NULL, &cfg, &be), 1000);
	assert_non_null(soft_hook);
	assert_int_equal(soft_hook("softkvm irqfd"), 0);
	assert_int_equal(entered, SECCOMP_KIND_SOFTKVM_IRQFD);
	entered = -1;
	assert_int_equal(soft_hook("something else"), -1);
	assert_int_equal(entered, -1);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_soft_ignores_dev),
		T(test_auto_on_foreign_host_never_opens_dev),
		T(test_kvm_on_foreign_host_is_one_error),
		T(test_node_that_is_not_kvm),
		T(test_missing_node),
		T(test_real_kvm_node_is_kept),
		T(test_softkvm_kernel),
		T(test_softkvm_thread_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
