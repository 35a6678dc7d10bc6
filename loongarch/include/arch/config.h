/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_CONFIG_H
#define LKVM_ARCH_CONFIG_H

#include <stdbool.h>

/* What "lkvm run" options only LoongArch has set (loongarch/options.c). */
struct lkvm_arch_config {
	bool debug_iocsr;		/* --debug-iocsr: log every IOCSR access */
};

#endif
