/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_CPU_INTERNAL_H
#define SOFTKVM_CPU_INTERNAL_H

/* Private state and helpers of the softkvm LoongArch interpreter. */
#include <stdbool.h>
#include <stdint.h>
#include "../softkvm.h"

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#include <string.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "guest RAM is accessed in host byte order");

/* Guest RAM access: naturally aligned accesses are single-copy atomic. */
static inline uint64_t ram_ld(const void *h, unsigned int len)
{
	uintptr_t a = (uintptr_t)h;

	switch (len) {
	case 1:
		return __atomic_load_n((const uint8_t *)h, __ATOMIC_RELAXED);
	case 2:
		if (!(a & 1))
			return __atomic_load_n((const uint16_t *)h, __ATOMIC_RELAXED);
		break;
	case 4:
		if (!(a & 3))
			return __atomic_load_n((const uint32_t *)h, __ATOMIC_RELAXED);
		break;
	default:
		if (!(a & 7))
			return __atomic_load_n((const uint64_t *)h, __ATOMIC_RELAXED);
		break;
	}
	{
		uint64_t v = 0;

		memcpy(&v, h, len);
		return v;
	}
}

static inline void ram_st(void *h, unsigned int len, uint64_t v)
{
	uintptr_t a = (uintptr_t)h;

	switch (len) {
	case 1:
		__atomic_store_n((uint8_t *)h, (uint8_t)v, __ATOMIC_RELAXED);
		return;
	case 2:
		if (!(a & 1)) {
			__atomic_store_n((uint16_t *)h, (uint16_t)v, __ATOMIC_RELAXED);
			return;
		}
		break;
	case 4:
		if (!(a & 3)) {
			__atomic_store_n((uint32_t *)h, (uint32_t)v, __ATOMIC_RELAXED);
			return;
		}
		break;
	default:
		if (!(a & 7)) {
			__atomic_store_n((uint64_t *)h, v, __ATOMIC_RELAXED);
			return;
		}
		break;
	}
	memcpy(h, &v, len);
}

/* ---- decoded instructions ---- */

enum sk_imm_fmt {
	I_NONE, I_UI5, I_UI6, I_UI8, I_SI12, I_UI12, I_SI14S2, I_SI16,
	I_OFFS16, I_OFFS21, I_OFFS26, I_SI20, I_SA2, I_SA2P1, I_SA3, I_BSTRW, I_BSTRD,
	I_CSR, I_CODE15, I_CA,
	/* LSX/LASX (vec-insn-table.h): ui/si at bit 10, siNsS = scaled by 1 << S */
	I_UI1, I_UI2, I_UI3, I_UI4, I_UI7, I_SI5, I_SI11S1, I_SI10S2, I_SI9S3,
	I_ELM0, I_ELM1, I_ELM2, I_ELM3,	/* vstelm: si8 << N in imm, index in ra */
	I_VI13,				/* vldi: 13-bit immediate at bit 5 */
};

enum sk_op {
	OP_INVALID = 0,
#define X(op, mn, pat, fmt) OP_##op,
#include "insn-table.h"
#undef X
	OP_COUNT,
	/* LSX/LASX ops follow the base ones (decoded by vec-decode.c) */
	OP_VEC_BEFORE = OP_COUNT - 1,
#define V(op, mn, pat, fmt, opnds) OP_##op,
#include "vec-insn-table.h"
#undef V
	OP_VEC_END
};
#define OP_VEC_FIRST	OP_COUNT
#define OP_VEC_COUNT	(OP_VEC_END - OP_VEC_FIRST)

/*
 * rd/rj/rk/ra are the raw register fields (bits 4:0, 9:5, 14:10, 19:15);
 * imm is the decoded immediate (offsets already scaled). For bstr*, ra is
 * msb and imm is lsb.
 */
struct sk_insn {
	uint16_t op;
	uint8_t rd, rj, rk, ra;
	int32_t imm;
};

void sk_decode(uint32_t word, struct sk_insn *out);
const char *sk_op_name(unsigned int op);	/* assembler mnemonic */
int sk_op_fmt(unsigned int op);

