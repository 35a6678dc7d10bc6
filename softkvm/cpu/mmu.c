/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address translation (DA, DMW, STLB + MTLB), the TLB maintenance
 * instructions, the software page-walk helpers lddir/ldpte, and the small
 * software TLB that caches va -> host pointer for RAM pages.
 */
#include <string.h>
#include "internal.h"

static bool in_refill(struct sk_cpu *cpu)
{
	return cpu->csr[CSR_TLBRERA] & 1;
}

static uint16_t cur_asid(struct sk_cpu *cpu)
{
	return cpu->csr[CSR_ASID] & 0x3ff;
}

static bool tlb_match_va(const struct sk_tlb_entry *t, uint64_t va)
{
	unsigned int sh = t->ps + 1;

	return ((va & ((1ULL << VALEN) - 1)) >> sh) == (t->vppn >> sh);
}

/*
 * STLB set of va. A csrwr cannot make STLBPS an unsupported size, but
 * KVM_SET_ONE_REG stores any value: cap the shift so none is undefined.
 */
static unsigned int stlb_set(struct sk_cpu *cpu, uint64_t va)
{
	unsigned int sh = (cpu->csr[CSR_STLBPS] & 0x3f) + 1;

	if (sh > VALEN)
		sh = VALEN;
	return ((va & ((1ULL << VALEN) - 1)) >> sh) & (STLB_SETS - 1);
}

/* Find a TLB entry for va; asid_mode 0: G or asid, 1: !G && asid */
static int tlb_find(struct sk_cpu *cpu, uint64_t va, uint16_t asid, int mode)
{
	struct sk_priv *p = PRIV(cpu);
	unsigned int set = stlb_set(cpu, va);

	for (int w = 0; w < STLB_WAYS; w++) {
		struct sk_tlb_entry *t = &p->tlb[w * STLB_SETS + set];

		if (!t->e)
			continue;
		if (mode == 0 ? !(t->g || t->asid == asid) : (t->g || t->asid != asid))
			continue;
		if (tlb_match_va(t, va))
			return w * STLB_SETS + set;
	}
	for (int i = STLB_SIZE; i < TLB_SIZE; i++) {
		struct sk_tlb_entry *t = &p->tlb[i];

		if (!t->e)
			continue;
		if (mode == 0 ? !(t->g || t->asid == asid) : (t->g || t->asid != asid))
			continue;
		if (tlb_match_va(t, va))
			return i;
	}
	return -1;
}

/*
 * Translate va for an access at the current PLV. Returns XLATE_OK or an
 * exception code (EXC_TLBR for a TLB miss); the caller raises it.
 */
int sk_translate(struct sk_cpu *cpu, uint64_t va, enum sk_acc acc, uint64_t *pa)
{
	uint64_t crmd = cpu->csr[CSR_CRMD];
	unsigned int plv = crmd & CRMD_PLV;
	int64_t high;
	int idx;

	if ((crmd & (CRMD_DA | CRMD_PG)) != CRMD_PG) {
		*pa = va & PA_MASK;
		return XLATE_OK;
	}
	for (int i = 0; i < 4; i++) {
		uint64_t dmw = cpu->csr[CSR_DMW0 + i];

		if (((dmw >> plv) & 1) && (dmw >> 60) == (va >> 60)) {
			*pa = va & PA_MASK;
			return XLATE_OK;
		}
	}
	high = (int64_t)va >> (VALEN - 1);
	if (high != 0 && high != -1)
		return acc == ACC_FETCH ? EXC_ADEF : EXC_ADEM;

	idx = tlb_find(cpu, va, cur_asid(cpu), 0);
	if (idx < 0)
		return EXC_TLBR;
	{
		struct sk_tlb_entry *t = &PRIV(cpu)->tlb[idx];
		uint64_t lo = t->lo[(va >> t->ps) & 1];
		unsigned int eplv = (lo >> PTE_PLV_SHIFT) & 3;
		uint64_t ppn;

		if (!(lo & PTE_V))
			return acc == ACC_LOAD ? EXC_PIL :
			       acc == ACC_STORE ? EXC_PIS : EXC_PIF;
		if (acc == ACC_FETCH && (lo & PTE_NX))
			return EXC_PNX;
		if (acc == ACC_LOAD && (lo & PTE_NR))
			return EXC_PNR;
		if ((lo & PTE_RPLV) ? plv != eplv : plv > eplv)
			return EXC_PPI;
		if (acc == ACC_STORE && !(lo & PTE_D))
			return EXC_PME;
		ppn = lo & PTE_PPN_MASK & ~((1ULL << t->ps) - 1);
		*pa = ppn | (va & ((1ULL << t->ps) - 1));
	}
	return XLATE_OK;
}

