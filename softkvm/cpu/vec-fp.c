/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LSX/LASX floating point: each element goes through the scalar FPU's
 * element operations (fpu.c: IEEE results, NaN selection, default NaN,
 * FCSR rounding mode), their VZOUI bits are ORed over the elements and
 * committed once per instruction: Cause = that set; an enabled one raises
 * FPE with the destination untouched, otherwise Flags accumulate.
 * Half precision (vfcvt.h.s, vfcvtl/h.s.h) converts in fpu.c as well. vfrecipe/vfrsqrte stay
 * INE: they need CPUCFG2.FRECIPE (LA664), which softkvm's la464 lacks.
 */
#include "vec.h"

/* Referenced by vec.c so that linking libsoftkvm.a takes this object. */
const unsigned char sk_vec_fp_unit;

enum { RNE = 0, RZ = 1, RP = 2, RM = 3, RCUR = -1 };

/*
 * d.F[i] = EXPR over a = j.F[i], b = k.F[i], c = va.F[i] (or old d.F[i]),
 * with rm and fl in scope; DBL: binary64 elements (d) or binary32 (w).
 */
#define FPOP(N, F, DBL, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, k, x, d; \
	unsigned int fl = 0; \
	int rm = sk_fp_rm(cpu); \
	const bool dbl = DBL; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	vget(cpu, in->ra, &x); \
	for (unsigned int i = 0; i < NEL(F); i++) { \
		uint64_t a = j.F[i], b = k.F[i], c = x.F[i]; \
		(void)a; (void)b; (void)c; (void)rm; (void)dbl; \
		d.F[i] = (EXPR); \
	} \
	if (!sk_fp_commit(cpu, fl, raw)) \
		return R_BLOCK; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)

#define FPOP_SD(N, EXPR)	FPOP(N##_S, w, false, EXPR) FPOP(N##_D, d, true, EXPR)

FPOP_SD(FADD, sk_fp_arith(SK_FA_ADD, a, b, dbl, rm, &fl))
FPOP_SD(FSUB, sk_fp_arith(SK_FA_SUB, a, b, dbl, rm, &fl))
FPOP_SD(FMUL, sk_fp_arith(SK_FA_MUL, a, b, dbl, rm, &fl))
FPOP_SD(FDIV, sk_fp_arith(SK_FA_DIV, a, b, dbl, rm, &fl))
FPOP_SD(FMAX, sk_fp_minmax(a, b, dbl, true, false, &fl))
FPOP_SD(FMIN, sk_fp_minmax(a, b, dbl, false, false, &fl))
FPOP_SD(FMAXA, sk_fp_minmax(a, b, dbl, true, true, &fl))
FPOP_SD(FMINA, sk_fp_minmax(a, b, dbl, false, true, &fl))
FPOP_SD(FMADD, sk_fp_fused(a, b, c, dbl, false, false, rm, &fl))
FPOP_SD(FMSUB, sk_fp_fused(a, b, c, dbl, true, false, rm, &fl))
/*
 * QEMU 11 (softfloat's negate_result) negates the rounded a*b+c, so a
 * directed rounding mode rounds the positive value; fpu.c's scalar forms
 * follow QEMU 7.2, which rounds the negated one. NaNs keep their sign.
 */
