/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EXTIOI (EIOINTC) at IOCSR 0x1400-0x1cff, 256 vectors, and its virt
 * extension window at IOCSR 0x40000000.
 *
 * An input that goes high (or an MSI) marks the vector pending in ISR.
 * A pending, enabled vector is delivered to one vCPU (COREMAP) and shows
 * in that vCPU's COREISR; the vCPU's HWI line for the vector's 32-vector
 * group (IPMAP) is raised while any delivered vector maps to it. The guest
 * acknowledges by writing 1s to COREISR. Nothing is delivered until the
 * guest sets MISC_FUNC.EXT_IOI_EN (or the virt ENABLE bit).
 *
 * COREMAP without CPU encoding is a node nibble plus a core bitmap; the
 * node is honoured (vCPU = node * 4 + core), which is what Linux 6.12
 * programs for CPUs beyond the first four (QEMU ignores the node and
 * cannot reach them).
 */
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"

#define CORES_PER_NODE	4

static inline bool test_vec(const u32 *map, unsigned int v)
{
	return map[v / 32] & (1u << (v % 32));
}

static inline void set_vec(u32 *map, unsigned int v)
{
	map[v / 32] |= 1u << (v % 32);
}

static inline void clear_vec(u32 *map, unsigned int v)
{
	map[v / 32] &= ~(1u << (v % 32));
}

/* The same bits as the in-kernel EIOINTC's INIT_FEATURE. */
u32 la_extioi__features(const struct kvm *kvm)
{
	if (!kvm->arch.model.virt_extioi)
		return 0;
	return LA_EXTIOI_HAS_VIRT_EXT | LA_EXTIOI_HAS_ENABLE_OPT |
	       LA_EXTIOI_HAS_INT_ENC | LA_EXTIOI_HAS_CPU_ENC;
}

static u32 features(struct la_irqchip *chip)
{
	return la_extioi__features(chip->kvm);
}

static u64 misc_func(struct la_irqchip *chip)
{
	return __atomic_load_n(&chip->kvm->arch.misc_func, __ATOMIC_ACQUIRE);
}

static bool ext_on(struct la_irqchip *chip)
{
	return (misc_func(chip) & LA_MISC_EXT_IOI_EN) ||
	       (chip->virt_config & LA_EXTIOI_CFG_ENABLE);
}

static bool int_encode(struct la_irqchip *chip)
{
	return (misc_func(chip) & LA_MISC_INT_ENCODE) ||
	       (chip->virt_config & LA_EXTIOI_CFG_INT_ENC);
}

/* The vCPU a vector goes to. */
static unsigned int route(struct la_irqchip *chip, unsigned int v)
{
	u8 b = chip->coremap[v];
	unsigned int cpu;

	if (chip->virt_config & LA_EXTIOI_CFG_CPU_ENC) {
		cpu = b;
	} else {
		unsigned int core = (b & 0xf) ? (unsigned int)__builtin_ctz(b & 0xf) : 0;

		cpu = (b >> 4) * CORES_PER_NODE + core;
	}
	return cpu < chip->nr_cpus ? cpu : 0;
}

/* The HWI line (0-7) of a 32-vector group. */
static unsigned int group_pin(struct la_irqchip *chip, unsigned int g)
{
	u8 b = chip->ipmap[g];
	unsigned int pin;

	if (int_encode(chip))
		return b < 8 ? b : 0;
	pin = b ? (unsigned int)__builtin_ctz(b) : 0;
	return pin < 4 ? pin : 0;
}

/* Make the vCPU's HWI lines match its COREISR. */
static void sync_cpu(struct la_irqchip *chip, unsigned int cpu)
{
	struct la_extioi_core *c = &chip->ext[cpu];
	u8 want = 0, diff;
	unsigned int g, n;

	for (g = 0; g < LA_EXTIOI_WORDS; g++)
		if (c->coreisr[g])
			want |= 1u << group_pin(chip, g);
	diff = want ^ c->hwi;
	c->hwi = want;
	for (n = 0; n < 8; n++)
		if (diff & (1u << n))
			la_irqchip__inject(chip, cpu, (want & (1u << n)) ?
					   (int)(LA_INT_HWI0 + n) : -(int)(LA_INT_HWI0 + n));
}

