/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm MMU against hostile guests: unaligned loads and stores that
 * cross into the next virtual page (UAL) must translate and check that
 * page too (LoongArch Vol1 5.4; QEMU's cputlb looks both pages up before
 * any byte moves and reports a second-page fault at that page's first
 * address), and guest-chosen page sizes (STLBPS, PWCTL for ldpte of a huge
 * entry) must not reach undefined shifts.
 *
 * Layout: code at PA 0x1000 through DMW0 (VA 0x9000...), the exception
 * entry and the TLB refill entry hold hvcl 0. VA 0x40000000 -> PA 0x10000
 * and VA 0x40001000 -> PA 0x30000 (one TLB pair); PA 0x11000, the bytes
 * physically after the first page, hold a poison pattern.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sk_cpu_fake_kernel.h"
#include "../../softkvm/cpu/internal.h"

#define RAM_SIZE	0x100000
#define CODE_PA		0x1000
#define DMW_CODE	0x9000000000000000ULL
#define EENTRY_PA	0x2000
#define TLBRENTRY_PA	0x3000
#define VA0		0x40000000ULL
#define PA_A		0x10000		/* VA0 */
#define PA_POISON	0x11000		/* physically after PA_A, mapped nowhere */
#define PA_B		0x30000		/* VA0 + 0x1000 */

#define HVCL0		0x002b8000u
#define SYSCALL0	0x002b0000u
#define A0		4
#define A1		5
#define A2		6

/* PTE bits as a guest writes them */
#define V		PTE_V
#define D		PTE_D
#define PLV3		(3ULL << PTE_PLV_SHIFT)
#define CC		(1ULL << 4)
#define G		PTE_G

static uint8_t *ram;
static struct sk_vcpu vcpu;
static struct kvm_run run;
static struct sk_cpu *cpu;

static uint32_t enc_ri12(uint32_t op, unsigned int rd, unsigned int rj, int imm)
{
	return op | ((uint32_t)(imm & 0xfff) << 10) | (rj << 5) | rd;
}

static void tlb_write(int idx, uint64_t va, uint64_t lo0, uint64_t lo1)
{
	cpu->csr[CSR_TLBEHI] = va & ~0x1fffULL;
	cpu->csr[CSR_TLBELO0] = lo0;
	cpu->csr[CSR_TLBELO1] = lo1;
	cpu->csr[CSR_TLBIDX] = (12ULL << 24) | (uint64_t)idx;
	sk_tlb_op(cpu, OP_TLBWR, 0, 0, 0);
}

static int setup(void **state)
{
	uint32_t w;

	(void)state;
	ram = fake_cpu_env(&vcpu, &run, RAM_SIZE);
	cpu = &vcpu.cpu;
	cpu->cpucfg[2] = 7;			/* FP, FP_SP, FP_DP */
	cpu->csr[CSR_EUEN] = 1;
	cpu->csr[CSR_DMW0] = DMW_CODE | 9;	/* PLV0 and PLV3 */
	cpu->csr[CSR_EENTRY] = DMW_CODE | EENTRY_PA;
	cpu->csr[CSR_TLBRENTRY] = TLBRENTRY_PA;
	w = HVCL0;
	memcpy(ram + EENTRY_PA, &w, 4);
	memcpy(ram + TLBRENTRY_PA, &w, 4);
	for (int i = 0; i < 0x1000; i++) {
		ram[PA_A + i] = (uint8_t)(0x10 + i);
		ram[PA_POISON + i] = 0xee;
		ram[PA_B + i] = (uint8_t)(0x80 + 3 * i);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sk_cpu_destroy(cpu);
	free(ram);
	return 0;
}

/*
 * Run one instruction at PLV plv in paged mode, followed by syscall 0; the
 * handlers stop with hvcl. Returns the Ecode it ended with: EXC_SYS when the
 * instruction completed, EXC_TLBR for a refill, else its exception.
 */
static int run1(uint32_t insn, unsigned int plv)
{
	uint32_t w[2] = { insn, SYSCALL0 }, code;

	memcpy(ram + CODE_PA, w, sizeof(w));
	cpu->pc = DMW_CODE | CODE_PA;
	cpu->csr[CSR_ESTAT] = 0;
	cpu->csr[CSR_TLBRERA] = 0;
	cpu->csr[CSR_BADV] = 0;
	cpu->csr[CSR_TLBRBADV] = 0;
	sk_cpu_csr_set(cpu, CSR_CRMD, CRMD_PG | plv);
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_HVCL);
	if (cpu->csr[CSR_TLBRERA] & 1)
		return EXC_TLBR;
	return (int)(((cpu->csr[CSR_ESTAT] >> 16) & 0x3f) |
		     (((cpu->csr[CSR_ESTAT] >> 22) & 0x1ff) << 8));
}

