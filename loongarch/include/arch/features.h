/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_FEATURES_H
#define LKVM_ARCH_FEATURES_H

#include <stdio.h>
#include "lkvm/util.h"
#include "arch/kvm-arch.h"

struct kvm;

/* CPUCFG fields lkvm touches (LoongArch Reference Manual, CPUCFG). */
#define LA_CPUCFG1_IOCSR	BIT(3)
#define LA_CPUCFG1_MSGINT	BIT(26)
#define LA_CPUCFG2_FP		BIT(0)
#define LA_CPUCFG2_FPSP		BIT(1)
#define LA_CPUCFG2_FPDP		BIT(2)
#define LA_CPUCFG2_FPVERS	GENMASK(5, 3)
#define LA_CPUCFG2_LSX		BIT(6)
#define LA_CPUCFG2_LASX		BIT(7)
#define LA_CPUCFG2_LLFTP	BIT(14)
#define LA_CPUCFG2_LLFTPREV	GENMASK(17, 15)
#define LA_CPUCFG2_X86BT	BIT(18)
#define LA_CPUCFG2_ARMBT	BIT(19)
#define LA_CPUCFG2_MIPSBT	BIT(20)
#define LA_CPUCFG2_LSPW		BIT(21)
#define LA_CPUCFG2_LAM		BIT(22)
#define LA_CPUCFG2_PTW		BIT(24)
#define LA_CPUCFG6_PMP		BIT(0)

/*
 * In vm_features: the kernel has no KVM_LOONGARCH_VM_FEAT_CTRL group (before
 * Linux 6.12): CPU features then follow the vCPU's CPUCFG masks, and the PV
 * word is the kernel's own choice.
 */
#define LA_VM_NO_FEAT_CTRL	BIT(63)

/* The selectable features, in the order "lkvm features" lists them. */
enum la_feature {
	LA_FEAT_LSX,
	LA_FEAT_LASX,
	LA_FEAT_X86BT,
	LA_FEAT_ARMBT,
	LA_FEAT_MIPSBT,
	LA_FEAT_PMU,
	LA_FEAT_PTW,
	LA_FEAT_MSGINT,
	LA_FEAT_PV_IPI,
	LA_FEAT_PV_STEAL_TIME,
	LA_FEAT_PV_PREEMPT,
	LA_FEAT_VIRT_EXTIOI,
	LA_FEAT_USER_HCALL,
	LA_NR_FEATURES,
};

/* --cpu-features as parsed: bit n = enum la_feature n. */
struct la_feature_sel {
	u64 on;		/* "+name" or "name" */
	u64 off;	/* "-name" */
};

const char *la_feature__name(enum la_feature f);

/*
 * Parse a --cpu-features list ("-lasx,+pv-steal-time,virt-extioi"). NULL
 * or "" selects nothing. On error returns -EINVAL with a one-line message
 * (without the "lkvm: " prefix) in err.
 */
int la_features__parse(const char *list, struct la_feature_sel *sel,
		       char *err, size_t errlen);

/*
 * Probe KVM_LOONGARCH_VM_FEAT_CTRL on the VM fd into *out (bit n = attr n
 * present; LA_VM_NO_FEAT_CTRL for a kernel without the group). -errno on an
 * unexpected ioctl failure.
 */
int la_features__probe_vm(struct kvm *kvm, u64 *out);

/*
 * Whether the kernel behind vm_features can give the guest feature f. For
 * CPUCFG features under LA_VM_NO_FEAT_CTRL: maybe, the masks decide.
 */
bool la_feature__available(enum la_feature f, u64 vm_features);

/* Check every "+name" against vm_features: -ENODEV and a message if not. */
int la_features__check(const struct la_feature_sel *sel, u64 vm_features,
		       char *err, size_t errlen);

/*
 * Build the guest CPU model from base CPUCFG words (host or la464-like),
 * the kernel's per-word masks, the VM features and the selection. The
 * result satisfies the kernel's KVM_SET_ONE_REG checks. -errno + message.
 */
int la_cpu_model__compute(const u32 base[LA_CPUCFG_WORDS],
			  const u32 masks[LA_CPUCFG_WORDS], u64 vm_features,
			  const struct la_feature_sel *sel,
			  struct la_cpu_model *out, char *err, size_t errlen);

/* The PV feature word (CPUCFG_KVM_FEATURE) lkvm asks for. */
u64 la_features__pv_word(u64 vm_features, const struct la_feature_sel *sel);

/* Whether the kernel lets lkvm choose the PV word (Linux 6.12+). */
bool la_features__pv_settable(u64 vm_features);

/*
 * One line (no "lkvm: " prefix) saying what lkvm could not check on this
 * kernel, or "" when it checked everything.
 */
void la_features__unchecked(u64 vm_features, bool masks_known, char *buf, size_t len);

/* The table "lkvm features" and "--cpu-features=help" print. */
int la_features__print(struct kvm *kvm, FILE *out);

/* ---- loongarch/cpucfg.c ---- */

/* The CPUCFG words of the CPU under kvm's backend; -errno and a message. */
int la_cpucfg__read_host(struct kvm *kvm, u32 out[LA_CPUCFG_WORDS]);
/*
 * The kernel's per-word masks, read with KVM_GET_DEVICE_ATTR on a vCPU fd.
 * A kernel without the attributes (6.7) gets the base masks of 6.8, which
 * allow no SIMD, LBT or PMU; *known says which it was.
 */
int la_cpucfg__read_masks(struct kvm *kvm, int vcpu_fd, u32 masks[LA_CPUCFG_WORDS],
			  bool *known);
/* Drop bits whose prerequisites are missing (the kernel's CPUCFG2 rules). */
void la_cpucfg__fixup(u32 cfg[LA_CPUCFG_WORDS]);
/*
 * Build kvm->arch.model with the masks of vcpu_fd (the backend's CPU, then
 * --cpu-features). Prints the error itself. (loongarch/cpu-model.c)
 */
int la_cpu_model__build(struct kvm *kvm, int vcpu_fd);
/* Build the model and set the PV word once per VM, with vcpu's fd. */
struct kvm_cpu;
int la_cpu_model__ensure(struct kvm_cpu *vcpu);

#endif
