/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The F and D floating-point instructions (LoongArch Vol1 ch. 3).
 *
 * Arithmetic on ordinary numbers runs on the host FPU with the guest's
 * rounding mode installed and the host exception flags collected around
 * the single operation. NaN operands, the default NaN, float->int
 * saturation and the few LoongArch-specific results are handled in
 * software first, so the host's own NaN conventions never leak through.
 * Results and flags follow what qemu-loongarch64 (softfloat) computes;
 * tests/softkvm/run-diff.sh compares the two.
 */
#include <fenv.h>
#include <math.h>
#include "internal.h"

/* FCSR0 fields */
#define FCSR_ENABLES	0x1fU
#define FCSR_RM_SHIFT	8
#define FCSR_FLAGS_SHIFT 16
#define FCSR_CAUSE_SHIFT 24
#define FCSR0_MASK	0x1f1f031fU

/* Exception bits, in the order of the Enables/Flags/Cause fields */
#define FX_I	0x01U
#define FX_U	0x02U
#define FX_O	0x04U
#define FX_Z	0x08U
#define FX_V	0x10U

#define RM_RNE	0
#define RM_RZ	1
#define RM_RP	2
#define RM_RM	3

#define NAN32	0x7fc00000ULL
#define NAN64	0x7ff8000000000000ULL
#define BOX32	0xffffffff00000000ULL

/*
 * Keep an FP value in memory at this point: with the "memory" clobber the
 * compiler cannot move the operation between it and the fenv calls.
 */
#define FENCE(x)	__asm__ volatile("" : "+m"(x) : : "memory")

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

static void fp_begin(int rm)
{
	fesetround(host_rm[rm & 3]);
	feclearexcept(FE_ALL_EXCEPT);
}

static unsigned int fp_end(void)
{
	int e = fetestexcept(FE_ALL_EXCEPT);
	unsigned int f = 0;

	if (e & FE_INEXACT)
		f |= FX_I;
	if (e & FE_UNDERFLOW)
		f |= FX_U;
	if (e & FE_OVERFLOW)
		f |= FX_O;
	if (e & FE_DIVBYZERO)
		f |= FX_Z;
	if (e & FE_INVALID)
		f |= FX_V;
	feclearexcept(FE_ALL_EXCEPT);
	fesetround(FE_TONEAREST);
	return f;
}

static inline int cur_rm(struct sk_cpu *cpu)
{
	return (cpu->fcsr >> FCSR_RM_SHIFT) & 3;
}

/* ---- bit-level helpers, dbl selects binary64 ---- */

static inline bool is_nan(uint64_t v, bool dbl)
{
	return dbl ? (v & ~(1ULL << 63)) > 0x7ff0000000000000ULL :
		     (v & 0x7fffffffULL) > 0x7f800000ULL;
}

static inline bool is_snan(uint64_t v, bool dbl)
{
	return is_nan(v, dbl) && !(v & (dbl ? (1ULL << 51) : (1ULL << 22)));
}

static inline uint64_t quiet(uint64_t v, bool dbl)
{
	return v | (dbl ? (1ULL << 51) : (1ULL << 22));
}

static inline bool is_inf(uint64_t v, bool dbl)
{
	return dbl ? (v & ~(1ULL << 63)) == 0x7ff0000000000000ULL :
		     (v & 0x7fffffffULL) == 0x7f800000ULL;
}

static inline bool is_zero(uint64_t v, bool dbl)
{
	return dbl ? !(v & ~(1ULL << 63)) : !(v & 0x7fffffffULL);
}

static inline uint64_t sign_bit(bool dbl)
{
	return dbl ? 1ULL << 63 : 1ULL << 31;
}

static inline uint64_t opnd(uint64_t v, bool dbl)
{
	return dbl ? v : (uint32_t)v;
}

static inline float f32(uint64_t v)
{
	uint32_t u = (uint32_t)v;
	float f;

	memcpy(&f, &u, 4);
	return f;
}

static inline double f64(uint64_t v)
{
	double d;

	memcpy(&d, &v, 8);
	return d;
}

static inline uint64_t b32(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static inline uint64_t b64(double d)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	return u;
}