/* The byte the guest should see at va under the two-page mapping. */
static uint8_t mapped(uint64_t va)
{
	uint64_t off = va - VA0;

	return off < 0x1000 ? ram[PA_A + off] : ram[PA_B + off - 0x1000];
}

static uint64_t expect_le(uint64_t va, unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < len; i++)
		v |= (uint64_t)mapped(va + i) << (8 * i);
	return v;
}

static uint64_t sext(uint64_t v, unsigned int len)
{
	unsigned int sh = 64 - 8 * len;

	return (uint64_t)((int64_t)(v << sh) >> sh);
}

static void map_pair(uint64_t lo0_flags, uint64_t lo1_flags)
{
	tlb_write(STLB_SIZE, VA0, PA_A | lo0_flags, PA_B | lo1_flags);
}

static const struct {
	uint32_t op;
	unsigned int len;
	bool fp;
} loads[] = {
	{ 0x28400000, 2, false },	/* ld.h */
	{ 0x28800000, 4, false },	/* ld.w */
	{ 0x28c00000, 8, false },	/* ld.d */
	{ 0x2b000000, 4, true },	/* fld.s */
	{ 0x2b800000, 8, true },	/* fld.d */
}, stores[] = {
	{ 0x29400000, 2, false },	/* st.h */
	{ 0x29800000, 4, false },	/* st.w */
	{ 0x29c00000, 8, false },	/* st.d */
	{ 0x2b400000, 4, true },	/* fst.s */
	{ 0x2bc00000, 8, true },	/* fst.d */
};

/* Every split of every size: 1..len-1 bytes in the first page. */
static void test_cross_load_non_adjacent(void **state)
{
	(void)state;
	map_pair(V | D | PLV3 | CC | G, V | D | PLV3 | CC | G);
	for (unsigned int k = 0; k < sizeof(loads) / sizeof(loads[0]); k++) {
		unsigned int len = loads[k].len;

		for (unsigned int n0 = 1; n0 < len; n0++) {
			uint64_t va = VA0 + 0x1000 - n0, want = expect_le(va, len), got;

			cpu->gpr[A1] = va;
			cpu->gpr[A0] = 0;
			cpu->fpr[A0][0] = 0;
			assert_int_equal(run1(enc_ri12(loads[k].op, A0, A1, 0), 3), EXC_SYS);
			if (!loads[k].fp)
				got = cpu->gpr[A0], want = len == 8 ? want : sext(want, len);
			else
				got = cpu->fpr[A0][0],
				want = len == 8 ? want : want | 0xffffffff00000000ULL;
			assert_int_equal(got, want);
		}
	}
	/* an ldx crossing too (register-indexed form) */
	cpu->gpr[A1] = VA0 + 0xff0;
	cpu->gpr[A2] = 0xd;
	assert_int_equal(run1(0x380c0000 | (A2 << 10) | (A1 << 5) | A0, 3), EXC_SYS);
	assert_int_equal(cpu->gpr[A0], expect_le(VA0 + 0xffd, 8));
	/* and same-page accesses afterwards see each page's own frame */
	cpu->gpr[A1] = VA0 + 0x1010;
	assert_int_equal(run1(enc_ri12(0x28c00000, A0, A1, 0), 3), EXC_SYS);
	assert_int_equal(cpu->gpr[A0], expect_le(VA0 + 0x1010, 8));
	cpu->gpr[A1] = VA0 + 0xff8;
	assert_int_equal(run1(enc_ri12(0x28c00000, A0, A1, 0), 3), EXC_SYS);
	assert_int_equal(cpu->gpr[A0], expect_le(VA0 + 0xff8, 8));
}

static void test_cross_store_non_adjacent(void **state)
{
	(void)state;
	map_pair(V | D | PLV3 | CC | G, V | D | PLV3 | CC | G);
	for (unsigned int k = 0; k < sizeof(stores) / sizeof(stores[0]); k++) {
		unsigned int len = stores[k].len;

		for (unsigned int n0 = 1; n0 < len; n0++) {
			uint64_t va = VA0 + 0x1000 - n0, val = 0xf1e2d3c4b5a69788ULL + k + n0;

			cpu->gpr[A1] = va;
			cpu->gpr[A0] = val;
			cpu->fpr[A0][0] = val;
			assert_int_equal(run1(enc_ri12(stores[k].op, A0, A1, 0), 3), EXC_SYS);
			for (unsigned int i = 0; i < len; i++)
				assert_int_equal(mapped(va + i), (uint8_t)(val >> (8 * i)));
			for (unsigned int i = 0; i < 16; i++)
				assert_int_equal(ram[PA_POISON + i], 0xee);
		}
	}
}