void sk_soft_tlb_flush(struct sk_cpu *cpu)
{
	memset(PRIV(cpu)->stlb, 0, sizeof(PRIV(cpu)->stlb));
	PRIV(cpu)->fetch_va = FETCH_NONE;
}

/* Drop soft-TLB entries whose page lies in [lo, hi) (48-bit VA compare). */
void sk_soft_tlb_flush_range(struct sk_cpu *cpu, uint64_t lo, uint64_t hi)
{
	struct sk_priv *p = PRIV(cpu);
	const uint64_t m = (1ULL << VALEN) - 1;

	p->fetch_va = FETCH_NONE;
	for (int a = 0; a < 3; a++)
		for (int i = 0; i < SOFT_TLB_SIZE; i++) {
			uint64_t pg = p->stlb[a][i].tag & SOFT_PAGE_MASK & m;

			if (p->stlb[a][i].tag && pg >= lo && pg < hi)
				p->stlb[a][i].tag = 0;
		}
}

/* Cache va's 4 KiB page -> host page for acc (the page is all RAM). */
static void soft_tlb_fill(struct sk_cpu *cpu, uint64_t va, enum sk_acc acc, uint8_t *page)
{
	struct sk_priv *p = PRIV(cpu);
	struct sk_soft_tlb *e = &p->stlb[acc][(va >> SOFT_PAGE_SHIFT) & (SOFT_TLB_SIZE - 1)];

	e->tag = (va & SOFT_PAGE_MASK) | p->mode_tag;
	e->addend = (uintptr_t)page - (uintptr_t)(va & SOFT_PAGE_MASK);
}

/*
 * Host pointer for [pa, pa+len), which lies in the 4 KiB page of va (already
 * translated and checked), or NULL if that is not RAM. Fills the soft TLB
 * when the whole page is RAM.
 */
static uint8_t *part_host(struct sk_cpu *cpu, uint64_t va, uint64_t pa,
			  unsigned int len, enum sk_acc acc)
{
	struct sk_vm *vm = PRIV(cpu)->vm;
	bool wr = acc == ACC_STORE;
	uint8_t *page = sk_vm_gpa_to_hva(vm, pa & SOFT_PAGE_MASK, 0x1000, wr);

	if (page) {
		soft_tlb_fill(cpu, va, acc, page);
		return page + (pa & 0xfff);
	}
	/* Page not entirely RAM: try the exact range. */
	return sk_vm_gpa_to_hva(vm, pa, len, wr);
}

/*
 * Slow path of an access that lies in one 4 KiB page (fetches, aligned
 * atomics): translate, look the page up in guest RAM and fill the soft
 * TLB. Returns the host pointer, or NULL with *exc = 0 for a non-RAM
 * (MMIO) physical address in *pa, or *exc = exception code. A range that
 * crosses a page is refused with ALE: such accesses must go through
 * sk_mem_load/sk_mem_store, which translate both pages.
 */
void *sk_host_slow(struct sk_cpu *cpu, uint64_t va, unsigned int len,
		   enum sk_acc acc, uint64_t *pa, int *exc)
{
	int r;

	*exc = 0;
	*pa = va & PA_MASK;
	if (unlikely(((va & 0xfff) + len) > 0x1000)) {
		*exc = EXC_ALE;
		return NULL;
	}
	r = sk_translate(cpu, va, acc, pa);
	if (r != XLATE_OK) {
		*exc = r;
		return NULL;
	}
	return part_host(cpu, va, *pa, len, acc);
}

