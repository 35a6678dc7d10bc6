/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include "types.h"

/* Polled 16550 output on UART0; "\n" goes out as "\r\n". */
void console_putc(char c);
void console_puts(const char *s);
void console_put_udec(u64 v);
void console_put_hex(u64 v);

/* Format helpers, pure computation (also tested under qemu-user). */
size_t fmt_udec(char *buf, u64 v);	/* buf >= 21 bytes, NUL-terminated */
size_t fmt_hex(char *buf, u64 v);	/* buf >= 19 bytes, "0x..." */

#endif