/*
 * NaN propagation with two operands: a signalling NaN wins over a quiet
 * one, then the first operand over the second (as LoongArch/QEMU).
 */
static bool pick_nan2(uint64_t a, uint64_t b, bool dbl, uint64_t *r, unsigned int *fl)
{
	bool sa = is_snan(a, dbl), sb = is_snan(b, dbl);

	if (!is_nan(a, dbl) && !is_nan(b, dbl))
		return false;
	if (sa || sb)
		*fl |= FX_V;
	if (sa)
		*r = quiet(a, dbl);
	else if (sb)
		*r = quiet(b, dbl);
	else
		*r = is_nan(a, dbl) ? a : b;
	return true;
}

/* Fused multiply-add a*b+c: sNaN before qNaN, and c, a, b in that order. */
static bool pick_nan3(uint64_t a, uint64_t b, uint64_t c, bool dbl, uint64_t *r,
		      unsigned int *fl)
{
	uint64_t o[3] = { c, a, b };

	if (!is_nan(a, dbl) && !is_nan(b, dbl) && !is_nan(c, dbl))
		return false;
	if (is_snan(a, dbl) || is_snan(b, dbl) || is_snan(c, dbl))
		*fl |= FX_V;
	/* inf * 0 is invalid even when the addend is a quiet NaN */
	if ((is_inf(a, dbl) && is_zero(b, dbl)) || (is_zero(a, dbl) && is_inf(b, dbl)))
		*fl |= FX_V;
	for (int i = 0; i < 3; i++)
		if (is_snan(o[i], dbl)) {
			*r = quiet(o[i], dbl);
			return true;
		}
	for (int i = 0; i < 3; i++)
		if (is_nan(o[i], dbl)) {
			*r = o[i];
			return true;
		}
	return true;
}

/* A NaN from ordinary operands is the default NaN (the host's may differ). */
static inline uint64_t fix_nan(uint64_t r, bool dbl)
{
	if (is_nan(r, dbl))
		return dbl ? NAN64 : NAN32;
	return r;
}

/*
 * Round a double to an integral value in mode rm, in software (exact:
 * every step below is representable). *inexact says whether it moved.
 */
static double round_int(double x, int rm, bool *inexact)
{
	double t, frac;

	*inexact = false;
	if (!(fabs(x) < 4503599627370496.0))	/* >= 2^52, inf or NaN */
		return x;
	t = (double)(int64_t)x;			/* truncation */
	frac = x - t;
	if (frac != 0) {
		*inexact = true;
		switch (rm) {
		case RM_RNE:
			if (fabs(frac) > 0.5 ||
			    (fabs(frac) == 0.5 && ((int64_t)t & 1)))
				t += x < 0 ? -1.0 : 1.0;
			break;
		case RM_RP:
			if (frac > 0)
				t += 1.0;
			break;
		case RM_RM:
			if (frac < 0)
				t -= 1.0;
			break;
		default:
			break;
		}
	}
	return t == 0 ? copysign(0.0, x) : t;
}

/* ---- the arithmetic ---- */

enum { A_ADD, A_SUB, A_MUL, A_DIV, A_SQRT, A_RECIP, A_RSQRT, A_SCALEB, A_RINT };

