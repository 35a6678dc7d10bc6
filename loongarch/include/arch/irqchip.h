/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_IRQCHIP_H
#define LKVM_ARCH_IRQCHIP_H

/*
 * The userspace interrupt controllers of lkvm's LoongArch machine: the
 * per-core IPI block and EXTIOI (IOCSR), PCH-PIC and the PCH-MSI doorbell
 * (MMIO). They share one lock: a device line travels PCH-PIC -> EXTIOI ->
 * CPU line in one step, and ANY_SEND lets an IPI write reach EXTIOI.
 *
 * KVM_INTERRUPT is issued with the lock held. That cannot deadlock: it is
 * an asynchronous vCPU ioctl (no vCPU mutex, in KVM and in softkvm), and
 * the lock keeps assert/deassert for one line in order.
 */

#include <pthread.h>
#include "lkvm/util.h"
#include "arch/memmap.h"

struct kvm;
struct kvm_cpu;

/* CPU interrupt numbers for KVM_INTERRUPT (INT_* in the kernel). */
#define LA_INT_HWI0		2
#define LA_INT_IPI		12

/* IPI register offsets from LA_IOCSR_IPI_BASE. */
#define LA_IPI_STATUS		0x00
#define LA_IPI_EN		0x04
#define LA_IPI_SET		0x08
#define LA_IPI_CLEAR		0x0c
#define LA_IPI_BUF		0x20	/* four 64-bit mailboxes */
#define LA_IPI_SEND		0x40
#define LA_IPI_MAIL_SEND	0x48
#define LA_IPI_ANY_SEND		0x158

/* EXTIOI register offsets from LA_IOCSR_EXTIOI_BASE. */
#define LA_EXTIOI_NODEMAP	0x0a0
#define LA_EXTIOI_IPMAP		0x0c0
#define LA_EXTIOI_ENABLE	0x200
#define LA_EXTIOI_BOUNCE	0x280
#define LA_EXTIOI_ISR		0x300
#define LA_EXTIOI_COREISR	0x400
#define LA_EXTIOI_COREMAP	0x800

/* Virt extension window (LA_IOCSR_EXTIOI_VIRT) and its bits. */
#define LA_EXTIOI_VIRT_FEATURES	0x0
#define LA_EXTIOI_VIRT_CONFIG	0x4
#define LA_EXTIOI_HAS_VIRT_EXT	(1u << 0)
#define LA_EXTIOI_HAS_ENABLE_OPT (1u << 1)
#define LA_EXTIOI_HAS_INT_ENC	(1u << 2)
#define LA_EXTIOI_HAS_CPU_ENC	(1u << 3)
#define LA_EXTIOI_CFG_ENABLE	(1u << 1)
#define LA_EXTIOI_CFG_INT_ENC	(1u << 2)
#define LA_EXTIOI_CFG_CPU_ENC	(1u << 3)

/* MISC_FUNC bits the EXTIOI looks at. */
#define LA_MISC_EXT_IOI_EN	(1ULL << 48)
#define LA_MISC_INT_ENCODE	(1ULL << 49)

/* PCH-PIC register offsets. */
#define LA_PIC_ID		0x000
#define LA_PIC_MASK		0x020
#define LA_PIC_HTMSI_EN		0x040
#define LA_PIC_EDGE		0x060
#define LA_PIC_CLEAR		0x080
#define LA_PIC_AUTO0		0x0c0
#define LA_PIC_AUTO1		0x0e0
#define LA_PIC_ROUTE		0x100	/* 64 bytes */
#define LA_PIC_HTVEC		0x200	/* 64 bytes */
#define LA_PIC_IRR		0x380
#define LA_PIC_ISR		0x3a0
#define LA_PIC_POL		0x3e0
/* ID register: ID 7, version 1, 32 inputs (field holds inputs - 1). */
#define LA_PIC_ID_VAL		(0x07000000ULL | ((0x1ULL | \
				 ((u64)(LA_PCH_PIC_PINS - 1) << 16)) << 32))

#define LA_EXTIOI_WORDS		(LA_EXTIOI_VECTORS / 32)

struct la_ipi_core {
	u32 status;
	u32 en;
	u64 buf[4];
	bool asserted;		/* irq 12 raised on this vCPU */
	bool booted;		/* running guest code (CPU 0, or released) */
};

struct la_extioi_core {
	u32 coreisr[LA_EXTIOI_WORDS];
	u8 hwi;			/* HWI lines raised on this vCPU (bit n = HWIn) */
};

/* Starts a parked secondary vCPU at pc (la_cpu__release). */
typedef int (*la_boot_cpu_fn)(struct kvm *kvm, unsigned int cpu, u64 pc);

struct la_irqchip {
	struct kvm *kvm;
	la_boot_cpu_fn boot_cpu;
	unsigned int nr_cpus;
	pthread_mutex_t lock;

	struct la_ipi_core *ipi;

