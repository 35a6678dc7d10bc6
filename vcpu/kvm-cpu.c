/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vCPU objects and their threads: each thread loops on KVM_RUN and
 * dispatches exits. A stop request reaches a thread inside KVM_RUN through
 * SIGUSR1, whose handler sets kvm_run.immediate_exit: the kernel then
 * returns -EINTR, and a kick that lands just before KVM_RUN is not lost.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/kvm.h"
#include "lkvm/seccomp.h"

#define KVM_CPU_KICK_SIGNAL	SIGUSR1

static __thread struct kvm_run *current_run;

int kvm_cpu__create(struct kvm *kvm, unsigned int id, struct kvm_cpu **out)
{
	struct kvm_cpu *vcpu = calloc(1, sizeof(*vcpu));

	if (!vcpu)
		return -1;
	vcpu->kvm = kvm;
	vcpu->id = id;
	atomic_init(&vcpu->quiet, true);
	vcpu->fd = kvm__ioctl(kvm, kvm->vm_fd, KVM_CREATE_VCPU, (void *)(long)id);
	if (vcpu->fd < 0) {
		pr_err("cannot create vCPU %u: %s", id, strerror(errno));
		free(vcpu);
		return -1;
	}
	vcpu->run = kvm->be->mmap(NULL, (size_t)kvm->vcpu_mmap_size,
				  PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		pr_err("cannot map kvm_run of vCPU %u: %s", id, strerror(errno));
		kvm->be->close(vcpu->fd);
		free(vcpu);
		return -1;
	}
	*out = vcpu;
	return 0;
}

void kvm_cpu__destroy(struct kvm_cpu *vcpu)
{
	struct kvm *kvm;

	if (!vcpu)
		return;
	kvm = vcpu->kvm;
	kvm->be->munmap(vcpu->run, (size_t)kvm->vcpu_mmap_size);
	kvm->be->close(vcpu->fd);
	free(vcpu);
}

void kvm_cpu__kick(struct kvm_cpu *vcpu)
{
	if (vcpu->thread_started)
		pthread_kill(vcpu->thread, KVM_CPU_KICK_SIGNAL);
}

static void kvm_cpu__kick_handler(int sig __unused)
{
	if (current_run)
		current_run->immediate_exit = 1;
}

static void kvm_cpu__ignore_signal(int sig __unused)
{
}

void kvm_cpu__show_registers(struct kvm_cpu *vcpu)
{
	kvm_cpu__arch_show_registers(vcpu);
}

/* Guest-triggered: rate-limited like every such message. */
static void kvm_cpu__unclaimed(struct kvm_cpu *vcpu, const char *space, u64 addr,
			       u32 len, bool is_write)
{
	pr_warn_ratelimited("vCPU %u: %s %s of %u bytes at 0x%llx: no device there%s",
			    vcpu->id, space, is_write ? "write" : "read", len,
			    (unsigned long long)addr, is_write ? " (dropped)" : " (reads 0)");
}

static void kvm_cpu__handle_mmio(struct kvm_cpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	u32 len = run->mmio.len;
	u64 addr = run->mmio.phys_addr;
	bool is_write = run->mmio.is_write;

	if (len == 0 || len > 8) {
		kvm_cpu__unclaimed(vcpu, "MMIO", addr, len, is_write);
		return;
	}
	if (!io_space__access(&vcpu->kvm->mmio, vcpu, addr, run->mmio.data, len, is_write))
		kvm_cpu__unclaimed(vcpu, "MMIO", addr, len, is_write);
	if (vcpu->kvm->cfg.debug_mmio)
		pr_info("vCPU %u: mmio %s 0x%llx len %u data 0x%llx", vcpu->id,
			is_write ? "write" : "read ", (unsigned long long)addr, len,
			(unsigned long long)get_le(run->mmio.data, len));
}

static bool kvm_cpu__fatal(struct kvm_cpu *vcpu, const char *what)
{
	pr_err("vCPU %u: %s; stopping the guest", vcpu->id, what);
	kvm_cpu__show_registers(vcpu);
	kvm__request_stop(vcpu->kvm, STOP_ERROR, 1);
	return false;
}

