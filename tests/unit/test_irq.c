/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device interrupt-line API (include/lkvm/irq.h): pin allocation and
 * exact line behaviour when many threads drive lines at once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "lkvm/irq.h"
#include "irqchip_fake.h"

#define PIC_MASK	0x10000020ULL
#define PIC_EDGE	0x10000060ULL
#define HWI1		3

static int setup(void **state)
{
	(void)state;
	irqf_setup(4, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	irqf_teardown();
	return 0;
}

/* Free pins: 8-15 and 20-31 (2-7 are the board's, 16-19 PCIe INTx). */
static void test_alloc_pin(void **state)
{
	int i, p;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(irq__alloc_pin(&irqf.kvm), 8 + i);
	for (i = 0; i < 12; i++)
		assert_int_equal(irq__alloc_pin(&irqf.kvm), 20 + i);
	p = irq__alloc_pin(&irqf.kvm);
	assert_int_equal(p, -ENOSPC);
}

static void test_no_chip_is_harmless(void **state)
{
	struct kvm k = { 0 };

	(void)state;
	irq__line_raise(&k, 2);
	irq__line_pulse(&k, 2);
	irq__msi(&k, 40);
	assert_int_equal(irq__alloc_pin(&k), -ENODEV);
	irq__msi(&irqf.kvm, 7);				/* below the MSI vectors */
	irq__msi(&irqf.kvm, 300);
	assert_int_equal(irqf.nr_log, 0);
}

struct worker {
	unsigned int pin;
	bool edge;
};

static void *toggler(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < 300; i++) {
		if (w->edge) {
			irq__line_pulse(&irqf.kvm, w->pin);
		} else {
			irq__line_raise(&irqf.kvm, w->pin);
			irq__line_lower(&irqf.kvm, w->pin);
		}
	}
	return NULL;
}

static void *acker(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 300; i++)
		iocsr_wr(0, 0x1800, 8, iocsr_rd(0, 0x1800, 8));
	return NULL;
}

/*
 * Level pins toggled from several threads while the guest acks: every
 * KVM_INTERRUPT on a line alternates raise/lower, and all end low.
 */
static void test_threads_keep_lines_exact(void **state)
{
	struct worker w[4] = { { 8, false }, { 9, false }, { 10, false }, { 11, false } };
	pthread_t t[5];
	unsigned int i;
	int level = 0;

	(void)state;
	irqf_linux_eiointc();
	mmio_wr(PIC_MASK, 4, 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, toggler, &w[i]), 0);
	assert_int_equal(pthread_create(&t[4], NULL, acker, NULL), 0);
	for (i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	assert_true(irqf.nr_log < IRQF_LOG);
	for (i = 0; i < irqf.nr_log; i++) {
		assert_int_equal(irqf.log[i].cpu, 0);
		assert_int_equal(irqf.log[i].irq, level ? -HWI1 : HWI1);
		level = !level;
	}
	assert_int_equal(level, 0);
	assert_int_equal(iocsr_rd(0, 0x1800, 8), 0);
}

/* Pulses on edge pins are never lost: one request per pulse until acked. */
static void test_edge_pulse_latches(void **state)
{
	struct worker w = { 12, true };
	pthread_t t;

	(void)state;
	irqf_linux_eiointc();
	mmio_wr(PIC_EDGE, 4, 1u << 12);
	mmio_wr(PIC_MASK, 4, 0);
	assert_int_equal(pthread_create(&t, NULL, toggler, &w), 0);
	pthread_join(t, NULL);
	assert_int_equal(irqf_line(0, HWI1), 1);
	assert_int_equal(irqf_count(0, HWI1), 1);
	assert_int_equal(iocsr_rd(0, 0x1800, 8), 1ULL << 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_chip_is_harmless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_keep_lines_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edge_pulse_latches, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
