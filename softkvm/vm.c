/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm VM objects: capabilities, memory slots, the VM attribute group,
 * and guest-physical lookups for the interpreter. Rules follow Linux 6.12
 * virt/kvm/kvm_main.c and arch/loongarch/kvm/{vm.c,mmu.c}.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include "kernel.h"

/* la464-like host with LSX and LASX, without LBT and PMU (values from QEMU's la464). */
const uint32_t sk_host_cpucfg[SK_CPUCFG_NUM] = {
	[0] = 0x0014c010,	/* PRID */
	[1] = 0x03f2f2fe,	/* LA64, paging, IOCSR, PALEN/VALEN 48, UAL..CRC32 */
	[2] = 0x0060c0cf,	/* FP/SP/DP, FPVERS 1, LSX, LASX, LLFTP, LLFTPREV 1, LSPW, LAM */
	[3] = 0,
	[4] = 100000000,	/* constant counter: 100 MHz */
	[5] = 0x00010001,	/* multiplier 1, divider 1 */
	[6] = 0,		/* no PMU */
	[16] = 0x2c3d,
	[17] = 0x06080003,
	[18] = 0x06080003,
	[19] = 0x0608000f,
	[20] = 0x060e000f,
};

#define SK_CPUCFG1_VABITS(v)	(((v) >> 12) & 0xff)
#define SK_MEM_SLOTS_NUM	SHRT_MAX		/* KVM_MEM_SLOTS_NUM */
#define SK_MEM_MAX_NR_PAGES	((1ULL << 31) - 1)	/* KVM_MEM_MAX_NR_PAGES */
#define SK_USER_VA_LIMIT	(1ULL << 47)		/* access_ok() of the host */
#define SK_DIRTY_RING_BYTES	(65536 * 16)		/* max entries * kvm_dirty_gfn */

uint64_t sk_host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The "host" constant counter (drdtime): 100 MHz, i.e. 10 ns per tick. */
uint64_t sk_host_counter(void)
{
	return sk_host_ns() / (1000000000ULL / SK_COUNTER_HZ);
}

uint64_t sk_vm_counter(struct sk_vm *vm)
{
	return sk_host_counter() +
	       (uint64_t)__atomic_load_n(&vm->time_offset, __ATOMIC_RELAXED);
}

struct sk_vm *sk_vm_new(enum sk_kernel kernel)
{
	struct sk_vm *vm = calloc(1, sizeof(*vm));
	struct sk_slot_view *v = calloc(1, sizeof(*v));

	if (!vm || !v) {
		free(vm);
		free(v);
		return NULL;
	}
	vm->fd = -1;
	vm->kernel = kernel;
	pthread_rwlock_init(&vm->slots_lock, NULL);
	pthread_mutex_init(&vm->lock, NULL);
	pthread_mutex_init(&vm->ioev_lock, NULL);
	atomic_init(&vm->view, v);
	/*
	 * vm.c kvm_arch_init_vm (6.12) / kvm_vm_init_features (7.2): PV IPI
	 * always, steal time (and from 7.0 PREEMPT) when sched_info is on,
	 * which it always is here; 6.9 has no PV features at all.
	 */
	atomic_init(&vm->pv_features, kernel < SK_KERNEL_6_12 ? 0 :
				      (1ULL << KVM_FEATURE_IPI) |
				      (1ULL << KVM_FEATURE_STEAL_TIME) |
				      (kernel >= SK_KERNEL_7_2 ?
				       1ULL << KVM_FEATURE_PREEMPT : 0));
	/* cpu_vabits is the raw CPUCFG1.VALEN field (47 on la464). */
	vm->gpa_size = 1ULL << SK_CPUCFG1_VABITS(sk_host_cpucfg[1]);
	return vm;
}

