// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_CREATE_DEVICE for the three LoongArch irqchips (Linux 7.2
 * virt/kvm/kvm_main.c kvm_ioctl_create_device, kvm_device_ioctl), their
 * attribute ioctls, and the in-kernel IOCSR/MMIO dispatch KVM_RUN uses
 * before it would exit to userspace (exit.c kvm_emu_iocsr,
 * kvm_emu_mmio_read/write -> kvm_io_bus_*).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "intc.h"

struct sk_vcpu *sk_intc_vcpu_by_cpuid(struct sk_vm *vm, uint32_t cpuid)
{
	if (cpuid >= SK_MAX_VCPUS)
		return NULL;
	return __atomic_load_n(&vm->by_cpuid[cpuid], __ATOMIC_ACQUIRE);
}

struct sk_vcpu *sk_intc_vcpu_by_id(struct sk_vm *vm, uint32_t id)
{
	if (id >= SK_MAX_VCPUS)
		return NULL;
	return __atomic_load_n(&vm->vcpus[id], __ATOMIC_ACQUIRE);
}

struct sk_vm *sk_dev_vm(struct sk_dev *dev)
{
	return dev->vm;
}

/* The VM's interrupt state, made on the first device create. */
struct sk_intc *sk_intc_get(struct sk_vm *vm)
{
	struct sk_intc *ic = atomic_load(&vm->intc);

	if (ic)
		return ic;
	ic = calloc(1, sizeof(*ic));
	if (!ic)
		return NULL;
	pthread_mutex_init(&ic->lock, NULL);
	pthread_rwlock_init(&ic->route_lock, NULL);
	ic->epfd = ic->stop_fd = -1;
	sk_intc_irqfd_init(ic);
	for (int i = 0; i < SK_MAX_IRQFDS; i++)
		ic->irqfd[i].fd = -1;
	atomic_store(&vm->intc, ic);
	return ic;
}

void sk_intc_free(struct sk_vm *vm)
{
	struct sk_intc *ic = atomic_load(&vm->intc);

	if (!ic)
		return;
	sk_intc_irqfd_stop(ic);
	sk_ipi_free(atomic_load(&ic->ipi));
	sk_eiointc_free(atomic_load(&ic->eiointc));
	sk_pch_pic_free(atomic_load(&ic->pch_pic));
	free(ic->routes);
	pthread_rwlock_destroy(&ic->route_lock);
	pthread_mutex_destroy(&ic->lock);
	free(ic);
	vm->intc = NULL;
}

bool sk_intc_in_kernel(struct sk_vm *vm)
{
	struct sk_intc *ic = atomic_load(&vm->intc);

	return ic && atomic_load(&ic->ipi) && atomic_load(&ic->eiointc) &&
	       atomic_load(&ic->pch_pic);
}

/* kvm_{ipi,eiointc,pch_pic}_create; called with the VM lock held (kvm->lock). */
static int sk_intc_create_locked(struct sk_intc *ic, uint32_t type)
{
	void *s;

	switch (type) {
	case KVM_DEV_TYPE_LOONGARCH_IPI:
		if (atomic_load(&ic->ipi))
			return -EINVAL;		/* "has already been created" */
		s = sk_ipi_new();
		if (s)
			atomic_store(&ic->ipi, s);
		break;
	case KVM_DEV_TYPE_LOONGARCH_EIOINTC:
		if (atomic_load(&ic->eiointc))
			return -EINVAL;
		s = sk_eiointc_new();
		if (s)
			atomic_store(&ic->eiointc, s);
		break;
	default:
		if (atomic_load(&ic->pch_pic))
			return -EINVAL;
		/* kvm_setup_default_irq_routing: GSI i -> pin i; its failure is ENOMEM. */
		if (sk_intc_default_routes(ic))
			return -ENOMEM;
		s = sk_pch_pic_new();
		if (s)
			atomic_store(&ic->pch_pic, s);
		break;
	}
	return s ? 0 : -ENOMEM;
}

static int sk_intc_create(struct sk_vm *vm, uint32_t type)
{
	struct sk_intc *ic;
	int r;

	pthread_mutex_lock(&vm->lock);
	ic = sk_intc_get(vm);
	r = ic ? sk_intc_create_locked(ic, type) : -ENOMEM;
	pthread_mutex_unlock(&vm->lock);
	return r;
}

long sk_vm_create_device(struct sk_vm *vm, void *arg)
{
	struct kvm_create_device cd;
	struct sk_dev *dev;
	int r, fd;

	if (!arg)
		return -EFAULT;
	memcpy(&cd, arg, sizeof(cd));
	/* Before 6.13 no LoongArch device type is registered. */
	if (vm->kernel < SK_KERNEL_7_2 ||
	    (cd.type != KVM_DEV_TYPE_LOONGARCH_IPI && cd.type != KVM_DEV_TYPE_LOONGARCH_EIOINTC &&
	     cd.type != KVM_DEV_TYPE_LOONGARCH_PCHPIC))
		return -ENODEV;
	if (cd.flags & KVM_CREATE_DEVICE_TEST)
		return 0;
	r = sk_intc_create(vm, cd.type);
	if (r)
		return r;
	/* The fd's object lives with the VM, as the device does in 7.2. */
	dev = &atomic_load(&vm->intc)->dev[cd.type - KVM_DEV_TYPE_LOONGARCH_IPI];
	dev->vm = vm;
	dev->type = cd.type;
	fd = sk_dev_create_fd(dev);
	if (fd < 0)
		return fd;
	cd.fd = (uint32_t)fd;
	memcpy(arg, &cd, sizeof(cd));
	return 0;
}

