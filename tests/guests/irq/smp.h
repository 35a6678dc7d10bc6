/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bare-metal SMP interrupt test guests (tests/guests/irq/, run by
 * tests/e2e/smp-bare.sh). CPU 0 enters through ../priv/crt.S (main's
 * return value goes to the lkvm test device); secondaries are started the
 * way Linux does it (mailbox 0 + boot IPI) at secondary_entry (smp.S).
 * Register numbers: LoongArch Vol1 (CSRs, IOCSR IPI block) and Linux
 * asm/loongarch.h.
 */
#ifndef IRQ_SMP_H
#define IRQ_SMP_H

#define MAX_CPUS	8
#define STACK_SHIFT	14		/* 16 KiB per secondary */

#define CSR_CRMD	0x0
#define CSR_ECFG	0x4
#define CSR_ESTAT	0x5
#define CSR_ERA		0x6
#define CSR_EENTRY	0xc
#define CSR_CPUID	0x20
#define CSR_SAVE(n)	(0x30 + (n))
#define CSR_TCFG	0x41
#define CSR_TVAL	0x42
#define CSR_TICLR	0x44

#define CRMD_IE		(1 << 2)
#define ECFG_TI		(1 << 11)
#define ECFG_IPI	(1 << 12)
#define TCFG_EN		1
#define TCFG_PERIODIC	2

#define IOCSR_IPI_STATUS	0x1000
#define IOCSR_IPI_EN		0x1004
#define IOCSR_IPI_CLEAR		0x100c
#define IOCSR_IPI_MBUF0		0x1020
#define IOCSR_IPI_SEND		0x1040
#define IOCSR_MAIL_SEND		0x1048

#define IPI_SEND_BLOCKING	(1u << 31)
#define IPI_SEND_CPU_SHIFT	16

/*
 * Exit codes shared by both tests (c = CPU): 0x40|c watchdog expired,
 * 0x50|c an IPI stayed pending, 96+c the boot IPI reached the handler,
 * 104+c IPI interrupt with STATUS 0, 112+c more than tick_cap timer
 * interrupts, 0x7b-0x7f a secondary started in the wrong state, 120+c a
 * wait took about a second (lost wake-up), 0x80|Ecode unexpected
 * exception.
 */

/* IPI vectors (STATUS bits) */
#define V_BOOT		0		/* ACTION_BOOT_CPU: consumed by lkvm */
#define V_WAKE		31		/* barriers and "I am online" */

/* struct percpu, one per CSR.CPUID; the interrupt handler updates only its own */
#define PERCPU_SHIFT	9
#define PC_VEC		0		/* u64[32]: IPI interrupts seen per STATUS bit */
#define PC_IRQS		256		/* IPI interrupts taken */
#define PC_TICKS	264		/* timer interrupts taken */

#ifndef __ASSEMBLER__
typedef unsigned long u64;
typedef unsigned int u32;

struct percpu {
	u64 vec[32];
	u64 irqs;
	u64 ticks;
	u64 token;		/* ring: last round handed to this CPU */
	u64 posted;		/* all-to-all: messages posted to this CPU */
	u64 t_start, t_end;	/* timer test: counter at start / at the Nth tick */
	u64 max_wait;		/* longest wait_geq, counter ticks */
	u64 pad[25];
};
_Static_assert(sizeof(struct percpu) == 1 << PERCPU_SHIFT, "percpu layout");
_Static_assert(__builtin_offsetof(struct percpu, irqs) == PC_IRQS, "PC_IRQS");
_Static_assert(__builtin_offsetof(struct percpu, ticks) == PC_TICKS, "PC_TICKS");

extern struct percpu percpu[MAX_CPUS];
extern u64 watchdog_mode;		/* timer interrupt = watchdog expiry */
extern u64 tick_cap;			/* more ticks on a CPU: fail */

/* smp.S */
void secondary_entry(void);
void irq_entry(void);
/* Sleep in idle (interrupts on) until *p >= v; no lost wake-up window. */
void wait_geq(volatile u64 *p, u64 v);
void exit_a0(u64 code) __attribute__((noreturn));	/* ../priv/crt.S */

/* smp.c */
extern u32 nr_cpus;
extern u64 timer_hz;
u64 param(const char *cmdline, const char *name, u64 dflt);
void puts_(const char *s);
void putu(u64 v);
void cpu_setup(u32 ecfg);
int smp_init(const char *cmdline, u32 ecfg);
int boot_secondaries(void);
void send_ipi(u32 cpu, u32 vec);
void barrier(void);
void drain_ipis(u32 cpu);
void timed_wait(u32 cpu, volatile u64 *p, u64 v);
int common_checks(void);
/* per test: what every CPU runs once all are online */
void test_body(u32 cpu);
/* what a secondary runs (from smp.S); returns an exit code on failure */
int secondary_main(u32 cpu, u64 crmd);

static inline u64 rdtime(void)
{
	u64 t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/* inline asm, not the clang builtins: those are "const" and may be dropped */
static inline u32 iocsr_rd32(u32 a)
{
	u32 v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline u64 iocsr_rd64(u32 a)
{
	u64 v;

	__asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void iocsr_wr32(u32 a, u32 v)
{
	__asm__ volatile("iocsrwr.w %0, %1" : : "r"(v), "r"(a) : "memory");
}

static inline void iocsr_wr64(u32 a, u64 v)
{
	__asm__ volatile("iocsrwr.d %0, %1" : : "r"(v), "r"(a) : "memory");
}

static inline void dbar(void)
{
	__asm__ volatile("dbar 0" : : : "memory");
}

static inline u32 cpucfg(u32 w)
{
	u32 v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(w));
	return v;
}

#define csr_rd(c) ({							\
	u64 v_;								\
	__asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(c) : "memory");	\
	v_;								\
})
#define csr_wr(c, v) ({							\
	u64 v_ = (v);							\
	__asm__ volatile("csrwr %0, %1" : "+r"(v_) : "i"(c) : "memory");	\
})

static inline void irq_on(void)
{
	u64 v = CRMD_IE;

	__asm__ volatile("csrxchg %0, %0, %1" : "+r"(v) : "i"(CSR_CRMD) : "memory");
}

static inline u32 this_cpu(void)
{
	return csr_rd(CSR_CPUID) & 0x1ff;
}
#endif
#endif
