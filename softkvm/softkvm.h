/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_H
#define SOFTKVM_H

/*
 * softkvm internals: the contract between the "kernel" side (the softkvm/ C files:
 * fd table, VM and vCPU ioctls, KVM_RUN, interrupts, hypercalls) and the
 * CPU interpreter (softkvm/cpu/). Nothing outside softkvm/ includes this.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "lkvm/uapi-compat.h"

#define SK_MAX_VCPUS		256
#define SK_MAX_SLOTS		32
#define SK_CSR_NUM		0x800	/* CSR_MAX_NUMS in the kernel */
#define SK_CPUCFG_NUM		21
#define SK_INVALID_CPUID	256

struct sk_vm;
struct sk_vcpu;
struct sk_slot_view;

struct sk_memslot {
	uint64_t gpa;
	uint64_t size;
	uint8_t *hva;
	uint32_t flags;		/* KVM_MEM_READONLY */
	uint32_t slot;
	bool used;
};

/* Architectural state of one LoongArch CPU (owned by softkvm/cpu/). */
struct sk_cpu {
	uint64_t gpr[32];
	uint64_t pc;
	uint64_t csr[SK_CSR_NUM];
	uint64_t fpr[32][4];		/* 256 bits each, as struct kvm_fpu */
	uint32_t fcsr;
	uint8_t fcc[8];
	uint32_t cpucfg[SK_CPUCFG_NUM];
	bool llbit;
	uint64_t ll_addr;		/* physical address of the last ll */
	uint64_t ll_val;

	/*
	 * Interrupt lines set by KVM_INTERRUPT from any thread: bit n is
	 * INT n (2..9 HWI0-7, 11 TI, 12 IPI, ...). Merged into ESTAT.IS at
	 * block boundaries.
	 */
	_Atomic uint32_t irq_lines;

	/* Timer: host-ns deadline at which TVAL reaches 0 (0 = disarmed). */
	uint64_t timer_deadline_ns;

	struct sk_vcpu *vcpu;		/* back-pointer for memory and exits */
	void *priv;			/* interpreter-private data (TLB, caches) */
};

struct sk_vcpu {
	struct sk_vm *vm;
	int id;
	int fd;
	struct kvm_run *run;		/* shared with lkvm through mmap */
	size_t run_size;
	struct sk_cpu cpu;
	uint32_t cpuid_set;		/* 0 if CSR.CPUID never set, else 1 */
	uint64_t steal_gpa;		/* PV steal time: gpa | valid */
	bool st_preempted;		/* vcpu->arch.st.preempted (7.0+) */
	bool guest_debug_sw_bp;
	int pending_exit;		/* completion owed on next KVM_RUN */
	_Atomic int sleeping;		/* in idle */
	_Atomic uint32_t kick;		/* bumped by every wake-up request */
	pthread_mutex_t lock;		/* serialises non-async vCPU ioctls */

	/* Kernel-side bookkeeping (softkvm/vcpu.c, softkvm/run.c). */
	uint32_t guest_debug;		/* KVM_SET_GUEST_DEBUG control */
	int run_maps;			/* live mmaps of run (fd table lock) */
	uint64_t last_steal;		/* run delay (ns) already reported */
	bool steal_update;		/* KVM_REQ_STEAL_UPDATE */
	int wake_fd;			/* eventfd an idle vCPU sleeps on */
	uint32_t mp_state;
	bool sigmask_set;		/* KVM_SET_SIGNAL_MASK given */
	uint64_t sigmask;		/* kernel sigset (64 signals) */
	int64_t time_offset_seen;	/* vm->time_offset at the last KVM_RUN */
};

