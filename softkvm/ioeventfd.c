/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM_IOEVENTFD for softkvm, as virt/kvm/eventfd.c keeps them: a list per
 * VM, checked for collisions on assign and matched exactly on deassign.
 * Every kernel registers them; only from 6.13 (kvm=7.2 here) does the
 * LoongArch MMIO write path offer a write to the MMIO bus first
 * (exit.c kvm_emu_mmio_write -> kvm_io_bus_write), so that a matching
 * write signals the eventfd instead of exiting to userspace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/kcmp.h>
#include "kernel.h"

#define SK_IOEVENTFD_VALID	(KVM_IOEVENTFD_FLAG_DATAMATCH | KVM_IOEVENTFD_FLAG_PIO | \
				 KVM_IOEVENTFD_FLAG_DEASSIGN | \
				 KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY)

/* eventfd.c ioeventfd_bus_from_flags */
static int sk_ioev_bus(uint32_t flags)
{
	if (flags & KVM_IOEVENTFD_FLAG_PIO)
		return SK_BUS_PIO;
	if (flags & KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY)
		return SK_BUS_CCW;
	return SK_BUS_MMIO;
}

/*
 * The same eventfd: the kernel compares eventfd contexts; softkvm asks
 * kcmp whether both fds are one open file (every eventfd shares one
 * anonymous inode, so fstat cannot tell), or without kcmp compares the
 * fd number the VMM assigned with.
 */
bool sk_fd_same_file(int ours, int user_fd, int fd)
{
	pid_t pid = getpid();
	long r = syscall(SYS_kcmp, pid, pid, KCMP_FILE, ours, fd);

	return r < 0 ? user_fd == fd : r == 0;
}

static bool sk_same_file(const struct sk_ioeventfd *p, int fd)
{
	return sk_fd_same_file(p->fd, p->user_fd, fd);
}

/* eventfd.c ioeventfd_check_collision */
static bool sk_ioev_collides(const struct sk_vm *vm, const struct sk_ioeventfd *p)
{
	for (int i = 0; i < vm->nr_ioev; i++) {
		const struct sk_ioeventfd *q = &vm->ioev[i];

		if (q->bus == p->bus && q->addr == p->addr &&
		    (!q->len || !p->len ||
		     (q->len == p->len &&
		      (q->wildcard || p->wildcard || q->datamatch == p->datamatch))))
			return true;
	}
	return false;
}

/* eventfd.c kvm_deassign_ioeventfd_idx */
static int sk_ioev_deassign(struct sk_vm *vm, const struct kvm_ioeventfd *a)
{
	bool wildcard = !(a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH);
	int bus = sk_ioev_bus(a->flags), i;

	if (fcntl(a->fd, F_GETFD) < 0)
		return -EBADF;
	for (i = 0; i < vm->nr_ioev; i++) {
		struct sk_ioeventfd *p = &vm->ioev[i];

		if (p->bus != bus || p->addr != a->addr || p->len != a->len ||
		    p->wildcard != wildcard || !sk_same_file(p, (int)a->fd))
			continue;
		if (!p->wildcard && p->datamatch != a->datamatch)
			continue;
		close(p->fd);
		vm->ioev[i] = vm->ioev[--vm->nr_ioev];
		atomic_store(&vm->nr_ioev_mmio, vm->nr_ioev);
		return 0;
	}
	return -ENOENT;
}

/* eventfd.c kvm_assign_ioeventfd / kvm_assign_ioeventfd_idx */
static int sk_ioev_assign(struct sk_vm *vm, const struct kvm_ioeventfd *a)
{
	struct sk_ioeventfd p = {
		.addr = a->addr,
		.len = a->len,
		.bus = sk_ioev_bus(a->flags),
		.wildcard = !(a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH),
	};

	switch (a->len) {
	case 0: case 1: case 2: case 4: case 8:
		break;
	default:
		return -EINVAL;
	}
	if (a->addr + a->len < a->addr)
		return -EINVAL;
	if (a->flags & ~SK_IOEVENTFD_VALID)
		return -EINVAL;
	if (!a->len && (a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH))
		return -EINVAL;
	if (!p.wildcard)
		p.datamatch = a->datamatch;
	if (sk_ioev_collides(vm, &p))
		return -EEXIST;
	/* The bus holds its own reference to the eventfd. */
	p.fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 0);
	if (p.fd < 0)
		return -EBADF;
	p.user_fd = (int)a->fd;
	/* kvm_io_bus_register_dev: NR_IOBUS_DEVS; softkvm keeps fewer. */
	if (vm->nr_ioev == SK_MAX_IOEVENTFDS) {
		close(p.fd);
		return -ENOSPC;
	}
	vm->ioev[vm->nr_ioev++] = p;
	atomic_store(&vm->nr_ioev_mmio, vm->nr_ioev);
	return 0;
}

int sk_vm_ioeventfd(struct sk_vm *vm, const struct kvm_ioeventfd *a)
{
	int r;

	pthread_mutex_lock(&vm->ioev_lock);
	if (a->flags & KVM_IOEVENTFD_FLAG_DEASSIGN)
		r = sk_ioev_deassign(vm, a);
	else
		r = sk_ioev_assign(vm, a);
	pthread_mutex_unlock(&vm->ioev_lock);
	return r;
}

/* eventfd.c ioeventfd_in_range */
static bool sk_ioev_hit(const struct sk_ioeventfd *p, uint64_t addr, uint32_t len,
			const uint8_t *data)
{
	uint64_t v = 0;

	if (p->bus != SK_BUS_MMIO || addr != p->addr)
		return false;
	if (!p->len)
		return true;
	if (len != p->len)
		return false;
	if (p->wildcard)
		return true;
	memcpy(&v, data, len);		/* little-endian host and guest */
	return v == p->datamatch;
}

bool sk_vm_ioeventfd_write(struct sk_vm *vm, uint64_t addr, uint32_t len, const uint8_t *data)
{
	uint64_t one = 1;
	bool hit = false;

	if (vm->kernel < SK_KERNEL_7_2 || !atomic_load_explicit(&vm->nr_ioev_mmio,
								 memory_order_relaxed))
		return false;
	pthread_mutex_lock(&vm->ioev_lock);
	for (int i = 0; i < vm->nr_ioev && !hit; i++) {
		if (!sk_ioev_hit(&vm->ioev[i], addr, len, data))
			continue;
		/* eventfd_signal: a full counter is the reader's problem. */
		(void)!write(vm->ioev[i].fd, &one, sizeof(one));
		hit = true;
	}
	pthread_mutex_unlock(&vm->ioev_lock);
	return hit;
}

void sk_vm_ioeventfd_free(struct sk_vm *vm)
{
	for (int i = 0; i < vm->nr_ioev; i++)
		close(vm->ioev[i].fd);
	vm->nr_ioev = 0;
	pthread_mutex_destroy(&vm->ioev_lock);
}
