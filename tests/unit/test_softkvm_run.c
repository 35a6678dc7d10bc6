/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm KVM_RUN: exit completion, hypercalls, steal time, idle sleep and
 * its wake-ups from other threads and from signals. The CPU is a scripted
 * fake (fake-sk-cpu.c); expectations come from Linux 6.12 vcpu.c/exit.c,
 * and for the *_7_2 cases (kernel=7.2) from 7.2's, worked out by hand.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <cmocka.h>
#include "softkvm-test-util.h"
#include "fake-sk-cpu.h"

#define CSR_ID(n)	(0x9030000000010000ULL | ((uint64_t)(n) << 3))
#define A0		4

static int setup(void **state)
{
	static struct env e;

	fake_cpu_reset();
	if (t_env_up(&e, true))
		return -1;
	e.sv = fake_cpu.last_vcpu;
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	t_env_down(*state);
	return be->configure("kernel", "6.12");
}

/* The same, answering as Linux 7.2. */
static int setup_7_2(void **state)
{
	be = softkvm__backend();
	if (be->configure("kernel", "7.2"))
		return -1;
	return setup(state);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void push_mmio(uint64_t addr, bool write)
{
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_MMIO, .addr = addr, .is_write = write });
}

static void push_hvcl(uint32_t code)
{
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_HVCL, .code = code });
}

static int run(struct env *e)
{
	return t_err(t_ioctl(e->vcpu, KVM_RUN, NULL));
}

static struct kvm_regs regs(struct env *e)
{
	struct kvm_regs r;

	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_REGS, &r), 0);
	return r;
}

static void set_regs(struct env *e, struct kvm_regs *r)
{
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_REGS, r), 0);
}

/* vcpu.c kvm_arch_vcpu_ioctl_run: MMIO read completes even with immediate_exit */
static void test_mmio_completion(void **state)
{
	struct env *e = *state;

	push_mmio(0x1fe00000, false);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	assert_int_equal(e->run->mmio.phys_addr, 0x1fe00000);
	memcpy(e->run->mmio.data, "\x44\x33\x22\x11", 4);
	e->run->immediate_exit = 1;
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_INTR);
	assert_int_equal(fake_cpu.completes, 1);
	assert_int_equal(regs(e).gpr[12], 0x11223344);
	/* nothing is owed any more */
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(fake_cpu.completes, 1);
	/* an MMIO write owes nothing either */
	e->run->immediate_exit = 0;
	push_mmio(0x1fe00000, true);
	assert_int_equal(run(e), 0);
	e->run->immediate_exit = 1;
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(fake_cpu.completes, 1);
	/* no steps left: the fake reports an internal error */
	e->run->immediate_exit = 0;
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_INTERNAL_ERROR);
}

/* vcpu.c kvm_arch_vcpu_ioctl_run: IOCSR reads complete only if exit_reason is kept */
static void test_iocsr_completion(void **state)
{
	struct env *e = *state;

	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .addr = 0x8 });
	push_mmio(0x0, true);
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .addr = 0x8 });
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .addr = 0x8, .is_write = true });
	push_mmio(0x0, true);

	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_LOONGARCH_IOCSR);
	memcpy(e->run->iocsr_io.data, "\x08\x08\0\0", 4);
	assert_int_equal(run(e), 0);
	assert_int_equal(fake_cpu.completes, 1);
	assert_int_equal(fake_cpu.last_completed_data, 0x808);

	assert_int_equal(run(e), 0);
	e->run->exit_reason = KVM_EXIT_MMIO;	/* the VMM clobbered it: skipped */
	assert_int_equal(run(e), 0);
	assert_int_equal(fake_cpu.completes, 1);
	assert_int_equal(run(e), 0);		/* iocsr write: nothing to complete */
	assert_int_equal(fake_cpu.completes, 1);
}

