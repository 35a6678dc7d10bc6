/* SPDX-License-Identifier: GPL-2.0-only */
/* Polled output on a 16550 UART with byte-wide registers (reg-shift 0). */
#include "console.h"
#include "io.h"
#include "platform.h"

#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20

void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (!(mmio_read8(UART0_BASE + UART_LSR) & UART_LSR_THRE))
		;
	mmio_write8(UART0_BASE + UART_THR, (u8)c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

size_t fmt_udec(char *buf, u64 v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

size_t fmt_hex(char *buf, u64 v)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 2;
	int shift = 60;

	buf[0] = '0';
	buf[1] = 'x';
	/* Skip leading zeroes but keep at least one digit. */
	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		buf[n++] = digits[(v >> shift) & 0xf];
	buf[n] = '\0';
	return n;
}

void console_put_udec(u64 v)
{
	char buf[21];

	fmt_udec(buf, v);
	console_puts(buf);
}

void console_put_hex(u64 v)
{
	char buf[19];

	fmt_hex(buf, v);
	console_puts(buf);
}
