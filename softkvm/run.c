/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM_RUN for softkvm: finish the previous exit, then run the interpreter
 * until something needs userspace. idle sleeps here; hvcl is handled here
 * (PV IPI, steal time, SW breakpoint, user hypercalls). Rules follow Linux
 * 6.12 arch/loongarch/kvm/{vcpu.c,exit.c} plus the 6.14 user hypercall.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "kernel.h"

#define SK_GPR_A0		4
#define SK_STEAL_VALID		1ULL
#define SK_STEAL_MASK		(~0ULL << 6)
#define SK_IDLE_MAX_NS		1000000000ULL	/* re-check at least once a second */

/* ---- steal time ---- */

/*
 * What the kernel counts as steal time is the vCPU task's run delay (time
 * runnable but not running, /proc/thread-self/schedstat). softkvm cannot
 * open that file from a vCPU thread, whose seccomp filter forbids open:
 * it takes wall time minus the thread's CPU time minus its sleeps in
 * idle instead, which is the same while the thread only runs the guest.
 * Per thread, never decreasing.
 */
static __thread uint64_t sk_rd_wall0, sk_rd_cpu0, sk_rd_asleep, sk_rd_value;

static uint64_t sk_thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t sk_thread_run_delay(void)
{
	uint64_t wall = sk_host_ns(), cpu = sk_thread_cpu_ns(), used;

	if (!sk_rd_wall0) {
		sk_rd_wall0 = wall;
		sk_rd_cpu0 = cpu;
		return sk_rd_value;
	}
	used = (cpu - sk_rd_cpu0) + sk_rd_asleep;
	if (wall - sk_rd_wall0 > used && wall - sk_rd_wall0 - used > sk_rd_value)
		sk_rd_value = wall - sk_rd_wall0 - used;
	return sk_rd_value;
}

/*
 * vcpu.c kvm_update_stolen_time: the version is odd while steal changes.
 * The record is guest memory, so every access is a single aligned atomic
 * (the gpa is 64-byte aligned and slots are page aligned).
 */
