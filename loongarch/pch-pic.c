/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCH-PIC at MMIO 0x10000000: 32 input pins turned into EXTIOI vectors.
 *
 * IRR holds requests: a level pin follows its line, an edge pin latches a
 * rising edge until the guest writes INT_CLEAR. A pin drives its EXTIOI
 * vector (HTVEC byte; the 6.12 driver allocates these) high while it is
 * requested and not masked; ISR shows the pins doing so. Polarity is
 * stored only: devices assert their lines active-high, as the FDT says.
 * Registers are 64 bits wide and take any access width.
 */
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"

#define PIN_MASK	((1ULL << LA_PCH_PIC_PINS) - 1)

void la_pch_pic__reset(struct la_irqchip *chip)
{
	unsigned int i;

	chip->mask = ~0ULL;
	chip->htmsi_en = chip->edge = chip->pol = chip->auto0 = chip->auto1 = 0;
	chip->irr = chip->isr_pic = 0;
	memset(chip->route, 0, sizeof(chip->route));
	memset(chip->pic_out, 0, sizeof(chip->pic_out));
	for (i = 0; i < ARRAY_SIZE(chip->htvec); i++)
		chip->htvec[i] = (u8)i;
}

/* Recompute requests and outputs; tell EXTIOI about changed vectors. */
static void pic_update(struct la_irqchip *chip)
{
	u32 want[LA_EXTIOI_WORDS] = { 0 };
	unsigned int p, g, b;
	u64 out;

	chip->irr = (chip->irr & chip->edge) | ((u64)chip->line & ~chip->edge);
	chip->irr &= PIN_MASK;
	out = chip->irr & ~chip->mask;
	chip->isr_pic = out;
	for (p = 0; p < LA_PCH_PIC_PINS; p++)
		if (out & (1ULL << p))
			want[chip->htvec[p] / 32] |= 1u << (chip->htvec[p] % 32);
	for (g = 0; g < LA_EXTIOI_WORDS; g++) {
		u32 diff = want[g] ^ chip->pic_out[g];

		chip->pic_out[g] = want[g];
		for (b = 0; diff; b++, diff >>= 1)
			if (diff & 1)
				la_extioi__set_input(chip, g * 32 + b, want[g] & (1u << b));
	}
}

void la_pch_pic__set_line(struct la_irqchip *chip, unsigned int pin, bool level)
{
	u32 bit;

	if (pin >= LA_PCH_PIC_PINS)
		return;
	bit = 1u << pin;
	if (level && !(chip->line & bit) && (chip->edge & bit))
		chip->irr |= bit;
	chip->line = level ? chip->line | bit : chip->line & ~bit;
	pic_update(chip);
}

static u64 pic_read64(struct la_irqchip *chip, u64 reg)
{
	switch (reg) {
	case LA_PIC_ID:
		return LA_PIC_ID_VAL;
	case LA_PIC_MASK:
		return chip->mask;
	case LA_PIC_HTMSI_EN:
		return chip->htmsi_en;
	case LA_PIC_EDGE:
		return chip->edge;
	case LA_PIC_AUTO0:
		return chip->auto0;
	case LA_PIC_AUTO1:
		return chip->auto1;
	case LA_PIC_ROUTE ... LA_PIC_ROUTE + 0x38:
		return get_le64(&chip->route[reg - LA_PIC_ROUTE]);
	case LA_PIC_HTVEC ... LA_PIC_HTVEC + 0x38:
		return get_le64(&chip->htvec[reg - LA_PIC_HTVEC]);
	case LA_PIC_IRR:
		return chip->irr;
	case LA_PIC_ISR:
		return chip->isr_pic;
	case LA_PIC_POL:
		return chip->pol;
	default:
		return 0;	/* INT_CLEAR and holes */
	}
}

static u64 merge64(u64 old, u64 val, u64 m)
{
	return (old & ~m) | (val & m);
}

static void pic_write64(struct la_irqchip *chip, u64 reg, u64 val, u64 m)
{
	switch (reg) {
	case LA_PIC_MASK:
		chip->mask = merge64(chip->mask, val, m);
		pic_update(chip);
		break;
	case LA_PIC_HTMSI_EN:
		chip->htmsi_en = merge64(chip->htmsi_en, val, m);
		break;
	case LA_PIC_EDGE:
		chip->edge = merge64(chip->edge, val, m);
		pic_update(chip);
		break;
	case LA_PIC_CLEAR:
		chip->irr &= ~(val & m & chip->edge);
		pic_update(chip);
		break;
	case LA_PIC_AUTO0:
		chip->auto0 = merge64(chip->auto0, val, m);
		break;
	case LA_PIC_AUTO1:
		chip->auto1 = merge64(chip->auto1, val, m);
		break;
	case LA_PIC_ROUTE ... LA_PIC_ROUTE + 0x38: {
		u8 *p = &chip->route[reg - LA_PIC_ROUTE];

		put_le64(p, merge64(get_le64(p), val, m));
		break;
	}
	case LA_PIC_HTVEC ... LA_PIC_HTVEC + 0x38: {
		u8 *p = &chip->htvec[reg - LA_PIC_HTVEC];

		put_le64(p, merge64(get_le64(p), val, m));
		pic_update(chip);
		break;
	}
	case LA_PIC_POL:
		chip->pol = merge64(chip->pol, val, m);
		break;
	default:
		break;		/* ID, IRR, ISR are read-only */
	}
}

void la_pch_pic__access(struct kvm_cpu *vcpu __unused, u64 offset, u8 *data, u32 len,
			bool is_write, void *opaque)
{
	struct la_irqchip *chip = opaque;
	u64 first, last, reg;

	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    offset >= LA_PCH_PIC_SIZE || len > LA_PCH_PIC_SIZE - offset) {
		if (!is_write)
			memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	first = ALIGN_DOWN(offset, 8);
	last = ALIGN_DOWN(offset + len - 1, 8);
	pthread_mutex_lock(&chip->lock);
	for (reg = first; reg <= last; reg += 8) {
		u64 val = is_write ? 0 : pic_read64(chip, reg), m = 0;
		unsigned int i;

		for (i = 0; i < 8; i++) {
			u64 a = reg + i;

			if (a < offset || a >= offset + len)
				continue;
			if (is_write) {
				val |= (u64)data[a - offset] << (8 * i);
				m |= 0xffULL << (8 * i);
			} else {
				data[a - offset] = (u8)(val >> (8 * i));
			}
		}
		if (is_write)
			pic_write64(chip, reg, val, m);
	}
	pthread_mutex_unlock(&chip->lock);
}
