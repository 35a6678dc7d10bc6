/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm vCPU objects and their ioctls other than KVM_RUN: registers,
 * ONE_REG (CSR, CPUCFG, KVM, LBT sets), device attributes, KVM_INTERRUPT,
 * MP state and guest debug. Rules follow Linux 6.12
 * arch/loongarch/kvm/vcpu.c and virt/kvm/kvm_main.c kvm_vcpu_ioctl.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include "kernel.h"

#define CSR_CRMD		0x0
#define CSR_ESTAT		0x5
#define CSR_CPUID		0x20
#define CSR_TMID		0x40
#define CSR_GINTC		0x52
#define CSR_CRMD_DA		(1ULL << 3)

#define CPUCFG2_FP		(1U << 0)
#define CPUCFG2_FPSP		(1U << 1)
#define CPUCFG2_FPDP		(1U << 2)
#define CPUCFG2_FPVERS		(7U << 3)
#define CPUCFG2_LSX		(1U << 6)
#define CPUCFG2_LASX		(1U << 7)
#define CPUCFG2_LLFTP		(1U << 14)
#define CPUCFG2_LLFTPREV	(7U << 15)
#define CPUCFG2_X86BT		(1U << 18)
#define CPUCFG2_ARMBT		(1U << 19)
#define CPUCFG2_MIPSBT		(1U << 20)
#define CPUCFG2_LBT		(CPUCFG2_X86BT | CPUCFG2_ARMBT | CPUCFG2_MIPSBT)
#define CPUCFG2_LSPW		(1U << 21)
#define CPUCFG2_LAM		(1U << 22)
#define CPUCFG6_PMP		(1U << 0)
#define CPUCFG6_PMNUM		(0xfU << 4)
#define CPUCFG6_PMBITS		(0x3fU << 8)
#define CPUCFG6_UPM		(1U << 14)

#define SK_INSN_HVCL		0x002b8000U
#define SK_IRQ_NUM		15		/* EXCCODE_INT_NUM */
#define SK_STEAL_VALID		1ULL
#define SK_STEAL_MASK		(~0ULL << 6)
#define SK_GUESTDBG_VALID	(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP | \
				 KVM_GUESTDBG_SINGLESTEP)

static inline uint64_t gmask(int h, int l)
{
	return (~0ULL << l) & (~0ULL >> (63 - h));
}

/* ---- creation ---- */

/* kvm_main.c kvm_vm_ioctl_create_vcpu + vcpu.c kvm_arch_vcpu_create */
long sk_vcpu_create(struct sk_vm *vm, unsigned long id)
{
	struct sk_vcpu *vcpu;
	void *run;
	int fd;

	if (id >= SK_MAX_VCPUS)
		return -EINVAL;
	pthread_mutex_lock(&vm->lock);
	if (vm->vcpus[id]) {
		pthread_mutex_unlock(&vm->lock);
		return -EEXIST;
	}
	vcpu = calloc(1, sizeof(*vcpu));
	run = mmap(NULL, SK_VCPU_MMAP_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!vcpu || run == MAP_FAILED) {
		pthread_mutex_unlock(&vm->lock);
		free(vcpu);
		if (run != MAP_FAILED)
			munmap(run, SK_VCPU_MMAP_SIZE);
		return -ENOMEM;
	}
	vcpu->vm = vm;
	vcpu->id = (int)id;
	vcpu->fd = -1;
	vcpu->run = run;
	vcpu->run_size = SK_VCPU_MMAP_SIZE;
	pthread_mutex_init(&vcpu->lock, NULL);
	vcpu->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vcpu->wake_fd < 0) {
		fd = -errno;
		pthread_mutex_unlock(&vm->lock);
		munmap(run, SK_VCPU_MMAP_SIZE);
		free(vcpu);
		return fd;
	}
	sk_cpu_init(&vcpu->cpu, vcpu, (int)id);
	vcpu->time_offset_seen = __atomic_load_n(&vm->time_offset, __ATOMIC_RELAXED);
	/* The kernel's create defaults, whatever the interpreter reset did. */
	vcpu->cpu.csr[CSR_CRMD] = CSR_CRMD_DA;
	vcpu->cpu.csr[CSR_TMID] = id;
	vcpu->cpu.csr[CSR_CPUID] = SK_INVALID_CPUID;
	vcpu->cpu.csr[CSR_GINTC] = 0;
	memset(vcpu->cpu.cpucfg, 0, sizeof(vcpu->cpu.cpucfg));
	vcpu->cpu.vcpu = vcpu;

	fd = sk_vcpu_create_fd(vcpu);
	if (fd < 0) {
		pthread_mutex_unlock(&vm->lock);
		sk_vcpu_free(vcpu);
		return fd;
	}
	vm->vcpus[id] = vcpu;
	vm->nr_vcpus++;
	pthread_mutex_unlock(&vm->lock);
	return fd;
}

