/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_LA_FAKE_KVM_H
#define TESTS_LA_FAKE_KVM_H

#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"

/*
 * A fake LoongArch KVM kernel behind a struct kvm_backend. Its rules are
 * written from Linux 6.12 arch/loongarch/kvm/{vm.c,vcpu.c} (VM_FEAT_CTRL
 * answers, _kvm_get_cpucfg_mask, kvm_check_cpucfg, the PV-word SET rule),
 * independently of lkvm's own CPUCFG code, so a test can catch lkvm
 * sending what a real kernel would refuse.
 */
#define FAKE_VM_FD	10
#define FAKE_VCPU_FD0	100
#define FAKE_MAX_VCPUS	4

struct fake_host {
	bool lsx, lasx, x86bt, armbt, mipsbt, pmp, pvtime;
	u32 cpucfg6;		/* host CPUCFG6, for the PMU check */
	u64 extra_vm_attrs;	/* further VM_FEAT_CTRL attrs present (bit = attr) */
	int has_attr_errno;	/* != 0: KVM_HAS_DEVICE_ATTR fails with it */
	u64 pv_mask;		/* LOONGARCH_PV_FEAT_MASK of this "kernel" */
	bool cpu_set;		/* host_cpu_id answers cpu[], else fake_la464 */
	u32 cpu[21];
	int cpu_id_errno;	/* != 0: host_cpu_id fails with it */
	/*
	 * 0: Linux 6.12. 609: 6.8-6.9 (no VM attrs, vCPU masks without LBT
	 * and PMU, nothing settable). 607: 6.7 (no device attrs at all, any
	 * CPUCFG value accepted).
	 */
	int kernel;
};

struct fake_vcpu {
	u32 cpucfg[21];
	u64 csr[0x800];
	bool csr_set[0x800];
	struct kvm_regs regs;
	int nr_set_regs;
	int nr_cpucfg_sets;
	int cpucfg_rejects;	/* SET_ONE_REG(CPUCFG) refused */
};

struct fake_kvm {
	struct fake_host host;
	struct fake_vcpu vcpu[FAKE_MAX_VCPUS];
	u64 pv_features;	/* bit 63: set by the VMM */
	int nr_pv_sets;
	int nr_has_attr;
};

extern struct fake_kvm fake;
extern const struct kvm_backend fake_backend;

/* The 6.12 kernel's CPUCFG mask and check, for test expectations too. */
u32 fake_cpucfg_mask(const struct fake_host *h, unsigned int id);
int fake_cpucfg_check(const struct fake_host *h, unsigned int id, u64 val);

/* The la464-like CPUCFG words the fake's CPU has unless cpu_set. */
void fake_la464(u32 out[21]);

/* Reset the fake and set up kvm (zeroed) with n fake vCPUs. */
void fake_kvm_setup(struct kvm *kvm, struct kvm_cpu *cpus, struct kvm_cpu **cpu_ptrs,
		    struct kvm_run *runs, unsigned int n);

#endif
