/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest CPU model and vCPU set-up (loongarch/cpucfg.c, features.c,
 * cpu.c, kvm.c) against a fake kernel that applies Linux 6.12's CPUCFG
 * masks and checks (tests/unit/la_fake_kvm.c, written from vcpu.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"
#include "la_fake_kvm.h"

#define NCPU	2

static struct kvm kvm;
static struct kvm_cpu cpus[NCPU];
static struct kvm_cpu *cpu_ptrs[NCPU];
static struct kvm_run runs[NCPU];

/* CPUCFG bits by the manual's bit numbers, spelled out here on purpose. */
#define FP	(1u << 0)
#define FPSP	(1u << 1)
#define FPDP	(1u << 2)
#define LSX	(1u << 6)
#define LASX	(1u << 7)
#define LLFTP	(1u << 14)
#define PTW	(1u << 24)

static void host_none(void)
{
	memset(&fake.host, 0, sizeof(fake.host));
	fake.host.pvtime = true;
	/* 6.12 LOONGARCH_PV_FEAT_MASK: IPI | STEAL_TIME | VIRT_EXTIOI */
	fake.host.pv_mask = (1ULL << 1) | (1ULL << 2) | (1ULL << 24);
}

static void host_simd_pmu(void)
{
	host_none();
	fake.host.lsx = fake.host.lasx = true;
	fake.host.pmp = true;
	fake.host.cpucfg6 = 0x7f31;	/* PMP, 4 counters, 64 bits, UPM */
}

static int setup(void **state)
{
	(void)state;
	host_none();
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, NCPU);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	io_space__exit(&kvm.mmio);
	return 0;
}

static void masks_of(u32 m[LA_CPUCFG_WORDS])
{
	for (unsigned int i = 0; i < LA_CPUCFG_WORDS; i++)
		m[i] = fake_cpucfg_mask(&fake.host, i);
}

static void assert_kernel_accepts(const u32 c[LA_CPUCFG_WORDS])
{
	for (unsigned int i = 0; i < LA_CPUCFG_WORDS; i++)
		if (fake_cpucfg_check(&fake.host, i, c[i]))
			fail_msg("CPUCFG%u = 0x%08x would be refused by the kernel", i, c[i]);
}

static int compute(const u32 base[LA_CPUCFG_WORDS], const char *list,
		   struct la_cpu_model *m, char *err, size_t errlen)
{
	struct la_feature_sel sel;
	u32 masks[LA_CPUCFG_WORDS];
	u64 vmf = 0;

	assert_int_equal(la_features__parse(list, &sel, err, errlen), 0);
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, NCPU);
	assert_int_equal(la_features__probe_vm(&kvm, &vmf), 0);
	masks_of(masks);
	return la_cpu_model__compute(base, masks, vmf, &sel, m, err, errlen);
}

/* softkvm path: FACTS §1.8/1.9 la464 fields, without LSX/LASX/LBT/PMU. */
static void test_la464_model_on_softkvm(void **state)
{
	struct fake_vcpu *v = &fake.vcpu[0];
	/* LA64 (2), paging, IOCSR, PALEN-1 = VALEN-1 = 47, UAL RI EP RPLV HP CRC */
	u32 cfg1 = 2 | (1u << 2) | (1u << 3) | (47u << 4) | (47u << 12) |
		   (0x3fu << 20);
	/* FP FPSP FPDP, FPVERS 1, LLFTP, LLFTPREV 1, LSPW, LAM */
	u32 cfg2 = FP | FPSP | FPDP | (1u << 3) | LLFTP | (1u << 15) | (1u << 21) | (1u << 22);

	(void)state;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(v->cpucfg_rejects, 0);
	assert_int_equal(v->nr_cpucfg_sets, 21);
	assert_int_equal(v->cpucfg[0], 0x14c010);
	assert_int_equal(v->cpucfg[1], cfg1);
	assert_int_equal(v->cpucfg[2], cfg2);
	assert_int_equal(v->cpucfg[4], 100000000);
	assert_int_equal(v->cpucfg[5], (1u << 16) | 1u);	/* div 1, mul 1 */
	assert_int_equal(v->cpucfg[6], 0);
	assert_int_not_equal(v->cpucfg[16], 0);
	assert_int_not_equal(v->cpucfg[17], 0);
}

/*
 * The model starts from the CPU under the backend (host_cpu_id): a CPU
 * with LSX/LASX gives them by default where the kernel allows them.
 */
