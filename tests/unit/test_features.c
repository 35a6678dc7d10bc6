/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --cpu-features parsing, availability errors, the PV feature word, VM
 * feature probing and the "lkvm features" table (loongarch/features.c).
 * Availability follows Linux's KVM_LOONGARCH_VM_FEAT_CTRL attr numbers
 * (uapi asm/kvm.h) and the PV bits of asm/kvm_para.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/features.h"
#include "la_fake_kvm.h"

/* VM_FEAT_CTRL attrs: LSX 0, LASX 1, PMU 5, PV_IPI 6, PV_STEALTIME 7, PTW 8, PV_PREEMPT 10 */
#define VF(n)		(1ULL << (n))
#define VF_612		(VF(6) | VF(7))		/* a 6.12 kernel, no SIMD/PMU */
/* PV word bits: IPI 1, STEAL_TIME 2, PREEMPT 3, VIRT_EXTIOI 24, USER_HCALL 25 */
#define PV(n)		(1ULL << (n))

static struct kvm kvm;
static struct kvm_cpu cpus[1];
static struct kvm_cpu *cpu_ptrs[1];
static struct kvm_run runs[1];

static bool on(const struct la_feature_sel *s, const char *name)
{
	for (int f = 0; f < LA_NR_FEATURES; f++)
		if (!strcmp(la_feature__name(f), name))
			return s->on & (1ULL << f);
	fail_msg("no feature %s", name);
	return false;
}

static bool off(const struct la_feature_sel *s, const char *name)
{
	for (int f = 0; f < LA_NR_FEATURES; f++)
		if (!strcmp(la_feature__name(f), name))
			return s->off & (1ULL << f);
	fail_msg("no feature %s", name);
	return false;
}

static int popcount(u64 v)
{
	return __builtin_popcountll(v);
}

static void test_parse_good_lists(void **state)
{
	struct la_feature_sel s;
	char err[512];

	(void)state;
	assert_int_equal(la_features__parse("-lasx,-pmu,+pv-steal-time,+virt-extioi", &s,
					    err, sizeof(err)), 0);
	assert_true(off(&s, "lasx"));
	assert_true(off(&s, "pmu"));
	assert_true(on(&s, "pv-steal-time"));
	assert_true(on(&s, "virt-extioi"));
	assert_int_equal(popcount(s.on), 2);
	assert_int_equal(popcount(s.off), 2);

	/* Spaces, empty items, no sign (= enable), '_' for '-', any case. */
	assert_int_equal(la_features__parse(" lsx , ,-PTW,,PV_IPI ", &s, err, sizeof(err)), 0);
	assert_true(on(&s, "lsx"));
	assert_true(on(&s, "pv-ipi"));
	assert_true(off(&s, "ptw"));
	assert_int_equal(popcount(s.on), 2);
	assert_int_equal(popcount(s.off), 1);

	assert_int_equal(la_features__parse("", &s, err, sizeof(err)), 0);
	assert_int_equal(s.on | s.off, 0);
	assert_int_equal(la_features__parse(NULL, &s, err, sizeof(err)), 0);
	assert_int_equal(s.on | s.off, 0);

	/* Every listed name parses. */
	for (int f = 0; f < LA_NR_FEATURES; f++) {
		char item[64];

		snprintf(item, sizeof(item), "-%s", la_feature__name(f));
		assert_int_equal(la_features__parse(item, &s, err, sizeof(err)), 0);
		assert_int_equal(s.off, 1ULL << f);
	}
}