static uint64_t arith(int k, uint64_t a, uint64_t b, bool dbl, int rm, unsigned int *fl)
{
	uint64_t r;

	if (k == A_SCALEB) {
		if (is_nan(a, dbl)) {
			if (is_snan(a, dbl))
				*fl |= FX_V;
			return quiet(a, dbl);
		}
	} else if (k >= A_SQRT) {
		if (is_nan(a, dbl)) {
			if (is_snan(a, dbl))
				*fl |= FX_V;
			return quiet(a, dbl);
		}
	} else if (pick_nan2(a, b, dbl, &r, fl)) {
		return r;
	}

	fp_begin(rm);
	if (dbl) {
		double x = f64(a), y = f64(b), z;

		FENCE(x);
		FENCE(y);
		switch (k) {
		case A_ADD:	z = x + y; break;
		case A_SUB:	z = x - y; break;
		case A_MUL:	z = x * y; break;
		case A_DIV:	z = x / y; break;
		case A_SQRT:	z = sqrt(x); break;
		case A_RECIP:	z = 1.0 / x; break;
		case A_RSQRT:	z = sqrt(x); FENCE(z); z = 1.0 / z; break;
		case A_RINT: {
			bool ix;

			z = round_int(x, rm, &ix);
			if (ix)
				feraiseexcept(FE_INEXACT);
			break;
		}
		default: {
			int64_t n = (int64_t)b;

			n = n > 0x1000 ? 0x1000 : n < -0x1000 ? -0x1000 : n;
			z = scalbn(x, (int)n);
			break;
		}
		}
		FENCE(z);
		r = b64(z);
	} else {
		float x = f32(a), y = f32(b), z;

		FENCE(x);
		FENCE(y);
		switch (k) {
		case A_ADD:	z = x + y; break;
		case A_SUB:	z = x - y; break;
		case A_MUL:	z = x * y; break;
		case A_DIV:	z = x / y; break;
		case A_SQRT:	z = sqrtf(x); break;
		case A_RECIP:	z = 1.0f / x; break;
		case A_RSQRT:	z = sqrtf(x); FENCE(z); z = 1.0f / z; break;
		case A_RINT: {
			bool ix;

			z = (float)round_int(x, rm, &ix);
			if (ix)
				feraiseexcept(FE_INEXACT);
			break;
		}
		default: {
			int32_t n = (int32_t)b;

			n = n > 0x200 ? 0x200 : n < -0x200 ? -0x200 : n;
			z = scalbnf(x, n);
			break;
		}
		}
		FENCE(z);
		r = b32(z);
	}
	*fl |= fp_end();
	return fix_nan(r, dbl);
}

static uint64_t host_fma(uint64_t a, uint64_t b, uint64_t c, bool dbl)
{
	if (dbl) {
		double x = f64(a), y = f64(b), z = f64(c);

		FENCE(x);
		FENCE(y);
		FENCE(z);
		x = fma(x, y, z);
		FENCE(x);
		return b64(x);
	} else {
		float x = f32(a), y = f32(b), z = f32(c);

		FENCE(x);
		FENCE(y);
		FENCE(z);
		x = fmaf(x, y, z);
		FENCE(x);
		return b32(x);
	}
}

/*
 * a*b+c with c negated for the *sub forms and the exact result negated
 * before rounding for the fn* forms. A NaN result is never negated.
 */
static uint64_t fused(uint64_t a, uint64_t b, uint64_t c, bool dbl, bool neg_c,
		      bool neg_res, int rm, unsigned int *fl)
{
	uint64_t sb = sign_bit(dbl), r = 0;
	unsigned int f;

	if (pick_nan3(a, b, c, dbl, &r, fl))
		return r;
	if (neg_c)
		c ^= sb;
	fp_begin(rm);
	r = host_fma(neg_res ? a ^ sb : a, b, neg_res ? c ^ sb : c, dbl);
	f = fp_end();
	/*
	 * An exact zero sum takes its sign from the rounding mode before the
	 * negation: negate that zero rather than the operands.
	 */
	if (neg_res && is_zero(r, dbl) && !(f & FX_I)) {
		fp_begin(rm);
		r = host_fma(a, b, c, dbl) ^ sb;
		f = fp_end();
	}
	*fl |= f;
	return fix_nan(r, dbl);
}

/* IEEE 754-2008 maxNum/minNum, or on magnitudes for fmaxa/fmina. */
static uint64_t minmax(uint64_t a, uint64_t b, bool dbl, bool max, bool mag,
		       unsigned int *fl)
{
	uint64_t sb = sign_bit(dbl), ma, mb, r;
	bool a_gt;

	if (is_nan(a, dbl) || is_nan(b, dbl)) {
		if (!is_snan(a, dbl) && !is_snan(b, dbl)) {
			if (!is_nan(a, dbl))
				return a;
			if (!is_nan(b, dbl))
				return b;
		}
		pick_nan2(a, b, dbl, &r, fl);
		return r;
	}
	ma = a & ~sb;
	mb = b & ~sb;
	if (mag && ma != mb)
		a_gt = ma > mb;
	else if ((a & sb) != (b & sb))
		a_gt = !(a & sb);		/* the positive one is greater */
	else if (a & sb)
		a_gt = ma < mb;
	else
		a_gt = ma > mb;
	return (a_gt == max) ? a : b;
}

