/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Timer interrupts tick on every CPU. Command line: ncpus=N (= lkvm -c),
 * ticks=T, period_us=P, bound_ms=B.
 *
 * Every CPU programs its own constant timer (TCFG periodic, InitVal = P
 * microseconds of counter), sleeps in idle until its handler (TICLR,
 * count) has counted T interrupts, then stops the timer. CPU 0 checks
 * that each CPU got at least T, not too many, no earlier than T periods
 * after it started (an interrupt that is not cleared, or a timer running
 * fast, counts up too early) and within B milliseconds.
 *
 * Exit codes (c = CPU): 1 bad ncpus, 4 period below 1 us, 48+c fewer than
 * T ticks, 56+c T ticks came too early, 72+c too late, 88+c more than
 * T + 2 ticks; see smp.h for the rest.
 */
#include "smp.h"

static u64 ticks, period, bound;

void test_body(u32 cpu)
{
	struct percpu *pc = &percpu[cpu];

	barrier();
	pc->t_start = rdtime();
	csr_wr(CSR_TCFG, (period & ~3UL) | TCFG_PERIODIC | TCFG_EN);
	wait_geq(&pc->ticks, ticks);
	pc->t_end = rdtime();
	csr_wr(CSR_TCFG, 0);
	barrier();
}

static int check(void)
{
	u32 c;

	for (c = 0; c < nr_cpus; c++) {
		struct percpu *pc = &percpu[c];
		u64 dt = pc->t_end - pc->t_start;

		if (pc->ticks < ticks)
			return 48 + c;
		/* tick k is due k periods after the start: allow one period */
		if (dt < (ticks - 1) * (period & ~3UL))
			return 56 + c;
		if (dt > bound)
			return 72 + c;
		/* at most one more can land before the timer is stopped */
		if (pc->ticks > ticks + 2)
			return 88 + c;
	}
	return common_checks();
}

int main(long efi, const char *cmdline)
{
	u32 c;
	int r;

	(void)efi;
	r = smp_init(cmdline, ECFG_IPI | ECFG_TI);
	if (r)
		return r;
	ticks = param(cmdline, "ticks", 50);
	period = param(cmdline, "period_us", 500) * timer_hz / 1000000;
	bound = param(cmdline, "bound_ms", 20000) * (timer_hz / 1000);
	if (period < 4 || !ticks)
		return 4;
	tick_cap = ticks + 100;
	puts_("timer-smp: ");
	putu(nr_cpus);
	puts_(" CPUs, ");
	putu(ticks);
	puts_(" ticks each, counter ");
	putu(timer_hz);
	puts_(" Hz\n");
	boot_secondaries();
	test_body(0);
	r = check();
	for (c = 0; c < nr_cpus; c++) {
		puts_("timer-smp: cpu ");
		putu(c);
		puts_(" ticks ");
		putu(percpu[c].ticks);
		puts_(" in us ");
		putu((percpu[c].t_end - percpu[c].t_start) * 1000000 / timer_hz);
		puts_("\n");
	}
	puts_(r ? "timer-smp: FAIL " : "timer-smp: PASS ");
	putu((u64)r);
	puts_("\n");
	return r;
}
