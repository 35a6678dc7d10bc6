/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM's leaf services, for every other part of lkvm: guest-physical
 * address translation, stop requests and ioeventfds. Bring-up is
 * machine.c's.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include "lkvm/kvm.h"
#include "lkvm/uapi-compat.h"

void *kvm__gpa_to_hva(struct kvm *kvm, u64 gpa, u64 len)
{
	for (int i = 0; i < kvm->nr_banks; i++) {
		const struct kvm_mem_bank *b = &kvm->banks[i];

		if (gpa >= b->gpa && gpa - b->gpa <= b->size &&
		    len <= b->size - (gpa - b->gpa))
			return b->hva + (gpa - b->gpa);
	}
	return NULL;
}

void kvm__request_stop(struct kvm *kvm, enum kvm_stop_reason why, int exit_code)
{
	int none = STOP_NONE;

	if (!atomic_compare_exchange_strong(&kvm->stop_reason, &none, (int)why)) {
		/* A signal beats a reboot: the user asked lkvm to end, not restart. */
		int reboot = STOP_REBOOT;

		if (why != STOP_SIGNAL ||
		    !atomic_compare_exchange_strong(&kvm->stop_reason, &reboot, (int)why))
			return;
	}
	atomic_store(&kvm->exit_code, exit_code);
	/* Wake the main thread, which kicks and joins the vCPUs. */
	if (kvm->main_thread_set)
		pthread_kill(kvm->main_thread, SIGUSR2);
}

int kvm__ioeventfd(struct kvm *kvm, u64 gpa, u32 len, u64 datamatch, int fd)
{
	struct kvm_ioeventfd io = {
		.addr = gpa,
		.len = len,
		.datamatch = datamatch,
		.fd = fd,
		.flags = KVM_IOEVENTFD_FLAG_DATAMATCH,
	};

	if (kvm__ioctl(kvm, kvm->vm_fd, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_IOEVENTFD) <= 0)
		return -EOPNOTSUPP;
	return kvm__ioctl(kvm, kvm->vm_fd, KVM_IOEVENTFD, &io) ? -errno : 0;
}
