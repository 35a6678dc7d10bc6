/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_RUN_OPTIONS_H
#define LKVM_RUN_OPTIONS_H

#include <stdio.h>
#include "lkvm/config.h"

/*
 * Parse "lkvm run" arguments (argv[0] is "run"). Returns 0 on success,
 * 1 if help was printed (exit 0), -1 after printing one error line.
 */
int run_options__parse(int argc, char **argv, struct lkvm_config *cfg);
void run_options__usage(FILE *out);
/* The effective configuration as one explicit command line. */
void run_options__format(const struct lkvm_config *cfg, char *buf, size_t len);

#endif
