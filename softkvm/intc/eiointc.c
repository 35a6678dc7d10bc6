// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel EIOINTC (Linux 7.2 arch/loongarch/kvm/intc/eiointc.c):
 * 256 vectors at IOCSR 0x1400 with enable, ISR, per-CPU core ISR,
 * ipmap (vector group -> HWI line) and coremap (vector -> CPU) routing,
 * and the virtualisation extension window at IOCSR 0x40000000 (features
 * and config, for CPU and vector encodings). A vector raises HWI0+ip on
 * its CPU when it is the first pending one of that line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "intc.h"

#define NODETYPE	0xa0
#define NODETYPE_END	0xbf
#define IPMAP		0xc0
#define IPMAP_END	0xc7
#define ENABLE		0x200
#define ENABLE_END	0x21f
#define BOUNCE		0x280
#define BOUNCE_END	0x29f
#define ISR		0x300
#define ISR_END		0x31f
#define COREISR		0x400
#define COREISR_END	0x41f
#define COREMAP		0x800
#define COREMAP_END	0x8ff
#define VIRT_FEATURES	0x0
#define VIRT_CONFIG	0x4
#define HAS_VIRT_EXT	0
#define ST_ENABLE	1
#define ST_INT_ENCODE	2
#define ST_CPU_ENCODE	3
#define INT_HWI0	2

static bool bit_test(const uint64_t *map, int n)
{
	return map[n / 64] >> (n % 64) & 1;
}

static void bit_set(uint64_t *map, int n, bool on)
{
	if (on)
		map[n / 64] |= 1ULL << (n % 64);
	else
		map[n / 64] &= ~(1ULL << (n % 64));
}

static bool bits_any(const uint64_t *map)
{
	return map[0] | map[1] | map[2] | map[3];
}

