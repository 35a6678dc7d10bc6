/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Control and status registers as csrrd/csrwr/csrxchg see them, the
 * constant timer (TCFG/TVAL/TICLR), and rdtime.
 */
#include "internal.h"

/* Guest-writable bits of each implemented CSR; 0 = read-only. */
static uint64_t wmask(unsigned int n)
{
	switch (n) {
	case CSR_CRMD:		return 0x3ff;
	case CSR_PRMD:		return 0xf;
	case CSR_EUEN:		return 0xf;
	case CSR_MISC:		return 0x77f77;
	case CSR_ECFG:		return 0x71bff;
	case CSR_ESTAT:		return 0x3;
	case CSR_ERA:		return ~0ULL;
	case CSR_BADV:		return ~0ULL;
	case CSR_BADI:		return 0;
	case CSR_EENTRY:	return ~0xfffULL;
	case CSR_TLBIDX:	return 0xbf000fffULL;
	case CSR_TLBEHI:	return ((1ULL << VALEN) - 1) & ~0x1fffULL;
	case CSR_TLBELO0:
	case CSR_TLBELO1:	return TLBELO_MASK;
	case CSR_ASID:		return 0x3ff;
	case CSR_PGDL:
	case CSR_PGDH:		return ~0xfffULL;
	case CSR_PGD:		return 0;
	case CSR_PWCTL0:	return 0xffffffffULL;
	case CSR_PWCTL1:	return 0xffffffULL;
	case CSR_STLBPS:	return 0x3f;
	case CSR_RVACFG:	return 0xf;
	case CSR_CPUID:
	case CSR_PRCFG1:
	case CSR_PRCFG2:
	case CSR_PRCFG3:	return 0;
	case CSR_SAVE0 ... CSR_SAVE0 + 7:	return ~0ULL;
	case CSR_TMID:		return 0xffffffffULL;
	case CSR_TCFG:		return (1ULL << 48) - 1;
	case CSR_TVAL:		return 0;
	case CSR_CNTC:		return ~0ULL;
	case CSR_TICLR:		return 0;
	case CSR_LLBCTL:	return 0x4;
	case CSR_IMPCTL1:
	case CSR_IMPCTL2:	return ~0ULL;
	case CSR_TLBRENTRY:	return ~0xfffULL;
	case CSR_TLBRBADV:	return ~0ULL;
	case CSR_TLBRERA:	return ~2ULL;
	case CSR_TLBRSAVE:	return ~0ULL;
	case CSR_TLBRELO0:
	case CSR_TLBRELO1:	return TLBELO_MASK;
	case CSR_TLBREHI:	return (((1ULL << VALEN) - 1) & ~0x1fffULL) | 0x3f;
	case CSR_TLBRPRMD:	return 0x17;
	case 0x90 ... 0x95:	return ~0ULL;	/* MERR* */
	case 0x98:		return ~0ULL;	/* CTAG */
	case CSR_DMW0 ... CSR_DMW0 + 3:	return 0xf00000000000003fULL;
	case 0x200 ... 0x207:	return ~0ULL;	/* PERFCTRL/PERFCNTR */
	case 0x300 ... 0x301:
	case 0x310 ... 0x34f:
	case 0x380 ... 0x381:
	case 0x390 ... 0x3cf:	return ~0ULL;	/* watchpoints */
	case 0x500 ... 0x502:	return ~0ULL;	/* DEBUG, DERA, DESAVE */
	default:		return 0;
	}
}

bool sk_csr_known(unsigned int n)
{
	return n < SK_CSR_NUM && (wmask(n) || n == CSR_BADI || n == CSR_PGD ||
				  n == CSR_CPUID || (n >= CSR_PRCFG1 && n <= CSR_PRCFG3) ||
				  n == CSR_TVAL || n == CSR_TICLR);
}

void sk_update_mode(struct sk_cpu *cpu)
{
	uint64_t crmd = cpu->csr[CSR_CRMD];
	uint64_t da = (crmd & (CRMD_DA | CRMD_PG)) != CRMD_PG;

	PRIV(cpu)->mode_tag = 1 + (crmd & CRMD_PLV) + 4 * da;
	PRIV(cpu)->fetch_va = FETCH_NONE;
}

/* ---- timer ---- */

static uint64_t counter(struct sk_cpu *cpu)
{
	return sk_vm_counter(PRIV(cpu)->vm);
}

static uint64_t timer_init(struct sk_cpu *cpu)
{
	return cpu->csr[CSR_TCFG] & ((1ULL << 48) - 1) & ~3ULL;
}

static void set_deadline(struct sk_cpu *cpu, uint64_t now)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t ticks;

	if (!p->timer_armed) {
		cpu->timer_deadline_ns = 0;
		return;
	}
	ticks = p->timer_next > now ? p->timer_next - now : 0;
	if (ticks > (1ULL << 40))
		ticks = 1ULL << 40;
	cpu->timer_deadline_ns = sk_host_ns() +
		(uint64_t)((unsigned __int128)ticks * 1000000000ULL / SK_COUNTER_HZ) + 1;
}

/* Fire TI when the deadline has passed; reload in periodic mode. */
void sk_timer_update(struct sk_cpu *cpu)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t now;

	if (!p->timer_armed)
		return;
	now = counter(cpu);
	if (now < p->timer_next)
		return;
	cpu->csr[CSR_ESTAT] |= ESTAT_TI;
	if (cpu->csr[CSR_TCFG] & 2) {
		uint64_t period = timer_init(cpu) ? timer_init(cpu) : 4;

		p->timer_next += period * ((now - p->timer_next) / period + 1);
	} else {
		p->timer_armed = false;
		p->tval_stopped = 0;
	}
	set_deadline(cpu, now);
}