static void sk_update_steal(struct sk_vcpu *vcpu)
{
	uint64_t gpa = vcpu->steal_gpa, steal, now;
	uint32_t *version;
	uint64_t *st;
	uint32_t v;

	vcpu->steal_update = false;
	if (!(gpa & SK_STEAL_VALID))
		return;
	st = (uint64_t *)sk_vm_slot_hva(vcpu->vm, gpa & SK_STEAL_MASK, 64);
	if (!st)
		return;
	version = (uint32_t *)(st + 1);
	v = __atomic_load_n(version, __ATOMIC_RELAXED);
	if (v & 1)
		v++;		/* first write over junk */
	v++;
	__atomic_store_n(version, v, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	now = sk_thread_run_delay();
	steal = __atomic_load_n(st, __ATOMIC_RELAXED);
	steal += now - vcpu->last_steal;
	vcpu->last_steal = now;
	__atomic_store_n(st, steal, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(version, v + 1, __ATOMIC_RELAXED);
}

/* ---- hypercalls ---- */

static bool sk_has_pv(struct sk_vm *vm, int feature)
{
	return atomic_load(&vm->pv_features) & (1ULL << feature);
}

static struct sk_vcpu *sk_vcpu_by_cpuid(struct sk_vm *vm, uint32_t cpuid)
{
	if (cpuid >= SK_MAX_VCPUS)
		return NULL;
	return __atomic_load_n(&vm->by_cpuid[cpuid], __ATOMIC_ACQUIRE);
}

/* exit.c kvm_send_pv_ipi: SWI0 to each CPUID in a1:a2, offset a3 */
static void sk_pv_ipi(struct sk_vcpu *vcpu)
{
	uint64_t *gpr = vcpu->cpu.gpr;
	uint32_t min = (uint32_t)gpr[7];
	int i, bit;

	for (i = 0; i < 2; i++, min += 64) {
		uint64_t map = gpr[5 + i];

		for (bit = 0; bit < 64; bit++) {
			struct sk_vcpu *dest;

			if (!(map & (1ULL << bit)))
				continue;
			dest = sk_vcpu_by_cpuid(vcpu->vm, min + (uint32_t)bit);
			if (!dest)
				continue;
			/* SWI0 cannot go through KVM_INTERRUPT (0 is refused). */
			atomic_fetch_or(&dest->cpu.irq_lines, 1U << 0);
			sk_vcpu_kick(dest);
		}
	}
}

/* exit.c kvm_save_notify */
static uint64_t sk_pv_notify(struct sk_vcpu *vcpu)
{
	uint64_t id = vcpu->cpu.gpr[5], data = vcpu->cpu.gpr[6];

	if (id != (1ULL << KVM_FEATURE_STEAL_TIME))
		return LKVM_HCALL_INVALID_CODE;
	if (data & ~(SK_STEAL_MASK | SK_STEAL_VALID))
		return LKVM_HCALL_INVALID_PARAMETER;
	vcpu->steal_gpa = data;
	if (!(data & SK_STEAL_VALID))
		return 0;
	vcpu->last_steal = sk_thread_run_delay();
	vcpu->steal_update = true;
	return 0;
}

/*
 * exit.c kvm_handle_hypercall. Returns true when the exit goes to
 * userspace (run->exit_reason set, PC left at the hvcl).
 */
static bool sk_hypercall(struct sk_vcpu *vcpu, uint32_t code)
{
	struct sk_cpu *cpu = &vcpu->cpu;
	struct kvm_run *run = vcpu->run;
	struct sk_vm *vm = vcpu->vm;
	uint64_t ret = LKVM_HCALL_INVALID_CODE;
	int i;

	/* Before 6.10 no exit handler knows hvcl: kvm_fault_ni, INE. */
	if (vm->kernel < SK_KERNEL_6_12) {
		sk_cpu_raise_ine(cpu);
		return false;
	}
	switch (code) {
	case LKVM_HCALL_SERVICE:
		if (cpu->gpr[SK_GPR_A0] == LKVM_HCALL_FUNC_IPI) {
			if (sk_has_pv(vm, KVM_FEATURE_IPI)) {
				sk_pv_ipi(vcpu);
				ret = LKVM_HCALL_SUCCESS;
			}
		} else if (cpu->gpr[SK_GPR_A0] == LKVM_HCALL_FUNC_NOTIFY) {
			if (sk_has_pv(vm, KVM_FEATURE_STEAL_TIME))
				ret = sk_pv_notify(vcpu);
		}
		break;
	case LKVM_HCALL_USER_SERVICE:
		/* 6.14: only when the VMM enabled USER_HCALL. */
		if (!sk_has_pv(vm, KVM_FEATURE_USER_HCALL))
			break;
		run->exit_reason = KVM_EXIT_HYPERCALL;
		run->hypercall.nr = LKVM_HCALL_USER_SERVICE;
		for (i = 0; i < 6; i++)
			run->hypercall.args[i] = cpu->gpr[SK_GPR_A0 + i];
		run->hypercall.flags = 0;
		run->hypercall.ret = LKVM_HCALL_INVALID_CODE;
		vcpu->pending_exit = KVM_EXIT_HYPERCALL;
		return true;
	case LKVM_HCALL_SWDBG:
		if (vcpu->guest_debug & (KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP)) {
			run->exit_reason = KVM_EXIT_DEBUG;
			return true;
		}
		break;
	default:
		break;
	}
	cpu->gpr[SK_GPR_A0] = ret;
	cpu->pc += 4;
	return false;
}

/* ---- idle ---- */

/*
 * exit.c kvm_emu_idle: sleep until a line is raised, the guest timer is
 * due or a signal arrives. Signals are blocked while the wake conditions
 * are checked and ppoll() unblocks them atomically, so a signal (lkvm's
 * kick) that lands at any point ends the sleep. Returns 0 or -EINTR.
 */
static int sk_idle(struct sk_vcpu *vcpu, const sigset_t *run_mask)
{
	struct sk_cpu *cpu = &vcpu->cpu;
	uint32_t seen = atomic_load(&vcpu->kick);
	struct pollfd pfd = { .fd = vcpu->wake_fd, .events = POLLIN };
	sigset_t all, saved;
	uint64_t buf;
	int r, err;

	sigfillset(&all);
	for (;;) {
		uint64_t now = sk_host_ns(), deadline = cpu->timer_deadline_ns, wait;
		struct timespec ts;

		if (sk_cpu_irq_pending(cpu))
			return 0;
		if (deadline && now >= deadline)
			return 0;
		wait = deadline ? deadline - now : SK_IDLE_MAX_NS;
		if (wait > SK_IDLE_MAX_NS)
			wait = SK_IDLE_MAX_NS;
		ts.tv_sec = (time_t)(wait / 1000000000ULL);
		ts.tv_nsec = (long)(wait % 1000000000ULL);

		pthread_sigmask(SIG_BLOCK, &all, &saved);
		atomic_store(&vcpu->sleeping, 1);
		if (atomic_load(&vcpu->kick) != seen || vcpu->run->immediate_exit) {
			atomic_store(&vcpu->sleeping, 0);
			pthread_sigmask(SIG_SETMASK, &saved, NULL);
			return vcpu->run->immediate_exit ? -EINTR : 0;
		}
		r = ppoll(&pfd, 1, &ts, run_mask ? run_mask : &saved);
		err = errno;
		/* Asleep is not stolen: keep it out of the run delay. */
		if (sk_rd_wall0)
			sk_rd_asleep += sk_host_ns() - now;
		atomic_store(&vcpu->sleeping, 0);
		while (read(vcpu->wake_fd, &buf, sizeof(buf)) > 0)
			;
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
		if (r < 0 && err == EINTR)
			return -EINTR;
		if (atomic_load(&vcpu->kick) != seen)
			return 0;
	}
}

/* ---- KVM_RUN ---- */

/* vcpu.c kvm_arch_vcpu_ioctl_run: finish what the last exit left open. */
static void sk_complete_exit(struct sk_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct sk_cpu *cpu = &vcpu->cpu;
	int pending = vcpu->pending_exit;

	vcpu->pending_exit = 0;
	switch (pending) {
	case KVM_EXIT_MMIO:
		sk_cpu_complete_exit(cpu, run);
		break;
	case KVM_EXIT_LOONGARCH_IOCSR:
		if (run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR && !run->iocsr_io.is_write)
			sk_cpu_complete_exit(cpu, run);
		break;
	case KVM_EXIT_HYPERCALL:
		if (run->exit_reason == KVM_EXIT_HYPERCALL) {
			cpu->gpr[SK_GPR_A0] = run->hypercall.ret;
			cpu->pc += 4;
		}
		break;
	default:
		break;
	}
}

int sk_vcpu_run(struct sk_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct sk_cpu *cpu = &vcpu->cpu;
	sigset_t vmask, saved, *run_mask = NULL;
	bool masked = vcpu->sigmask_set;
	uint32_t code;
	int r;

	sk_complete_exit(vcpu);
	if (run->immediate_exit) {
		/*
		 * 6.12 leaves exit_reason as it was; INTR keeps a second KVM_RUN
		 * from completing the same IOCSR read or hypercall twice.
		 */
		run->exit_reason = KVM_EXIT_INTR;
		return -EINTR;
	}
	run->exit_reason = KVM_EXIT_UNKNOWN;

	sigemptyset(&saved);
	if (masked) {
		/* kvm_sigset_activate: the VMM's mask applies inside KVM_RUN. */
		sigemptyset(&vmask);
		for (int s = 1; s <= 64; s++)
			if ((vcpu->sigmask >> (s - 1)) & 1)
				sigaddset(&vmask, s);
		pthread_sigmask(SIG_SETMASK, &vmask, &saved);
		run_mask = &vmask;
	}
	/*
	 * vcpu_load: kvm_restore_timer reprograms the timer from its expiry
	 * in host time (kvm_save_timer kept it so), so a counter set while
	 * the vCPU was out (lkvm's pause) does not move the deadline.
	 */
	{
		int64_t off = __atomic_load_n(&vcpu->vm->time_offset, __ATOMIC_RELAXED);

		if (off != vcpu->time_offset_seen) {
			sk_cpu_timer_shift(cpu, off - vcpu->time_offset_seen);
			vcpu->time_offset_seen = off;
		}
	}
	/* vcpu_load raises KVM_REQ_STEAL_UPDATE on every entry. */
	sk_update_steal(vcpu);

	for (;;) {
		if (run->immediate_exit) {
			r = -EINTR;
			run->exit_reason = KVM_EXIT_INTR;
			break;
		}
		if (vcpu->steal_update)
			sk_update_steal(vcpu);
		switch (sk_cpu_run(cpu, run, &code)) {
		case SK_STOP_EXIT:
			if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
				vcpu->pending_exit = KVM_EXIT_MMIO;
			else if (run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR)
				vcpu->pending_exit = KVM_EXIT_LOONGARCH_IOCSR;
			r = 0;
			goto out;
		case SK_STOP_IDLE:
			r = sk_idle(vcpu, run_mask);
			if (r) {
				run->exit_reason = KVM_EXIT_INTR;
				goto out;
			}
			continue;
		case SK_STOP_HVCL:
			if (sk_hypercall(vcpu, code)) {
				r = 0;
				goto out;
			}
			continue;
		case SK_STOP_KICK:
			run->exit_reason = KVM_EXIT_INTR;
			r = -EINTR;
			goto out;
		case SK_STOP_ERROR:
		default:
			if (run->exit_reason != KVM_EXIT_INTERNAL_ERROR) {
				run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
				run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
				run->internal.ndata = 0;
			}
			r = 0;
			goto out;
		}
	}
out:
	if (masked)
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return r;
}