/* fcmp: bit 0 of cond = signalling; the rest selects LT/EQ/UN/GT sets. */
#define CMP_LT	1
#define CMP_EQ	2
#define CMP_UN	4
#define CMP_GT	8

static int cmp_flags(unsigned int cond)
{
	unsigned int c = cond >> 1, f;

	if (cond > 0x19 || c == 9 || c == 11)
		return -1;
	f = c & 7;
	if (c & 8)
		f |= CMP_LT | CMP_GT;
	return (int)f;
}

static int compare(uint64_t a, uint64_t b, bool dbl, bool sig, unsigned int *fl)
{
	uint64_t sb = sign_bit(dbl), ma = a & ~sb, mb = b & ~sb;

	if (is_nan(a, dbl) || is_nan(b, dbl)) {
		if (sig || is_snan(a, dbl) || is_snan(b, dbl))
			*fl |= FX_V;
		return CMP_UN;
	}
	if (ma == 0 && mb == 0)
		return CMP_EQ;
	if (a == b)
		return CMP_EQ;
	if ((a & sb) != (b & sb))
		return (a & sb) ? CMP_LT : CMP_GT;
	if (a & sb)
		return ma > mb ? CMP_LT : CMP_GT;
	return ma < mb ? CMP_LT : CMP_GT;
}

static uint64_t fclass(uint64_t v, bool dbl)
{
	bool neg = v & sign_bit(dbl);
	uint64_t mag = v & ~sign_bit(dbl);
	bool sub = dbl ? mag < 0x0010000000000000ULL : mag < 0x00800000ULL;

	if (is_nan(v, dbl))
		return is_snan(v, dbl) ? 1 : 2;
	if (is_inf(v, dbl))
		return neg ? 1 << 2 : 1 << 6;
	if (mag == 0)
		return neg ? 1 << 5 : 1 << 9;
	if (sub)
		return neg ? 1 << 4 : 1 << 8;
	return neg ? 1 << 3 : 1 << 7;
}

/* flogb: floor(log2|x|) as a float; invalid for x < 0, -inf and DZ for 0. */
static uint64_t flogb(uint64_t v, bool dbl, unsigned int *fl)
{
	if (is_nan(v, dbl)) {
		if (is_snan(v, dbl))
			*fl |= FX_V;
		return quiet(v, dbl);
	}
	if (is_zero(v, dbl)) {
		*fl |= FX_Z;
		return dbl ? 0xfff0000000000000ULL : 0xff800000ULL;
	}
	if (v & sign_bit(dbl)) {
		*fl |= FX_V;
		return dbl ? NAN64 : NAN32;
	}
	if (is_inf(v, dbl))
		return v;
	if (dbl)
		return b64((double)ilogb(f64(v)));
	return b32((float)ilogbf(f32(v)));
}

/* float -> integer in mode rm; NaN gives 0, out of range saturates (invalid). */
static uint64_t to_int(uint64_t v, bool dbl, bool to64, int rm, unsigned int *fl)
{
	double x;
	bool ix;

	if (is_nan(v, dbl)) {
		*fl |= FX_V;
		return 0;
	}
	x = round_int(dbl ? f64(v) : (double)f32(v), rm, &ix);
	/* Exact range checks in double: both bounds are powers of two. */
	if (to64 ? (x >= 9223372036854775808.0 || x < -9223372036854775808.0) :
		   (x >= 2147483648.0 || x < -2147483648.0)) {
		*fl |= FX_V;
		if (to64)
			return x < 0 ? (uint64_t)INT64_MIN : (uint64_t)INT64_MAX;
		return x < 0 ? (uint64_t)INT32_MIN : (uint64_t)INT32_MAX;
	}
	if (ix)
		*fl |= FX_I;
	return to64 ? (uint64_t)(int64_t)x : (uint64_t)(int32_t)x;
}

