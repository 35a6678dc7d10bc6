/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm's backend table and fd table. Every softkvm object (the
 * /dev/kvm handle, a VM, a vCPU) owns a real process fd (a memfd), so its
 * number can never collide with lkvm's other fds; the table maps that
 * number to the object. A VM lives while its fd, any vCPU fd or any
 * kvm_run mapping is open, as in the kernel.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "lkvm/backend.h"
#include "kernel.h"

enum sk_ftype {
	SK_F_NONE,
	SK_F_SYS,
	SK_F_VM,
	SK_F_VCPU,
	SK_F_DEV,	/* KVM_CREATE_DEVICE (intc/device.c) */
};

struct sk_file {
	enum sk_ftype type;
	void *obj;
};

struct sk_map {
	void *addr;
	struct sk_vcpu *vcpu;
};

static struct {
	pthread_mutex_t lock;
	struct sk_file *f;
	int nr_f;
	struct sk_map *maps;
	int nr_maps;
} sk_tbl = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Called with the table lock held. */
static int sk_tbl_insert(int fd, enum sk_ftype type, void *obj)
{
	if (fd >= sk_tbl.nr_f) {
		int n = fd + 16;
		struct sk_file *f = realloc(sk_tbl.f, (size_t)n * sizeof(*f));

		if (!f)
			return -ENOMEM;
		memset(f + sk_tbl.nr_f, 0, (size_t)(n - sk_tbl.nr_f) * sizeof(*f));
		sk_tbl.f = f;
		sk_tbl.nr_f = n;
	}
	/*
	 * A stale entry means lkvm closed a softkvm fd behind our back; the
	 * kernel would have dropped that reference, so forget it.
	 */
	sk_tbl.f[fd].type = type;
	sk_tbl.f[fd].obj = obj;
	return 0;
}

static int sk_new_fd(const char *name, bool cloexec)
{
	int fd = memfd_create(name, cloexec ? MFD_CLOEXEC : 0);

	return fd < 0 ? -errno : fd;
}

static int sk_register(const char *name, enum sk_ftype type, void *obj,
		       struct sk_vm *ref)
{
	int fd = sk_new_fd(name, true);
	int r;

	if (fd < 0)
		return fd;
	pthread_mutex_lock(&sk_tbl.lock);
	r = sk_tbl_insert(fd, type, obj);
	if (!r && ref)
		ref->refs++;
	pthread_mutex_unlock(&sk_tbl.lock);
	if (r) {
		close(fd);
		return r;
	}
	return fd;
}

int sk_vm_create_fd(struct sk_vm *vm)
{
	/* The VM starts with refs = 0: its fd is the first reference. */
	int fd = sk_register("kvm-vm", SK_F_VM, vm, vm);

	if (fd >= 0)
		vm->fd = fd;
	return fd;
}

int sk_vcpu_create_fd(struct sk_vcpu *vcpu)
{
	int fd = sk_register("kvm-vcpu", SK_F_VCPU, vcpu, vcpu->vm);

	if (fd >= 0)
		vcpu->fd = fd;
	return fd;
}

int sk_dev_create_fd(struct sk_dev *dev)
{
	/* A device fd holds the VM, as kvm_ioctl_create_device's kvm_get_kvm. */
	return sk_register("kvm-device", SK_F_DEV, dev, sk_dev_vm(dev));
}

static struct sk_vm *sk_file_vm(struct sk_file *f)
{
	if (f->type == SK_F_VM)
		return f->obj;
	if (f->type == SK_F_DEV)
		return sk_dev_vm(f->obj);
	if (f->type == SK_F_VCPU)
		return ((struct sk_vcpu *)f->obj)->vm;
	return NULL;
}

/* Drop one VM reference; frees the VM on the last one. */
static void sk_vm_put(struct sk_vm *vm)
{
	bool last;

	pthread_mutex_lock(&sk_tbl.lock);
	last = --vm->refs == 0;
	pthread_mutex_unlock(&sk_tbl.lock);
	if (last)
		sk_vm_free(vm);
}

