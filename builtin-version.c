/* SPDX-License-Identifier: GPL-2.0-only */
#include <stdio.h>
#include "lkvm/builtin.h"

#ifndef LKVM_VERSION
#define LKVM_VERSION "0.1"
#endif

int cmd_version(int argc __attribute__((unused)), char **argv __attribute__((unused)))
{
	printf("lkvm version %s (LoongArch KVM and softkvm)\n", LKVM_VERSION);
	return 0;
}
