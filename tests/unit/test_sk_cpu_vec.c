/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm LSX/LASX: what the differential tests cannot reach (qemu-user
 * always has the units on and turns exceptions into signals). CPUCFG2.LSX
 * (bit 6) / LASX (bit 7) clear: INE; EUEN.SXE (bit 1) / ASXE (bit 2) clear:
 * SXD (Ecode 0x10) / ASXD (0x11). A vector access whose second part is not
 * RAM raises ADEM before any byte is stored. Register aliasing: FP and LSX
 * writes leave the bits above their width alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sk_cpu_fake_kernel.h"
#include "../../softkvm/cpu/internal.h"

#define RAM_SIZE	0x10000
#define PROG		0x1000
#define TRAP		0x3000
#define HVCL0		0x002b8000u	/* hvcl 0 */

/* words from llvm-mc-19 --triple=loongarch64 -mattr=+lasx */
#define VADD_B		0x700a0c41u	/* vadd.b $vr1, $vr2, $vr3 */
#define XVADD_B		0x740a0c41u	/* xvadd.b $xr1, $xr2, $xr3 */
#define XVST		0x2cc00081u	/* xvst $xr1, $a0, 0 */
#define VLD		0x2c000085u	/* vld $vr5, $a0, 0 */
#define XVLD		0x2c800086u	/* xvld $xr6, $a0, 0 */
#define VLDI_BAD	0x73e3a007u	/* vldi $vr7, imm 0x1d00 (mode 13) */
#define VSETEQZ		0x729c9843u	/* vseteqz.v $fcc3, $vr2 */
#define MOVGR2FR_D	0x0114a8a2u	/* movgr2fr.d $f2, $a1 */
#define VINSGR2VR_W	0x72ebeca2u	/* vinsgr2vr.w $vr2, $a1, 3 */
#define VPICKVE2GR_BU	0x72f3bc46u	/* vpickve2gr.bu $a2, $vr2, 15 */

static uint8_t *ram;
static struct sk_vcpu vcpu;
static struct kvm_run run;

static int setup(void **state)
{
	uint32_t hv = HVCL0;

	(void)state;
	ram = fake_cpu_env(&vcpu, &run, RAM_SIZE);
	vcpu.cpu.cpucfg[2] = 0xc7;
	vcpu.cpu.csr[CSR_EUEN] = 7;
	vcpu.cpu.csr[CSR_EENTRY] = TRAP;
	memcpy(ram + TRAP, &hv, 4);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sk_cpu_destroy(&vcpu.cpu);
	free(ram);
	return 0;
}

/* Run one instruction then hvcl; return its Ecode, or -1 if it completed. */
static int run_one(uint32_t word)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t hv = HVCL0, code;

	memcpy(ram + PROG, &word, 4);
	memcpy(ram + PROG + 4, &hv, 4);
	cpu->pc = PROG;
	cpu->csr[CSR_ESTAT] = 0;
	sk_cpu_flush(cpu);
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_HVCL);
	if (cpu->pc == PROG + 4)
		return -1;
	assert_int_equal(cpu->pc, TRAP);
	assert_int_equal(cpu->csr[CSR_ERA], PROG);
	assert_int_equal(cpu->csr[CSR_BADI], word);
	return (cpu->csr[CSR_ESTAT] >> 16) & 0x3f;
}

static void test_gating(void **state)
{
	static const struct {
		uint32_t cfg2, euen, word;
		int ecode;
	} cases[] = {
		{ 0x07, 7, VADD_B, EXC_INE },	/* no LSX in CPUCFG */
		{ 0x07, 7, XVADD_B, EXC_INE },
		{ 0x47, 7, XVADD_B, EXC_INE },	/* LSX without LASX */
		{ 0x47, 7, VADD_B, -1 },
		{ 0xc7, 1, VADD_B, EXC_SXD },	/* units off in EUEN */
		{ 0xc7, 1, XVADD_B, EXC_ASXD },
		{ 0xc7, 3, XVADD_B, EXC_ASXD },
		{ 0xc7, 5, VADD_B, EXC_SXD },
		{ 0xc7, 1, VLD, EXC_SXD },
		{ 0xc7, 3, XVLD, EXC_ASXD },
		{ 0xc7, 0, VSETEQZ, EXC_SXD },
		{ 0xc7, 3, VADD_B, -1 },
		{ 0xc7, 7, XVADD_B, -1 },
		{ 0xc7, 7, VLDI_BAD, EXC_INE },	/* reserved vldi mode */
	};
	struct sk_cpu *cpu = &vcpu.cpu;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpu->cpucfg[2] = cases[i].cfg2;
		cpu->csr[CSR_EUEN] = cases[i].euen;
		cpu->csr[CSR_CRMD] = CRMD_DA;
		sk_update_mode(cpu);
		cpu->gpr[4] = 0x8000;
		assert_int_equal(run_one(cases[i].word), cases[i].ecode);
	}
}

