// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel PCH-PIC (Linux 7.2 arch/loongarch/kvm/intc/pch_pic.c):
 * 64 pins with mask, edge, IRR and ISR; an unmasked requested pin sets
 * its ISR bit and raises its htmsi_vector on the EIOINTC. Edge pins keep
 * their request until the guest writes CLEAR; level pins follow the line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "intc.h"

#define PIC_ID		0x000
#define PIC_MASK	0x020
#define PIC_HTMSI_EN	0x040
#define PIC_EDGE	0x060
#define PIC_CLEAR	0x080
#define PIC_AUTO0	0x0c0
#define PIC_AUTO1	0x0e0
#define PIC_ROUTE	0x100
#define PIC_ROUTE_END	0x13f
#define PIC_HTMSI_VEC	0x200
#define PIC_HTMSI_END	0x23f
#define PIC_IRR		0x380
#define PIC_ISR		0x3a0
#define PIC_POLARITY	0x3e0
#define PIC_NR_IRQ	32	/* what 7.2 reports and initialises */

struct sk_pch_pic *sk_pch_pic_new(void)
{
	struct sk_pch_pic *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	/* kvm_pch_pic_create: all masked; ID 7, version 1, 32 sources. */
	s->mask = ~0ULL;
	s->id = (7ULL << 24) | (1ULL << 32) | ((uint64_t)(PIC_NR_IRQ - 1) << 48);
	for (int i = 0; i < PIC_NR_IRQ; i++) {
		s->route_entry[i] = 1;
		s->htmsi_vector[i] = (uint8_t)i;
	}
	return s;
}

