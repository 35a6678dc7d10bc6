/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 16550A register behaviour. Expected values come from the PC16550D data
 * sheet and from what Linux's 8250 driver probes (8250_port.c autoconfig:
 * the loopback MSR test and the IIR FIFO bits).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>
#include "lkvm/kvm.h"
#include "lkvm/serial.h"
#include "lkvm/term.h"
#include "arch/memmap.h"
#include "lkvm/device.h"
#include "arch/board.h"

/* Register offsets and bits, written down from the data sheet. */
enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

struct sink {
	u8 buf[64];
	size_t len;
};

struct irq_rec {
	int calls;
	int level;
};

static void sink_out(void *opaque, const u8 *buf, size_t len)
{
	struct sink *k = opaque;

	for (size_t i = 0; i < len && k->len < sizeof(k->buf); i++)
		k->buf[k->len++] = buf[i];
}

static void irq_out(void *opaque, int level)
{
	struct irq_rec *r = opaque;

	r->calls++;
	r->level = level;
}

static u8 rd(struct serial8250 *s, u64 off)
{
	u8 d = 0xee;

	serial8250__mmio(NULL, off, &d, 1, false, s);
	return d;
}

static void wr(struct serial8250 *s, u64 off, u8 v)
{
	serial8250__mmio(NULL, off, &v, 1, true, s);
}

static struct serial8250 *new_uart(struct sink *k)
{
	struct serial8250 *s = serial8250__new();

	assert_non_null(s);
	serial8250__set_output(s, sink_out, k);
	return s;
}

static void test_reset_and_transmit(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	/* THRE | TEMT, no data; no interrupt pending; FIFOs off. */
	assert_int_equal(rd(s, LSR), 0x60);
	assert_int_equal(rd(s, IIR), 0x01);
	assert_int_equal(rd(s, IER), 0x00);
	assert_int_equal(rd(s, LCR), 0x00);

	wr(s, RBR, 'h');
	wr(s, RBR, 'i');
	assert_int_equal(k.len, 2);
	assert_memory_equal(k.buf, "hi", 2);
	/* Transmission is instant: still empty. */
	assert_int_equal(rd(s, LSR) & 0x60, 0x60);
	serial8250__free(s);
}

static void test_divisor_latch(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	wr(s, IER, 0x05);
	wr(s, LCR, 0x83);		/* DLAB, 8N1 */
	wr(s, RBR, 0x36);		/* DLL */
	wr(s, IER, 0x01);		/* DLM */
	assert_int_equal(rd(s, RBR), 0x36);
	assert_int_equal(rd(s, IER), 0x01);
	assert_int_equal(k.len, 0);	/* DLL writes are not data */
	wr(s, LCR, 0x03);
	assert_int_equal(rd(s, LCR), 0x03);
	/* Back to the normal registers: IER kept its value, THR transmits. */
	assert_int_equal(rd(s, IER), 0x05);
	wr(s, RBR, 'z');
	assert_int_equal(k.len, 1);
	assert_int_equal(k.buf[0], 'z');
	/* The latch survived. */
	wr(s, LCR, 0x80);
	assert_int_equal(rd(s, RBR), 0x36);
	assert_int_equal(rd(s, IER), 0x01);
	serial8250__free(s);
}

static void test_scratch(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	wr(s, SCR, 0x5a);
	assert_int_equal(rd(s, SCR), 0x5a);
	wr(s, SCR, 0xa5);
	assert_int_equal(rd(s, SCR), 0xa5);
	serial8250__free(s);
}

static void test_ier_probe(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	/* Linux: IER reads back 0 after writing 0, 0x0f after writing 0x0f. */
	wr(s, IER, 0);
	assert_int_equal(rd(s, IER) & 0x0f, 0);
	wr(s, IER, 0x0f);
	assert_int_equal(rd(s, IER) & 0x0f, 0x0f);
	wr(s, IER, 0xff);
	assert_int_equal(rd(s, IER) & 0xf0, 0);
	serial8250__free(s);
}

static void test_loopback(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	/* Linux's probe: LOOP | OUT2 | RTS must show DCD | CTS in MSR[7:4]. */
	wr(s, MCR, 0x10 | 0x08 | 0x02);
	assert_int_equal(rd(s, MSR) & 0xf0, 0x80 | 0x10);
	/* DTR -> DSR, OUT1 -> RI. */
	wr(s, MCR, 0x10 | 0x01 | 0x04);
	assert_int_equal(rd(s, MSR) & 0xf0, 0x20 | 0x40);

	/* Transmitted bytes come back to the receiver, not the terminal. */
	wr(s, RBR, 'q');
	assert_int_equal(k.len, 0);
	assert_int_equal(rd(s, LSR) & 0x01, 0x01);
	assert_int_equal(rd(s, RBR), 'q');
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);

	/* Outside input is cut off in loopback. */
	assert_int_equal(serial8250__receive(s, (const u8 *)"x", 1), 0);

	wr(s, MCR, 0x00);
	wr(s, RBR, 'r');
	assert_int_equal(k.len, 1);
	assert_int_equal(k.buf[0], 'r');
	serial8250__free(s);
}

