/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The softkvm CPU: vCPU reset state, the fetch/decode/execute loop and
 * completion of MMIO/IOCSR reads that exited to user space.
 */
#include <stdlib.h>
#include "internal.h"
#include "alu.h"

/*
 * Instructions between checks of the timer, immediate_exit and budget_end
 * (the CPU fuzz target builds with a shorter slice, for shorter runs).
 */
#ifndef SK_SLICE
#define SK_SLICE	4096
#endif

void sk_cpu_init(struct sk_cpu *cpu, struct sk_vcpu *vcpu, int id)
{
	struct sk_priv *p = cpu->priv;

	if (!p)
		p = calloc(1, sizeof(*p));
	else
		memset(p, 0, sizeof(*p));
	memset(cpu->gpr, 0, sizeof(cpu->gpr));
	memset(cpu->csr, 0, sizeof(cpu->csr));
	memset(cpu->fpr, 0, sizeof(cpu->fpr));
	memset(cpu->fcc, 0, sizeof(cpu->fcc));
	memset(cpu->cpucfg, 0, sizeof(cpu->cpucfg));
	cpu->pc = 0;
	cpu->fcsr = 0;
	cpu->llbit = false;
	cpu->ll_addr = 0;
	cpu->ll_val = 0;
	atomic_store(&cpu->irq_lines, 0);
	cpu->timer_deadline_ns = 0;
	cpu->vcpu = vcpu;
	cpu->priv = p;
	if (!p)
		return;		/* sk_cpu_run reports the failure */
	p->vm = vcpu ? vcpu->vm : NULL;

	cpu->csr[CSR_CRMD] = CRMD_DA;
	cpu->csr[CSR_TMID] = (uint64_t)id;
	cpu->csr[CSR_CPUID] = SK_INVALID_CPUID;
	/* Read-only configuration as a 3A5000-class core reports it. */
	cpu->csr[CSR_PRCFG1] = 8 | (47 << 4) | (7 << 12);	/* 8 KS, 48-bit timer, VS max 7 */
	cpu->csr[CSR_PRCFG2] = 0x3ffff000;			/* page sizes 4K..512M */
	cpu->csr[CSR_PRCFG3] = 2 | ((MTLB_SIZE - 1) << 4) |
			       ((STLB_WAYS - 1) << 12) | (8 << 20);
	cpu->csr[CSR_STLBPS] = 14;
	p->budget_end = UINT64_MAX;
	sk_update_mode(cpu);
}

void sk_cpu_destroy(struct sk_cpu *cpu)
{
	free(cpu->priv);
	cpu->priv = NULL;
}

void sk_cpu_flush(struct sk_cpu *cpu)
{
	if (cpu->priv)
		atomic_fetch_add(&PRIV(cpu)->flush_req, 1);
}

static void check_flush(struct sk_cpu *cpu)
{
	struct sk_priv *p = PRIV(cpu);
	uint32_t req = atomic_load(&p->flush_req);

	if (req != p->flush_seen) {
		p->flush_seen = req;
		sk_soft_tlb_flush(cpu);
		memset(p->dcache, 0, sizeof(p->dcache));
	}
}

bool sk_cpu_irq_pending(struct sk_cpu *cpu)
{
	if (!cpu->priv)
		return false;
	sk_timer_update(cpu);
	return sk_pending_is(cpu) & cpu->csr[CSR_ECFG] & ESTAT_IS_MASK;
}

void sk_cpu_complete_exit(struct sk_cpu *cpu, struct kvm_run *run)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t v;

	if (!p)
		return;
	switch (p->io_pending) {
	case IO_MMIO_READ:
		memcpy(&v, run->mmio.data, 8);
		if (p->io_len < 8)
			v &= (1ULL << (8 * p->io_len)) - 1;
		if (p->io_signed && p->io_len < 8) {
			unsigned int sh = 64 - 8 * p->io_len;

			v = (uint64_t)((int64_t)(v << sh) >> sh);
		}
		if (p->io_rd)
			cpu->gpr[p->io_rd] = v;
		cpu->pc += 4;
		break;
	case IO_IOCSR_READ:
		if (run->exit_reason != KVM_EXIT_LOONGARCH_IOCSR || run->iocsr_io.is_write)
			break;
		memcpy(&v, run->iocsr_io.data, 8);
		if (p->io_len < 8) {
			unsigned int sh = 64 - 8 * p->io_len;

			v = (uint64_t)((int64_t)(v << sh) >> sh);
		}
		if (p->io_rd)
			cpu->gpr[p->io_rd] = v;
		break;
	default:
		break;
	}
	p->io_pending = IO_NONE;
}

