/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Execution of the LA64 base integer, memory, branch and privileged
 * instructions. Each handler updates cpu->pc itself.
 */
#include "internal.h"
#include "alu.h"

#define GR(n)		(cpu->gpr[n])
#define SETR(n, v)	do { unsigned int r_ = (n); if (r_) cpu->gpr[r_] = (v); } while (0)
#define SEXT32(v)	SK_SX32(v)

static inline uint64_t zext_len(uint64_t v, unsigned int len)
{
	return len == 8 ? v : v & ((1ULL << (8 * len)) - 1);
}

static enum sk_res raise(struct sk_cpu *cpu, int exc, uint64_t badv, uint32_t raw)
{
	sk_raise_insn(cpu, exc, badv, raw);
	return R_BLOCK;
}

static enum sk_res next(struct sk_cpu *cpu)
{
	cpu->pc += 4;
	return R_NEXT;
}

/* Which kernel-emulated MMIO forms an instruction is (0: not emulated). */
enum mmio_kind { MM_NONE, MM_SIGNED, MM_UNSIGNED, MM_STORE };

/* ---- memory access ---- */

/*
 * Load len bytes. R_NEXT: *val holds the zero-extended data. Otherwise an
 * exception was raised (R_BLOCK) or an MMIO exit prepared (R_STOP).
 */
static enum sk_res load(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			unsigned int len, enum mmio_kind mk, unsigned int rd,
			uint64_t *val)
{
	struct sk_priv *p = PRIV(cpu);
	void *h = sk_host_fast(cpu, va, len, ACC_LOAD);
	uint64_t pa, badv;
	int r;

	if (likely(h)) {
		*val = ram_ld(h, len);
		return R_NEXT;
	}
	*val = 0;
	r = sk_mem_load(cpu, va, len, val, &pa, &badv);
	if (likely(!r))
		return R_NEXT;
	if (r != MEM_MMIO)
		return raise(cpu, r, badv, raw);
	if (mk == MM_NONE)
		return raise(cpu, EXC_ADEM, pa, raw);
	p->run->exit_reason = KVM_EXIT_MMIO;
	p->run->mmio.phys_addr = pa;
	p->run->mmio.len = len;
	p->run->mmio.is_write = 0;
	memset(p->run->mmio.data, 0, sizeof(p->run->mmio.data));
	p->io_rd = rd;
	p->io_len = len;
	p->io_signed = mk == MM_SIGNED;
	p->io_pending = IO_MMIO_READ;
	p->stop = SK_STOP_EXIT;
	return R_STOP;
}

static enum sk_res store(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			 unsigned int len, enum mmio_kind mk, uint64_t val)
{
	struct sk_priv *p = PRIV(cpu);
	void *h = sk_host_fast(cpu, va, len, ACC_STORE);
	uint64_t pa, badv;
	int r;

	if (likely(h)) {
		ram_st(h, len, val);
		return R_NEXT;
	}
	r = sk_mem_store(cpu, va, len, &val, &pa, &badv);
	if (likely(!r))
		return R_NEXT;
	if (r != MEM_MMIO)
		return raise(cpu, r, badv, raw);
	if (mk == MM_NONE)
		return raise(cpu, EXC_ADEM, pa, raw);
	p->run->exit_reason = KVM_EXIT_MMIO;
	p->run->mmio.phys_addr = pa;
	p->run->mmio.len = len;
	p->run->mmio.is_write = 1;
	memset(p->run->mmio.data, 0, sizeof(p->run->mmio.data));
	memcpy(p->run->mmio.data, &val, len);
	p->io_pending = IO_NONE;
	p->stop = SK_STOP_EXIT;
	cpu->pc += 4;
	return R_STOP;
}

/* Host pointer for an aligned atomic access (ll/sc/am*), or raise. */
static void *atomic_ptr(struct sk_cpu *cpu, uint32_t raw, uint64_t va,
			unsigned int len, enum sk_acc acc, uint64_t *pa_out)
{
	uint64_t pa = 0;
	void *h;
	int exc;

	if (va & (len - 1)) {
		sk_raise_insn(cpu, EXC_ALE, va, raw);
		return NULL;
	}
	h = sk_host_slow(cpu, va, len, acc, &pa, &exc);
	if (exc) {
		sk_raise_insn(cpu, exc, va, raw);
		return NULL;
	}
	if (!h) {
		sk_raise_insn(cpu, EXC_ADEM, pa, raw);
		return NULL;
	}
	if (pa_out)
		*pa_out = pa;
	return h;
}

