/* SPDX-License-Identifier: GPL-2.0-only */
/* The real kernel: plain system calls on /dev/kvm and the fds it returns. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lkvm/kvm.h"

static int host_open(const char *path, int flags)
{
	return open(path, flags | O_CLOEXEC);
}

static int host_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

const struct kvm_backend kvm_backend_host = {
	.name = "kvm",
	.open = host_open,
	.ioctl = host_ioctl,
	.mmap = mmap,
	.munmap = munmap,
	.close = close,
	.host_cpu_id = kvm__arch_host_cpu_id,
};