/*
 * The second page faults: the exception names that page's first address,
 * a load leaves its destination alone and a store writes no byte of the
 * first page.
 */
static void check_second_page_fault(uint64_t lo1, unsigned int plv, int want_load,
				    int want_store)
{
	uint8_t before[8];

	map_pair(V | D | PLV3 | CC | G, lo1);
	for (unsigned int k = 0; k < sizeof(loads) / sizeof(loads[0]); k++) {
		uint64_t va = VA0 + 0x1000 - loads[k].len / 2;

		cpu->gpr[A1] = va;
		cpu->gpr[A0] = 0x5a5a;
		cpu->fpr[A0][0] = 0x5a5a;
		assert_int_equal(run1(enc_ri12(loads[k].op, A0, A1, 0), plv), want_load);
		assert_int_equal(cpu->csr[CSR_BADV], VA0 + 0x1000);
		assert_int_equal(cpu->csr[CSR_ERA], DMW_CODE | CODE_PA);
		assert_int_equal(cpu->gpr[A0], 0x5a5a);
		assert_int_equal(cpu->fpr[A0][0], 0x5a5a);
	}
	for (unsigned int k = 0; k < sizeof(stores) / sizeof(stores[0]); k++) {
		uint64_t va = VA0 + 0x1000 - stores[k].len / 2;

		memcpy(before, ram + PA_A + 0xff8, 8);
		cpu->gpr[A1] = va;
		cpu->gpr[A0] = ~0ULL;
		cpu->fpr[A0][0] = ~0ULL;
		assert_int_equal(run1(enc_ri12(stores[k].op, A0, A1, 0), plv), want_store);
		assert_int_equal(cpu->csr[CSR_BADV], VA0 + 0x1000);
		assert_memory_equal(ram + PA_A + 0xff8, before, 8);
		for (unsigned int i = 0; i < 16; i++)
			assert_int_equal(ram[PA_POISON + i], 0xee);
	}
}

static void test_cross_into_invalid_page(void **state)
{
	(void)state;
	check_second_page_fault(D | PLV3 | CC | G, 3, EXC_PIL, EXC_PIS);
}

static void test_cross_into_plv0_page(void **state)
{
	(void)state;
	check_second_page_fault(V | D | CC | G, 3, EXC_PPI, EXC_PPI);
}

static void test_cross_into_clean_page(void **state)
{
	uint64_t va = VA0 + 0xffe;

	(void)state;
	/* D=0: loads work, a store is PME at the second page */
	map_pair(V | D | PLV3 | CC | G, V | PLV3 | CC | G);
	cpu->gpr[A1] = va;
	assert_int_equal(run1(enc_ri12(0x28800000, A0, A1, 0), 3), EXC_SYS);
	assert_int_equal(cpu->gpr[A0], sext(expect_le(va, 4), 4));
	cpu->gpr[A0] = 0;
	assert_int_equal(run1(enc_ri12(0x29800000, A0, A1, 0), 3), EXC_PME);
	assert_int_equal(cpu->csr[CSR_BADV], VA0 + 0x1000);
	assert_int_equal(ram[PA_A + 0xffe], (uint8_t)(0x10 + 0xffe));
	/* PLV0 may use both pages of a PLV0 pair */
	map_pair(V | D | CC | G, V | D | CC | G);
	cpu->gpr[A0] = 0x11223344;
	assert_int_equal(run1(enc_ri12(0x29800000, A0, A1, 0), 0), EXC_SYS);
	assert_int_equal(ram[PA_A + 0xfff], 0x33);
	assert_int_equal(ram[PA_B], 0x22);
}

/* The next page has no TLB entry: a refill for it, nothing stored. */
static void test_cross_into_tlb_miss(void **state)
{
	uint64_t va = VA0 + 0x1ffc;
	uint8_t before[4];

	(void)state;
	map_pair(V | D | PLV3 | CC | G, V | D | PLV3 | CC | G);
	memcpy(before, ram + PA_B + 0xffc, 4);
	cpu->gpr[A1] = va;
	cpu->gpr[A0] = 0;
	assert_int_equal(run1(enc_ri12(0x29c00000, A0, A1, 0), 3), EXC_TLBR);
	assert_int_equal(cpu->csr[CSR_TLBRBADV], VA0 + 0x2000);
	assert_int_equal(cpu->csr[CSR_TLBREHI] & ~0x3fULL, VA0 + 0x2000);
	assert_int_equal(cpu->csr[CSR_TLBRERA], (DMW_CODE | CODE_PA) | 1);
	assert_memory_equal(ram + PA_B + 0xffc, before, 4);
	cpu->gpr[A0] = 0x77;
	assert_int_equal(run1(enc_ri12(0x28c00000, A0, A1, 0), 3), EXC_TLBR);
	assert_int_equal(cpu->csr[CSR_TLBRBADV], VA0 + 0x2000);
	assert_int_equal(cpu->gpr[A0], 0x77);
	/* a miss on the first page is reported first, at the access address */
	cpu->gpr[A1] = VA0 - 2;
	assert_int_equal(run1(enc_ri12(0x28800000, A0, A1, 0), 3), EXC_TLBR);
	assert_int_equal(cpu->csr[CSR_TLBRBADV], VA0 - 2);
}

