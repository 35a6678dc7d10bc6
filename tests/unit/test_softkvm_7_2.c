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
 * them, which softkvm's is not; LSX and LASX (its CPU has them); nothing
 * past PV_PREEMPT (10).
 */
static void test_vm_features(void **state)
{
	struct env *e = *state;

	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_IPI), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_STEALTIME), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PV_PREEMPT), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_PTW), -ENXIO);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_MSGINT), -ENXIO);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_LSX), 0);
	assert_int_equal(has_vm(e, KVM_LOONGARCH_VM_FEAT_LASX), 0);
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

/*
 * kvm_main.c kvm_vm_ioctl_check_extension_generic + vm.c: IRQCHIP, IRQFD
 * and SIGNAL_MSI exist from 6.13. Without the in-kernel IPI, EIOINTC and
 * PCH-PIC (kvm_arch_irqchip_in_kernel) the interrupt ioctls refuse:
 * vm.c kvm_vm_ioctl_irq_line ENXIO, eventfd.c kvm_irqfd_assign EAGAIN
 * (kvm_arch_intc_initialized), irqchip.c kvm_send_userspace_msi EINVAL;
 * vm.c kvm_arch_vm_ioctl takes KVM_CREATE_IRQCHIP as a no-op.
 */
static void test_irq_ioctls_without_irqchip(void **state)
{
	struct env *e = *state;
	struct kvm_irq_level line = { .irq = 8, .level = 1 };
	struct kvm_irqfd irqfd = { .fd = 0, .gsi = 8 };
	struct kvm_msi msi = { .data = 8 };

	assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_IRQCHIP), 1);
	assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_IRQFD), 1);
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_SIGNAL_MSI), 1);
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQ_LINE, &line)), -ENXIO);
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQ_LINE_STATUS, &line)), -ENXIO);
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQFD, &irqfd)), -EAGAIN);
	irqfd.flags = 1U << 2;
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQFD, &irqfd)), -EINVAL);
	irqfd.flags = KVM_IRQFD_FLAG_DEASSIGN;
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQFD, &irqfd)), 0);
	irqfd.fd = 999;
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_IRQFD, &irqfd)), -EBADF);
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_SIGNAL_MSI, &msi)), -EINVAL);
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_CREATE_IRQCHIP, NULL)), 0);
	/* unknown device types: kvm_ioctl_create_device ENODEV (tests/unit/test_sk_intc.c has the rest) */
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_CREATE_DEVICE, &(struct kvm_create_device){
		.type = KVM_DEV_TYPE_LOONGARCH_PCHPIC + 3 })), -ENODEV);
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
	/* 6.12 has none of the interrupt ioctls */
	assert_int_equal(t_err(t_ioctl(vm, KVM_IRQ_LINE, &(struct kvm_irq_level){ 0 })), -ENOTTY);
	assert_int_equal(t_err(t_ioctl(vm, KVM_CREATE_IRQCHIP, NULL)), -ENOTTY);
	assert_int_equal(t_err(t_ioctl(vm, KVM_IRQFD, &(struct kvm_irqfd){ 0 })), -EINVAL);
	be->close(vm);
	be->close(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vm_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_word_without_preempt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_ioctls_without_irqchip, setup, teardown),
		cmocka_unit_test(test_configure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
