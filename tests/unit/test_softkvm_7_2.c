/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm with kernel=7.2: what a VMM sees of Linux 7.2's LoongArch KVM
 * beyond 6.12 (the VM feature group and the PV word; KVM_RUN's preempted
 * byte and user hypercalls are in test_softkvm_run.c). Each rule names the
 * 7.2 function it follows; expected values are worked from the 7.2 source.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "softkvm-test-util.h"
#include "fake-sk-cpu.h"

#define PV(n)		(1ULL << (n))
#define PV_WORD		0x40000004	/* CPUCFG_KVM_FEATURE */

static int setup(void **state)
{
	static struct env e;

	fake_cpu_reset();
	be = softkvm__backend();
	if (be->configure("kernel", "7.2") || t_env_up(&e, true))
		return -1;
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	t_env_down(*state);
	return be->configure("kernel", "6.12");
}

static int has_vm(struct env *e, uint64_t attr)
{
	return t_attr(e->vm, KVM_HAS_DEVICE_ATTR, KVM_LOONGARCH_VM_FEAT_CTRL, attr, NULL);
}

/*
 * vm.c kvm_vm_init_features + kvm_vm_feature_has_attr: PV_PREEMPT with
 * steal time (kvm_pvtime_supported); PTW and MSGINT only on a CPU with
 * them, which softkvm's is not; nothing past PV_PREEMPT (10).
 */
static void test_vm_features(void **state)
{
	struct env *e = *state;

	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_IPI), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_STEALTIME), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_PREEMPT), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PTW), -ENXIO);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_MSGINT), -ENXIO);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_LSX), -ENXIO);
	assert_int_equal(has_vm(e, 11), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 1, 0, NULL), -ENXIO);
}

/*
 * vcpu.c kvm_loongarch_cpucfg_get_attr / _set_attr with 7.2's
 * LOONGARCH_PV_FEAT_MASK (IPI, PREEMPT, STEAL_TIME, USER_HCALL,
 * VIRT_EXTIOI): the default word has PREEMPT, USER_HCALL is settable, the
 * first value set holds for every vCPU.
 */
static void test_pv_word(void **state)
{
	struct env *e = *state;
	int other = t_vcpu(e->vm, 1);
	uint64_t v;

	assert_true(other >= 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	assert_int_equal(v, PV(1) | PV(2) | PV(3));
	v = PV(0);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), -EINVAL);
	v = PV(4);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), -EINVAL);
	v = PV(1) | PV(2) | PV(3) | PV(24) | PV(25);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	assert_int_equal(t_attr(other, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	v = PV(1) | PV(2);
	assert_int_equal(t_attr(other, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), -EINVAL);
	assert_int_equal(t_attr(other, KVM_GET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	assert_int_equal(v, PV(1) | PV(2) | PV(3) | PV(24) | PV(25));
	be->close(other);
}

/* A VMM may leave PREEMPT out (QEMU's pv-preempt=off); steal time stays. */
static void test_pv_word_without_preempt(void **state)
{
	struct env *e = *state;
	uint64_t v = PV(1) | PV(2);

	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, KVM_LOONGARCH_VCPU_PVTIME_CTRL,
				KVM_LOONGARCH_VCPU_PVTIME_GPA, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, PV_WORD, &v), 0);
	assert_int_equal(v, PV(1) | PV(2));
}

/* The option: "7.2" is a value; back to 6.12 new VMs lose PV_PREEMPT. */
static void test_configure(void **state)
{
	int sys, vm;

	(void)state;
	be = softkvm__backend();
	assert_int_equal(be->configure("kernel", "7.1"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(be->configure("kernel", "6.12"), 0);
	sys = t_sys();
	vm = t_vm(sys);
	assert_true(vm >= 0);
	assert_int_equal(t_attr(vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PV_PREEMPT, NULL),
			 -ENXIO);
	be->close(vm);
	be->close(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vm_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_word_without_preempt, setup, teardown),
		cmocka_unit_test(test_configure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
