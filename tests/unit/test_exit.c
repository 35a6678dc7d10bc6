/* SPDX-License-Identifier: GPL-2.0-only */
/* Exit dispatch of the vCPU run loop (vcpu/kvm-cpu.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"

/* Fakes of the arch hooks and of kvm.c, recording what was asked. */
static int arch_exit_calls, show_regs_calls, stop_reason, stop_code;
static bool arch_claims;

enum kvm_cpu_exit kvm_cpu__arch_handle_exit(struct kvm_cpu *vcpu)
{
	(void)vcpu;
	arch_exit_calls++;
	return arch_claims ? KVM_CPU_EXIT_HANDLED : KVM_CPU_EXIT_UNHANDLED;
}

void kvm_cpu__arch_show_registers(struct kvm_cpu *vcpu)
{
	(void)vcpu;
	show_regs_calls++;
}

int kvm_cpu__arch_pre_run(struct kvm_cpu *vcpu)
{
	(void)vcpu;
	return 0;
}

void kvm__arch_stop_notify(struct kvm *kvm)
{
	(void)kvm;
}

void kvm__request_stop(struct kvm *kvm, enum kvm_stop_reason why, int code)
{
	(void)kvm;
	if (!stop_reason) {
		stop_reason = (int)why;
		stop_code = code;
	}
}

struct dev {
	u64 last_off;
	u32 last_len;
	u64 written;
};

static void dev_handler(struct kvm_cpu *vcpu, u64 off, u8 *data, u32 len,
			bool is_write, void *opaque)
{
	struct dev *d = opaque;

	(void)vcpu;
	d->last_off = off;
	d->last_len = len;
	if (is_write)
		d->written = get_le(data, len);
	else
		put_le(data, len, 0x8877665544332211ULL);
}

static struct kvm kvm;
static struct kvm_run run;
static struct kvm_cpu vcpu;
static struct dev dev;

static int setup(void **state)
{
	(void)state;
	memset(&kvm, 0, sizeof(kvm));
	memset(&run, 0, sizeof(run));
	memset(&dev, 0, sizeof(dev));
	io_space__init(&kvm.mmio, "mmio");
	io_space__register(&kvm.mmio, 0x1fe001e0, 0x100, dev_handler, &dev, "dev");
	vcpu.kvm = &kvm;
	vcpu.run = &run;
	arch_exit_calls = show_regs_calls = stop_reason = stop_code = 0;
	arch_claims = false;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	io_space__exit(&kvm.mmio);
	return 0;
}

static void test_mmio_read_fills_data_le(void **state)
{
	(void)state;
	run.exit_reason = KVM_EXIT_MMIO;
	run.mmio.phys_addr = 0x1fe001e4;
	run.mmio.len = 4;
	run.mmio.is_write = 0;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(dev.last_off, 4);
	assert_int_equal(dev.last_len, 4);
	/* Little-endian bytes of the low 32 bits of the device's value. */
	assert_int_equal(run.mmio.data[0], 0x11);
	assert_int_equal(run.mmio.data[3], 0x44);
	assert_int_equal(stop_reason, 0);
}

static void test_mmio_write_reaches_device(void **state)
{
	(void)state;
	run.exit_reason = KVM_EXIT_MMIO;
	run.mmio.phys_addr = 0x1fe001e8;
	run.mmio.len = 2;
	run.mmio.is_write = 1;
	run.mmio.data[0] = 0x34;
	run.mmio.data[1] = 0x12;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(dev.written, 0x1234);
	assert_int_equal(dev.last_off, 8);
}

static void test_mmio_unclaimed_and_bad_len(void **state)
{
	(void)state;
	run.exit_reason = KVM_EXIT_MMIO;
	run.mmio.phys_addr = 0x30000000;
	run.mmio.len = 8;
	run.mmio.is_write = 0;
	memset(run.mmio.data, 0xee, 8);
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(get_le64(run.mmio.data), 0);
	/* A length the kernel never produces must not reach a device. */
	run.mmio.phys_addr = 0x1fe001e0;
	run.mmio.len = 64;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(dev.last_len, 0);
	assert_int_equal(stop_reason, 0);
}

/* The generic loop leaves hypercalls to the arch, their one owner. */
static void test_hypercall_goes_to_the_arch(void **state)
{
	(void)state;
	run.exit_reason = KVM_EXIT_HYPERCALL;
	arch_claims = true;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(arch_exit_calls, 1);
}
static void test_intr_continues(void **state)
{
	(void)state;
	run.exit_reason = KVM_EXIT_INTR;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(arch_exit_calls, 0);
	assert_int_equal(stop_reason, 0);
}

static void test_fatal_exits_stop_with_dump(void **state)
{
	static const u32 reasons[] = { KVM_EXIT_DEBUG, KVM_EXIT_INTERNAL_ERROR, 9999 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++) {
		stop_reason = stop_code = show_regs_calls = 0;
		run.exit_reason = reasons[i];
		assert_false(kvm_cpu__handle_exit(&vcpu));
		assert_int_equal(stop_reason, STOP_ERROR);
		assert_int_not_equal(stop_code, 0);
		assert_int_equal(show_regs_calls, 1);
	}
}

static void test_arch_exits_go_to_arch(void **state)
{
	(void)state;
	arch_claims = true;
	run.exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
	assert_true(kvm_cpu__handle_exit(&vcpu));
	assert_int_equal(arch_exit_calls, 1);
	assert_int_equal(stop_reason, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mmio_read_fills_data_le, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_write_reaches_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_unclaimed_and_bad_len, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hypercall_goes_to_the_arch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intr_continues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_exits_stop_with_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arch_exits_go_to_arch, setup, teardown),
	};

	log__level = LOG_ERR;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