/* Fetch the instruction at pc, decoded. NULL: an exception was raised. */
static inline const struct sk_insn *fetch(struct sk_cpu *cpu, uint32_t *raw)
{
	struct sk_priv *p = PRIV(cpu);
	uint64_t pc = cpu->pc, pa;
	struct sk_dcache_entry *dc;
	uint32_t w;
	void *h;
	int exc;

	if (likely((pc & ~0xffcULL) == p->fetch_va)) {
		h = (void *)(uintptr_t)(pc + p->fetch_addend);
	} else {
		if (pc & 3) {
			sk_raise_insn(cpu, EXC_ADEF, pc, 0);
			return NULL;
		}
		h = sk_host_fast(cpu, pc, 4, ACC_FETCH);
		if (!h) {
			h = sk_host_slow(cpu, pc, 4, ACC_FETCH, &pa, &exc);
			if (!h) {
				sk_raise_insn(cpu, exc ? exc : EXC_ADEF, pc, 0);
				return NULL;
			}
		}
		/* Remember the page only if the soft TLB maps all of it. */
		if (sk_host_fast(cpu, pc, 4, ACC_FETCH) == h) {
			p->fetch_va = pc & ~0xfffULL;
			p->fetch_addend = (uintptr_t)h - (uintptr_t)pc;
		}
	}
	w = __atomic_load_n((uint32_t *)h, __ATOMIC_RELAXED);
	/*
	 * The decode cache is tagged with the instruction word itself, so a
	 * guest or host write to code can never leave a stale decoding.
	 */
	dc = &p->dcache[((uintptr_t)h >> 2) & (DCACHE_SIZE - 1)];
	if (unlikely(dc->raw != w))
		sk_decode(w, &dc->insn), dc->raw = w;
	*raw = w;
	return &dc->insn;
}

/*
 * The most frequent instructions, inline in the run loop so they skip the
 * big sk_exec switch and its call overhead. Their semantics are alu.h's,
 * the same definitions sk_exec expands; anything not here (or a load or
 * store that misses the soft TLB) returns -1 and goes through sk_exec,
 * which starts over from scratch.
 */
static inline int exec_fast(struct sk_cpu *cpu, const struct sk_insn *in)
{
	uint64_t *r = cpu->gpr, a = r[in->rj], b = r[in->rk], v;
	void *h;

	switch (in->op) {
	/* the same lists sk_exec expands (alu.h) */
#define X(op, val)	case OP_##op: v = (val); break;
	SK_ALU_OPS(X)
#undef X
	case OP_BSTRPICK_D:
		if (in->ra < in->imm)
			return -1;
		v = sk_bstrpick_d(a, in->ra, in->imm);
		break;

	/* loads and stores that hit the soft TLB */
#define X(op, bytes, sign, addr)						\
	case OP_##op:								\
		h = sk_host_fast(cpu, (addr), (bytes), ACC_LOAD);		\
		if (unlikely(!h))						\
			return -1;						\
		v = ram_ld(h, (bytes));						\
		if (sign)							\
			v = sk_sext_len(v, (bytes));				\
		break;
	SK_LOAD_OPS(X)
#undef X
#define X(op, bytes, addr)							\
	case OP_##op:								\
		h = sk_host_fast(cpu, (addr), (bytes), ACC_STORE);		\
		if (unlikely(!h))						\
			return -1;						\
		ram_st(h, (bytes), r[in->rd]);					\
		cpu->pc += 4;							\
		return R_NEXT;
	SK_STORE_OPS(X)
#undef X

	/* branches */
#define X(op, cond)	case OP_##op: if (cond) goto taken; goto not_taken;
	SK_BRANCH_OPS(X)
#undef X
	case OP_B:	goto taken;
	case OP_BL:
		r[1] = cpu->pc + 4;
		goto taken;
	case OP_JIRL:
		v = cpu->pc + 4;
		cpu->pc = a + (int64_t)in->imm;
		if (in->rd)
			r[in->rd] = v;
		return R_BLOCK;
	default:
		return -1;
	}
	if (in->rd)
		r[in->rd] = v;
	cpu->pc += 4;
	return R_NEXT;
taken:
	cpu->pc += (int64_t)in->imm;
	return R_BLOCK;
not_taken:
	cpu->pc += 4;
	return R_NEXT;
}

enum sk_stop sk_cpu_run(struct sk_cpu *cpu, struct kvm_run *run, uint32_t *code_out)
{
	struct sk_priv *p = PRIV(cpu);
	volatile uint8_t *imm_exit = &run->immediate_exit;

	if (!p || !p->vm) {
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		return SK_STOP_ERROR;
	}
	p->run = run;
	for (;;) {
		check_flush(cpu);
		if (*imm_exit || unlikely(p->budget >= p->budget_end))
			return SK_STOP_KICK;
		sk_timer_update(cpu);
		sk_sync_lines(cpu);
		if (sk_irq_deliverable(cpu))
			sk_take_interrupt(cpu);

		for (unsigned int n = 0; n < SK_SLICE; n++) {
			const struct sk_insn *in;
			enum sk_res r;
			int fr;
			uint32_t raw;

			p->budget++;
			in = fetch(cpu, &raw);
			if (unlikely(!in))
				continue;
			fr = exec_fast(cpu, in);
			r = fr >= 0 ? (enum sk_res)fr : sk_exec(cpu, in, raw);
			if (likely(r == R_NEXT))
				continue;
			if (r == R_STOP) {
				if (code_out)
					*code_out = p->stop_code;
				return p->stop;
			}
			/* Block boundary: cheap event checks. */
			if (*imm_exit || sk_irq_deliverable(cpu))
				break;
		}
	}
}