static void deliver(struct la_irqchip *chip, unsigned int v)
{
	unsigned int cpu;

	if (!ext_on(chip)) {
		chip->was_on = false;	/* deliver it when the guest turns EXTIOI on */
		return;
	}
	if (test_vec(chip->delivered, v) || !test_vec(chip->isr, v) ||
	    !test_vec(chip->enable, v))
		return;
	cpu = route(chip, v);
	set_vec(chip->ext[cpu].coreisr, v);
	set_vec(chip->delivered, v);
	chip->dest[v] = (u16)cpu;
	sync_cpu(chip, cpu);
}

static void withdraw(struct la_irqchip *chip, unsigned int v)
{
	unsigned int cpu = chip->dest[v];

	if (!test_vec(chip->delivered, v))
		return;
	clear_vec(chip->ext[cpu].coreisr, v);
	clear_vec(chip->delivered, v);
	sync_cpu(chip, cpu);
}

/* Deliver whatever is pending and enabled but not yet delivered. */
static void refresh(struct la_irqchip *chip)
{
	unsigned int g, b;

	chip->was_on = ext_on(chip);
	if (!chip->was_on)
		return;
	for (g = 0; g < LA_EXTIOI_WORDS; g++) {
		u32 todo = chip->isr[g] & chip->enable[g] & ~chip->delivered[g];

		for (b = 0; todo; b++, todo >>= 1)
			if (todo & 1)
				deliver(chip, g * 32 + b);
	}
}

/* Routing or line mapping changed: move delivered vectors, fix lines. */
static void rebuild(struct la_irqchip *chip)
{
	unsigned int v, cpu;

	for (v = 0; v < LA_EXTIOI_VECTORS; v++) {
		unsigned int old = chip->dest[v], now;

		if (!test_vec(chip->delivered, v))
			continue;
		now = route(chip, v);
		if (now == old)
			continue;
		clear_vec(chip->ext[old].coreisr, v);
		set_vec(chip->ext[now].coreisr, v);
		chip->dest[v] = (u16)now;
	}
	for (cpu = 0; cpu < chip->nr_cpus; cpu++)
		sync_cpu(chip, cpu);
	refresh(chip);
}

/* The guest may have set EXT_IOI_EN since the last look. */
static void check_on(struct la_irqchip *chip)
{
	if (!chip->was_on && ext_on(chip))
		refresh(chip);
}

void la_extioi__reset(struct la_irqchip *chip)
{
	unsigned int i;

	memset(chip->enable, 0, sizeof(chip->enable));
	memset(chip->bounce, 0, sizeof(chip->bounce));
	memset(chip->isr, 0, sizeof(chip->isr));
	memset(chip->level, 0, sizeof(chip->level));
	memset(chip->delivered, 0, sizeof(chip->delivered));
	memset(chip->dest, 0, sizeof(chip->dest));
	memset(chip->ipmap, 0, sizeof(chip->ipmap));
	memset(chip->coremap, 0, sizeof(chip->coremap));
	memset(chip->nodemap, 0, sizeof(chip->nodemap));
	chip->virt_config = 0;
	chip->was_on = false;
	for (i = 0; i < chip->nr_cpus; i++)
		memset(&chip->ext[i], 0, sizeof(chip->ext[i]));
}

void la_extioi__set_input(struct la_irqchip *chip, unsigned int v, bool level)
{
	if (v >= LA_EXTIOI_VECTORS)
		return;
	check_on(chip);
	if (level) {
		set_vec(chip->level, v);
		set_vec(chip->isr, v);
		deliver(chip, v);
	} else {
		clear_vec(chip->level, v);
		clear_vec(chip->isr, v);
		withdraw(chip, v);
	}
}

