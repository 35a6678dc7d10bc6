/* SPDX-License-Identifier: GPL-2.0-only */
/* A fake LoongArch KVM kernel for unit tests (see la_fake_kvm.h). */
#include <errno.h>
#include <string.h>
#include "lkvm/uapi-compat.h"
#include "la_fake_kvm.h"

struct fake_kvm fake;

/* arch/loongarch/include/asm/loongarch.h bit numbers. */
#define K_CPUCFG2_FP		(1u << 0)
#define K_CPUCFG2_FPSP		(1u << 1)
#define K_CPUCFG2_FPDP		(1u << 2)
#define K_CPUCFG2_FPVERS	(7u << 3)
#define K_CPUCFG2_LSX		(1u << 6)
#define K_CPUCFG2_LASX		(1u << 7)
#define K_CPUCFG2_LLFTP		(1u << 14)
#define K_CPUCFG2_LLFTPREV	(7u << 15)
#define K_CPUCFG2_X86BT		(1u << 18)
#define K_CPUCFG2_ARMBT		(1u << 19)
#define K_CPUCFG2_MIPSBT	(1u << 20)
#define K_CPUCFG2_LSPW		(1u << 21)
#define K_CPUCFG2_LAM		(1u << 22)
#define K_CPUCFG6_PMP		(1u << 0)
#define K_CPUCFG6_PMNUM		(0xfu << 4)
#define K_CPUCFG6_PMBITS	(0x3fu << 8)
#define K_CPUCFG6_UPM		(1u << 14)

u32 fake_cpucfg_mask(const struct fake_host *h, unsigned int id)
{
	bool v612 = !h->kernel;
	u32 v;

	switch (id) {
	case 0: case 4: case 5:
		return 0xffffffffu;
	case 1:
		return (1u << 26) - 1;
	case 2:
		v = K_CPUCFG2_FP | K_CPUCFG2_FPSP | K_CPUCFG2_FPDP | K_CPUCFG2_FPVERS |
		    K_CPUCFG2_LLFTP | K_CPUCFG2_LLFTPREV | K_CPUCFG2_LSPW | K_CPUCFG2_LAM;
		if (h->lsx)
			v |= K_CPUCFG2_LSX;
		if (h->lasx)
			v |= K_CPUCFG2_LASX;
		if (h->x86bt && v612)
			v |= K_CPUCFG2_X86BT;
		if (h->armbt && v612)
			v |= K_CPUCFG2_ARMBT;
		if (h->mipsbt && v612)
			v |= K_CPUCFG2_MIPSBT;
		/* 6.18: PTW (bit 24) when the host has it, i.e. VM_FEAT_PTW (8). */
		if (h->extra_vm_attrs & (1ULL << 8))
			v |= 1u << 24;
		return v;
	case 3:
	case 16:
		return (1u << 17) - 1;
	case 6:
		return h->pmp && v612 ? (1u << 15) - 1 : 0;
	case 17: case 18: case 19: case 20:
		return (1u << 31) - 1;
	default:
		return 0;
	}
}

int fake_cpucfg_check(const struct fake_host *h, unsigned int id, u64 val)
{
	if (id >= 21)
		return -EINVAL;
	if (h->kernel == 607)		/* 6.7: no checks yet */
		return 0;
	if (val & ~(u64)fake_cpucfg_mask(h, id))
		return -EINVAL;
	if (id == 2) {
		if (!(val & K_CPUCFG2_LLFTP))
			return -EINVAL;
		if ((val & K_CPUCFG2_FP) && (!(val & K_CPUCFG2_FPSP) || !(val & K_CPUCFG2_FPDP)))
			return -EINVAL;
		if ((val & K_CPUCFG2_LSX) && !(val & K_CPUCFG2_FP))
			return -EINVAL;
		if ((val & K_CPUCFG2_LASX) && !(val & K_CPUCFG2_LSX))
			return -EINVAL;
	}
	if (id == 6 && (val & K_CPUCFG6_PMP)) {
		if ((val & K_CPUCFG6_PMBITS) != (h->cpucfg6 & K_CPUCFG6_PMBITS))
			return -EINVAL;
		if ((val & K_CPUCFG6_PMNUM) > (h->cpucfg6 & K_CPUCFG6_PMNUM))
			return -EINVAL;
		if ((val & K_CPUCFG6_UPM) && !(h->cpucfg6 & K_CPUCFG6_UPM))
			return -EINVAL;
	}
	return 0;
}

