/* SPDX-License-Identifier: GPL-2.0-only */
/* The exits only LoongArch has: IOCSR accesses and user hypercalls. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include "lkvm/io.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/ratelimit.h"
#include "lkvm/uapi-compat.h"

/* Whether addr is an unclaimed IOCSR address not yet reported (bounded). */
static bool iocsr_first_miss(struct kvm *kvm, u64 addr)
{
	struct kvm_arch *a = &kvm->arch;
	bool first = true;
	unsigned int i;

	pthread_mutex_lock(&a->iocsr_warn_lock);
	for (i = 0; i < a->iocsr_nr_warned; i++) {
		if (a->iocsr_warned[i] == addr) {
			first = false;
			break;
		}
	}
	if (first) {
		if (a->iocsr_nr_warned < LA_IOCSR_WARN_SLOTS)
			a->iocsr_warned[a->iocsr_nr_warned++] = addr;
		else
			first = false;	/* a guest probing everything: stay quiet */
	}
	pthread_mutex_unlock(&a->iocsr_warn_lock);
	return first;
}

static void handle_iocsr(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_run *run = vcpu->run;
	u64 addr = run->iocsr_io.phys_addr;
	u32 len = run->iocsr_io.len;
	bool is_write = run->iocsr_io.is_write;
	u8 *data = run->iocsr_io.data;
	bool claimed = false;

	if (len == 1 || len == 2 || len == 4 || len == 8) {
		if (!is_write)
			memset(data, 0, len);
		claimed = io_space__access(&kvm->arch.iocsr, vcpu, addr, data, len, is_write);
	} else {
		len = 0;
		if (!is_write)
			memset(data, 0, sizeof(run->iocsr_io.data));
	}

	if (kvm->cfg.arch.debug_iocsr)
		pr_info("iocsr: cpu%u %s%u 0x%" PRIx64 " %s 0x%" PRIx64 "%s", vcpu->id,
			is_write ? "wr" : "rd", len * 8, addr, is_write ? "<-" : "->",
			len ? get_le(data, len) : 0, claimed ? "" : " (unclaimed)");
	if (!claimed && iocsr_first_miss(kvm, addr))
		pr_warn_ratelimited("guest %s unclaimed IOCSR 0x%" PRIx64
				    " (%u bytes); reads as 0, writes dropped",
				    is_write ? "wrote" : "read", addr, len);
}

/* The one owner of KVM_EXIT_HYPERCALL and KVM_EXIT_LOONGARCH_IOCSR. */
enum kvm_cpu_exit kvm_cpu__arch_handle_exit(struct kvm_cpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_LOONGARCH_IOCSR:
		handle_iocsr(vcpu);
		return KVM_CPU_EXIT_HANDLED;
	case KVM_EXIT_HYPERCALL:
		/* hvcl 0x102 (user-hcall): lkvm offers no service yet. */
		pr_debug_ratelimited("vCPU %u: user hypercall a0=0x%llx: not implemented",
				     vcpu->id, (unsigned long long)run->hypercall.args[0]);
		run->hypercall.ret = LKVM_HCALL_INVALID_CODE;
		return KVM_CPU_EXIT_HANDLED;
	default:
		return KVM_CPU_EXIT_UNHANDLED;
	}
}