/* Look up fd and pin its VM for the duration of a call. */
static int sk_get(int fd, struct sk_file *out)
{
	struct sk_vm *vm;

	pthread_mutex_lock(&sk_tbl.lock);
	if (fd < 0 || fd >= sk_tbl.nr_f || sk_tbl.f[fd].type == SK_F_NONE) {
		pthread_mutex_unlock(&sk_tbl.lock);
		return -1;
	}
	*out = sk_tbl.f[fd];
	vm = sk_file_vm(out);
	if (vm)
		vm->refs++;
	pthread_mutex_unlock(&sk_tbl.lock);
	return 0;
}

static void sk_put(struct sk_file *f)
{
	struct sk_vm *vm = sk_file_vm(f);

	if (vm)
		sk_vm_put(vm);
}

/* ---- /dev/kvm ---- */

static long sk_sys_ioctl(unsigned int req, void *arg)
{
	unsigned long val = (unsigned long)arg;
	struct sk_vm *vm;
	int fd;

	/* kvm_main.c kvm_dev_ioctl */
	switch (req) {
	case KVM_GET_API_VERSION:
		if (val)
			return -EINVAL;
		return KVM_API_VERSION;
	case KVM_CREATE_VM:
		/* LoongArch kvm_arch_init_vm ignores the type. */
		vm = sk_vm_new(sk_kernel_model());
		if (!vm)
			return -ENOMEM;
		fd = sk_vm_create_fd(vm);
		if (fd < 0)
			sk_vm_free(vm);
		return fd;
	case KVM_CHECK_EXTENSION:
		return sk_sys_check_extension(NULL, val);
	case KVM_GET_VCPU_MMAP_SIZE:
		if (val)
			return -EINVAL;
		return (long)SK_VCPU_MMAP_SIZE;
	default:
		return -ENOTTY;
	}
}

/* ---- backend operations ---- */