	/* EXTIOI */
	struct la_extioi_core *ext;
	u32 enable[LA_EXTIOI_WORDS];
	u32 bounce[LA_EXTIOI_WORDS];
	u32 isr[LA_EXTIOI_WORDS];	/* pending input status */
	u32 level[LA_EXTIOI_WORDS];	/* inputs held high by PCH-PIC */
	u32 delivered[LA_EXTIOI_WORDS];	/* set in some vCPU's COREISR */
	u16 dest[LA_EXTIOI_VECTORS];	/* that vCPU */
	u8 ipmap[8];
	u8 coremap[LA_EXTIOI_VECTORS];
	u16 nodemap[16];
	u32 virt_config;
	bool was_on;			/* EXT_IOI_EN seen at the last update */

	/* PCH-PIC */
	u64 mask, htmsi_en, edge, pol, auto0, auto1;
	u64 irr;
	u64 isr_pic;			/* pins whose output is high */
	u32 line;			/* input line levels */
	u8 route[64];
	u8 htvec[64];
	u32 pic_out[LA_EXTIOI_WORDS];	/* EXTIOI inputs driven by PCH-PIC */

	u32 pins_used;			/* irq__alloc_pin */
	bool warned_inject;

	/* --irqchip kernel: the kernel's devices replace all of the above but pins */
	bool in_kernel;
#define LA_KIRQ_IPI		0
#define LA_KIRQ_EIOINTC		1
#define LA_KIRQ_PCH_PIC		2
#define LA_KIRQ_DEVS		3
	int kdev_fd[LA_KIRQ_DEVS];
};

/*
 * Set up all four controllers and register them (kvm__arch_init); boot
 * starts secondary vCPUs the guest sends the boot IPI to.
 */
int la_irqchip__init(struct kvm *kvm, la_boot_cpu_fn boot, bool in_kernel);
void la_irqchip__exit(struct kvm *kvm);
/* The EIOINTC features the guest sees (the virt extension is a CPU model choice). */
u32 la_extioi__features(const struct kvm *kvm);

/*
 * The in-kernel controllers (kvm-irqchip.c). la_kirq__missing names the
 * first device KVM cannot create (NULL: all there); create makes them,
 * configure passes the vCPU count and EIOINTC features once the CPU model
 * exists; irqfd returns an eventfd that pulses GSI pin, or -errno.
 */
const char *la_kirq__missing(struct kvm *kvm);
int la_kirq__create(struct la_irqchip *chip);
int la_kirq__configure(struct la_irqchip *chip, u32 nr_cpus, u32 features);
void la_kirq__destroy(struct la_irqchip *chip);
void la_kirq__line(struct la_irqchip *chip, unsigned int pin, bool level);
void la_kirq__msi(struct la_irqchip *chip, u32 vector);
int la_kirq__irqfd(struct la_irqchip *chip, unsigned int pin);

/* io_handler_fn of each block; opaque is the struct la_irqchip. */
void la_ipi__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		    bool is_write, void *opaque);
void la_extioi__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		       bool is_write, void *opaque);
void la_extioi__virt_access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			    bool is_write, void *opaque);
void la_pch_pic__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			bool is_write, void *opaque);
void la_pch_msi__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			bool is_write, void *opaque);

/* Internal, called with chip->lock held. */
typedef u32 (*la_read32_fn)(struct la_irqchip *chip, unsigned int cpu, u64 off);
typedef void (*la_write32_fn)(struct la_irqchip *chip, unsigned int cpu, u64 off,
			      u32 val, u32 bytemask);
/* Split an access of any width into aligned 32-bit register accesses. */
void la_irqchip__words(struct la_irqchip *chip, unsigned int cpu, u64 off, u8 *data,
		       u32 len, bool is_write, la_read32_fn rd, la_write32_fn wr);
void la_irqchip__inject(struct la_irqchip *chip, unsigned int cpu, int irq);
unsigned int la_irqchip__cpu_of(struct la_irqchip *chip, struct kvm_cpu *vcpu);
void la_ipi__reset(struct la_irqchip *chip);
u32 la_ipi__read32(struct la_irqchip *chip, unsigned int cpu, u64 off);
void la_ipi__write32(struct la_irqchip *chip, unsigned int cpu, u64 off, u32 val, u32 bytemask);
void la_extioi__reset(struct la_irqchip *chip);
void la_extioi__write32(struct la_irqchip *chip, unsigned int cpu, u64 off, u32 val, u32 bytemask);
u32 la_extioi__read32(struct la_irqchip *chip, unsigned int cpu, u64 off);
void la_extioi__set_input(struct la_irqchip *chip, unsigned int vec, bool level);
void la_extioi__msi(struct la_irqchip *chip, unsigned int vec);
void la_pch_pic__reset(struct la_irqchip *chip);
void la_pch_pic__set_line(struct la_irqchip *chip, unsigned int pin, bool level);

#endif
