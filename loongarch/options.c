/* SPDX-License-Identifier: GPL-2.0-only */
/* The "lkvm run" options only LoongArch has: rows of run-options.c's table. */
#include <stddef.h>
#include "lkvm/config.h"
#include "lkvm/options.h"

const struct opt kvm__arch_debug_opts[] = {
	{ OPT_T_FLAG, "debug-iocsr", 0, NULL, "log every IOCSR access",
	  offsetof(struct lkvm_config, arch.debug_iocsr), NULL, NULL, NULL, 0, NULL },
	OPT_END(),
};