static void test_receive_fifo(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);
	u8 many[20];

	(void)state;
	/* FIFOs off: a one-byte holding register. */
	assert_int_equal(serial8250__receive(s, (const u8 *)"ab", 2), 1);
	assert_int_equal(rd(s, LSR) & 0x01, 0x01);
	assert_int_equal(rd(s, RBR), 'a');
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);

	wr(s, IIR, 0x01);		/* FCR: enable FIFOs */
	assert_int_equal(serial8250__receive(s, (const u8 *)"hello", 5), 5);
	for (const char *p = "hello"; *p; p++) {
		assert_int_equal(rd(s, LSR) & 0x01, 0x01);
		assert_int_equal(rd(s, RBR), *p);
	}
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);

	/* 16 bytes fit, the rest is refused (and no overrun is flagged). */
	for (int i = 0; i < 20; i++)
		many[i] = (u8)('A' + i);
	assert_int_equal(serial8250__receive(s, many, sizeof(many)), 16);
	assert_int_equal(rd(s, LSR) & 0x02, 0x00);
	assert_int_equal(rd(s, RBR), 'A');
	assert_int_equal(serial8250__receive(s, many + 16, 4), 1);

	/* FCR clear-RX empties it. */
	wr(s, IIR, 0x03);
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);
	serial8250__free(s);
}

/*
 * SysRq for a serial console: a break (LSR.BI, with a zero byte, and a
 * receiver-line-status interrupt) and then the key, as 8250_port.c's
 * serial8250_read_char sees them: BI cleared by the LSR read.
 */
static void test_sysrq_break(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	/* FIFOs off: the key follows once the break byte is read. */
	assert_int_equal(serial8250__sysrq(s, 'w'), 0);
	assert_int_equal(serial8250__sysrq(s, 'w'), -EBUSY);
	assert_int_equal(rd(s, LSR) & 0x11, 0x11);
	assert_int_equal(rd(s, RBR), 0);
	assert_int_equal(rd(s, LSR) & 0x11, 0x01);
	assert_int_equal(rd(s, RBR), 'w');
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);
	wr(s, IIR, 0x01);
	wr(s, IER, 0x05);		/* RDI | RLSI */
	assert_int_equal(serial8250__sysrq(s, 't'), 0);
	assert_int_equal(rd(s, IIR) & 0x0f, 0x06);	/* line status first */
	assert_int_equal(rd(s, LSR) & 0x11, 0x11);	/* BI | DR */
	assert_int_equal(rd(s, RBR), 0);
	assert_int_equal(rd(s, LSR) & 0x11, 0x01);	/* BI read once */
	assert_int_equal(rd(s, RBR), 't');
	assert_int_equal(rd(s, LSR) & 0x01, 0x00);
	/* Not into pending input: BI would belong to another byte. */
	assert_int_equal(serial8250__receive(s, (const u8 *)"x", 1), 1);
	assert_int_equal(serial8250__sysrq(s, 't'), -EBUSY);
	serial8250__free(s);
}

static void test_overrun(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	wr(s, IIR, 0x01);
	wr(s, MCR, 0x10);
	for (int i = 0; i < 17; i++)
		wr(s, RBR, (u8)i);
	/* The 17th byte overran: OE and DR; OE clears when LSR is read. */
	assert_int_equal(rd(s, LSR) & 0x03, 0x03);
	assert_int_equal(rd(s, LSR) & 0x03, 0x01);
	/* Receiver line status interrupt has top priority. */
	wr(s, RBR, 0x55);
	wr(s, IER, 0x05);
	assert_int_equal(rd(s, IIR) & 0x0f, 0x06);
	rd(s, LSR);
	assert_int_equal(rd(s, IIR) & 0x0f, 0x04);
	serial8250__free(s);
}