void sk_vcpu_free(struct sk_vcpu *vcpu)
{
	sk_cpu_destroy(&vcpu->cpu);
	munmap(vcpu->run, vcpu->run_size);
	if (vcpu->wake_fd >= 0)
		close(vcpu->wake_fd);
	pthread_mutex_destroy(&vcpu->lock);
	free(vcpu);
}

/* ---- interrupts ---- */

/* Wake the vCPU if it sleeps in idle (kvm_vcpu_kick). Any thread. */
void sk_vcpu_kick(struct sk_vcpu *vcpu)
{
	uint64_t one = 1;

	atomic_fetch_add(&vcpu->kick, 1);
	if (atomic_load(&vcpu->sleeping))
		(void)!write(vcpu->wake_fd, &one, sizeof(one));
}

/* vcpu.c kvm_vcpu_ioctl_interrupt */
int sk_vcpu_interrupt(struct sk_vcpu *vcpu, int irq)
{
	unsigned int n = irq < 0 ? 0U - (unsigned int)irq : (unsigned int)irq;

	if (n >= SK_IRQ_NUM || irq == 0)
		return -EINVAL;
	if (irq > 0) {
		atomic_fetch_or(&vcpu->cpu.irq_lines, 1U << n);
		sk_vcpu_kick(vcpu);
	} else {
		/* A lowered line never makes an idle vCPU runnable. */
		atomic_fetch_and(&vcpu->cpu.irq_lines, ~(1U << n));
	}
	return 0;
}

/* ---- CPUCFG ---- */

/*
 * vcpu.c _kvm_get_cpucfg_mask, with softkvm's host in sk_host_cpucfg. 6.9
 * (after "Set reserved bits as zero in CPUCFG") knows no LBT bits and no
 * PMU word; 6.12 added both.
 */
uint64_t sk_vcpu_cpucfg_mask(enum sk_kernel k, unsigned int idx)
{
	uint32_t c2 = sk_host_cpucfg[2];
	uint64_t v;

	switch (idx) {
	case 0:
		return gmask(31, 0);
	case 1:
		return gmask(25, 0);
	case 2:
		v = CPUCFG2_FP | CPUCFG2_FPSP | CPUCFG2_FPDP | CPUCFG2_FPVERS |
		    CPUCFG2_LLFTP | CPUCFG2_LLFTPREV | CPUCFG2_LSPW | CPUCFG2_LAM;
		v |= c2 & (CPUCFG2_LSX | CPUCFG2_LASX);
		if (k >= SK_KERNEL_6_12)
			v |= c2 & CPUCFG2_LBT;
		return v;
	case 3:
		return gmask(16, 0);
	case 4:
	case 5:
		return gmask(31, 0);
	case 6:
		if (k < SK_KERNEL_6_12)
			return 0;
		return (sk_host_cpucfg[6] & CPUCFG6_PMP) ? gmask(14, 0) : 0;
	case 16:
		return gmask(16, 0);
	case 17: case 18: case 19: case 20:
		return gmask(30, 0);
	default:
		return 0;
	}
}

