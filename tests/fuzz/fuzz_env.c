/* SPDX-License-Identifier: GPL-2.0-only */
/* Stand-ins for the VM services the fuzzed code calls. */
#include <errno.h>
#include "lkvm/irq.h"
#include "lkvm/kvm.h"

void *kvm__gpa_to_hva(struct kvm *kvm, u64 gpa, u64 len)
{
	const struct kvm_mem_bank *b = &kvm->banks[0];

	if (kvm->nr_banks < 1 || gpa < b->gpa || gpa - b->gpa > b->size ||
	    len > b->size - (gpa - b->gpa))
		return NULL;
	return b->hva + (gpa - b->gpa);
}

void irq__line_set(struct kvm *kvm, unsigned int pin, bool level)
{
	(void)kvm;
	(void)pin;
	(void)level;
}