/* One side of a data access split at the 4 KiB page boundary it crosses. */
struct mem_part {
	uint8_t *h;		/* host bytes, NULL if not RAM */
	uint64_t pa;
	unsigned int len;	/* 0: the access does not cross */
};

/*
 * Translate and permission-check both pages of an access, the first one
 * first, before any byte moves (as QEMU's cputlb does; a fault on the
 * second page reports that page's first address). Returns 0 with part[]
 * filled, or the exception with the faulting address in *badv.
 */
static int mem_xlate(struct sk_cpu *cpu, uint64_t va, unsigned int len,
		     enum sk_acc acc, struct mem_part part[2], uint64_t *badv)
{
	unsigned int n0 = 0x1000 - (va & 0xfff);
	uint64_t va1;
	int r;

	if (n0 > len)
		n0 = len;
	part[0].len = n0;
	part[1].len = len - n0;
	r = sk_translate(cpu, va, acc, &part[0].pa);
	if (r != XLATE_OK) {
		*badv = va;
		return r;
	}
	if (part[1].len) {
		va1 = va + n0;
		r = sk_translate(cpu, va1, acc, &part[1].pa);
		if (r != XLATE_OK) {
			*badv = va1;
			return r;
		}
	}
	part[0].h = part_host(cpu, va, part[0].pa, n0, acc);
	if (part[1].len)
		part[1].h = part_host(cpu, va + n0, part[1].pa, part[1].len, acc);
	return 0;
}

/*
 * What an access that is not all RAM does: MEM_MMIO (with *pa) when every
 * byte is outside RAM at contiguous physical addresses, so one MMIO exit
 * can carry it; ADEM at the first non-RAM byte when RAM and non-RAM (or two
 * distant MMIO ranges) mix, which no single exit can express.
 */
static int mem_not_ram(const struct mem_part part[2], uint64_t va,
		       uint64_t *pa, uint64_t *badv)
{
	*pa = part[0].pa;
	if (!part[0].h && (!part[1].len ||
			   (!part[1].h && part[1].pa == part[0].pa + part[0].len)))
		return MEM_MMIO;
	*badv = part[0].h ? va + part[0].len : va;
	return EXC_ADEM;
}

int sk_mem_load(struct sk_cpu *cpu, uint64_t va, unsigned int len, void *buf,
		uint64_t *pa, uint64_t *badv)
{
	struct mem_part part[2] = { { 0 } };
	int r = mem_xlate(cpu, va, len, ACC_LOAD, part, badv);

	*pa = part[0].pa;
	if (r)
		return r;
	if (!part[0].h || (part[1].len && !part[1].h))
		return mem_not_ram(part, va, pa, badv);
	if (!part[1].len && len <= 8) {
		/* one page: keep the single-copy atomicity of aligned accesses */
		uint64_t v = ram_ld(part[0].h, len);

		memcpy(buf, &v, len);
		return 0;
	}
	memcpy(buf, part[0].h, part[0].len);
	memcpy((uint8_t *)buf + part[0].len, part[1].h, part[1].len);
	return 0;
}

int sk_mem_store(struct sk_cpu *cpu, uint64_t va, unsigned int len, const void *buf,
		 uint64_t *pa, uint64_t *badv)
{
	struct mem_part part[2] = { { 0 } };
	int r = mem_xlate(cpu, va, len, ACC_STORE, part, badv);

	*pa = part[0].pa;
	if (r)
		return r;
	if (!part[0].h || (part[1].len && !part[1].h))
		return mem_not_ram(part, va, pa, badv);
	if (!part[1].len && len <= 8) {
		uint64_t v = 0;

		memcpy(&v, buf, len);
		ram_st(part[0].h, len, v);
		return 0;
	}
	memcpy(part[0].h, buf, part[0].len);
	memcpy(part[1].h, (const uint8_t *)buf + part[0].len, part[1].len);
	return 0;
}

/* ---- TLB instructions ---- */

void sk_tlb_reset(struct sk_cpu *cpu)
{
	memset(PRIV(cpu)->tlb, 0, sizeof(PRIV(cpu)->tlb));
	sk_soft_tlb_flush(cpu);
}

