/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared logic of the bare-metal SMP interrupt tests: command-line
 * parameters, UART output (CPU 0 only), per-CPU interrupt set-up, booting
 * secondaries the way Linux does, barriers woken by IPIs.
 */
#include "smp.h"

#define UART_BASE	0x1fe001e0UL	/* 16550: THR +0, LSR +5 (bit 5 THRE) */

u32 nr_cpus;
u64 timer_hz;
u64 watchdog_mode;
u64 tick_cap = ~0UL;
static u64 online;
static u64 arrived;
static u32 barrier_gen[MAX_CPUS];	/* barriers each CPU has passed */
static u64 cpu_ecfg;		/* ECFG.LIE every CPU uses */

/* The value of "name=N" in the command line (at physical 0), or dflt. */
u64 param(const char *s, const char *name, u64 dflt)
{
	const char *w = s;

	while (*w) {
		const char *p = w, *n = name;
		u64 v = 0;

		while (*n && *p == *n) {
			p++;
			n++;
		}
		if (!*n && *p == '=') {
			for (p++; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (u64)(*p - '0');
			return v;
		}
		while (*w && *w != ' ')		/* next word */
			w++;
		while (*w == ' ')
			w++;
	}
	return dflt;
}

void puts_(const char *s)
{
	volatile unsigned char *u = (volatile unsigned char *)UART_BASE;

	for (; *s; s++) {
		while (!(u[5] & 0x20))
			;
		u[0] = (unsigned char)*s;
	}
}

void putu(u64 v)
{
	char b[24];
	int i = 23;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_(b + i);
}

/* Interrupt lines of this CPU: handler, ECFG.LIE, IPI EN, then IE. */
void cpu_setup(u32 ecfg)
{
	csr_wr(CSR_EENTRY, (u64)irq_entry);
	csr_wr(CSR_ECFG, ecfg);
	iocsr_wr32(IOCSR_IPI_EN, 0xffffffffu);
	irq_on();
}

void send_ipi(u32 cpu, u32 vec)
{
	iocsr_wr32(IOCSR_IPI_SEND, IPI_SEND_BLOCKING | cpu << IPI_SEND_CPU_SHIFT | vec);
}

/* Linux csr_mail_send(): high half first, then the low half. */
static void mail_send(u32 cpu, u32 box, u64 data)
{
	u64 base = (u64)IPI_SEND_BLOCKING | (u64)cpu << IPI_SEND_CPU_SHIFT;

	iocsr_wr64(IOCSR_MAIL_SEND, base | (u64)(box * 2 + 1) << 2 | (data & ~0xffffffffUL));
	iocsr_wr64(IOCSR_MAIL_SEND, base | (u64)(box * 2) << 2 | data << 32);
}

/*
 * CPU 0: read "ncpus=N" from the command line, find the counter
 * frequency (CPUCFG4 * CPUCFG5.MUL / CPUCFG5.DIV), set up interrupts.
 */
int smp_init(const char *cmdline, u32 ecfg)
{
	u32 c5 = cpucfg(5);

	nr_cpus = (u32)param(cmdline, "ncpus", 0);
	if (nr_cpus < 1 || nr_cpus > MAX_CPUS)
		return 1;
	timer_hz = (u64)cpucfg(4) * (c5 & 0xffff);
	if (c5 >> 16)
		timer_hz /= c5 >> 16;
	if (!timer_hz)
		return 2;
	cpu_ecfg = ecfg;
	cpu_setup(ecfg);
	return 0;
}

/* CPU 0: start CPUs 1..nr_cpus-1 and sleep until each reported in. */
int boot_secondaries(void)
{
	u32 c;

	dbar();
	for (c = 1; c < nr_cpus; c++) {
		mail_send(c, 0, (u64)secondary_entry);
		send_ipi(c, V_BOOT);
	}
	wait_geq(&online, nr_cpus - 1);
	return 0;
}

/*
 * A secondary starts here (smp.S): check the state lkvm starts it in,
 * set up its interrupts, report in, run the test.
 */
int secondary_main(u32 cpu, u64 crmd)
{
	/* DA=1, PG=0, IE=0, PLV0 */
	if ((crmd & 0x1f) != 0x8)
		return 0x7c;
	if (cpu >= nr_cpus)
		return 0x7d;
	/* the boot IPI was consumed, the start address is still in mailbox 0 */
	if (iocsr_rd32(IOCSR_IPI_STATUS) != 0)
		return 0x7e;
	if (iocsr_rd64(IOCSR_IPI_MBUF0) != (u64)secondary_entry)
		return 0x7f;
	cpu_setup((u32)cpu_ecfg);
	__atomic_fetch_add(&online, 1, __ATOMIC_SEQ_CST);
	send_ipi(0, V_WAKE);
	test_body(cpu);
	for (;;)
		wait_geq(&online, ~0UL);
}

/* Everyone waits for everyone; the last to arrive wakes the others. */
void barrier(void)
{
	u32 c, me = this_cpu();
	u64 target = (u64)++barrier_gen[me] * nr_cpus;

	if (__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST) == target) {
		for (c = 0; c < nr_cpus; c++)
			if (c != me)
				send_ipi(c, V_WAKE);
	} else {
		wait_geq(&arrived, target);
	}
}

/*
 * Wait until this CPU's IPI STATUS is empty, i.e. the handler took every
 * IPI sent to it; a bit that stays pending for a second was never
 * delivered as an interrupt.
 */
void drain_ipis(u32 cpu)
{
	u64 t0 = rdtime();

	while (iocsr_rd32(IOCSR_IPI_STATUS))
		if (rdtime() - t0 > timer_hz)
			exit_a0(0x50 | cpu);
	dbar();
}

/* wait_geq, recording how long it took. */
void timed_wait(u32 cpu, volatile u64 *p, u64 v)
{
	struct percpu *pc = &percpu[cpu];
	u64 t0 = rdtime(), dt;

	wait_geq(p, v);
	dt = rdtime() - t0;
	if (dt > pc->max_wait)
		pc->max_wait = dt;
	/* softkvm re-checks a sleeping vCPU once a second: a wake-up it
	 * lost shows as a wait of about a second, not as a hang */
	if (dt > timer_hz / 20 * 19)
		exit_a0(120 + cpu);
}

/* After the test: the boot IPI never reached a handler. */
int common_checks(void)
{
	u32 c;

	for (c = 0; c < nr_cpus; c++) {
		if (percpu[c].vec[V_BOOT])
			return 96 + c;
	}
	return 0;
}
