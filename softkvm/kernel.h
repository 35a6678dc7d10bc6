/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_KERNEL_H
#define SOFTKVM_KERNEL_H

/*
 * Private to softkvm's "kernel" side (the C files in softkvm/): the pieces the fd
 * table, VM, vCPU and KVM_RUN files share. Functions return 0 or a
 * positive result, or -errno exactly as the kernel's handler would.
 */
#include "softkvm.h"

/*
 * softkvm behaves like a LoongArch host with 16 KiB pages: memslot gpa and
 * size alignment and KVM_GET_VCPU_MMAP_SIZE (2 pages: kvm_run + the
 * coalesced MMIO page) follow that, so what works here works on real
 * hardware. Only the slot's host address is checked against the real host
 * page size (see sk_set_memory_region).
 */
#define SK_PAGE_SIZE		0x4000ULL
#define SK_VCPU_MMAP_SIZE	(2 * SK_PAGE_SIZE)

/* Read-only copy of the used slots, sorted by gpa. */
struct sk_slot_view {
	struct sk_slot_view *next_old;	/* retired views, freed with the VM */
	int nr;
	struct sk_memslot slot[SK_MAX_SLOTS];
};

/* fd table (softkvm.c) */
int sk_vm_create_fd(struct sk_vm *vm);
int sk_vcpu_create_fd(struct sk_vcpu *vcpu);

/* Called first by each thread softkvm starts: the VMM's hook (seccomp). */
int sk_thread_start(const char *kind);

/* VM (vm.c) */
int sk_sys_check_extension(struct sk_vm *vm, unsigned long ext);
long sk_vm_ioctl(struct sk_vm *vm, unsigned int req, void *arg);
struct sk_vm *sk_vm_new(enum sk_kernel kernel);
/* The kernel model new VMs get (backend option "kernel"). */
enum sk_kernel sk_kernel_model(void);
/* Print each VM's exit counts to stderr when it dies ("exit-stats"). */
bool sk_exit_stats(void);
void sk_vm_free(struct sk_vm *vm);
/* Host pointer for gpa..gpa+len inside one slot, ignoring READONLY. */
uint8_t *sk_vm_slot_hva(struct sk_vm *vm, uint64_t gpa, uint64_t len);
uint64_t sk_host_counter(void);

/* KVM_IOEVENTFD (ioeventfd.c); ioev_lock initialised by sk_vm_new */
int sk_vm_ioeventfd(struct sk_vm *vm, const struct kvm_ioeventfd *a);
/* A guest MMIO write: true if an ioeventfd took it (7.2 only). */
bool sk_vm_ioeventfd_write(struct sk_vm *vm, uint64_t addr, uint32_t len, const uint8_t *data);
void sk_vm_ioeventfd_free(struct sk_vm *vm);
/*
 * Is fd the open file softkvm holds as ours (its dup of the VMM's
 * user_fd)? kcmp, or the fd number where kcmp is missing.
 */
bool sk_fd_same_file(int ours, int user_fd, int fd);

/*
 * In-kernel irqchips (intc/), kernel=7.2: KVM_CREATE_DEVICE, the device
 * fds, the interrupt ioctls, and the KVM_RUN hooks that serve an IOCSR
 * or MMIO access in place (true: done, a read's data filled in).
 */
struct sk_dev;
int sk_dev_create_fd(struct sk_dev *dev);
long sk_vm_create_device(struct sk_vm *vm, void *arg);
long sk_dev_ioctl(struct sk_dev *dev, unsigned int req, void *arg);
struct sk_vm *sk_dev_vm(struct sk_dev *dev);
long sk_intc_irq_ioctl(struct sk_vm *vm, unsigned int req, void *arg);
bool sk_intc_iocsr(struct sk_vcpu *v, struct kvm_run *run);
bool sk_intc_mmio(struct sk_vcpu *v, struct kvm_run *run);
void sk_intc_free(struct sk_vm *vm);

/* vCPU (vcpu.c) */
long sk_vcpu_create(struct sk_vm *vm, unsigned long id);
long sk_vcpu_ioctl(struct sk_vcpu *vcpu, unsigned int req, void *arg);
void sk_vcpu_free(struct sk_vcpu *vcpu);
/* Raise (+irq) or lower (-irq) a line and wake the vCPU (KVM_INTERRUPT). */
int sk_vcpu_interrupt(struct sk_vcpu *vcpu, int irq);
void sk_vcpu_kick(struct sk_vcpu *vcpu);
uint64_t sk_vcpu_cpucfg_mask(enum sk_kernel k, unsigned int idx);

/* KVM_RUN (run.c) */
int sk_vcpu_run(struct sk_vcpu *vcpu);
/* Run delay of the calling thread in ns (the kernel's sched_info.run_delay). */
uint64_t sk_thread_run_delay(void);

#endif