static enum sk_res exec_am(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw)
{
	unsigned int op = in->op;
	bool db = op >= OP_AMSWAP_DB_W;
	unsigned int base = db ? op - OP_AMSWAP_DB_W : op - OP_AMSWAP_W;
	bool dword = base & 1;
	unsigned int kind = base >> 1;	/* swap add and or xor max min maxu minu */
	uint64_t va = GR(in->rj), src = GR(in->rk), old;
	void *h;

	if (in->rd && (in->rd == in->rj || in->rd == in->rk))
		return raise(cpu, EXC_INE, 0, raw);
	h = atomic_ptr(cpu, raw, va, dword ? 8 : 4, ACC_STORE, NULL);
	if (!h)
		return R_BLOCK;
	if (dword) {
		uint64_t *m = h, cur, nv;

		switch (kind) {
		case 0: old = __atomic_exchange_n(m, src, __ATOMIC_SEQ_CST); break;
		case 1: old = __atomic_fetch_add(m, src, __ATOMIC_SEQ_CST); break;
		case 2: old = __atomic_fetch_and(m, src, __ATOMIC_SEQ_CST); break;
		case 3: old = __atomic_fetch_or(m, src, __ATOMIC_SEQ_CST); break;
		case 4: old = __atomic_fetch_xor(m, src, __ATOMIC_SEQ_CST); break;
		default:
			cur = __atomic_load_n(m, __ATOMIC_RELAXED);
			do {
				switch (kind) {
				case 5: nv = (int64_t)cur > (int64_t)src ? cur : src; break;
				case 6: nv = (int64_t)cur < (int64_t)src ? cur : src; break;
				case 7: nv = cur > src ? cur : src; break;
				default: nv = cur < src ? cur : src; break;
				}
			} while (!__atomic_compare_exchange_n(m, &cur, nv, false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
			old = cur;
			break;
		}
		SETR(in->rd, old);
	} else {
		uint32_t *m = h, s = (uint32_t)src, cur, nv, o;

		switch (kind) {
		case 0: o = __atomic_exchange_n(m, s, __ATOMIC_SEQ_CST); break;
		case 1: o = __atomic_fetch_add(m, s, __ATOMIC_SEQ_CST); break;
		case 2: o = __atomic_fetch_and(m, s, __ATOMIC_SEQ_CST); break;
		case 3: o = __atomic_fetch_or(m, s, __ATOMIC_SEQ_CST); break;
		case 4: o = __atomic_fetch_xor(m, s, __ATOMIC_SEQ_CST); break;
		default:
			cur = __atomic_load_n(m, __ATOMIC_RELAXED);
			do {
				switch (kind) {
				case 5: nv = (int32_t)cur > (int32_t)s ? cur : s; break;
				case 6: nv = (int32_t)cur < (int32_t)s ? cur : s; break;
				case 7: nv = cur > s ? cur : s; break;
				default: nv = cur < s ? cur : s; break;
				}
			} while (!__atomic_compare_exchange_n(m, &cur, nv, false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
			o = cur;
			break;
		}
		SETR(in->rd, SEXT32(o));
	}
	return next(cpu);
}

static enum sk_res exec_ll(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw,
			   unsigned int len)
{
	uint64_t va = GR(in->rj) + (int64_t)in->imm, pa, v;
	void *h = atomic_ptr(cpu, raw, va, len, ACC_LOAD, &pa);

	if (!h)
		return R_BLOCK;
	v = len == 8 ? __atomic_load_n((uint64_t *)h, __ATOMIC_SEQ_CST) :
		       __atomic_load_n((uint32_t *)h, __ATOMIC_SEQ_CST);
	cpu->llbit = true;
	cpu->ll_addr = pa;
	cpu->ll_val = v;
	SETR(in->rd, len == 8 ? v : SEXT32(v));
	return next(cpu);
}

/*
 * sc succeeds only while LLbit is set for the same address and memory
 * still holds what ll read (a CAS gives the cross-thread atomicity).
 */
static enum sk_res exec_sc(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw,
			   unsigned int len)
{
	uint64_t va = GR(in->rj) + (int64_t)in->imm, pa;
	void *h = atomic_ptr(cpu, raw, va, len, ACC_STORE, &pa);
	bool ok = false;

	if (!h)
		return R_BLOCK;
	if (cpu->llbit && pa == cpu->ll_addr) {
		if (len == 8) {
			uint64_t exp = cpu->ll_val;

			ok = __atomic_compare_exchange_n((uint64_t *)h, &exp, GR(in->rd),
					false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
		} else {
			uint32_t exp = (uint32_t)cpu->ll_val;

			ok = __atomic_compare_exchange_n((uint32_t *)h, &exp,
					(uint32_t)GR(in->rd), false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
		}
	}
	cpu->llbit = false;
	SETR(in->rd, ok ? 1 : 0);
	return next(cpu);
}

/* ---- helpers for bit operations ---- */

static uint32_t crc_update(uint32_t crc, uint64_t data, unsigned int bytes, uint32_t poly)
{
	for (unsigned int i = 0; i < bytes; i++) {
		crc ^= (uint8_t)(data >> (8 * i));
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (poly & -(crc & 1));
	}
	return crc;
}

static uint64_t bitrev_bytes(uint64_t v)
{
	uint64_t r = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t b = v >> (8 * i), o = 0;

		for (int k = 0; k < 8; k++)
			o |= ((b >> k) & 1) << (7 - k);
		r |= (uint64_t)o << (8 * i);
	}
	return r;
}

static uint64_t bitrev64(uint64_t v)
{
	return __builtin_bswap64(bitrev_bytes(v));
}

static uint64_t cpucfg_read(struct sk_cpu *cpu, uint64_t idx)
{
	struct sk_vm *vm = cpu->vcpu ? cpu->vcpu->vm : NULL;

	if (idx < SK_CPUCFG_NUM)
		return cpu->cpucfg[idx];
	/* exit.c kvm_emu_cpucfg: the PV area exists from 6.10. */
	if (vm && vm->kernel < SK_KERNEL_6_12)
		return 0;
	if (idx == CPUCFG_KVM_SIG)
		return 0x004d564bULL;	/* "KVM\0" */
	if (idx == CPUCFG_KVM_FEATURE && vm)
		return atomic_load(&vm->pv_features) & SK_PV_FEAT_MASK(vm->kernel);
	return 0;
}

static enum sk_res iocsr(struct sk_cpu *cpu, const struct sk_insn *in, unsigned int len,
			 bool write)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t v = GR(in->rd);

	p->run->exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
	p->run->iocsr_io.phys_addr = (uint32_t)GR(in->rj);
	p->run->iocsr_io.len = len;
	p->run->iocsr_io.is_write = write;
	memset(p->run->iocsr_io.data, 0, sizeof(p->run->iocsr_io.data));
	if (write)
		memcpy(p->run->iocsr_io.data, &v, len);
	p->io_rd = in->rd;
	p->io_len = len;
	p->io_signed = true;
	p->io_pending = write ? IO_NONE : IO_IOCSR_READ;
	p->stop = SK_STOP_EXIT;
	cpu->pc += 4;
	return R_STOP;
}

static bool fp_usable(struct sk_cpu *cpu, uint32_t raw)
{
	if (!(cpu->csr[CSR_EUEN] & 1)) {
		sk_raise_insn(cpu, EXC_FPD, 0, raw);
		return false;
	}
	if (!(cpu->cpucfg[2] & 1)) {
		sk_raise_insn(cpu, EXC_INE, 0, raw);
		return false;
	}
	return true;
}

static enum sk_res branch(struct sk_cpu *cpu, bool taken, int32_t off)
{
	if (taken) {
		cpu->pc += (int64_t)off;
		return R_BLOCK;
	}
	return next(cpu);
}

/* Bound-checked loads/stores: ldgt/ldle/stgt/stle and the FP forms. */
static bool bound_ok(unsigned int op, uint64_t a, uint64_t b)
{
	bool gt;

	switch (op) {
	case OP_LDGT_B ... OP_LDGT_D:
	case OP_STGT_B ... OP_STGT_D:
	case OP_FLDGT_S: case OP_FLDGT_D:
	case OP_FSTGT_S: case OP_FSTGT_D:
		gt = true;
		break;
	default:
		gt = false;
		break;
	}
	return gt ? (int64_t)a > (int64_t)b : (int64_t)a <= (int64_t)b;
}

/* How an FP load or store forms its address. */
enum fp_addr { FP_IMM, FP_IDX, FP_BOUND };

/* X(op, store?, double?, enum fp_addr) */
#define SK_FP_MEM_OPS(X)							\
	X(FLD_S, 0, 0, FP_IMM) X(FLD_D, 0, 1, FP_IMM)				\
	X(FLDX_S, 0, 0, FP_IDX) X(FLDX_D, 0, 1, FP_IDX)				\
	X(FLDGT_S, 0, 0, FP_BOUND) X(FLDGT_D, 0, 1, FP_BOUND)			\
	X(FLDLE_S, 0, 0, FP_BOUND) X(FLDLE_D, 0, 1, FP_BOUND)			\
	X(FST_S, 1, 0, FP_IMM) X(FST_D, 1, 1, FP_IMM)				\
	X(FSTX_S, 1, 0, FP_IDX) X(FSTX_D, 1, 1, FP_IDX)				\
	X(FSTGT_S, 1, 0, FP_BOUND) X(FSTGT_D, 1, 1, FP_BOUND)			\
	X(FSTLE_S, 1, 0, FP_BOUND) X(FSTLE_D, 1, 1, FP_BOUND)

/* fld/fst and their x/gt/le forms: one address rule and one access each. */
static enum sk_res exec_fp_mem(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw,
			       bool st, bool dbl, enum fp_addr mode)
{
	uint64_t a = GR(in->rj), b = GR(in->rk), va, v;
	unsigned int len = dbl ? 8 : 4;
	enum sk_res r;

	if (!fp_usable(cpu, raw))
		return R_BLOCK;
	if (mode == FP_IMM) {
		va = a + (int64_t)in->imm;
	} else if (mode == FP_IDX) {
		va = a + b;
	} else {
		if (!bound_ok(in->op, a, b))
			return raise(cpu, EXC_BCE, cpu->pc, raw);
		va = a;
		if (va & (len - 1))
			return raise(cpu, EXC_ALE, va, raw);
	}
	if (st) {
		r = store(cpu, raw, va, len, MM_NONE, cpu->fpr[in->rd][0]);
	} else {
		r = load(cpu, raw, va, len, MM_NONE, 0, &v);
		if (r == R_NEXT)
			cpu->fpr[in->rd][0] = dbl ? v : (v | 0xffffffff00000000ULL);
	}
	return r == R_NEXT ? next(cpu) : r;
}

enum sk_res sk_exec(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw)
{
	uint64_t a, b, v = 0, t;
	unsigned int plv, len;
	enum sk_res r;
	int64_t off;

	/* LSX/LASX first: a tail call before this function's own set-up */
	if (in->op >= OP_VEC_FIRST)
		return sk_exec_vec(cpu, in, raw);
	a = GR(in->rj);
	b = GR(in->rk);
	plv = cpu->csr[CSR_CRMD] & CRMD_PLV;
	switch (in->op) {
	/* arithmetic */
	/* the common integer instructions: alu.h */
#define X(op, val)	case OP_##op: SETR(in->rd, (val)); break;
	SK_ALU_OPS(X)
#undef X
	case OP_ROTR_W: {
		uint32_t x = a, s = b & 31;

		SETR(in->rd, SEXT32(s ? (x >> s) | (x << (32 - s)) : x));
		break;
	}
	case OP_ROTR_D: {
		unsigned int s = b & 63;

		SETR(in->rd, s ? (a >> s) | (a << (64 - s)) : a);
		break;
	}
	case OP_MULH_W:
		SETR(in->rd, SEXT32(((int64_t)(int32_t)a * (int32_t)b) >> 32));
		break;
	case OP_MULH_WU:
		SETR(in->rd, SEXT32(((uint64_t)(uint32_t)a * (uint32_t)b) >> 32));
		break;
	case OP_MULH_D:
		SETR(in->rd, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64));
		break;
	case OP_MULH_DU:
		SETR(in->rd, (uint64_t)(((unsigned __int128)a * b) >> 64));
		break;
	case OP_MULW_D_W: SETR(in->rd, (uint64_t)((int64_t)(int32_t)a * (int32_t)b)); break;
	case OP_MULW_D_WU: SETR(in->rd, (uint64_t)(uint32_t)a * (uint32_t)b); break;
	/* Division by zero divides by 1 and x/-1 overflow yields x (as QEMU). */
	case OP_DIV_W: case OP_MOD_W: {
		int32_t x = a, y = b;

		if (y == 0 || (x == INT32_MIN && y == -1))
			y = 1;
		SETR(in->rd, SEXT32(in->op == OP_DIV_W ? x / y : x % y));
		break;
	}
	case OP_DIV_WU: case OP_MOD_WU: {
		uint32_t x = a, y = b;

		if (y == 0)
			y = 1;
		SETR(in->rd, SEXT32(in->op == OP_DIV_WU ? x / y : x % y));
		break;
	}
	case OP_DIV_D: case OP_MOD_D: {
		int64_t x = a, y = b;

		if (y == 0 || (x == INT64_MIN && y == -1))
			y = 1;
		SETR(in->rd, (uint64_t)(in->op == OP_DIV_D ? x / y : x % y));
		break;
	}
	case OP_DIV_DU: case OP_MOD_DU: {
		uint64_t y = b ? b : 1;

		SETR(in->rd, in->op == OP_DIV_DU ? a / y : a % y);
		break;
	}
	case OP_CRC_W_B_W ... OP_CRCC_W_D_W: {
		unsigned int k = in->op - OP_CRC_W_B_W;

		len = 1u << (k & 3);
		SETR(in->rd, SEXT32(crc_update((uint32_t)b, a, len,
					       k >= 4 ? 0x82f63b78u : 0xedb88320u)));
		break;
	}
	case OP_ALSL_W: SETR(in->rd, SEXT32((a << in->imm) + b)); break;
	case OP_ALSL_WU: SETR(in->rd, (uint32_t)((a << in->imm) + b)); break;
	case OP_BYTEPICK_W: {
		unsigned int s = 8 * in->imm;
		uint32_t x = s ? ((uint32_t)b << s) | ((uint32_t)a >> (32 - s)) : (uint32_t)b;

		SETR(in->rd, SEXT32(x));
		break;
	}
	case OP_BYTEPICK_D: {
		unsigned int s = 8 * in->imm;

		SETR(in->rd, s ? (b << s) | (a >> (64 - s)) : b);
		break;
	}
	case OP_ROTRI_W: {
		uint32_t x = a, s = in->imm;

		SETR(in->rd, SEXT32(s ? (x >> s) | (x << (32 - s)) : x));
		break;
	}
	case OP_ROTRI_D: {
		unsigned int s = in->imm;

		SETR(in->rd, s ? (a >> s) | (a << (64 - s)) : a);
		break;
	}
	case OP_BSTRINS_W: case OP_BSTRPICK_W:
	case OP_BSTRINS_D: case OP_BSTRPICK_D: {
		unsigned int msb = in->ra, lsb = in->imm, w = msb - lsb + 1;
		uint64_t m;

		if (msb < lsb)
			return raise(cpu, EXC_INE, 0, raw);
		m = w == 64 ? ~0ULL : ((1ULL << w) - 1);
		if (in->op == OP_BSTRINS_W)
			SETR(in->rd, SEXT32((GR(in->rd) & ~(m << lsb)) | ((a & m) << lsb)));
		else if (in->op == OP_BSTRPICK_W)
			SETR(in->rd, SEXT32((a >> lsb) & m));
		else if (in->op == OP_BSTRINS_D)
			SETR(in->rd, (GR(in->rd) & ~(m << lsb)) | ((a & m) << lsb));
		else
			SETR(in->rd, sk_bstrpick_d(a, msb, lsb));
		break;
	}

	/* bit manipulation */
	case OP_CLO_W:	SETR(in->rd, (uint32_t)a == ~0u ? 32 : __builtin_clz(~(uint32_t)a)); break;
	case OP_CLZ_W:	SETR(in->rd, (uint32_t)a ? __builtin_clz((uint32_t)a) : 32); break;
	case OP_CTO_W:	SETR(in->rd, (uint32_t)a == ~0u ? 32 : __builtin_ctz(~(uint32_t)a)); break;
	case OP_CTZ_W:	SETR(in->rd, (uint32_t)a ? __builtin_ctz((uint32_t)a) : 32); break;
	case OP_CLO_D:	SETR(in->rd, a == ~0ULL ? 64 : __builtin_clzll(~a)); break;
	case OP_CLZ_D:	SETR(in->rd, a ? __builtin_clzll(a) : 64); break;
	case OP_CTO_D:	SETR(in->rd, a == ~0ULL ? 64 : __builtin_ctzll(~a)); break;
	case OP_CTZ_D:	SETR(in->rd, a ? __builtin_ctzll(a) : 64); break;
	case OP_REVB_2H:
		t = ((a >> 8) & 0x00ff00ffULL) | ((a << 8) & 0xff00ff00ULL);
		SETR(in->rd, SEXT32(t));
		break;
	case OP_REVB_4H:
		SETR(in->rd, ((a >> 8) & 0x00ff00ff00ff00ffULL) |
			     ((a << 8) & 0xff00ff00ff00ff00ULL));
		break;
	case OP_REVB_2W:
		t = __builtin_bswap64(a);
		SETR(in->rd, (t >> 32) | (t << 32));
		break;
	case OP_REVB_D:	SETR(in->rd, __builtin_bswap64(a)); break;
	case OP_REVH_2W:
		SETR(in->rd, ((a >> 16) & 0x0000ffff0000ffffULL) |
			     ((a << 16) & 0xffff0000ffff0000ULL));
		break;
	case OP_REVH_D:
		t = ((a >> 16) & 0x0000ffff0000ffffULL) | ((a << 16) & 0xffff0000ffff0000ULL);
		SETR(in->rd, (t >> 32) | (t << 32));
		break;
	case OP_BITREV_4B: SETR(in->rd, SEXT32(bitrev_bytes((uint32_t)a))); break;
	case OP_BITREV_8B: SETR(in->rd, bitrev_bytes(a)); break;
	case OP_BITREV_W: SETR(in->rd, SEXT32(bitrev64(a) >> 32)); break;
	case OP_BITREV_D: SETR(in->rd, bitrev64(a)); break;
	case OP_RDTIMEL_W: case OP_RDTIMEH_W: case OP_RDTIME_D: {
		uint64_t c = sk_rdtime(cpu);

		if (in->op == OP_RDTIMEL_W)
			c = SEXT32(c);
		else if (in->op == OP_RDTIMEH_W)
			c = SEXT32(c >> 32);
		SETR(in->rd, c);
		SETR(in->rj, cpu->csr[CSR_TMID]);
		break;
	}
	case OP_CPUCFG:	SETR(in->rd, cpucfg_read(cpu, a)); break;
	case OP_ASRTLE_D:
		if (!((int64_t)a <= (int64_t)b))
			return raise(cpu, EXC_BCE, cpu->pc, raw);
		break;
	case OP_ASRTGT_D:
		if (!((int64_t)a > (int64_t)b))
			return raise(cpu, EXC_BCE, cpu->pc, raw);
		break;

	/* system */
	case OP_BREAK:	return raise(cpu, EXC_BRK, 0, raw);
	case OP_SYSCALL: return raise(cpu, EXC_SYS, 0, raw);
	case OP_DBCL:	return raise(cpu, EXC_INE, 0, raw);
	case OP_HVCL:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		PRIV(cpu)->stop = SK_STOP_HVCL;
		PRIV(cpu)->stop_code = in->imm;
		return R_STOP;

	/* loads and stores */
	/* loads and stores: alu.h */
#define X(op, bytes, sign, addr)						\
	case OP_##op:								\
		r = load(cpu, raw, (addr), (bytes), (sign) ? MM_SIGNED : MM_UNSIGNED, \
			 in->rd, &v);						\
		if (r != R_NEXT)						\
			return r;						\
		SETR(in->rd, (sign) ? sk_sext_len(v, (bytes)) : v);		\
		break;
	SK_LOAD_OPS(X)
#undef X
#define X(op, bytes, addr)							\
	case OP_##op:								\
		r = store(cpu, raw, (addr), (bytes), MM_STORE, GR(in->rd));	\
		if (r != R_NEXT)						\
			return r;						\
		break;
	SK_STORE_OPS(X)
#undef X
	case OP_LDGT_B ... OP_LDLE_D:
		len = 1u << ((in->op - OP_LDGT_B) & 3);
		if (!bound_ok(in->op, a, b))
			return raise(cpu, EXC_BCE, cpu->pc, raw);
		if (a & (len - 1))
			return raise(cpu, EXC_ALE, a, raw);
		r = load(cpu, raw, a, len, MM_NONE, in->rd, &v);
		if (r != R_NEXT)
			return r;
		SETR(in->rd, sk_sext_len(v, len));
		break;
	case OP_STGT_B ... OP_STLE_D:
		len = 1u << ((in->op - OP_STGT_B) & 3);
		if (!bound_ok(in->op, a, b))
			return raise(cpu, EXC_BCE, cpu->pc, raw);
		if (a & (len - 1))
			return raise(cpu, EXC_ALE, a, raw);
		r = store(cpu, raw, a, len, MM_NONE, GR(in->rd));
		if (r != R_NEXT)
			return r;
		break;
#define X(op, st, dbl, mode)	case OP_##op: return exec_fp_mem(cpu, in, raw, st, dbl, mode);
	SK_FP_MEM_OPS(X)
#undef X
	case OP_LL_W:	return exec_ll(cpu, in, raw, 4);
	case OP_LL_D:	return exec_ll(cpu, in, raw, 8);
	case OP_SC_W:	return exec_sc(cpu, in, raw, 4);
	case OP_SC_D:	return exec_sc(cpu, in, raw, 8);
	case OP_AMSWAP_W ... OP_AMMIN_DB_DU:
		if (in->op >= OP_AMMAX_DB_WU) {
			/* the *_db.{wu,du} forms act as their plain twins */
			struct sk_insn tmp = *in;

			tmp.op = OP_AMMAX_WU + (in->op - OP_AMMAX_DB_WU);
			return exec_am(cpu, &tmp, raw);
		}
		return exec_am(cpu, in, raw);
	case OP_PRELD: case OP_PRELDX: case OP_DBAR: case OP_IBAR:
		break;

	/* branches */
#define X(op, cond)	case OP_##op: return branch(cpu, (cond), in->imm);
	SK_BRANCH_OPS(X)
#undef X
	case OP_BCEQZ:
	case OP_BCNEZ:
		if (!fp_usable(cpu, raw))
			return R_BLOCK;
		return branch(cpu, !cpu->fcc[in->rj & 7] == (in->op == OP_BCEQZ), in->imm);
	case OP_JIRL:
		off = in->imm;
		t = cpu->pc + 4;
		cpu->pc = a + off;
		SETR(in->rd, t);
		return R_BLOCK;
	case OP_B:	return branch(cpu, true, in->imm);
	case OP_BL:
		GR(1) = cpu->pc + 4;
		return branch(cpu, true, in->imm);

	/* privileged */
	case OP_CSRRD: case OP_CSRWR: case OP_CSRXCHG: {
		uint64_t old;

		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		old = sk_csr_read(cpu, in->imm);
		if (in->op == OP_CSRWR)
			sk_csr_write(cpu, in->imm, GR(in->rd));
		else if (in->op == OP_CSRXCHG)
			sk_csr_write(cpu, in->imm, (old & ~a) | (GR(in->rd) & a));
		SETR(in->rd, old);
		cpu->pc += 4;
		return in->op == OP_CSRRD ? R_NEXT : R_BLOCK;
	}
	case OP_IOCSRRD_B ... OP_IOCSRWR_D:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		return iocsr(cpu, in, 1u << ((in->op - OP_IOCSRRD_B) & 3),
			     in->op >= OP_IOCSRWR_B);
	case OP_CACOP:
		if (plv && (in->rd & 0x18) != 0x10)
			return raise(cpu, EXC_IPE, 0, raw);
		break;
	case OP_TLBCLR ... OP_TLBFILL:
	case OP_INVTLB:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		{
			uint64_t pc = cpu->pc;

			sk_tlb_op(cpu, in->op, in->rd, a, b);
			if (cpu->pc != pc)
				return R_BLOCK;	/* invtlb raised INE */
		}
		cpu->pc += 4;
		return R_BLOCK;
	case OP_LDDIR:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		SETR(in->rd, sk_lddir(cpu, a, in->imm));
		break;
	case OP_LDPTE:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		sk_ldpte(cpu, a, in->imm & 1);
		break;
	case OP_ERTN:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		sk_ertn(cpu);
		return R_BLOCK;
	case OP_IDLE:
		if (plv)
			return raise(cpu, EXC_IPE, 0, raw);
		cpu->pc += 4;
		PRIV(cpu)->stop = SK_STOP_IDLE;
		return R_STOP;

	case OP_FADD_S ... OP_FSEL:
		if (!fp_usable(cpu, raw))
			return R_BLOCK;
		return sk_exec_fp(cpu, in, raw);

	case OP_INVALID:
	default:
		return raise(cpu, EXC_INE, 0, raw);
	}
	return next(cpu);
}