static void test_parse_unknown_name(void **state)
{
	struct la_feature_sel s;
	char err[512] = "";

	(void)state;
	assert_int_equal(la_features__parse("-lasx,+avx512", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown CPU feature 'avx512'"));
	assert_non_null(strstr(err, "valid names: "));
	/* The list names the valid features, e.g. the ones from the brief. */
	for (const char *const *n = (const char *const[]){ "lsx", "lasx", "pmu", "pv-ipi",
			"pv-steal-time", "virt-extioi", "ptw", "user-hcall", NULL }; *n; n++)
		if (!strstr(err, *n))
			fail_msg("'%s' missing from: %s", *n, err);
	assert_int_equal(la_features__parse("+", &s, err, sizeof(err)), -EINVAL);
	assert_int_equal(la_features__parse("lsx,-lsx", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'lsx'"));
}

static void test_unavailable_feature_errors(void **state)
{
	struct la_feature_sel s;
	char err[512] = "";

	(void)state;
	assert_int_equal(la_features__parse("+ptw", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, VF_612, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, "lkvm: feature 'ptw' needs a Linux 6.18+ host kernel with a "
			    "page-table-walker CPU; this host lacks it" + 6);
	assert_int_equal(la_features__check(&s, VF_612 | VF(8), err, sizeof(err)), 0);

	assert_int_equal(la_features__parse("lasx", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, VF_612, err, sizeof(err)), -ENODEV);
	assert_non_null(strstr(err, "feature 'lasx' needs a CPU with LASX and a Linux 6.8+"));
	assert_int_equal(la_features__check(&s, VF_612 | VF(0) | VF(1), err, sizeof(err)), 0);

	assert_int_equal(la_features__parse("+pv-preempt", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, VF_612, err, sizeof(err)), -ENODEV);
	assert_non_null(strstr(err, "7.0+"));

	/* A pre-6.12 kernel (no PV_IPI attr) cannot take a PV word at all. */
	assert_int_equal(la_features__parse("-pv-ipi", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, 0, err, sizeof(err)), -ENODEV);
	assert_non_null(strstr(err, "6.12+"));
	assert_int_equal(la_features__check(&s, VF_612, err, sizeof(err)), 0);
	assert_int_equal(la_features__parse("+virt-extioi", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, 0, err, sizeof(err)), -ENODEV);

	/* Contradictory dependencies. */
	assert_int_equal(la_features__parse("-lsx,+lasx", &s, err, sizeof(err)), 0);
	assert_int_equal(la_features__check(&s, VF_612 | VF(0) | VF(1), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'lasx' needs 'lsx'"));
}

static u64 pv_word(u64 vmf, const char *list)
{
	struct la_feature_sel s;
	char err[512];

	assert_int_equal(la_features__parse(list, &s, err, sizeof(err)), 0);
	return la_features__pv_word(vmf, &s);
}

static void test_pv_word(void **state)
{
	(void)state;
	assert_int_equal(pv_word(VF_612, NULL), PV(1) | PV(2));
	assert_int_equal(pv_word(VF(6), NULL), PV(1));			/* no pvtime */
	assert_int_equal(pv_word(VF_612, "-pv-ipi"), PV(2));
	assert_int_equal(pv_word(VF_612, "-pv-steal-time"), PV(1));
	assert_int_equal(pv_word(VF_612, "+virt-extioi"), PV(1) | PV(2) | PV(24));
	assert_int_equal(pv_word(VF_612, "+user-hcall"), PV(1) | PV(2) | PV(25));
	assert_int_equal(pv_word(VF_612 | VF(10), NULL), PV(1) | PV(2) | PV(3));
	/* The preempted flag sits in the steal-time record. */
	assert_int_equal(pv_word(VF_612 | VF(10), "-pv-steal-time"), PV(1));
	assert_int_equal(pv_word(0, NULL), 0);
}

static void test_arch_init_probes_and_registers(void **state)
{
	(void)state;
	memset(&fake.host, 0, sizeof(fake.host));
	fake.host.lsx = true;
	fake.host.pvtime = true;
	fake.host.extra_vm_attrs = VF(8);
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm.arch.vm_features, VF(0) | VF(6) | VF(7) | VF(8));
	/* attrs 0..10 each asked once */
	assert_int_equal(fake.nr_has_attr, 11);
	assert_non_null(io_space__find(&kvm.arch.iocsr, 0x8, 4));
	assert_non_null(io_space__find(&kvm.arch.iocsr, 0x420, 8));
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	io_space__exit(&kvm.mmio);	/* the interrupt controllers' MMIO */
}

static void test_arch_init_errors(void **state)
{
	(void)state;
	memset(&fake.host, 0, sizeof(fake.host));
	fake.host.pvtime = true;

	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	kvm.cfg.cpu_features = "+bogus";
	assert_int_not_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(fake.nr_has_attr, 0);		/* failed before probing */
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);

	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	kvm.cfg.cpu_features = "+lsx";
	assert_int_not_equal(kvm__arch_init(&kvm), 0);
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);

	/* Only ENXIO means "absent"; anything else is a broken kernel. */
	fake.host.has_attr_errno = EFAULT;
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	assert_int_equal(kvm__arch_init(&kvm), -EFAULT);
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	fake.host.has_attr_errno = 0;
}

static void test_print_table(void **state)
{
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *out;

	(void)state;
	memset(&fake.host, 0, sizeof(fake.host));
	fake.host.pvtime = true;
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(la_features__print(&kvm, out), 0);
	fclose(out);

	/* One row per feature: name, here, default. */
	for (int f = 0; f < LA_NR_FEATURES; f++) {
		char want[64];

		snprintf(want, sizeof(want), "\n%s ", la_feature__name(f));
		if (!strstr(buf, want))
			fail_msg("no row for %s in:\n%s", la_feature__name(f), buf);
	}
	line = strstr(buf, "\npv-ipi ");
	assert_non_null(line);
	assert_true(strstr(line, " yes ") && strstr(line, " yes ") < strchr(line + 1, '\n'));
	assert_true(strstr(line, " on ") && strstr(line, " on ") < strchr(line + 1, '\n'));
	line = strstr(buf, "\nlsx ");
	assert_true(strstr(line, " no ") && strstr(line, " no ") < strchr(line + 1, '\n'));
	assert_non_null(strstr(buf, "needs a CPU with LSX and a Linux 6.8+ host kernel"));
	line = strstr(buf, "\nvirt-extioi ");
	assert_true(strstr(line, " off ") && strstr(line, " off ") < strchr(line + 1, '\n'));
	free(buf);
	io_space__exit(&kvm.arch.iocsr);
}

/* An la464-like CPU with LSX and LASX, for the older-kernel cases. */
static void host_cpu_with_simd(int kernel)
{
	memset(&fake.host, 0, sizeof(fake.host));
	fake.host.kernel = kernel;
	fake.host.lsx = fake.host.lasx = true;
	fake.host.pvtime = true;
	fake.host.cpu_set = true;
	fake_la464(fake.host.cpu);
	fake.host.cpu[2] |= (1u << 6) | (1u << 7);
}

static int boot_cpu0(const char *features)
{
	int r;

	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	kvm.cfg.cpu_features = features;
	r = kvm__arch_init(&kvm);
	if (!r)
		r = kvm_cpu__arch_init(&cpus[0]);
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	io_space__exit(&kvm.mmio);
	return r;
}

/*
 * Linux 6.8-6.11 (vm.c: kvm_arch_vm_ioctl is ENOTTY for everything; vcpu.c:
 * kvm_loongarch_cpucfg_get_attr gives the masks, set_attr nothing): the
 * CPU model follows the masks and lkvm never sets the PV word.
 */
static void test_kernel_without_feat_ctrl(void **state)
{
	(void)state;
	host_cpu_with_simd(609);
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm.arch.vm_features, LA_VM_NO_FEAT_CTRL);
	assert_false(la_features__pv_settable(kvm.arch.vm_features));
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	/* LSX/LASX by default, from the CPU, allowed by the masks */
	assert_int_equal(fake.vcpu[0].cpucfg[2] & 0xc0, 0xc0);
	assert_int_equal(fake.vcpu[0].cpucfg_rejects, 0);
	assert_int_equal(fake.nr_pv_sets, 0);
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	io_space__exit(&kvm.mmio);

	/* What it can do it does; what needs the PV word it refuses. */
	assert_int_equal(boot_cpu0("-lasx"), 0);
	assert_int_equal(fake.vcpu[0].cpucfg[2] & 0xc0, 0x40);
	assert_int_equal(boot_cpu0("+pv-ipi,+pv-steal-time"), 0);
	assert_int_equal(fake.nr_pv_sets, 0);
	assert_int_equal(boot_cpu0("-pv-ipi"), -ENODEV);
	assert_int_equal(boot_cpu0("+virt-extioi"), -ENODEV);
	assert_int_equal(boot_cpu0("+pv-preempt"), -ENODEV);
	/* 6.9's masks have no PMU word and no LBT bits */
	fake.host.pmp = true;
	fake.host.cpucfg6 = 0x7f31;
	fake.host.x86bt = true;
	assert_int_equal(boot_cpu0("+pmu"), -ENODEV);
	assert_int_equal(boot_cpu0("+x86bt"), -ENODEV);
	/* a CPU without LSX: "+lsx" cannot be had */
	host_cpu_with_simd(609);
	fake.host.lsx = fake.host.lasx = false;
	assert_int_equal(boot_cpu0("+lsx"), -ENODEV);
}

/* Linux 6.7: no device attributes at all; nothing beyond the base CPU. */
static void test_kernel_without_cpucfg_masks(void **state)
{
	(void)state;
	host_cpu_with_simd(607);
	assert_int_equal(boot_cpu0(NULL), 0);
	assert_int_equal(fake.vcpu[0].cpucfg[2] & 0xc0, 0);
	assert_int_equal(fake.vcpu[0].cpucfg[6], 0);
	/* FP, LLFTP and the rest of the base CPU are there */
	assert_int_equal(fake.vcpu[0].cpucfg[2] & 0x4007, 0x4007);
	assert_int_equal(fake.vcpu[0].cpucfg[1], fake.host.cpu[1]);
	assert_int_equal(boot_cpu0("+lsx"), -ENODEV);
}

/* "lkvm features" on such a kernel: masks from a vCPU, PV as "?". */
static void test_print_table_old_kernel(void **state)
{
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *out;

	(void)state;
	host_cpu_with_simd(609);
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, 1);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(la_features__print(&kvm, out), 0);
	fclose(out);
	line = strstr(buf, "\nlsx ");
	assert_non_null(line);
	assert_true(strstr(line, " yes ") && strstr(line, " yes ") < strchr(line + 1, '\n'));
	line = strstr(buf, "\npv-ipi ");
	assert_non_null(line);
	assert_true(strstr(line, " ? ") && strstr(line, " ? ") < strchr(line + 1, '\n'));
	line = strstr(buf, "\nvirt-extioi ");
	assert_true(strstr(line, " no ") && strstr(line, " no ") < strchr(line + 1, '\n'));
	assert_non_null(strstr(buf, "before Linux 6.12"));
	free(buf);
	io_space__exit(&kvm.arch.iocsr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good_lists),
		cmocka_unit_test(test_parse_unknown_name),
		cmocka_unit_test(test_unavailable_feature_errors),
		cmocka_unit_test(test_pv_word),
		cmocka_unit_test(test_arch_init_probes_and_registers),
		cmocka_unit_test(test_arch_init_errors),
		cmocka_unit_test(test_print_table),
		cmocka_unit_test(test_kernel_without_feat_ctrl),
		cmocka_unit_test(test_kernel_without_cpucfg_masks),
		cmocka_unit_test(test_print_table_old_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