void la_extioi__msi(struct la_irqchip *chip, unsigned int v)
{
	if (v >= LA_EXTIOI_VECTORS)
		return;
	check_on(chip);
	set_vec(chip->isr, v);
	deliver(chip, v);
}

static u32 bytes32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

u32 la_extioi__read32(struct la_irqchip *chip, unsigned int cpu, u64 off)
{
	switch (off) {
	case LA_EXTIOI_NODEMAP ... LA_EXTIOI_NODEMAP + 0x1c: {
		unsigned int i = (unsigned int)(off - LA_EXTIOI_NODEMAP) / 2;

		return chip->nodemap[i] | (u32)chip->nodemap[i + 1] << 16;
	}
	case LA_EXTIOI_IPMAP ... LA_EXTIOI_IPMAP + 4:
		return bytes32(&chip->ipmap[off - LA_EXTIOI_IPMAP]);
	case LA_EXTIOI_ENABLE ... LA_EXTIOI_ENABLE + 0x1c:
		return chip->enable[(off - LA_EXTIOI_ENABLE) / 4];
	case LA_EXTIOI_BOUNCE ... LA_EXTIOI_BOUNCE + 0x1c:
		return chip->bounce[(off - LA_EXTIOI_BOUNCE) / 4];
	case LA_EXTIOI_ISR ... LA_EXTIOI_ISR + 0x1c:
		return chip->isr[(off - LA_EXTIOI_ISR) / 4];
	case LA_EXTIOI_COREISR ... LA_EXTIOI_COREISR + 0x1c:
		return chip->ext[cpu].coreisr[(off - LA_EXTIOI_COREISR) / 4];
	case LA_EXTIOI_COREMAP ... LA_EXTIOI_COREMAP + 0xfc:
		return bytes32(&chip->coremap[off - LA_EXTIOI_COREMAP]);
	default:
		return 0;
	}
}

static void write_bytes(u8 *p, u32 val, u32 bytemask)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (bytemask & (1u << i))
			p[i] = (u8)(val >> (8 * i));
}

static void write_enable(struct la_irqchip *chip, unsigned int g, u32 val)
{
	u32 old = chip->enable[g], off, b;

	chip->enable[g] = val;
	for (off = old & ~val, b = 0; off; b++, off >>= 1)
		if (off & 1)
			withdraw(chip, g * 32 + b);
	refresh(chip);
}

/* Write-1-to-clear acknowledge of the accessing vCPU's vectors. */
static void write_coreisr(struct la_irqchip *chip, unsigned int cpu, unsigned int g, u32 val)
{
	struct la_extioi_core *c = &chip->ext[cpu];
	u32 ack = c->coreisr[g] & val;

	if (!ack)
		return;
	c->coreisr[g] &= ~ack;
	chip->delivered[g] &= ~ack;
	/* An input still held high stays pending; an MSI is consumed. */
	chip->isr[g] &= ~(ack & ~chip->level[g]);
	sync_cpu(chip, cpu);
}