/* An encoding pattern ("0101 ....", '.' any bit) as mask and match. */
void sk_pattern_parse(const char *pat, uint32_t *mask, uint32_t *match);

/* vec-decode.c: LSX/LASX words the base table does not know */
bool sk_vec_decode(uint32_t word, struct sk_insn *out);
const char *sk_vec_op_name(unsigned int op);
int sk_vec_op_fmt(unsigned int op);

/* ---- CSR numbers (lkvm/la-csr.h) and fields (LoongArch Vol1 ch. 7) ---- */
#include "lkvm/la-csr.h"

#define CRMD_PLV	0x3ULL
#define CRMD_IE		0x4ULL
#define CRMD_DA		0x8ULL
#define CRMD_PG		0x10ULL

#define ESTAT_IS_MASK	0x1fffULL
#define ESTAT_TI	(1ULL << 11)
/* Interrupt bits that follow the injected lines (HWI0-7, PCOV, IPI, NMI, AVEC). */
#define LINE_LEVEL_MASK	((0xffULL << 2) | (1ULL << 10) | (1ULL << 12) | \
			 (1ULL << 13) | (1ULL << 14))

/* Exception codes (ESTAT.Ecode), with the subcode in bits 8+ */
enum sk_exc {
	EXC_INT = 0x0, EXC_PIL = 0x1, EXC_PIS = 0x2, EXC_PIF = 0x3,
	EXC_PME = 0x4, EXC_PNR = 0x5, EXC_PNX = 0x6, EXC_PPI = 0x7,
	EXC_ADEF = 0x8, EXC_ADEM = 0x8 | (1 << 8), EXC_ALE = 0x9,
	EXC_BCE = 0xa, EXC_SYS = 0xb, EXC_BRK = 0xc, EXC_INE = 0xd,
	EXC_IPE = 0xe, EXC_FPD = 0xf, EXC_SXD = 0x10, EXC_ASXD = 0x11,
	EXC_FPE = 0x12,
	EXC_TLBR = 0x3f,
};

/* TLB entry (PTE-format) bits */
#define PTE_V		(1ULL << 0)
#define PTE_D		(1ULL << 1)
#define PTE_PLV_SHIFT	2
#define PTE_G		(1ULL << 6)
#define PTE_HUGE	(1ULL << 6)
#define PTE_HGLOBAL	(1ULL << 12)
#define PTE_NR		(1ULL << 61)
#define PTE_NX		(1ULL << 62)
#define PTE_RPLV	(1ULL << 63)
#define PALEN		48
#define VALEN		48
#define PA_MASK		((1ULL << PALEN) - 1)
#define PTE_PPN_MASK	(PA_MASK & ~0xfffULL)
#define TLBELO_MASK	(PTE_RPLV | PTE_NX | PTE_NR | PTE_PPN_MASK | 0x7fULL)

#define STLB_SETS	256
#define STLB_WAYS	8
#define STLB_SIZE	(STLB_SETS * STLB_WAYS)
#define MTLB_SIZE	64
#define TLB_SIZE	(STLB_SIZE + MTLB_SIZE)

struct sk_tlb_entry {
	uint64_t vppn;		/* VA[47:13] in place (bits 12:0 zero) */
	uint64_t lo[2];
	uint16_t asid;
	uint8_t ps;
	bool e;
	bool g;
};

/* ---- software TLB and decode cache ---- */

enum sk_acc { ACC_LOAD = 0, ACC_STORE = 1, ACC_FETCH = 2 };

#define SOFT_TLB_SIZE	256
#define SOFT_PAGE_SHIFT	12
#define SOFT_PAGE_MASK	(~0xfffULL)

struct sk_soft_tlb {
	uint64_t tag;		/* page VA | mode+1 in the low bits; 0 = empty */
	uintptr_t addend;	/* host = va + addend */
};

#define DCACHE_SIZE	16384

struct sk_dcache_entry {
	uint32_t raw;		/* the instruction word this entry decodes */
	struct sk_insn insn;
};

enum sk_io { IO_NONE, IO_MMIO_READ, IO_IOCSR_READ };

