/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LSX (128-bit) and LASX (256-bit) execution.
 *
 * Register file: vector register n is cpu->fpr[n][0..3] (256 bits, element
 * 0 in the lowest bytes); FP register n is its low 64 bits. The manual
 * leaves the bits above an instruction's width unspecified; softkvm does
 * what QEMU's loads, element inserts and out-of-line helpers do: scalar FP
 * writes leave bits 255:64 alone and LSX writes leave bits 255:128 alone.
 * (QEMU's inline gvec LSX ops clear bits 255:128 instead, so the
 * differential tests compare only the 128 defined bits of LSX results.)
 *
 * Design: one handler per instruction, no per-lane dispatch. A handler is
 * an always-inline kernel instantiated with its width (16 or 32 bytes) as
 * a constant, so the element loops have fixed trip counts and element
 * types and compile to straight-line or SIMD host code. Operands are
 * copied to local unions (memcpy of constant size: a few host vector
 * moves), which also makes destination/source overlap harmless.
 *
 * Handlers are looked up by op in a table built from vec-insn-table.h:
 * every encoding has a weak handler symbol, an instruction is implemented
 * when this file defines it, and the rest decode but raise INE.
 */
#include "vec.h"

/* CPUCFG says whether the unit exists (INE), EUEN whether it is on. */
bool __attribute__((noinline)) sk_vec_fault(struct sk_cpu *cpu, uint32_t raw, unsigned int bytes)
{
	bool lasx = bytes == 32;

	if (!(cpu->cpucfg[2] & (lasx ? CPUCFG2_LASX : CPUCFG2_LSX)))
		sk_raise_insn(cpu, EXC_INE, 0, raw);
	else
		sk_raise_insn(cpu, lasx ? EXC_ASXD : EXC_SXD, 0, raw);
	return false;
}

/* ---- memory: the MMU path of the scalar accesses (soft TLB, then slow) ---- */

/*
 * Translate [va, va+len) (at most two pages) to host pointers before any
 * byte moves, so a fault on the second page leaves memory and registers
 * untouched. Non-RAM (MMIO) targets raise ADEM, as FP accesses do.
 */
static enum sk_res __attribute__((noinline))
vmem_slow(struct sk_cpu *cpu, uint32_t raw, uint64_t va, unsigned int len,
	  enum sk_acc acc, void *buf)
{
	unsigned int first = 0x1000 - (va & 0xfff);
	uint8_t *h[2];
	unsigned int n[2];
	uint64_t pa;
	int exc;

	if (first > len)
		first = len;
	n[0] = first;
	n[1] = len - first;
	for (int i = 0; i < 2; i++) {
		uint64_t a = va + (i ? first : 0);

		if (!n[i])
			continue;
		h[i] = sk_host_slow(cpu, a, n[i], acc, &pa, &exc);
		if (exc) {
			sk_raise_insn(cpu, exc, a, raw);
			return R_BLOCK;
		}
		if (!h[i]) {
			sk_raise_insn(cpu, EXC_ADEM, pa, raw);
			return R_BLOCK;
		}
	}
	for (int i = 0; i < 2; i++) {
		uint8_t *b = (uint8_t *)buf + (i ? first : 0);

		if (!n[i])
			continue;
		if (acc == ACC_STORE)
			memcpy(h[i], b, n[i]);
		else
			memcpy(b, h[i], n[i]);
	}
	return R_NEXT;
}

ALWAYS enum sk_res vload(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			 unsigned int len, void *buf)
{
	void *h = sk_host_fast(cpu, va, len, ACC_LOAD);

	if (likely(h)) {
		memcpy(buf, h, len);
		return R_NEXT;
	}
	return vmem_slow(cpu, raw, va, len, ACC_LOAD, buf);
}

ALWAYS enum sk_res vstore(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			  unsigned int len, const void *buf)
{
	void *h = sk_host_fast(cpu, va, len, ACC_STORE);

	if (likely(h)) {
		memcpy(h, buf, len);
		return R_NEXT;
	}
	return vmem_slow(cpu, raw, va, len, ACC_STORE, (void *)buf);
}

/* Elements (vldrepl, vstelm): naturally aligned ones are single-copy atomic. */
ALWAYS enum sk_res vload_elem(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			      unsigned int len, uint64_t *v)
{
	void *h = sk_host_fast(cpu, va, len, ACC_LOAD);

	if (likely(h)) {
		*v = ram_ld(h, len);
		return R_NEXT;
	}
	*v = 0;
	return vmem_slow(cpu, raw, va, len, ACC_LOAD, v);
}

ALWAYS enum sk_res vstore_elem(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			       unsigned int len, uint64_t v)
{
	void *h = sk_host_fast(cpu, va, len, ACC_STORE);

	if (likely(h)) {
		ram_st(h, len, v);
		return R_NEXT;
	}
	return vmem_slow(cpu, raw, va, len, ACC_STORE, &v);
}

/* ---- handler plumbing ---- */

/*
 * Weak references do not make the linker take an object out of an archive:
 * without a strong one, lkvm (linked with libsoftkvm.a) got none of
 * vec-fp.c's handlers and every vector FP instruction raised INE.
 */
extern const unsigned char sk_vec_fp_unit;
static const void *const sk_vec_units[] __attribute__((used)) = { &sk_vec_fp_unit };

/* Every encoding gets a weak handler symbol; undefined ones are NULL. */
#define V(op, mn, pat, fmt, opnds) VH(op) __attribute__((weak));
#include "vec-insn-table.h"
#undef V

/* d.F[i] = EXPR(a = j.F[i], b = k.F[i]) */
#define ELT3(N, F, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	for (unsigned int i = 0; i < NEL(F); i++) { \
		__typeof__(j.F[0]) a = j.F[i], b = k.F[i]; \
		d.F[i] = (EXPR); \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