struct sk_eiointc *sk_eiointc_new(void)
{
	struct sk_eiointc *s = calloc(1, sizeof(*s));

	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

void sk_eiointc_free(struct sk_eiointc *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* The HWI line of a vector: ipmap byte per 32 vectors, a bitmask unless INT_ENCODE. */
static int eio_ipnum(const struct sk_eiointc *s, int irq)
{
	int ip = (int)(s->ipmap >> (irq / 32 * 8)) & 0xff;

	if (!(s->status & (1U << ST_INT_ENCODE))) {
		/*
		 * A 0 byte: 7.2's count_trailing_zeros gives -1, a line
		 * below HWI0 and outside its own table; HWI0 here.
		 */
		ip = ip ? __builtin_ctz((unsigned int)ip) : 0;
		ip = ip < 4 ? ip : 0;
	}
	/* Encoded, a byte may name lines 8..255 that do not exist (7.2 overruns). */
	return ip & 7;
}

/* eiointc_update_irq; called with the lock held. */
static void eio_update_irq(struct sk_eiointc *s, struct sk_vm *vm, int irq, int level)
{
	int ip = eio_ipnum(s, irq), cpu = s->sw_coremap[irq];
	struct sk_vcpu *v = sk_intc_vcpu_by_id(vm, (uint32_t)cpu);
	bool others;

	if (!v)
		return;
	if (level) {
		if (!bit_test(s->enable, irq))
			return;
		bit_set(s->coreisr[cpu], irq, true);
		others = bits_any(s->sw_coreisr[cpu][ip]);
		bit_set(s->sw_coreisr[cpu][ip], irq, true);
	} else {
		bit_set(s->coreisr[cpu], irq, false);
		bit_set(s->sw_coreisr[cpu][ip], irq, false);
		others = bits_any(s->sw_coreisr[cpu][ip]);
	}
	/* Another vector already holds the line up. */
	if (others)
		return;
	sk_vcpu_interrupt(v, level ? INT_HWI0 + ip : -(INT_HWI0 + ip));
}

/* eiointc_set_sw_coreisr: rebuild the per-line view after a state load. */
static void eio_set_sw_coreisr(struct sk_eiointc *s, struct sk_vm *vm)
{
	for (int irq = 0; irq < SK_EIOINTC_IRQS; irq++) {
		int ip = eio_ipnum(s, irq);
		struct sk_vcpu *v = sk_intc_vcpu_by_cpuid(vm, ((uint8_t *)s->coremap)[irq]);

		if (!v)
			continue;
		bit_set(s->sw_coreisr[v->id][ip], irq, bit_test(s->coreisr[v->id], irq));
	}
}

/* eiointc_update_sw_coremap: coremap bytes -> vCPU ids, moving pending vectors. */
static void eio_update_sw_coremap(struct sk_eiointc *s, struct sk_vm *vm, int irq,
				  uint64_t val, bool notify)
{
	for (int i = 0; i < 8; i++, val >>= 8) {
		int cpuid = (int)(val & 0xff);
		struct sk_vcpu *v;

		if (!(s->status & (1U << ST_CPU_ENCODE))) {
			cpuid = cpuid ? __builtin_ctz((unsigned int)cpuid) : -1;
			cpuid = cpuid < 0 || cpuid >= 4 ? 0 : cpuid;
		}
		v = sk_intc_vcpu_by_cpuid(vm, (uint32_t)cpuid);
		if (!v || s->sw_coremap[irq + i] == v->id)
			continue;
		if (notify && bit_test(s->isr, irq + i)) {
			eio_update_irq(s, vm, irq + i, 0);
			s->sw_coremap[irq + i] = (uint8_t)v->id;
			eio_update_irq(s, vm, irq + i, 1);
		} else {
			s->sw_coremap[irq + i] = (uint8_t)v->id;
		}
	}
}

/* eiointc_set_irq: a vector from PCH-PIC or an MSI. */
void sk_eiointc_set_irq(struct sk_eiointc *s, struct sk_vm *vm, int irq, int level)
{
	if (irq < 0 || irq >= SK_EIOINTC_IRQS)
		return;
	pthread_mutex_lock(&s->lock);
	bit_set(s->isr, irq, level);
	eio_update_irq(s, vm, irq, level);
	pthread_mutex_unlock(&s->lock);
}

static uint64_t eio_read64(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint32_t off)
{
	if (off >= NODETYPE && off <= NODETYPE_END)
		return s->nodetype[(off - NODETYPE) >> 3];
	if (off >= IPMAP && off <= IPMAP_END)
		return s->ipmap;
	if (off >= ENABLE && off <= ENABLE_END)
		return s->enable[(off - ENABLE) >> 3];
	if (off >= BOUNCE && off <= BOUNCE_END)
		return s->bounce[(off - BOUNCE) >> 3];
	if (off >= COREISR && off <= COREISR_END)
		return s->coreisr[vcpu->id][(off - COREISR) >> 3];
	if (off >= COREMAP && off <= COREMAP_END)
		return s->coremap[(off - COREMAP) >> 3];
	/* ISR and the rest read 0 from the guest side. */
	return 0;
}

/* kvm_eiointc_read: aligned accesses only, sign-extended to 64 bits. */
uint64_t sk_eiointc_read(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint64_t addr, int len)
{
	uint32_t shift = (uint32_t)(addr & 7) * 8;
	uint64_t data;

	if (len <= 0 || (addr & (uint64_t)(len - 1)))
		return 0;
	pthread_mutex_lock(&s->lock);
	data = eio_read64(s, vcpu, (uint32_t)(addr - (addr & 7) - SK_EIOINTC_BASE));
	pthread_mutex_unlock(&s->lock);
	data >>= shift;
	switch (len) {
	case 1:
		return (uint64_t)(int64_t)(int8_t)data;
	case 2:
		return (uint64_t)(int64_t)(int16_t)data;
	case 4:
		return (uint64_t)(int64_t)(int32_t)data;
	default:
		return data;
	}
}

/* loongarch_eiointc_write; called with the lock held. */
static void eio_write(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint64_t addr,
		      uint64_t value, uint64_t field)
{
	uint32_t shift = (uint32_t)(addr & 7) * 8;
	uint64_t mask = field << shift, data = (value & field) << shift, old, d;
	uint32_t off = (uint32_t)(addr - (addr & 7) - SK_EIOINTC_BASE);
	struct sk_vm *vm = vcpu->vm;
	int idx, irq;

	if (off >= NODETYPE && off <= NODETYPE_END) {
		idx = (int)(off - NODETYPE) >> 3;
		s->nodetype[idx] = (s->nodetype[idx] & ~mask) | data;
	} else if (off >= IPMAP && off <= IPMAP_END) {
		/* Set once by the guest driver: no line is re-evaluated. */
		s->ipmap = (s->ipmap & ~mask) | data;
	} else if (off >= ENABLE && off <= ENABLE_END) {
		idx = (int)(off - ENABLE) >> 3;
		old = s->enable[idx];
		s->enable[idx] = (old & ~mask) | data;
		/* Newly enabled pending vectors rise, newly disabled ones fall. */
		for (d = s->enable[idx] & ~old & s->isr[idx]; d; d &= d - 1) {
			irq = __builtin_ctzll(d);
			eio_update_irq(s, vm, irq + idx * 64, 1);
		}
		for (d = ~s->enable[idx] & old & s->isr[idx]; d; d &= d - 1) {
			irq = __builtin_ctzll(d);
			eio_update_irq(s, vm, irq + idx * 64, 0);
		}
	} else if (off >= BOUNCE && off <= BOUNCE_END) {
		idx = (int)(off - BOUNCE) >> 3;
		s->bounce[idx] = (s->bounce[idx] & ~mask) | data;
	} else if (off >= COREISR && off <= COREISR_END) {
		/* Write 1 to clear, on the writing vCPU's own core ISR. */
		idx = (int)(off - COREISR) >> 3;
		old = s->coreisr[vcpu->id][idx];
		s->coreisr[vcpu->id][idx] = old & ~data;
		for (d = data & old; d; d &= d - 1) {
			irq = __builtin_ctzll(d);
			eio_update_irq(s, vm, irq + idx * 64, 0);
		}
	} else if (off >= COREMAP && off <= COREMAP_END) {
		idx = (int)(off - COREMAP) >> 3;
		s->coremap[idx] = (s->coremap[idx] & ~mask) | data;
		eio_update_sw_coremap(s, vm, idx * 8, s->coremap[idx], true);
	}
}

/* kvm_eiointc_write */
void sk_eiointc_write(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint64_t addr, int len,
		      uint64_t data)
{
	uint64_t field;

	if (len <= 0 || (addr & (uint64_t)(len - 1)))
		return;
	switch (len) {
	case 1:
		field = 0xff;
		break;
	case 2:
		field = 0xffff;
		break;
	case 4:
		field = 0xffffffffULL;
		break;
	default:
		field = ~0ULL;
		break;
	}
	pthread_mutex_lock(&s->lock);
	eio_write(s, vcpu, addr, data, field);
	pthread_mutex_unlock(&s->lock);
}

/* kvm_eiointc_virt_read: FEATURES and CONFIG, 32-bit. */
uint64_t sk_eiointc_virt_read(struct sk_eiointc *s, uint64_t addr)
{
	uint64_t r = 0;

	pthread_mutex_lock(&s->lock);
	if (addr - SK_EIOINTC_VIRT_BASE == VIRT_FEATURES)
		r = s->features;
	else if (addr - SK_EIOINTC_VIRT_BASE == VIRT_CONFIG)
		r = s->status;
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* kvm_eiointc_virt_write: CONFIG takes only offered features, and only while disabled. */
void sk_eiointc_virt_write(struct sk_eiointc *s, uint64_t addr, uint32_t data)
{
	pthread_mutex_lock(&s->lock);
	if (addr - SK_EIOINTC_VIRT_BASE == VIRT_CONFIG &&
	    !((s->status & (1U << ST_ENABLE)) && data))
		s->status = data & s->features;
	pthread_mutex_unlock(&s->lock);
}

/* kvm_eiointc_ctrl_access */
static int eio_ctrl(struct sk_eiointc *s, struct sk_vm *vm, const struct kvm_device_attr *a)
{
	const void *user = (const void *)(uintptr_t)a->addr;
	uint32_t val = 0;
	int r = 0;

	if (a->attr == KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU ||
	    a->attr == KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE) {
		if (!user)
			return -EFAULT;
		memcpy(&val, user, 4);
	}
	pthread_mutex_lock(&s->lock);
	switch (a->attr) {
	case KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU:
		if (val > SK_MAX_VCPUS)
			r = -EINVAL;
		else
			s->num_cpu = val;
		break;
	case KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE:
		s->features = val;
		if (!(val & (1U << HAS_VIRT_EXT)))
			s->status |= 1U << ST_ENABLE;
		break;
	case KVM_DEV_LOONGARCH_EXTIOI_CTRL_LOAD_FINISHED:
		eio_set_sw_coreisr(s, vm);
		for (int i = 0; i < SK_EIOINTC_IRQS / 8; i++)
			eio_update_sw_coremap(s, vm, i * 8, s->coremap[i], false);
		break;
	default:
		/* 7.2 accepts any other control attribute and does nothing. */
		break;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* kvm_eiointc_regs_access: a 32-bit word; attr = cpu << 16 | offset. */
static void *eio_reg(struct sk_eiointc *s, uint64_t attr, int *err)
{
	uint32_t addr = (uint32_t)attr & 0xffff, cpu = ((uint32_t)attr >> 16) & 0xffff;
	uint8_t *base;
	uint32_t start;

	*err = 0;
	if (addr >= NODETYPE && addr <= NODETYPE_END) {
		base = (uint8_t *)s->nodetype;
		start = NODETYPE;
	} else if (addr >= IPMAP && addr <= IPMAP_END) {
		base = (uint8_t *)&s->ipmap;
		start = IPMAP;
	} else if (addr >= ENABLE && addr <= ENABLE_END) {
		base = (uint8_t *)s->enable;
		start = ENABLE;
	} else if (addr >= BOUNCE && addr <= BOUNCE_END) {
		base = (uint8_t *)s->bounce;
		start = BOUNCE;
	} else if (addr >= ISR && addr <= ISR_END) {
		base = (uint8_t *)s->isr;
		start = ISR;
	} else if (addr >= COREISR && addr <= COREISR_END) {
		/* The kernel takes the high bits of the int attr as the cpu. */
		if ((int32_t)attr >> 16 < 0 || cpu >= s->num_cpu) {
			*err = -EINVAL;
			return NULL;
		}
		base = (uint8_t *)s->coreisr[cpu];
		start = COREISR;
	} else if (addr >= COREMAP && addr <= COREMAP_END) {
		base = (uint8_t *)s->coremap;
		start = COREMAP;
	} else {
		*err = -EINVAL;
		return NULL;
	}
	return base + (addr - start) / 4 * 4;
}

static int eio_sw_status(struct sk_eiointc *s, uint64_t attr, bool wr, uint32_t *val)
{
	uint32_t *p;

	switch ((uint32_t)attr & 0xffff) {
	case KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_NUM_CPU:
		if (wr)
			return 0;	/* read-only, silently */
		p = &s->num_cpu;
		break;
	case KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_FEATURE:
		if (wr)
			return 0;
		p = &s->features;
		break;
	case KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_STATE:
		p = &s->status;
		break;
	default:
		return -EINVAL;
	}
	pthread_mutex_lock(&s->lock);
	if (wr)
		*p = *val;
	else
		*val = *p;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/* kvm_eiointc_get_attr / kvm_eiointc_set_attr */
int sk_eiointc_attr(struct sk_eiointc *s, struct sk_vm *vm, const struct kvm_device_attr *a,
		    bool wr)
{
	void *user = (void *)(uintptr_t)a->addr;
	uint32_t val = 0;
	void *p;
	int r;

	switch (a->group) {
	case KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL:
		return wr ? eio_ctrl(s, vm, a) : -EINVAL;
	case KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS:
		if (wr) {
			if (!user)
				return -EFAULT;
			memcpy(&val, user, 4);
		}
		p = eio_reg(s, a->attr, &r);
		if (!p)
			return r;
		pthread_mutex_lock(&s->lock);
		if (wr)
			memcpy(p, &val, 4);
		else
			memcpy(&val, p, 4);
		pthread_mutex_unlock(&s->lock);
		break;
	case KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS:
		if (wr) {
			if (!user)
				return -EFAULT;
			memcpy(&val, user, 4);
		}
		r = eio_sw_status(s, a->attr, wr, &val);
		if (r)
			return r;
		break;
	default:
		return -EINVAL;
	}
	if (!wr) {
		if (!user)
			return -EFAULT;
		memcpy(user, &val, 4);
	}
	return 0;
}