/* exit.c kvm_handle_hypercall: unknown codes, SWDBG, USER_SERVICE */
static void test_hypercall_codes(void **state)
{
	struct env *e = *state;
	struct kvm_guest_debug dbg = { .control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP };
	struct kvm_regs r = { .pc = 0x1000 };
	uint64_t feat;

	r.gpr[A0] = 77;
	set_regs(e, &r);
	push_hvcl(0x7);		/* unknown: a0 = -1, PC + 4 */
	push_hvcl(0x101);	/* SWDBG without debug: the same */
	push_hvcl(0x102);	/* USER_SERVICE without USER_HCALL: the same */
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	r = regs(e);
	assert_int_equal(r.gpr[A0], (uint64_t)-1);
	assert_int_equal(r.pc, 0x1000 + 3 * 4);

	/* SWDBG with SW breakpoints on: KVM_EXIT_DEBUG, PC stays */
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_GUEST_DEBUG, &dbg), 0);
	r.gpr[A0] = 5;
	set_regs(e, &r);
	push_hvcl(0x101);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_DEBUG);
	assert_int_equal(regs(e).pc, 0x100c);
	assert_int_equal(regs(e).gpr[A0], 5);
	/* ENABLE alone already makes SWDBG exit (guest_debug & SW_BP_MASK) */
	dbg.control = KVM_GUESTDBG_ENABLE;
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_GUEST_DEBUG, &dbg), 0);
	push_hvcl(0x101);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_DEBUG);

	/* 6.12's PV mask has no USER_HCALL: the VMM cannot enable it */
	feat = (1ULL << 1) | (1ULL << 2) | (1ULL << 25);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &feat), -EINVAL);
}

/* 7.2 exit.c kvm_handle_hypercall, KVM_HCALL_USER_SERVICE (from 6.14) */
static void test_user_hypercall_7_2(void **state)
{
	struct env *e = *state;
	struct kvm_regs r = { .pc = 0x1000 };
	uint64_t feat;

	/* not enabled in the PV word: an unknown code, a0 = -1 */
	push_hvcl(0x102);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	assert_int_equal(regs(e).gpr[A0], (uint64_t)-1);

	/* enabled: exit with a0..a5, ret preset to -1 */
	feat = (1ULL << 1) | (1ULL << 2) | (1ULL << 25);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &feat), 0);
	for (int i = 0; i < 6; i++)
		r.gpr[A0 + i] = 0x100 + (uint64_t)i;
	r.pc = 0x2000;
	set_regs(e, &r);
	push_hvcl(0x102);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_HYPERCALL);
	assert_int_equal(e->run->hypercall.nr, 0x102);
	for (int i = 0; i < 6; i++)
		assert_int_equal(e->run->hypercall.args[i], 0x100 + (uint64_t)i);
	assert_int_equal(e->run->hypercall.ret, (uint64_t)-1);
	assert_int_equal(regs(e).pc, 0x2000);
	/* completion on the next entry, even with immediate_exit, only once */
	e->run->hypercall.ret = 42;
	e->run->immediate_exit = 1;
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(regs(e).gpr[A0], 42);
	assert_int_equal(regs(e).pc, 0x2004);
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(regs(e).pc, 0x2004);
}

/* exit.c kvm_handle_service / kvm_save_notify */
static void test_hypercall_service(void **state)
{
	struct env *e = *state;
	uint8_t *ram = t_ram(T_PAGE);
	struct kvm_regs r = { .pc = 0x3000 };
	uint64_t v;

	assert_int_equal(t_slot(e->vm, 0, 0, 0x100000, T_PAGE, ram), 0);
	/* unknown function: -1 */
	r.gpr[A0] = 9;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(regs(e).gpr[A0], (uint64_t)-1);
	assert_int_equal(regs(e).pc, 0x3004);

	/* NOTIFY of the steal-time GPA: 0 and stored */
	r.gpr[A0] = 2;
	r.gpr[5] = 1ULL << 2;
	r.gpr[6] = 0x100080 | 1;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(regs(e).gpr[A0], 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 1, 0, &v), 0);
	assert_int_equal(v, 0x100081);
	/* bad parameter (-2), bad feature id (-1) */
	r.gpr[A0] = 2;
	r.gpr[6] = 0x100082;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(regs(e).gpr[A0], (uint64_t)-2);
	r.gpr[A0] = 2;
	r.gpr[5] = 1ULL << 1;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(regs(e).gpr[A0], (uint64_t)-1);
}

