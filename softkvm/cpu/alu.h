/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_CPU_ALU_H
#define SOFTKVM_CPU_ALU_H

/*
 * The semantics of the common integer instructions, written once: the run
 * loop's fast path (cpu.c) and sk_exec (exec.c) both expand these lists,
 * so the two cannot drift apart. An expression may use a = GR(rj),
 * b = GR(rk), in (the decoded instruction) and cpu.
 */
#include <stdint.h>

#define SK_SX32(v)	((uint64_t)(int64_t)(int32_t)(uint32_t)(v))

/* X(op, value written to rd) */
#define SK_ALU_OPS(X)								\
	X(ADD_W,	SK_SX32(a + b))						\
	X(ADD_D,	a + b)							\
	X(SUB_W,	SK_SX32(a - b))						\
	X(SUB_D,	a - b)							\
	X(SLT,		(int64_t)a < (int64_t)b)				\
	X(SLTU,		a < b)							\
	X(MASKEQZ,	b ? a : 0)						\
	X(MASKNEZ,	b ? 0 : a)						\
	X(NOR,		~(a | b))						\
	X(AND,		a & b)							\
	X(OR,		a | b)							\
	X(XOR,		a ^ b)							\
	X(ORN,		a | ~b)							\
	X(ANDN,		a & ~b)							\
	X(SLL_W,	SK_SX32((uint32_t)a << (b & 31)))			\
	X(SRL_W,	SK_SX32((uint32_t)a >> (b & 31)))			\
	X(SRA_W,	SK_SX32((int32_t)a >> (b & 31)))			\
	X(SLL_D,	a << (b & 63))						\
	X(SRL_D,	a >> (b & 63))						\
	X(SRA_D,	(uint64_t)((int64_t)a >> (b & 63)))			\
	X(MUL_W,	SK_SX32((uint32_t)a * (uint32_t)b))			\
	X(MUL_D,	a * b)							\
	X(ALSL_D,	(a << in->imm) + b)					\
	X(SLLI_W,	SK_SX32((uint32_t)a << in->imm))			\
	X(SLLI_D,	a << in->imm)						\
	X(SRLI_W,	SK_SX32((uint32_t)a >> in->imm))			\
	X(SRLI_D,	a >> in->imm)						\
	X(SRAI_W,	SK_SX32((int32_t)a >> in->imm))				\
	X(SRAI_D,	(uint64_t)((int64_t)a >> in->imm))			\
	X(SLTI,		(int64_t)a < (int64_t)in->imm)				\
	X(SLTUI,	a < (uint64_t)(int64_t)in->imm)				\
	X(ADDI_W,	SK_SX32(a + in->imm))					\
	X(ADDI_D,	a + (int64_t)in->imm)					\
	X(ANDI,		a & (uint32_t)in->imm)					\
	X(ORI,		a | (uint32_t)in->imm)					\
	X(XORI,		a ^ (uint32_t)in->imm)					\
	X(ADDU16I_D,	a + ((uint64_t)(int64_t)in->imm << 16))			\
	X(LU12I_W,	SK_SX32((uint32_t)in->imm << 12))			\
	X(LU32I_D,	(uint32_t)cpu->gpr[in->rd] | ((uint64_t)(int64_t)in->imm << 32)) \
	X(LU52I_D,	(a & ((1ULL << 52) - 1)) | ((uint64_t)in->imm << 52))	\
	X(PCADDI,	cpu->pc + ((uint64_t)(int64_t)in->imm << 2))		\
	X(PCADDU12I,	cpu->pc + ((uint64_t)(int64_t)in->imm << 12))		\
	X(PCADDU18I,	cpu->pc + ((uint64_t)(int64_t)in->imm << 18))		\
	X(PCALAU12I,	(cpu->pc + ((uint64_t)(int64_t)in->imm << 12)) & ~0xfffULL) \
	X(EXT_W_B,	(uint64_t)(int64_t)(int8_t)a)				\
	X(EXT_W_H,	(uint64_t)(int64_t)(int16_t)a)

/* X(op, bytes, sign-extended?, virtual address) */
#define SK_LOAD_OPS(X)								\
	X(LD_B,		1, 1, a + (int64_t)in->imm)				\
	X(LD_H,		2, 1, a + (int64_t)in->imm)				\
	X(LD_W,		4, 1, a + (int64_t)in->imm)				\
	X(LD_D,		8, 1, a + (int64_t)in->imm)				\
	X(LD_BU,	1, 0, a + (int64_t)in->imm)				\
	X(LD_HU,	2, 0, a + (int64_t)in->imm)				\
	X(LD_WU,	4, 0, a + (int64_t)in->imm)				\
	X(LDPTR_W,	4, 1, a + (int64_t)in->imm)				\
	X(LDPTR_D,	8, 1, a + (int64_t)in->imm)				\
	X(LDX_B,	1, 1, a + b)						\
	X(LDX_H,	2, 1, a + b)						\
	X(LDX_W,	4, 1, a + b)						\
	X(LDX_D,	8, 1, a + b)						\
	X(LDX_BU,	1, 0, a + b)						\
	X(LDX_HU,	2, 0, a + b)						\
	X(LDX_WU,	4, 0, a + b)

/* X(op, bytes, virtual address); the value stored is GR(rd) */
#define SK_STORE_OPS(X)								\
	X(ST_B,		1, a + (int64_t)in->imm)				\
	X(ST_H,		2, a + (int64_t)in->imm)				\
	X(ST_W,		4, a + (int64_t)in->imm)				\
	X(ST_D,		8, a + (int64_t)in->imm)				\
	X(STPTR_W,	4, a + (int64_t)in->imm)				\
	X(STPTR_D,	8, a + (int64_t)in->imm)				\
	X(STX_B,	1, a + b)						\
	X(STX_H,	2, a + b)						\
	X(STX_W,	4, a + b)						\
	X(STX_D,	8, a + b)

/* X(op, taken?): offset in->imm; rd is the second operand */
#define SK_BRANCH_OPS(X)							\
	X(BEQZ,		a == 0)							\
	X(BNEZ,		a != 0)							\
	X(BEQ,		a == cpu->gpr[in->rd])					\
	X(BNE,		a != cpu->gpr[in->rd])					\
	X(BLT,		(int64_t)a < (int64_t)cpu->gpr[in->rd])			\
	X(BGE,		(int64_t)a >= (int64_t)cpu->gpr[in->rd])		\
	X(BLTU,		a < cpu->gpr[in->rd])					\
	X(BGEU,		a >= cpu->gpr[in->rd])

/* Sign-extend the low len bytes of v. */
static inline uint64_t sk_sext_len(uint64_t v, unsigned int len)
{
	return (uint64_t)((int64_t)(v << (64 - 8 * len)) >> (64 - 8 * len));
}

/* bstrpick.d: bits msb..lsb of a (msb >= lsb, checked by the caller). */
static inline uint64_t sk_bstrpick_d(uint64_t a, unsigned int msb, unsigned int lsb)
{
	return (a >> lsb) & (~0ULL >> (63 - (msb - lsb)));
}

#endif