/* xvst whose upper 16 bytes fall off the end of RAM: ADEM, nothing stored */
static void test_store_cross_fault(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint8_t before[16];

	(void)state;
	cpu->csr[CSR_CRMD] = CRMD_DA;
	sk_update_mode(cpu);
	memset(ram + RAM_SIZE - 16, 0x5a, 16);
	memcpy(before, ram + RAM_SIZE - 16, 16);
	for (int i = 0; i < 4; i++)
		cpu->fpr[1][i] = 0x1111111111111111ULL * (i + 1);
	cpu->gpr[4] = RAM_SIZE - 16;
	assert_int_equal(run_one(XVST), EXC_ADEM & 0x3f);
	assert_int_equal((cpu->csr[CSR_ESTAT] >> 22) & 0x1ff, EXC_ADEM >> 8);
	assert_memory_equal(ram + RAM_SIZE - 16, before, 16);
	/* the same store inside RAM, across a page boundary, works */
	cpu->gpr[4] = 0x4ff0;
	assert_int_equal(run_one(XVST), -1);
	assert_memory_equal(ram + 0x4ff0, cpu->fpr[1], 32);
}

/* xvld across a page boundary; LSX vld keeps bits 255:128 */
static void test_load_cross_and_alias(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;

	(void)state;
	cpu->csr[CSR_CRMD] = CRMD_DA;
	sk_update_mode(cpu);
	for (int i = 0; i < 64; i++)
		ram[0x5fe0 + i] = (uint8_t)(i * 7 + 1);
	cpu->gpr[4] = 0x5ff3;
	assert_int_equal(run_one(XVLD), -1);
	assert_memory_equal(cpu->fpr[6], ram + 0x5ff3, 32);

	cpu->fpr[5][2] = 0xaaaaaaaaaaaaaaaaULL;
	cpu->fpr[5][3] = 0xbbbbbbbbbbbbbbbbULL;
	assert_int_equal(run_one(VLD), -1);
	assert_memory_equal(cpu->fpr[5], ram + 0x5ff3, 16);
	assert_int_equal(cpu->fpr[5][2], 0xaaaaaaaaaaaaaaaaULL);
	assert_int_equal(cpu->fpr[5][3], 0xbbbbbbbbbbbbbbbbULL);
}

/* Scalar FP and element writes change only their bits of the 256. */
static void test_register_aliasing(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;

	(void)state;
	for (int i = 0; i < 4; i++)
		cpu->fpr[2][i] = 0x0101010101010101ULL * (i + 1);
	cpu->gpr[5] = 0x8877665544332211ULL;
	assert_int_equal(run_one(MOVGR2FR_D), -1);
	assert_int_equal(cpu->fpr[2][0], 0x8877665544332211ULL);
	assert_int_equal(cpu->fpr[2][1], 0x0202020202020202ULL);
	assert_int_equal(cpu->fpr[2][3], 0x0404040404040404ULL);
	assert_int_equal(run_one(VINSGR2VR_W), -1);	/* word 3 = bits 127:96 */
	assert_int_equal(cpu->fpr[2][1], 0x4433221102020202ULL);
	assert_int_equal(cpu->fpr[2][2], 0x0303030303030303ULL);
	assert_int_equal(run_one(VPICKVE2GR_BU), -1);	/* byte 15, zero-extended */
	assert_int_equal(cpu->gpr[6], 0x44);
	memset(cpu->fpr[2], 0, 16);
	cpu->fcc[3] = 0;
	assert_int_equal(run_one(VSETEQZ), -1);		/* only bits 127:0 count */
	assert_int_equal(cpu->fcc[3], 1);
	cpu->fpr[2][1] = 1ULL << 63;
	assert_int_equal(run_one(VSETEQZ), -1);
	assert_int_equal(cpu->fcc[3], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gating, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_cross_fault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_cross_and_alias, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_aliasing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
