/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_INTC_H
#define SOFTKVM_INTC_H

/*
 * softkvm's in-kernel LoongArch interrupt controllers (kernel=7.2 only),
 * as Linux 7.2 arch/loongarch/kvm/intc/{ipi,eiointc,pch_pic}.c has them:
 * the IPI and EIOINTC on the IOCSR bus, the PCH-PIC on the MMIO bus once
 * userspace gives its base. Devices live until the VM dies (7.2 frees
 * them in kvm_destroy_devices, not when their fd closes).
 */
#include "../kernel.h"

#define SK_IPI_BASE		0x1000
#define SK_IPI_SIZE		0x160
#define SK_EIOINTC_BASE		0x1400
#define SK_EIOINTC_SIZE		0x900
#define SK_EIOINTC_VIRT_BASE	0x40000000ULL
#define SK_EIOINTC_VIRT_SIZE	0x1000
#define SK_PCH_PIC_SIZE		0x3e8
#define SK_EIOINTC_IRQS		256
#define SK_IRQCHIP_PINS		64	/* KVM_IRQCHIP_NUM_PINS */
#define SK_MAX_IRQ_ROUTES	4096	/* KVM_MAX_IRQ_ROUTES */
#define SK_MAX_IRQFDS		128

struct sk_ipi_state {
	uint32_t status;
	uint32_t en;
	uint32_t set;		/* only reachable through the attribute */
	uint32_t clear;
	uint64_t buf[4];
};

struct sk_ipi {
	pthread_mutex_t lock;
	struct sk_ipi_state cpu[SK_MAX_VCPUS];	/* by vCPU id */
};

struct sk_eiointc {
	pthread_mutex_t lock;
	uint32_t num_cpu;
	uint32_t features;
	uint32_t status;
	uint64_t nodetype[4];
	uint64_t bounce[4];
	uint64_t isr[4];
	uint64_t coreisr[SK_MAX_VCPUS][4];
	uint64_t enable[4];
	uint64_t ipmap;
	uint64_t coremap[SK_EIOINTC_IRQS / 8];
	uint64_t sw_coreisr[SK_MAX_VCPUS][8][4];
	uint8_t sw_coremap[SK_EIOINTC_IRQS];
};

struct sk_pch_pic {
	pthread_mutex_t lock;
	uint64_t id;
	uint64_t mask;
	uint64_t htmsi_en;
	uint64_t edge;
	uint64_t auto_ctrl0;
	uint64_t auto_ctrl1;
	uint64_t irr;
	uint64_t isr;
	uint64_t polarity;
	uint8_t route_entry[64];
	uint8_t htmsi_vector[64];
	_Atomic uint64_t base;		/* MMIO base, valid once mapped */
	_Atomic bool mapped;		/* GRP_CTRL CTRL_INIT given */
};

/* One GSI's route: at most one per GSI with KVM_NR_IRQCHIPS = 1. */
enum { SK_ROUTE_NONE, SK_ROUTE_IRQCHIP, SK_ROUTE_MSI };
struct sk_route {
	uint8_t type;
	uint32_t pin;		/* IRQCHIP */
	uint64_t msi_addr;	/* MSI */
	uint32_t msi_data;
};

struct sk_irqfd {
	int fd;			/* softkvm's dup of the eventfd; -1 = free */
	int user_fd;
	uint32_t gsi;
	uint32_t gen;		/* bumped on reuse: stale epoll events miss */
};

/* A device fd's object (softkvm.c's fd table points here). */
struct sk_dev {
	struct sk_vm *vm;
	uint32_t type;		/* KVM_DEV_TYPE_LOONGARCH_* */
};