void la_extioi__write32(struct la_irqchip *chip, unsigned int cpu, u64 off, u32 val,
			u32 bytemask)
{
	u32 m = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (bytemask & (1u << i))
			m |= 0xffu << (8 * i);
	check_on(chip);
	switch (off) {
	case LA_EXTIOI_NODEMAP ... LA_EXTIOI_NODEMAP + 0x1c: {
		u8 raw[4];
		unsigned int n = (unsigned int)(off - LA_EXTIOI_NODEMAP) / 2;

		put_le16(raw, chip->nodemap[n]);
		put_le16(raw + 2, chip->nodemap[n + 1]);
		write_bytes(raw, val, bytemask);
		chip->nodemap[n] = get_le16(raw);
		chip->nodemap[n + 1] = get_le16(raw + 2);
		break;
	}
	case LA_EXTIOI_IPMAP ... LA_EXTIOI_IPMAP + 4:
		write_bytes(&chip->ipmap[off - LA_EXTIOI_IPMAP], val, bytemask);
		rebuild(chip);
		break;
	case LA_EXTIOI_ENABLE ... LA_EXTIOI_ENABLE + 0x1c: {
		unsigned int g = (unsigned int)(off - LA_EXTIOI_ENABLE) / 4;

		write_enable(chip, g, (chip->enable[g] & ~m) | (val & m));
		break;
	}
	case LA_EXTIOI_BOUNCE ... LA_EXTIOI_BOUNCE + 0x1c: {
		unsigned int g = (unsigned int)(off - LA_EXTIOI_BOUNCE) / 4;

		chip->bounce[g] = (chip->bounce[g] & ~m) | (val & m);
		break;
	}
	case LA_EXTIOI_COREISR ... LA_EXTIOI_COREISR + 0x1c:
		write_coreisr(chip, cpu, (unsigned int)(off - LA_EXTIOI_COREISR) / 4, val & m);
		break;
	case LA_EXTIOI_COREMAP ... LA_EXTIOI_COREMAP + 0xfc:
		write_bytes(&chip->coremap[off - LA_EXTIOI_COREMAP], val, bytemask);
		rebuild(chip);
		break;
	default:
		break;		/* ISR and holes are read-only */
	}
}

void la_extioi__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		       bool is_write, void *opaque)
{
	struct la_irqchip *chip = opaque;

	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    offset >= LA_IOCSR_EXTIOI_SIZE || len > LA_IOCSR_EXTIOI_SIZE - offset) {
		if (!is_write)
			memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	la_irqchip__words(chip, la_irqchip__cpu_of(chip, vcpu), offset, data, len, is_write,
			  la_extioi__read32, la_extioi__write32);
	pthread_mutex_unlock(&chip->lock);
}

static u32 virt_read32(struct la_irqchip *chip, unsigned int cpu __unused, u64 off)
{
	if (off == LA_EXTIOI_VIRT_FEATURES)
		return features(chip);
	if (off == LA_EXTIOI_VIRT_CONFIG)
		return chip->virt_config |
		       ((misc_func(chip) & LA_MISC_EXT_IOI_EN) && features(chip) ?
			LA_EXTIOI_CFG_ENABLE : 0);
	return 0;
}

/* CONFIG takes only offered options, and only until ENABLE is set. */
static void virt_write32(struct la_irqchip *chip, unsigned int cpu __unused, u64 off,
			 u32 val, u32 bytemask)
{
	u32 f = features(chip);

	if (off != LA_EXTIOI_VIRT_CONFIG || !(f & LA_EXTIOI_HAS_VIRT_EXT))
		return;
	if (chip->virt_config & LA_EXTIOI_CFG_ENABLE)
		return;
	for (unsigned int i = 0; i < 4; i++)
		if (!(bytemask & (1u << i)))
			val = (val & ~(0xffu << (8 * i))) | (chip->virt_config & (0xffu << (8 * i)));
	/* Feature bit n offers config bit n (ENABLE, INT_ENCODE, CPU_ENCODE). */
	chip->virt_config = val & f & (LA_EXTIOI_CFG_ENABLE | LA_EXTIOI_CFG_INT_ENC |
				       LA_EXTIOI_CFG_CPU_ENC);
	rebuild(chip);
}

void la_extioi__virt_access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			    bool is_write, void *opaque)
{
	struct la_irqchip *chip = opaque;

	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    offset >= LA_IOCSR_EXTIOI_VIRT_SIZE || len > LA_IOCSR_EXTIOI_VIRT_SIZE - offset) {
		if (!is_write)
			memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	la_irqchip__words(chip, la_irqchip__cpu_of(chip, vcpu), offset, data, len, is_write,
			  virt_read32, virt_write32);
	pthread_mutex_unlock(&chip->lock);
}
