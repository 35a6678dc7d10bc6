/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EXTIOI (IOCSR 0x1400-0x1cff) and its virt window (0x40000000). Expected
 * values from FACTS.md §4.5 (register map, IPMAP/COREMAP decoding, the
 * delivery algorithm) and §2.6 (HWIn = KVM_INTERRUPT irq n + 2).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "lkvm/irq.h"
#include "irqchip_fake.h"

#define NODEMAP		0x14a0
#define IPMAP		0x14c0
#define ENABLE		0x1600
#define BOUNCE		0x1680
#define ISR		0x1700
#define COREISR		0x1800
#define ROUTE		0x1c00
#define VIRT_FEAT	0x40000000
#define VIRT_CFG	0x40000004
#define EXT_IOI_EN	(1ULL << 48)
#define HWI(n)		(2 + (n))

static struct kvm *kvm(void)
{
	return &irqf.kvm;
}

static int setup8(void **state)
{
	(void)state;
	irqf_setup(8, false);
	return 0;
}

static int setup8v(void **state)
{
	(void)state;
	irqf_setup(8, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	irqf_teardown();
	return 0;
}

static void test_registers_read_back(void **state)
{
	(void)state;
	iocsr_wr(0, NODEMAP, 4, 0x00020001);
	assert_int_equal(iocsr_rd(0, NODEMAP, 2), 0x0001);
	assert_int_equal(iocsr_rd(0, NODEMAP + 2, 2), 0x0002);
	iocsr_wr(0, IPMAP, 8, 0x0808040402020101ULL);
	assert_int_equal(iocsr_rd(0, IPMAP + 3, 1), 0x02);
	assert_int_equal(iocsr_rd(0, IPMAP + 4, 4), 0x08080404);
	iocsr_wr(0, ENABLE + 8, 8, 0x1234567890abcdefULL);
	assert_int_equal(iocsr_rd(0, ENABLE + 12, 4), 0x12345678);
	iocsr_wr(0, BOUNCE, 2, 0xbeef);
	assert_int_equal(iocsr_rd(0, BOUNCE, 4), 0xbeef);
	iocsr_wr(0, ROUTE + 0xfc, 4, 0x44332211);
	assert_int_equal(iocsr_rd(0, ROUTE + 0xfd, 1), 0x22);
	assert_int_equal(iocsr_rd(0, ROUTE + 0xf8, 8), 0x4433221100000000ULL);
	/* ISR is read-only. */
	iocsr_wr(0, ISR, 4, 0xffffffff);
	assert_int_equal(iocsr_rd(0, ISR, 4), 0);
	assert_int_equal(irqf.nr_log, 0);
}

/* Linux 6.12: everything on HWI1 (irq 3) of CPU 0; ack through COREISR. */
static void test_linux_612_delivery_and_ack(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	irq__msi(kvm(), 40);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	assert_int_equal(irqf_count(0, HWI(1)), 1);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 40);
	assert_int_equal(iocsr_rd(0, ISR + 4, 4), 1u << 8);
	assert_int_equal(iocsr_rd(1, COREISR, 8), 0);	/* per CPU */
	irq__msi(kvm(), 41);
	assert_int_equal(irqf_count(0, HWI(1)), 1);	/* line already up */
	/* eiointc_irq_dispatch: read 64 bits, write them back. */
	iocsr_wr(0, COREISR, 8, iocsr_rd(0, COREISR, 8));
	assert_int_equal(iocsr_rd(0, COREISR, 8), 0);
	assert_int_equal(irqf_line(0, HWI(1)), 0);
	assert_int_equal(iocsr_rd(0, ISR, 8), 0);	/* MSIs consumed */
	/* Acking what is not pending changes nothing. */
	irqf_clear_log();
	iocsr_wr(0, COREISR, 8, ~0ULL);
	assert_int_equal(irqf.nr_log, 0);
}

/* 6.18+: vectors 0-63 HWI0, 64-127 HWI1, 128-191 HWI2, 192-255 HWI3. */
static void test_ipmap_per_group(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	iocsr_wr(0, IPMAP, 8, 0x0808040402020101ULL);
	irq__msi(kvm(), 40);
	irq__msi(kvm(), 100);
	irq__msi(kvm(), 150);
	irq__msi(kvm(), 200);
	assert_int_equal(irqf_line(0, HWI(0)), 1);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	assert_int_equal(irqf_line(0, HWI(2)), 1);
	assert_int_equal(irqf_line(0, HWI(3)), 1);
	/* The HWI1 handler acks only its own word (vectors 64-127). */
	iocsr_wr(0, COREISR + 8, 8, 1ULL << (100 - 64));
	assert_int_equal(irqf_line(0, HWI(1)), 0);
	assert_int_equal(irqf_line(0, HWI(0)), 1);
	assert_int_equal(irqf_line(0, HWI(2)), 1);
	/* Byte 0 (no bit) and bits >= 4 select pin 0. */
	iocsr_wr(0, COREISR, 8, ~0ULL);
	iocsr_wr(0, COREISR + 16, 8, ~0ULL);
	iocsr_wr(0, COREISR + 24, 8, ~0ULL);
	irqf_clear_log();
	iocsr_wr(0, IPMAP + 6, 2, 0x1000);		/* group 6: 0x00, group 7: 0x10 */
	irq__msi(kvm(), 200);
	irq__msi(kvm(), 230);
	assert_int_equal(irqf_line(0, HWI(0)), 1);
	assert_int_equal(irqf_count(0, HWI(3)), 0);
}

