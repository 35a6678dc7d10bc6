/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction decoder: the patterns of insn-table.h are compiled once into
 * mask/match pairs, bucketed by the top 10 bits of the word so that a
 * lookup only scans the few candidates that can match.
 */
#include <pthread.h>
#include <string.h>
#include "internal.h"

struct pattern {
	uint32_t mask, match;
	uint16_t op;
	uint8_t fmt;
};

static const struct {
	const char *mn;
	const char *pat;
	uint8_t fmt;
} table[OP_COUNT] = {
	[OP_INVALID] = { "(invalid)", NULL, I_NONE },
#define X(op, mn, pat, fmt) [OP_##op] = { mn, pat, fmt },
#include "insn-table.h"
#undef X
};

#define NBUCKETS	1024
#define BUCKET_MAX	96

static struct pattern pats[OP_COUNT];
static uint16_t bucket[NBUCKETS][BUCKET_MAX];
static uint8_t bucket_len[NBUCKETS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

void sk_pattern_parse(const char *s, uint32_t *mask, uint32_t *match)
{
	int bit = 31;

	*mask = *match = 0;
	for (; *s && bit >= 0; s++) {
		if (*s == ' ')
			continue;
		if (*s == '0' || *s == '1') {
			*mask |= 1u << bit;
			if (*s == '1')
				*match |= 1u << bit;
		}
		bit--;
	}
}

static void compile(void)
{
	for (unsigned int op = 1; op < OP_COUNT; op++) {
		const char *s = table[op].pat;
		uint32_t mask, match;

		sk_pattern_parse(s, &mask, &match);
		pats[op] = (struct pattern){ mask, match, op, table[op].fmt };
	}
	/* Put each pattern in every bucket whose top-10-bit value it accepts. */
	for (unsigned int b = 0; b < NBUCKETS; b++) {
		uint32_t top = (uint32_t)b << 22;

		for (unsigned int op = 1; op < OP_COUNT; op++) {
			uint32_t m = pats[op].mask & 0xffc00000u;

			if ((top & m) == (pats[op].match & m) &&
			    bucket_len[b] < BUCKET_MAX)
				bucket[b][bucket_len[b]++] = op;
		}
	}
}

static inline int32_t sext(uint32_t v, int bits)
{
	return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

void sk_decode(uint32_t w, struct sk_insn *out)
{
	unsigned int b = w >> 22;
	const struct pattern *p = NULL;

	pthread_once(&once, compile);
	for (unsigned int i = 0; i < bucket_len[b]; i++) {
		const struct pattern *c = &pats[bucket[b][i]];

		if ((w & c->mask) == c->match) {
			p = c;
			break;
		}
	}
	out->rd = w & 31;
	out->rj = (w >> 5) & 31;
	out->rk = (w >> 10) & 31;
	out->ra = (w >> 15) & 31;
	out->imm = 0;
	if (!p) {
		if (!sk_vec_decode(w, out))
			out->op = OP_INVALID;
		return;
	}
	out->op = p->op;
	switch (p->fmt) {
	case I_NONE:
		break;
	case I_UI5:
		out->imm = (w >> 10) & 0x1f;
		break;
	case I_UI6:
		out->imm = (w >> 10) & 0x3f;
		break;
	case I_UI8:
		out->imm = (w >> 10) & 0xff;
		break;
	case I_SI12:
		out->imm = sext((w >> 10) & 0xfff, 12);
		break;
	case I_UI12:
		out->imm = (w >> 10) & 0xfff;
		break;
	case I_SI14S2:
		out->imm = sext((w >> 10) & 0x3fff, 14) * 4;
		break;
	case I_SI16:
		out->imm = sext((w >> 10) & 0xffff, 16);
		break;
	case I_OFFS16:
		out->imm = sext((w >> 10) & 0xffff, 16) * 4;
		break;
	case I_OFFS21:
		out->imm = sext(((w >> 10) & 0xffff) | ((w & 0x1f) << 16), 21) * 4;
		break;
	case I_OFFS26:
		out->imm = sext(((w >> 10) & 0xffff) | ((w & 0x3ff) << 16), 26) * 4;
		break;
	case I_SI20:
		out->imm = sext((w >> 5) & 0xfffff, 20);
		break;
	case I_SA2:
		out->imm = (w >> 15) & 3;
		break;
	case I_SA2P1:
		out->imm = ((w >> 15) & 3) + 1;
		break;
	case I_SA3:
		out->imm = (w >> 15) & 7;
		break;
	case I_BSTRW:
		out->ra = (w >> 16) & 0x1f;
		out->imm = (w >> 10) & 0x1f;
		break;
	case I_BSTRD:
		out->ra = (w >> 16) & 0x3f;
		out->imm = (w >> 10) & 0x3f;
		break;
	case I_CSR:
		out->imm = (w >> 10) & 0x3fff;
		break;
	case I_CODE15:
		out->imm = w & 0x7fff;
		break;
	case I_CA:
		out->imm = (w >> 15) & 7;
		break;
	}
}

const char *sk_op_name(unsigned int op)
{
	if (op >= OP_COUNT)
		return sk_vec_op_name(op);
	return table[op].mn;
}

int sk_op_fmt(unsigned int op)
{
	if (op >= OP_COUNT)
		return sk_vec_op_fmt(op);
	return table[op].fmt;
}
