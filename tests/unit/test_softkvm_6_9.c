/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm with kernel=6.9: what a VMM sees of a Linux 6.8-6.9 LoongArch
 * KVM (also 6.6-LTS kernels without the later backports). Each rule names
 * the 6.9 function it follows; the expected values are the 6.9 source's
 * (vcpu.c after "Set reserved bits as zero in CPUCFG"), worked by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "softkvm-test-util.h"
#include "fake-sk-cpu.h"

#define CPUCFG_ID(n)	(0x9030000000040000ULL | ((uint64_t)(n) << 3))
#define A0		4

static int setup(void **state)
{
	static struct env e;

	fake_cpu_reset();
	be = softkvm__backend();
	if (be->configure("kernel", "6.9") || t_env_up(&e, true))
		return -1;
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	t_env_down(*state);
	return be->configure("kernel", "6.12");
}

/* The option itself: one key, two values, nothing else. */
static void test_configure(void **state)
{
	(void)state;
	be = softkvm__backend();
	assert_int_equal(be->configure("kernel", "6.10"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(be->configure("kernels", "6.9"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(be->configure("kernel", "6.12"), 0);
}

/* kvm_arch_vm_ioctl returns -ENOIOCTLCMD for everything: ENOTTY. */
static void test_no_vm_feature_control(void **state)
{
	struct env *e = *state;
	uint64_t v;

	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0,
				KVM_LOONGARCH_VM_FEAT_PV_IPI, NULL), -ENOTTY);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0,
				KVM_LOONGARCH_VM_FEAT_LSX, NULL), -ENOTTY);
	assert_int_equal(t_attr(e->vm, KVM_GET_DEVICE_ATTR, 0, 0, &v), -ENOTTY);
}

/* vm.c kvm_vm_ioctl_check_extension: SET_GUEST_DEBUG came in 6.10. */
static void test_caps(void **state)
{
	struct env *e = *state;

	assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)KVM_CAP_SET_GUEST_DEBUG), 0);
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_SET_GUEST_DEBUG), 0);
	assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)KVM_CAP_ONE_REG), 1);
}

/* vcpu.c kvm_loongarch_vcpu_{has,get,set}_attr as of 6.9 */
static void test_vcpu_attrs(void **state)
{
	struct env *e = *state;
	uint64_t v = 0x6;

	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 2, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 6, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 0x40000004, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 1, 0, NULL), -ENXIO);
	/* masks: CPUCFG2 = FP|FPSP|FPDP|FPVERS|LSX|LASX|LLFTP|LLFTPREV|LSPW|LAM */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 2, &v), 0);
	assert_int_equal(v, 0x63c0ff);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 1, &v), 0);
	assert_int_equal(v, 0x3ffffff);
	/* no PMU word yet */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 6, &v), 0);
	assert_int_equal(v, 0);
	/* every attr goes to _kvm_get_cpucfg_mask: past word 20 is EINVAL */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 21, &v), -EINVAL);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 0x40000004, &v), -EINVAL);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 1, 0, &v), -ENXIO);
	/* nothing is settable: the PV word is not the VMM's */
	v = 0x2;
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), -ENXIO);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &v), -ENXIO);
}

/* vcpu.c kvm_check_cpucfg: the 6.8 rules with the 6.9 masks */
static void test_cpucfg_rules(void **state)
{
	struct env *e = *state;
	uint64_t c2 = 0x0060c00f;

	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2), 0);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 & ~(1ULL << 14)), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(6), 0), 0);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(6), 1), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(21), 0), -EINVAL);
}

/* Before 6.10 no exit handler knows hvcl: kvm_fault_ni injects INE. */
static void test_hvcl_is_ine(void **state)
{
	struct env *e = *state;
	struct kvm_regs r;

	memset(&r, 0, sizeof(r));
	r.pc = 0x3000;
	r.gpr[A0] = 1;			/* KVM_HCALL_FUNC_IPI */
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_REGS, &r), 0);
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_HVCL, .code = 0x100 });
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_MMIO, .addr = 0, .is_write = true });
	assert_int_equal(t_ioctl(e->vcpu, KVM_RUN, NULL), 0);
	assert_int_equal(fake_cpu.ines, 1);
	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_REGS, &r), 0);
	/* not answered: a0 untouched, no "success" and no -1 */
	assert_int_equal(r.gpr[A0], 1);
}

/* Set back to 6.12, new VMs answer as 6.12 again. */
static void test_back_to_6_12(void **state)
{
	int sys, vm;

	(void)state;
	be = softkvm__backend();
	assert_int_equal(be->configure("kernel", "6.12"), 0);
	sys = t_sys();
	vm = t_vm(sys);
	assert_true(vm >= 0);
	assert_int_equal(t_attr(vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PV_IPI, NULL), 0);
	be->close(vm);
	be->close(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configure),
		cmocka_unit_test_setup_teardown(test_no_vm_feature_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpucfg_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hvcl_is_ine, setup, teardown),
		cmocka_unit_test(test_back_to_6_12),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
