/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pausing a running VM: every vCPU leaves KVM_RUN (the same kick as a
 * stop: SIGUSR1 and immediate_exit) and waits on kvm->pause_cond until
 * resumed or stopped. A vCPU is "quiet" whenever it is neither inside
 * KVM_RUN nor handling an exit; it clears quiet, then looks at pause_req,
 * while the pauser sets pause_req, then looks at quiet (both sequentially
 * consistent), so a vCPU the pauser counted as quiet cannot slip into
 * KVM_RUN.
 */
#include <errno.h>
#include <time.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"

#define PAUSE_POLL_NS	1000000L	/* re-check the vCPUs every 1 ms */

void kvm_cpu__hold(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;

	pthread_mutex_lock(&kvm->pause_lock);
	while (atomic_load(&kvm->pause_req) && !kvm__stopping(kvm))
		pthread_cond_wait(&kvm->pause_cond, &kvm->pause_lock);
	pthread_mutex_unlock(&kvm->pause_lock);
}

static bool pause__all_quiet(struct kvm *kvm)
{
	for (unsigned int i = 0; i < kvm->nr_cpus; i++)
		if (!atomic_load(&kvm->cpus[i]->quiet))
			return false;
	return true;
}

int kvm_cpu__pause_all(struct kvm *kvm, int timeout_ms)
{
	struct timespec ts = { 0, PAUSE_POLL_NS };
	long waited_ns = 0;

	atomic_store(&kvm->pause_req, true);
	for (unsigned int i = 0; i < kvm->nr_cpus; i++)
		kvm_cpu__kick(kvm->cpus[i]);
	while (!pause__all_quiet(kvm)) {
		if (kvm__stopping(kvm) || waited_ns >= (long)timeout_ms * 1000000L) {
			int err = kvm__stopping(kvm) ? -EINTR : -ETIMEDOUT;

			kvm_cpu__resume_all(kvm);
			return err;
		}
		nanosleep(&ts, NULL);
		waited_ns += PAUSE_POLL_NS;
	}
	return 0;
}

void kvm_cpu__resume_all(struct kvm *kvm)
{
	pthread_mutex_lock(&kvm->pause_lock);
	atomic_store(&kvm->pause_req, false);
	pthread_cond_broadcast(&kvm->pause_cond);
	pthread_mutex_unlock(&kvm->pause_lock);
}

void kvm_cpu__pause_wake(struct kvm *kvm)
{
	pthread_mutex_lock(&kvm->pause_lock);
	pthread_cond_broadcast(&kvm->pause_cond);
	pthread_mutex_unlock(&kvm->pause_lock);
}
