/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry, ertn, and merging of the injected
 * interrupt lines into ESTAT.IS (LoongArch Vol1 ch. 6).
 */
#include "internal.h"

static uint64_t entry_vector(struct sk_cpu *cpu, unsigned int vec)
{
	unsigned int vs = (cpu->csr[CSR_ECFG] >> 16) & 7;
	uint64_t base = cpu->csr[CSR_EENTRY];

	return vs ? base + (uint64_t)vec * (4ULL << vs) : base;
}

static void save_and_enter_plv0(struct sk_cpu *cpu)
{
	uint64_t crmd = cpu->csr[CSR_CRMD];

	/* PRMD.PPLV/PIE/PWE <- CRMD.PLV/IE/WE */
	cpu->csr[CSR_PRMD] = (cpu->csr[CSR_PRMD] & ~0xfULL) | (crmd & 7) |
			     ((crmd >> 9) & 1) << 3;
	cpu->csr[CSR_CRMD] = crmd & ~(CRMD_PLV | CRMD_IE | (1ULL << 9));
	cpu->csr[CSR_ERA] = cpu->pc;
}

void sk_raise_insn(struct sk_cpu *cpu, int exc, uint64_t badv, uint32_t badi)
{
	unsigned int code = exc & 0x3f, sub = (exc >> 8) & 0x1ff;
	bool fetch = exc == EXC_PIF || exc == EXC_ADEF;

	if (exc == EXC_TLBR) {
		uint64_t crmd = cpu->csr[CSR_CRMD];

		cpu->csr[CSR_TLBRPRMD] = (cpu->csr[CSR_TLBRPRMD] & ~0x17ULL) |
					 (crmd & 7) | ((crmd >> 9) & 1) << 4;
		cpu->csr[CSR_TLBRERA] = (cpu->pc & ~3ULL) | 1;
		cpu->csr[CSR_TLBRBADV] = badv;
		cpu->csr[CSR_TLBREHI] = (cpu->csr[CSR_TLBREHI] & 0x3f) |
					(badv & ((1ULL << VALEN) - 1) & ~0x1fffULL);
		if (badv != cpu->pc)
			cpu->csr[CSR_BADI] = badi;
		cpu->csr[CSR_CRMD] = (crmd & ~(CRMD_PLV | CRMD_IE | CRMD_PG | (1ULL << 9))) |
				     CRMD_DA;
		cpu->pc = cpu->csr[CSR_TLBRENTRY];
		sk_update_mode(cpu);
		return;
	}

	cpu->csr[CSR_ESTAT] = (cpu->csr[CSR_ESTAT] & ~(0x7fffULL << 16)) |
			      ((uint64_t)code << 16) | ((uint64_t)sub << 22);
	switch (exc) {
	case EXC_PIL: case EXC_PIS: case EXC_PIF: case EXC_PME:
	case EXC_PNR: case EXC_PNX: case EXC_PPI:
		cpu->csr[CSR_TLBEHI] = badv & ((1ULL << VALEN) - 1) & ~0x1fffULL;
		/* fall through */
	case EXC_ADEF: case EXC_ADEM: case EXC_ALE: case EXC_BCE:
		cpu->csr[CSR_BADV] = badv;
		break;
	default:
		break;
	}
	if (!fetch)
		cpu->csr[CSR_BADI] = badi;
	save_and_enter_plv0(cpu);
	cpu->pc = entry_vector(cpu, code);
	sk_update_mode(cpu);
}

/* Raise for the instruction at cpu->pc, whose word the caller no longer has. */
void sk_raise(struct sk_cpu *cpu, int exc, uint64_t badv)
{
	uint32_t badi = 0;
	uint64_t pa;
	uint8_t *h;

	if (exc != EXC_PIF && exc != EXC_ADEF &&
	    sk_translate(cpu, cpu->pc, ACC_FETCH, &pa) == XLATE_OK &&
	    (h = sk_vm_gpa_to_hva(PRIV(cpu)->vm, pa, 4, false)))
		badi = (uint32_t)ram_ld(h, 4);
	sk_raise_insn(cpu, exc, badv, badi);
}

uint64_t sk_pending_is(struct sk_cpu *cpu)
{
	uint32_t lines = atomic_load_explicit(&cpu->irq_lines, memory_order_relaxed);

	return (cpu->csr[CSR_ESTAT] & ESTAT_IS_MASK & ~LINE_LEVEL_MASK) |
	       (lines & (LINE_LEVEL_MASK | ESTAT_TI | 3));
}

/* Software interrupts injected by the kernel side are edge events: consume them. */
void sk_sync_lines(struct sk_cpu *cpu)
{
	uint32_t lines = atomic_load_explicit(&cpu->irq_lines, memory_order_relaxed);

	if (unlikely(lines & 3)) {
		lines = atomic_fetch_and(&cpu->irq_lines, ~3u);
		cpu->csr[CSR_ESTAT] |= lines & 3;
	}
}

bool sk_irq_deliverable(struct sk_cpu *cpu)
{
	if (!(cpu->csr[CSR_CRMD] & CRMD_IE))
		return false;
	return sk_pending_is(cpu) & cpu->csr[CSR_ECFG] & ESTAT_IS_MASK;
}

/*
 * Take the highest enabled pending interrupt, if any. The lines are read
 * once: another thread may lower one at any time, so the decision and the
 * vector come from the same snapshot.
 */
bool sk_take_interrupt(struct sk_cpu *cpu)
{
	uint64_t pend;
	unsigned int vec;

	if (!(cpu->csr[CSR_CRMD] & CRMD_IE))
		return false;
	pend = sk_pending_is(cpu) & cpu->csr[CSR_ECFG] & ESTAT_IS_MASK;
	if (!pend)
		return false;
	vec = 63 - __builtin_clzll(pend);
	cpu->csr[CSR_ESTAT] &= ~(0x7fffULL << 16);
	save_and_enter_plv0(cpu);
	cpu->pc = entry_vector(cpu, 64 + vec);
	sk_update_mode(cpu);
	return true;
}

void sk_ertn(struct sk_cpu *cpu)
{
	uint64_t crmd = cpu->csr[CSR_CRMD];

	if (cpu->csr[CSR_TLBRERA] & 1) {
		uint64_t prmd = cpu->csr[CSR_TLBRPRMD];

		crmd = (crmd & ~(CRMD_PLV | CRMD_IE | CRMD_DA | (1ULL << 9))) |
		       (prmd & 7) | ((prmd >> 4) & 1) << 9 | CRMD_PG;
		cpu->csr[CSR_TLBRERA] &= ~1ULL;
		cpu->pc = cpu->csr[CSR_TLBRERA] & ~3ULL;
	} else {
		uint64_t prmd = cpu->csr[CSR_PRMD];

		crmd = (crmd & ~(CRMD_PLV | CRMD_IE | (1ULL << 9))) |
		       (prmd & 7) | ((prmd >> 3) & 1) << 9;
		cpu->pc = cpu->csr[CSR_ERA];
	}
	cpu->csr[CSR_CRMD] = crmd;
	/* LLBCTL.KLO keeps LLbit across exactly one ertn. */
	if (cpu->csr[CSR_LLBCTL] & 4)
		cpu->csr[CSR_LLBCTL] &= ~4ULL;
	else
		cpu->llbit = false;
	sk_update_mode(cpu);
}

/* What the kernel's kvm_fault_ni does: the instruction at PC raises INE. */
void sk_cpu_raise_ine(struct sk_cpu *cpu)
{
	sk_raise(cpu, EXC_INE, 0);
}