/* One line, written whole (the vCPU threads are gone by now). */
static void sk_print_exits(struct sk_vm *vm)
{
	uint64_t n[SK_EXITS_NR], total = 0;
	char line[384];
	int i, len;

	for (i = 0; i < SK_EXITS_NR; i++)
		n[i] = atomic_load(&vm->exits[i]);
	for (i = 0; i < SK_EXITS_IOEVENTFD; i++)
		total += n[i];
	len = snprintf(line, sizeof(line),
		       "softkvm: exits to userspace: %llu (mmio %llu, iocsr %llu, hypercall %llu, "
		       "intr %llu, other %llu); MMIO writes taken by ioeventfds: %llu; "
		       "served in-kernel: ipi %llu, eiointc %llu, pch-pic %llu; "
		       "irqfd injections: %llu\n",
		       (unsigned long long)total, (unsigned long long)n[SK_EXITS_MMIO],
		       (unsigned long long)n[SK_EXITS_IOCSR], (unsigned long long)n[SK_EXITS_HCALL],
		       (unsigned long long)n[SK_EXITS_INTR], (unsigned long long)n[SK_EXITS_OTHER],
		       (unsigned long long)n[SK_EXITS_IOEVENTFD], (unsigned long long)n[SK_EXITS_KIPI],
		       (unsigned long long)n[SK_EXITS_KEIOINTC],
		       (unsigned long long)n[SK_EXITS_KPCH_PIC], (unsigned long long)n[SK_EXITS_IRQFD]);
	if (len > 0)
		(void)!write(2, line, (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1);
}

void sk_vm_free(struct sk_vm *vm)
{
	struct sk_slot_view *v, *next;
	int i;

	/* The irqfd thread stops before the vCPUs it kicks go away. */
	sk_intc_free(vm);
	if (sk_exit_stats())
		sk_print_exits(vm);
	for (i = 0; i < SK_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			sk_vcpu_free(vm->vcpus[i]);
	for (v = vm->old_views; v; v = next) {
		next = v->next_old;
		free(v);
	}
	free(atomic_load(&vm->view));
	sk_vm_ioeventfd_free(vm);
	pthread_rwlock_destroy(&vm->slots_lock);
	pthread_mutex_destroy(&vm->lock);
	free(vm);
}

/* kvm_main.c kvm_vm_ioctl_check_extension_generic + vm.c check_extension */
int sk_sys_check_extension(struct sk_vm *vm, unsigned long ext)
{
	enum sk_kernel k = vm ? vm->kernel : sk_kernel_model();
	long cpus;

	switch (ext) {
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_USER_MEMORY2:
	case KVM_CAP_DESTROY_MEMORY_REGION_WORKS:
	case KVM_CAP_JOIN_MEMORY_REGIONS_WORKS:
	case KVM_CAP_INTERNAL_ERROR_DATA:
	case KVM_CAP_IOEVENTFD_ANY_LENGTH:
	case KVM_CAP_CHECK_EXTENSION_VM:
	case KVM_CAP_ENABLE_CAP_VM:
	case KVM_CAP_HALT_POLL:
		return 1;
	case KVM_CAP_COALESCED_MMIO:
		return KVM_COALESCED_MMIO_PAGE_OFFSET;
	case KVM_CAP_COALESCED_PIO:
		return 1;
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
		return KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE | KVM_DIRTY_LOG_INITIALLY_SET;
	case KVM_CAP_NR_MEMSLOTS:
		return SK_MEM_SLOTS_NUM;
	case KVM_CAP_DIRTY_LOG_RING:
		return 0;
	case KVM_CAP_DIRTY_LOG_RING_ACQ_REL:
		return SK_DIRTY_RING_BYTES;
	case KVM_CAP_BINARY_STATS_FD:
	case KVM_CAP_SYSTEM_EVENT_DATA:
	case KVM_CAP_DEVICE_CTRL:
		return 1;
	/* 6.13+: HAVE_KVM_IRQCHIP, HAVE_KVM_MSI; vm.c KVM_CAP_IRQCHIP */
	case KVM_CAP_IRQCHIP:
	case KVM_CAP_IRQFD:
	case KVM_CAP_SIGNAL_MSI:
		return k >= SK_KERNEL_7_2;
	/* 6.13+: HAVE_KVM_IRQ_ROUTING, KVM_MAX_IRQ_ROUTES */
	case KVM_CAP_IRQ_ROUTING:
		return k >= SK_KERNEL_7_2 ? 4096 : 0;
	/* arch/loongarch/kvm/vm.c */
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ENABLE_CAP:
	case KVM_CAP_READONLY_MEM:
	case KVM_CAP_SYNC_MMU:
	case KVM_CAP_IMMEDIATE_EXIT:
	case KVM_CAP_IOEVENTFD:
	case KVM_CAP_MP_STATE:
		return 1;
	case KVM_CAP_SET_GUEST_DEBUG:
		/* 6.10: software breakpoints (KVM_HCALL_SWDBG). */
		return k >= SK_KERNEL_6_12;
	case KVM_CAP_NR_VCPUS:
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		if (cpus < 1)
			cpus = 1;
		return cpus < SK_MAX_VCPUS ? (int)cpus : SK_MAX_VCPUS;
	case KVM_CAP_MAX_VCPUS:
	case KVM_CAP_MAX_VCPU_ID:
		return SK_MAX_VCPUS;
	default:
		return 0;
	}
}

/* ---- memory slots ---- */

static struct sk_memslot *sk_slot_by_id(struct sk_vm *vm, uint32_t id)
{
	int i;

	for (i = 0; i < SK_MAX_SLOTS; i++)
		if (vm->slots[i].used && vm->slots[i].slot == id)
			return &vm->slots[i];
	return NULL;
}

static int sk_slot_cmp(const void *a, const void *b)
{
	const struct sk_memslot *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

/* Publish a fresh read-only view; called with slots_lock held for writing. */
static int sk_publish_slots(struct sk_vm *vm)
{
	struct sk_slot_view *v = calloc(1, sizeof(*v)), *old;
	int i;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < SK_MAX_SLOTS; i++)
		if (vm->slots[i].used)
			v->slot[v->nr++] = vm->slots[i];
	qsort(v->slot, (size_t)v->nr, sizeof(v->slot[0]), sk_slot_cmp);
	old = atomic_exchange_explicit(&vm->view, v, memory_order_acq_rel);
	/* Readers may still walk the old view: keep it until the VM dies. */
	old->next_old = vm->old_views;
	vm->old_views = old;
	vm->nr_slots = v->nr;
	atomic_fetch_add(&vm->slots_gen, 1);
	return 0;
}

static bool sk_slot_overlaps(struct sk_vm *vm, uint32_t id, uint64_t gpa, uint64_t size)
{
	int i;

	for (i = 0; i < SK_MAX_SLOTS; i++) {
		struct sk_memslot *s = &vm->slots[i];

		if (s->used && s->slot != id && gpa < s->gpa + s->size && s->gpa < gpa + size)
			return true;
	}
	return false;
}

static uint64_t sk_host_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (uint64_t)ps : 4096;
}

/* kvm_main.c __kvm_set_memory_region + loongarch mmu.c prepare_memory_region */
static int sk_set_memory_region(struct sk_vm *vm, const struct kvm_userspace_memory_region2 *mem)
{
	uint32_t valid = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;
	uint32_t as_id = mem->slot >> 16, id = (uint16_t)mem->slot;
	struct sk_memslot *old, *s;
	uint64_t npages;
	bool create, move;
	int i;

	if (mem->flags & ~valid)
		return -EINVAL;
	if (mem->memory_size & (SK_PAGE_SIZE - 1))
		return -EINVAL;
	if (mem->guest_phys_addr & (SK_PAGE_SIZE - 1))
		return -EINVAL;
	/*
	 * The host address only has to be aligned to the real host page:
	 * on a LoongArch host mmap() always yields 16 KiB alignment, so
	 * demanding it on a 4 KiB host would reject what works there.
	 */
	if ((mem->userspace_addr & (sk_host_page_size() - 1)) ||
	    mem->userspace_addr + mem->memory_size < mem->userspace_addr ||
	    mem->userspace_addr + mem->memory_size > SK_USER_VA_LIMIT)
		return -EINVAL;
	if (as_id >= 1 || id >= SK_MEM_SLOTS_NUM)
		return -EINVAL;
	if (mem->guest_phys_addr + mem->memory_size < mem->guest_phys_addr)
		return -EINVAL;
	npages = mem->memory_size / SK_PAGE_SIZE;
	if (npages > SK_MEM_MAX_NR_PAGES)
		return -EINVAL;

	old = sk_slot_by_id(vm, id);
	if (!mem->memory_size) {
		if (!old)
			return -EINVAL;
		memset(old, 0, sizeof(*old));
		return sk_publish_slots(vm);
	}
	create = !old;
	move = false;
	if (old) {
		if (mem->userspace_addr != (uint64_t)(uintptr_t)old->hva ||
		    mem->memory_size != old->size ||
		    ((mem->flags ^ old->flags) & KVM_MEM_READONLY))
			return -EINVAL;
		if (mem->guest_phys_addr != old->gpa)
			move = true;
		else if (mem->flags == old->flags)
			return 0;
	}
	if ((create || move) &&
	    sk_slot_overlaps(vm, id, mem->guest_phys_addr, mem->memory_size))
		return -EEXIST;
	if ((create || move) &&
	    mem->guest_phys_addr + mem->memory_size > vm->gpa_size)
		return -ENOMEM;

	s = old;
	if (!s) {
		for (i = 0; i < SK_MAX_SLOTS && vm->slots[i].used; i++)
			;
		/* softkvm keeps SK_MAX_SLOTS slots; the kernel's limit is far higher. */
		if (i == SK_MAX_SLOTS)
			return -ENOMEM;
		s = &vm->slots[i];
	}
	s->used = true;
	s->slot = id;
	s->gpa = mem->guest_phys_addr;
	s->size = mem->memory_size;
	s->hva = (uint8_t *)(uintptr_t)mem->userspace_addr;
	s->flags = mem->flags;
	return sk_publish_slots(vm);
}

/*
 * Lock-free: an acquire load of the current view, then a scan of at most
 * SK_MAX_SLOTS sorted entries. Writers publish a new view.
 */
static const struct sk_memslot *sk_find_slot(struct sk_vm *vm, uint64_t gpa, uint64_t len)
{
	const struct sk_slot_view *v = atomic_load_explicit(&vm->view, memory_order_acquire);
	int i;

	for (i = 0; i < v->nr; i++) {
		const struct sk_memslot *s = &v->slot[i];

		if (gpa < s->gpa)
			break;
		if (gpa - s->gpa < s->size) {
			if (len > s->size - (gpa - s->gpa))
				return NULL;
			return s;
		}
	}
	return NULL;
}

uint8_t *sk_vm_gpa_to_hva(struct sk_vm *vm, uint64_t gpa, uint64_t len, bool write)
{
	const struct sk_memslot *s = sk_find_slot(vm, gpa, len);

	if (!s || (write && (s->flags & KVM_MEM_READONLY)))
		return NULL;
	return s->hva + (gpa - s->gpa);
}

uint8_t *sk_vm_slot_hva(struct sk_vm *vm, uint64_t gpa, uint64_t len)
{
	const struct sk_memslot *s = sk_find_slot(vm, gpa, len);

	return s ? s->hva + (gpa - s->gpa) : NULL;
}

/* ---- VM ioctls ---- */

/*
 * vm.c kvm_vm_feature_has_attr. 7.2 knows PTW and MSGINT too, offered when
 * the host CPU has them (CPUCFG2.PTW, CPUCFG1.MSGINT): softkvm's has
 * neither, since the interpreter walks no page tables in hardware and has
 * no AVEC. PV_PREEMPT (7.0) goes with steal time (kvm_pvtime_supported).
 */
static int sk_vm_has_attr(const struct sk_vm *vm, const struct kvm_device_attr *attr)
{
	uint32_t c2 = sk_host_cpucfg[2], c6 = sk_host_cpucfg[6];
	bool ok;

	if (attr->group != KVM_LOONGARCH_VM_FEAT_CTRL)
		return -ENXIO;
	switch (attr->attr) {
	case KVM_LOONGARCH_VM_FEAT_LSX:
		ok = c2 & (1U << 6);
		break;
	case KVM_LOONGARCH_VM_FEAT_LASX:
		ok = c2 & (1U << 7);
		break;
	case KVM_LOONGARCH_VM_FEAT_X86BT:
		ok = c2 & (1U << 18);
		break;
	case KVM_LOONGARCH_VM_FEAT_ARMBT:
		ok = c2 & (1U << 19);
		break;
	case KVM_LOONGARCH_VM_FEAT_MIPSBT:
		ok = c2 & (1U << 20);
		break;
	case KVM_LOONGARCH_VM_FEAT_PMU:
		ok = c6 & 1;
		break;
	case KVM_LOONGARCH_VM_FEAT_PV_IPI:
	case KVM_LOONGARCH_VM_FEAT_PV_STEALTIME:
		/* softkvm always has "sched_info" for steal time. */
		ok = true;
		break;
	case KVM_LOONGARCH_VM_FEAT_PTW:
		ok = vm->kernel >= SK_KERNEL_7_2 && (c2 & (1U << 24));
		break;
	case KVM_LOONGARCH_VM_FEAT_MSGINT:
		ok = vm->kernel >= SK_KERNEL_7_2 && (sk_host_cpucfg[1] & (1U << 26));
		break;
	case KVM_LOONGARCH_VM_FEAT_PV_PREEMPT:
		ok = vm->kernel >= SK_KERNEL_7_2;
		break;
	default:
		/* 6.12 stops at PV_STEALTIME; nothing past PV_PREEMPT in 7.2. */
		ok = false;
		break;
	}
	return ok ? 0 : -ENXIO;
}

/* kvm_main.c kvm_vm_ioctl_enable_cap_generic */
static int sk_vm_enable_cap(const struct kvm_enable_cap *cap)
{
	uint64_t allowed;

	switch (cap->cap) {
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
		allowed = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;
		if (cap->args[0] & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE)
			allowed |= KVM_DIRTY_LOG_INITIALLY_SET;
		if (cap->flags || (cap->args[0] & ~allowed))
			return -EINVAL;
		return 0;
	case KVM_CAP_HALT_POLL:
		if (cap->flags || cap->args[0] != (uint32_t)cap->args[0])
			return -EINVAL;
		return 0;
	default:
		/* Dirty rings are not implemented by softkvm; the rest is arch: -EINVAL. */
		return -EINVAL;
	}
}

long sk_vm_ioctl(struct sk_vm *vm, unsigned int req, void *arg)
{
	struct kvm_userspace_memory_region2 mem;
	struct kvm_device_attr attr;
	struct kvm_enable_cap cap;
	struct kvm_ioeventfd io;
	int r;

	switch (req) {
	case KVM_CREATE_VCPU:
		return sk_vcpu_create(vm, (unsigned long)arg);
	case KVM_CHECK_EXTENSION:
		return sk_sys_check_extension(vm, (unsigned long)arg);
	case KVM_ENABLE_CAP:
		if (!arg)
			return -EFAULT;
		memcpy(&cap, arg, sizeof(cap));
		return sk_vm_enable_cap(&cap);
	case KVM_SET_USER_MEMORY_REGION:
	case KVM_SET_USER_MEMORY_REGION2:
		if (!arg)
			return -EFAULT;
		memset(&mem, 0, sizeof(mem));
		if (req == KVM_SET_USER_MEMORY_REGION) {
			memcpy(&mem, arg, sizeof(struct kvm_userspace_memory_region));
			if (mem.flags & ~(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY))
				return -EINVAL;
		} else {
			memcpy(&mem, arg, sizeof(mem));
		}
		pthread_rwlock_wrlock(&vm->slots_lock);
		r = sk_set_memory_region(vm, &mem);
		pthread_rwlock_unlock(&vm->slots_lock);
		return r;
	case KVM_HAS_DEVICE_ATTR:
		/* Before 6.12 kvm_arch_vm_ioctl handles nothing: ENOTTY. */
		if (vm->kernel < SK_KERNEL_6_12)
			return -ENOTTY;
		if (!arg)
			return -EFAULT;
		memcpy(&attr, arg, sizeof(attr));
		return sk_vm_has_attr(vm, &attr);
	case KVM_IOEVENTFD:
		if (!arg)
			return -EFAULT;
		memcpy(&io, arg, sizeof(io));
		return sk_vm_ioeventfd(vm, &io);
	case KVM_REGISTER_COALESCED_MMIO:
	case KVM_UNREGISTER_COALESCED_MMIO:
		/* Accepted, and without effect in 6.12 (no io bus on LoongArch). */
		return arg ? 0 : -EFAULT;
	case KVM_IRQFD:
		/* No HAVE_KVM_IRQCHIP in 6.12: the stub kvm_irqfd says -EINVAL. */
		if (vm->kernel < SK_KERNEL_7_2)
			return arg ? -EINVAL : -EFAULT;
		return sk_intc_irq_ioctl(vm, req, arg);
	case KVM_CREATE_IRQCHIP:
		/* 7.2 vm.c kvm_arch_vm_ioctl: accepted, the devices do the work. */
		return vm->kernel < SK_KERNEL_7_2 ? -ENOTTY : 0;
	case KVM_IRQ_LINE:
	case KVM_IRQ_LINE_STATUS:
	case KVM_SIGNAL_MSI:
	case KVM_SET_GSI_ROUTING:
		/* 6.12: no __KVM_HAVE_IRQ_LINE, HAVE_KVM_MSI, HAVE_KVM_IRQ_ROUTING. */
		if (vm->kernel < SK_KERNEL_7_2)
			return -ENOTTY;
		return sk_intc_irq_ioctl(vm, req, arg);
	case KVM_CREATE_DEVICE:
		/* 6.12 registers no LoongArch device types: ENODEV (intc/device.c). */
		return sk_vm_create_device(vm, arg);
	default:
		return -ENOTTY;
	}
}