static void test_iir_and_irq_line(void **state)
{
	struct sink k = {0};
	struct irq_rec irq = {0};
	struct serial8250 *s = new_uart(&k);

	(void)state;
	serial8250__set_irq(s, irq_out, &irq);
	assert_int_equal(irq.level, 0);

	wr(s, IIR, 0x01);		/* FIFOs on, trigger level 1 */
	assert_int_equal(rd(s, IIR), 0xc1);

	/* Data available. */
	wr(s, IER, 0x01);
	serial8250__receive(s, (const u8 *)"k", 1);
	assert_int_equal(irq.level, 1);
	assert_int_equal(rd(s, IIR), 0xc4);
	assert_int_equal(rd(s, RBR), 'k');
	assert_int_equal(irq.level, 0);
	assert_int_equal(rd(s, IIR), 0xc1);

	/* THR empty: raised on enable, acknowledged by reading IIR. */
	wr(s, IER, 0x02);
	assert_int_equal(irq.level, 1);
	assert_int_equal(rd(s, IIR), 0xc2);
	assert_int_equal(irq.level, 0);
	assert_int_equal(rd(s, IIR), 0xc1);
	/* ... and raised again once a written byte has gone. */
	wr(s, RBR, '.');
	assert_int_equal(irq.level, 1);
	assert_int_equal(rd(s, IIR), 0xc2);
	/* Re-enabling (Linux's THRE test) raises it again. */
	wr(s, IER, 0x00);
	assert_int_equal(irq.level, 0);
	wr(s, IER, 0x02);
	assert_int_equal(rd(s, IIR), 0xc2);

	/* Below the trigger level (14): character timeout; at it: RDI. */
	wr(s, IER, 0x01);
	wr(s, IIR, 0xc1);
	serial8250__receive(s, (const u8 *)"abc", 3);
	assert_int_equal(rd(s, IIR), 0xcc);
	serial8250__receive(s, (const u8 *)"defghijklmn", 11);
	assert_int_equal(rd(s, IIR), 0xc4);

	/* Modem status change with MSI enabled. */
	wr(s, IIR, 0x03);
	wr(s, IER, 0x08);
	wr(s, MCR, 0x10);		/* loopback: DCD, DSR, CTS all drop */
	assert_int_equal(rd(s, IIR), 0xc0);
	assert_int_equal(rd(s, MSR), 0x0b);	/* DDCD | DDSR | DCTS, lines low */
	assert_int_equal(rd(s, IIR), 0xc1);	/* deltas cleared by the read */
	wr(s, MCR, 0x10 | 0x02);	/* RTS -> CTS rises */
	assert_int_equal(rd(s, IIR), 0xc0);
	assert_int_equal(rd(s, MSR), 0x11);	/* CTS | DCTS */
	assert_int_equal(rd(s, IIR), 0xc1);
	assert_int_equal(irq.level, 0);

	/* FIFOs off: IIR bits 7:6 are zero. */
	wr(s, IIR, 0x00);
	assert_int_equal(rd(s, IIR) & 0xc0, 0x00);
	serial8250__free(s);
}

static void test_odd_accesses(void **state)
{
	struct sink k = {0};
	struct serial8250 *s = new_uart(&k);
	u8 d[8];

	(void)state;
	/* A 4-byte read of LSR gives LSR in the low byte and zeroes. */
	memset(d, 0xee, sizeof(d));
	serial8250__mmio(NULL, LSR, d, 4, false, s);
	assert_int_equal(d[0], 0x60);
	assert_int_equal(d[1] | d[2] | d[3], 0);
	/* Beyond the 8 registers: reads zero, writes vanish. */
	memset(d, 0xee, sizeof(d));
	serial8250__mmio(NULL, 0x10, d, 8, false, s);
	for (int i = 0; i < 8; i++)
		assert_int_equal(d[i], 0);
	serial8250__mmio(NULL, 0xf8, d, 8, true, s);
	/* A wide write to THR sends its low byte only. */
	put_le32(d, 0x44434241);
	serial8250__mmio(NULL, RBR, d, 4, true, s);
	assert_int_equal(k.len, 1);
	assert_int_equal(k.buf[0], 'A');
	/* Read-only registers ignore writes. */
	wr(s, LSR, 0x00);
	assert_int_equal(rd(s, LSR), 0x60);
	serial8250__free(s);
}

