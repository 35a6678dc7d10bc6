/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-only stand-ins for the two kvm.c services devices use, so device
 * tests link without a VM: stops are recorded in struct kvm (first reason
 * wins, as documented in kvm.h) and FDT generators in its table.
 */
#include <errno.h>
#include "lkvm/kvm.h"
#include "fake_kvm_stop.h"

int fake_kvm_stop_calls;

void kvm__request_stop(struct kvm *kvm, enum kvm_stop_reason why, int exit_code)
{
	int none = STOP_NONE;

	fake_kvm_stop_calls++;
	if (atomic_compare_exchange_strong(&kvm->stop_reason, &none, (int)why))
		atomic_store(&kvm->exit_code, exit_code);
}

int kvm__register_fdt(struct kvm *kvm, fdt_gen_fn fn, void *opaque)
{
	if (kvm->nr_fdt_gens == KVM_MAX_FDT_GENS)
		return -ENOSPC;
	kvm->fdt_gens[kvm->nr_fdt_gens++] = (struct fdt_gen){ fn, opaque };
	return 0;
}

int fake_kvm_run_fdt_gens(struct kvm *kvm, void *fdt)
{
	for (int i = 0; i < kvm->nr_fdt_gens; i++) {
		int err = kvm->fdt_gens[i].fn(kvm, fdt, kvm->fdt_gens[i].opaque);

		if (err)
			return err;
	}
	return 0;
}