/*
 * Which LoongArch KVM softkvm answers as (backend option "kernel"):
 *  SK_KERNEL_6_9:  Linux 6.8-6.9 (and 6.6-LTS without the later
 *                  backports): vCPU CPUCFG masks, no VM feature control,
 *                  no PV CPUCFG area, hvcl raises INE.
 *  SK_KERNEL_6_12: Linux 6.12, the default.
 *  SK_KERNEL_7_2:  Linux 7.2 (Debian's loong64 kernel): the PV preempt
 *                  hint (VM_FEAT_PV_PREEMPT, KVM_FEATURE_PREEMPT, the
 *                  steal-time record's preempted byte) and USER_HCALL
 *                  (6.14) in the PV word.
 * Ordered by release, with the default 0 so a zeroed VM is a 6.12 one.
 */
enum sk_kernel { SK_KERNEL_6_9 = -1, SK_KERNEL_6_12 = 0, SK_KERNEL_7_2 = 1 };

#define SK_MAX_IOEVENTFDS	64
enum { SK_BUS_MMIO, SK_BUS_PIO, SK_BUS_CCW };

/* One KVM_IOEVENTFD (eventfd.c struct _ioeventfd). */
struct sk_ioeventfd {
	uint64_t addr;
	uint64_t datamatch;
	uint32_t len;		/* 0: any length */
	int bus;		/* SK_BUS_* */
	bool wildcard;		/* no DATAMATCH */
	int fd;			/* softkvm's own dup of the eventfd */
	int user_fd;		/* the fd the VMM passed */
};

/* Returns from KVM_RUN to userspace, by kind (backend option "exit-stats"). */
enum sk_exit_kind { SK_EXITS_MMIO, SK_EXITS_IOCSR, SK_EXITS_HCALL, SK_EXITS_INTR,
		    SK_EXITS_OTHER, SK_EXITS_IOEVENTFD,
		    /* served in the kernel: no exit (7.2 irqchips) */
		    SK_EXITS_KIPI, SK_EXITS_KEIOINTC, SK_EXITS_KPCH_PIC, SK_EXITS_IRQFD,
		    SK_EXITS_NR };
struct sk_intc;

struct sk_vm {
	int fd;
	enum sk_kernel kernel;		/* fixed at KVM_CREATE_VM */
	pthread_rwlock_t slots_lock;	/* taken for writing only by SET_USER_MEMORY_REGION */
	struct sk_memslot slots[SK_MAX_SLOTS];
	int nr_slots;
	int64_t time_offset;		/* COUNTER = host ticks + offset */
	_Atomic uint64_t pv_features;	/* bit 63: LOONGARCH_PV_FEAT_UPDATED */
	struct sk_vcpu *vcpus[SK_MAX_VCPUS];
	struct sk_vcpu *by_cpuid[SK_MAX_VCPUS];
	pthread_mutex_t lock;

	/*
	 * Lock-free view of the slots for sk_vm_gpa_to_hva: an immutable
	 * copy republished on every change (old copies live until the VM
	 * dies). slots_gen is bumped on every change: a CPU that caches
	 * host pointers must drop them when it moves.
	 */
	_Atomic(struct sk_slot_view *) view;
	_Atomic uint64_t slots_gen;
	struct sk_slot_view *old_views;
	uint64_t gpa_size;		/* BIT(host VALEN field), as 6.12 */
	pthread_mutex_t ioev_lock;	/* the ioeventfd list */
	struct sk_ioeventfd ioev[SK_MAX_IOEVENTFDS];
	int nr_ioev;
	_Atomic int nr_ioev_mmio;	/* nr_ioev, read without the lock */
	/* [SK_EXITS_IOEVENTFD]: MMIO writes an ioeventfd took, no exit. */
	_Atomic uint64_t exits[SK_EXITS_NR];
	_Atomic(struct sk_intc *) intc;	/* in-kernel irqchips (intc/), or NULL */
	int nr_vcpus;
	int refs;			/* fds and mappings (fd table lock) */
};

/*
 * softkvm's "host" CPU: la464-like with LSX/LASX, without LBT/PMU. The kernel
 * side derives the CPUCFG masks and feature answers from these words; the
 * interpreter may use them to know what it implements.
 */
extern const uint32_t sk_host_cpucfg[SK_CPUCFG_NUM];