/* kvm_device_ioctl: attributes only; no device has has_attr (EPERM). */
long sk_dev_ioctl(struct sk_dev *dev, unsigned int req, void *arg)
{
	struct sk_intc *ic = atomic_load(&dev->vm->intc);
	struct kvm_device_attr a;
	bool wr = req == KVM_SET_DEVICE_ATTR;
	struct sk_pch_pic *pic;
	uint64_t base;

	if (req != KVM_SET_DEVICE_ATTR && req != KVM_GET_DEVICE_ATTR &&
	    req != KVM_HAS_DEVICE_ATTR)
		return -ENOTTY;
	if (req == KVM_HAS_DEVICE_ATTR)
		return -EPERM;
	if (!arg)
		return -EFAULT;
	memcpy(&a, arg, sizeof(a));
	switch (dev->type) {
	case KVM_DEV_TYPE_LOONGARCH_IPI:
		return sk_ipi_attr(atomic_load(&ic->ipi), dev->vm, &a, wr);
	case KVM_DEV_TYPE_LOONGARCH_EIOINTC:
		return sk_eiointc_attr(atomic_load(&ic->eiointc), dev->vm, &a, wr);
	default:
		pic = atomic_load(&ic->pch_pic);
		if (a.group == KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS)
			return sk_pch_pic_attr(pic, &a, wr);
		if (!wr || a.group != KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL)
			return -EINVAL;
		if (a.attr != KVM_DEV_LOONGARCH_PCH_PIC_CTRL_INIT)
			return -EINVAL;
		if (!a.addr)
			return -EFAULT;
		memcpy(&base, (void *)(uintptr_t)a.addr, sizeof(base));
		/* kvm_pch_pic_init: the MMIO range [base, base + 0x3e8). */
		if (base + SK_PCH_PIC_SIZE < base)
			return -EFAULT;
		atomic_store(&pic->base, base);
		atomic_store(&pic->mapped, true);
		return 0;
	}
}

/* IOCSR bus: IPI 0x1000+0x160, EIOINTC 0x1400+0x900, its window 0x40000000+0x1000. */
bool sk_intc_iocsr_access(struct sk_vcpu *v, uint64_t addr, int len, bool wr,
			  uint8_t *data, int depth)
{
	struct sk_intc *ic = atomic_load_explicit(&v->vm->intc, memory_order_acquire);
	struct sk_eiointc *eio;
	struct sk_ipi *ipi;
	uint64_t val = 0;

	if (!ic)
		return false;
	if (wr)
		memcpy(&val, data, (size_t)len);
	ipi = atomic_load_explicit(&ic->ipi, memory_order_acquire);
	if (ipi && addr >= SK_IPI_BASE && addr + (uint64_t)len <= SK_IPI_BASE + SK_IPI_SIZE) {
		atomic_fetch_add_explicit(&v->vm->exits[SK_EXITS_KIPI], 1, memory_order_relaxed);
		if (wr)
			sk_ipi_write(ipi, v, (uint32_t)addr, len, val, depth);
		else
			val = sk_ipi_read(ipi, v, (uint32_t)addr, len);
	} else if ((eio = atomic_load_explicit(&ic->eiointc, memory_order_acquire)) &&
		   addr >= SK_EIOINTC_BASE &&
		   addr + (uint64_t)len <= SK_EIOINTC_BASE + SK_EIOINTC_SIZE) {
		atomic_fetch_add_explicit(&v->vm->exits[SK_EXITS_KEIOINTC], 1,
					  memory_order_relaxed);
		if (wr)
			sk_eiointc_write(eio, v, addr, len, val);
		else
			val = sk_eiointc_read(eio, v, addr, len);
	} else if (eio && addr >= SK_EIOINTC_VIRT_BASE &&
		   addr + (uint64_t)len <= SK_EIOINTC_VIRT_BASE + SK_EIOINTC_VIRT_SIZE) {
		atomic_fetch_add_explicit(&v->vm->exits[SK_EXITS_KEIOINTC], 1,
					  memory_order_relaxed);
		if (wr)
			sk_eiointc_virt_write(eio, addr, (uint32_t)val);
		else
			val = sk_eiointc_virt_read(eio, addr);
	} else {
		return false;
	}
	if (!wr)
		memcpy(data, &val, 8);
	return true;
}

bool sk_intc_iocsr(struct sk_vcpu *v, struct kvm_run *run)
{
	int len = (int)run->iocsr_io.len;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return false;
	return sk_intc_iocsr_access(v, run->iocsr_io.phys_addr, len, run->iocsr_io.is_write,
				    run->iocsr_io.data, 0);
}

/* MMIO bus: the PCH-PIC once CTRL_INIT placed it. */
bool sk_intc_mmio(struct sk_vcpu *v, struct kvm_run *run)
{
	struct sk_intc *ic = atomic_load_explicit(&v->vm->intc, memory_order_acquire);
	struct sk_pch_pic *pic;
	uint64_t addr = run->mmio.phys_addr, base, val = 0;
	int len = (int)run->mmio.len;

	if (!ic || !(pic = atomic_load_explicit(&ic->pch_pic, memory_order_acquire)) ||
	    !atomic_load_explicit(&pic->mapped, memory_order_acquire))
		return false;
	base = atomic_load_explicit(&pic->base, memory_order_relaxed);
	if (len < 1 || len > 8 || addr < base || addr - base + (uint64_t)len > SK_PCH_PIC_SIZE)
		return false;
	atomic_fetch_add_explicit(&v->vm->exits[SK_EXITS_KPCH_PIC], 1, memory_order_relaxed);
	if (run->mmio.is_write) {
		memcpy(&val, run->mmio.data, (size_t)len);
		sk_pch_pic_write(pic, v->vm, addr - base, len, val);
	} else {
		val = sk_pch_pic_read(pic, addr - base, len);
		memcpy(run->mmio.data, &val, 8);
	}
	return true;
}