bool kvm_cpu__handle_exit(struct kvm_cpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	char msg[96];

	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		kvm_cpu__handle_mmio(vcpu);
		return true;
	case KVM_EXIT_INTR:
		return true;
	case KVM_EXIT_DEBUG:
		return kvm_cpu__fatal(vcpu, "guest hit a software breakpoint");
	case KVM_EXIT_INTERNAL_ERROR:
		snprintf(msg, sizeof(msg), "KVM internal error (suberror %u)",
			 run->internal.suberror);
		return kvm_cpu__fatal(vcpu, msg);
	default:
		break;
	}
	switch (kvm_cpu__arch_handle_exit(vcpu)) {
	case KVM_CPU_EXIT_HANDLED:
		return true;
	case KVM_CPU_EXIT_STOP:
		return false;
	default:
		break;
	}
	snprintf(msg, sizeof(msg), "unexpected exit reason %u", run->exit_reason);
	return kvm_cpu__fatal(vcpu, msg);
}

static void *kvm_cpu__thread(void *arg)
{
	struct kvm_cpu *vcpu = arg;
	struct kvm *kvm = vcpu->kvm;
	sigset_t set;

	current_run = vcpu->run;
	sigemptyset(&set);
	sigaddset(&set, KVM_CPU_KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	if (seccomp__enter(SECCOMP_KIND_VCPU)) {
		kvm__request_stop(kvm, STOP_ERROR, 1);
		current_run = NULL;
		return NULL;
	}

	while (!kvm__stopping(kvm)) {
		bool go_on;

		if (kvm__pause_pending(kvm)) {
			kvm_cpu__hold(vcpu);
			continue;
		}
		if (kvm_cpu__arch_pre_run(vcpu))
			break;
		/* Not quiet from here: then a pause request must be seen (pause.c). */
		atomic_store(&vcpu->quiet, false);
		if (kvm__stopping(kvm) || atomic_load(&kvm->pause_req)) {
			atomic_store(&vcpu->quiet, true);
			continue;
		}
		if (kvm_cpu__ioctl(vcpu, KVM_RUN, NULL) < 0) {
			atomic_store(&vcpu->quiet, true);
			if (errno == EINTR || errno == EAGAIN) {
				vcpu->run->immediate_exit = 0;
				continue;
			}
			pr_err("vCPU %u: KVM_RUN failed: %s", vcpu->id, strerror(errno));
			kvm__request_stop(kvm, STOP_ERROR, 1);
			break;
		}
		go_on = kvm_cpu__handle_exit(vcpu);
		atomic_store(&vcpu->quiet, true);
		if (!go_on)
			break;
	}
	atomic_store(&vcpu->quiet, true);
	current_run = NULL;
	return NULL;
}

int kvm_cpu__run_all(struct kvm *kvm)
{
	struct sigaction sa = { .sa_handler = kvm_cpu__kick_handler };
	sigset_t set, old;
	int sig, err = 0;

	sigaction(KVM_CPU_KICK_SIGNAL, &sa, NULL);
	/*
	 * The stop wake-up may still be pending when the mask is restored (a
	 * guest that stops before the main thread waits): make it harmless.
	 */
	sa.sa_handler = kvm_cpu__ignore_signal;
	sigaction(SIGUSR2, &sa, NULL);
	/*
	 * vCPU threads inherit this mask: only the main thread takes the stop
	 * signals (with sigwait), only vCPU threads take the kick.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, KVM_CPU_KICK_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, &old);

	for (unsigned int i = 0; i < kvm->nr_cpus; i++) {
		struct kvm_cpu *vcpu = kvm->cpus[i];

		if (pthread_create(&vcpu->thread, NULL, kvm_cpu__thread, vcpu)) {
			pr_err("cannot start the thread of vCPU %u", i);
			kvm__request_stop(kvm, STOP_ERROR, 1);
			err = -1;
			break;
		}
		vcpu->thread_started = true;
	}

	sigdelset(&set, KVM_CPU_KICK_SIGNAL);
	/* Every thread of this boot exists: the main thread's set-up is over. */
	if (!err && seccomp__enter(SECCOMP_KIND_MAIN)) {
		kvm__request_stop(kvm, STOP_ERROR, 1);
		err = -1;
	}
	while (!kvm__stopping(kvm)) {
		if (sigwait(&set, &sig))
			continue;
		if (sig == SIGUSR2)
			continue;
		pr_info("%s received: stopping the guest", strsignal(sig));
		kvm__request_stop(kvm, STOP_SIGNAL, 128 + sig);
	}

	for (unsigned int i = 0; i < kvm->nr_cpus; i++)
		kvm_cpu__kick(kvm->cpus[i]);
	kvm__arch_stop_notify(kvm);
	kvm_cpu__pause_wake(kvm);
	for (unsigned int i = 0; i < kvm->nr_cpus; i++) {
		struct kvm_cpu *vcpu = kvm->cpus[i];

		if (vcpu->thread_started) {
			pthread_join(vcpu->thread, NULL);
			vcpu->thread_started = false;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}
