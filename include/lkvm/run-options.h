/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_RUN_OPTIONS_H
#define LKVM_RUN_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include "lkvm/config.h"
#include "lkvm/options.h"

extern const struct opt_choice run_options__accels[];

/*
 * --accel, --dev and --softkvm-kernel, the same for every command that
 * opens a backend; fmt_dev_/fmt_sk_ print --dev and --softkvm-kernel in
 * the equivalent command (NULL where a command prints none).
 */
#define RUN_OPTS_ACCEL(fmt_dev_, fmt_sk_) \
	{ OPT_T_ENUM, "accel", 0, "auto|kvm|soft", \
	  "the host's KVM, or softkvm, the built-in software\n" \
	  "LoongArch CPU; auto: KVM where it can run LoongArch\n" \
	  "guests (a LoongArch host), else softkvm (default)", \
	  offsetof(struct lkvm_config, accel), run_options__accels, NULL, NULL, OPT_F_ALWAYS, NULL }, \
	{ OPT_T_STRING, "dev", 0, "PATH", "the host's KVM device node (default /dev/kvm)", \
	  offsetof(struct lkvm_config, dev), NULL, NULL, fmt_dev_, 0, NULL }, \
	{ OPT_T_STRING, "softkvm-kernel", 0, "6.9|6.12|7.2", \
	  "the LoongArch KVM softkvm answers as: 6.9 is\n" \
	  "Linux 6.8-6.9 (no VM feature control, no PV\nfeatures); " \
	  "7.2 adds PV preempt and user\nhypercalls; default 6.12", \
	  offsetof(struct lkvm_config, softkvm_kernel), NULL, NULL, fmt_sk_, 0, NULL }

/*
 * Parse "lkvm run" arguments (argv[0] is "run"). Returns 0 on success,
 * 1 if help was printed (exit 0), -1 after printing one error line.
 */
int run_options__parse(int argc, char **argv, struct lkvm_config *cfg);
void run_options__usage(FILE *out);
/* Words the next parse appends to the kernel command line (NULL: none). */
void run_options__set_extra_params(const char *words);
/* The effective configuration as one explicit command line. */
void run_options__format(const struct lkvm_config *cfg, char *buf, size_t len);

#endif
