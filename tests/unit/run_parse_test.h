/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_RUN_PARSE_TEST_H
#define TESTS_RUN_PARSE_TEST_H

#include <stdarg.h>
#include "lkvm/run-options.h"

/* "lkvm run" with the NULL-ended arguments, into cfg. */
static inline int parse(struct lkvm_config *cfg, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	argv[argc++] = "run";
	va_start(ap, cfg);
	for (char *a; (a = va_arg(ap, char *)) != NULL;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return run_options__parse(argc, argv, cfg);
}

#endif
