/* SPDX-License-Identifier: GPL-2.0-only */
#include "internal.h"

enum sk_res sk_exec_fp(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw)
{
	(void)in;
	sk_raise_insn(cpu, EXC_INE, 0, raw);
	return R_BLOCK;
}