static uint64_t from_int(uint64_t v, bool from64, bool dbl, int rm, unsigned int *fl)
{
	uint64_t r;

	fp_begin(rm);
	if (dbl) {
		double z;

		if (from64) {
			int64_t i = (int64_t)v;

			FENCE(i);
			z = (double)i;
		} else {
			int32_t i = (int32_t)v;

			FENCE(i);
			z = (double)i;
		}
		FENCE(z);
		r = b64(z);
	} else {
		float z;

		if (from64) {
			int64_t i = (int64_t)v;

			FENCE(i);
			z = (float)i;
		} else {
			int32_t i = (int32_t)v;

			FENCE(i);
			z = (float)i;
		}
		FENCE(z);
		r = b32(z);
	}
	*fl |= fp_end();
	return r;
}

static uint64_t cvt(uint64_t v, bool to_dbl, int rm, unsigned int *fl)
{
	uint64_t r;

	if (to_dbl) {
		if (is_nan(v, false)) {
			if (is_snan(v, false))
				*fl |= FX_V;
			return ((v & 0x80000000ULL) << 32) | NAN64 |
			       ((v & 0x3fffffULL) << 29);
		}
		fp_begin(rm);
		{
			float x = f32(v);
			double z;

			FENCE(x);
			z = x;
			FENCE(z);
			r = b64(z);
		}
	} else {
		if (is_nan(v, true)) {
			if (is_snan(v, true))
				*fl |= FX_V;
			return ((v >> 32) & 0x80000000ULL) | NAN32 |
			       ((v >> 29) & 0x3fffffULL);
		}
		fp_begin(rm);
		{
			double x = f64(v);
			float z;

			FENCE(x);
			z = (float)x;
			FENCE(z);
			r = b32(z);
		}
	}
	*fl |= fp_end();
	return r;
}

/* ---- FCSR ---- */

static const uint32_t fcsr_mask[4] = { FCSR0_MASK, FCSR_ENABLES, 0x1f1f0000U, 0x300U };

/*
 * Record an operation's exceptions: Cause always; then either trap (an
 * enabled one: FPE, destination untouched) or accumulate into Flags.
 */
static bool fp_commit(struct sk_cpu *cpu, unsigned int fl, uint32_t raw)
{
	cpu->fcsr = (cpu->fcsr & ~(0x1fU << FCSR_CAUSE_SHIFT)) | (fl << FCSR_CAUSE_SHIFT);
	if (fl & cpu->fcsr & FCSR_ENABLES) {
		sk_raise_insn(cpu, EXC_FPE, 0, raw);
		return false;
	}
	cpu->fcsr |= fl << FCSR_FLAGS_SHIFT;
	return true;
}

#define FD	(cpu->fpr[in->rd][0])
#define FJ	(cpu->fpr[in->rj][0])
#define FK	(cpu->fpr[in->rk][0])
#define FA	(cpu->fpr[in->ra][0])

static inline uint64_t box(uint64_t v, bool dbl)
{
	return dbl ? v : (BOX32 | (uint32_t)v);
}

enum sk_res sk_exec_fp(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw)
{
	unsigned int op = in->op, fl = 0;
	int rm = cur_rm(cpu);
	uint64_t r = 0;
	bool dbl;
	int cf;