/* exit.c kvm_send_pv_ipi: SWI0 to targets found by CSR.CPUID */
static void test_pv_ipi(void **state)
{
	struct env *e = *state;
	int b = t_vcpu(e->vm, 1), c = t_vcpu(e->vm, 2);
	struct kvm_regs r = { .pc = 0x4000 };
	uint64_t v;

	assert_true(b >= 0 && c >= 0);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x20), 0), 0);
	assert_int_equal(t_set_reg(b, CSR_ID(0x20), 5), 0);
	assert_int_equal(t_set_reg(c, CSR_ID(0x20), 70), 0);
	/* a1 bit 5 -> CPUID 5; a2 bit 6 -> CPUID 64 + 6 = 70; base a3 = 0 */
	r.gpr[A0] = 1;
	r.gpr[5] = 1ULL << 5;
	r.gpr[6] = 1ULL << 6;
	r.gpr[7] = 0;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(regs(e).gpr[A0], 0);
	assert_int_equal(t_get_reg(b, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(t_get_reg(c, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0);
	/* base 4: bit 1 -> CPUID 5 only; no vCPU has CPUID 4 + 3 */
	assert_int_equal(t_set_reg(b, KVM_REG_LOONGARCH_VCPU_RESET, 0), 0);
	assert_int_equal(t_set_reg(c, KVM_REG_LOONGARCH_VCPU_RESET, 0), 0);
	r.gpr[A0] = 1;
	r.gpr[5] = (1ULL << 1) | (1ULL << 3);
	r.gpr[6] = 0;
	r.gpr[7] = 4;
	set_regs(e, &r);
	push_hvcl(0x100);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(t_get_reg(b, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(t_get_reg(c, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0);
	be->close(b);
	be->close(c);
}

/* vcpu.c kvm_update_stolen_time: version goes odd/even around the update */
static void test_steal_time(void **state)
{
	struct env *e = *state;
	uint8_t *ram = t_ram(T_PAGE);
	volatile uint32_t *version = (volatile uint32_t *)(ram + 0x40 + 8);
	uint64_t gpa = 0x200040 | 1;

	assert_int_equal(t_slot(e->vm, 0, 0, 0x200000, T_PAGE, ram), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &gpa), 0);
	push_mmio(0, true);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(*version, 2);		/* 0 -> 1 -> 2 */
	*version = 5;				/* odd junk: 5 -> 6, then 7, then 8 */
	assert_int_equal(run(e), 0);
	assert_int_equal(*version, 8);
	/* immediate_exit returns before the guest is loaded: no update */
	e->run->immediate_exit = 1;
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(*version, 8);
}

/* A steal-time record at guest 0x200040; returns its preempted byte. */
static volatile uint8_t *steal_record(struct env *e)
{
	uint8_t *ram = t_ram(T_PAGE);
	uint64_t gpa = 0x200040 | 1;

	assert_int_equal(t_slot(e->vm, 0, 0, 0x200000, T_PAGE, ram), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &gpa), 0);
	return ram + 0x40 + 16;		/* struct kvm_steal_time.preempted */
}

static void push_kick(void)
{
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_KICK });
}

/*
 * 7.2 vcpu.c kvm_update_stolen_time clears the preempted byte on entry;
 * kvm_arch_vcpu_put -> kvm_vcpu_set_pv_preempted sets it when the vCPU
 * is taken off guest code while runnable (softkvm: KVM_EXIT_INTR from the
 * run loop), never for an exit the guest asked for.
 */
static void test_pv_preempted_7_2(void **state)
{
	struct env *e = *state;
	volatile uint8_t *pre = steal_record(e);
	uint64_t feat;

	/* 7.2 kvm_vm_init_features: PREEMPT is on by default */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 0x40000004, &feat), 0);
	assert_int_equal(feat, (1ULL << 1) | (1ULL << 2) | (1ULL << 3));
	*pre = 0x55;
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	assert_int_equal(*pre, 0);		/* cleared on entry, MMIO is no preemption */
	push_kick();
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_INTR);
	assert_int_equal(*pre, 1);		/* KVM_VCPU_PREEMPTED */
	/* immediate_exit before entry: no load, no put */
	*pre = 0;
	e->run->immediate_exit = 1;
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(*pre, 0);
	e->run->immediate_exit = 0;
	*pre = 1;
	push_hvcl(0x7);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(*pre, 0);		/* the next entry clears it */
}

/* Without KVM_FEATURE_PREEMPT in the PV word nothing touches the byte. */
static void test_pv_preempted_off_7_2(void **state)
{
	struct env *e = *state;
	volatile uint8_t *pre = steal_record(e);
	uint64_t feat = (1ULL << 1) | (1ULL << 2);

	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &feat), 0);
	*pre = 0x55;
	push_kick();
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(*pre, 0x55);
}

