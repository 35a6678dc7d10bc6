/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCH-PIC (MMIO 0x10000000). Expected values from FACTS.md §4.6 (register
 * map, ID value, input semantics) and the guest flows of Linux 6.12
 * drivers/irqchip/irq-loongson-pch-pic.c (reset, set_type, mask/unmask/ack).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "lkvm/irq.h"
#include "irqchip_fake.h"

#define PIC		0x10000000ULL
#define ID		(PIC + 0x000)
#define MASK		(PIC + 0x020)
#define HTMSI_EN	(PIC + 0x040)
#define EDGE		(PIC + 0x060)
#define CLR		(PIC + 0x080)
#define AUTO0		(PIC + 0x0c0)
#define AUTO1		(PIC + 0x0e0)
#define ROUTE		(PIC + 0x100)
#define HTVEC		(PIC + 0x200)
#define IRR		(PIC + 0x380)
#define ISR		(PIC + 0x3a0)
#define POL		(PIC + 0x3e0)
#define COREISR		0x1800
#define HWI1		3

static struct kvm *kvm(void)
{
	return &irqf.kvm;
}

static int setup(void **state)
{
	(void)state;
	irqf_setup(2, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	irqf_teardown();
	return 0;
}

/* pch_pic_reset with pic-base-vec 0, plus the eiointc set-up. */
static void linux_init(void)
{
	unsigned int i;

	irqf_linux_eiointc();
	for (i = 0; i < 32; i++) {
		mmio_wr(HTVEC + i, 1, i);
		mmio_wr(ROUTE + i, 1, 1);
	}
	mmio_wr(MASK, 4, 0xffffffff);
	mmio_wr(MASK + 4, 4, 0xffffffff);
	mmio_wr(CLR, 4, 0xffffffff);
	mmio_wr(CLR + 4, 4, 0xffffffff);
	mmio_wr(AUTO0, 4, 0);
	mmio_wr(AUTO1, 4, 0);
	mmio_wr(HTMSI_EN, 4, 0xffffffff);
	mmio_wr(HTMSI_EN + 4, 4, 0xffffffff);
}

/* pch_pic_unmask_irq: clear the request, then clear the mask bit. */
static void unmask(unsigned int pin)
{
	mmio_wr(CLR, 4, 1u << pin);
	mmio_wr(MASK, 4, mmio_rd(MASK, 4) & ~(1u << pin));
}

static void mask(unsigned int pin)
{
	mmio_wr(MASK, 4, mmio_rd(MASK, 4) | (1u << pin));
}

static void test_id(void **state)
{
	u64 v;

	(void)state;
	v = mmio_rd(ID, 8);
	assert_int_equal(v, 0x001f000107000000ULL);
	assert_int_equal(((v >> 48) & 0xff) + 1, 32);	/* the driver's pin count */
	assert_int_equal(mmio_rd(ID, 4), 0x07000000);
	assert_int_equal(mmio_rd(ID + 4, 4), 0x001f0001);
	assert_int_equal(mmio_rd(ID + 3, 1), 0x07);
	mmio_wr(ID, 8, 0);
	assert_int_equal(mmio_rd(ID, 8), 0x001f000107000000ULL);
}

static void test_reset_and_stored_registers(void **state)
{
	(void)state;
	assert_int_equal(mmio_rd(MASK, 8), ~0ULL);	/* all masked */
	assert_int_equal(mmio_rd(IRR, 8), 0);
	mmio_wr(POL, 4, 0x0000f00f);
	assert_int_equal(mmio_rd(POL, 4), 0x0000f00f);
	mmio_wr(AUTO1 + 2, 2, 0xabcd);
	assert_int_equal(mmio_rd(AUTO1, 4), 0xabcd0000);
	mmio_wr(HTMSI_EN, 8, 0x00000000ffffffffULL);
	assert_int_equal(mmio_rd(HTMSI_EN, 8), 0xffffffffULL);
	mmio_wr(ROUTE + 5, 1, 1);
	assert_int_equal(mmio_rd(ROUTE + 4, 4), 0x0100);
	mmio_wr(HTVEC + 8, 8, 0x2f2e2d2c2b2a2928ULL);
	assert_int_equal(mmio_rd(HTVEC + 10, 1), 0x2a);
	assert_int_equal(mmio_rd(HTVEC + 12, 4), 0x2f2e2d2c);
	/* CLR reads as 0; IRR and ISR are read-only. */
	assert_int_equal(mmio_rd(CLR, 4), 0);
	mmio_wr(IRR, 8, ~0ULL);
	mmio_wr(ISR, 8, ~0ULL);
	assert_int_equal(mmio_rd(IRR, 8), 0);
	assert_int_equal(mmio_rd(ISR, 8), 0);
	assert_int_equal(irqf.nr_log, 0);
}

static void test_level_pin(void **state)
{
	(void)state;
	linux_init();
	unmask(2);					/* UART0: level high */
	irq__line_raise(kvm(), 2);
	assert_int_equal(mmio_rd(IRR, 4), 1u << 2);
	assert_int_equal(mmio_rd(ISR, 4), 1u << 2);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 2);
	assert_int_equal(irqf_line(0, HWI1), 1);
	irq__line_lower(kvm(), 2);
	assert_int_equal(mmio_rd(IRR, 4), 0);
	assert_int_equal(mmio_rd(ISR, 4), 0);
	assert_int_equal(irqf_line(0, HWI1), 0);
	/* CLR does not touch a level pin's request. */
	irq__line_raise(kvm(), 2);
	mmio_wr(CLR, 4, 1u << 2);
	assert_int_equal(mmio_rd(IRR, 4), 1u << 2);
}