/* Why an instruction ended the current step */
enum sk_res {
	R_NEXT = 0,		/* continue in the same block */
	R_BLOCK,		/* taken branch or state change: check events */
	R_STOP,			/* return to the kernel side (priv->stop) */
};

#define FETCH_NONE	4ULL

struct sk_priv {
	struct kvm_run *run;
	struct sk_vm *vm;
	enum sk_stop stop;
	uint32_t stop_code;

	/* Exit completion: what the pending MMIO/IOCSR read writes back */
	int io_rd;
	int io_len;
	bool io_signed;
	int io_pending;		/* enum sk_io */

	/* Timer (in guest-counter ticks) */
	uint64_t timer_start;	/* counter when TCFG was last armed */
	uint64_t timer_next;	/* counter value of the next expiry */
	bool timer_armed;
	uint64_t tval_stopped;	/* TVAL while the timer is disabled */
	uint64_t budget;	/* instructions fetched so far (statistics, TLB random) */
	/*
	 * sk_cpu_run returns SK_STOP_KICK at the first slice boundary where
	 * budget has reached this (bounded runs for tests and fuzzing);
	 * UINT64_MAX: never.
	 */
	uint64_t budget_end;

	_Atomic uint32_t flush_req;	/* bumped by sk_cpu_flush from any thread */
	uint32_t flush_seen;

	uint64_t mode_tag;	/* low tag bits for the current PLV/DA */

	/*
	 * The page instructions are fetched from: pc & ~0xffc equals
	 * fetch_va for an aligned pc in it (FETCH_NONE never does); host =
	 * pc + fetch_addend. Dropped with every soft-TLB flush and mode change.
	 */
	uint64_t fetch_va;
	uintptr_t fetch_addend;

	struct sk_tlb_entry tlb[TLB_SIZE];
	struct sk_soft_tlb stlb[3][SOFT_TLB_SIZE];
	struct sk_dcache_entry dcache[DCACHE_SIZE];
};

static inline struct sk_priv *PRIV(struct sk_cpu *cpu)
{
	return cpu->priv;
}

/* ---- cross-file helpers ---- */

/* except.c */
void sk_raise(struct sk_cpu *cpu, int exc, uint64_t badv);
void sk_raise_insn(struct sk_cpu *cpu, int exc, uint64_t badv, uint32_t badi);
bool sk_take_interrupt(struct sk_cpu *cpu);
void sk_ertn(struct sk_cpu *cpu);
void sk_sync_lines(struct sk_cpu *cpu);
bool sk_irq_deliverable(struct sk_cpu *cpu);
uint64_t sk_pending_is(struct sk_cpu *cpu);

/* csr.c */
uint64_t sk_csr_read(struct sk_cpu *cpu, unsigned int num);
void sk_csr_write(struct sk_cpu *cpu, unsigned int num, uint64_t val);
bool sk_csr_known(unsigned int num);
void sk_timer_update(struct sk_cpu *cpu);
uint64_t sk_rdtime(struct sk_cpu *cpu);
void sk_update_mode(struct sk_cpu *cpu);

/* mmu.c */
#define XLATE_OK	0
int sk_translate(struct sk_cpu *cpu, uint64_t va, enum sk_acc acc, uint64_t *pa);
void *sk_host_slow(struct sk_cpu *cpu, uint64_t va, unsigned int len,
		   enum sk_acc acc, uint64_t *pa, int *exc);
/*
 * Slow path of a data load/store of len (1..32) bytes at va, also for one
 * that crosses into the next page (both pages translated and checked
 * before a byte moves). Returns 0 when done; MEM_MMIO when the bytes are
 * not RAM (nothing accessed; *pa is where an MMIO exit goes); otherwise
 * the exception to raise, with its BADV in *badv.
 */
#define MEM_MMIO	(-1)
int sk_mem_load(struct sk_cpu *cpu, uint64_t va, unsigned int len, void *buf,
		uint64_t *pa, uint64_t *badv);
int sk_mem_store(struct sk_cpu *cpu, uint64_t va, unsigned int len, const void *buf,
		 uint64_t *pa, uint64_t *badv);
