/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM's leaf services, for every other part of lkvm: guest-physical
 * address translation and stop requests. Bring-up is machine.c's.
 */
#include <pthread.h>
#include <signal.h>
#include "lkvm/kvm.h"

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