/* 6.12: no PREEMPT in LOONGARCH_PV_FEAT_MASK, so neither rule applies. */
static void test_pv_preempted_6_12(void **state)
{
	struct env *e = *state;
	volatile uint8_t *pre = steal_record(e);
	uint64_t feat = (1ULL << 1) | (1ULL << 2) | (1ULL << 3);

	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &feat), -EINVAL);
	*pre = 0x55;
	push_kick();
	assert_int_equal(run(e), -EINTR);
	assert_int_equal(*pre, 0x55);
}

static int ioev(struct env *e, uint64_t addr, uint32_t len, uint32_t flags,
		uint64_t match, int fd)
{
	struct kvm_ioeventfd io = {
		.addr = addr, .len = len, .flags = flags, .datamatch = match, .fd = fd,
	};

	return t_err(t_ioctl(e->vm, KVM_IOEVENTFD, &io));
}

/* An MMIO write of 4 bytes of val, then a write to 0 that must exit. */
static uint64_t write_exit(struct env *e, uint64_t addr, uint32_t val)
{
	uint64_t at;

	memcpy(e->run->mmio.data, &val, 4);
	push_mmio(addr, true);
	push_mmio(0, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	at = e->run->mmio.phys_addr;
	if (at) {
		/* the write exited: the one to 0 is still to come */
		assert_int_equal(run(e), 0);
		assert_int_equal(e->run->mmio.phys_addr, 0);
	}
	return at;
}

static uint64_t efd_count(int fd)
{
	uint64_t n = 0;

	return read(fd, &n, sizeof(n)) == sizeof(n) ? n : 0;
}

#define NOTIFY	0x16000050ULL
#define DM	KVM_IOEVENTFD_FLAG_DATAMATCH

/* virt/kvm/eventfd.c kvm_assign_ioeventfd / kvm_deassign_ioeventfd (every kernel) */
static void test_ioeventfd_assign(void **state)
{
	struct env *e = *state;
	int a = eventfd(0, EFD_NONBLOCK), b = eventfd(0, EFD_NONBLOCK);

	assert_int_equal(ioev(e, NOTIFY, 4, DM, 0, a), 0);
	assert_int_equal(ioev(e, NOTIFY, 4, DM, 0, b), -EEXIST);
	assert_int_equal(ioev(e, NOTIFY, 4, 0, 0, b), -EEXIST);	/* wildcard */
	assert_int_equal(ioev(e, NOTIFY, 0, 0, 0, b), -EEXIST);	/* any length */
	assert_int_equal(ioev(e, NOTIFY, 4, DM, 1, b), 0);
	assert_int_equal(ioev(e, NOTIFY, 2, DM, 0, b), 0);		/* other length */
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_PIO, 0, b), 0);
	assert_int_equal(ioev(e, NOTIFY, 3, 0, 0, a), -EINVAL);
	assert_int_equal(ioev(e, NOTIFY + 0x100, 0, DM, 0, a), -EINVAL);
	assert_int_equal(ioev(e, NOTIFY + 0x100, 4, 1U << 7, 0, a), -EINVAL);
	assert_int_equal(ioev(e, ~0ULL - 1, 4, 0, 0, a), -EINVAL);
	assert_int_equal(ioev(e, NOTIFY + 0x100, 4, 0, 0, -1), -EBADF);
	/* deassign matches fd, address, length, datamatch exactly */
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_DEASSIGN, 0, b), -ENOENT);
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_DEASSIGN, 7, a), -ENOENT);
	assert_int_equal(ioev(e, NOTIFY, 4, KVM_IOEVENTFD_FLAG_DEASSIGN, 0, a), -ENOENT);
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_DEASSIGN, 0, a), 0);
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_DEASSIGN, 0, a), -ENOENT);
	assert_int_equal(ioev(e, NOTIFY, 4, DM, 0, a), 0);
	close(a);
	close(b);
}

/* 6.12: registered, but the LoongArch MMIO path never asks the bus. */
static void test_ioeventfd_6_12_never_fires(void **state)
{
	struct env *e = *state;
	int a = eventfd(0, EFD_NONBLOCK);

	assert_int_equal(ioev(e, NOTIFY, 4, DM, 0, a), 0);
	assert_int_equal(write_exit(e, NOTIFY, 0), NOTIFY);
	assert_int_equal(efd_count(a), 0);
	close(a);
}