static inline uint64_t neg_unless_nan(uint64_t r, bool dbl)
{
	uint64_t sb = dbl ? 1ULL << 63 : 1ULL << 31, mag = r & ~sb;
	bool nan = dbl ? mag > 0x7ff0000000000000ULL : mag > 0x7f800000ULL;

	return nan ? r : r ^ sb;
}
FPOP_SD(FNMADD, neg_unless_nan(sk_fp_fused(a, b, c, dbl, false, false, rm, &fl), dbl))
FPOP_SD(FNMSUB, neg_unless_nan(sk_fp_fused(a, b, c, dbl, true, false, rm, &fl), dbl))
FPOP_SD(FSQRT, sk_fp_arith(SK_FA_SQRT, a, 0, dbl, rm, &fl))
FPOP_SD(FRECIP, sk_fp_arith(SK_FA_RECIP, a, 0, dbl, rm, &fl))
FPOP_SD(FRSQRT, sk_fp_arith(SK_FA_RSQRT, a, 0, dbl, rm, &fl))
FPOP_SD(FLOGB, sk_fp_logb(a, dbl, &fl))
FPOP_SD(FCLASS, sk_fp_class(a, dbl))
FPOP_SD(FRINT, sk_fp_arith(SK_FA_RINT, a, 0, dbl, rm, &fl))
FPOP_SD(FRINTRNE, sk_fp_arith(SK_FA_RINT, a, 0, dbl, RNE, &fl))
FPOP_SD(FRINTRZ, sk_fp_arith(SK_FA_RINT, a, 0, dbl, RZ, &fl))
FPOP_SD(FRINTRP, sk_fp_arith(SK_FA_RINT, a, 0, dbl, RP, &fl))
FPOP_SD(FRINTRM, sk_fp_arith(SK_FA_RINT, a, 0, dbl, RM, &fl))