/* vcpu.c kvm_check_cpucfg (the same rules since 6.8, with 6.12's masks) */
static int sk_check_cpucfg(enum sk_kernel k, unsigned int idx, uint64_t val)
{
	uint32_t host6 = sk_host_cpucfg[6];

	if (idx >= SK_CPUCFG_NUM)
		return -EINVAL;
	if (val & ~sk_vcpu_cpucfg_mask(k, idx))
		return -EINVAL;
	switch (idx) {
	case 2:
		if (!(val & CPUCFG2_LLFTP))
			return -EINVAL;
		if ((val & CPUCFG2_FP) && (!(val & CPUCFG2_FPSP) || !(val & CPUCFG2_FPDP)))
			return -EINVAL;
		if ((val & CPUCFG2_LSX) && !(val & CPUCFG2_FP))
			return -EINVAL;
		if ((val & CPUCFG2_LASX) && !(val & CPUCFG2_LSX))
			return -EINVAL;
		return 0;
	case 6:
		if (val & CPUCFG6_PMP) {
			if ((val & CPUCFG6_PMBITS) != (host6 & CPUCFG6_PMBITS))
				return -EINVAL;
			if ((val & CPUCFG6_PMNUM) > (host6 & CPUCFG6_PMNUM))
				return -EINVAL;
			if ((val & CPUCFG6_UPM) && !(host6 & CPUCFG6_UPM))
				return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

/* ---- CSRs ---- */

/* vcpu.c kvm_set_cpuid: < 256, one owner per value, fixed once set */
static int sk_set_cpuid(struct sk_vcpu *vcpu, uint64_t val)
{
	struct sk_vm *vm = vcpu->vm;
	uint64_t cur;
	int r = 0;

	if (val >= SK_INVALID_CPUID)
		return -EINVAL;
	pthread_mutex_lock(&vm->lock);
	cur = vcpu->cpu.csr[CSR_CPUID];
	if (cur < SK_INVALID_CPUID && vm->by_cpuid[cur]) {
		r = cur == val ? 0 : -EINVAL;
	} else if (vm->by_cpuid[val]) {
		r = vm->by_cpuid[val] == vcpu ? 0 : -EINVAL;
	} else {
		sk_cpu_csr_set(&vcpu->cpu, CSR_CPUID, val);
		vcpu->cpuid_set = 1;
		__atomic_store_n(&vm->by_cpuid[val], vcpu, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&vm->lock);
	return r;
}

/*
 * KVM_INTERRUPT lines play the part of the kernel's GINTC (HWI0-7) and of
 * the ESTAT bits it sets on delivery, so ESTAT reads show them (vcpu.c
 * _kvm_getcsr) and ESTAT/GINTC writes reload them (_kvm_setcsr).
 */
static uint64_t sk_get_csr(struct sk_vcpu *vcpu, unsigned int id)
{
	uint32_t lines = atomic_load(&vcpu->cpu.irq_lines);

	if (id == CSR_ESTAT)
		return sk_cpu_csr_get(&vcpu->cpu, id) | (lines & SK_IRQ_DELIVERABLE);
	if (id == CSR_GINTC)
		return (lines >> 2) & 0xff;
	return sk_cpu_csr_get(&vcpu->cpu, id);
}

static void sk_set_lines(struct sk_vcpu *vcpu, uint32_t mask, uint32_t val)
{
	uint32_t old = atomic_load(&vcpu->cpu.irq_lines);

	while (!atomic_compare_exchange_weak(&vcpu->cpu.irq_lines, &old,
					     (old & ~mask) | (val & mask)))
		;
}

static int sk_set_csr(struct sk_vcpu *vcpu, unsigned int id, uint64_t val)
{
	switch (id) {
	case CSR_CPUID:
		return sk_set_cpuid(vcpu, val);
	case CSR_ESTAT:
		/*
		 * IS[9:2] go to GINTC (the lines), the rest to ESTAT. The CPU
		 * gets the whole value and may split it the same way itself.
		 */
		sk_set_lines(vcpu, 0xffU << 2, (uint32_t)val);
		sk_cpu_csr_set(&vcpu->cpu, id, val);
		return 0;
	case CSR_GINTC:
		sk_set_lines(vcpu, 0xffU << 2, (uint32_t)(val << 2));
		return 0;
	default:
		sk_cpu_csr_set(&vcpu->cpu, id, val);
		return 0;
	}
}

/* ---- ONE_REG ---- */

static bool sk_guest_has_lbt(struct sk_vcpu *vcpu)
{
	return vcpu->cpu.cpucfg[2] & CPUCFG2_LBT;
}

/* vcpu.c kvm_get_one_reg */
static int sk_get_one_reg(struct sk_vcpu *vcpu, uint64_t id, uint64_t *v)
{
	unsigned int idx = (unsigned int)((id & KVM_CSR_IDX_MASK) >> LOONGARCH_REG_SHIFT);

	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		if (idx >= SK_CSR_NUM)
			return -EINVAL;
		*v = sk_get_csr(vcpu, idx);
		return 0;
	case KVM_REG_LOONGARCH_CPUCFG:
		if (idx >= SK_CPUCFG_NUM)
			return -EINVAL;
		*v = vcpu->cpu.cpucfg[idx];
		return 0;
	case KVM_REG_LOONGARCH_LBT:
		/* No LBT can be configured on softkvm's host. */
		if (!sk_guest_has_lbt(vcpu))
			return -ENXIO;
		return -EINVAL;
	case KVM_REG_LOONGARCH_KVM:
		if (id == KVM_REG_LOONGARCH_COUNTER) {
			*v = sk_vm_counter(vcpu->vm);
			return 0;
		}
		if (id == KVM_REG_LOONGARCH_DEBUG_INST) {
			*v = SK_INSN_HVCL | LKVM_HCALL_SWDBG;
			return 0;
		}
		return -EINVAL;
	default:
		/* GPR and FPSIMD sets go through KVM_GET_REGS/KVM_GET_FPU. */
		return -EINVAL;
	}
}

/* vcpu.c kvm_set_one_reg */
static int sk_set_one_reg(struct sk_vcpu *vcpu, uint64_t id, uint64_t v)
{
	unsigned int idx = (unsigned int)((id & KVM_CSR_IDX_MASK) >> LOONGARCH_REG_SHIFT);
	int r;

	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		if (idx >= SK_CSR_NUM)
			return -EINVAL;
		return sk_set_csr(vcpu, idx, v);
	case KVM_REG_LOONGARCH_CPUCFG:
		r = sk_check_cpucfg(vcpu->vm->kernel, idx, v);
		if (!r)
			vcpu->cpu.cpucfg[idx] = (uint32_t)v;
		return r;
	case KVM_REG_LOONGARCH_LBT:
		if (!sk_guest_has_lbt(vcpu))
			return -ENXIO;
		return -EINVAL;
	case KVM_REG_LOONGARCH_KVM:
		if (id == KVM_REG_LOONGARCH_COUNTER) {
			/* The offset is per VM; only vCPU 0 sets it. */
			if (vcpu->id == 0)
				__atomic_store_n(&vcpu->vm->time_offset,
						 (int64_t)(v - sk_host_counter()),
						 __ATOMIC_RELAXED);
			return 0;
		}
		if (id == KVM_REG_LOONGARCH_VCPU_RESET) {
			vcpu->steal_gpa = 0;
			atomic_store(&vcpu->cpu.irq_lines, 0);
			sk_cpu_csr_set(&vcpu->cpu, CSR_ESTAT, 0);
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

static int sk_one_reg(struct sk_vcpu *vcpu, const struct kvm_one_reg *reg, bool set)
{
	uint64_t *uaddr = (uint64_t *)(uintptr_t)reg->addr;
	uint64_t v;
	int r;

	if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	if (!uaddr)
		return -EFAULT;
	if (set) {
		memcpy(&v, uaddr, sizeof(v));
		return sk_set_one_reg(vcpu, reg->id, v);
	}
	r = sk_get_one_reg(vcpu, reg->id, &v);
	if (!r)
		memcpy(uaddr, &v, sizeof(v));
	return r;
}

/* ---- device attributes ---- */

static bool sk_has_pv(struct sk_vcpu *vcpu, int feature)
{
	return atomic_load(&vcpu->vm->pv_features) & (1ULL << feature);
}

/*
 * vcpu.c kvm_loongarch_vcpu_has_attr. 6.8-6.9: only {CPUCFG, 2} (what
 * kvm_loongarch_cpucfg_has_attr knew then), and no PVTIME_CTRL group.
 */
static int sk_vcpu_has_attr(struct sk_vcpu *vcpu, const struct kvm_device_attr *a)
{
	if (vcpu->vm->kernel < SK_KERNEL_6_12)
		return a->group == KVM_LOONGARCH_VCPU_CPUCFG && a->attr == 2 ? 0 : -ENXIO;
	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr == 2 || a->attr == 6 || a->attr == CPUCFG_KVM_FEATURE)
			return 0;
		return -ENXIO;
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		if (!sk_has_pv(vcpu, KVM_FEATURE_STEAL_TIME) ||
		    a->attr != KVM_LOONGARCH_VCPU_PVTIME_GPA)
			return -ENXIO;
		return 0;
	default:
		return -ENXIO;
	}
}

/*
 * vcpu.c kvm_loongarch_vcpu_get_attr. 6.8-6.9: the CPUCFG group only, and
 * every attr goes to _kvm_get_cpucfg_mask, so one past word 20 is EINVAL.
 */
static int sk_vcpu_get_attr(struct sk_vcpu *vcpu, const struct kvm_device_attr *a)
{
	uint64_t *uaddr = (uint64_t *)(uintptr_t)a->addr;
	enum sk_kernel k = vcpu->vm->kernel;
	uint64_t val;

	if (k < SK_KERNEL_6_12) {
		if (a->group != KVM_LOONGARCH_VCPU_CPUCFG)
			return -ENXIO;
		if (a->attr >= SK_CPUCFG_NUM)
			return -EINVAL;
	}
	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr < SK_CPUCFG_NUM)
			val = sk_vcpu_cpucfg_mask(k, (unsigned int)a->attr);
		else if (a->attr == CPUCFG_KVM_FEATURE)
			val = atomic_load(&vcpu->vm->pv_features) & SK_PV_FEAT_MASK(k);
		else
			return -ENXIO;
		break;
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		if (!sk_has_pv(vcpu, KVM_FEATURE_STEAL_TIME) ||
		    a->attr != KVM_LOONGARCH_VCPU_PVTIME_GPA)
			return -ENXIO;
		val = vcpu->steal_gpa;
		break;
	default:
		return -ENXIO;
	}
	if (!uaddr)
		return -EFAULT;
	memcpy(uaddr, &val, sizeof(val));
	return 0;
}

/* vcpu.c kvm_loongarch_cpucfg_set_attr / kvm_loongarch_pvtime_set_attr */
static int sk_vcpu_set_attr(struct sk_vcpu *vcpu, const struct kvm_device_attr *a)
{
	uint64_t *uaddr = (uint64_t *)(uintptr_t)a->addr;
	struct sk_vm *vm = vcpu->vm;
	uint64_t val, cur;
	int r = 0;

	/* 6.8-6.9: kvm_loongarch_vcpu_set_attr sets nothing. */
	if (vm->kernel < SK_KERNEL_6_12)
		return -ENXIO;
	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr != CPUCFG_KVM_FEATURE)
			return -ENXIO;
		if (!uaddr)
			return -EFAULT;
		memcpy(&val, uaddr, sizeof(val));
		/* 6.12 knows no USER_HCALL (bit 25) or PREEMPT (bit 3): EINVAL. */
		if (val & ~SK_PV_FEAT_MASK(vm->kernel))
			return -EINVAL;
		/* One word for the whole VM: the first write wins. */
		pthread_mutex_lock(&vm->lock);
		cur = atomic_load(&vm->pv_features);
		if ((cur & SK_PV_FEAT_UPDATED) && (cur & SK_PV_FEAT_MASK(vm->kernel)) != val)
			r = -EINVAL;
		else
			atomic_store(&vm->pv_features, val | SK_PV_FEAT_UPDATED);
		pthread_mutex_unlock(&vm->lock);
		return r;
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		if (!sk_has_pv(vcpu, KVM_FEATURE_STEAL_TIME) ||
		    a->attr != KVM_LOONGARCH_VCPU_PVTIME_GPA)
			return -ENXIO;
		if (!uaddr)
			return -EFAULT;
		memcpy(&val, uaddr, sizeof(val));
		if (val & ~(SK_STEAL_MASK | SK_STEAL_VALID))
			return -EINVAL;
		if (!(val & SK_STEAL_VALID)) {
			vcpu->steal_gpa = val;
			return 0;
		}
		/* The page holding the record must be in a memslot. */
		if (!sk_vm_slot_hva(vm, val & ~(SK_PAGE_SIZE - 1), 1))
			return -EINVAL;
		vcpu->steal_gpa = val;
		vcpu->last_steal = sk_thread_run_delay();
		vcpu->steal_update = true;
		return 0;
	default:
		return -ENXIO;
	}
}

