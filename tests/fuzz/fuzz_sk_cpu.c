/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the softkvm CPU running whatever the input holds.
 * Input: a header that seeds the vCPU the way a VMM (KVM_SET_ONE_REG) and
 * an earlier guest could have left it (CRMD with PLV/IE/DA/PG, DMW0-1,
 * page-walk and STLB set-up, ECFG, EUEN, the timer, interrupt lines, up
 * to 8 TLB entries written with tlbwr), then a 64 KiB guest RAM image at
 * GPA 0 (short inputs leave the rest zero). The CPU runs at most
 * RUN_BUDGET instructions per KVM_RUN-like call and MAX_STOPS calls; MMIO
 * and IOCSR reads complete with bytes from the header, idle and hvcl are
 * resumed as the kernel side would. ASan and UBSan check every host
 * access and operation the guest can reach.
 */
#include <stddef.h>
#include <string.h>
#include "../../softkvm/cpu/internal.h"

#define RAM		0x10000
#define RUN_BUDGET	1024	/* sk_cpu_run checks it per slice (SK_SLICE) */
#define MAX_STOPS	16
#define MAX_TLB		8

struct fuzz_tlb {
	uint64_t ehi, lo0, lo1;
	uint32_t idx_ps;	/* TLBIDX: index 11:0, PS 29:24 */
} __attribute__((packed));

struct fuzz_hdr {
	uint64_t pc;
	uint64_t crmd, prmd, euen, ecfg;
	uint64_t dmw[2];
	uint64_t pwctl0, pwctl1, pgdl, pgdh, stlbps, asid;
	uint64_t eentry, tlbrentry, tcfg, llbctl;
	uint64_t mmio_data;	/* what MMIO and IOCSR reads return */
	uint32_t lines[MAX_STOPS];	/* irq_lines before each run */
	uint8_t ntlb, cpucfg2, pad[6];
	struct fuzz_tlb tlb[MAX_TLB];
} __attribute__((packed));

/* tests/fuzz/gen-sk-cpu-seeds.py writes this layout. */
_Static_assert(sizeof(struct fuzz_hdr) == 440, "fuzz_hdr layout changed");

static uint8_t ram[RAM] __attribute__((aligned(4096)));
static struct sk_vm vm;
static struct sk_vcpu vcpu;
static struct kvm_run run;
static uint64_t counter, host_ns;

/* The kernel side, reduced to one RAM slot at GPA 0 and a clock we move. */
uint8_t *sk_vm_gpa_to_hva(struct sk_vm *v, uint64_t gpa, uint64_t len, bool write)
{
	(void)v;
	(void)write;
	if (gpa >= RAM || len > RAM - gpa)
		return NULL;
	return ram + gpa;
}

uint64_t sk_vm_counter(struct sk_vm *v)
{
	(void)v;
	return counter;
}

uint64_t sk_host_ns(void)
{
	return host_ns;
}

static void seed_cpu(struct sk_cpu *cpu, const struct fuzz_hdr *h)
{
	static const unsigned int csrs[] = {
		CSR_PRMD, CSR_EUEN, CSR_ECFG, CSR_DMW0, CSR_DMW0 + 1, CSR_PWCTL0,
		CSR_PWCTL1, CSR_PGDL, CSR_PGDH, CSR_STLBPS, CSR_ASID, CSR_EENTRY,
		CSR_TLBRENTRY, CSR_LLBCTL,
	};
	const uint64_t vals[] = {
		h->prmd, h->euen, h->ecfg, h->dmw[0], h->dmw[1], h->pwctl0,
		h->pwctl1, h->pgdl, h->pgdh, h->stlbps, h->asid, h->eentry,
		h->tlbrentry, h->llbctl,
	};

	cpu->cpucfg[2] = h->cpucfg2 & 7;	/* FP, FP_SP, FP_DP at most */
	for (size_t i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
		sk_cpu_csr_set(cpu, csrs[i], vals[i]);
	/* TLB entries go in as a guest's tlbwr would put them. */
	for (unsigned int i = 0; i < h->ntlb % (MAX_TLB + 1); i++) {
		cpu->csr[CSR_TLBEHI] = h->tlb[i].ehi & ((1ULL << VALEN) - 1) & ~0x1fffULL;
		cpu->csr[CSR_TLBELO0] = h->tlb[i].lo0 & TLBELO_MASK;
		cpu->csr[CSR_TLBELO1] = h->tlb[i].lo1 & TLBELO_MASK;
		cpu->csr[CSR_TLBIDX] = h->tlb[i].idx_ps & 0xbf000fffU;
		sk_tlb_op(cpu, OP_TLBWR, 0, 0, 0);
	}
	sk_cpu_csr_set(cpu, CSR_TCFG, h->tcfg);
	sk_cpu_csr_set(cpu, CSR_CRMD, h->crmd);
	cpu->pc = h->pc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	struct fuzz_hdr h;
	uint32_t code;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	memset(ram, 0, RAM);
	memcpy(ram, data + sizeof(h), size - sizeof(h) < RAM ? size - sizeof(h) : RAM);

	counter = 1000;
	host_ns = 5000;
	vcpu.vm = &vm;
	vcpu.run = &run;
	memset(&run, 0, sizeof(run));
	sk_cpu_init(cpu, &vcpu, 0);
	seed_cpu(cpu, &h);

	for (unsigned int n = 0; n < MAX_STOPS; n++) {
		enum sk_stop st;

		atomic_store(&cpu->irq_lines, h.lines[n] & SK_IRQ_DELIVERABLE);
		memcpy(run.mmio.data, &h.mmio_data, 8);
		memcpy(run.iocsr_io.data, &h.mmio_data, 8);
		sk_cpu_complete_exit(cpu, &run);
		PRIV(cpu)->budget_end = PRIV(cpu)->budget + RUN_BUDGET;
		st = sk_cpu_run(cpu, &run, &code);
		counter += 5000;	/* time passes: the timer may fire */
		host_ns += 50000;
		if (st == SK_STOP_HVCL)
			cpu->pc += 4;	/* the kernel side resumes after hvcl */
		else if (st != SK_STOP_EXIT && st != SK_STOP_IDLE)
			break;
	}
	return 0;	/* cpu->priv is reused (sk_cpu_init resets it) */
}
