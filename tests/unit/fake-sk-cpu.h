/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef FAKE_SK_CPU_H
#define FAKE_SK_CPU_H

/*
 * Test-only stand-in for softkvm/cpu/: sk_cpu_run plays a script of stops
 * so the kernel side can be tested without an interpreter.
 */
#include "../../softkvm/softkvm.h"

struct fake_step {
	enum sk_stop stop;
	uint32_t code;		/* hvcl code for SK_STOP_HVCL */
	uint32_t exit_reason;	/* for SK_STOP_EXIT: MMIO or IOCSR */
	bool is_write;
	uint64_t addr;
};

#define FAKE_MAX_STEPS	32

struct fake_cpu_state {
	struct fake_step steps[FAKE_MAX_STEPS];
	int nr, pos;
	int runs;		/* sk_cpu_run calls */
	int completes;		/* sk_cpu_complete_exit calls */
	uint64_t last_completed_data;
	struct sk_vcpu *last_vcpu;	/* last sk_cpu_init */
	int ines;		/* sk_cpu_raise_ine calls */
	int timer_shifts;	/* sk_cpu_timer_shift calls */
	int64_t last_timer_shift;
};

extern struct fake_cpu_state fake_cpu;

void fake_cpu_reset(void);
void fake_cpu_push(struct fake_step step);

#endif
