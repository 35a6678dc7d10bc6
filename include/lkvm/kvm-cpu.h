/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_KVM_CPU_H
#define LKVM_KVM_CPU_H

#include <pthread.h>
#include "lkvm/util.h"
#include "lkvm/uapi-compat.h"
#include "arch/kvm-cpu-arch.h"

struct kvm;

struct kvm_cpu {
	struct kvm *kvm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool thread_started;
	_Atomic bool quiet;		/* not in KVM_RUN nor an exit (vcpu/pause.c) */
	struct kvm_cpu_arch arch;
};

int kvm_cpu__create(struct kvm *kvm, unsigned int id, struct kvm_cpu **out);
void kvm_cpu__destroy(struct kvm_cpu *vcpu);
/* Start every vCPU thread, wait for the stop, join them all. */
int kvm_cpu__run_all(struct kvm *kvm);
/* Interrupt a vCPU that is inside KVM_RUN so it sees a stop request. */
void kvm_cpu__kick(struct kvm_cpu *vcpu);
/* One exit, as the run loop dispatches it; returns false to stop the vCPU. */
bool kvm_cpu__handle_exit(struct kvm_cpu *vcpu);
void kvm_cpu__show_registers(struct kvm_cpu *vcpu);

/*
 * Pause (vcpu/pause.c): hold every vCPU outside KVM_RUN; -ETIMEDOUT (and
 * nothing held) if they do not all stop within timeout_ms, -EINTR if the
 * VM is stopping. resume lets them go; wake releases them for a stop.
 */
int kvm_cpu__pause_all(struct kvm *kvm, int timeout_ms);
void kvm_cpu__resume_all(struct kvm *kvm);
void kvm_cpu__pause_wake(struct kvm *kvm);
/* The vCPU thread's side: wait while a pause is requested. */
void kvm_cpu__hold(struct kvm_cpu *vcpu);

static inline int kvm_cpu__ioctl(struct kvm_cpu *vcpu, unsigned long req, void *arg);

/* Arch hooks, implemented in loongarch/. */
int kvm_cpu__arch_init(struct kvm_cpu *vcpu);		/* registers before first run */
/* What the arch made of an exit the generic loop does not know. */
enum kvm_cpu_exit {
	KVM_CPU_EXIT_UNHANDLED,		/* not the arch's either: fatal */
	KVM_CPU_EXIT_HANDLED,		/* run the vCPU again */
	KVM_CPU_EXIT_STOP,		/* stop this vCPU (the arch said why) */
};
enum kvm_cpu_exit kvm_cpu__arch_handle_exit(struct kvm_cpu *vcpu);
void kvm_cpu__arch_show_registers(struct kvm_cpu *vcpu);
struct ctl_buf;
/* A held vCPU's registers and the code at its PC, as cpuN.* keys. */
void kvm_cpu__arch_dump(struct kvm_cpu *vcpu, struct ctl_buf *out);
/* Called before KVM_RUN; lets the arch hold a parked secondary vCPU. */
int kvm_cpu__arch_pre_run(struct kvm_cpu *vcpu);

#include "lkvm/kvm.h"

static inline int kvm_cpu__ioctl(struct kvm_cpu *vcpu, unsigned long req, void *arg)
{
	return vcpu->kvm->be->ioctl(vcpu->fd, req, arg);
}

#endif
