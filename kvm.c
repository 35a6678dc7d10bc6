/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM object: backend selection, VM creation, guest RAM, devices and
 * vCPUs, brought up in named steps and torn down in reverse order.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/devices.h"
#include "lkvm/seccomp.h"
#include "lkvm/uapi-compat.h"

static pthread_t kvm__main_thread;

void *kvm__gpa_to_hva(struct kvm *kvm, u64 gpa, u64 len)
{
	for (int i = 0; i < kvm->nr_banks; i++) {
		const struct kvm_mem_bank *b = &kvm->banks[i];

		if (gpa >= b->gpa && gpa - b->gpa <= b->size &&
		    len <= b->size - (gpa - b->gpa))
			return b->hva + (gpa - b->gpa);
	}
	return NULL;
}

int kvm__register_fdt(struct kvm *kvm, fdt_gen_fn fn, void *opaque)
{
	if (kvm->nr_fdt_gens == KVM_MAX_FDT_GENS)
		return -ENOSPC;
	kvm->fdt_gens[kvm->nr_fdt_gens++] = (struct fdt_gen){ fn, opaque };
	return 0;
}

void kvm__request_stop(struct kvm *kvm, enum kvm_stop_reason why, int exit_code)
{
	int none = STOP_NONE;

	if (!atomic_compare_exchange_strong(&kvm->stop_reason, &none, (int)why))
		return;
	atomic_store(&kvm->exit_code, exit_code);
	/* Wake the main thread, which kicks and joins the vCPUs. */
	if (kvm__main_thread)
		pthread_kill(kvm__main_thread, SIGUSR2);
}

static int kvm__open_backend(struct kvm *kvm)
{
	struct lkvm_config *cfg = &kvm->cfg;
	int fd, err;

	if (cfg->accel != ACCEL_SOFT) {
		fd = kvm_backend_host.open(cfg->dev, O_RDWR);
		if (fd >= 0) {
			kvm->be = &kvm_backend_host;
			kvm->sys_fd = fd;
			cfg->accel = ACCEL_KVM;
			return 0;
		}
		err = errno;
		if (cfg->accel == ACCEL_KVM) {
			if (err == ENOENT)
				pr_err("%s does not exist: run on a LoongArch host with KVM "
				       "(modprobe kvm), or use --accel soft", cfg->dev);
			else
				pr_err("cannot open %s: %s; check its permissions (kvm group) "
				       "or use --accel soft", cfg->dev, strerror(err));
			return -1;
		}
		pr_info("%s: %s; using softkvm, the built-in software LoongArch CPU",
			cfg->dev, strerror(err));
	}
	/* softkvm's own "/dev/kvm": --dev names only the real device. */
	kvm->be = softkvm__backend();
	kvm->sys_fd = kvm->be->open(LKVM_DEFAULT_DEV, O_RDWR);
	if (kvm->sys_fd < 0) {
		pr_err("softkvm failed to start: %s", strerror(errno));
		return -1;
	}
	cfg->accel = ACCEL_SOFT;
	return 0;
}

static int kvm__create_vm(struct kvm *kvm)
{
	int ver, max;

	ver = kvm__ioctl(kvm, kvm->sys_fd, KVM_GET_API_VERSION, NULL);
	if (ver != KVM_API_VERSION) {
		pr_err("%s speaks KVM API %d, lkvm needs %d", kvm->cfg.dev, ver,
		       KVM_API_VERSION);
		return -1;
	}
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

static int kvm__init_ram(struct kvm *kvm)
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

static int kvm__create_vcpus(struct kvm *kvm)
{
	kvm->cpus = calloc(kvm->cfg.nr_cpus, sizeof(*kvm->cpus));
	if (!kvm->cpus)
		return -1;
	for (unsigned int i = 0; i < kvm->cfg.nr_cpus; i++) {
		if (kvm_cpu__create(kvm, i, &kvm->cpus[i]))
			return -1;
		kvm->nr_cpus = i + 1;
	}
	return 0;
}

/* Registers need the loaded guest (entry point), so this comes last. */
static int kvm__setup_vcpus(struct kvm *kvm)
{
	for (unsigned int i = 0; i < kvm->nr_cpus; i++) {
		if (kvm_cpu__arch_init(kvm->cpus[i]))
			return -1;
	}
	return 0;
}

int kvm__init(struct kvm *kvm, const struct lkvm_config *cfg)
{
	memset(kvm, 0, sizeof(*kvm));
	kvm->cfg = *cfg;
	kvm->sys_fd = kvm->vm_fd = -1;
	io_space__init(&kvm->mmio, "mmio");
	io_space__init(&kvm->iocsr, "iocsr");
	kvm__main_thread = pthread_self();
	if (seccomp__setup(cfg->seccomp, cfg->reboot == REBOOT_RESTART))
		return -1;

	if (kvm__open_backend(kvm) || kvm__create_vm(kvm) || kvm__init_ram(kvm))
		return -1;
	if (kvm__arch_init(kvm))
		return -1;
	if (devices__init(kvm))
		return -1;
	if (kvm__create_vcpus(kvm))
		return -1;
	if (kvm__arch_setup_boot(kvm))
		return -1;
	return kvm__setup_vcpus(kvm);
}

/*
 * Threads first, then memory: the vCPU threads are joined already
 * (kvm_cpu__run_all), and device threads (disk I/O) are stopped here
 * before anything they reach goes away, the vCPUs they inject interrupts
 * into above all. Then everything is freed in the reverse order of
 * kvm__init.
 */
void kvm__exit(struct kvm *kvm)
{
	devices__stop(kvm);
	if (kvm->cpus) {
		for (unsigned int i = 0; i < kvm->nr_cpus; i++)
			kvm_cpu__destroy(kvm->cpus[i]);
		free(kvm->cpus);
		kvm->cpus = NULL;
	}
	devices__exit(kvm);
	if (kvm->be)
		kvm__arch_exit(kvm);
	if (kvm->vm_fd >= 0)
		kvm->be->close(kvm->vm_fd);
	if (kvm->sys_fd >= 0)
		kvm->be->close(kvm->sys_fd);
	kvm->vm_fd = kvm->sys_fd = -1;
	if (kvm->ram)
		munmap(kvm->ram, kvm->ram_size);
	kvm->ram = NULL;
	io_space__exit(&kvm->mmio);
	io_space__exit(&kvm->iocsr);
}