/*
 * 7.2 exit.c kvm_emu_mmio_write -> kvm_io_bus_write -> eventfd.c
 * ioeventfd_write / ioeventfd_in_range: a match signals and resumes the
 * guest; anything else exits as before.
 */
static void test_ioeventfd_7_2_fires(void **state)
{
	struct env *e = *state;
	int a = eventfd(0, EFD_NONBLOCK), b = eventfd(0, EFD_NONBLOCK);
	int any = eventfd(0, EFD_NONBLOCK);

	assert_int_equal(ioev(e, NOTIFY, 4, DM, 0, a), 0);
	assert_int_equal(ioev(e, NOTIFY, 4, DM, 1, b), 0);
	assert_int_equal(ioev(e, NOTIFY + 0x200, 0, 0, 0, any), 0);
	assert_int_equal(write_exit(e, NOTIFY, 0), 0);
	assert_int_equal(efd_count(a), 1);
	assert_int_equal(efd_count(b), 0);
	assert_int_equal(write_exit(e, NOTIFY, 1), 0);
	assert_int_equal(efd_count(b), 1);
	assert_int_equal(write_exit(e, NOTIFY, 5), NOTIFY);	/* no datamatch */
	assert_int_equal(write_exit(e, NOTIFY + 4, 0), NOTIFY + 4);
	assert_int_equal(write_exit(e, NOTIFY + 0x200, 0x1234), 0);	/* length 0: any */
	assert_int_equal(efd_count(any), 1);
	/* the registration holds its own reference: closing ours keeps it */
	close(a);
	assert_int_equal(write_exit(e, NOTIFY, 0), 0);
	/* after deassign the write exits again */
	assert_int_equal(ioev(e, NOTIFY, 4, DM | KVM_IOEVENTFD_FLAG_DEASSIGN, 1, b), 0);
	assert_int_equal(write_exit(e, NOTIFY, 1), NOTIFY);
	assert_int_equal(efd_count(b), 0);
	/* a read never goes to an ioeventfd */
	push_mmio(NOTIFY + 0x200, false);
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->mmio.phys_addr, NOTIFY + 0x200);
	close(b);
	close(any);
}

/* ---- threads: idle sleep, KVM_INTERRUPT wake-up, signals ---- */

struct waker {
	int fd;
	int irq;
	unsigned int delay_ms;
	pthread_t target;
	int sig;
};

static void *waker_thread(void *arg)
{
	struct waker *w = arg;

	usleep(w->delay_ms * 1000);
	if (w->sig)
		pthread_kill(w->target, w->sig);
	else
		t_interrupt(w->fd, w->irq);
	return NULL;
}

/* exit.c kvm_emu_idle + vcpu.c kvm_vcpu_ioctl_interrupt (async, kicks) */
static void test_idle_woken_by_interrupt(void **state)
{
	struct env *e = *state;
	struct waker w = { .fd = e->vcpu, .irq = 12, .delay_ms = 60 };
	pthread_t t;
	uint64_t t0;

	fake_cpu_push((struct fake_step){ .stop = SK_STOP_IDLE });
	push_mmio(0x10, true);
	t0 = now_ms();
	assert_int_equal(pthread_create(&t, NULL, waker_thread, &w), 0);
	assert_int_equal(run(e), 0);
	pthread_join(t, NULL);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	assert_true(now_ms() - t0 >= 50);
	assert_int_equal(fake_cpu.runs, 2);
	assert_int_equal(atomic_load(&e->sv->cpu.irq_lines), 1U << 12);
}

/* kvm_vcpu_halt stops at the guest timer deadline */
static void test_idle_until_timer(void **state)
{
	struct env *e = *state;
	uint64_t t0 = now_ms();

	e->sv->cpu.timer_deadline_ns = sk_host_ns() + 40000000ULL;
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_IDLE });
	push_mmio(0x10, true);
	assert_int_equal(run(e), 0);
	assert_true(now_ms() - t0 >= 39);
	assert_true(now_ms() - t0 < 2000);
}

/*
 * vcpu.c kvm_set_one_reg(COUNTER) moves the VM's offset; at the next
 * KVM_RUN (vcpu_load, kvm_restore_timer) the timer keeps its host-time
 * expiry: the CPU is told by how much the counter moved, once.
 */
