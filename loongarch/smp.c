/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs wait before their first KVM_RUN until the guest writes
 * their mailbox and sends the boot IPI (la_cpu__release, from the IPI
 * model), then start at the mailbox address. The same on real KVM. With
 * the kernel's IPI they start at once, in smp-stub.c's start code.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"
#include "arch/memmap.h"
#include "arch/one-reg.h"

/* How often a parked vCPU re-checks for a stop if nobody wakes it. */
#define PARK_POLL_NS	50000000L

int la_cpu__release(struct kvm *kvm, unsigned int id, u64 pc)
{
	struct kvm_cpu *vcpu;
	int r = 0;

	if (id >= kvm->nr_cpus || !kvm->cpus || !kvm->cpus[id])
		return -ENOENT;
	vcpu = kvm->cpus[id];
	pthread_mutex_lock(&kvm->arch.cpu_lock);
	if (vcpu->arch.released || id == 0) {
		r = -EALREADY;
	} else {
		vcpu->arch.release_pc = pc;
		vcpu->arch.released = true;
		pthread_cond_broadcast(&kvm->arch.cpu_cond);
	}
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
	return r;
}

void kvm__arch_stop_notify(struct kvm *kvm)
{
	if (!kvm->arch.cpu_sync_ready)
		return;
	pthread_mutex_lock(&kvm->arch.cpu_lock);
	pthread_cond_broadcast(&kvm->arch.cpu_cond);
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
}

int kvm_cpu__arch_pre_run(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 pc;

	if (vcpu->arch.running)
		return 0;
	if (vcpu->id == 0) {
		/* The image may have been loaded after the vCPU was created. */
		if (vcpu->arch.boot_pc != kvm->arch.entry) {
			int r = la_cpu__set_pc(vcpu, kvm->arch.entry, true);

			if (r) {
				kvm__request_stop(kvm, STOP_ERROR, 1);
				return r;
			}
			vcpu->arch.boot_pc = kvm->arch.entry;
		}
		vcpu->arch.running = true;
		return 0;
	}

	/* The kernel's IPI: the start code waits for the boot IPI in the guest. */
	if (kvm->arch.irqchip && kvm->arch.irqchip->in_kernel) {
		if (la_cpu__set_pc(vcpu, LA_BOOT_SECONDARY_STUB, false)) {
			kvm__request_stop(kvm, STOP_ERROR, 1);
			return -EIO;
		}
		vcpu->arch.running = true;
		return 0;
	}

	pthread_mutex_lock(&kvm->arch.cpu_lock);
	while (!vcpu->arch.released && !kvm__stopping(kvm)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += PARK_POLL_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&kvm->arch.cpu_cond, &kvm->arch.cpu_lock, &ts);
	}
	pc = vcpu->arch.release_pc;
	pthread_mutex_unlock(&kvm->arch.cpu_lock);

	if (kvm__stopping(kvm))
		return -EINTR;
	vcpu->arch.running = true;
	if (la_cpu__set_pc(vcpu, pc, false)) {
		kvm__request_stop(kvm, STOP_ERROR, 1);
		return -EIO;
	}
	return 0;
}