static void test_base_is_the_backends_cpu(void **state)
{
	struct fake_vcpu *v = &fake.vcpu[0];

	(void)state;
	host_simd_pmu();
	fake.host.cpu_set = true;
	fake_la464(fake.host.cpu);
	fake.host.cpu[2] |= LSX | LASX;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(v->cpucfg[2] & (LSX | LASX), LSX | LASX);
	kvm__arch_exit(&kvm);
	io_space__exit(&kvm.arch.iocsr);
	io_space__exit(&kvm.mmio);

	/* The same kernel on a CPU without them: none. */
	fake.host.cpu[2] &= ~(LSX | LASX);
	fake_kvm_setup(&kvm, cpus, cpu_ptrs, runs, NCPU);
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(v->cpucfg[2] & (LSX | LASX), 0);
}

/* A backend that cannot read its CPU stops the vCPU set-up. */
static void test_unreadable_cpu_is_an_error(void **state)
{
	(void)state;
	fake.host.cpu_id_errno = ENOSYS;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_not_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(fake.vcpu[0].nr_cpucfg_sets, 0);
}

static void test_lasx_without_lsx_is_fixed(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_simd_pmu();
	fake_la464(base);
	base[2] |= LASX;			/* LASX but no LSX */
	assert_int_equal(compute(base, NULL, &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_false(m.cpucfg[2] & LASX);
}

static void test_fp_needs_both_precisions(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_simd_pmu();
	fake_la464(base);
	base[2] &= ~FPDP;
	base[2] |= LSX;
	assert_int_equal(compute(base, NULL, &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_false(m.cpucfg[2] & LSX);
}

static void test_unmaskable_bits_dropped_and_llftp_forced(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_none();
	for (unsigned int i = 0; i < LA_CPUCFG_WORDS; i++)
		base[i] = 0xffffffff;		/* everything, LBT and MSGINT too */
	base[2] &= ~LLFTP;
	assert_int_equal(compute(base, NULL, &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_true(m.cpucfg[2] & LLFTP);
	assert_true(m.cpucfg[1] & (1u << 3));	/* IOCSR */
	assert_false(m.cpucfg[1] & (1u << 26));	/* MSGINT: not in 6.12's mask */
	assert_int_equal(m.cpucfg[7], 0);
}

static void test_disable_lsx_drops_lasx(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_simd_pmu();
	fake_la464(base);
	base[2] |= LSX | LASX;
	assert_int_equal(compute(base, NULL, &m, err, sizeof(err)), 0);
	assert_true((m.cpucfg[2] & (LSX | LASX)) == (LSX | LASX));
	assert_int_equal(compute(base, "-lsx", &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_int_equal(m.cpucfg[2] & (LSX | LASX), 0);
	assert_int_equal(compute(base, "-lasx", &m, err, sizeof(err)), 0);
	assert_int_equal(m.cpucfg[2] & (LSX | LASX), LSX);
}

static void test_enable_lasx_on_la464_base(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_simd_pmu();
	fake_la464(base);
	base[2] &= ~(FP | FPSP | FPDP);		/* even without a scalar FPU */
	assert_int_equal(compute(base, "+lasx", &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_int_equal(m.cpucfg[2] & (FP | FPSP | FPDP | LSX | LASX),
			 FP | FPSP | FPDP | LSX | LASX);
}

static void test_pmu_on_and_off(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256];

	(void)state;
	host_simd_pmu();
	fake_la464(base);
	assert_int_equal(compute(base, "+pmu", &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_true(m.cpucfg[6] & 1);
	base[6] = 0x7f31;
	assert_int_equal(compute(base, "-pmu", &m, err, sizeof(err)), 0);
	assert_int_equal(m.cpucfg[6], 0);
}

static void test_ptw_needs_host_support(void **state)
{
	struct la_cpu_model m;
	u32 base[LA_CPUCFG_WORDS];
	char err[256] = "";

	(void)state;
	host_none();
	fake_la464(base);
	assert_int_equal(compute(base, "+ptw", &m, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, "feature 'ptw' needs a Linux 6.18+ host kernel with a "
			    "page-table-walker CPU; this host lacks it");
	fake.host.extra_vm_attrs = 1ULL << 8;	/* a 6.18 kernel on a PTW CPU */
	assert_int_equal(compute(base, "+ptw", &m, err, sizeof(err)), 0);
	assert_kernel_accepts(m.cpucfg);
	assert_true(m.cpucfg[2] & PTW);
}

static void test_vcpu_registers_and_pv_word(void **state)
{
	(void)state;
	kvm.arch.entry = 0x1234000;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	for (unsigned int i = 0; i < NCPU; i++)
		assert_int_equal(kvm_cpu__arch_init(&cpus[i]), 0);

	assert_int_equal(fake.nr_pv_sets, 1);
	/* Default with pvtime: IPI (1) | STEAL_TIME (2); bit 63: set by the VMM. */
	assert_int_equal(fake.pv_features, (1ULL << 63) | 0x6);
	for (unsigned int i = 0; i < NCPU; i++) {
		struct fake_vcpu *v = &fake.vcpu[i];

		assert_int_equal(v->csr[0x20], i);	/* CPUID */
		assert_int_equal(v->csr[0x40], i);	/* TMID */
		/* CRMD: DA (bit 3), DATF = DATM = 1 (bits 5, 7), PLV0, IE 0 */
		assert_int_equal(v->csr[0x0], (1 << 3) | (1 << 5) | (1 << 7));
		assert_memory_equal(v->cpucfg, fake.vcpu[0].cpucfg, sizeof(v->cpucfg));
	}
	assert_int_equal(fake.vcpu[0].nr_set_regs, 1);
	assert_int_equal(fake.vcpu[0].regs.pc, 0x1234000);
	assert_int_equal(fake.vcpu[0].regs.gpr[4], 1);		/* a0 */
	assert_int_equal(fake.vcpu[0].regs.gpr[5], 0x0);	/* a1: LA_BOOT_CMDLINE */
	assert_int_equal(fake.vcpu[0].regs.gpr[6], 0x1000);	/* a2: LA_BOOT_SYSTAB */
	assert_int_equal(fake.vcpu[1].nr_set_regs, 0);
}

static void test_pv_word_choices(void **state)
{
	(void)state;
	kvm.cfg.cpu_features = "-pv-ipi,+virt-extioi";
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(fake.pv_features, (1ULL << 63) | (1ULL << 24) | (1ULL << 2));
	assert_true(kvm.arch.model.virt_extioi);
}

static void test_user_hcall_rejected_by_6_12(void **state)
{
	(void)state;
	kvm.cfg.cpu_features = "+user-hcall";
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_not_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(fake.nr_pv_sets, 0);
}

static void test_cpucfg_reject_is_an_error(void **state)
{
	(void)state;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	/* The fake "kernel" loses LSX after the model was built: SET fails. */
	kvm.arch.model.cpucfg[2] |= LSX;
	assert_int_not_equal(kvm_cpu__arch_init(&cpus[1]), 0);
	assert_int_equal(fake.vcpu[1].cpucfg_rejects, 1);
}

static void *pre_run_thread(void *arg)
{
	return (void *)(long)kvm_cpu__arch_pre_run(arg);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_secondary_parks_until_released(void **state)
{
	pthread_t t;
	void *ret;

	(void)state;
	kvm.arch.entry = 0x200000;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[1]), 0);
	assert_int_equal(kvm_cpu__arch_pre_run(&cpus[0]), 0);

	assert_int_equal(pthread_create(&t, NULL, pre_run_thread, &cpus[1]), 0);
	usleep(100000);
	assert_int_equal(fake.vcpu[1].nr_set_regs, 0);	/* still parked */
	assert_int_equal(la_cpu__release(&kvm, 1, 0x9000), 0);
	pthread_join(t, &ret);
	assert_int_equal((long)ret, 0);
	assert_int_equal(fake.vcpu[1].regs.pc, 0x9000);
	assert_int_equal(fake.vcpu[1].regs.gpr[4], 0);
	/* Later calls do not wait or touch registers again. */
	assert_int_equal(kvm_cpu__arch_pre_run(&cpus[1]), 0);
	assert_int_equal(fake.vcpu[1].nr_set_regs, 1);

	assert_int_equal(la_cpu__release(&kvm, 1, 0x9000), -EALREADY);
	assert_int_equal(la_cpu__release(&kvm, 0, 0x9000), -EALREADY);
	assert_int_equal(la_cpu__release(&kvm, 7, 0x9000), -ENOENT);
}

static void test_parked_secondary_stops_promptly(void **state)
{
	pthread_t t;
	void *ret;
	double t0;

	(void)state;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[1]), 0);
	assert_int_equal(pthread_create(&t, NULL, pre_run_thread, &cpus[1]), 0);
	usleep(50000);
	t0 = now();
	atomic_store(&kvm.stop_reason, STOP_SIGNAL);
	kvm__arch_stop_notify(&kvm);
	pthread_join(t, &ret);
	assert_int_equal((long)ret, -EINTR);
	assert_true(now() - t0 < 0.5);
	assert_int_equal(fake.vcpu[1].nr_set_regs, 0);
}

static void test_iocsr_exits(void **state)
{
	struct kvm_run *run = &runs[0];

	(void)state;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	run->exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
	run->iocsr_io.phys_addr = 0x8;		/* FEATURES */
	run->iocsr_io.len = 4;
	run->iocsr_io.is_write = 0;
	assert_int_equal(kvm_cpu__arch_handle_exit(&cpus[0]), KVM_CPU_EXIT_HANDLED);
	assert_int_equal(get_le32(run->iocsr_io.data), 0x81c);

	run->iocsr_io.phys_addr = 0x420;	/* MISC_FUNC |= EXT_IOI_EN */
	run->iocsr_io.len = 8;
	run->iocsr_io.is_write = 1;
	put_le64(run->iocsr_io.data, 1ULL << 48);
	assert_int_equal(kvm_cpu__arch_handle_exit(&cpus[0]), KVM_CPU_EXIT_HANDLED);
	assert_int_equal(kvm.arch.misc_func, 1ULL << 48);

	run->iocsr_io.phys_addr = 0x7777;	/* nobody's */
	run->iocsr_io.len = 8;
	run->iocsr_io.is_write = 0;
	memset(run->iocsr_io.data, 0xee, 8);
	assert_int_equal(kvm_cpu__arch_handle_exit(&cpus[0]), KVM_CPU_EXIT_HANDLED);
	assert_int_equal(get_le64(run->iocsr_io.data), 0);

	run->exit_reason = KVM_EXIT_MMIO;
	assert_int_equal(kvm_cpu__arch_handle_exit(&cpus[0]), KVM_CPU_EXIT_UNHANDLED);
}

/* The user hypercall (hvcl 0x102) is the arch's: no service, -1. */
static void test_hypercall_unknown_answers_minus_one(void **state)
{
	struct kvm_run *run = &runs[0];

	(void)state;
	run->exit_reason = KVM_EXIT_HYPERCALL;
	run->hypercall.nr = 0x102;
	run->hypercall.ret = 0;
	assert_int_equal(kvm_cpu__arch_handle_exit(&cpus[0]), KVM_CPU_EXIT_HANDLED);
	assert_int_equal((s64)run->hypercall.ret, -1);
}

static void test_show_registers(void **state)
{
	char buf[4096];
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	(void)state;
	assert_non_null(tmp);
	kvm.arch.entry = 0xabc000;
	assert_int_equal(kvm__arch_init(&kvm), 0);
	assert_int_equal(kvm_cpu__arch_init(&cpus[0]), 0);
	fake.vcpu[0].csr[0x6] = 0x1122334455667788ULL;	/* ERA */
	fflush(stderr);
	dup2(fileno(tmp), 2);
	kvm_cpu__arch_show_registers(&cpus[0]);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	assert_non_null(strstr(buf, "pc   0000000000abc000"));
	assert_non_null(strstr(buf, "a0   0000000000000001"));
	assert_non_null(strstr(buf, "sp "));
	assert_non_null(strstr(buf, "ERA    1122334455667788"));
	assert_non_null(strstr(buf, "CRMD   00000000000000a8"));
	assert_non_null(strstr(buf, "CPUID  0000000000000000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_la464_model_on_softkvm),
		T(test_base_is_the_backends_cpu),
		T(test_unreadable_cpu_is_an_error),
		T(test_lasx_without_lsx_is_fixed),
		T(test_fp_needs_both_precisions),
		T(test_unmaskable_bits_dropped_and_llftp_forced),
		T(test_disable_lsx_drops_lasx),
		T(test_enable_lasx_on_la464_base),
		T(test_pmu_on_and_off),
		T(test_ptw_needs_host_support),
		T(test_vcpu_registers_and_pv_word),
		T(test_pv_word_choices),
		T(test_user_hcall_rejected_by_6_12),
		T(test_cpucfg_reject_is_an_error),
		T(test_secondary_parks_until_released),
		T(test_parked_secondary_stops_promptly),
		T(test_iocsr_exits),
		T(test_hypercall_unknown_answers_minus_one),
		T(test_show_registers),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