	switch (op) {
	/* moves: no exceptions, no flags */
	case OP_FMOV_S:
		FD = box(FJ, false);
		goto done;
	case OP_FMOV_D:
		FD = FJ;
		goto done;
	case OP_FSEL:
		FD = cpu->fcc[in->imm & 7] ? FK : FJ;
		goto done;
	case OP_MOVGR2FR_W:
		FD = (FD & BOX32) | (uint32_t)cpu->gpr[in->rj];
		goto done;
	case OP_MOVGR2FR_D:
		FD = cpu->gpr[in->rj];
		goto done;
	case OP_MOVGR2FRH_W:
		FD = (FD & 0xffffffffULL) | (cpu->gpr[in->rj] << 32);
		goto done;
	case OP_MOVFR2GR_S:
		if (in->rd)
			cpu->gpr[in->rd] = (uint64_t)(int64_t)(int32_t)FJ;
		goto done;
	case OP_MOVFR2GR_D:
		if (in->rd)
			cpu->gpr[in->rd] = FJ;
		goto done;
	case OP_MOVFRH2GR_S:
		if (in->rd)
			cpu->gpr[in->rd] = (uint64_t)(int64_t)(int32_t)(FJ >> 32);
		goto done;
	case OP_MOVGR2FCSR:
		if (in->rd < 4)
			cpu->fcsr = (cpu->fcsr & ~fcsr_mask[in->rd]) |
				    ((uint32_t)cpu->gpr[in->rj] & fcsr_mask[in->rd]);
		goto done;
	case OP_MOVFCSR2GR:
		if (in->rd)
			cpu->gpr[in->rd] = in->rj < 4 ? (cpu->fcsr & fcsr_mask[in->rj]) : 0;
		goto done;
	case OP_MOVFR2CF:
		cpu->fcc[in->rd & 7] = FJ & 1;
		goto done;
	case OP_MOVCF2FR:
		FD = cpu->fcc[in->rj & 7] & 1;
		goto done;
	case OP_MOVGR2CF:
		cpu->fcc[in->rd & 7] = cpu->gpr[in->rj] & 1;
		goto done;
	case OP_MOVCF2GR:
		if (in->rd)
			cpu->gpr[in->rd] = cpu->fcc[in->rj & 7] & 1;
		goto done;
	case OP_FABS_S:
		FD = box(FJ & 0x7fffffffULL, false);
		goto done;
	case OP_FABS_D:
		FD = FJ & ~(1ULL << 63);
		goto done;
	case OP_FNEG_S:
		FD = box(FJ ^ 0x80000000ULL, false);
		goto done;
	case OP_FNEG_D:
		FD = FJ ^ (1ULL << 63);
		goto done;
	case OP_FCOPYSIGN_S:
		/* QEMU 7.2 keeps fk's upper half here */
		FD = (FJ & 0x7fffffffULL) | (FK & ~0x7fffffffULL);
		goto done;
	case OP_FCOPYSIGN_D:
		FD = (FJ & ~(1ULL << 63)) | (FK & (1ULL << 63));
		goto done;
	case OP_FCLASS_S:
	case OP_FCLASS_D:
		FD = fclass(opnd(FJ, op == OP_FCLASS_D), op == OP_FCLASS_D);
		goto done;
	default:
		break;
	}