static int fail(int e)
{
	errno = e;
	return -1;
}

/* QEMU's la464 CPUCFG words without LSX, LASX, LBT and PMU (FACTS 1.8). */
void fake_la464(u32 out[21])
{
	static const u32 la464[21] = {
		[0] = 0x0014c010, [1] = 0x03f2f2fe, [2] = 0x0060c00f,
		[4] = 100000000, [5] = 0x00010001, [16] = 0x00002c3d,
		[17] = 0x06080003, [18] = 0x06080003, [19] = 0x0608000f,
		[20] = 0x060e000f,
	};

	memcpy(out, la464, sizeof(la464));
}

static int fake_host_cpu_id(unsigned int word, uint32_t *val)
{
	u32 w[21];

	if (word >= 21)
		return fail(EINVAL);
	if (fake.host.cpu_id_errno)
		return fail(fake.host.cpu_id_errno);
	if (fake.host.cpu_set)
		memcpy(w, fake.host.cpu, sizeof(w));
	else
		fake_la464(w);
	*val = w[word];
	return 0;
}

static int vm_has_attr(struct kvm_device_attr *a)
{
	const struct fake_host *h = &fake.host;
	bool ok;

	fake.nr_has_attr++;
	if (h->has_attr_errno)
		return fail(h->has_attr_errno);
	if (h->kernel)			/* before 6.12: kvm_arch_vm_ioctl knows nothing */
		return fail(ENOTTY);
	if (a->group != KVM_LOONGARCH_VM_FEAT_CTRL)
		return fail(ENXIO);
	switch (a->attr) {
	case KVM_LOONGARCH_VM_FEAT_LSX: ok = h->lsx; break;
	case KVM_LOONGARCH_VM_FEAT_LASX: ok = h->lasx; break;
	case KVM_LOONGARCH_VM_FEAT_X86BT: ok = h->x86bt; break;
	case KVM_LOONGARCH_VM_FEAT_ARMBT: ok = h->armbt; break;
	case KVM_LOONGARCH_VM_FEAT_MIPSBT: ok = h->mipsbt; break;
	case KVM_LOONGARCH_VM_FEAT_PMU: ok = h->pmp; break;
	case KVM_LOONGARCH_VM_FEAT_PV_IPI: ok = true; break;
	case KVM_LOONGARCH_VM_FEAT_PV_STEALTIME: ok = h->pvtime; break;
	default: ok = a->attr < 64 && (h->extra_vm_attrs & (1ULL << a->attr)); break;
	}
	return ok ? 0 : fail(ENXIO);
}

