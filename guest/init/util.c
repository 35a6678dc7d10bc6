/* SPDX-License-Identifier: GPL-2.0-only */
/* String, number and console helpers for the libc-free test init. */
#include <stdarg.h>
#include "sys.h"

/* memset, memcpy, memcmp, strlen and strcmp come from guest/lib/string.c. */

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *utoa(u64 v, char *buf)
{
	char tmp[21];
	int i = 0, j = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		buf[j++] = tmp[--i];
	buf[j] = 0;
	return buf;
}

/*
 * Output goes to the kernel log (/dev/kmsg), which the kernel prints on
 * its console by polling: it shows even when the UART's interrupt does not
 * work, and it keeps order with kernel messages. The kernel rate-limits
 * each open of /dev/kmsg to 10 records per 5 s, hence the reopening. Before
 * /dev exists, or without /dev/kmsg, it goes to stdout.
 */
static int kmsg_fd = -1;
static unsigned int kmsg_records;

static int say_fd(void)
{
	if (kmsg_fd >= 0 && kmsg_records < 8)
		return kmsg_fd;
	if (kmsg_fd >= 0)
		sys_close(kmsg_fd);
	kmsg_fd = sys_open("/dev/kmsg", O_WRONLY | O_CLOEXEC, 0);
	kmsg_records = 0;
	return kmsg_fd >= 0 ? kmsg_fd : 1;
}

/* One call, one write: one kernel log record, not interleaved. */
void say_parts(const char *first, ...)
{
	char line[1000];
	size_t len = 0, n;
	const char *s;
	va_list ap;

	va_start(ap, first);
	for (s = first; s; s = va_arg(ap, const char *)) {
		n = strlen(s);
		if (n > sizeof(line) - len)
			n = sizeof(line) - len;
		memcpy(line + len, s, n);
		len += n;
	}
	va_end(ap);
	sys_write(say_fd(), line, len);
	kmsg_records++;
}

void say_kv(const char *key, const char *value)
{
	say("lkvm-report: ", key, "=", value, "\n");
}

void say_kv_u(const char *key, u64 value)
{
	char num[24];

	say_kv(key, utoa(value, num));
}

long read_file(const char *path, char *buf, size_t n)
{
	long len = 0, r;
	int fd;

	if (!n)
		return -EIO;
	fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	while ((size_t)len < n - 1) {
		r = sys_read(fd, buf + len, n - 1 - (size_t)len);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		len += r;
	}
	sys_close(fd);
	buf[len] = 0;
	return len;
}

long now_us(void)
{
	struct sys_timespec ts;

	sys_call3(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, &ts, 0);
	return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