void sk_pch_pic_free(struct sk_pch_pic *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* pch_pic_update_irq; called with the lock held. */
static void pic_update_irq(struct sk_pch_pic *s, struct sk_vm *vm, int irq, int level)
{
	struct sk_eiointc *eio = atomic_load(&vm->intc->eiointc);
	uint64_t bit = 1ULL << irq;

	if (level) {
		if (!(bit & s->irr & ~s->mask))
			return;
		s->isr |= bit;
	} else {
		if (!(bit & s->isr & ~s->irr))
			return;
		s->isr &= ~bit;
	}
	if (eio)
		sk_eiointc_set_irq(eio, vm, s->htmsi_vector[irq], level);
}

static void pic_update_batch(struct sk_pch_pic *s, struct sk_vm *vm, uint64_t irqs, int level)
{
	for (; irqs; irqs &= irqs - 1)
		pic_update_irq(s, vm, __builtin_ctzll(irqs), level);
}

/* pch_pic_set_irq: a 0 on an edge pin leaves the request for CLEAR. */
void sk_pch_pic_set_irq(struct sk_pch_pic *s, struct sk_vm *vm, int irq, int level)
{
	uint64_t bit;

	if (irq < 0 || irq >= SK_IRQCHIP_PINS)
		return;
	bit = 1ULL << irq;
	pthread_mutex_lock(&s->lock);
	if (level) {
		s->irr |= bit;
	} else {
		if (s->edge & bit) {
			pthread_mutex_unlock(&s->lock);
			return;
		}
		s->irr &= ~bit;
	}
	pic_update_irq(s, vm, irq, level);
	pthread_mutex_unlock(&s->lock);
}

/* loongarch_pch_pic_read: the 64-bit register holding off, shifted down. */
uint64_t sk_pch_pic_read(struct sk_pch_pic *s, uint64_t off, int len)
{
	uint32_t o = (uint32_t)off & ~7U;
	uint64_t data = 0;

	if (len <= 0 || len > 8 || (off & (uint64_t)(len - 1)))
		return 0;
	pthread_mutex_lock(&s->lock);
	if (o < PIC_ID + 8)
		data = s->id;
	else if (o == PIC_MASK)
		data = s->mask;
	else if (o == PIC_HTMSI_EN)
		data = s->htmsi_en;
	else if (o == PIC_EDGE)
		data = s->edge;
	else if (o >= PIC_ROUTE && o <= PIC_ROUTE_END)
		memcpy(&data, s->route_entry + (o - PIC_ROUTE), 8);
	else if (o >= PIC_HTMSI_VEC && o <= PIC_HTMSI_END)
		memcpy(&data, s->htmsi_vector + (o - PIC_HTMSI_VEC), 8);
	else if (o == PIC_POLARITY)
		data = s->polarity;
	else if (o == PIC_IRR)
		data = s->irr;
	else if (o == PIC_ISR)
		data = s->isr;
	/* AUTO_CTRL0/1 (fixed distribution only) and the rest read 0. */
	pthread_mutex_unlock(&s->lock);
	data >>= (off & 7) * 8;
	if (len < 8)
		data &= (1ULL << (len * 8)) - 1;
	return data;
}

/* loongarch_pch_pic_write */
void sk_pch_pic_write(struct sk_pch_pic *s, struct sk_vm *vm, uint64_t off, int len,
		      uint64_t data)
{
	uint32_t shift = (uint32_t)(off & 7) * 8, o = (uint32_t)off & ~7U;
	uint64_t mask, old;

	if (len <= 0 || (off & (uint64_t)(len - 1)))
		return;
	mask = len >= 8 ? ~0ULL : (1ULL << (len * 8)) - 1;
	data &= mask;
	mask <<= shift;
	data <<= shift;
	pthread_mutex_lock(&s->lock);
	switch (o) {
	case PIC_MASK:
		/*
		 * As 7.2: the unmask/mask edges are taken against the written
		 * value unshifted into the whole register.
		 */
		old = s->mask;
		s->mask = (old & ~mask) | data;
		if (old & ~data)
			pic_update_batch(s, vm, old & ~data, 1);
		if (~old & data)
			pic_update_batch(s, vm, ~old & data, 0);
		break;
	case PIC_HTMSI_EN:
		s->htmsi_en = (s->htmsi_en & ~mask) | data;
		break;
	case PIC_EDGE:
		s->edge = (s->edge & ~mask) | data;
		break;
	case PIC_POLARITY:
		s->polarity = (s->polarity & ~mask) | data;
		break;
	case PIC_CLEAR:
		old = s->irr & s->edge & data;
		if (old) {
			s->irr &= ~old;
			pic_update_batch(s, vm, old, 0);
		}
		break;
	default:
		if (o >= PIC_HTMSI_VEC && o <= PIC_HTMSI_END) {
			uint8_t *p = s->htmsi_vector + (o - PIC_HTMSI_VEC);
			uint64_t v;

			memcpy(&v, p, 8);
			v = (v & ~mask) | data;
			memcpy(p, &v, 8);
		}
		/* AUTO_CTRL, ROUTE_ENTRY: not implemented in 7.2 either. */
		break;
	}
	pthread_mutex_unlock(&s->lock);
}

/* kvm_pch_pic_regs_access: 64-bit registers, or one byte of the two tables. */
int sk_pch_pic_attr(struct sk_pch_pic *s, const struct kvm_device_attr *a, bool wr)
{
	void *user = (void *)(uintptr_t)a->addr;
	int32_t addr = (int32_t)a->attr;
	size_t len = 8;
	void *p;

	switch (addr) {
	case PIC_MASK:
		p = &s->mask;
		break;
	case PIC_HTMSI_EN:
		p = &s->htmsi_en;
		break;
	case PIC_EDGE:
		p = &s->edge;
		break;
	case PIC_AUTO0:
		p = &s->auto_ctrl0;
		break;
	case PIC_AUTO1:
		p = &s->auto_ctrl1;
		break;
	case PIC_IRR:
		p = &s->irr;
		break;
	case PIC_ISR:
		p = &s->isr;
		break;
	case PIC_POLARITY:
		p = &s->polarity;
		break;
	default:
		if (addr >= PIC_ROUTE && addr <= PIC_ROUTE_END) {
			p = &s->route_entry[addr - PIC_ROUTE];
		} else if (addr >= PIC_HTMSI_VEC && addr <= PIC_HTMSI_END) {
			p = &s->htmsi_vector[addr - PIC_HTMSI_VEC];
		} else {
			return -EINVAL;
		}
		len = 1;
		break;
	}
	if (!user)
		return -EFAULT;
	pthread_mutex_lock(&s->lock);
	if (wr)
		memcpy(p, user, len);
	else
		memcpy(user, p, len);
	pthread_mutex_unlock(&s->lock);
	return 0;
}
