/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPI storm without lost wake-ups. Command line: ncpus=N (= lkvm -c),
 * rounds=R, posts=P, watchdog=S (seconds).
 *
 * 1. Ring: a token goes round the CPUs R times; each hop is a memory
 *    store then IPI_SEND (vector 1 + round % 15) to a CPU sleeping in
 *    idle. A lost wake-up stops the ring: the watchdog ends the run.
 * 2. All-to-all: in each of P rounds every CPU posts a message to every
 *    other CPU (an atomic increment plus IPI_SEND of vector 16 + sender),
 *    then sleeps until all messages of that round to it were posted: many
 *    senders at once wake one sleeper.
 * CPU 0 then checks every CPU's per-vector interrupt counts.
 *
 * Exit codes (c = CPU): 1 bad ncpus, 3 fewer than 2 CPUs, 10+c ring
 * interrupt count wrong, 20+c posts, 30+c a CPU got its own vector,
 * 40+c all-to-all interrupt count outside 1..P; see smp.h for the rest.
 */
#include "smp.h"

static u64 rounds, posts, watchdog_s;
static u64 ring_ticks;		/* CPU 0: counter ticks the ring took */

static u32 ring_vec(u64 r)
{
	return 1 + (u32)(r % 15);
}

/* One-shot timer: if it fires, the run ends with 0x40 | CPU. */
static void watchdog_arm(void)
{
	csr_wr(CSR_TCFG, (watchdog_s * timer_hz) & ~3UL | TCFG_EN);
}

void test_body(u32 cpu)
{
	u32 next = (cpu + 1) % nr_cpus, c;
	u64 r, k;

	watchdog_arm();
	barrier();
	k = rdtime();
	for (r = 0; r < rounds; r++) {
		if (cpu)
			timed_wait(cpu, &percpu[cpu].token, r + 1);
		__atomic_store_n(&percpu[next].token, r + 1, __ATOMIC_SEQ_CST);
		send_ipi(next, ring_vec(r));
		if (!cpu)
			timed_wait(cpu, &percpu[0].token, r + 1);
	}
	if (!cpu)
		ring_ticks = rdtime() - k;
	barrier();
	drain_ipis(cpu);
	barrier();

	for (k = 0; k < posts; k++) {
		for (c = 0; c < nr_cpus; c++) {
			if (c == cpu)
				continue;
			__atomic_fetch_add(&percpu[c].posted, 1, __ATOMIC_SEQ_CST);
			send_ipi(c, 16 + cpu);
		}
		/* lockstep: sleep until everyone posted round k to me */
		timed_wait(cpu, &percpu[cpu].posted, (k + 1) * (nr_cpus - 1));
	}
	barrier();
	drain_ipis(cpu);
	csr_wr(CSR_TCFG, 0);
	barrier();
}

static u64 a2a_irqs(u32 c)
{
	u64 n = 0;
	u32 s;

	for (s = 0; s < nr_cpus; s++)
		n += percpu[c].vec[16 + s];
	return n;
}

static int check(void)
{
	u32 c, s, v;

	for (c = 0; c < nr_cpus; c++) {
		struct percpu *pc = &percpu[c];

		/* the ring handed every CPU each round once */
		for (v = 1; v <= 15; v++) {
			u64 want = rounds / 15 + (v - 1 < rounds % 15);

			if (pc->vec[v] != want)
				return 10 + c;
		}
		if (pc->posted != posts * (nr_cpus - 1))
			return 20 + c;
		for (s = 0; s < nr_cpus; s++) {
			u64 n = pc->vec[16 + s];

			if (s == c && n)
				return 30 + c;
			if (s != c && (n < 1 || n > posts))
				return 40 + c;
		}
	}
	return common_checks();
}

int main(long efi, const char *cmdline)
{
	u32 c;
	int r;

	(void)efi;
	rounds = param(cmdline, "rounds", 2000);
	posts = param(cmdline, "posts", 500);
	watchdog_s = param(cmdline, "watchdog", 60);
	watchdog_mode = 1;
	r = smp_init(cmdline, ECFG_IPI | ECFG_TI);
	if (r)
		return r;
	if (nr_cpus < 2)
		return 3;
	puts_("ipi-storm: booting ");
	putu(nr_cpus);
	puts_(" CPUs\n");
	boot_secondaries();
	puts_("ipi-storm: all online; ring and all-to-all\n");
	test_body(0);
	r = check();
	for (c = 0; c < nr_cpus; c++) {
		puts_("ipi-storm: cpu ");
		putu(c);
		puts_(" irqs ");
		putu(percpu[c].irqs);
		puts_(" all-to-all irqs ");
		putu(a2a_irqs(c));
		puts_(" max-wait-us ");
		putu(percpu[c].max_wait * 1000000 / timer_hz);
		puts_("\n");
	}
	/* For bench/exits.sh: with 2 CPUs a round is one IPI round trip. */
	puts_("ipi-storm: ring ");
	putu(rounds);
	puts_(" rounds in ");
	putu(ring_ticks * 1000000 / timer_hz);
	puts_(" us\n");
	puts_(r ? "ipi-storm: FAIL " : "ipi-storm: PASS ");
	putu((u64)r);
	puts_("\n");
	return r;
}
