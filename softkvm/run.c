/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM_RUN for softkvm: finish the previous exit, then run the interpreter
 * until something needs userspace. idle sleeps here; hvcl is handled here
 * (PV IPI, steal time, SW breakpoint, user hypercalls). Rules follow Linux
 * 6.12 arch/loongarch/kvm/{vcpu.c,exit.c}; with kernel=7.2 also the user
 * hypercall (6.14) and the steal-time record's preempted byte (7.0).
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
#define SK_ST_PREEMPTED		16		/* offset of kvm_steal_time.preempted */
#define SK_VCPU_PREEMPTED	1		/* KVM_VCPU_PREEMPTED */

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

static bool sk_has_pv(struct sk_vm *vm, int feature)
{
	return atomic_load(&vm->pv_features) & (1ULL << feature);
}

/* The vCPU's 64-byte steal-time record in guest RAM, or NULL. */
static uint64_t *sk_steal_record(struct sk_vcpu *vcpu)
{
	uint64_t gpa = vcpu->steal_gpa;

	if (!(gpa & SK_STEAL_VALID))
		return NULL;
	return (uint64_t *)sk_vm_slot_hva(vcpu->vm, gpa & SK_STEAL_MASK, 64);
}

/*
 * vcpu.c kvm_update_stolen_time: the version is odd while steal changes;
 * from 7.0 it also clears the preempted byte. The record is guest memory,
 * so every access is a single aligned atomic (the gpa is 64-byte aligned
 * and slots are page aligned).
 */
static void sk_update_steal(struct sk_vcpu *vcpu)
{
	uint64_t steal, now;
	uint32_t *version;
	uint64_t *st;
	uint32_t v;

	vcpu->steal_update = false;
	st = sk_steal_record(vcpu);
	if (!st)
		return;
	if (sk_has_pv(vcpu->vm, KVM_FEATURE_PREEMPT)) {
		__atomic_store_n((uint8_t *)st + SK_ST_PREEMPTED, 0, __ATOMIC_RELAXED);
		vcpu->st_preempted = false;
	}
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

/*
 * vcpu.c kvm_vcpu_set_pv_preempted (7.0): once per preemption, cleared
 * again by the next steal-time update on entry.
 */
static void sk_set_pv_preempted(struct sk_vcpu *vcpu)
{
	uint64_t *st;

	if (vcpu->st_preempted)
		return;
	st = sk_steal_record(vcpu);
	if (!st)
		return;
	__atomic_store_n((uint8_t *)st + SK_ST_PREEMPTED, SK_VCPU_PREEMPTED, __ATOMIC_RELEASE);
	vcpu->st_preempted = true;
}

/*
 * vcpu.c kvm_arch_vcpu_put: a vCPU put while preempted (kvm_sched_out
 * with its task still runnable and wanting to run) gets the flag. softkvm
 * cannot see its thread being descheduled by the host; the one time it
 * takes a runnable vCPU off guest code is a KVM_RUN ended by a signal or
 * immediate_exit (KVM_EXIT_INTR from the run loop), so that is what it
 * flags. Exits the guest asked for (MMIO, IOCSR, hypercalls) and idle
 * (blocked, not runnable) are not preemption, as in the kernel.
 */
static void sk_vcpu_put(struct sk_vcpu *vcpu, bool preempted)
{
	if (preempted && sk_has_pv(vcpu->vm, KVM_FEATURE_PREEMPT))
		sk_set_pv_preempted(vcpu);
}

/* ---- hypercalls ---- */

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
		/*
		 * 6.14: only when the VMM enabled USER_HCALL, which 6.12's PV
		 * mask refuses (there 0x102 is an unknown code: a0 = -1).
		 */
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

static void sk_count_exit(struct sk_vm *vm, uint32_t reason)
{
	enum sk_exit_kind k;

	switch (reason) {
	case KVM_EXIT_MMIO:
		k = SK_EXITS_MMIO;
		break;
	case KVM_EXIT_LOONGARCH_IOCSR:
		k = SK_EXITS_IOCSR;
		break;
	case KVM_EXIT_HYPERCALL:
		k = SK_EXITS_HCALL;
		break;
	case KVM_EXIT_INTR:
		k = SK_EXITS_INTR;
		break;
	default:
		k = SK_EXITS_OTHER;
		break;
	}
	atomic_fetch_add_explicit(&vm->exits[k], 1, memory_order_relaxed);
}

/* An IOCSR or MMIO access the in-kernel irqchips own (intc/device.c). */
static bool sk_intc_served(struct sk_vcpu *vcpu, struct kvm_run *run)
{
	if (run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR)
		return sk_intc_iocsr(vcpu, run);
	if (run->exit_reason == KVM_EXIT_MMIO)
		return sk_intc_mmio(vcpu, run);
	return false;
}

static bool sk_exit_is_write(const struct kvm_run *run)
{
	return run->exit_reason == KVM_EXIT_MMIO ? run->mmio.is_write : run->iocsr_io.is_write;
}

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
			sk_vcpu_put(vcpu, true);
			break;
		}
		if (vcpu->steal_update)
			sk_update_steal(vcpu);
		switch (sk_cpu_run(cpu, run, &code)) {
		case SK_STOP_EXIT:
			/* 7.2 kvm_emu_iocsr / kvm_emu_mmio_*: the in-kernel buses first. */
			if (vcpu->vm->intc && sk_intc_served(vcpu, run)) {
				if (!sk_exit_is_write(run))
					sk_cpu_complete_exit(cpu, run);
				continue;
			}
			/* 7.2 kvm_emu_mmio_write: the MMIO bus (ioeventfds) first. */
			if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
			    sk_vm_ioeventfd_write(vcpu->vm, run->mmio.phys_addr,
						  run->mmio.len, run->mmio.data)) {
				atomic_fetch_add_explicit(&vcpu->vm->exits[SK_EXITS_IOEVENTFD], 1,
							  memory_order_relaxed);
				continue;
			}
			if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
				vcpu->pending_exit = KVM_EXIT_MMIO;
			else if (run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR)
				vcpu->pending_exit = KVM_EXIT_LOONGARCH_IOCSR;
			r = 0;
			goto out;
		case SK_STOP_IDLE:
			r = sk_idle(vcpu, run_mask);
			if (r) {
				/* Woken from a block: not preempted. */
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
			sk_vcpu_put(vcpu, true);
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
	sk_count_exit(vcpu->vm, run->exit_reason);
	return r;
}
