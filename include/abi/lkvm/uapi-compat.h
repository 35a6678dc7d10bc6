/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_UAPI_COMPAT_H
#define LKVM_UAPI_COMPAT_H

/*
 * The real KVM uAPI (generated from linux-source-6.12, or the system's on a
 * LoongArch host) plus the definitions that later kernels added. Each one is
 * guarded so that newer system headers win, and names its kernel release.
 */
#include <linux/kvm.h>
#include <asm/kvm.h>
#include <asm/kvm_para.h>

/* 6.14: guest hvcl 0x102 exits to the VMM as KVM_EXIT_HYPERCALL. */
#ifndef KVM_FEATURE_USER_HCALL
#define KVM_FEATURE_USER_HCALL			25
#endif
/* 7.0: vCPU-preempted flag in the steal-time record. */
#ifndef KVM_FEATURE_PREEMPT
#define KVM_FEATURE_PREEMPT			3
#endif
/* 6.18: hardware page-table walker. */
#ifndef KVM_LOONGARCH_VM_FEAT_PTW
#define KVM_LOONGARCH_VM_FEAT_PTW		8
#endif
/* 6.19: message-signalled interrupts (AVEC). */
#ifndef KVM_LOONGARCH_VM_FEAT_MSGINT
#define KVM_LOONGARCH_VM_FEAT_MSGINT		9
#endif
/* 7.0: PV preemption hint. */
#ifndef KVM_LOONGARCH_VM_FEAT_PV_PREEMPT
#define KVM_LOONGARCH_VM_FEAT_PV_PREEMPT	10
#endif
/* 6.13: in-kernel interrupt controllers (lkvm emulates them in userspace). */
#ifndef KVM_DEV_TYPE_LOONGARCH_IPI
#define KVM_DEV_TYPE_LOONGARCH_IPI		12
#endif
#ifndef KVM_DEV_TYPE_LOONGARCH_EIOINTC
#define KVM_DEV_TYPE_LOONGARCH_EIOINTC		13
#endif
#ifndef KVM_DEV_TYPE_LOONGARCH_PCHPIC
#define KVM_DEV_TYPE_LOONGARCH_PCHPIC		14
#endif

/* Hypercall codes (hvcl immediates) and results, asm/kvm_para.h in-kernel. */
#define LKVM_HCALL_SERVICE			0x100
#define LKVM_HCALL_SWDBG			0x101
#define LKVM_HCALL_USER_SERVICE			0x102
#define LKVM_HCALL_FUNC_IPI			1
#define LKVM_HCALL_FUNC_NOTIFY			2
#define LKVM_HCALL_SUCCESS			0
#define LKVM_HCALL_INVALID_CODE			-1UL
#define LKVM_HCALL_INVALID_PARAMETER		-2UL

#endif