/*
 * PV features the VMM may set (LOONGARCH_PV_FEAT_MASK): 6.12's, plus
 * USER_HCALL (6.14) and PREEMPT (7.0) from 7.2 on; and the set flag.
 */
#define SK_PV_FEAT_MASK_6_12	((1ULL << KVM_FEATURE_IPI) |		\
				 (1ULL << KVM_FEATURE_STEAL_TIME) |	\
				 (1ULL << KVM_FEATURE_VIRT_EXTIOI))
#define SK_PV_FEAT_MASK_7_2	(SK_PV_FEAT_MASK_6_12 |			\
				 (1ULL << KVM_FEATURE_PREEMPT) |	\
				 (1ULL << KVM_FEATURE_USER_HCALL))
#define SK_PV_FEAT_MASK(k)	((k) >= SK_KERNEL_7_2 ? SK_PV_FEAT_MASK_7_2 :	\
				 SK_PV_FEAT_MASK_6_12)
#define SK_PV_FEAT_UPDATED	(1ULL << 63)
/* KVM_INTERRUPT lines that reach ESTAT.IS (SWI0-1, HWI0-7, TI, IPI). */
#define SK_IRQ_DELIVERABLE	0x1bffU

/* Why sk_cpu_run returned to the kernel side. */
enum sk_stop {
	SK_STOP_EXIT,		/* run->exit_reason filled (MMIO, IOCSR): return to user */
	SK_STOP_IDLE,		/* guest executed idle; PC already advanced */
	SK_STOP_HVCL,		/* hvcl; code in *code_out, PC at the hvcl */
	SK_STOP_KICK,		/* immediate_exit seen or asked to stop */
	SK_STOP_ERROR,		/* internal error: run->exit_reason INTERNAL_ERROR */
};

/* ---- provided by the kernel side (softkvm/) ---- */

/* Host pointer for guest-physical [gpa, gpa+len) in a RAM slot, or NULL. */
uint8_t *sk_vm_gpa_to_hva(struct sk_vm *vm, uint64_t gpa, uint64_t len, bool write);
/* Constant-counter value (100 MHz) as the guest sees it through rdtime. */
uint64_t sk_vm_counter(struct sk_vm *vm);
uint64_t sk_host_ns(void);
#define SK_COUNTER_HZ	100000000ULL

/* ---- provided by the CPU interpreter (softkvm/cpu/) ---- */

/* Reset to the kernel's vCPU-create defaults (CRMD=0x8, TMID=id, CPUID=256). */
void sk_cpu_init(struct sk_cpu *cpu, struct sk_vcpu *vcpu, int id);
void sk_cpu_destroy(struct sk_cpu *cpu);
/*
 * Run guest code until something needs the kernel side. Checks
 * run->immediate_exit and cpu->irq_lines at block boundaries.
 */
enum sk_stop sk_cpu_run(struct sk_cpu *cpu, struct kvm_run *run, uint32_t *code_out);
/* Finish the access that made the last SK_STOP_EXIT (on the next KVM_RUN). */
void sk_cpu_complete_exit(struct sk_cpu *cpu, struct kvm_run *run);
/* True if an enabled interrupt is pending (ends idle). */
bool sk_cpu_irq_pending(struct sk_cpu *cpu);
/* CSR access as KVM_GET/SET_ONE_REG sees it (timer CSRs kept coherent). */
uint64_t sk_cpu_csr_get(struct sk_cpu *cpu, unsigned int csr);
void sk_cpu_csr_set(struct sk_cpu *cpu, unsigned int csr, uint64_t val);
/* Drop all cached translations and decoded code (memslot change, reset). */
void sk_cpu_flush(struct sk_cpu *cpu);
/*
 * The VM's counter offset moved by delta ticks since this vCPU last ran:
 * keep its timer due at the same host time (kvm_restore_timer).
 */
void sk_cpu_timer_shift(struct sk_cpu *cpu, int64_t delta);
/* Make the instruction at PC raise INE in the guest (kvm_fault_ni). */
void sk_cpu_raise_ine(struct sk_cpu *cpu);

#endif
