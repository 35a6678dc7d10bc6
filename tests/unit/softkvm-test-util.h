/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SOFTKVM_TEST_UTIL_H
#define SOFTKVM_TEST_UTIL_H

/* Shared helpers for the softkvm unit tests (header-only). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include "lkvm/backend.h"
#include "lkvm/uapi-compat.h"

#define T_PAGE		0x4000ULL	/* LoongArch KVM host page: 16 KiB */

static const struct kvm_backend *be;

static inline int t_ioctl(int fd, unsigned long req, void *arg)
{
	return be->ioctl(fd, req, arg);
}

/* -errno of a failed call, or its result. */
static inline int t_err(int r)
{
	return r < 0 ? -errno : r;
}

static inline int t_sys(void)
{
	be = softkvm__backend();
	return be->open("/dev/kvm", O_RDWR | O_CLOEXEC);
}

static inline int t_vm(int sys)
{
	return t_ioctl(sys, KVM_CREATE_VM, (void *)0);
}

static inline int t_vcpu(int vm, long id)
{
	return t_ioctl(vm, KVM_CREATE_VCPU, (void *)id);
}

static inline int t_get_reg(int vcpu, uint64_t id, uint64_t *v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)v };

	return t_err(t_ioctl(vcpu, KVM_GET_ONE_REG, &r));
}

static inline int t_set_reg(int vcpu, uint64_t id, uint64_t v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&v };

	return t_err(t_ioctl(vcpu, KVM_SET_ONE_REG, &r));
}

static inline int t_attr(int fd, unsigned long req, uint32_t group, uint64_t attr,
			 uint64_t *val)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)val,
	};

	return t_err(t_ioctl(fd, req, &a));
}

static inline int t_slot(int vm, uint32_t slot, uint32_t flags, uint64_t gpa,
			 uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region m = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = (uint64_t)(uintptr_t)hva,
	};

	return t_err(t_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &m));
}

/* Guest RAM aligned to the 16 KiB page, as lkvm must provide it. */
static inline void *t_ram(size_t size)
{
	uint8_t *p = mmap(NULL, size + T_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	return (void *)(((uintptr_t)p + T_PAGE - 1) & ~(uintptr_t)(T_PAGE - 1));
}

static inline int t_interrupt(int vcpu, int irq)
{
	struct kvm_interrupt i = { .irq = (uint32_t)irq };

	return t_err(t_ioctl(vcpu, KVM_INTERRUPT, &i));
}

/* A softkvm with one VM and one vCPU, its kvm_run mapped when asked. */
struct sk_vcpu;
struct env {
	int sys, vm, vcpu;
	struct kvm_run *run;
	struct sk_vcpu *sv;	/* the test's own, if it wants one */
};

static inline int t_env_up(struct env *e, bool map_run)
{
	e->run = NULL;
	e->sys = t_sys();
	e->vm = t_vm(e->sys);
	e->vcpu = t_vcpu(e->vm, 0);
	if (e->sys < 0 || e->vm < 0 || e->vcpu < 0)
		return -1;
	if (map_run) {
		e->run = be->mmap(NULL, 32768, PROT_READ | PROT_WRITE, MAP_SHARED, e->vcpu, 0);
		if (e->run == MAP_FAILED)
			return -1;
	}
	return 0;
}

static inline void t_env_down(struct env *e)
{
	if (e->run)
		be->munmap(e->run, 32768);
	be->close(e->vcpu);
	be->close(e->vm);
	be->close(e->sys);
}

#endif
