/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A LoongArch vCPU's registers before its first run: the CPU model's
 * CPUCFG words, CPUID/TMID, DA mode, and for the boot vCPU the boot
 * protocol's entry and arguments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/boot.h"
#include "arch/features.h"
#include "arch/irqchip.h"
#include "arch/memmap.h"
#include "arch/one-reg.h"

/* lkvm's --cpus limit must fit the board. */
_Static_assert(LA_MAX_VCPUS >= LKVM_MAX_CPUS, "--cpus allows more vCPUs than the board has");

/* PLV0, IE=0, DA=1, DATF=DATM=1 (coherent cached), as QEMU resets it. */
#define LA_BOOT_CRMD	0xa8

int la_cpu__set_pc(struct kvm_cpu *vcpu, u64 pc, bool boot_args)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.pc = pc;
	if (boot_args) {
		regs.gpr[4] = LA_BOOT_A0;	/* EFI boot flag */
		regs.gpr[5] = LA_BOOT_A1;	/* command line */
		regs.gpr[6] = LA_BOOT_A2;	/* EFI system table */
	}
	if (kvm_cpu__ioctl(vcpu, KVM_SET_REGS, &regs) < 0) {
		int e = errno;

		pr_err("vCPU %u: KVM_SET_REGS (pc = 0x%" PRIx64 ") failed: %s",
		       vcpu->id, pc, strerror(e));
		return -e;
	}
	return 0;
}

int kvm_cpu__arch_init(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned int n;
	int r;

	if (vcpu->id >= LA_MAX_VCPUS) {
		pr_err("vCPU %u: LoongArch KVM allows at most %d vCPUs", vcpu->id, LA_MAX_VCPUS);
		return -EINVAL;
	}
	r = la_cpu_model__ensure(vcpu);
	if (r)
		return r;
	/* The in-kernel EIOINTC's features follow the CPU model, built just now. */
	if (vcpu->id == 0 && kvm->arch.irqchip && kvm->arch.irqchip->in_kernel) {
		r = la_kirq__configure(kvm->arch.irqchip, kvm->cfg.nr_cpus ? kvm->cfg.nr_cpus : 1,
				       la_extioi__features(kvm));
		if (r)
			return r;
	}

	for (n = 0; n < LA_CPUCFG_WORDS; n++) {
		u32 val = kvm->arch.model.cpucfg[n];

		r = la_one_reg__set(vcpu, KVM_IOC_CPUCFG(n), val);
		if (r) {
			pr_err("vCPU %u: KVM_SET_ONE_REG(CPUCFG%u = 0x%08x) failed: %s",
			       vcpu->id, n, val, strerror(-r));
			return r;
		}
	}
	/* PV IPIs and the IPI/EXTIOI emulation find vCPUs by CSR.CPUID. */
	r = la_csr__set(vcpu, "CPUID", CSR_CPUID, vcpu->id);
	if (!r)
		r = la_csr__set(vcpu, "TMID", CSR_TMID, vcpu->id);
	if (!r)
		r = la_csr__set(vcpu, "CRMD", CSR_CRMD, LA_BOOT_CRMD);
	if (r)
		return r;
	vcpu->arch.cpuid = vcpu->id;
	vcpu->arch.released = false;
	vcpu->arch.running = false;

	if (vcpu->id == 0) {
		r = la_cpu__set_pc(vcpu, kvm->arch.entry, true);
		if (r)
			return r;
		vcpu->arch.boot_pc = kvm->arch.entry;
	}
	return 0;
}
