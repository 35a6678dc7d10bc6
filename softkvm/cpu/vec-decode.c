/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LSX/LASX decoder: the patterns of vec-insn-table.h compiled once into
 * mask/match pairs, bucketed by bits 31:18 of the word (almost every vector
 * pattern fixes them), so a lookup scans one or two candidates. Called only
 * for words the base table does not know, and its result is cached in the
 * decode cache like any other instruction.
 */
#include <pthread.h>
#include "internal.h"

static const struct {
	const char *mn;
	const char *pat;
	uint8_t fmt;
} vtab[OP_VEC_COUNT] = {
#define V(op, mn, pat, fmt, opnds) [OP_##op - OP_VEC_FIRST] = { mn, pat, fmt },
#include "vec-insn-table.h"
#undef V
};

#define VB_SHIFT	18
#define VB_COUNT	(1u << (32 - VB_SHIFT))
#define VLIST_MAX	4096

struct vpat {
	uint32_t mask, match;
	uint16_t op;
	uint8_t fmt;
};

static struct vpat vpats[OP_VEC_COUNT];
static uint16_t vstart[VB_COUNT + 1];	/* bucket b: vlist[vstart[b] .. vstart[b+1]) */
static uint16_t vlist[VLIST_MAX];
static pthread_once_t vonce = PTHREAD_ONCE_INIT;

static void vcompile(void)
{
	const uint32_t top = ~((1u << VB_SHIFT) - 1);
	unsigned int n = 0;

	for (unsigned int i = 0; i < OP_VEC_COUNT; i++) {
		const char *s = vtab[i].pat;
		uint32_t mask, match;

		sk_pattern_parse(s, &mask, &match);
		vpats[i] = (struct vpat){ mask, match, OP_VEC_FIRST + i, vtab[i].fmt };
	}
	/*
	 * Most buckets are empty: walk each pattern's free top bits instead
	 * of testing every pattern against every bucket.
	 */
	static uint16_t count[VB_COUNT];

	for (unsigned int i = 0; i < OP_VEC_COUNT; i++) {
		uint32_t free_bits = ~vpats[i].mask & top, sub = 0;

		do {
			count[((vpats[i].match & top) | sub) >> VB_SHIFT]++;
			sub = (sub - free_bits) & free_bits;
		} while (sub);
	}
	for (unsigned int b = 0; b < VB_COUNT; b++) {
		vstart[b] = n;
		n += count[b];
	}
	vstart[VB_COUNT] = n;
	if (n > VLIST_MAX)
		__builtin_trap();	/* the table outgrew VLIST_MAX: a build bug */
	for (unsigned int b = 0; b < VB_COUNT; b++)
		count[b] = 0;
	for (unsigned int i = 0; i < OP_VEC_COUNT; i++) {
		uint32_t free_bits = ~vpats[i].mask & top, sub = 0;

		do {
			unsigned int b = ((vpats[i].match & top) | sub) >> VB_SHIFT;

			vlist[vstart[b] + count[b]++] = i;
			sub = (sub - free_bits) & free_bits;
		} while (sub);
	}
}

static inline int32_t sext(uint32_t v, int bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

bool sk_vec_decode(uint32_t w, struct sk_insn *out)
{
	unsigned int b = w >> VB_SHIFT;
	const struct vpat *p = NULL;

	pthread_once(&vonce, vcompile);
	for (unsigned int i = vstart[b]; i < vstart[b + 1]; i++) {
		const struct vpat *c = &vpats[vlist[i]];

		if ((w & c->mask) == c->match) {
			p = c;
			break;
		}
	}
	if (!p)
		return false;
	out->op = p->op;
	out->rd = w & 31;
	out->rj = (w >> 5) & 31;
	out->rk = (w >> 10) & 31;
	out->ra = (w >> 15) & 31;
	out->imm = 0;
	switch (p->fmt) {
	case I_UI1: out->imm = (w >> 10) & 0x1; break;
	case I_UI2: out->imm = (w >> 10) & 0x3; break;
	case I_UI3: out->imm = (w >> 10) & 0x7; break;
	case I_UI4: out->imm = (w >> 10) & 0xf; break;
	case I_UI5: out->imm = (w >> 10) & 0x1f; break;
	case I_UI6: out->imm = (w >> 10) & 0x3f; break;
	case I_UI7: out->imm = (w >> 10) & 0x7f; break;
	case I_UI8: out->imm = (w >> 10) & 0xff; break;
	case I_SI5: out->imm = sext((w >> 10) & 0x1f, 5); break;
	case I_SI12: out->imm = sext((w >> 10) & 0xfff, 12); break;
	case I_SI11S1: out->imm = sext((w >> 10) & 0x7ff, 11) * 2; break;
	case I_SI10S2: out->imm = sext((w >> 10) & 0x3ff, 10) * 4; break;
	case I_SI9S3: out->imm = sext((w >> 10) & 0x1ff, 9) * 8; break;
	case I_ELM0: case I_ELM1: case I_ELM2: case I_ELM3:
		/* the element index: the operand bits from bit 18 up */
		out->imm = sext((w >> 10) & 0xff, 8) * (1 << (p->fmt - I_ELM0));
		out->ra = ((w & ~p->mask) >> 18) & 0x1f;
		break;
	case I_VI13: out->imm = (w >> 5) & 0x1fff; break;
	default: break;
	}
	return true;
}

const char *sk_vec_op_name(unsigned int op)
{
	if (op < OP_VEC_FIRST || op >= OP_VEC_END)
		return "(bad)";
	return vtab[op - OP_VEC_FIRST].mn;
}

int sk_vec_op_fmt(unsigned int op)
{
	if (op < OP_VEC_FIRST || op >= OP_VEC_END)
		return -1;
	return vtab[op - OP_VEC_FIRST].fmt;
}