static void test_ipmap_change_moves_line(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	irq__msi(kvm(), 33);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	iocsr_wr(0, IPMAP + 1, 1, 0x04);		/* group 1 -> HWI2 */
	assert_int_equal(irqf_line(0, HWI(1)), 0);
	assert_int_equal(irqf_line(0, HWI(2)), 1);
}

static void test_coremap_routing(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	iocsr_wr(0, ROUTE + 50, 1, 0x04);		/* core bit 2 -> CPU 2 */
	irq__msi(kvm(), 50);
	assert_int_equal(irqf_line(2, HWI(1)), 1);
	assert_int_equal(irqf_count(0, HWI(1)), 0);
	assert_int_equal(iocsr_rd(2, COREISR, 8), 1ULL << 50);
	/* Node 1, core bit 1: CPU 4 + 1 (how Linux routes to CPUs >= 4). */
	iocsr_wr(0, ROUTE + 60, 1, 0x12);
	irq__msi(kvm(), 60);
	assert_int_equal(irqf_line(5, HWI(1)), 1);
	/* No core bit: core 0; a CPU that does not exist: CPU 0. */
	iocsr_wr(0, ROUTE + 61, 1, 0x10);
	irq__msi(kvm(), 61);
	assert_int_equal(irqf_line(4, HWI(1)), 1);
	iocsr_wr(0, ROUTE + 62, 1, 0x31);
	irq__msi(kvm(), 62);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
}

static void test_route_change_moves_pending(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	irq__msi(kvm(), 45);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	/* eiointc_set_irq_route via ANY_SEND: byte 1 of word 0x1c2c. */
	iocsr_wr(0, 0x1158, 8, ((u64)0x0200 << 32) | ((u64)(~0x2u & 0xf) << 27) | 0x1c2c);
	assert_int_equal(iocsr_rd(0, ROUTE + 45, 1), 0x02);
	assert_int_equal(irqf_line(0, HWI(1)), 0);
	assert_int_equal(irqf_line(1, HWI(1)), 1);
	assert_int_equal(iocsr_rd(1, COREISR, 8), 1ULL << 45);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 0);
}

static void test_enable_gates_delivery(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	iocsr_wr(0, ENABLE + 4, 4, 0xfffffffe);		/* vector 32 off */
	irq__msi(kvm(), 32);
	assert_int_equal(irqf.nr_log, 0);
	assert_int_equal(iocsr_rd(0, ISR + 4, 4), 1);	/* pending */
	iocsr_wr(0, ENABLE + 4, 4, 0xffffffff);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	/* Disabling a delivered vector withdraws it; enabling brings it back. */
	iocsr_wr(0, ENABLE + 4, 4, 0xfffffffe);
	assert_int_equal(irqf_line(0, HWI(1)), 0);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 0);
	iocsr_wr(0, ENABLE + 4, 4, 0xffffffff);
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	assert_int_equal(iocsr_rd(0, COREISR, 8), 1ULL << 32);
}

static void test_ext_ioi_en_required(void **state)
{
	(void)state;
	irqf_linux_eiointc();
	irqf.kvm.arch.misc_func = 0;
	irqf_clear_log();
	irq__msi(kvm(), 70);
	assert_int_equal(irqf.nr_log, 0);
	irqf.kvm.arch.misc_func = EXT_IOI_EN;
	irq__msi(kvm(), 71);
	/* Both are delivered once the controller is on. */
	assert_int_equal(irqf_line(0, HWI(1)), 1);
	assert_int_equal(iocsr_rd(0, COREISR + 8, 8), (1ULL << 6) | (1ULL << 7));
}

static void test_virt_window_absent_without_feature(void **state)
{
	(void)state;
	assert_int_equal(iocsr_rd(0, VIRT_FEAT, 4), 0);
	iocsr_wr(0, VIRT_CFG, 4, 0xe);
	assert_int_equal(iocsr_rd(0, VIRT_CFG, 4), 0);
}

static void test_virt_cpu_encode(void **state)
{
	u32 f;

	(void)state;
	f = (u32)iocsr_rd(0, VIRT_FEAT, 4);
	assert_true(f & (1u << 0));			/* HAS_VIRT_EXTENSION */
	assert_true(f & (1u << 3));			/* HAS_CPU_ENCODE */
	/* What a 6.13+ guest does: OR ENABLE_CPU_ENCODE into CONFIG. */
	iocsr_wr(0, VIRT_CFG, 4, iocsr_rd(0, VIRT_CFG, 4) | (1u << 3));
	assert_true(iocsr_rd(0, VIRT_CFG, 4) & (1u << 3));
	irqf_linux_eiointc();
	iocsr_wr(0, ROUTE + 77, 1, 6);			/* the byte is the CPU number */
	irq__msi(kvm(), 77);
	assert_int_equal(irqf_line(6, HWI(1)), 1);
	/* Unknown config bits are dropped; once ENABLE is set it is frozen. */
	iocsr_wr(0, VIRT_CFG, 4, 0xffffffff);
	assert_int_equal(iocsr_rd(0, VIRT_CFG, 4) & ~0xeu, 0);
	iocsr_wr(0, VIRT_CFG, 4, 0x2);
	assert_int_equal(iocsr_rd(0, VIRT_CFG, 4), 0xe);
	assert_int_equal(iocsr_rd(0, VIRT_FEAT, 4), f);	/* read-only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registers_read_back, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_linux_612_delivery_and_ack, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_ipmap_per_group, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_ipmap_change_moves_line, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_coremap_routing, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_route_change_moves_pending, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_enable_gates_delivery, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_ext_ioi_en_required, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_virt_window_absent_without_feature, setup8,
						teardown),
		cmocka_unit_test_setup_teardown(test_virt_cpu_encode, setup8v, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