	switch (op) {
	case OP_FADD_S ... OP_FDIV_D: {
		static const int kind[] = { A_ADD, A_ADD, A_SUB, A_SUB, A_MUL, A_MUL, A_DIV, A_DIV };

		dbl = (op - OP_FADD_S) & 1;
		r = arith(kind[op - OP_FADD_S], opnd(FJ, dbl), opnd(FK, dbl), dbl, rm, &fl);
		break;
	}
	case OP_FMAX_S ... OP_FMINA_D: {
		unsigned int k = op - OP_FMAX_S;

		dbl = k & 1;
		r = minmax(opnd(FJ, dbl), opnd(FK, dbl), dbl, !(k & 2), k >= 4, &fl);
		break;
	}
	case OP_FSCALEB_S:
	case OP_FSCALEB_D:
		dbl = op == OP_FSCALEB_D;
		r = arith(A_SCALEB, opnd(FJ, dbl), FK, dbl, rm, &fl);
		break;
	case OP_FSQRT_S ... OP_FRSQRT_D: {
		static const int kind[] = { A_SQRT, A_SQRT, A_RECIP, A_RECIP, A_RSQRT, A_RSQRT };

		dbl = (op - OP_FSQRT_S) & 1;
		r = arith(kind[op - OP_FSQRT_S], opnd(FJ, dbl), 0, dbl, rm, &fl);
		break;
	}
	case OP_FLOGB_S:
	case OP_FLOGB_D:
		dbl = op == OP_FLOGB_D;
		r = flogb(opnd(FJ, dbl), dbl, &fl);
		break;
	case OP_FRINT_S:
	case OP_FRINT_D:
		dbl = op == OP_FRINT_D;
		r = arith(A_RINT, opnd(FJ, dbl), 0, dbl, rm, &fl);
		if (!fp_commit(cpu, fl, raw))
			return R_BLOCK;
		FD = r;		/* frint.s is not NaN-boxed (as QEMU 7.2) */
		goto done;
	case OP_FMADD_S ... OP_FNMSUB_D: {
		unsigned int k = (op - OP_FMADD_S) >> 1;	/* madd msub nmadd nmsub */

		dbl = (op - OP_FMADD_S) & 1;
		r = fused(opnd(FJ, dbl), opnd(FK, dbl), opnd(FA, dbl), dbl,
			  k & 1, k >= 2, rm, &fl);
		break;
	}
	case OP_FCMP_S:
	case OP_FCMP_D:
		dbl = op == OP_FCMP_D;
		cf = cmp_flags(in->ra);
		if (cf < 0) {
			sk_raise_insn(cpu, EXC_INE, 0, raw);
			return R_BLOCK;
		}
		cf &= compare(opnd(FJ, dbl), opnd(FK, dbl), dbl, in->ra & 1, &fl);
		if (!fp_commit(cpu, fl, raw))
			return R_BLOCK;
		cpu->fcc[in->rd & 7] = cf != 0;
		goto done;
	case OP_FCVT_S_D:
		dbl = false;
		r = cvt(FJ, false, rm, &fl);
		break;
	case OP_FCVT_D_S:
		dbl = true;
		r = cvt(opnd(FJ, false), true, rm, &fl);
		break;
	case OP_FFINT_S_W:
	case OP_FFINT_S_L:
	case OP_FFINT_D_W:
	case OP_FFINT_D_L:
		dbl = op == OP_FFINT_D_W || op == OP_FFINT_D_L;
		r = from_int(FJ, op == OP_FFINT_S_L || op == OP_FFINT_D_L, dbl, rm, &fl);
		break;
	case OP_FTINTRM_W_S ... OP_FTINT_L_D: {
		unsigned int k = op - OP_FTINTRM_W_S;
		static const int mode[5] = { RM_RM, RM_RP, RM_RZ, RM_RNE, -1 };
		int m = mode[k >> 2];
		bool src_d = k & 1, to64 = k & 2;

		r = to_int(opnd(FJ, src_d), src_d, to64, m < 0 ? rm : m, &fl);
		if (!fp_commit(cpu, fl, raw))
			return R_BLOCK;
		/* QEMU 7.2 zero-extends these two .w results, sign-extends the rest */
		if (op == OP_FTINTRZ_W_S || op == OP_FTINTRNE_W_S)
			r = (uint32_t)r;
		FD = r;
		goto done;
	}
	default:
		sk_raise_insn(cpu, EXC_INE, 0, raw);
		return R_BLOCK;
	}
	if (!fp_commit(cpu, fl, raw))
		return R_BLOCK;
	FD = box(r, dbl);
done:
	cpu->pc += 4;
	return R_NEXT;
}

/* ---- the element operations, for the LSX/LASX FP instructions (vec-fp.c) ---- */

_Static_assert((int)A_ADD == (int)SK_FA_ADD && (int)A_SQRT == (int)SK_FA_SQRT &&
	       (int)A_RECIP == (int)SK_FA_RECIP && (int)A_RSQRT == (int)SK_FA_RSQRT &&
	       (int)A_SCALEB == (int)SK_FA_SCALEB && (int)A_RINT == (int)SK_FA_RINT,
	       "internal.h mirrors the arith kinds");

uint64_t sk_fp_arith(int kind, uint64_t a, uint64_t b, bool dbl, int rm, unsigned int *fl)
{
	return arith(kind, a, b, dbl, rm, fl);
}

uint64_t sk_fp_fused(uint64_t a, uint64_t b, uint64_t c, bool dbl, bool neg_c, bool neg_r,
		     int rm, unsigned int *fl)
{
	return fused(a, b, c, dbl, neg_c, neg_r, rm, fl);
}

uint64_t sk_fp_minmax(uint64_t a, uint64_t b, bool dbl, bool max, bool mag, unsigned int *fl)
{
	return minmax(a, b, dbl, max, mag, fl);
}

int sk_fp_cmp(unsigned int cond, uint64_t a, uint64_t b, bool dbl, unsigned int *fl)
{
	int cf = cmp_flags(cond);

	return cf < 0 ? -1 : (cf & compare(a, b, dbl, cond & 1, fl)) != 0;
}

