/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm CPU interpreter: runs small guest programs (tests/softkvm/progs,
 * assembled by llvm-mc-19) against a fake kernel side and checks the exits,
 * completions and architectural state the LoongArch manual and the 6.12
 * KVM exit handlers prescribe.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/util.h"
#include "sk_cpu_fake_kernel.h"
#include "../../softkvm/cpu/internal.h"
#include "../softkvm/progs.h"

#define RAM_SIZE	0x100000

static uint8_t *ram;
static struct sk_vcpu vcpu;
static struct kvm_run run;

static int setup(void **state)
{
	(void)state;
	ram = fake_cpu_env(&vcpu, &run, RAM_SIZE);
	fake_counter = 1000;
	fake_ns = 5000;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sk_cpu_destroy(&vcpu.cpu);
	free(ram);
	return 0;
}

static enum sk_stop go(uint32_t *code)
{
	sk_cpu_complete_exit(&vcpu.cpu, &run);
	return sk_cpu_run(&vcpu.cpu, &run, code);
}

#define R(n)	(vcpu.cpu.gpr[n])
enum { A0 = 4, A1, A2, A3, A4, T0 = 12, S0 = 23, S1, S2, S3 };

static void test_basic_program(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t code = 0;
	enum sk_stop r;

	(void)state;
	memcpy(ram + 0x1000, prog_basic, sizeof(prog_basic));
	cpu->pc = 0x1000;
	cpu->cpucfg[1] = 0x03f2f2fe;

	/* st.b to the UART: write exit, PC already past the store */
	assert_int_equal(go(&code), SK_STOP_EXIT);
	assert_int_equal(run.exit_reason, KVM_EXIT_MMIO);
	assert_int_equal(run.mmio.phys_addr, 0x1fe001e0);
	assert_int_equal(run.mmio.len, 1);
	assert_int_equal(run.mmio.is_write, 1);
	assert_int_equal(run.mmio.data[0], 0x48);

	/* ld.b: read exit; completion sign-extends 0x80 */
	assert_int_equal(go(&code), SK_STOP_EXIT);
	assert_int_equal(run.mmio.phys_addr, 0x1fe001e5);
	assert_int_equal(run.mmio.is_write, 0);
	assert_int_equal(run.mmio.len, 1);
	run.mmio.data[0] = 0x80;

	/* ld.hu: zero-extends */
	assert_int_equal(go(&code), SK_STOP_EXIT);
	assert_int_equal(R(A0), 0xffffffffffffff80ULL);
	assert_int_equal(run.mmio.phys_addr, 0x1fe001e6);
	assert_int_equal(run.mmio.len, 2);
	run.mmio.data[0] = 0x34;
	run.mmio.data[1] = 0x92;

	/* iocsrrd.w: always sign-extended */
	assert_int_equal(go(&code), SK_STOP_EXIT);
	assert_int_equal(R(A1), 0x9234);
	assert_int_equal(run.exit_reason, KVM_EXIT_LOONGARCH_IOCSR);
	assert_int_equal(run.iocsr_io.phys_addr, 0x1020);
	assert_int_equal(run.iocsr_io.len, 4);
	assert_int_equal(run.iocsr_io.is_write, 0);
	memcpy(run.iocsr_io.data, "\x00\x00\x00\x80", 4);

	/* iocsrwr.d */
	assert_int_equal(go(&code), SK_STOP_EXIT);
	assert_int_equal(R(A2), 0xffffffff80000000ULL);
	assert_int_equal(run.iocsr_io.is_write, 1);
	assert_int_equal(run.iocsr_io.len, 8);
	assert_int_equal(get_le64(run.iocsr_io.data), 0x123456789ULL);

	/* then cpucfg, syscall round trip, ll/sc, amadd, up to hvcl */
	r = go(&code);
	if (r != SK_STOP_HVCL)
		printf("stop %d exit %u pc %llx addr %llx\n", r, run.exit_reason,
		       (unsigned long long)cpu->pc, (unsigned long long)run.mmio.phys_addr);
	assert_int_equal(r, SK_STOP_HVCL);
	assert_int_equal(code, 0x100);
	assert_int_equal(R(A3), 0x03f2f2fe);
	assert_int_equal(R(A4), 0x004d564b);
	/* ESTAT.Ecode = SYS (0xb) at bits 21:16 */
	assert_int_equal((R(S0) >> 16) & 0x3f, 0xb);
	assert_int_equal(R(S1), 8);
	assert_int_equal(R(S2), 18);
	assert_int_equal(cpu->csr[CSR_CRMD] & 7, 0);	/* PLV0, IE restored to 0 */
	/* the kernel side advances PC past hvcl */
	cpu->pc += 4;
	assert_int_equal(go(&code), SK_STOP_IDLE);
	/* store to RAM, then break -> handler -> ertn -> hvcl 1 */
	assert_int_equal(go(&code), SK_STOP_HVCL);
	assert_int_equal(code, 1);
	assert_int_equal((R(S0) >> 16) & 0x3f, 0xc);
	assert_int_equal(ram[0x3008], 0x77);
}

