/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scripted fake of the sk_cpu_* contract for the kernel-side unit tests.
 * It keeps CSRs in cpu->csr[] and treats any raised line as pending.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include "fake-sk-cpu.h"

struct fake_cpu_state fake_cpu;

void fake_cpu_reset(void)
{
	memset(&fake_cpu, 0, sizeof(fake_cpu));
}

void fake_cpu_push(struct fake_step step)
{
	if (fake_cpu.nr < FAKE_MAX_STEPS)
		fake_cpu.steps[fake_cpu.nr++] = step;
}

void sk_cpu_init(struct sk_cpu *cpu, struct sk_vcpu *vcpu, int id)
{
	(void)id;
	memset(cpu, 0, sizeof(*cpu));
	/* Junk the kernel side must overwrite with the create defaults. */
	memset(cpu->cpucfg, 0xff, sizeof(cpu->cpucfg));
	cpu->csr[0] = 0xdead;
	cpu->vcpu = vcpu;
	fake_cpu.last_vcpu = vcpu;
}

void sk_cpu_destroy(struct sk_cpu *cpu)
{
	(void)cpu;
}

enum sk_stop sk_cpu_run(struct sk_cpu *cpu, struct kvm_run *run, uint32_t *code_out)
{
	struct fake_step *s;

	(void)cpu;
	fake_cpu.runs++;
	if (run->immediate_exit)
		return SK_STOP_KICK;
	if (fake_cpu.pos >= fake_cpu.nr) {
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		return SK_STOP_ERROR;
	}
	s = &fake_cpu.steps[fake_cpu.pos++];
	switch (s->stop) {
	case SK_STOP_HVCL:
		*code_out = s->code;
		break;
	case SK_STOP_EXIT:
		run->exit_reason = s->exit_reason;
		if (s->exit_reason == KVM_EXIT_MMIO) {
			run->mmio.phys_addr = s->addr;
			run->mmio.len = 4;
			run->mmio.is_write = s->is_write;
		} else {
			run->iocsr_io.phys_addr = s->addr;
			run->iocsr_io.len = 4;
			run->iocsr_io.is_write = s->is_write;
		}
		break;
	default:
		break;
	}
	return s->stop;
}

void sk_cpu_complete_exit(struct sk_cpu *cpu, struct kvm_run *run)
{
	fake_cpu.completes++;
	if (run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR)
		fake_cpu.last_completed_data = *(uint32_t *)run->iocsr_io.data;
	else
		fake_cpu.last_completed_data = *(uint32_t *)run->mmio.data;
	cpu->gpr[12] = fake_cpu.last_completed_data;
}

bool sk_cpu_irq_pending(struct sk_cpu *cpu)
{
	return atomic_load(&cpu->irq_lines) != 0;
}

uint64_t sk_cpu_csr_get(struct sk_cpu *cpu, unsigned int csr)
{
	return cpu->csr[csr];
}

void sk_cpu_csr_set(struct sk_cpu *cpu, unsigned int csr, uint64_t val)
{
	/* Like the interpreter: ESTAT IS[9:2] belong to the lines, not the CSR. */
	if (csr == 0x5)
		val &= ~0x3fcULL;
	cpu->csr[csr] = val;
}

void sk_cpu_flush(struct sk_cpu *cpu)
{
	(void)cpu;
}

void sk_cpu_timer_shift(struct sk_cpu *cpu, int64_t delta)
{
	(void)cpu;
	fake_cpu.timer_shifts++;
	fake_cpu.last_timer_shift = delta;
}

void sk_cpu_raise_ine(struct sk_cpu *cpu)
{
	(void)cpu;
	fake_cpu.ines++;
}
