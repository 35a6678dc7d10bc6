/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest time across a pause. The guest's clocksource and timer count the
 * constant counter, which on KVM keeps running while the vCPUs are held.
 * As QEMU does for LoongArch, lkvm reads the counter (KVM_REG_LOONGARCH_
 * COUNTER) when every vCPU is held and writes it back on resume, so the
 * guest sees no gap: its clocks stand still while paused and its wall
 * clock is behind by the pause afterwards. The kernel keeps the offset
 * per VM but reloads it into a vCPU only after a SET_ONE_REG on that
 * vCPU, hence the write to every vCPU (vCPU 0 first: it sets the offset).
 * softkvm follows the same calls.
 */
#include <inttypes.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/one-reg.h"

static u64 paused_counter;
static bool counter_saved;

int kvm__arch_pause(struct kvm *kvm)
{
	int r;

	counter_saved = false;
	if (!kvm->nr_cpus)
		return 0;
	r = la_one_reg__get(kvm->cpus[0], KVM_REG_LOONGARCH_COUNTER, &paused_counter);
	if (r) {
		pr_warn("cannot read the guest's counter: %s; guest time runs on while paused",
			strerror(-r));
		return 0;
	}
	counter_saved = true;
	return 0;
}

void kvm__arch_resume(struct kvm *kvm)
{
	if (!counter_saved)
		return;
	counter_saved = false;
	for (unsigned int i = 0; i < kvm->nr_cpus; i++) {
		int r = la_one_reg__set(kvm->cpus[i], KVM_REG_LOONGARCH_COUNTER, paused_counter);

		if (r) {
			pr_warn("vCPU %u: cannot restore the guest's counter: %s", i, strerror(-r));
			return;
		}
	}
}
