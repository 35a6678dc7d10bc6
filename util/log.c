/* SPDX-License-Identifier: GPL-2.0-only */
/* Diagnostics: one line each on stderr, filtered by --loglevel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "lkvm/util.h"

enum log_level log__level = LOG_INFO;
static _Atomic unsigned long log__nr_errors;

unsigned long log__errors(void)
{
	return log__nr_errors;
}

static const char *const level_names[] = {
	[LOG_ERR] = "error",
	[LOG_WARN] = "warning",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

void log__printf(enum log_level lvl, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (lvl == LOG_ERR)
		log__nr_errors++;
	if (lvl > log__level)
		return;
	n = snprintf(buf, sizeof(buf), "lkvm: %s", lvl == LOG_WARN ? "warning: " : "");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	n = (int)strnlen(buf, sizeof(buf) - 2);
	/* The terminal may be in raw mode: end lines with CR LF there. */
	if (isatty(STDERR_FILENO))
		buf[n++] = '\r';
	buf[n++] = '\n';
	/* One write() so lines from different threads never interleave. */
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		(void)errno;
}

int log__parse_level(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++) {
		if (!strcmp(s, level_names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}
