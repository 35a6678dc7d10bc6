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
/* 6.13: in-kernel interrupt controllers (lkvm's --irqchip kernel). */
#ifndef KVM_DEV_TYPE_LOONGARCH_IPI
#define KVM_DEV_TYPE_LOONGARCH_IPI		12
#endif
#ifndef KVM_DEV_TYPE_LOONGARCH_EIOINTC
#define KVM_DEV_TYPE_LOONGARCH_EIOINTC		13
#endif
#ifndef KVM_DEV_TYPE_LOONGARCH_PCHPIC
#define KVM_DEV_TYPE_LOONGARCH_PCHPIC		14
#endif
/* 6.13: their attribute groups (the device fd's KVM_SET/GET_DEVICE_ATTR). */
#ifndef KVM_DEV_LOONGARCH_IPI_GRP_REGS
#define KVM_DEV_LOONGARCH_IPI_GRP_REGS			0x40000001
#define KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS		0x40000002
#define KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS		0x40000003
#define KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_NUM_CPU	0x0
#define KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_FEATURE	0x1
#define KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_STATE	0x2
#define KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL		0x40000004
#define KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU	0x0
#define KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE	0x1
#define KVM_DEV_LOONGARCH_EXTIOI_CTRL_LOAD_FINISHED	0x3
#define KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS		0x40000005
#define KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL		0x40000006
#define KVM_DEV_LOONGARCH_PCH_PIC_CTRL_INIT		0
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
