/* SPDX-License-Identifier: GPL-2.0-only */
/* The register dump printed when lkvm cannot continue a guest. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/one-reg.h"

static const char *const gpr_names[32] = {
	"zero", "ra", "tp", "sp", "a0", "a1", "a2", "a3",
	"a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
	"t4", "t5", "t6", "t7", "t8", "u0", "fp", "s0",
	"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
};

static const struct {
	const char *name;
	unsigned int csr;
} dump_csrs[] = {
	{ "CRMD", CSR_CRMD }, { "PRMD", CSR_PRMD }, { "ECFG", CSR_ECFG },
	{ "ESTAT", CSR_ESTAT }, { "ERA", CSR_ERA }, { "BADV", CSR_BADV },
	{ "BADI", CSR_BADI }, { "EENTRY", CSR_EENTRY }, { "CPUID", CSR_CPUID },
};

void kvm_cpu__arch_show_registers(struct kvm_cpu *vcpu)
{
	struct kvm_regs regs;
	unsigned int i;

	fprintf(stderr, "vCPU %u registers:\n", vcpu->id);
	if (kvm_cpu__ioctl(vcpu, KVM_GET_REGS, &regs) < 0) {
		fprintf(stderr, "  KVM_GET_REGS failed: %s\n", strerror(errno));
	} else {
		fprintf(stderr, "  pc   %016" PRIx64 "\n", (u64)regs.pc);
		for (i = 0; i < 32; i++)
			fprintf(stderr, "  r%-2u %-4s %016" PRIx64 "%s", i, gpr_names[i],
				(u64)regs.gpr[i], i % 4 == 3 ? "\n" : "");
	}
	for (i = 0; i < ARRAY_SIZE(dump_csrs); i++) {
		u64 val = 0;
		int r = la_one_reg__get(vcpu, KVM_IOC_CSRID(dump_csrs[i].csr), &val);

		if (r)
			fprintf(stderr, "  %-6s (KVM_GET_ONE_REG failed: %s)%s", dump_csrs[i].name,
				strerror(-r), i % 3 == 2 ? "\n" : "");
		else
			fprintf(stderr, "  %-6s %016" PRIx64 "%s", dump_csrs[i].name, val,
				i % 3 == 2 ? "\n" : "");
	}
	if (ARRAY_SIZE(dump_csrs) % 3)
		fprintf(stderr, "\n");
}