/* Per-VM interrupt state, allocated at the first KVM_CREATE_DEVICE. */
struct sk_intc {
	pthread_mutex_t lock;		/* creation and the irqfd list */
	_Atomic(struct sk_ipi *) ipi;
	_Atomic(struct sk_eiointc *) eiointc;
	_Atomic(struct sk_pch_pic *) pch_pic;
	pthread_rwlock_t route_lock;
	struct sk_route *routes;	/* indexed by GSI */
	uint32_t nr_routes;		/* max GSI + 1 */
	struct sk_irqfd irqfd[SK_MAX_IRQFDS];
	int epfd, stop_fd;
	bool thread_up;
	_Atomic bool stop;
	pthread_t thread;
	struct sk_vm *vm;
	struct sk_dev dev[3];		/* by type - KVM_DEV_TYPE_LOONGARCH_IPI */
};

/* The VM's state, made on first use; call with vm->lock held. */
struct sk_intc *sk_intc_get(struct sk_vm *vm);
/* kvm_arch_irqchip_in_kernel: IPI, EIOINTC and PCH-PIC all created. */
bool sk_intc_in_kernel(struct sk_vm *vm);
void sk_intc_irqfd_init(struct sk_intc *ic);

/* A vCPU of the VM by CSR.CPUID (kvm_get_vcpu_by_cpuid) or by id. */
struct sk_vcpu *sk_intc_vcpu_by_cpuid(struct sk_vm *vm, uint32_t cpuid);
struct sk_vcpu *sk_intc_vcpu_by_id(struct sk_vm *vm, uint32_t id);

/*
 * One guest access on the IOCSR bus as vCPU v (dispatch in device.c):
 * true if an in-kernel device owns [addr, addr+len); a read fills
 * data[0..7]. depth counts nested ANY_SEND accesses.
 */
bool sk_intc_iocsr_access(struct sk_vcpu *v, uint64_t addr, int len, bool wr,
			  uint8_t *data, int depth);

/* IPI (ipi.c) */
struct sk_ipi *sk_ipi_new(void);
void sk_ipi_free(struct sk_ipi *s);
uint64_t sk_ipi_read(struct sk_ipi *s, struct sk_vcpu *vcpu, uint32_t addr, int len);
void sk_ipi_write(struct sk_ipi *s, struct sk_vcpu *vcpu, uint32_t addr, int len,
		  uint64_t data, int depth);
int sk_ipi_attr(struct sk_ipi *s, struct sk_vm *vm, const struct kvm_device_attr *a, bool wr);

/* EIOINTC (eiointc.c) */
struct sk_eiointc *sk_eiointc_new(void);
void sk_eiointc_free(struct sk_eiointc *s);
uint64_t sk_eiointc_read(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint64_t addr, int len);
void sk_eiointc_write(struct sk_eiointc *s, struct sk_vcpu *vcpu, uint64_t addr, int len,
		      uint64_t data);
uint64_t sk_eiointc_virt_read(struct sk_eiointc *s, uint64_t addr);
void sk_eiointc_virt_write(struct sk_eiointc *s, uint64_t addr, uint32_t data);
void sk_eiointc_set_irq(struct sk_eiointc *s, struct sk_vm *vm, int irq, int level);
int sk_eiointc_attr(struct sk_eiointc *s, struct sk_vm *vm, const struct kvm_device_attr *a,
		    bool wr);

/* PCH-PIC (pch-pic.c) */
struct sk_pch_pic *sk_pch_pic_new(void);
void sk_pch_pic_free(struct sk_pch_pic *s);
uint64_t sk_pch_pic_read(struct sk_pch_pic *s, uint64_t off, int len);
void sk_pch_pic_write(struct sk_pch_pic *s, struct sk_vm *vm, uint64_t off, int len,
		      uint64_t data);
void sk_pch_pic_set_irq(struct sk_pch_pic *s, struct sk_vm *vm, int irq, int level);
int sk_pch_pic_attr(struct sk_pch_pic *s, const struct kvm_device_attr *a, bool wr);

/* Routing, IRQ_LINE, MSI, irqfd (irq.c) */
int sk_intc_set_irq(struct sk_vm *vm, uint32_t gsi, int level);
int sk_intc_default_routes(struct sk_intc *ic);
long sk_intc_irq_ioctl(struct sk_vm *vm, unsigned int req, void *arg);
void sk_intc_irqfd_stop(struct sk_intc *ic);

#endif