static void test_counter_set_keeps_timer_in_host_time(void **state)
{
	struct env *e = *state;
	uint64_t v = 0;
	struct kvm_one_reg reg = { .id = KVM_REG_LOONGARCH_COUNTER, .addr = (uint64_t)(uintptr_t)&v };
	int64_t before;

	push_mmio(0x10, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(fake_cpu.timer_shifts, 0);
	before = e->sv->vm->time_offset;
	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_ONE_REG, &reg), 0);
	v -= 100000000ULL;		/* one second back, as after a pause */
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_ONE_REG, &reg), 0);
	push_mmio(0x10, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(fake_cpu.timer_shifts, 1);
	assert_int_equal(fake_cpu.last_timer_shift, e->sv->vm->time_offset - before);
	assert_true(fake_cpu.last_timer_shift < -99000000LL &&
		    fake_cpu.last_timer_shift > -101000000LL);
	push_mmio(0x10, true);
	assert_int_equal(run(e), 0);
	assert_int_equal(fake_cpu.timer_shifts, 1);
}

static void noop_handler(int sig)
{
	(void)sig;
}

/* vcpu.c kvm_enter_guest_check: a signal ends KVM_RUN with -EINTR / KVM_EXIT_INTR */
static void test_idle_interrupted_by_signal(void **state)
{
	struct env *e = *state;
	struct sigaction sa = { .sa_handler = noop_handler, .sa_flags = SA_RESTART };
	struct waker w = { .delay_ms = 60, .target = pthread_self(), .sig = SIGUSR2 };
	pthread_t t;
	uint64_t t0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_IDLE });
	push_mmio(0x10, true);
	t0 = now_ms();
	assert_int_equal(pthread_create(&t, NULL, waker_thread, &w), 0);
	assert_int_equal(run(e), -EINTR);
	pthread_join(t, NULL);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_INTR);
	assert_true(now_ms() - t0 >= 50);
	/* the next KVM_RUN goes on from where idle left off */
	assert_int_equal(run(e), 0);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_MMIO);
	signal(SIGUSR2, SIG_DFL);
}

/* 7.2: a vCPU woken from idle by a signal was blocked, not preempted. */
static void test_idle_signal_not_preempted_7_2(void **state)
{
	struct env *e = *state;
	volatile uint8_t *pre = steal_record(e);
	struct sigaction sa = { .sa_handler = noop_handler, .sa_flags = SA_RESTART };
	struct waker w = { .delay_ms = 30, .target = pthread_self(), .sig = SIGUSR2 };
	pthread_t t;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	*pre = 0x55;
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_IDLE });
	assert_int_equal(pthread_create(&t, NULL, waker_thread, &w), 0);
	assert_int_equal(run(e), -EINTR);
	pthread_join(t, NULL);
	signal(SIGUSR2, SIG_DFL);
	assert_int_equal(e->run->exit_reason, KVM_EXIT_INTR);
	assert_int_equal(*pre, 0);
}

/* A lowered line does not make an idle vCPU runnable (kvm_arch_vcpu_runnable). */
static void test_idle_not_woken_by_lowering(void **state)
{
	struct env *e = *state;
	struct waker w = { .fd = e->vcpu, .irq = -3, .delay_ms = 20 };
	pthread_t t;

	e->sv->cpu.timer_deadline_ns = sk_host_ns() + 150000000ULL;
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_IDLE });
	push_mmio(0x10, true);
	assert_int_equal(pthread_create(&t, NULL, waker_thread, &w), 0);
	uint64_t t0 = now_ms();
	assert_int_equal(run(e), 0);
	pthread_join(t, NULL);
	/* only the timer ended the sleep */
	assert_true(now_ms() - t0 >= 140);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mmio_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iocsr_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hypercall_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hypercall_service, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_ipi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steal_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_hypercall_7_2, setup_7_2, teardown),
		cmocka_unit_test_setup_teardown(test_ioeventfd_assign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioeventfd_6_12_never_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioeventfd_7_2_fires, setup_7_2, teardown),
		cmocka_unit_test_setup_teardown(test_pv_preempted_7_2, setup_7_2, teardown),
		cmocka_unit_test_setup_teardown(test_pv_preempted_off_7_2, setup_7_2, teardown),
		cmocka_unit_test_setup_teardown(test_pv_preempted_6_12, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_signal_not_preempted_7_2, setup_7_2, teardown),
		cmocka_unit_test_setup_teardown(test_idle_woken_by_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_until_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_set_keeps_timer_in_host_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_idle_interrupted_by_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_not_woken_by_lowering, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