static uint64_t tval_read(struct sk_cpu *cpu)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t now;

	sk_timer_update(cpu);
	if (!p->timer_armed)
		return p->tval_stopped;
	now = counter(cpu);
	return p->timer_next > now ? p->timer_next - now : 0;
}

static void tcfg_write(struct sk_cpu *cpu, uint64_t val, bool from_tval)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t now = counter(cpu);

	cpu->csr[CSR_TCFG] = val & ((1ULL << 48) - 1);
	if (val & 1) {
		p->timer_start = now;
		p->timer_next = now + (from_tval ? p->tval_stopped : timer_init(cpu));
		p->timer_armed = true;
	} else {
		if (p->timer_armed)
			p->tval_stopped = p->timer_next > now ? p->timer_next - now : 0;
		p->timer_armed = false;
	}
	set_deadline(cpu, now);
}

void sk_cpu_timer_shift(struct sk_cpu *cpu, int64_t delta)
{
	struct sk_priv *p = PRIV(cpu);

	if (!p->timer_armed)
		return;
	/* Earlier than the counter's start is simply "due". */
	if (delta < 0 && (uint64_t)-delta > p->timer_next)
		delta = -(int64_t)p->timer_next;
	p->timer_start += (uint64_t)delta;
	p->timer_next += (uint64_t)delta;
	set_deadline(cpu, counter(cpu));
	sk_timer_update(cpu);	/* due during the pause: fires now */
}

uint64_t sk_rdtime(struct sk_cpu *cpu)
{
	return counter(cpu) + cpu->csr[CSR_CNTC];
}

/* ---- guest access ---- */

uint64_t sk_csr_read(struct sk_cpu *cpu, unsigned int n)
{
	switch (n) {
	case CSR_ESTAT:
		sk_timer_update(cpu);
		sk_sync_lines(cpu);
		return (cpu->csr[CSR_ESTAT] & ~ESTAT_IS_MASK) | sk_pending_is(cpu);
	case CSR_TVAL:
		return tval_read(cpu);
	case CSR_TICLR:
		return 0;
	case CSR_PGD: {
		uint64_t bad = (cpu->csr[CSR_TLBRERA] & 1) ? cpu->csr[CSR_TLBRBADV] :
							     cpu->csr[CSR_BADV];

		return cpu->csr[(bad >> 63) ? CSR_PGDH : CSR_PGDL];
	}
	case CSR_LLBCTL:
		return (cpu->csr[CSR_LLBCTL] & 4) | (cpu->llbit ? 1 : 0);
	case CSR_ASID:
		return (cpu->csr[CSR_ASID] & 0x3ff) | (10ULL << 16);
	default:
		if (!sk_csr_known(n))
			return 0;
		return cpu->csr[n];
	}
}

void sk_csr_write(struct sk_cpu *cpu, unsigned int n, uint64_t val)
{
	uint64_t m, old;

	switch (n) {
	case CSR_TICLR:
		if (val & 1)
			cpu->csr[CSR_ESTAT] &= ~ESTAT_TI;
		return;
	case CSR_TCFG:
		tcfg_write(cpu, val, false);
		return;
	case CSR_LLBCTL:
		if (val & 2)
			cpu->llbit = false;
		cpu->csr[CSR_LLBCTL] = val & 4;
		return;
	case CSR_STLBPS:
		/* An unsupported STLB page size is ignored (QEMU does the same). */
		if (!sk_page_size_ok(cpu, val & 0x3f))
			return;
		break;
	default:
		break;
	}
	m = wmask(n);
	if (!m || n >= SK_CSR_NUM)
		return;
	old = cpu->csr[n];
	cpu->csr[n] = (old & ~m) | (val & m);
	switch (n) {
	case CSR_CRMD:
		sk_update_mode(cpu);
		break;
	case CSR_ASID:
	case CSR_DMW0 ... CSR_DMW0 + 3:
		if (old != cpu->csr[n])
			sk_soft_tlb_flush(cpu);
		break;
	}
}

/* ---- KVM_GET/SET_ONE_REG view ---- */

uint64_t sk_cpu_csr_get(struct sk_cpu *cpu, unsigned int n)
{
	if (n >= SK_CSR_NUM)
		return 0;
	switch (n) {
	case CSR_ESTAT:
	case CSR_TVAL:
	case CSR_LLBCTL:
		return sk_csr_read(cpu, n);
	default:
		return cpu->csr[n];
	}
}

void sk_cpu_csr_set(struct sk_cpu *cpu, unsigned int n, uint64_t val)
{
	if (n >= SK_CSR_NUM)
		return;
	switch (n) {
	case CSR_ESTAT: {
		/* IS[9:2] are the hardware lines (GINTC in the kernel). */
		uint32_t lines = atomic_load(&cpu->irq_lines);

		while (!atomic_compare_exchange_weak(&cpu->irq_lines, &lines,
				(lines & ~0x3fcu) | ((uint32_t)val & 0x3fcu)))
			;
		cpu->csr[CSR_ESTAT] = val & ~0x3fcULL;
		return;
	}
	case CSR_TVAL:
		PRIV(cpu)->tval_stopped = val;
		cpu->csr[CSR_TVAL] = val;
		return;
	case CSR_TCFG:
		tcfg_write(cpu, val, true);
		return;
	case CSR_LLBCTL:
		cpu->llbit = val & 1;
		cpu->csr[CSR_LLBCTL] = val & 4;
		return;
	default:
		break;
	}
	cpu->csr[n] = val;
	if (n == CSR_CRMD)
		sk_update_mode(cpu);
	if (n == CSR_ASID || (n >= CSR_DMW0 && n < CSR_DMW0 + 4))
		sk_soft_tlb_flush(cpu);
}
