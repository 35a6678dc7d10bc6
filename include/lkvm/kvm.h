/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_KVM_H
#define LKVM_KVM_H

#include <pthread.h>
#include <stdatomic.h>
#include "lkvm/util.h"
#include "lkvm/config.h"
#include "lkvm/backend.h"
#include "lkvm/io.h"
#include "lkvm/machine.h"
#include "arch/kvm-arch.h"

struct kvm_cpu;
struct serial8250;
struct virtio_mmio_bus;
struct virtio_devices;
struct dev_desc;

/* One contiguous block of guest RAM backed by one host mapping. */
struct kvm_mem_bank {
	u64 gpa;
	u64 size;
	u8 *hva;
};

#define KVM_MAX_MEM_BANKS	4
#define KVM_MAX_FDT_GENS	32

typedef int (*fdt_gen_fn)(struct kvm *kvm, void *fdt, void *opaque);	/* lkvm/device.h */

struct fdt_gen {
	fdt_gen_fn fn;
	void *opaque;
};

enum kvm_stop_reason {
	STOP_NONE = 0,
	STOP_POWEROFF,		/* guest powered off: exit 0 */
	STOP_REBOOT,		/* guest asked for a reboot */
	STOP_SIGNAL,		/* SIGINT/SIGTERM/Ctrl-A x */
	STOP_ERROR,		/* fatal error in lkvm or the guest */
	STOP_GUEST_CODE,	/* the test device reported an exit code */
	STOP_CONTROL,		/* lkvm stop: exit 0 */
};

struct kvm {
	struct lkvm_config cfg;
	const struct kvm_backend *be;
	int sys_fd;
	int vm_fd;
	int vcpu_mmap_size;

	u8 *ram;			/* host mapping of all guest RAM */
	u64 ram_size;
	struct kvm_mem_bank banks[KVM_MAX_MEM_BANKS];
	int nr_banks;

	unsigned int nr_cpus;
	struct kvm_cpu **cpus;

	struct io_space mmio;

	struct fdt_gen fdt_gens[KVM_MAX_FDT_GENS];
	int nr_fdt_gens;

	/* The virtio-mmio window and its devices (virtio/mmio.c). */
	struct virtio_mmio_bus *virtio_mmio;
	struct virtio_devices *virtio_devs;	/* virtio/setup.c */

	/* The board's console UART (hw/serial.c). */
	struct serial8250 *uart;
	const struct dev_desc *uart_desc;

	/* Bring-up steps that succeeded, in order (machine.c). */
	const struct machine_step *done[MACHINE_MAX_STEPS];
	int nr_done;
	pthread_t main_thread;		/* woken by stop requests */
	bool main_thread_set;

	_Atomic int stop_reason;	/* enum kvm_stop_reason */
	_Atomic int exit_code;

	/* Pausing the vCPUs (vcpu/pause.c): held on pause_cond while set. */
	_Atomic bool pause_req;
	pthread_mutex_t pause_lock;
	pthread_cond_t pause_cond;

	struct kvm_arch arch;
};


/* Issue an ioctl through the selected backend (real /dev/kvm or softkvm). */
static inline int kvm__ioctl(struct kvm *kvm, int fd, unsigned long req, void *arg)
{
	return kvm->be->ioctl(fd, req, arg);
}

/*
 * Host pointer for guest-physical [gpa, gpa + len) if the whole range is
 * RAM, NULL otherwise. Every guest-supplied address goes through this.
 */
void *kvm__gpa_to_hva(struct kvm *kvm, u64 gpa, u64 len);


/*
 * Ask every vCPU to stop (first reason wins, except that a signal replaces
 * a reboot request); safe from any thread and from
 * signal handlers. exit_code is lkvm's process exit status.
 */
void kvm__request_stop(struct kvm *kvm, enum kvm_stop_reason why, int exit_code);

static inline bool kvm__pause_pending(struct kvm *kvm)
{
	return atomic_load_explicit(&kvm->pause_req, memory_order_relaxed);
}
/*
 * Have a len-byte guest write of datamatch to MMIO gpa signal eventfd fd
 * inside the kernel (KVM_IOEVENTFD). 0, or -errno where the kernel cannot
 * (-EOPNOTSUPP without KVM_CAP_IOEVENTFD). Kernels that register it but
 * never fire it (LoongArch before 6.13) still exit, so the MMIO handler
 * must stay: this only saves exits.
 */
int kvm__ioeventfd(struct kvm *kvm, u64 gpa, u32 len, u64 datamatch, int fd);

static inline bool kvm__stopping(struct kvm *kvm)
{
	return atomic_load_explicit(&kvm->stop_reason, memory_order_relaxed) != STOP_NONE;
}

/* Arch hooks, implemented in loongarch/. */
/*
 * Whether the host's KVM can run this architecture's guests at all (on a
 * host of another architecture it cannot). If not, says why in why.
 */
bool kvm__arch_host_kvm_usable(char *why, size_t len);
/* The host CPU's identification words: the host backend's host_cpu_id. */
int kvm__arch_host_cpu_id(unsigned int word, u32 *val);
/* The board's core steps in one call, and their undoing (for tests). */
int kvm__arch_init(struct kvm *kvm);
int kvm__arch_setup_boot(struct kvm *kvm);	/* load the guest, build FDT */
void kvm__arch_boot_exit(struct kvm *kvm);	/* free what setup_boot made */
void kvm__arch_exit(struct kvm *kvm);
/* A stop was requested: release anything the arch holds vCPUs on. */
void kvm__arch_stop_notify(struct kvm *kvm);
/*
 * Every vCPU is held (pause) / about to run again: the arch keeps guest
 * time from counting the pause.
 */
int kvm__arch_pause(struct kvm *kvm);
void kvm__arch_resume(struct kvm *kvm);
/* No -k: the arch may pick the host's own kernel (kvmtool's default). */
void kvm__arch_default_kernel(struct lkvm_config *cfg);
/* RAM layout for a given size: fills banks; -EINVAL if unusable. */
int kvm__arch_layout_ram(u64 ram_size, struct kvm_mem_bank *banks, int *nr_banks);

#endif