/* d.F[i] = EXPR(a = j.F[i], b = k.F[i], c = d.F[i]) (multiply-accumulate) */
#define ELT3D(N, F, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	vget(cpu, in->rd, &d); \
	for (unsigned int i = 0; i < NEL(F); i++) { \
		__typeof__(j.F[0]) a = j.F[i], b = k.F[i], c = d.F[i]; \
		d.F[i] = (EXPR); \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

/* d.F[i] = EXPR(a = j.F[i], b = the immediate) */
#define ELTI(N, F, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int i = 0; i < NEL(F); i++) { \
		__typeof__(j.F[0]) a = j.F[i], b = (__typeof__(j.F[0]))in->imm; \
		(void)b; \
		d.F[i] = (EXPR); \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

/* unary: d.F[i] = EXPR(a = j.F[i]) */
#define ELT2(N, F, EXPR)	ELTI(N, F, EXPR)

/* The usual four element sizes, signed fields (sb..sd) or unsigned (b..d). */
#define FAM_S(M, N, EXPR)	M(N##_B, sb, EXPR) M(N##_H, sh, EXPR) \
				M(N##_W, sw, EXPR) M(N##_D, sd, EXPR)
#define FAM_U(M, N, EXPR)	M(N##_BU, b, EXPR) M(N##_HU, h, EXPR) \
				M(N##_WU, w, EXPR) M(N##_DU, d, EXPR)
#define FAM_X(M, N, EXPR)	M(N##_B, b, EXPR) M(N##_H, h, EXPR) \
				M(N##_W, w, EXPR) M(N##_D, d, EXPR)

#define BITS(a)		((int)(sizeof(a) * 8))
#define SHAMT(a, b)	((unsigned int)(b) & (BITS(a) - 1))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

static inline unsigned int clz_n(uint64_t v, int bits)
{
	return v ? (unsigned int)(__builtin_clzll(v) - (64 - bits)) : (unsigned int)bits;
}

static inline uint64_t mask_n(int bits)
{
	return bits == 64 ? ~0ULL : (1ULL << bits) - 1;
}

/* ---- memory ---- */

KERNEL(k_ld)
{
	vreg d;
	enum sk_res r;

	BEGIN();
	r = vload(cpu, raw, GR(in->rj) + (int64_t)in->imm, bytes, &d);
	if (r != R_NEXT)
		return r;
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(LD, k_ld)

KERNEL(k_ldx)
{
	vreg d;
	enum sk_res r;

	BEGIN();
	r = vload(cpu, raw, GR(in->rj) + GR(in->rk), bytes, &d);
	if (r != R_NEXT)
		return r;
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(LDX, k_ldx)

KERNEL(k_st)
{
	vreg s;
	enum sk_res r;

	BEGIN();
	vget(cpu, in->rd, &s);
	r = vstore(cpu, raw, GR(in->rj) + (int64_t)in->imm, bytes, &s);
	return r != R_NEXT ? r : vnext(cpu);
}
PAIR(ST, k_st)

KERNEL(k_stx)
{
	vreg s;
	enum sk_res r;

	BEGIN();
	vget(cpu, in->rd, &s);
	r = vstore(cpu, raw, GR(in->rj) + GR(in->rk), bytes, &s);
	return r != R_NEXT ? r : vnext(cpu);
}
PAIR(STX, k_stx)

#define LDREPL(N, F) \
KERNEL(k_ldrepl_##N) \
{ \
	vreg j, d; \
	uint64_t v; \
	enum sk_res r; \
	BEGIN(); \
	r = vload_elem(cpu, raw, GR(in->rj) + (int64_t)in->imm, sizeof(j.F[0]), &v); \
	if (r != R_NEXT) \
		return r; \
	for (unsigned int i = 0; i < NEL(F); i++) \
		d.F[i] = v; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(LDREPL_##N, k_ldrepl_##N)
LDREPL(B, b) LDREPL(H, h) LDREPL(W, w) LDREPL(D, d)

#define STELM(N, F) \
KERNEL(k_stelm_##N) \
{ \
	vreg j; \
	enum sk_res r; \
	BEGIN(); \
	vget(cpu, in->rd, &j); \
	r = vstore_elem(cpu, raw, GR(in->rj) + (int64_t)in->imm, sizeof(j.F[0]), \
			j.F[in->ra & (NEL(F) - 1)]); \
	return r != R_NEXT ? r : vnext(cpu); \
} \
PAIR(STELM_##N, k_stelm_##N)
STELM(B, b) STELM(H, h) STELM(W, w) STELM(D, d)

/* ---- compare, logic, add/sub, min/max ---- */

FAM_X(ELT3, SEQ, -(a == b))
FAM_S(ELT3, SLE, -(a <= b))
FAM_U(ELT3, SLE, -(a <= b))
FAM_S(ELT3, SLT, -(a < b))
FAM_U(ELT3, SLT, -(a < b))
FAM_S(ELTI, SEQI, -(a == b))
FAM_S(ELTI, SLEI, -(a <= b))
FAM_U(ELTI, SLEI, -(a <= b))
FAM_S(ELTI, SLTI, -(a < b))
FAM_U(ELTI, SLTI, -(a < b))

ELT3(AND_V, d, a & b)
ELT3(OR_V, d, a | b)
ELT3(XOR_V, d, a ^ b)
ELT3(NOR_V, d, ~(a | b))
ELT3(ANDN_V, d, ~a & b)
ELT3(ORN_V, d, a | ~b)
ELTI(ANDI_B, b, a & b)
ELTI(ORI_B, b, a | b)
ELTI(XORI_B, b, a ^ b)
ELTI(NORI_B, b, ~(a | b))

FAM_X(ELT3, ADD, a + b)
FAM_X(ELT3, SUB, a - b)
ELT3(ADD_Q, q, a + b)
ELT3(SUB_Q, q, a - b)
FAM_U(ELTI, ADDI, a + b)
FAM_U(ELTI, SUBI, a - b)
FAM_X(ELT2, NEG, -a)

FAM_S(ELT3, MAX, MAX(a, b))
FAM_U(ELT3, MAX, MAX(a, b))
FAM_S(ELT3, MIN, MIN(a, b))
FAM_U(ELT3, MIN, MIN(a, b))
FAM_S(ELTI, MAXI, MAX(a, b))
FAM_U(ELTI, MAXI, MAX(a, b))
FAM_S(ELTI, MINI, MIN(a, b))
FAM_U(ELTI, MINI, MIN(a, b))

/* saturating add/sub: in 128-bit arithmetic, then clamped to the element */
#define SAT_S(a, v)	((v) > (__int128)((1ULL << (BITS(a) - 1)) - 1) ? \
			 (__int128)((1ULL << (BITS(a) - 1)) - 1) : \
			 (v) < -(__int128)(1ULL << (BITS(a) - 1)) ? \
			 -(__int128)(1ULL << (BITS(a) - 1)) : (v))
#define SAT_U(a, v)	((v) < 0 ? 0 : (v) > (__int128)mask_n(BITS(a)) ? \
			 (__int128)mask_n(BITS(a)) : (v))
FAM_S(ELT3, SADD, SAT_S(a, (__int128)a + b))
FAM_U(ELT3, SADD, SAT_U(a, (__int128)a + b))
FAM_S(ELT3, SSUB, SAT_S(a, (__int128)a - b))
FAM_U(ELT3, SSUB, SAT_U(a, (__int128)a - b))

FAM_S(ELT3, AVG, (a >> 1) + (b >> 1) + (a & b & 1))
FAM_U(ELT3, AVG, (a >> 1) + (b >> 1) + (a & b & 1))
FAM_S(ELT3, AVGR, (a >> 1) + (b >> 1) + ((a | b) & 1))
FAM_U(ELT3, AVGR, (a >> 1) + (b >> 1) + ((a | b) & 1))
FAM_S(ELT3, ABSD, a > b ? (uint64_t)a - (uint64_t)b : (uint64_t)b - (uint64_t)a)
FAM_U(ELT3, ABSD, a > b ? a - b : b - a)
FAM_S(ELT3, ADDA, (uint64_t)(a < 0 ? -(uint64_t)a : (uint64_t)a) +
		  (uint64_t)(b < 0 ? -(uint64_t)b : (uint64_t)b))
FAM_S(ELT3, SIGNCOV, a == 0 ? 0 : a < 0 ? -(uint64_t)b : (uint64_t)b)

/* ---- multiply, divide ---- */

FAM_X(ELT3, MUL, (uint64_t)a * b)
FAM_S(ELT3, MUH, (uint64_t)(((__int128)a * b) >> BITS(a)))
FAM_U(ELT3, MUH, (uint64_t)(((unsigned __int128)a * b) >> BITS(a)))
FAM_X(ELT3D, MADD, c + (uint64_t)a * b)
FAM_X(ELT3D, MSUB, c - (uint64_t)a * b)
/* x/0 = 0, x%0 = 0, MIN/-1 = MIN, MIN%-1 = 0 (as QEMU) */
FAM_S(ELT3, DIV, b == 0 ? 0 : (b == -1 ? -(uint64_t)a : (uint64_t)(a / b)))
FAM_S(ELT3, MOD, b == 0 || b == -1 ? 0 : a % b)
FAM_U(ELT3, DIV, b == 0 ? 0 : a / b)
FAM_U(ELT3, MOD, b == 0 ? 0 : a % b)

/* ---- shifts, rotates, bit ops ---- */

FAM_X(ELT3, SLL, (uint64_t)a << SHAMT(a, b))
FAM_X(ELT3, SRL, a >> SHAMT(a, b))
FAM_S(ELT3, SRA, a >> SHAMT(a, b))
#define ROTR(a, s)	((s) ? (a) >> (s) | (a) << (BITS(a) - (s)) : (a))
FAM_X(ELT3, ROTR, ROTR(a, SHAMT(a, b)))
#define RSHR(a, s)	((s) ? ((a) >> (s)) + (((a) >> ((s) - 1)) & 1) : (a))
FAM_X(ELT3, SRLR, RSHR(a, SHAMT(a, b)))
FAM_S(ELT3, SRAR, RSHR(a, SHAMT(a, b)))
FAM_X(ELTI, SLLI, (uint64_t)a << b)
FAM_X(ELTI, SRLI, a >> b)
FAM_S(ELTI, SRAI, a >> b)
FAM_X(ELTI, ROTRI, ROTR(a, (unsigned int)b))
FAM_X(ELTI, SRLRI, RSHR(a, (unsigned int)b))
FAM_S(ELTI, SRARI, RSHR(a, (unsigned int)b))
FAM_X(ELT3, BITCLR, a & ~((__typeof__(a))1 << SHAMT(a, b)))
FAM_X(ELT3, BITSET, a | ((__typeof__(a))1 << SHAMT(a, b)))
FAM_X(ELT3, BITREV, a ^ ((__typeof__(a))1 << SHAMT(a, b)))
FAM_X(ELTI, BITCLRI, a & ~((__typeof__(a))1 << b))
FAM_X(ELTI, BITSETI, a | ((__typeof__(a))1 << b))
FAM_X(ELTI, BITREVI, a ^ ((__typeof__(a))1 << b))
FAM_X(ELT2, CLZ, clz_n(a, BITS(a)))
FAM_X(ELT2, CLO, clz_n(~a & mask_n(BITS(a)), BITS(a)))
FAM_X(ELT2, PCNT, __builtin_popcountll(a))

/* vsat: clamp to imm+1 bits, signed or unsigned */
#define SATS_MAX(a, n)	((n) >= 63 ? INT64_MAX : (int64_t)((1ULL << (n)) - 1))
FAM_S(ELTI, SAT, a > SATS_MAX(a, b) ? SATS_MAX(a, b) :
		 a < -SATS_MAX(a, b) - 1 ? -SATS_MAX(a, b) - 1 : a)
FAM_U(ELTI, SAT, a > mask_n((int)b + 1) ? mask_n((int)b + 1) : a)

/*
 * Narrowing shifts, per 128-bit lane: each source element shifted right
 * (logical or arithmetic, optionally rounding), then truncated or
 * saturated (signed or unsigned range of the narrow type). Register forms
 * shift vj by vk's elements and clear the lane's high half; immediate
 * forms (..ni) shift by imm and fill the high half from the old vd.
 */
#define SATN(v, DF, SAT) \
	((SAT) == 0 ? (v) : \
	 (SAT) == 1 ? ((v) > (__int128)(mask_n(BITS(DF) - 1)) ? (__int128)mask_n(BITS(DF) - 1) : \
		       (v) < -(__int128)mask_n(BITS(DF) - 1) - 1 ? \
		       -(__int128)mask_n(BITS(DF) - 1) - 1 : (v)) : \
	 ((v) < 0 ? 0 : (v) > (__int128)mask_n(BITS(DF)) ? (__int128)mask_n(BITS(DF)) : (v)))
#define NSH(N, DF, SF, IMM, RND, SAT) \
KERNEL(k_##N) \
{ \
	vreg j, k, o, d; \
	const unsigned int m = NEL128(SF); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	vget(cpu, in->rd, &o); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < m; i++) { \
			__typeof__(j.SF[0]) a = j.SF[l * m + i], c = o.SF[l * m + i]; \
			unsigned int sh = IMM ? (unsigned int)in->imm : \
				(unsigned int)k.SF[l * m + i] & (BITS(a) - 1); \
			__int128 v = RND ? RSHR(a, sh) : a >> sh; \
			__int128 w = RND ? RSHR(c, sh) : c >> sh; \
			/* an unsigned 128-bit value >= 2^127 (shift 0) is big, not negative */ \
			if (SAT && (__typeof__(a))-1 > 0 && v < 0) \
				v = (__int128)1 << 126; \
			if (SAT && (__typeof__(a))-1 > 0 && w < 0) \
				w = (__int128)1 << 126; \
			d.DF[l * 2 * m + i] = SATN(v, d.DF[0], SAT); \
			d.DF[l * 2 * m + m + i] = IMM ? SATN(w, d.DF[0], SAT) : 0; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

/* the .b.h .h.w .w.d forms (and .d.q for the immediate ones) of N */
#define NSH_FAM(N, SIGNED, IMM, RND, SAT, S1, S2, S3, S4) \
	NSH(N##_##S1, b, SIGNED##h, IMM, RND, SAT) \
	NSH(N##_##S2, h, SIGNED##w, IMM, RND, SAT) \
	NSH(N##_##S3, w, SIGNED##d, IMM, RND, SAT) \
	NSH_Q##IMM(N##_##S4, SIGNED, RND, SAT)
#define NSH_Q0(N, SIGNED, RND, SAT)
#define NSH_Q1(N, SIGNED, RND, SAT)	NSH(N, d, SIGNED##q, 1, RND, SAT)
/* vsrln, vssrln (signed and unsigned saturation), vsrlni, vssrlni for N = SRL */
#define NSH_ALL(B, SIGNED, RND) \
	NSH_FAM(B##N, SIGNED, 0, RND, 0, B_H, H_W, W_D, D_Q) \
	NSH_FAM(S##B##N, SIGNED, 0, RND, 1, B_H, H_W, W_D, D_Q) \
	NSH_FAM(S##B##N, SIGNED, 0, RND, 2, BU_H, HU_W, WU_D, DU_Q) \
	NSH_FAM(B##NI, SIGNED, 1, RND, 0, B_H, H_W, W_D, D_Q) \
	NSH_FAM(S##B##NI, SIGNED, 1, RND, 1, B_H, H_W, W_D, D_Q) \
	NSH_FAM(S##B##NI, SIGNED, 1, RND, 2, BU_H, HU_W, WU_D, DU_Q)
NSH_ALL(SRL, , 0)
NSH_ALL(SRLR, , 1)
NSH_ALL(SRA, s, 0)
NSH_ALL(SRAR, s, 1)

/* ---- widening ---- */

/*
 * d.DF[i] = EXPR(a, b) with a = j.JF[2i + OJ], b = k.KF[2i + OK], both
 * widened to the type of d.DF (ev: OJ = OK = 0; od: 1; hadd: OJ 1, OK 0).
 */
#define WIDE(N, DF, JF, KF, OJ, OK, ACC, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	if (ACC) \
		vget(cpu, in->rd, &d); \
	for (unsigned int i = 0; i < NEL(DF); i++) { \
		__typeof__(d.DF[0]) a = j.JF[2 * i + OJ], b = k.KF[2 * i + OK]; \
		/* accumulate with wrap-around (unsigned: no signed overflow) */ \
		d.DF[i] = (unsigned __int128)(ACC ? d.DF[i] : 0) + \
			  (unsigned __int128)(EXPR); \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

/* all eight forms for one operation: .h.b .w.h .d.w .q.d and the unsigned ones */
#define WIDE8(N, OJ, OK, ACC, EXPR) \
	WIDE(N##_H_B, sh, sb, sb, OJ, OK, ACC, EXPR) \
	WIDE(N##_W_H, sw, sh, sh, OJ, OK, ACC, EXPR) \
	WIDE(N##_D_W, sd, sw, sw, OJ, OK, ACC, EXPR) \
	WIDE(N##_Q_D, sq, sd, sd, OJ, OK, ACC, EXPR) \
	WIDE(N##_HU_BU, h, b, b, OJ, OK, ACC, EXPR) \
	WIDE(N##_WU_HU, w, h, h, OJ, OK, ACC, EXPR) \
	WIDE(N##_DU_WU, d, w, w, OJ, OK, ACC, EXPR) \
	WIDE(N##_QU_DU, q, d, d, OJ, OK, ACC, EXPR)
/* ev/od ops name their forms .h.b/.h.bu/.h.bu.b (unsigned j, signed k) */
#define WIDE12(N, O, ACC, EXPR) \
	WIDE(N##_H_B, sh, sb, sb, O, O, ACC, EXPR) \
	WIDE(N##_W_H, sw, sh, sh, O, O, ACC, EXPR) \
	WIDE(N##_D_W, sd, sw, sw, O, O, ACC, EXPR) \
	WIDE(N##_Q_D, sq, sd, sd, O, O, ACC, EXPR) \
	WIDE(N##_H_BU, h, b, b, O, O, ACC, EXPR) \
	WIDE(N##_W_HU, w, h, h, O, O, ACC, EXPR) \
	WIDE(N##_D_WU, d, w, w, O, O, ACC, EXPR) \
	WIDE(N##_Q_DU, q, d, d, O, O, ACC, EXPR) \
	WIDE(N##_H_BU_B, sh, b, sb, O, O, ACC, EXPR) \
	WIDE(N##_W_HU_H, sw, h, sh, O, O, ACC, EXPR) \
	WIDE(N##_D_WU_W, sd, w, sw, O, O, ACC, EXPR) \
	WIDE(N##_Q_DU_D, sq, d, sd, O, O, ACC, EXPR)

WIDE8(HADDW, 1, 0, 0, a + b)
WIDE8(HSUBW, 1, 0, 0, a - b)
WIDE12(ADDWEV, 0, 0, a + b)
WIDE12(ADDWOD, 1, 0, a + b)
WIDE12(MULWEV, 0, 0, a * b)
WIDE12(MULWOD, 1, 0, a * b)
WIDE12(MADDWEV, 0, 1, a * b)
WIDE12(MADDWOD, 1, 1, a * b)
/* subwev/subwod exist only as .h.b...q.du (no mixed-sign forms) */
#define WIDE8EO(N, O, EXPR) \
	WIDE(N##_H_B, sh, sb, sb, O, O, 0, EXPR) \
	WIDE(N##_W_H, sw, sh, sh, O, O, 0, EXPR) \
	WIDE(N##_D_W, sd, sw, sw, O, O, 0, EXPR) \
	WIDE(N##_Q_D, sq, sd, sd, O, O, 0, EXPR) \
	WIDE(N##_H_BU, h, b, b, O, O, 0, EXPR) \
	WIDE(N##_W_HU, w, h, h, O, O, 0, EXPR) \
	WIDE(N##_D_WU, d, w, w, O, O, 0, EXPR) \
	WIDE(N##_Q_DU, q, d, d, O, O, 0, EXPR)
WIDE8EO(SUBWEV, 0, a - b)
WIDE8EO(SUBWOD, 1, a - b)

/*
 * Per 128-bit lane: d.DF[i] = j.JF[i + OFF] << imm (OFF = half the lane for
 * vexth, 0 for vsllwil/vextl).
 */
#define EXTW(N, DF, JF, HIGH, SHIFT) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < NEL128(DF); i++) { \
			__typeof__(d.DF[0]) a = j.JF[l * NEL128(JF) + i + \
						      (HIGH ? NEL128(DF) : 0)]; \
			d.DF[l * NEL128(DF) + i] = SHIFT ? (__typeof__(a))((unsigned __int128)a << in->imm) : a; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
EXTW(EXTH_H_B, sh, sb, 1, 0) EXTW(EXTH_W_H, sw, sh, 1, 0)
EXTW(EXTH_D_W, sd, sw, 1, 0) EXTW(EXTH_Q_D, sq, sd, 1, 0)
EXTW(EXTH_HU_BU, h, b, 1, 0) EXTW(EXTH_WU_HU, w, h, 1, 0)
EXTW(EXTH_DU_WU, d, w, 1, 0) EXTW(EXTH_QU_DU, q, d, 1, 0)
EXTW(SLLWIL_H_B, sh, sb, 0, 1) EXTW(SLLWIL_W_H, sw, sh, 0, 1)
EXTW(SLLWIL_D_W, sd, sw, 0, 1) EXTW(EXTL_Q_D, sq, sd, 0, 0)
EXTW(SLLWIL_HU_BU, h, b, 0, 1) EXTW(SLLWIL_WU_HU, w, h, 0, 1)
EXTW(SLLWIL_DU_WU, d, w, 0, 1) EXTW(EXTL_QU_DU, q, d, 0, 0)

/* vext2xv (LASX only): widen the low elements of the whole register */
#define EXT2XV(N, DF, JF) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int i = 0; i < NEL(DF); i++) \
		d.DF[i] = j.JF[i]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, 32)
EXT2XV(VEXT2XV_H_B, sh, sb) EXT2XV(VEXT2XV_W_B, sw, sb) EXT2XV(VEXT2XV_D_B, sd, sb)
EXT2XV(VEXT2XV_W_H, sw, sh) EXT2XV(VEXT2XV_D_H, sd, sh) EXT2XV(VEXT2XV_D_W, sd, sw)
EXT2XV(VEXT2XV_HU_BU, h, b) EXT2XV(VEXT2XV_WU_BU, w, b) EXT2XV(VEXT2XV_DU_BU, d, b)
EXT2XV(VEXT2XV_WU_HU, w, h) EXT2XV(VEXT2XV_DU_HU, d, h) EXT2XV(VEXT2XV_DU_WU, d, w)

/* ---- select, shuffle, permute ---- */

KERNEL(k_bitsel)
{
	vreg j, k, a, d;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rk, &k);
	vget(cpu, in->ra, &a);
	for (unsigned int i = 0; i < NEL(d); i++)
		d.d[i] = (k.d[i] & a.d[i]) | (j.d[i] & ~a.d[i]);
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(BITSEL_V, k_bitsel)

KERNEL(k_bitseli)
{
	vreg j, d;
	uint8_t m = in->imm;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rd, &d);
	for (unsigned int i = 0; i < NEL(b); i++)
		d.b[i] = (~d.b[i] & j.b[i]) | (d.b[i] & m);
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(BITSELI_B, k_bitseli)

/* vshuf.b: per 128-bit lane, byte a % 32 of the pair (vj:vk), vk low */
KERNEL(k_shuf_b)
{
	vreg j, k, a, d;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rk, &k);
	vget(cpu, in->ra, &a);
	for (unsigned int l = 0; l < bytes; l += 16)
		for (unsigned int i = 0; i < 16; i++) {
			unsigned int s = a.b[l + i] % 32;

			d.b[l + i] = s < 16 ? k.b[l + s] : j.b[l + s - 16];
		}
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(SHUF_B, k_shuf_b)

/* vshuf.h/w/d: the selectors are the old vd elements */
#define SHUF(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	vget(cpu, in->rd, &d); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < m; i++) { \
			unsigned int s = d.F[l * m + i] % (2 * m); \
			d.F[l * m + i] = s < m ? k.F[l * m + s] : j.F[l * m + s - m]; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
SHUF(SHUF_H, h) SHUF(SHUF_W, w) SHUF(SHUF_D, d)

#define SHUF4I(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int i = 0; i < NEL(F); i++) \
		d.F[i] = j.F[(i & ~3u) + ((in->imm >> (2 * (i & 3))) & 3)]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
SHUF4I(SHUF4I_B, b) SHUF4I(SHUF4I_H, h) SHUF4I(SHUF4I_W, w)

KERNEL(k_shuf4i_d)
{
	vreg j, d, o;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rd, &o);
	for (unsigned int l = 0; l < bytes / 16; l++) {
		d.d[2 * l] = (in->imm & 2 ? j : o).d[2 * l + (in->imm & 1)];
		d.d[2 * l + 1] = (in->imm & 8 ? j : o).d[2 * l + ((in->imm >> 2) & 1)];
	}
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(SHUF4I_D, k_shuf4i_d)

KERNEL(k_permi_w)
{
	vreg j, d, o;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rd, &o);
	for (unsigned int l = 0; l < bytes / 16; l++) {
		d.w[4 * l + 0] = j.w[4 * l + (in->imm & 3)];
		d.w[4 * l + 1] = j.w[4 * l + ((in->imm >> 2) & 3)];
		d.w[4 * l + 2] = o.w[4 * l + ((in->imm >> 4) & 3)];
		d.w[4 * l + 3] = o.w[4 * l + ((in->imm >> 6) & 3)];
	}
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(PERMI_W, k_permi_w)

KERNEL(k_permi_d)
{
	vreg j, d;

	BEGIN();
	vget(cpu, in->rj, &j);
	for (unsigned int i = 0; i < 4; i++)
		d.d[i] = j.d[(in->imm >> (2 * i)) & 3];
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
ONLY(XVPERMI_D, k_permi_d, 32)

/* xvpermi.q: each 128-bit half picks one of xj.lo, xj.hi, xd.lo, xd.hi */
KERNEL(k_permi_q)
{
	vreg j, o, d;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rd, &o);
	for (unsigned int l = 0; l < 2; l++) {
		unsigned int s = (in->imm >> (4 * l)) & 3;

		d.q[l] = s < 2 ? j.q[s] : o.q[s - 2];
	}
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
ONLY(XVPERMI_Q, k_permi_q, 32)

KERNEL(k_perm_w)
{
	vreg j, k, d;

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rk, &k);
	for (unsigned int i = 0; i < 8; i++)
		d.w[i] = j.w[k.w[i] & 7];
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
ONLY(XVPERM_W, k_perm_w, 32)

/* interleave, pack, pick: per 128-bit lane, vk supplies the even results */
#define ILV(N, F, HIGH) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < m / 2; i++) { \
			unsigned int s = l * m + i + (HIGH ? m / 2 : 0); \
			d.F[l * m + 2 * i] = k.F[s]; \
			d.F[l * m + 2 * i + 1] = j.F[s]; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
ILV(ILVL_B, b, 0) ILV(ILVL_H, h, 0) ILV(ILVL_W, w, 0) ILV(ILVL_D, d, 0)
ILV(ILVH_B, b, 1) ILV(ILVH_H, h, 1) ILV(ILVH_W, w, 1) ILV(ILVH_D, d, 1)

#define PACK(N, F, ODD) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	for (unsigned int i = 0; i < NEL(F) / 2; i++) { \
		d.F[2 * i] = k.F[2 * i + ODD]; \
		d.F[2 * i + 1] = j.F[2 * i + ODD]; \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
PACK(PACKEV_B, b, 0) PACK(PACKEV_H, h, 0) PACK(PACKEV_W, w, 0) PACK(PACKEV_D, d, 0)
PACK(PACKOD_B, b, 1) PACK(PACKOD_H, h, 1) PACK(PACKOD_W, w, 1) PACK(PACKOD_D, d, 1)

#define PICK(N, F, ODD) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < m / 2; i++) { \
			d.F[l * m + i] = k.F[l * m + 2 * i + ODD]; \
			d.F[l * m + m / 2 + i] = j.F[l * m + 2 * i + ODD]; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
PICK(PICKEV_B, b, 0) PICK(PICKEV_H, h, 0) PICK(PICKEV_W, w, 0) PICK(PICKEV_D, d, 0)
PICK(PICKOD_B, b, 1) PICK(PICKOD_H, h, 1) PICK(PICKOD_W, w, 1) PICK(PICKOD_D, d, 1)

#define EXTRINS(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rd, &d); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		d.F[l * m + ((in->imm >> 4) & (m - 1))] = j.F[l * m + (in->imm & (m - 1))]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
EXTRINS(EXTRINS_B, b) EXTRINS(EXTRINS_H, h) EXTRINS(EXTRINS_W, w) EXTRINS(EXTRINS_D, d)

/* whole-lane byte shifts by imm % 16 bytes */
#define BSHIFT(N, LEFT) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	unsigned int s = in->imm & 15; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes; l += 16) \
		for (unsigned int i = 0; i < 16; i++) { \
			if (LEFT) \
				d.b[l + i] = i >= s ? j.b[l + i - s] : 0; \
			else \
				d.b[l + i] = i + s < 16 ? j.b[l + i + s] : 0; \
		} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
BSHIFT(BSLL_V, 1) BSHIFT(BSRL_V, 0)

/* ---- element moves ---- */

#define PICKVE2GR(N, F, BYTES) \
KERNEL(k_##N) \
{ \
	vreg j; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	SETR(in->rd, (uint64_t)(int64_t)j.F[in->imm]); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, BYTES)
PICKVE2GR(VPICKVE2GR_B, sb, 16) PICKVE2GR(VPICKVE2GR_H, sh, 16)
PICKVE2GR(VPICKVE2GR_W, sw, 16) PICKVE2GR(VPICKVE2GR_D, sd, 16)
PICKVE2GR(VPICKVE2GR_BU, b, 16) PICKVE2GR(VPICKVE2GR_HU, h, 16)
PICKVE2GR(VPICKVE2GR_WU, w, 16) PICKVE2GR(VPICKVE2GR_DU, d, 16)
PICKVE2GR(XVPICKVE2GR_W, sw, 32) PICKVE2GR(XVPICKVE2GR_D, sd, 32)
PICKVE2GR(XVPICKVE2GR_WU, w, 32) PICKVE2GR(XVPICKVE2GR_DU, d, 32)

#define INSGR2VR(N, F, BYTES) \
KERNEL(k_##N) \
{ \
	vreg d; \
	BEGIN(); \
	vget(cpu, in->rd, &d); \
	d.F[in->imm] = GR(in->rj); \
	vput_keep(cpu, in->rd, &d); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, BYTES)
INSGR2VR(VINSGR2VR_B, b, 16) INSGR2VR(VINSGR2VR_H, h, 16)
INSGR2VR(VINSGR2VR_W, w, 16) INSGR2VR(VINSGR2VR_D, d, 16)
INSGR2VR(XVINSGR2VR_W, w, 32) INSGR2VR(XVINSGR2VR_D, d, 32)

#define REPLGR2VR(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	for (unsigned int i = 0; i < NEL(F); i++) \
		d.F[i] = GR(in->rj); \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
REPLGR2VR(REPLGR2VR_B, b) REPLGR2VR(REPLGR2VR_H, h)
REPLGR2VR(REPLGR2VR_W, w) REPLGR2VR(REPLGR2VR_D, d)

/* per 128-bit lane: every element = element IDX of that lane */
#define REPLLANE(N, XN, F, IDX) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	const unsigned int m = NEL128(F); \
	unsigned int s = (IDX) % m; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < m; i++) \
			d.F[l * m + i] = j.F[l * m + s]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR2(N, XN, k_##N)
REPLLANE(VREPLVEI_B, XVREPL128VEI_B, b, in->imm)
REPLLANE(VREPLVEI_H, XVREPL128VEI_H, h, in->imm)
REPLLANE(VREPLVEI_W, XVREPL128VEI_W, w, in->imm)
REPLLANE(VREPLVEI_D, XVREPL128VEI_D, d, in->imm)
REPLLANE(VREPLVE_B, XVREPLVE_B, b, GR(in->rk))
REPLLANE(VREPLVE_H, XVREPLVE_H, h, GR(in->rk))
REPLLANE(VREPLVE_W, XVREPLVE_W, w, GR(in->rk))
REPLLANE(VREPLVE_D, XVREPLVE_D, d, GR(in->rk))

/* xvreplve0: element 0 everywhere */
#define REPLVE0(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int i = 0; i < NEL(F); i++) \
		d.F[i] = j.F[0]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, 32)
REPLVE0(XVREPLVE0_B, b) REPLVE0(XVREPLVE0_H, h) REPLVE0(XVREPLVE0_W, w)
REPLVE0(XVREPLVE0_D, d) REPLVE0(XVREPLVE0_Q, q)

#define INSVE0(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rd, &d); \
	d.F[in->imm] = j.F[0]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, 32)
INSVE0(XVINSVE0_W, w) INSVE0(XVINSVE0_D, d)

#define PICKVE(N, F) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	memset(&d, 0, sizeof(d)); \
	d.F[0] = j.F[in->imm]; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
ONLY(N, k_##N, 32)
PICKVE(XVPICKVE_W, w) PICKVE(XVPICKVE_D, d)

/* ---- masks and FCC tests ---- */

/* per 128-bit lane: a bit per element in the low 64 bits, high 64 bits 0 */
#define MSK(N, F, COND) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) { \
		uint64_t r = 0; \
		for (unsigned int i = 0; i < m; i++) { \
			__typeof__(j.F[0]) a = j.F[l * m + i]; \
			r |= (uint64_t)(COND) << i; \
		} \
		d.d[2 * l] = r; \
		d.d[2 * l + 1] = 0; \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
MSK(MSKLTZ_H, sh, a < 0) MSK(MSKLTZ_W, sw, a < 0) MSK(MSKLTZ_D, sd, a < 0)

/*
 * The byte forms (string functions' hot loop) a word at a time: the
 * condition in each byte's top bit, then one multiply gathers the 8 bits.
 */
static inline uint64_t gather_msb8(uint64_t t)
{
	return (((t >> 7) & 0x0101010101010101ULL) * 0x0102040810204080ULL) >> 56;
}

static inline uint64_t nz_msb8(uint64_t w)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;

	return (((w & lo7) + lo7) | w) & ~lo7;
}

#define MSK_B(N, TOP) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) { \
		uint64_t w0 = j.d[2 * l], w1 = j.d[2 * l + 1]; \
		d.d[2 * l] = gather_msb8(TOP(w0)) | gather_msb8(TOP(w1)) << 8; \
		d.d[2 * l + 1] = 0; \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
#define LTZ_MSB8(w)	(w)
#define GEZ_MSB8(w)	(~(w))
MSK_B(MSKLTZ_B, LTZ_MSB8) MSK_B(MSKGEZ_B, GEZ_MSB8) MSK_B(MSKNZ_B, nz_msb8)

/* fcc[cd] = whether ANY/ALL elements satisfy COND over the whole width */
#define SETCC(N, F, ANY, COND) \
KERNEL(k_##N) \
{ \
	vreg j; \
	bool r = !ANY; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int i = 0; i < NEL(F); i++) { \
		__typeof__(j.F[0]) a = j.F[i]; \
		if (ANY) \
			r |= (COND); \
		else \
			r &= (COND); \
	} \
	cpu->fcc[in->rd & 7] = r; \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
SETCC(SETEQZ_V, d, 0, a == 0) SETCC(SETNEZ_V, d, 1, a != 0)
SETCC(SETANYEQZ_B, b, 1, a == 0) SETCC(SETANYEQZ_H, h, 1, a == 0)
SETCC(SETANYEQZ_W, w, 1, a == 0) SETCC(SETANYEQZ_D, d, 1, a == 0)
SETCC(SETALLNEZ_B, b, 0, a != 0) SETCC(SETALLNEZ_H, h, 0, a != 0)
SETCC(SETALLNEZ_W, w, 0, a != 0) SETCC(SETALLNEZ_D, d, 0, a != 0)

/* vfrstp(i): per lane, index of the first negative vj element into vd */
#define FRSTP(N, F, POS) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	const unsigned int m = NEL128(F); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	vget(cpu, in->rd, &d); \
	(void)k; \
	for (unsigned int l = 0; l < bytes / 16; l++) { \
		unsigned int i; \
		for (i = 0; i < m; i++) \
			if (j.F[l * m + i] < 0) \
				break; \
		d.F[l * m + ((POS) & (m - 1))] = i; \
	} \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
FRSTP(FRSTPI_B, sb, in->imm) FRSTP(FRSTPI_H, sh, in->imm)
FRSTP(FRSTP_B, sb, k.b[l * 16]) FRSTP(FRSTP_H, sh, k.h[l * 8])

/* vldi: bit 12 clear = vrepli (sign-extended imm[9:0], element size imm[11:10]) */
static bool vldi_value(uint32_t imm, uint64_t *val, unsigned int *esize)
{
	uint64_t t = imm & 0xff, b6 = (t >> 6) & 1, b7 = t >> 7, s, dbl;

	if (!(imm & 0x1000)) {
		*esize = 1u << ((imm >> 10) & 3);
		*val = (uint64_t)(int64_t)((int32_t)(imm << 22) >> 22);
		return true;
	}
	*esize = 8;
	switch ((imm >> 8) & 0xf) {
	case 0: *val = t << 32 | t; break;
	case 1: *val = t << 40 | t << 8; break;
	case 2: *val = t << 48 | t << 16; break;
	case 3: *val = t << 56 | t << 24; break;
	case 4: *val = t << 48 | t << 32 | t << 16 | t; break;
	case 5: *val = t << 56 | t << 40 | t << 24 | t << 8; break;
	case 6: *val = t << 40 | 0xffULL << 32 | t << 8 | 0xff; break;
	case 7: *val = t << 48 | 0xffffULL << 32 | t << 16 | 0xffff; break;
	case 8: *val = t * 0x0101010101010101ULL; break;
	case 9:
		*val = 0;
		for (int i = 0; i < 8; i++)
			if (t & (1u << i))
				*val |= 0xffULL << (8 * i);
		break;
	case 10: case 11:
		/* single aBbbbbbc defgh000... (a = b7, B = !b6, b = b6) */
		s = (b7 << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1fULL : 0) << 25) |
		    ((t & 0x3f) << 19);
		*val = ((imm >> 8) & 0xf) == 10 ? s << 32 | s : s;
		break;
	case 12:
		dbl = (b7 << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xffULL : 0) << 54) |
		      ((t & 0x3f) << 48);
		*val = dbl;
		break;
	default:
		return false;
	}
	return true;
}

KERNEL(k_ldi)
{
	vreg d;
	uint64_t v;
	unsigned int es;

	if (!vldi_value(in->imm, &v, &es)) {
		sk_raise_insn(cpu, EXC_INE, 0, raw);
		return R_BLOCK;
	}
	BEGIN();
	for (unsigned int i = 0; i < bytes; i += es)
		memcpy(&d.b[i], &v, es);
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(LDI, k_ldi)

/* ---- dispatch ---- */

static const vec_fn handlers[OP_VEC_COUNT] = {
#define V(op, mn, pat, fmt, opnds) [OP_##op - OP_VEC_FIRST] = sk_vop_##op,
#include "vec-insn-table.h"
#undef V
};

bool sk_vec_implemented(unsigned int op)
{
	return op >= OP_VEC_FIRST && op < OP_VEC_END && handlers[op - OP_VEC_FIRST];
}

enum sk_res sk_exec_vec(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw)
{
	vec_fn fn = in->op < OP_VEC_END ? handlers[in->op - OP_VEC_FIRST] : NULL;

	if (unlikely(!fn)) {
		sk_raise_insn(cpu, EXC_INE, 0, raw);
		return R_BLOCK;
	}
	return fn(cpu, in, raw);
}
