/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Optional behaviours of the default guest, chosen on the command line so
 * that end-to-end tests (and users trying lkvm) can exercise input, reboot
 * and exit codes without a Linux kernel:
 *   lkvm.echo     echo console input back until 'q' is typed, then power off
 *   lkvm.reboot   ask for a reboot instead of powering off
 *   lkvm.exit=N   report exit code N (0-255) through the test device
 */
#include "actions.h"
#include "console.h"
#include "io.h"
#include "platform.h"
#include "string.h"

#define UART_RBR	0
#define UART_LSR	5
#define UART_LSR_DR	0x01

/* Find word (followed by '=', space or end) in cmdline; returns what follows. */
static const char *find_param(const char *cmdline, const char *word)
{
	size_t wl = strlen(word);
	const char *p = cmdline;

	for (size_t i = 0; i < CMDLINE_MAX && p[i];) {
		if ((i == 0 || p[i - 1] == ' ') && i + wl <= CMDLINE_MAX &&
		    strnlen(p + i, wl) == wl && !memcmp(p + i, word, wl) &&
		    (p[i + wl] == '\0' || p[i + wl] == ' ' || p[i + wl] == '='))
			return p + i + wl;
		i++;
	}
	return NULL;
}

static void echo_input(void)
{
	console_puts("lkvm default guest: echo mode, type q to quit\n");
	for (;;) {
		char c;

		while (!(mmio_read8(UART0_BASE + UART_LSR) & UART_LSR_DR))
			;
		c = (char)mmio_read8(UART0_BASE + UART_RBR);
		if (c == 'q')
			break;
		console_puts("echo: ");
		console_putc(c >= 0x20 && c < 0x7f ? c : '?');
		console_putc('\n');
	}
}

void guest_actions(const char *cmdline)
{
	const char *v;

	if (find_param(cmdline, "lkvm.echo"))
		echo_input();
	v = find_param(cmdline, "lkvm.exit");
	if (v && *v == '=') {
		u32 code = 0;

		for (v++; *v >= '0' && *v <= '9'; v++)
			code = code * 10 + (u32)(*v - '0');
		console_puts("lkvm default guest: exit code ");
		console_put_udec(code);
		console_putc('\n');
		mmio_write32(TESTDEV_BASE + TESTDEV_EXIT, code);
	}
	if (find_param(cmdline, "lkvm.reboot")) {
		console_puts("lkvm default guest: rebooting\n");
		mmio_write8(GED_REG_BASE + GED_RESET, GED_REBOOT);
	}
}