uint64_t sk_fp_class(uint64_t v, bool dbl)
{
	return fclass(v, dbl);
}

uint64_t sk_fp_logb(uint64_t v, bool dbl, unsigned int *fl)
{
	return flogb(v, dbl, fl);
}

uint64_t sk_fp_to_int(uint64_t v, bool dbl, bool to64, int rm, unsigned int *fl)
{
	return to_int(v, dbl, to64, rm, fl);
}

uint64_t sk_fp_from_int(uint64_t v, bool from64, bool dbl, int rm, unsigned int *fl)
{
	return from_int(v, from64, dbl, rm, fl);
}

uint64_t sk_fp_cvt(uint64_t v, bool to_dbl, int rm, unsigned int *fl)
{
	return cvt(v, to_dbl, rm, fl);
}

int sk_fp_rm(struct sk_cpu *cpu)
{
	return cur_rm(cpu);
}

bool sk_fp_commit(struct sk_cpu *cpu, unsigned int fl, uint32_t raw)
{
	return fp_commit(cpu, fl, raw);
}

/* float -> unsigned in mode rm: NaN and negatives that stay negative give 0 (invalid) */
uint64_t sk_fp_to_uint(uint64_t v, bool dbl, bool to64, int rm, unsigned int *fl)
{
	double x;
	bool ix;

	if (is_nan(v, dbl)) {
		*fl |= FX_V;
		return 0;
	}
	x = round_int(dbl ? f64(v) : (double)f32(v), rm, &ix);
	if (x < 0 || x >= (to64 ? 18446744073709551616.0 : 4294967296.0)) {
		*fl |= FX_V;
		return x < 0 ? 0 : to64 ? UINT64_MAX : UINT32_MAX;
	}
	if (ix)
		*fl |= FX_I;
	return to64 ? (uint64_t)x : (uint32_t)x;
}

uint64_t sk_fp_from_uint(uint64_t v, bool from64, bool dbl, int rm, unsigned int *fl)
{
	uint64_t r;

	fp_begin(rm);
	if (dbl) {
		double z;

		if (from64) {
			uint64_t i = v;

			FENCE(i);
			z = (double)i;
		} else {
			uint32_t i = (uint32_t)v;

			FENCE(i);
			z = (double)i;
		}
		FENCE(z);
		r = b64(z);
	} else {
		float z;

		if (from64) {
			uint64_t i = v;

			FENCE(i);
			z = (float)i;
		} else {
			uint32_t i = (uint32_t)v;

			FENCE(i);
			z = (float)i;
		}
		FENCE(z);
		r = b32(z);
	}
	*fl |= fp_end();
	return r;
}

/* binary32 -> binary16 in mode rm (vfcvt.h.s); a NaN keeps its top payload bits */
uint64_t sk_fp_to_half(uint64_t v, int rm, unsigned int *fl)
{
	uint16_t h;

	if (is_nan(v, false)) {
		if (is_snan(v, false))
			*fl |= FX_V;
		return ((v >> 16) & 0x8000) | 0x7e00 | ((v >> 13) & 0x1ff);
	}
	fp_begin(rm);
	{
		float x = f32(v);
		_Float16 z;

		FENCE(x);
		z = (_Float16)x;
		FENCE(z);
		memcpy(&h, &z, 2);
	}
	*fl |= fp_end();
	return h;
}

/* binary16 -> binary32 (vfcvtl/h.s.h): exact, only a signalling NaN raises */
uint64_t sk_fp_from_half(uint64_t v, unsigned int *fl)
{
	uint32_t sign = (v & 0x8000) << 16, e = (v >> 10) & 0x1f, m = v & 0x3ff;

	if (e == 0x1f) {
		if (m && !(m & 0x200))
			*fl |= FX_V;
		return sign | 0x7f800000 | (m << 13) | (m ? 0x400000 : 0);
	}
	if (e == 0)	/* zero or subnormal: m * 2^-24 is exact in binary32 */
		return sign | b32(ldexpf((float)m, -24));
	return sign | ((e + 112) << 23) | (m << 13);
}