/* ---- the vCPU ioctl switch ---- */

static void sk_get_fpu(struct sk_cpu *cpu, struct kvm_fpu *fpu)
{
	int i;

	memset(fpu, 0, sizeof(*fpu));
	fpu->fcsr = cpu->fcsr;
	for (i = 0; i < 8; i++)
		fpu->fcc |= (uint64_t)cpu->fcc[i] << (8 * i);
	for (i = 0; i < 32; i++)
		memcpy(fpu->fpr[i].val64, cpu->fpr[i], sizeof(fpu->fpr[i].val64));
}

static void sk_set_fpu(struct sk_cpu *cpu, const struct kvm_fpu *fpu)
{
	int i;

	cpu->fcsr = fpu->fcsr;
	for (i = 0; i < 8; i++)
		cpu->fcc[i] = (uint8_t)(fpu->fcc >> (8 * i));
	for (i = 0; i < 32; i++)
		memcpy(cpu->fpr[i], fpu->fpr[i].val64, sizeof(fpu->fpr[i].val64));
}

static long sk_vcpu_ioctl_locked(struct sk_vcpu *vcpu, unsigned int req, void *arg)
{
	struct sk_cpu *cpu = &vcpu->cpu;
	struct kvm_device_attr attr;
	struct kvm_one_reg reg;
	struct kvm_regs *regs;
	struct kvm_mp_state *mp;
	struct kvm_guest_debug *dbg;
	struct kvm_signal_mask *sm;
	int i;

	switch (req) {
	case KVM_RUN:
		if (arg)
			return -EINVAL;
		return sk_vcpu_run(vcpu);
	case KVM_GET_REGS:
		if (!arg)
			return -EFAULT;
		regs = arg;
		for (i = 0; i < 32; i++)
			regs->gpr[i] = cpu->gpr[i];
		regs->pc = cpu->pc;
		return 0;
	case KVM_SET_REGS:
		if (!arg)
			return -EFAULT;
		regs = arg;
		for (i = 1; i < 32; i++)
			cpu->gpr[i] = regs->gpr[i];
		cpu->gpr[0] = 0;
		cpu->pc = regs->pc;
		return 0;
	case KVM_GET_FPU:
		if (!arg)
			return -EFAULT;
		sk_get_fpu(cpu, arg);
		return 0;
	case KVM_SET_FPU:
		if (!arg)
			return -EFAULT;
		sk_set_fpu(cpu, arg);
		return 0;
	case KVM_GET_SREGS:
	case KVM_SET_SREGS:
		return -ENOTTY;
	case KVM_GET_MP_STATE:
		if (!arg)
			return -EFAULT;
		mp = arg;
		mp->mp_state = vcpu->mp_state;
		return 0;
	case KVM_SET_MP_STATE:
		if (!arg)
			return -EFAULT;
		mp = arg;
		if (mp->mp_state != KVM_MP_STATE_RUNNABLE)
			return -EINVAL;
		vcpu->mp_state = mp->mp_state;
		return 0;
	case KVM_TRANSLATE:
		return arg ? -EINVAL : -EFAULT;
	case KVM_SET_GUEST_DEBUG:
		if (!arg)
			return -EFAULT;
		dbg = arg;
		if (dbg->control & ~SK_GUESTDBG_VALID)
			return -EINVAL;
		vcpu->guest_debug = (dbg->control & KVM_GUESTDBG_ENABLE) ? dbg->control : 0;
		vcpu->guest_debug_sw_bp = vcpu->guest_debug &
					  (KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP);
		return 0;
	case KVM_SET_SIGNAL_MASK:
		if (!arg) {
			vcpu->sigmask_set = false;
			return 0;
		}
		sm = arg;
		if (sm->len != sizeof(vcpu->sigmask))
			return -EINVAL;
		memcpy(&vcpu->sigmask, sm->sigset, sizeof(vcpu->sigmask));
		vcpu->sigmask_set = true;
		return 0;
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG:
		if (!arg)
			return -EFAULT;
		memcpy(&reg, arg, sizeof(reg));
		return sk_one_reg(vcpu, &reg, req == KVM_SET_ONE_REG);
	case KVM_ENABLE_CAP:
		/* vcpu.c kvm_vcpu_ioctl_enable_cap: nothing to enable. */
		return arg ? -EINVAL : -EFAULT;
	case KVM_HAS_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
	case KVM_SET_DEVICE_ATTR:
		if (!arg)
			return -EFAULT;
		memcpy(&attr, arg, sizeof(attr));
		if (req == KVM_HAS_DEVICE_ATTR)
			return sk_vcpu_has_attr(vcpu, &attr);
		if (req == KVM_GET_DEVICE_ATTR)
			return sk_vcpu_get_attr(vcpu, &attr);
		return sk_vcpu_set_attr(vcpu, &attr);
	default:
		return -ENOTTY;
	}
}

/* kvm_main.c kvm_vcpu_ioctl */
long sk_vcpu_ioctl(struct sk_vcpu *vcpu, unsigned int req, void *arg)
{
	struct kvm_interrupt irq;
	long r;

	if (_IOC_TYPE(req) != KVMIO)
		return -EINVAL;
	/* Asynchronous: no vCPU lock, callable while KVM_RUN sleeps. */
	if (req == KVM_INTERRUPT) {
		if (!arg)
			return -EFAULT;
		memcpy(&irq, arg, sizeof(irq));
		return sk_vcpu_interrupt(vcpu, (int)irq.irq);
	}
	pthread_mutex_lock(&vcpu->lock);
	r = sk_vcpu_ioctl_locked(vcpu, req, arg);
	pthread_mutex_unlock(&vcpu->lock);
	return r;
}
