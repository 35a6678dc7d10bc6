/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPI block (IOCSR 0x1000-0x115f), expected values from FACTS.md §4.4 and
 * the encodings of Linux 6.12 arch/loongarch/kernel/smp.c (csr_mail_send,
 * ipi_write_action) and drivers/irqchip/irq-loongson-eiointc.c (ANY_SEND).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "irqchip_fake.h"

#define STATUS		0x1000
#define EN		0x1004
#define SET		0x1008
#define CLEAR		0x100c
#define MBUF0		0x1020
#define MBUF3		0x1038
#define IPI_SEND	0x1040
#define MAIL_SEND	0x1048
#define ANY_SEND	0x1158
#define INT_IPI		12

/* As Linux's ipi_write_action: blocking bit, action bit number, CPU. */
static void send_ipi(unsigned int from, unsigned int to, unsigned int action)
{
	iocsr_wr(from, IPI_SEND, 4, (1u << 31) | action | (to << 16));
}

/* As Linux's csr_mail_send: high half first, then low half. */
static void mail_send(unsigned int from, unsigned int to, unsigned int box, u64 data)
{
	u64 hi = (1ULL << 31) | ((u64)(box * 2 + 1) << 2) | ((u64)to << 16) |
		 (data & 0xffffffff00000000ULL);
	u64 lo = (1ULL << 31) | ((u64)(box * 2) << 2) | ((u64)to << 16) | (data << 32);

	iocsr_wr(from, MAIL_SEND, 8, hi);
	iocsr_wr(from, MAIL_SEND, 8, lo);
}

static int setup4(void **state)
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

static void test_reset_and_en(void **state)
{
	(void)state;
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0);
	assert_int_equal(iocsr_rd(0, EN, 4), 0);
	iocsr_wr(1, EN, 4, 0xffffffff);
	assert_int_equal(iocsr_rd(1, EN, 4), 0xffffffff);
	assert_int_equal(iocsr_rd(0, EN, 4), 0);	/* per CPU */
	/* 64-bit read at STATUS: STATUS low, EN high. */
	assert_int_equal(iocsr_rd(1, STATUS, 8), 0xffffffff00000000ULL);
	/* Byte write to EN. */
	iocsr_wr(1, EN + 1, 1, 0x00);
	assert_int_equal(iocsr_rd(1, EN, 4), 0xffff00ff);
	assert_int_equal(irqf.nr_log, 0);
}

static void test_set_clear_drive_irq12(void **state)
{
	(void)state;
	iocsr_wr(0, SET, 4, 0x6);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0x6);
	assert_int_equal(irqf_count(0, INT_IPI), 1);
	assert_int_equal(irqf_line(0, INT_IPI), 1);
	iocsr_wr(0, SET, 4, 0x8);		/* already raised: no new call */
	assert_int_equal(irqf_count(0, INT_IPI), 1);
	assert_int_equal(iocsr_rd(0, SET, 4), 0);	/* write-only */
	assert_int_equal(iocsr_rd(0, CLEAR, 4), 0);
	iocsr_wr(0, CLEAR, 4, 0x2);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0xc);
	assert_int_equal(irqf_line(0, INT_IPI), 1);
	iocsr_wr(0, CLEAR, 4, 0xc);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0);
	assert_int_equal(irqf_count(0, -INT_IPI), 1);
	assert_int_equal(irqf_line(0, INT_IPI), 0);
	/* STATUS is read-only. */
	iocsr_wr(0, STATUS, 4, 0x1);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0);
}

/* lkvm follows the 6.13+ in-kernel IPI: EN does not gate irq 12. */
static void test_en_not_consulted(void **state)
{
	(void)state;
	iocsr_wr(0, EN, 4, 0);
	iocsr_wr(0, SET, 4, 0x2);
	assert_int_equal(irqf_line(0, INT_IPI), 1);
}

static void test_ipi_send_to_running_cpu(void **state)
{
	(void)state;
	/* CPU 0 always runs; CPU 2 sends it CALL_FUNCTION (action bit 2). */
	send_ipi(2, 0, 2);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 1u << 2);
	assert_int_equal(iocsr_rd(2, STATUS, 4), 0);
	assert_int_equal(irqf_line(0, INT_IPI), 1);
	assert_int_equal(irqf_count(2, INT_IPI), 0);
	/* Handler: read STATUS, write it to CLEAR. */
	iocsr_wr(0, CLEAR, 4, iocsr_rd(0, STATUS, 4));
	assert_int_equal(irqf_line(0, INT_IPI), 0);
	/* A target that does not exist is ignored. */
	irqf_clear_log();
	send_ipi(0, 9, 1);
	assert_int_equal(irqf.nr_log, 0);
}

