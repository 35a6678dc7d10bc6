/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_CPU_VEC_H
#define SOFTKVM_CPU_VEC_H

/*
 * Shared by the LSX/LASX executor files (vec.c, vec-fp.c): the register
 * view, gating, and the macros that turn one width-generic kernel into
 * the LSX and the LASX handler. See vec.c for the design.
 */
#include "internal.h"

typedef union {
	uint8_t b[32];
	int8_t sb[32];
	uint16_t h[16];
	int16_t sh[16];
	uint32_t w[8];
	int32_t sw[8];
	uint64_t d[4];
	int64_t sd[4];
	unsigned __int128 q[2];
	__int128 sq[2];
} vreg;

#define CPUCFG2_LSX	(1u << 6)
#define CPUCFG2_LASX	(1u << 7)
#define EUEN_SXE	(1ULL << 1)
#define EUEN_ASXE	(1ULL << 2)

#define ALWAYS		static inline __attribute__((always_inline))
#define GR(n)		(cpu->gpr[n])
#define SETR(n, v)	do { unsigned int r_ = (n); if (r_) cpu->gpr[r_] = (v); } while (0)

/* raises INE, SXD or ASXD (vec.c) */
bool sk_vec_fault(struct sk_cpu *cpu, uint32_t raw, unsigned int bytes);

ALWAYS bool vec_ok(struct sk_cpu *cpu, uint32_t raw, unsigned int bytes)
{
	bool lasx = bytes == 32;

	if (likely((cpu->cpucfg[2] & (lasx ? CPUCFG2_LASX : CPUCFG2_LSX)) &&
		   (cpu->csr[CSR_EUEN] & (lasx ? EUEN_ASXE : EUEN_SXE))))
		return true;
	return sk_vec_fault(cpu, raw, bytes);
}

ALWAYS void vget(struct sk_cpu *cpu, unsigned int r, vreg *v)
{
	memcpy(v, cpu->fpr[r], sizeof(*v));
}

ALWAYS void vput(struct sk_cpu *cpu, unsigned int r, const vreg *v, unsigned int bytes)
{
	memcpy(cpu->fpr[r], v, bytes);
}

/* element writes: the rest of the register stays */
ALWAYS void vput_keep(struct sk_cpu *cpu, unsigned int r, const vreg *v)
{
	memcpy(cpu->fpr[r], v, 32);
}

ALWAYS enum sk_res vnext(struct sk_cpu *cpu)
{
	cpu->pc += 4;
	return R_NEXT;
}

typedef enum sk_res (*vec_fn)(struct sk_cpu *cpu, const struct sk_insn *in, uint32_t raw);

#define VH(OP)		enum sk_res sk_vop_##OP(struct sk_cpu *cpu, \
					const struct sk_insn *in, uint32_t raw)


/* One kernel K(cpu, in, raw, bytes) as the LSX op V<N> and the LASX op XV<N>. */
#define PAIR(N, K) \
	VH(V##N) { return K(cpu, in, raw, 16); } \
	VH(XV##N) { return K(cpu, in, raw, 32); }
#define PAIR2(VN, XN, K) \
	VH(VN) { return K(cpu, in, raw, 16); } \
	VH(XN) { return K(cpu, in, raw, 32); }
#define ONLY(OP, K, BYTES) \
	VH(OP) { return K(cpu, in, raw, BYTES); }

#define KERNEL(NAME)	ALWAYS enum sk_res NAME(struct sk_cpu *cpu, \
		const struct sk_insn *in, uint32_t raw, const unsigned int bytes)
#define BEGIN()		do { if (!vec_ok(cpu, raw, bytes)) return R_BLOCK; } while (0)
#define NEL(F)		(bytes / sizeof(j.F[0]))
#define NEL128(F)	(16 / sizeof(j.F[0]))


#endif