static int sk_open(const char *path, int flags)
{
	int fd;

	if (!path || strcmp(path, "/dev/kvm")) {
		errno = ENOENT;
		return -1;
	}
	fd = sk_new_fd("kvm", flags & O_CLOEXEC);
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	pthread_mutex_lock(&sk_tbl.lock);
	if (sk_tbl_insert(fd, SK_F_SYS, NULL)) {
		pthread_mutex_unlock(&sk_tbl.lock);
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	pthread_mutex_unlock(&sk_tbl.lock);
	return fd;
}

static int sk_ioctl(int fd, unsigned long req, void *arg)
{
	unsigned int cmd = (unsigned int)req;	/* the kernel's ioctl cmd is 32-bit */
	struct sk_file f;
	long r;

	if (sk_get(fd, &f)) {
		/* Not ours: a closed fd, or a file that knows no KVM ioctl. */
		errno = fcntl(fd, F_GETFD) < 0 ? EBADF : ENOTTY;
		return -1;
	}
	switch (f.type) {
	case SK_F_SYS:
		r = sk_sys_ioctl(cmd, arg);
		break;
	case SK_F_VM:
		r = sk_vm_ioctl(f.obj, cmd, arg);
		break;
	case SK_F_DEV:
		r = sk_dev_ioctl(f.obj, cmd, arg);
		break;
	default:
		r = sk_vcpu_ioctl(f.obj, cmd, arg);
		break;
	}
	sk_put(&f);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

static void *sk_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct sk_vcpu *vcpu;
	struct sk_map *m;
	struct sk_file f;
	int err = 0;

	if (sk_get(fd, &f))
		return mmap(addr, len, prot, flags, fd, off);
	if (f.type != SK_F_VCPU) {
		/* /dev/kvm, VM and device fds have no mmap. */
		sk_put(&f);
		errno = ENODEV;
		return MAP_FAILED;
	}
	vcpu = f.obj;
	/*
	 * Only page 0 (kvm_run) of the vCPU area exists here: no coalesced
	 * MMIO ring, and a fixed address cannot be honoured. Where the kernel
	 * would map and later SIGBUS, softkvm fails early with EINVAL.
	 */
	if (!len || off != 0 || len > vcpu->run_size || (flags & MAP_FIXED))
		err = EINVAL;
	pthread_mutex_lock(&sk_tbl.lock);
	if (!err) {
		m = realloc(sk_tbl.maps, (size_t)(sk_tbl.nr_maps + 1) * sizeof(*m));
		if (m) {
			sk_tbl.maps = m;
			m[sk_tbl.nr_maps].addr = vcpu->run;
			m[sk_tbl.nr_maps].vcpu = vcpu;
			sk_tbl.nr_maps++;
			vcpu->run_maps++;
			/* The mapping keeps the VM alive: keep the ref sk_get took. */
			pthread_mutex_unlock(&sk_tbl.lock);
			return vcpu->run;
		}
		err = ENOMEM;
	}
	pthread_mutex_unlock(&sk_tbl.lock);
	sk_put(&f);
	errno = err;
	return MAP_FAILED;
}

static int sk_munmap(void *addr, size_t len)
{
	struct sk_vcpu *vcpu = NULL;
	int i;

	pthread_mutex_lock(&sk_tbl.lock);
	for (i = 0; i < sk_tbl.nr_maps; i++) {
		if (sk_tbl.maps[i].addr == addr) {
			vcpu = sk_tbl.maps[i].vcpu;
			sk_tbl.maps[i] = sk_tbl.maps[--sk_tbl.nr_maps];
			vcpu->run_maps--;
			break;
		}
	}
	pthread_mutex_unlock(&sk_tbl.lock);
	if (!vcpu)
		return munmap(addr, len);
	sk_vm_put(vcpu->vm);
	return 0;
}

static int sk_close(int fd)
{
	struct sk_vm *vm = NULL;
	bool ours = false;

	pthread_mutex_lock(&sk_tbl.lock);
	if (fd >= 0 && fd < sk_tbl.nr_f && sk_tbl.f[fd].type != SK_F_NONE) {
		ours = true;
		vm = sk_file_vm(&sk_tbl.f[fd]);
		sk_tbl.f[fd].type = SK_F_NONE;
		sk_tbl.f[fd].obj = NULL;
		/* Close while holding the lock so the number is not reused early. */
		close(fd);
	}
	pthread_mutex_unlock(&sk_tbl.lock);
	if (!ours)
		return close(fd);
	if (vm)
		sk_vm_put(vm);
	return 0;
}

static enum sk_kernel sk_kernel = SK_KERNEL_6_12;
static bool sk_stats;
static int (*sk_thread_hook)(const char *kind);

static int sk_set_thread_hook(int (*hook)(const char *kind))
{
	sk_thread_hook = hook;
	return 0;
}

int sk_thread_start(const char *kind)
{
	return sk_thread_hook ? sk_thread_hook(kind) : 0;
}

enum sk_kernel sk_kernel_model(void)
{
	return sk_kernel;
}

bool sk_exit_stats(void)
{
	return sk_stats;
}

/*
 * Backend options, before VMs are created. "kernel": which LoongArch KVM
 * to answer as, "6.9", "6.12" or "7.2" (see enum sk_kernel). "exit-stats":
 * "1" prints how often each VM's vCPUs returned to userspace, by reason,
 * when the VM dies (the exits a real host would take), "0" does not.
 */
static int sk_configure(const char *key, const char *value)
{
	if (key && value && !strcmp(key, "exit-stats") &&
	    (!strcmp(value, "0") || !strcmp(value, "1"))) {
		sk_stats = value[0] == '1';
		return 0;
	}
	if (!key || !value || strcmp(key, "kernel")) {
		errno = key && !strcmp(key, "exit-stats") ? EINVAL : ENOENT;
		return -1;
	}
	if (!strcmp(value, "6.9")) {
		sk_kernel = SK_KERNEL_6_9;
	} else if (!strcmp(value, "6.12")) {
		sk_kernel = SK_KERNEL_6_12;
	} else if (!strcmp(value, "7.2")) {
		sk_kernel = SK_KERNEL_7_2;
	} else {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The CPU under softkvm is its own model: the cpucfg instruction's answers. */
static int sk_host_cpu_id(unsigned int word, uint32_t *val)
{
	if (word >= SK_CPUCFG_NUM) {
		errno = EINVAL;
		return -1;
	}
	*val = sk_host_cpucfg[word];
	return 0;
}

static const struct kvm_backend sk_backend = {
	.name = "softkvm",
	.open = sk_open,
	.ioctl = sk_ioctl,
	.mmap = sk_mmap,
	.munmap = sk_munmap,
	.close = sk_close,
	.host_cpu_id = sk_host_cpu_id,
	.configure = sk_configure,
	.set_thread_hook = sk_set_thread_hook,
};

const struct kvm_backend *softkvm__backend(void)
{
	return &sk_backend;
}