static void test_mail_send_fills_mailboxes(void **state)
{
	(void)state;
	mail_send(0, 2, 0, 0x0123456789abcdefULL);
	assert_int_equal(iocsr_rd(2, MBUF0, 8), 0x0123456789abcdefULL);
	assert_int_equal(iocsr_rd(2, MBUF0, 4), 0x89abcdef);
	assert_int_equal(iocsr_rd(2, MBUF0 + 4, 4), 0x01234567);
	assert_int_equal(iocsr_rd(0, MBUF0, 8), 0);
	mail_send(0, 3, 3, 0xfeedface00c0ffeeULL);
	assert_int_equal(iocsr_rd(3, MBUF3, 8), 0xfeedface00c0ffeeULL);
	/* Own mailbox: direct 64-bit write. */
	iocsr_wr(1, MBUF0 + 8, 8, 0x1122334455667788ULL);
	assert_int_equal(iocsr_rd(1, MBUF0 + 8, 8), 0x1122334455667788ULL);
	assert_int_equal(irqf.nr_log, 0);	/* mail alone raises nothing */
}

static void test_mail_send_keep_mask(void **state)
{
	(void)state;
	iocsr_wr(1, MBUF0, 4, 0x11223344);
	/* Keep bytes 0 and 2 (bits 27 and 29), new data 0xaabbccdd. */
	iocsr_wr(0, MAIL_SEND, 8, (0xaabbccddULL << 32) | (1u << 27) | (1u << 29) | (1u << 16));
	assert_int_equal(iocsr_rd(1, MBUF0, 4), 0xaa22cc44);
}

static void test_boot_ipi_starts_parked_cpu(void **state)
{
	(void)state;
	/* loongson_prepare_cpus clears mailbox 0, then boot_secondary. */
	mail_send(0, 1, 0, 0);
	mail_send(0, 1, 0, 0x1234000);
	send_ipi(0, 1, 0);			/* ACTION_BOOT_CPU */
	assert_int_equal(irqf.nr_boots, 1);
	assert_int_equal(irqf.boots[0].cpu, 1);
	assert_int_equal(irqf.boots[0].pc, 0x1234000);
	/* The boot IPI is consumed, as the QEMU stub acknowledges it. */
	assert_int_equal(iocsr_rd(1, STATUS, 4), 0);
	assert_int_equal(irqf_line(1, INT_IPI), 0);
	/* Now running: IPIs are delivered as interrupts, no second boot. */
	send_ipi(0, 1, 1);
	assert_int_equal(irqf_line(1, INT_IPI), 1);
	assert_int_equal(irqf.nr_boots, 1);
}

static void test_boot_waits_for_mailbox(void **state)
{
	(void)state;
	send_ipi(0, 3, 0);			/* mailbox still 0 */
	assert_int_equal(irqf.nr_boots, 0);
	assert_int_equal(iocsr_rd(3, STATUS, 4), 1);
	mail_send(0, 3, 0, 0x200000);
	assert_int_equal(irqf.nr_boots, 0);	/* mail alone does not start it */
	send_ipi(0, 3, 0);
	assert_int_equal(irqf.nr_boots, 1);
	assert_int_equal(irqf.boots[0].cpu, 3);
	assert_int_equal(irqf.boots[0].pc, 0x200000);
	assert_int_equal(iocsr_rd(3, STATUS, 4), 0);
	assert_int_equal(irqf_line(3, INT_IPI), 0);
	/* CPU 0 is never "booted" by an IPI. */
	mail_send(1, 0, 0, 0x300000);
	send_ipi(1, 0, 0);
	assert_int_equal(irqf.nr_boots, 1);
	assert_int_equal(irqf_line(0, INT_IPI), 1);
}

static void test_any_send(void **state)
{
	(void)state;
	/* Mask one vector as eiointc_set_irq_affinity does: keep mask 0. */
	iocsr_wr(1, ANY_SEND, 8, (0xfffffffeULL << 32) | (0u << 16) | 0x1600);
	assert_int_equal(iocsr_rd(0, 0x1600, 4), 0xfffffffe);
	/* Route byte 2 of word 0x1c04, keep the others (mask ~BIT(2) & 0xf). */
	iocsr_wr(0, 0x1c04, 4, 0x01010101);
	iocsr_wr(1, ANY_SEND, 8, ((u64)0x00120000 << 32) | ((u64)0xb << 27) | 0x1c04);
	assert_int_equal(iocsr_rd(0, 0x1c04, 4), 0x01120101);
	/* To an IPI register of another CPU: SET on CPU 2. */
	iocsr_wr(0, ANY_SEND, 8, (0x10ULL << 32) | (2u << 16) | 0x1008);
	assert_int_equal(iocsr_rd(2, STATUS, 4), 0x10);
	/* Unaligned or foreign addresses are ignored. */
	iocsr_wr(0, ANY_SEND, 8, (0x10ULL << 32) | 0x1002);
	iocsr_wr(0, ANY_SEND, 8, (0x10ULL << 32) | 0x0420);
	assert_int_equal(iocsr_rd(0, STATUS, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_and_en, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_set_clear_drive_irq12, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_en_not_consulted, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_ipi_send_to_running_cpu, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_mail_send_fills_mailboxes, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_mail_send_keep_mask, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_boot_ipi_starts_parked_cpu, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_boot_waits_for_mailbox, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_any_send, setup4, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