static void tlb_invalidate(struct sk_cpu *cpu, int idx)
{
	struct sk_tlb_entry *t = &PRIV(cpu)->tlb[idx];
	uint64_t base;

	if (!t->e)
		return;
	t->e = false;
	base = t->vppn & ~((2ULL << t->ps) - 1);
	sk_soft_tlb_flush_range(cpu, base, base + (2ULL << t->ps));
}

static void tlb_fill_entry(struct sk_cpu *cpu, int idx)
{
	struct sk_tlb_entry *t = &PRIV(cpu)->tlb[idx];
	bool r = in_refill(cpu);
	uint64_t ehi = r ? cpu->csr[CSR_TLBREHI] : cpu->csr[CSR_TLBEHI];
	unsigned int ps = r ? (cpu->csr[CSR_TLBREHI] & 0x3f) :
			      ((cpu->csr[CSR_TLBIDX] >> 24) & 0x3f);
	uint64_t lo0 = r ? cpu->csr[CSR_TLBRELO0] : cpu->csr[CSR_TLBELO0];
	uint64_t lo1 = r ? cpu->csr[CSR_TLBRELO1] : cpu->csr[CSR_TLBELO1];

	tlb_invalidate(cpu, idx);
	if (ps < 12 || ps > 48)
		ps = 12;
	t->vppn = ehi & ((1ULL << VALEN) - 1) & ~0x1fffULL;
	t->ps = ps;
	t->asid = cur_asid(cpu);
	t->g = (lo0 & PTE_G) && (lo1 & PTE_G);
	t->lo[0] = lo0 & TLBELO_MASK;
	t->lo[1] = lo1 & TLBELO_MASK;
	t->e = true;
}

static unsigned int rnd(struct sk_cpu *cpu)
{
	/* Deterministic per-vCPU xorshift: any replacement choice is legal. */
	uint64_t x = cpu->csr[CSR_TMID] * 0x9e3779b97f4a7c15ULL + PRIV(cpu)->budget;
	static _Thread_local uint64_t s = 0x2545f4914f6cdd1dULL;

	s ^= x;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (unsigned int)s;
}

static int tlb_random_index(struct sk_cpu *cpu, uint64_t va, unsigned int ps)
{
	struct sk_priv *p = PRIV(cpu);
	unsigned int stlb_ps = cpu->csr[CSR_STLBPS] & 0x3f;
	uint16_t asid = cur_asid(cpu);

	if (ps == stlb_ps) {
		unsigned int set = stlb_set(cpu, va);
		int way = -1;

		for (int w = 0; w < STLB_WAYS; w++) {
			struct sk_tlb_entry *t = &p->tlb[w * STLB_SETS + set];

			if (!t->e) {
				way = w;
				break;
			}
			if (!t->g && t->asid != asid)
				way = w;
		}
		if (way < 0)
			way = rnd(cpu) % STLB_WAYS;
		return way * STLB_SETS + set;
	}
	for (int i = STLB_SIZE; i < TLB_SIZE; i++)
		if (!p->tlb[i].e)
			return i;
	for (int i = STLB_SIZE; i < TLB_SIZE; i++)
		if (!p->tlb[i].g && p->tlb[i].asid != asid)
			return i;
	return STLB_SIZE + rnd(cpu) % MTLB_SIZE;
}

static void tlb_read(struct sk_cpu *cpu)
{
	unsigned int idx = cpu->csr[CSR_TLBIDX] & 0xfff;
	struct sk_tlb_entry *t;

	if (idx >= TLB_SIZE)
		idx %= TLB_SIZE;
	t = &PRIV(cpu)->tlb[idx];
	if (!t->e) {
		cpu->csr[CSR_TLBIDX] = (cpu->csr[CSR_TLBIDX] & 0xfff) | (1ULL << 31);
		cpu->csr[CSR_ASID] &= ~0x3ffULL;
		cpu->csr[CSR_TLBEHI] = 0;
		cpu->csr[CSR_TLBELO0] = 0;
		cpu->csr[CSR_TLBELO1] = 0;
		sk_soft_tlb_flush(cpu);
		return;
	}
	cpu->csr[CSR_TLBIDX] = (cpu->csr[CSR_TLBIDX] & 0xfff) | ((uint64_t)t->ps << 24);
	cpu->csr[CSR_TLBEHI] = t->vppn;
	cpu->csr[CSR_TLBELO0] = t->lo[0] | (t->g ? PTE_G : 0);
	cpu->csr[CSR_TLBELO1] = t->lo[1] | (t->g ? PTE_G : 0);
	if ((cpu->csr[CSR_ASID] & 0x3ff) != t->asid) {
		cpu->csr[CSR_ASID] = (cpu->csr[CSR_ASID] & ~0x3ffULL) | t->asid;
		sk_soft_tlb_flush(cpu);
	}
}