/* same-width conversions */
FPOP(FFINT_S_W, w, false, sk_fp_from_int(a, false, false, rm, &fl))
FPOP(FFINT_D_L, d, true, sk_fp_from_int(a, true, true, rm, &fl))
#define FTINT_SAME(SFX, MODE) \
	FPOP(FTINT##SFX##_W_S, w, false, \
	     (uint32_t)sk_fp_to_int(a, false, false, MODE < 0 ? rm : MODE, &fl)) \
	FPOP(FTINT##SFX##_L_D, d, true, sk_fp_to_int(a, true, true, MODE < 0 ? rm : MODE, &fl))
FTINT_SAME(, RCUR)
FTINT_SAME(RNE, RNE)
FTINT_SAME(RZ, RZ)
FTINT_SAME(RP, RP)
FTINT_SAME(RM, RM)
FPOP(FFINT_S_WU, w, false, sk_fp_from_uint(a, false, false, rm, &fl))
FPOP(FFINT_D_LU, d, true, sk_fp_from_uint(a, true, true, rm, &fl))
FPOP(FTINT_WU_S, w, false, (uint32_t)sk_fp_to_uint(a, false, false, rm, &fl))
FPOP(FTINT_LU_D, d, true, sk_fp_to_uint(a, true, true, rm, &fl))
FPOP(FTINTRZ_WU_S, w, false, (uint32_t)sk_fp_to_uint(a, false, false, RZ, &fl))
FPOP(FTINTRZ_LU_D, d, true, sk_fp_to_uint(a, true, true, RZ, &fl))

/* vfcmp.COND: all-ones where the condition holds (cond as in fcmp) */
#define FCMP(C, CODE) \
	FPOP(FCMP_##C##_S, w, false, -(uint64_t)sk_fp_cmp(CODE, a, b, false, &fl)) \
	FPOP(FCMP_##C##_D, d, true, -(uint64_t)sk_fp_cmp(CODE, a, b, true, &fl))
FCMP(CAF, 0) FCMP(SAF, 1) FCMP(CLT, 2) FCMP(SLT, 3) FCMP(CEQ, 4) FCMP(SEQ, 5)
FCMP(CLE, 6) FCMP(SLE, 7) FCMP(CUN, 8) FCMP(SUN, 9) FCMP(CULT, 10) FCMP(SULT, 11)
FCMP(CUEQ, 12) FCMP(SUEQ, 13) FCMP(CULE, 14) FCMP(SULE, 15) FCMP(CNE, 16) FCMP(SNE, 17)
FCMP(COR, 20) FCMP(SOR, 21) FCMP(CUNE, 24) FCMP(SUNE, 25)

/*
 * Narrowing, per 128-bit lane: the low half of the result from vk's
 * elements, the high half from vj's (vfcvt.s.d, vffint.s.l, vftint.w.d).
 */
#define NARROW(N, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, k, d; \
	unsigned int fl = 0; \
	int rm = sk_fp_rm(cpu); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	vget(cpu, in->rk, &k); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < 2; i++) { \
			uint64_t a = k.d[2 * l + i]; \
			d.w[4 * l + i] = (EXPR); \
			a = j.d[2 * l + i]; \
			d.w[4 * l + 2 + i] = (EXPR); \
		} \
	(void)rm; \
	if (!sk_fp_commit(cpu, fl, raw)) \
		return R_BLOCK; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
NARROW(FCVT_S_D, sk_fp_cvt(a, false, rm, &fl))
NARROW(FFINT_S_L, sk_fp_from_int(a, true, false, rm, &fl))
NARROW(FTINT_W_D, sk_fp_to_int(a, true, false, rm, &fl))
NARROW(FTINTRNE_W_D, sk_fp_to_int(a, true, false, RNE, &fl))
NARROW(FTINTRZ_W_D, sk_fp_to_int(a, true, false, RZ, &fl))
NARROW(FTINTRP_W_D, sk_fp_to_int(a, true, false, RP, &fl))
NARROW(FTINTRM_W_D, sk_fp_to_int(a, true, false, RM, &fl))

/* Widening, per 128-bit lane: from the low (HIGH 0) or high words of vj. */
#define WIDEN(N, HIGH, EXPR) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	unsigned int fl = 0; \
	int rm = sk_fp_rm(cpu); \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < 2; i++) { \
			uint64_t a = j.w[4 * l + 2 * HIGH + i]; \
			d.d[2 * l + i] = (EXPR); \
		} \
	(void)rm; \
	if (!sk_fp_commit(cpu, fl, raw)) \
		return R_BLOCK; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
WIDEN(FCVTL_D_S, 0, sk_fp_cvt(a, true, rm, &fl))
WIDEN(FCVTH_D_S, 1, sk_fp_cvt(a, true, rm, &fl))
WIDEN(FFINTL_D_W, 0, sk_fp_from_int(a, false, true, rm, &fl))
WIDEN(FFINTH_D_W, 1, sk_fp_from_int(a, false, true, rm, &fl))
#define FTINTLH(SFX, MODE) \
	WIDEN(FTINT##SFX##L_L_S, 0, sk_fp_to_int(a, false, true, MODE < 0 ? rm : MODE, &fl)) \
	WIDEN(FTINT##SFX##H_L_S, 1, sk_fp_to_int(a, false, true, MODE < 0 ? rm : MODE, &fl))
FTINTLH(, RCUR)
FTINTLH(RNE, RNE)
FTINTLH(RZ, RZ)
FTINTLH(RP, RP)
FTINTLH(RM, RM)

/* binary32 <-> binary16, per 128-bit lane (narrow: vk low, vj high) */
KERNEL(k_fcvt_h_s)
{
	vreg j, k, d;
	unsigned int fl = 0;
	int rm = sk_fp_rm(cpu);

	BEGIN();
	vget(cpu, in->rj, &j);
	vget(cpu, in->rk, &k);
	for (unsigned int l = 0; l < bytes / 16; l++)
		for (unsigned int i = 0; i < 4; i++) {
			d.h[8 * l + i] = sk_fp_to_half(k.w[4 * l + i], rm, &fl);
			d.h[8 * l + 4 + i] = sk_fp_to_half(j.w[4 * l + i], rm, &fl);
		}
	if (!sk_fp_commit(cpu, fl, raw))
		return R_BLOCK;
	vput(cpu, in->rd, &d, bytes);
	return vnext(cpu);
}
PAIR(FCVT_H_S, k_fcvt_h_s)

#define FCVT_S_H(N, HIGH) \
KERNEL(k_##N) \
{ \
	vreg j, d; \
	unsigned int fl = 0; \
	BEGIN(); \
	vget(cpu, in->rj, &j); \
	for (unsigned int l = 0; l < bytes / 16; l++) \
		for (unsigned int i = 0; i < 4; i++) \
			d.w[4 * l + i] = sk_fp_from_half(j.h[8 * l + 4 * HIGH + i], &fl); \
	if (!sk_fp_commit(cpu, fl, raw)) \
		return R_BLOCK; \
	vput(cpu, in->rd, &d, bytes); \
	return vnext(cpu); \
} \
PAIR(N, k_##N)
FCVT_S_H(FCVTL_S_H, 0)
FCVT_S_H(FCVTH_S_H, 1)
