/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine table: lkvm's bring-up steps in order, each named, each
 * undone in reverse. The board (loongarch/) supplies its own steps, which
 * come after guest RAM and before the virtio devices.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include "lkvm/accel.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/machine.h"
#include "lkvm/seccomp.h"
#include "lkvm/uapi-compat.h"
#include "lkvm/virtio-devices.h"

static int machine__backend(struct kvm *kvm)
{
	kvm->sys_fd = accel__open(&kvm->cfg, &kvm->be);
	return kvm->sys_fd < 0 ? -1 : 0;
}

static int machine__vm(struct kvm *kvm)
{
	int max;

	max = kvm__ioctl(kvm, kvm->sys_fd, KVM_CHECK_EXTENSION,
			 (void *)(long)KVM_CAP_MAX_VCPUS);
	if (max <= 0)
		max = kvm__ioctl(kvm, kvm->sys_fd, KVM_CHECK_EXTENSION,
				 (void *)(long)KVM_CAP_NR_VCPUS);
	if (max > 0 && kvm->cfg.nr_cpus > (unsigned int)max) {
		pr_err("--cpus %u is more than this KVM allows (%d)", kvm->cfg.nr_cpus, max);
		return -1;
	}
	kvm->vm_fd = kvm__ioctl(kvm, kvm->sys_fd, KVM_CREATE_VM, (void *)0);
	if (kvm->vm_fd < 0) {
		pr_err("KVM_CREATE_VM failed: %s", strerror(errno));
		return -1;
	}
	kvm->vcpu_mmap_size = kvm__ioctl(kvm, kvm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (kvm->vcpu_mmap_size <= 0) {
		pr_err("KVM_GET_VCPU_MMAP_SIZE failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int machine__ram(struct kvm *kvm)
{
	u64 size = kvm->cfg.ram_size;
	struct sysinfo si;
	u64 off = 0;

	if (kvm__arch_layout_ram(size, kvm->banks, &kvm->nr_banks))
		return -1;
	if (!sysinfo(&si) && size > (u64)si.totalram * si.mem_unit) {
		pr_err("--mem %llu MiB is more than this host has (%llu MiB)",
		       (unsigned long long)(size >> 20),
		       (unsigned long long)(((u64)si.totalram * si.mem_unit) >> 20));
		return -1;
	}
	kvm->ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (kvm->ram == MAP_FAILED) {
		kvm->ram = NULL;
		pr_err("cannot allocate %llu MiB of guest RAM: %s; use a smaller --mem",
		       (unsigned long long)(size >> 20), strerror(errno));
		return -1;
	}
	kvm->ram_size = size;
	madvise(kvm->ram, size, MADV_HUGEPAGE);
	for (int i = 0; i < kvm->nr_banks; i++) {
		struct kvm_userspace_memory_region r = {
			.slot = (u32)i,
			.guest_phys_addr = kvm->banks[i].gpa,
			.memory_size = kvm->banks[i].size,
			.userspace_addr = (u64)(uintptr_t)(kvm->ram + off),
		};

		kvm->banks[i].hva = kvm->ram + off;
		off += kvm->banks[i].size;
		if (kvm__ioctl(kvm, kvm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
			pr_err("cannot register guest RAM at 0x%llx (%llu MiB): %s",
			       (unsigned long long)r.guest_phys_addr,
			       (unsigned long long)(r.memory_size >> 20), strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int machine__vcpus(struct kvm *kvm)
{
	kvm->cpus = calloc(kvm->cfg.nr_cpus, sizeof(*kvm->cpus));
	if (!kvm->cpus) {
		pr_err("out of memory creating %u vCPUs", kvm->cfg.nr_cpus);
		return -1;
	}
	for (unsigned int i = 0; i < kvm->cfg.nr_cpus; i++) {
		if (kvm_cpu__create(kvm, i, &kvm->cpus[i]))
			return -1;
		kvm->nr_cpus = i + 1;
	}
	return 0;
}

/* Registers need the loaded guest (entry point), so this comes last. */
static int machine__vcpu_regs(struct kvm *kvm)
{
	for (unsigned int i = 0; i < kvm->nr_cpus; i++) {
		if (kvm_cpu__arch_init(kvm->cpus[i]))
			return -1;
	}
	return 0;
}

static void machine__backend_exit(struct kvm *kvm)
{
	if (kvm->sys_fd >= 0)
		kvm->be->close(kvm->sys_fd);
	kvm->sys_fd = -1;
}

static void machine__vm_exit(struct kvm *kvm)
{
	if (kvm->vm_fd >= 0)
		kvm->be->close(kvm->vm_fd);
	kvm->vm_fd = -1;
}

static void machine__ram_exit(struct kvm *kvm)
{
	if (kvm->ram)
		munmap(kvm->ram, kvm->ram_size);
	kvm->ram = NULL;
}

static void machine__vcpus_exit(struct kvm *kvm)
{
	if (!kvm->cpus)
		return;
	for (unsigned int i = 0; i < kvm->nr_cpus; i++)
		kvm_cpu__destroy(kvm->cpus[i]);
	free(kvm->cpus);
	kvm->cpus = NULL;
	kvm->nr_cpus = 0;
}

static int machine__virtio(struct kvm *kvm)
{
	return virtio__devices_init(kvm);
}

static int machine__boot(struct kvm *kvm)
{
	return kvm__arch_setup_boot(kvm);
}

/*
 * The order and why: the backend before anything (every call goes through
 * it); the VM and its RAM before the board, whose interrupt controllers
 * every device's line ends in; the virtio devices after the board placed
 * their window; vCPUs after the devices that interrupt them are wired;
 * the guest loaded before the vCPU registers, which need its entry point.
 * Device threads are stopped (stop hooks) before any vCPU is freed.
 */
static const struct machine_step steps_head[] = {
	{ "backend", machine__backend, NULL, machine__backend_exit },
	{ "VM", machine__vm, NULL, machine__vm_exit },
	{ "guest RAM", machine__ram, NULL, machine__ram_exit },
	{ NULL, NULL, NULL, NULL },
};

static const struct machine_step steps_tail[] = {
	{ "virtio devices", machine__virtio, virtio__devices_stop, virtio__devices_exit },
	{ "vCPUs", machine__vcpus, NULL, machine__vcpus_exit },
	{ "guest boot", machine__boot, NULL, kvm__arch_boot_exit },
	{ "vCPU registers", machine__vcpu_regs, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

/* One step: if it failed without saying why, say which step it was. */
static int machine__run_step(struct kvm *kvm, const struct machine_step *s)
{
	unsigned long errs = log__errors();
	int r;

	pr_debug("bring-up: %s", s->name);
	r = s->init(kvm);
	if (r && log__errors() == errs)
		pr_err("cannot bring up the VM: step '%s' failed (%s)", s->name,
		       strerror(r < 0 && r != -1 ? -r : EINVAL));
	return r;
}

static int machine__run(struct kvm *kvm, const struct machine_step *list)
{
	for (const struct machine_step *s = list; s->name; s++) {
		if (kvm->nr_done == MACHINE_MAX_STEPS) {
			pr_err("too many bring-up steps (at most %d)", MACHINE_MAX_STEPS);
			return -1;
		}
		if (s->init && machine__run_step(kvm, s))
			return -1;
		kvm->done[kvm->nr_done++] = s;
	}
	return 0;
}

int machine__init(struct kvm *kvm, const struct lkvm_config *cfg)
{
	memset(kvm, 0, sizeof(*kvm));
	kvm->cfg = *cfg;
	kvm->sys_fd = kvm->vm_fd = -1;
	io_space__init(&kvm->mmio, "mmio");
	kvm->main_thread = pthread_self();
	kvm->main_thread_set = true;
	kvm->pause_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	kvm->pause_cond = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
	if (seccomp__setup(cfg->seccomp, cfg->reboot == REBOOT_RESTART))
		return -1;

	if (machine__run(kvm, steps_head) ||
	    machine__run(kvm, kvm__arch_board_steps()) ||
	    machine__run(kvm, steps_tail))
		return -1;
	return 0;
}

void machine__exit(struct kvm *kvm)
{
	int i;

	/* Threads first: nothing they reach may be freed under them. */
	for (i = kvm->nr_done - 1; i >= 0; i--)
		if (kvm->done[i]->stop)
			kvm->done[i]->stop(kvm);
	for (i = kvm->nr_done - 1; i >= 0; i--)
		if (kvm->done[i]->exit)
			kvm->done[i]->exit(kvm);
	kvm->nr_done = 0;
	io_space__exit(&kvm->mmio);
}