void sk_soft_tlb_flush(struct sk_cpu *cpu);
void sk_soft_tlb_flush_range(struct sk_cpu *cpu, uint64_t lo, uint64_t hi);
void sk_tlb_op(struct sk_cpu *cpu, unsigned int op, unsigned int invop,
	       uint64_t rj, uint64_t rk);
uint64_t sk_lddir(struct sk_cpu *cpu, uint64_t base, unsigned int level);
void sk_ldpte(struct sk_cpu *cpu, uint64_t base, unsigned int odd);
void sk_tlb_reset(struct sk_cpu *cpu);

/* A page size (log2) PRCFG2 lists as supported; ps may be any value. */
static inline bool sk_page_size_ok(struct sk_cpu *cpu, unsigned int ps)
{
	return ps < 64 && ((cpu->csr[CSR_PRCFG2] >> ps) & 1);
}

/* exec.c */
enum sk_res sk_exec(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw);

/* fpu.c */
enum sk_res sk_exec_fp(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw);

/* fpu.c: element operations shared with vec-fp.c (fl collects FCSR VZOUI bits) */
enum { SK_FA_ADD, SK_FA_SUB, SK_FA_MUL, SK_FA_DIV, SK_FA_SQRT, SK_FA_RECIP, SK_FA_RSQRT,
       SK_FA_SCALEB, SK_FA_RINT };
uint64_t sk_fp_arith(int kind, uint64_t a, uint64_t b, bool dbl, int rm, unsigned int *fl);
uint64_t sk_fp_fused(uint64_t a, uint64_t b, uint64_t c, bool dbl, bool neg_c, bool neg_r,
		     int rm, unsigned int *fl);
uint64_t sk_fp_minmax(uint64_t a, uint64_t b, bool dbl, bool max, bool mag, unsigned int *fl);
int sk_fp_cmp(unsigned int cond, uint64_t a, uint64_t b, bool dbl, unsigned int *fl);
uint64_t sk_fp_class(uint64_t v, bool dbl);
uint64_t sk_fp_logb(uint64_t v, bool dbl, unsigned int *fl);
uint64_t sk_fp_to_int(uint64_t v, bool dbl, bool to64, int rm, unsigned int *fl);
uint64_t sk_fp_from_int(uint64_t v, bool from64, bool dbl, int rm, unsigned int *fl);
uint64_t sk_fp_to_uint(uint64_t v, bool dbl, bool to64, int rm, unsigned int *fl);
uint64_t sk_fp_from_uint(uint64_t v, bool from64, bool dbl, int rm, unsigned int *fl);
uint64_t sk_fp_to_half(uint64_t v, int rm, unsigned int *fl);
uint64_t sk_fp_from_half(uint64_t v, unsigned int *fl);
uint64_t sk_fp_cvt(uint64_t v, bool to_dbl, int rm, unsigned int *fl);
int sk_fp_rm(struct sk_cpu *cpu);
bool sk_fp_commit(struct sk_cpu *cpu, unsigned int fl, uint32_t raw);

/* vec.c: LSX/LASX (in->op >= OP_VEC_FIRST) */
enum sk_res sk_exec_vec(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw);
bool sk_vec_implemented(unsigned int op);

/*
 * Fast host pointer for [va, va+len) if the soft TLB has it; else NULL and
 * the caller takes the slow path. len must not cross a 4 KiB page.
 */
static inline void *sk_host_fast(struct sk_cpu *cpu, uint64_t va,
				 unsigned int len, enum sk_acc acc)
{
	struct sk_priv *p = PRIV(cpu);
	struct sk_soft_tlb *e;

	if (unlikely(((va & 0xfff) + len) > 0x1000))
		return NULL;
	e = &p->stlb[acc][(va >> SOFT_PAGE_SHIFT) & (SOFT_TLB_SIZE - 1)];
	if (likely(e->tag == ((va & SOFT_PAGE_MASK) | p->mode_tag)))
		return (void *)(uintptr_t)(va + e->addend);
	return NULL;
}

#endif