/* Run prog_timer until it idles with its one-shot timer of 1000 ticks armed. */
static void timer_armed(struct sk_cpu *cpu)
{
	uint32_t code = 0;

	memcpy(ram + 0x1000, prog_timer, sizeof(prog_timer));
	memcpy(ram + 0x10000 + 75 * 0x200, prog_timer_handler, sizeof(prog_timer_handler));
	cpu->pc = 0x1000;
	assert_int_equal(go(&code), SK_STOP_IDLE);
}

static void test_timer_interrupt(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t code = 0;

	(void)state;
	timer_armed(cpu);
	/* 1000 ticks at 100 MHz = 10 us after arming */
	assert_int_equal(cpu->timer_deadline_ns, 5000 + 10000 + 1);
	assert_false(sk_cpu_irq_pending(cpu));
	assert_int_equal(sk_cpu_csr_get(cpu, CSR_TVAL), 1000);
	fake_counter += 400;
	assert_int_equal(sk_cpu_csr_get(cpu, CSR_TVAL), 600);
	assert_false(sk_cpu_irq_pending(cpu));
	fake_counter += 600;
	assert_true(sk_cpu_irq_pending(cpu));
	assert_int_equal(cpu->timer_deadline_ns, 0);	/* one-shot: disarmed */

	assert_int_equal(go(&code), SK_STOP_HVCL);
	assert_int_equal(code, 2);
	assert_int_equal(R(S1), 1);
	assert_true(R(S0) & (1 << 11));		/* TI pending in the handler */
	assert_false(R(S2) & (1 << 11));	/* cleared by TICLR */
	assert_int_equal((R(S0) >> 16) & 0x3f, 0);	/* Ecode INT */
	/* ertn restored PLV0/IE=1 from PRMD */
	assert_int_equal(cpu->csr[CSR_CRMD] & 7, 4);
}

/*
 * The counter moved back under an armed timer (lkvm restoring it after a
 * pause): the timer stays due at the same host time, as KVM keeps its
 * expiry in host time (kvm_save_timer / kvm_restore_timer).
 */
static void test_timer_shift(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;

	(void)state;
	timer_armed(cpu);
	assert_int_equal(sk_cpu_csr_get(cpu, CSR_TVAL), 1000);
	/* Paused for 300 ticks of host time; the guest's counter did not move. */
	sk_cpu_timer_shift(cpu, -300);
	assert_int_equal(sk_cpu_csr_get(cpu, CSR_TVAL), 700);
	assert_false(sk_cpu_irq_pending(cpu));
	/* Paused past the expiry: due at once. */
	sk_cpu_timer_shift(cpu, -2000);
	assert_true(sk_cpu_irq_pending(cpu));
	/* Not armed: nothing to move. */
	sk_cpu_timer_shift(cpu, 5000);
	assert_int_equal(cpu->timer_deadline_ns, 0);
}