static int vcpu_ioctl(struct fake_vcpu *v, unsigned long req, void *arg)
{
	struct kvm_device_attr *a = arg;
	struct kvm_one_reg *reg = arg;
	u64 val;

	if (fake.host.kernel == 607 && (req == KVM_GET_DEVICE_ATTR ||
					 req == KVM_SET_DEVICE_ATTR || req == KVM_HAS_DEVICE_ATTR))
		return fail(ENOTTY);
	if (fake.host.kernel == 609 && req == KVM_SET_DEVICE_ATTR)
		return fail(ENXIO);
	if (fake.host.kernel == 609 && req == KVM_GET_DEVICE_ATTR &&
	    a->group == KVM_LOONGARCH_VCPU_CPUCFG && a->attr >= 21)
		return fail(EINVAL);
	switch (req) {
	case KVM_GET_DEVICE_ATTR:
		if (a->group != KVM_LOONGARCH_VCPU_CPUCFG)
			return fail(ENXIO);
		if (a->attr < 21)
			val = fake_cpucfg_mask(&fake.host, (unsigned int)a->attr);
		else if (a->attr == CPUCFG_KVM_FEATURE)
			val = fake.pv_features & fake.host.pv_mask;
		else
			return fail(a->attr < 0x40000000 ? EINVAL : ENXIO);
		memcpy((void *)(unsigned long)a->addr, &val, sizeof(val));
		return 0;
	case KVM_SET_DEVICE_ATTR:
		if (a->group != KVM_LOONGARCH_VCPU_CPUCFG || a->attr != CPUCFG_KVM_FEATURE)
			return fail(ENXIO);
		memcpy(&val, (void *)(unsigned long)a->addr, sizeof(val));
		if (val & ~fake.host.pv_mask)
			return fail(EINVAL);
		if ((fake.pv_features & (1ULL << 63)) &&
		    (fake.pv_features & fake.host.pv_mask) != val)
			return fail(EINVAL);
		fake.pv_features = val | (1ULL << 63);
		fake.nr_pv_sets++;
		return 0;
	case KVM_SET_ONE_REG:
	case KVM_GET_ONE_REG: {
		u64 type = reg->id & KVM_REG_LOONGARCH_MASK;
		unsigned int idx = (unsigned int)((reg->id & 0x7fff) >> 3);

		if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
			return fail(EINVAL);
		if (req == KVM_GET_ONE_REG) {
			if (type == KVM_REG_LOONGARCH_CSR && idx < 0x800)
				val = v->csr[idx];
			else if (type == KVM_REG_LOONGARCH_CPUCFG && idx < 21)
				val = v->cpucfg[idx];
			else
				return fail(EINVAL);
			memcpy((void *)(unsigned long)reg->addr, &val, sizeof(val));
			return 0;
		}
		memcpy(&val, (void *)(unsigned long)reg->addr, sizeof(val));
		if (type == KVM_REG_LOONGARCH_CPUCFG) {
			if (fake_cpucfg_check(&fake.host, idx, val)) {
				v->cpucfg_rejects++;
				return fail(EINVAL);
			}
			v->cpucfg[idx] = (u32)val;
			v->nr_cpucfg_sets++;
			return 0;
		}
		if (type == KVM_REG_LOONGARCH_CSR && idx < 0x800) {
			if (idx == 0x20 && val >= 256)
				return fail(EINVAL);
			v->csr[idx] = val;
			v->csr_set[idx] = true;
			return 0;
		}
		return fail(EINVAL);
	}
	case KVM_SET_REGS:
		memcpy(&v->regs, arg, sizeof(v->regs));
		v->regs.gpr[0] = 0;
		v->nr_set_regs++;
		return 0;
	case KVM_GET_REGS:
		memcpy(arg, &v->regs, sizeof(v->regs));
		return 0;
	default:
		return fail(ENOTTY);
	}
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	if (fd == FAKE_VM_FD) {
		if (req == KVM_HAS_DEVICE_ATTR)
			return vm_has_attr(arg);
		if (req == KVM_CREATE_VCPU && (unsigned long)arg < FAKE_MAX_VCPUS)
			return FAKE_VCPU_FD0 + (int)(unsigned long)arg;
		return fail(ENOTTY);
	}
	if (fd >= FAKE_VCPU_FD0 && fd < FAKE_VCPU_FD0 + FAKE_MAX_VCPUS)
		return vcpu_ioctl(&fake.vcpu[fd - FAKE_VCPU_FD0], req, arg);
	return fail(EBADF);
}

static int fake_open(const char *path, int flags)
{
	(void)path;
	(void)flags;
	return 3;
}

static int fake_close(int fd)
{
	(void)fd;
	return 0;
}

const struct kvm_backend fake_backend = {
	.name = "fake",
	.open = fake_open,
	.ioctl = fake_ioctl,
	.close = fake_close,
	.host_cpu_id = fake_host_cpu_id,
};

void fake_kvm_setup(struct kvm *kvm, struct kvm_cpu *cpus, struct kvm_cpu **cpu_ptrs,
		    struct kvm_run *runs, unsigned int n)
{
	struct fake_host host = fake.host;

	memset(&fake, 0, sizeof(fake));
	fake.host = host;
	/* The 6.12 default: IPI, plus steal time when pvtime is on. */
	fake.pv_features = (1ULL << KVM_FEATURE_IPI) |
			   (host.pvtime ? 1ULL << KVM_FEATURE_STEAL_TIME : 0);
	memset(kvm, 0, sizeof(*kvm));
	kvm->be = &fake_backend;
	kvm->sys_fd = 3;
	kvm->vm_fd = FAKE_VM_FD;
	io_space__init(&kvm->mmio, "mmio");
	io_space__init(&kvm->arch.iocsr, "iocsr");
	for (unsigned int i = 0; i < n; i++) {
		memset(&cpus[i], 0, sizeof(cpus[i]));
		memset(&runs[i], 0, sizeof(runs[i]));
		cpus[i].kvm = kvm;
		cpus[i].id = i;
		cpus[i].fd = FAKE_VCPU_FD0 + (int)i;
		cpus[i].run = &runs[i];
		cpu_ptrs[i] = &cpus[i];
	}
	kvm->cpus = n ? cpu_ptrs : NULL;
	kvm->nr_cpus = n;
}
