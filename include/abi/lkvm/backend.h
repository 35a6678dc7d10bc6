/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_BACKEND_H
#define LKVM_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The seam between lkvm and "the kernel": every KVM call lkvm makes goes
 * through one of these tables. The host table forwards to the real system
 * calls on /dev/kvm; softkvm implements the same contract in software.
 * Each function behaves like its libc namesake: -1 (or MAP_FAILED) with
 * errno set on failure.
 *
 * This header and the uAPI (lkvm/uapi-compat.h) are all softkvm sees of
 * lkvm; "make check-seam" enforces that in the link.
 */
struct kvm_backend {
	const char *name;
	int (*open)(const char *path, int flags);
	int (*ioctl)(int fd, unsigned long req, void *arg);
	void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd, off_t off);
	int (*munmap)(void *addr, size_t len);
	int (*close)(int fd);
	/*
	 * Identification word @word of the CPU this backend runs guests on,
	 * as that CPU itself reports it (on LoongArch: the cpucfg
	 * instruction). 0 on success; -1 with errno ENOSYS where lkvm cannot
	 * read it, EINVAL for a word the architecture does not define.
	 */
	int (*host_cpu_id)(unsigned int word, uint32_t *val);
	/*
	 * A backend-specific setting, made before the first open (softkvm:
	 * "kernel" = the KVM release it answers as). NULL where there are
	 * none; -1 with errno ENOENT for an unknown key, EINVAL for a value.
	 */
	int (*configure)(const char *key, const char *value);
	/*
	 * softkvm: a function every thread softkvm starts (its irqfd thread)
	 * calls first, with the thread's kind ("softkvm irqfd"); lkvm loads
	 * that kind's seccomp filter there. A non-zero return stops the
	 * thread. Set before the first open; NULL in the host table.
	 */
	int (*set_thread_hook)(int (*hook)(const char *kind));
};

extern const struct kvm_backend kvm_backend_host;

/* softkvm's table: the only symbol of softkvm/ that lkvm uses. */
const struct kvm_backend *softkvm__backend(void);

#endif