/*
 * STLBPS.PS = 63 made the STLB set index shift by 64 (UBSan). A csrwr of an
 * unsupported size leaves STLBPS alone (QEMU's helper_csrwr_stlbps checks
 * it against PRCFG2); one set through KVM_SET_ONE_REG still indexes safely.
 */
static void test_stlbps_unsupported(void **state)
{
	uint32_t w[3] = { 0x04007824, HVCL0 }, code;	/* csrwr $a0, STLBPS */

	(void)state;
	memcpy(ram + CODE_PA, w, sizeof(w));
	cpu->pc = CODE_PA;
	cpu->gpr[A0] = 63;
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_HVCL);
	assert_int_equal(cpu->csr[CSR_STLBPS], 14);
	assert_int_equal(cpu->gpr[A0], 14);

	sk_cpu_csr_set(cpu, CSR_STLBPS, 63);
	/* a miss searches the STLB set, tlbfill with PS = 63 picks one */
	cpu->gpr[A1] = VA0 + 8;
	assert_int_equal(run1(enc_ri12(0x28c00000, A0, A1, 0), 3), EXC_TLBR);
	cpu->csr[CSR_TLBRERA] = 0;
	cpu->csr[CSR_TLBEHI] = VA0;
	cpu->csr[CSR_TLBELO0] = PA_A | V | D | PLV3 | CC | G;
	cpu->csr[CSR_TLBELO1] = PA_B | V | D | PLV3 | CC | G;
	cpu->csr[CSR_TLBIDX] = 63ULL << 24;
	sk_tlb_op(cpu, OP_TLBFILL, 0, 0, 0);
	assert_int_equal(run1(enc_ri12(0x28c00000, A0, A1, 0), 3), EXC_SYS);
	assert_int_equal(cpu->gpr[A0], expect_le(VA0 + 8, 8));
}

/*
 * ldpte of a huge entry takes its size from the level's PWCTL base+width;
 * both 0 gave ps = UINT_MAX, a shift by it and garbage ORed into TLBREHI.
 * An unsupported size leaves TLBRELO/TLBREHI unchanged (QEMU helper_ldpte).
 */
static void test_ldpte_huge_bad_size(void **state)
{
	uint64_t huge = 0x400000 | PTE_HUGE | V | D | CC | (1ULL << 13);	/* level 1 */

	(void)state;
	cpu->csr[CSR_PWCTL0] = 0;
	cpu->csr[CSR_PWCTL1] = 0;
	cpu->csr[CSR_TLBREHI] = VA0 | 12;
	cpu->csr[CSR_TLBRELO0] = 0x1111;
	cpu->csr[CSR_TLBRELO1] = 0x2222;
	sk_ldpte(cpu, huge, 1);
	sk_ldpte(cpu, huge, 0);
	assert_int_equal(cpu->csr[CSR_TLBREHI], VA0 | 12);
	assert_int_equal(cpu->csr[CSR_TLBRELO0], 0x1111);
	assert_int_equal(cpu->csr[CSR_TLBRELO1], 0x2222);
	/* huge sizes beyond 63 bits (base 63 + width 63) as well */
	cpu->csr[CSR_PWCTL1] = 63 | (63 << 6);
	sk_ldpte(cpu, (huge & ~(3ULL << 13)) | (3ULL << 13), 1);
	assert_int_equal(cpu->csr[CSR_TLBREHI], VA0 | 12);
	assert_int_equal(cpu->csr[CSR_TLBRELO1], 0x2222);

	/*
	 * A supported size still works: a huge PMD entry (untagged, so the PT
	 * level's 12 + 9 bits) is a pair of 1 MiB halves.
	 */
	cpu->csr[CSR_PWCTL0] = 12 | (9 << 5) | (21 << 10) | (9 << 15);
	sk_ldpte(cpu, huge & ~(3ULL << 13), 1);
	assert_int_equal(cpu->csr[CSR_TLBREHI], VA0 | 20);
	assert_int_equal(cpu->csr[CSR_TLBRELO1], (0x400000 + (1 << 20)) | V | D | CC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cross_load_non_adjacent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_store_non_adjacent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_into_invalid_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_into_plv0_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_into_clean_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_into_tlb_miss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stlbps_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ldpte_huge_bad_size, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
