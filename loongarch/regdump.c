/* SPDX-License-Identifier: GPL-2.0-only */
/* The register dump printed when lkvm cannot continue a guest. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "lkvm/ctl.h"
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

#define DUMP_CODE_WORDS		8	/* instructions shown around the PC */
#define CRMD_DA			BIT(3)
#define CRMD_PLV		3ULL
#define DMW_VSEG_SHIFT		60
#define PALEN_MASK		GENMASK(47, 0)

/*
 * The physical address of code at virtual pc, if the CPU reaches it
 * untranslated (DA mode) or through a direct-mapped window for its
 * current privilege level, as a Linux kernel runs; 0 otherwise (a TLB
 * walk is not worth it for a debug dump).
 */
static bool dump__code_pa(struct kvm_cpu *vcpu, u64 pc, u64 *pa)
{
	u64 crmd, dmw;

	if (la_one_reg__get(vcpu, KVM_IOC_CSRID(CSR_CRMD), &crmd))
		return false;
	if (crmd & CRMD_DA) {
		*pa = pc & PALEN_MASK;
		return true;
	}
	for (unsigned int i = 0; i < 4; i++) {
		if (la_one_reg__get(vcpu, KVM_IOC_CSRID((CSR_DMW0 + i)), &dmw))
			continue;
		if ((dmw & BIT(crmd & CRMD_PLV)) && (dmw >> DMW_VSEG_SHIFT) == (pc >> DMW_VSEG_SHIFT)) {
			*pa = pc & PALEN_MASK;
			return true;
		}
	}
	return false;
}

/* cpuN.WHAT: the instruction words at virtual address va and after it. */
static void dump__code(struct kvm_cpu *vcpu, struct ctl_buf *out, const char *what, u64 va)
{
	char key[CTL_KEY_MAX + 1], code[DUMP_CODE_WORDS * 9 + 1];
	const u8 *p;
	u64 pa;

	snprintf(key, sizeof(key), "cpu%u.%s", vcpu->id, what);
	if (!dump__code_pa(vcpu, va, &pa) ||
	    !(p = kvm__gpa_to_hva(vcpu->kvm, pa, DUMP_CODE_WORDS * 4))) {
		ctl__add(out, key, "(not in RAM reachable without the TLB)");
		return;
	}
	for (unsigned int i = 0; i < DUMP_CODE_WORDS; i++)
		snprintf(code + i * 9, 10, "%08x%s", get_le32(p + i * 4),
			 i + 1 < DUMP_CODE_WORDS ? " " : "");
	ctl__add(out, key, code);
}

void kvm_cpu__arch_dump(struct kvm_cpu *vcpu, struct ctl_buf *out)
{
	char key[CTL_KEY_MAX + 1];
	struct kvm_regs regs;
	u64 era = 0;

	if (kvm_cpu__ioctl(vcpu, KVM_GET_REGS, &regs) < 0) {
		snprintf(key, sizeof(key), "cpu%u.error", vcpu->id);
		ctl__addf(out, key, "KVM_GET_REGS failed: %s", strerror(errno));
		return;
	}
	snprintf(key, sizeof(key), "cpu%u.pc", vcpu->id);
	ctl__addf(out, key, "0x%016" PRIx64, (u64)regs.pc);
	for (unsigned int i = 0; i < 32; i++) {
		snprintf(key, sizeof(key), "cpu%u.%s", vcpu->id, gpr_names[i]);
		ctl__addf(out, key, "0x%016" PRIx64, (u64)regs.gpr[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(dump_csrs); i++) {
		u64 val;
		char name[16];
		size_t j;

		if (la_one_reg__get(vcpu, KVM_IOC_CSRID(dump_csrs[i].csr), &val))
			continue;
		for (j = 0; dump_csrs[i].name[j] && j < sizeof(name) - 1; j++)
			name[j] = (char)(dump_csrs[i].name[j] | 0x20);	/* keys are lower case */
		name[j] = '\0';
		snprintf(key, sizeof(key), "cpu%u.%s", vcpu->id, name);
		ctl__addf(out, key, "0x%016" PRIx64, val);
		if (dump_csrs[i].csr == CSR_ERA)
			era = val;
	}
	dump__code(vcpu, out, "code", regs.pc);
	dump__code(vcpu, out, "code_era", era);
}
