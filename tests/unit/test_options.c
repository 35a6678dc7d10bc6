/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm run" option parsing, size parsing and the equivalent command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <wordexp.h>
#include <cmocka.h>
#include "lkvm/run-options.h"
#include "lkvm/util.h"

static int parse(struct lkvm_config *cfg, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	argv[argc++] = "run";
	va_start(ap, cfg);
	for (char *a; (a = va_arg(ap, char *)) != NULL;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return run_options__parse(argc, argv, cfg);
}

static void test_sizes(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(util__parse_size("512M", &v), 0);
	assert_int_equal(v, 512ULL * 1024 * 1024);
	assert_int_equal(util__parse_size("1G", &v), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(util__parse_size("2GiB", &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(util__parse_size("64k", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(util__parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(util__parse_size("", &v), -EINVAL);
	assert_int_equal(util__parse_size("G", &v), -EINVAL);
	assert_int_equal(util__parse_size("12X", &v), -EINVAL);
	assert_int_equal(util__parse_size("-1G", &v), -EINVAL);
	assert_int_equal(util__parse_size("1G2", &v), -EINVAL);
	assert_int_equal(util__parse_size("99999999999999999999", &v), -ERANGE);
	assert_int_equal(util__parse_size("20000000000T", &v), -ERANGE);
}

static void test_defaults(void **state)
{
	struct lkvm_config cfg;

	(void)state;
	assert_int_equal(parse(&cfg, NULL), 0);
	assert_null(cfg.kernel);
	assert_int_equal(cfg.ram_size, 256ULL << 20);
	assert_int_equal(cfg.nr_cpus, 1);
	assert_string_equal(cfg.dev, "/dev/kvm");
	assert_int_equal(cfg.accel, ACCEL_AUTO);
	assert_int_equal(cfg.console, CONSOLE_SERIAL);
	assert_int_equal(cfg.reboot, REBOOT_EXIT);
	assert_int_equal(cfg.seccomp, SECCOMP_ON);
}

static void test_all_options(void **state)
{
	struct lkvm_config cfg;

	(void)state;
	assert_int_equal(parse(&cfg, "-k", "vmlinux", "-i", "rd.gz", "-p", "console=ttyS0 quiet",
			       "-m", "1G", "-c", "4", "--name", "vm1", "--console", "virtio",
			       "--dump-dtb", "x.dtb", "--dev", "/dev/kvm2", "--accel", "soft",
			       "--cpu-features", "-lasx,+pv-ipi", "--debug-mmio",
			       "--debug-iocsr", "--reboot", "restart", "--seccomp", "log", NULL), 0);
	assert_string_equal(cfg.kernel, "vmlinux");
	assert_string_equal(cfg.initrd, "rd.gz");
	assert_string_equal(cfg.params, "console=ttyS0 quiet");
	assert_int_equal(cfg.ram_size, 1ULL << 30);
	assert_int_equal(cfg.nr_cpus, 4);
	assert_string_equal(cfg.name, "vm1");
	assert_int_equal(cfg.console, CONSOLE_VIRTIO);
	assert_string_equal(cfg.dump_dtb, "x.dtb");
	assert_string_equal(cfg.dev, "/dev/kvm2");
	assert_int_equal(cfg.accel, ACCEL_SOFT);
	assert_string_equal(cfg.cpu_features, "-lasx,+pv-ipi");
	assert_true(cfg.debug_mmio);
	assert_true(cfg.arch.debug_iocsr);
	assert_int_equal(cfg.reboot, REBOOT_RESTART);
	assert_int_equal(cfg.seccomp, SECCOMP_LOG);
	assert_int_equal(parse(&cfg, "--seccomp", "off", NULL), 0);
	assert_int_equal(cfg.seccomp, SECCOMP_OFF);
	assert_int_equal(parse(&cfg, "--seccomp=on", NULL), 0);
	assert_int_equal(cfg.seccomp, SECCOMP_ON);
	/* The kernel may also come as the one positional argument. */
	assert_int_equal(parse(&cfg, "--mem=2G", "bzImage", NULL), 0);
	assert_string_equal(cfg.kernel, "bzImage");
	assert_int_equal(cfg.ram_size, 2ULL << 30);
	/* A bare number of megabytes, as kvmtool takes it. */
	assert_int_equal(parse(&cfg, "-m", "512", NULL), 0);
	assert_int_equal(cfg.ram_size, 512ULL << 20);
}

static void test_bad_input(void **state)
{
	struct lkvm_config cfg;

	(void)state;
	assert_int_equal(parse(&cfg, "-c", "0", NULL), -1);
	assert_int_equal(parse(&cfg, "-c", "257", NULL), -1);
	assert_int_equal(parse(&cfg, "-c", "two", NULL), -1);
	assert_int_equal(parse(&cfg, "-c", "-1", NULL), -1);
	assert_int_equal(parse(&cfg, "-m", "lots", NULL), -1);
	assert_int_equal(parse(&cfg, "-m", "99999999999999999999", NULL), -1);
	assert_int_equal(parse(&cfg, "--console", "vga", NULL), -1);
	assert_int_equal(parse(&cfg, "--accel", "tcg", NULL), -1);
	assert_int_equal(parse(&cfg, "--reboot", "later", NULL), -1);
	assert_int_equal(parse(&cfg, "--seccomp", "strict", NULL), -1);
	assert_int_equal(parse(&cfg, "--loglevel", "chatty", NULL), -1);
	assert_int_equal(parse(&cfg, "--frobnicate", NULL), -1);
	assert_int_equal(parse(&cfg, "-k", NULL), -1);
	assert_int_equal(parse(&cfg, "-k", "a", "b", NULL), -1);
	assert_int_equal(parse(&cfg, "a", "b", NULL), -1);
	assert_int_equal(parse(&cfg, "--help", NULL), 1);
}

/* The printed command line, parsed again, gives the same configuration. */
static void test_format_round_trip(void **state)
{
	struct lkvm_config a, b;
	char line[1024];
	wordexp_t we;

	(void)state;
	assert_int_equal(parse(&a, "-k", "my kernel", "-p", "root=/dev/vda it's", "-m", "768M",
			       "-c", "3", "--accel", "soft", "--debug-mmio", "--seccomp", "log",
			       NULL), 0);
	run_options__format(&a, line, sizeof(line));
	assert_int_equal(wordexp(line, &we, WRDE_NOCMD), 0);
	assert_true(we.we_wordc > 2);
	assert_string_equal(we.we_wordv[0], "lkvm");
	assert_int_equal(run_options__parse((int)we.we_wordc - 1, we.we_wordv + 1, &b), 0);
	assert_string_equal(b.kernel, "my kernel");
	assert_string_equal(b.params, "root=/dev/vda it's");
	assert_int_equal(b.ram_size, a.ram_size);
	assert_int_equal(b.nr_cpus, 3);
	assert_int_equal(b.accel, ACCEL_SOFT);
	assert_true(b.debug_mmio);
	assert_false(b.arch.debug_iocsr);
	assert_int_equal(b.seccomp, SECCOMP_LOG);
	wordfree(&we);
}

static void test_disks(void **state)
{
	struct lkvm_config a, b;
	char line[2048];
	wordexp_t we;

	(void)state;
	assert_int_equal(parse(&a, NULL), 0);
	assert_int_equal(a.nr_disks, 0);
	assert_false(a.rng);
	assert_int_equal(parse(&a, "-d", "root.img", "--disk", "/dev/sdb,ro,direct",
			       "--disk=d 2.img,serial=ABC-123,ro", "--rng", NULL), 0);
	assert_int_equal(a.nr_disks, 3);
	assert_string_equal(a.disks[0].path, "root.img");
	assert_false(a.disks[0].ro);
	assert_false(a.disks[0].direct);
	assert_string_equal(a.disks[0].serial, "");
	assert_string_equal(a.disks[1].path, "/dev/sdb");
	assert_true(a.disks[1].ro);
	assert_true(a.disks[1].direct);
	assert_string_equal(a.disks[2].path, "d 2.img");
	assert_string_equal(a.disks[2].serial, "ABC-123");
	assert_true(a.disks[2].ro);
	assert_true(a.rng);

	/* Printed and parsed again: the same disks. */
	run_options__format(&a, line, sizeof(line));
	assert_non_null(strstr(line, "--rng"));
	assert_int_equal(wordexp(line, &we, WRDE_NOCMD), 0);
	assert_int_equal(run_options__parse((int)we.we_wordc - 1, we.we_wordv + 1, &b), 0);
	assert_int_equal(b.nr_disks, 3);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(b.disks[i].path, a.disks[i].path);
		assert_string_equal(b.disks[i].serial, a.disks[i].serial);
		assert_int_equal(b.disks[i].ro, a.disks[i].ro);
		assert_int_equal(b.disks[i].direct, a.disks[i].direct);
	}
	assert_true(b.rng);
	wordfree(&we);

	/* Bad specs. */
	assert_int_equal(parse(&a, "-d", "", NULL), -1);
	assert_int_equal(parse(&a, "-d", ",ro", NULL), -1);
	assert_int_equal(parse(&a, "-d", "x.img,rw", NULL), -1);
	assert_int_equal(parse(&a, "-d", "x.img,serial=", NULL), -1);
	assert_int_equal(parse(&a, "-d", "x.img,serial=123456789012345678901", NULL), -1);
	assert_int_equal(parse(&a, "-d", "x.img,serial=12345678901234567890", NULL), 0);
	assert_int_equal(strlen(a.disks[0].serial), 20);
	assert_int_equal(parse(&a, "-d", NULL), -1);
	assert_int_equal(parse(&a, "-d", "1", "-d", "2", "-d", "3", "-d", "4", "-d", "5",
			       "-d", "6", "-d", "7", "-d", "8", NULL), 0);
	assert_int_equal(a.nr_disks, 8);
	assert_int_equal(parse(&a, "-d", "1", "-d", "2", "-d", "3", "-d", "4", "-d", "5",
			       "-d", "6", "-d", "7", "-d", "8", "-d", "9", NULL), -1);
}

static void test_shares(void **state)
{
	struct lkvm_config a, b;
	char line[2048];
	wordexp_t we;

	(void)state;
	assert_int_equal(parse(&a, "--9p", "/tmp,work", "--9p", "/,rootfs.x-1,ro", "-d", "/tmp",
			       "-p", "quiet", NULL), 0);
	assert_int_equal(a.nr_shares, 3);
	assert_string_equal(a.shares[0].dir, "/tmp");
	assert_string_equal(a.shares[0].tag, "work");
	assert_false(a.shares[0].ro);
	assert_string_equal(a.shares[1].tag, "rootfs.x-1");
	assert_true(a.shares[1].ro);
	assert_true(a.shares[2].root);
	assert_string_equal(a.shares[2].tag, "/dev/root");
	assert_int_equal(a.nr_disks, 0);
	/* The root's options come first, the user's last. */
	assert_int_equal(strncmp(a.params, "root=/dev/root rootfstype=9p rootflags=trans=virtio,", 52), 0);
	assert_non_null(strstr(a.params, " rw lkvm.root9p quiet"));
	run_options__format(&a, line, sizeof(line));
	assert_int_equal(wordexp(line, &we, WRDE_NOCMD), 0);
	assert_int_equal(run_options__parse((int)we.we_wordc - 1, we.we_wordv + 1, &b), 0);
	assert_int_equal(b.nr_shares, 3);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(b.shares[i].dir, a.shares[i].dir);
		assert_string_equal(b.shares[i].tag, a.shares[i].tag);
		assert_int_equal(b.shares[i].ro, a.shares[i].ro);
		assert_int_equal(b.shares[i].root, a.shares[i].root);
	}
	wordfree(&we);
	assert_int_equal(parse(&a, "-d", "/tmp,ro", NULL), 0);
	assert_non_null(strstr(a.params, " ro lkvm.root9p"));

	/* Bad specs: one error each. */
	assert_int_equal(parse(&a, "--9p", "/tmp", NULL), -1);
	assert_int_equal(parse(&a, "--9p", ",t", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,a b", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,a/b", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,12345678901234567890123456789012", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,1234567890123456789012345678901", NULL), 0);
	assert_int_equal(parse(&a, "--9p", "/tmp,t,rw", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/tmp,t", "--9p", "/,t", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/no/such/dir,t", NULL), -1);
	assert_int_equal(parse(&a, "--9p", "/dev/null,t", NULL), -1);
	assert_int_equal(parse(&a, "-d", "/tmp", "-d", "/", NULL), -1);
	assert_int_equal(parse(&a, "-d", "/tmp,direct", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_disks),
		cmocka_unit_test(test_shares),
	};

	log__level = LOG_ERR;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