static void test_board_uart(void **state)
{
	static struct kvm kvm;
	char fdt[4096];
	const fdt32_t *p;
	const char *str;
	int node, len;
	u8 d = 0;

	(void)state;
	kvm.cfg.console = CONSOLE_VIRTIO;	/* keep the terminal out of it */
	io_space__init(&kvm.mmio, "mmio");
	assert_int_equal(serial8250__init(&kvm, la_board__desc(LA_DEV_UART0), LA_UART_CLOCK), 0);
	assert_non_null(serial8250__uart0(&kvm));

	/* Reachable through the bus at the board address. */
	assert_true(io_space__access(&kvm.mmio, NULL, 0x1fe001e0 + LSR, &d, 1, false));
	assert_int_equal(d, 0x60);

	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	assert_int_equal(fdt_gen__run_all(&kvm, fdt), 0);
	node = fdt_path_offset(fdt, "/serial@1fe001e0");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(fdt, node, "ns16550a"), 0);
	p = fdt_getprop(fdt, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[0]), 0);
	assert_int_equal(fdt32_to_cpu(p[1]), 0x1fe001e0);
	assert_int_equal(fdt32_to_cpu(p[2]), 0);
	assert_int_equal(fdt32_to_cpu(p[3]), 0x100);
	p = fdt_getprop(fdt, node, "clock-frequency", &len);
	assert_int_equal(len, 4);
	assert_int_equal(fdt32_to_cpu(p[0]), 100000000);
	p = fdt_getprop(fdt, node, "interrupts", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(p[0]), 2);
	assert_int_equal(fdt32_to_cpu(p[1]), 4);
	p = fdt_getprop(fdt, node, "interrupt-parent", &len);
	assert_int_equal(len, 4);
	assert_int_equal(fdt32_to_cpu(p[0]), LA_PHANDLE_PCH_PIC);
	str = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "stdout-path", &len);
	assert_non_null(str);
	assert_string_equal(str, "/serial@1fe001e0");

	/* An existing /chosen is reused, not duplicated. */
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	node = fdt_add_subnode(fdt, 0, "chosen");
	assert_int_equal(fdt_setprop_string(fdt, node, "bootargs", "x"), 0);
	assert_int_equal(fdt_gen__run_all(&kvm, fdt), 0);
	node = fdt_path_offset(fdt, "/chosen");
	assert_non_null(fdt_getprop(fdt, node, "bootargs", NULL));
	assert_non_null(fdt_getprop(fdt, node, "stdout-path", NULL));

	/* Too small a tree is an error, not a crash. */
	assert_int_equal(fdt_create_empty_tree(fdt, 100), 0);
	assert_true(fdt_gen__run_all(&kvm, fdt) < 0);

	serial8250__exit(&kvm);
	assert_null(serial8250__uart0(&kvm));
	io_space__exit(&kvm.mmio);
}

/* Read from the UART until n bytes arrived or 2 s passed. */
static size_t drain(struct serial8250 *s, u8 *buf, size_t n)
{
	struct timespec t = { 0, 1000000 };
	size_t got = 0;

	for (int i = 0; i < 2000 && got < n; i++) {
		while (got < n && (rd(s, LSR) & 0x01))
			buf[got++] = rd(s, RBR);
		if (got < n)
			nanosleep(&t, NULL);
	}
	return got;
}

/*
 * Piped stdin (not a tty) reaches the UART unchanged, Ctrl-A included;
 * input beyond the FIFO waits instead of being lost; EOF stops nothing.
 */
static void test_terminal_input(void **state)
{
	static struct kvm kvm;
	u8 msg[40], got[40];
	int in[2], out[2], saved_in, saved_out;
	char echo[4] = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (u8)('0' + i);
	msg[3] = 0x01;			/* Ctrl-A */
	msg[4] = 'x';

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	saved_in = dup(STDIN_FILENO);
	saved_out = dup(STDOUT_FILENO);
	assert_true(dup2(in[0], STDIN_FILENO) >= 0);
	assert_true(dup2(out[1], STDOUT_FILENO) >= 0);
	close(in[0]);
	close(out[1]);

	kvm.cfg.console = CONSOLE_SERIAL;
	io_space__init(&kvm.mmio, "mmio");
	assert_int_equal(serial8250__init(&kvm, la_board__desc(LA_DEV_UART0), LA_UART_CLOCK), 0);
	assert_int_equal(term__init(&kvm), 0);
	/* FIFOs on, so up to 16 bytes wait in the UART. */
	wr(serial8250__uart0(&kvm), IIR, 0x01);

	assert_int_equal(write(in[1], msg, sizeof(msg)), (ssize_t)sizeof(msg));
	close(in[1]);			/* EOF right after */
	assert_int_equal(drain(serial8250__uart0(&kvm), got, sizeof(got)), sizeof(got));
	assert_memory_equal(got, msg, sizeof(msg));
	assert_int_equal(atomic_load(&kvm.stop_reason), STOP_NONE);

	/* Transmit goes to stdout through term__write(). */
	wr(serial8250__uart0(&kvm), RBR, 'o');
	wr(serial8250__uart0(&kvm), RBR, 'k');
	assert_int_equal(read(out[0], echo, 2), 2);
	assert_string_equal(echo, "ok");

	term__exit();
	serial8250__exit(&kvm);
	io_space__exit(&kvm.mmio);
	dup2(saved_in, STDIN_FILENO);
	dup2(saved_out, STDOUT_FILENO);
	close(saved_in);
	close(saved_out);
	close(out[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_and_transmit),
		cmocka_unit_test(test_divisor_latch),
		cmocka_unit_test(test_scratch),
		cmocka_unit_test(test_ier_probe),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_receive_fifo),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_sysrq_break),
		cmocka_unit_test(test_iir_and_irq_line),
		cmocka_unit_test(test_odd_accesses),
		cmocka_unit_test(test_board_uart),
		cmocka_unit_test(test_terminal_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