static void tlb_clear_line(struct sk_cpu *cpu, bool only_asid)
{
	unsigned int idx = cpu->csr[CSR_TLBIDX] & 0xfff;
	struct sk_priv *p = PRIV(cpu);
	uint16_t asid = cur_asid(cpu);

	if (idx < STLB_SIZE) {
		for (int w = 0; w < STLB_WAYS; w++) {
			int i = w * STLB_SETS + (idx % STLB_SETS);

			if (!only_asid || (!p->tlb[i].g && p->tlb[i].asid == asid))
				tlb_invalidate(cpu, i);
		}
	} else if (idx < TLB_SIZE) {
		for (int i = STLB_SIZE; i < TLB_SIZE; i++)
			if (!only_asid || (!p->tlb[i].g && p->tlb[i].asid == asid))
				tlb_invalidate(cpu, i);
	}
}

/* invtlb: returns false for an undefined op (caller raises INE). */
static bool invtlb(struct sk_cpu *cpu, unsigned int op, uint64_t rj, uint64_t rk)
{
	struct sk_priv *p = PRIV(cpu);
	uint16_t asid = rj & 0x3ff;
	int idx;

	switch (op) {
	case 0:
	case 1:
		for (int i = 0; i < TLB_SIZE; i++)
			p->tlb[i].e = false;
		sk_soft_tlb_flush(cpu);
		return true;
	case 2:
	case 3:
		for (int i = 0; i < TLB_SIZE; i++)
			if (p->tlb[i].g == (op == 2))
				p->tlb[i].e = false;
		sk_soft_tlb_flush(cpu);
		return true;
	case 4:
		for (int i = 0; i < TLB_SIZE; i++)
			if (!p->tlb[i].g && p->tlb[i].asid == asid)
				p->tlb[i].e = false;
		sk_soft_tlb_flush(cpu);
		return true;
	case 5:
	case 6:
		/* Every matching entry, not just the first (a page may be in both). */
		while ((idx = tlb_find(cpu, rk, asid, op == 5 ? 1 : 0)) >= 0)
			tlb_invalidate(cpu, idx);
		return true;
	default:
		return false;
	}
}

/*
 * The TLB instructions; op is the OP_ code. Returns via sk_raise on an
 * undefined invtlb op.
 */
void sk_tlb_op(struct sk_cpu *cpu, unsigned int op, unsigned int invop,
	       uint64_t rj, uint64_t rk)
{
	bool r = in_refill(cpu);
	int idx;

	switch (op) {
	case OP_TLBSRCH:
		idx = tlb_find(cpu, r ? cpu->csr[CSR_TLBREHI] : cpu->csr[CSR_TLBEHI],
			       cur_asid(cpu), 0);
		if (idx >= 0)
			cpu->csr[CSR_TLBIDX] = (cpu->csr[CSR_TLBIDX] & ~(0xfffULL | (1ULL << 31))) | idx;
		else
			cpu->csr[CSR_TLBIDX] |= 1ULL << 31;
		break;
	case OP_TLBRD:
		tlb_read(cpu);
		break;
	case OP_TLBWR:
		idx = (cpu->csr[CSR_TLBIDX] & 0xfff) % TLB_SIZE;
		if (cpu->csr[CSR_TLBIDX] & (1ULL << 31))
			tlb_invalidate(cpu, idx);
		else
			tlb_fill_entry(cpu, idx);
		break;
	case OP_TLBFILL: {
		uint64_t ehi = r ? cpu->csr[CSR_TLBREHI] : cpu->csr[CSR_TLBEHI];
		unsigned int ps = r ? (cpu->csr[CSR_TLBREHI] & 0x3f) :
				      ((cpu->csr[CSR_TLBIDX] >> 24) & 0x3f);

		tlb_fill_entry(cpu, tlb_random_index(cpu, ehi, ps));
		break;
	}
	case OP_TLBCLR:
		tlb_clear_line(cpu, true);
		break;
	case OP_TLBFLUSH:
		tlb_clear_line(cpu, false);
		break;
	case OP_INVTLB:
		if (!invtlb(cpu, invop, rj, rk))
			sk_raise(cpu, EXC_INE, 0);
		break;
	}
}

