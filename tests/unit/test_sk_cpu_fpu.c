/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm FPU: the exception side the differential tests cannot reach
 * (qemu-user turns a trap into a signal). LoongArch Vol1 3.1.4: an
 * operation sets FCSR.Cause; if Cause & Enables is non-zero it raises FPE
 * (Ecode 0x12, subcode 0) without writing the destination or Flags;
 * otherwise Flags accumulate. EUEN.FPE=0 makes every FP instruction FPD.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sk_cpu_fake_kernel.h"
#include "../../softkvm/cpu/internal.h"
#include "../softkvm/progs.h"

#define RAM_SIZE	0x10000
#define HVCL0		0x002b8000u	/* hvcl 0 */

static uint8_t *ram;
static struct sk_vcpu vcpu;
static struct kvm_run run;

static int setup(void **state)
{
	uint32_t hv = HVCL0;

	(void)state;
	ram = fake_cpu_env(&vcpu, &run, RAM_SIZE);
	vcpu.cpu.cpucfg[2] = 7;
	vcpu.cpu.csr[CSR_EENTRY] = 0x2000;
	memcpy(ram + 0x2000, &hv, 4);
	memcpy(ram + 0x1000, prog_fpe, sizeof(prog_fpe));
	vcpu.cpu.pc = 0x1000;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sk_cpu_destroy(&vcpu.cpu);
	free(ram);
	return 0;
}

static void test_fpe_trap(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t code;

	(void)state;
	cpu->csr[CSR_EUEN] = 1;
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_HVCL);
	assert_int_equal(cpu->pc, 0x2000);
	/* first fsub: disabled invalid -> default qNaN, Cause.V and Flags.V */
	assert_int_equal(cpu->fpr[2][0], 0xffffffff7fc00000ULL);
	assert_int_equal(cpu->gpr[23], (1u << 28) | (1u << 20));
	/* second fsub (the 10th instruction word): FPE, destination untouched */
	assert_int_equal((cpu->csr[CSR_ESTAT] >> 16) & 0x3f, 0x12);
	assert_int_equal((cpu->csr[CSR_ESTAT] >> 22) & 0x1ff, 0);
	assert_int_equal(cpu->csr[CSR_ERA], 0x1024);
	assert_int_equal(cpu->csr[CSR_BADI], 0x01028001);
	assert_int_equal(cpu->fpr[1][0] & 0xffffffff, 0x12345678);
	/* Cause = V, Flags still only the first V, Enables = V */
	assert_int_equal(cpu->fcsr, (1u << 28) | (1u << 20) | 0x10);
}

static void test_fpd(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t code;

	(void)state;
	cpu->csr[CSR_EUEN] = 0;
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_HVCL);
	/* the first FP instruction (movgr2fr.w at 0x1004) raises FPD */
	assert_int_equal((cpu->csr[CSR_ESTAT] >> 16) & 0x3f, 0xf);
	assert_int_equal(cpu->csr[CSR_ERA], 0x1004);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fpe_trap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fpd, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