static void test_masked_pin_waits(void **state)
{
	(void)state;
	linux_init();
	irq__line_raise(kvm(), 3);
	assert_int_equal(mmio_rd(IRR, 4), 1u << 3);
	assert_int_equal(mmio_rd(ISR, 4), 0);
	assert_int_equal(irqf.nr_log, 0);
	mmio_wr(MASK, 1, 0xf7);				/* byte write unmasks pin 3 */
	assert_int_equal(irqf_line(0, HWI1), 1);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 3);
}

/* handle_level_irq under eiointc's chained handler. */
static void test_linux_level_flow(void **state)
{
	(void)state;
	linux_init();
	unmask(2);
	irq__line_raise(kvm(), 2);
	assert_int_equal(irqf_line(0, HWI1), 1);
	iocsr_wr(0, COREISR, 8, iocsr_rd(0, COREISR, 8));	/* eiointc ack */
	assert_int_equal(irqf_line(0, HWI1), 0);
	mask(2);					/* mask_ack */
	unmask(2);					/* line still high: again */
	assert_int_equal(irqf_line(0, HWI1), 1);
	assert_int_equal(irqf_count(0, HWI1), 2);
	iocsr_wr(0, COREISR, 8, iocsr_rd(0, COREISR, 8));
	mask(2);
	irq__line_lower(kvm(), 2);			/* handler cleared the cause */
	unmask(2);
	assert_int_equal(irqf_line(0, HWI1), 0);
	assert_int_equal(irqf_count(0, HWI1), 2);
}

static void test_edge_pin(void **state)
{
	(void)state;
	linux_init();
	mmio_wr(EDGE, 4, 1u << 9);			/* edge rising */
	mmio_wr(POL, 4, 0);
	unmask(9);
	irq__line_pulse(kvm(), 9);
	assert_int_equal(mmio_rd(IRR, 4), 1u << 9);	/* latched after the pulse */
	assert_int_equal(irqf_line(0, HWI1), 1);
	iocsr_wr(0, COREISR, 8, iocsr_rd(0, COREISR, 8));
	mmio_wr(CLR, 4, 1u << 9);			/* pch_pic_ack_irq */
	assert_int_equal(mmio_rd(IRR, 4), 0);
	assert_int_equal(irqf_line(0, HWI1), 0);
	/* A line held high gives one edge, not a stream. */
	irq__line_raise(kvm(), 9);
	irq__line_raise(kvm(), 9);
	assert_int_equal(irqf_count(0, HWI1), 2);
	mmio_wr(CLR, 4, 1u << 9);
	irq__line_raise(kvm(), 9);
	assert_int_equal(mmio_rd(IRR, 4), 0);
}

/* The 6.12 driver picks vectors dynamically: route by HTVEC bytes. */
static void test_htvec_routing(void **state)
{
	(void)state;
	linux_init();
	mmio_wr(HTVEC + 2, 1, 37);
	unmask(2);
	irq__line_raise(kvm(), 2);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 37);
	/* Changing the vector of a high pin moves the request. */
	mmio_wr(HTVEC + 2, 1, 12);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 12);
	assert_int_equal(irqf_line(0, HWI1), 1);
	irq__line_lower(kvm(), 2);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 0);
	assert_int_equal(irqf_line(0, HWI1), 0);
}

static void test_bad_pins_ignored(void **state)
{
	(void)state;
	linux_init();
	irq__line_raise(kvm(), 32);
	irq__line_raise(kvm(), 1000);
	irq__line_pulse(kvm(), 64);
	assert_int_equal(mmio_rd(IRR, 8), 0);
	assert_int_equal(irqf.nr_log, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_and_stored_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masked_pin_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linux_level_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edge_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_htvec_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pins_ignored, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