/* ---- software page walk (lddir/ldpte) ---- */

static void dir_base_width(struct sk_cpu *cpu, unsigned int level,
			   unsigned int *base, unsigned int *width)
{
	uint64_t l = cpu->csr[CSR_PWCTL0], h = cpu->csr[CSR_PWCTL1];

	switch (level) {
	case 1:
		*base = (l >> 10) & 0x1f;
		*width = (l >> 15) & 0x1f;
		break;
	case 2:
		*base = (l >> 20) & 0x1f;
		*width = (l >> 25) & 0x1f;
		break;
	case 3:
		*base = h & 0x3f;
		*width = (h >> 6) & 0x3f;
		break;
	case 4:
		*base = (h >> 12) & 0x3f;
		*width = (h >> 18) & 0x3f;
		break;
	default:
		*base = l & 0x1f;
		*width = (l >> 5) & 0x1f;
		break;
	}
}

static uint64_t phys_ld64(struct sk_cpu *cpu, uint64_t pa)
{
	uint8_t *h = sk_vm_gpa_to_hva(PRIV(cpu)->vm, pa & ~7ULL, 8, false);
	uint64_t v;

	if (!h)
		return 0;	/* reads outside RAM see nothing */
	__atomic_load(((uint64_t *)(void *)h), &v, __ATOMIC_RELAXED);
	return v;
}

uint64_t sk_lddir(struct sk_cpu *cpu, uint64_t base, unsigned int level)
{
	unsigned int db, dw;
	uint64_t idx;

	if (level == 0 || level > 4)
		return base;
	if (base & PTE_HUGE) {
		/* A huge-page entry passes through, tagged with its level. */
		if (level == 4 || (base & (3ULL << 13)))
			return base;
		return base | ((uint64_t)level << 13);
	}
	dir_base_width(cpu, level, &db, &dw);
	idx = (cpu->csr[CSR_TLBRBADV] >> db) & ((1ULL << dw) - 1);
	return phys_ld64(cpu, (base & PA_MASK) | (idx << 3)) & PA_MASK;
}

void sk_ldpte(struct sk_cpu *cpu, uint64_t base, unsigned int odd)
{
	unsigned int ps;
	uint64_t pte;

	if (base & PTE_HUGE) {
		unsigned int db, dw, level = (base >> 13) & 3;

		dir_base_width(cpu, level, &db, &dw);
		pte = base & ~(PTE_HUGE | (3ULL << 13));
		if (pte & PTE_HGLOBAL)
			pte = (pte & ~PTE_HGLOBAL) | PTE_G;
		/*
		 * Half of the level's span. The manual leaves a size the core
		 * does not support undefined; like QEMU, write nothing.
		 */
		if (!sk_page_size_ok(cpu, db + dw - 1))
			return;
		ps = db + dw - 1;
		pte &= TLBELO_MASK;
		if (odd)
			pte += 1ULL << ps;
	} else {
		unsigned int pb, pw;
		uint64_t idx;

		dir_base_width(cpu, 0, &pb, &pw);
		idx = ((cpu->csr[CSR_TLBRBADV] >> pb) & ((1ULL << pw) - 1)) & ~1ULL;
		pte = phys_ld64(cpu, (base & PA_MASK) | ((idx + (odd ? 1 : 0)) << 3));
		pte &= TLBELO_MASK;
		ps = pb;
	}
	cpu->csr[odd ? CSR_TLBRELO1 : CSR_TLBRELO0] = pte;
	cpu->csr[CSR_TLBREHI] = (cpu->csr[CSR_TLBREHI] & ~0x3fULL) | ps;
}
