/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm KVM_RUN: exit completion, hypercalls, steal time, idle sleep and
 * its wake-ups from other threads and from signals. The CPU is a scripted
 * fake (fake-sk-cpu.c); expectations come from Linux 6.12 vcpu.c/exit.c
 * (plus the 6.14 user hypercall), worked out by hand.
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
	return 0;
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

	/* 6.14 USER_SERVICE: exit with a0..a5, ret preset to -1 */
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
		cmocka_unit_test_setup_teardown(test_idle_woken_by_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_until_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_set_keeps_timer_in_host_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_idle_interrupted_by_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_not_woken_by_lowering, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