static void test_hw_irq_and_kick(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	uint32_t code = 0;
	/* b . (spin) at 0x1000; handler at EENTRY (VS=0) = 0x2000: hvcl 3 */
	static const uint32_t spin = 0x50000000, hv3 = 0x002b8003;

	(void)state;
	memcpy(ram + 0x1000, &spin, 4);
	memcpy(ram + 0x2000, &hv3, 4);
	cpu->pc = 0x1000;
	cpu->csr[CSR_EENTRY] = 0x2000;
	cpu->csr[CSR_ECFG] = 1 << 3;		/* HWI1 */
	cpu->csr[CSR_CRMD] = CRMD_DA | CRMD_IE;

	run.immediate_exit = 1;
	assert_int_equal(go(&code), SK_STOP_KICK);
	run.immediate_exit = 0;
	atomic_fetch_or(&cpu->irq_lines, 1u << 3);	/* KVM_INTERRUPT +3 */
	assert_true(sk_cpu_irq_pending(cpu));
	assert_int_equal(go(&code), SK_STOP_HVCL);
	assert_int_equal(code, 3);
	assert_int_equal(cpu->csr[CSR_ERA], 0x1000);
	assert_int_equal(cpu->csr[CSR_PRMD] & 7, 4);	/* PIE=1, PPLV=0 */
	assert_true(sk_cpu_csr_get(cpu, CSR_ESTAT) & (1 << 3));
	atomic_fetch_and(&cpu->irq_lines, ~(1u << 3));	/* KVM_INTERRUPT -3 */
	assert_false(sk_cpu_csr_get(cpu, CSR_ESTAT) & (1 << 3));
}

/*
 * KVM_INTERRUPT -3 from another thread between the run loop's check and
 * the interrupt entry: the entry must decide from one read of the lines
 * (it used to enter anyway, with a vector from __builtin_clzll(0)).
 */
static void test_irq_lowered_before_entry(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;

	(void)state;
	cpu->pc = 0x1000;
	cpu->csr[CSR_EENTRY] = 0x2000;
	cpu->csr[CSR_ECFG] = 1 << 3;		/* HWI1 */
	cpu->csr[CSR_CRMD] = CRMD_DA | CRMD_IE;
	atomic_fetch_or(&cpu->irq_lines, 1u << 3);
	assert_true(sk_irq_deliverable(cpu));
	atomic_fetch_and(&cpu->irq_lines, ~(1u << 3));
	sk_take_interrupt(cpu);
	assert_int_equal(cpu->pc, 0x1000);
	assert_int_equal(cpu->csr[CSR_CRMD], CRMD_DA | CRMD_IE);
	assert_int_equal(cpu->csr[CSR_ERA], 0);
	/* a line that stays up is taken */
	atomic_fetch_or(&cpu->irq_lines, 1u << 3);
	sk_take_interrupt(cpu);
	assert_int_equal(cpu->pc, 0x2000);
	assert_int_equal(cpu->csr[CSR_ERA], 0x1000);
	assert_int_equal(cpu->csr[CSR_CRMD] & CRMD_IE, 0);
}

/* budget_end bounds a run of a guest that never exits (tests, fuzzing). */
static void test_budget_end(void **state)
{
	struct sk_cpu *cpu = &vcpu.cpu;
	static const uint32_t spin = 0x50000000;	/* b . */
	uint32_t code;

	(void)state;
	memcpy(ram + 0x1000, &spin, 4);
	cpu->pc = 0x1000;
	PRIV(cpu)->budget_end = 5000;
	assert_int_equal(sk_cpu_run(cpu, &run, &code), SK_STOP_KICK);
	assert_true(PRIV(cpu)->budget >= 5000);
	assert_true(PRIV(cpu)->budget <= 5000 + 4096);
	assert_int_equal(cpu->pc, 0x1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic_program, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hw_irq_and_kick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_lowered_before_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_end, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
