// SPDX-License-Identifier: GPL-2.0-only
/*
 * softkvm's irqfd thread (kernel=7.2 in-kernel irqchips) under lkvm's
 * seccomp filters: a vCPU-confined thread assigns an irqfd (which starts
 * the thread), the thread loads its own kind through the backend's
 * thread hook, and an eventfd signal still reaches the vCPU's line. With
 * LKVM_TEST_SECCOMP_VIOLATE naming its kind, the thread is the one that
 * is stopped, with the one-line report. Each run is a child process,
 * since a filter cannot be unloaded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "fake-sk-cpu.h"
#include "softkvm-test-util.h"
#include "lkvm/seccomp.h"

#define CSR_ID(n)	(0x9030000000010000ULL | ((uint64_t)(n) << 3))

static int hook(const char *kind)
{
	return strcmp(kind, "softkvm irqfd") ? -1 : seccomp__enter(SECCOMP_KIND_SOFTKVM_IRQFD);
}

static void *nothing(void *arg)
{
	return arg;
}

static int attr(int fd, uint32_t group, uint64_t a, uint64_t v)
{
	return t_attr(fd, KVM_SET_DEVICE_ATTR, group, a, &v);
}

/* The child: 0 when the signal raised HWI0, 2-9 for a set-up step that failed. */
static int child(void)
{
	static const uint32_t types[3] = { KVM_DEV_TYPE_LOONGARCH_IPI,
					   KVM_DEV_TYPE_LOONGARCH_EIOINTC,
					   KVM_DEV_TYPE_LOONGARCH_PCHPIC };
	int sys, vm, vcpu, dev[3], efd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd a = { .gsi = 3 };
	struct sk_vcpu *sv;
	uint64_t one = 1;
	pthread_t t;

	be = softkvm__backend();
	if (be->configure("kernel", "7.2") || be->set_thread_hook(hook))
		return 2;
	sys = t_sys();
	vm = t_vm(sys);
	vcpu = t_vcpu(vm, 0);
	sv = fake_cpu.last_vcpu;
	if (vcpu < 0 || t_set_reg(vcpu, CSR_ID(0x20), 0))
		return 3;
	for (int i = 0; i < 3; i++) {
		struct kvm_create_device cd = { .type = types[i] };

		if (t_ioctl(vm, KVM_CREATE_DEVICE, &cd))
			return 4;
		dev[i] = (int)cd.fd;
	}
	/* Pin 3 edge, unmasked; EIOINTC vector 3 enabled (attribute writes). */
	if (attr(dev[2], KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS, 0x60, 1ULL << 3) ||
	    attr(dev[2], KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS, 0x20, ~(1ULL << 3)) ||
	    attr(dev[1], KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS, 0x200, 1ULL << 3))
		return 5;
	/* lkvm has started threads before any filter: glibc's first one sets up signals. */
	if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
		return 6;
	if (seccomp__setup(SECCOMP_ON, false) || seccomp__enter(SECCOMP_KIND_VCPU))
		return 6;
	a.fd = (uint32_t)efd;
	if (t_ioctl(vm, KVM_IRQFD, &a))
		return 7;
	if (write(efd, &one, sizeof(one)) != sizeof(one))
		return 8;
	for (int i = 0; i < 2000; i++) {
		if (atomic_load(&sv->cpu.irq_lines) & (1U << 2))
			return 0;
		usleep(1000);
	}
	return 9;
}

/* exit status and the first stderr line of one child run */
static int run_child(bool violate, char *line, size_t len)
{
	int pfd[2], status;
	pid_t pid;
	FILE *f;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(pfd[0]);
		dup2(pfd[1], 2);
		if (violate)
			setenv("LKVM_TEST_SECCOMP_VIOLATE", "softkvm irqfd", 1);
		_exit(child());
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	line[0] = '\0';
	if (!fgets(line, (int)len, f))
		line[0] = '\0';
	fclose(f);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void test_irqfd_thread_confined(void **state)
{
	char line[256];

	(void)state;
	int r = run_child(false, line, sizeof(line));

	if (r)
		print_error("child: %d, %s", r, line);
	assert_int_equal(r, 0);
	assert_string_equal(line, "");
}

static void test_irqfd_thread_violation_reported(void **state)
{
	char line[256];

	(void)state;
	assert_int_equal(run_child(true, line, sizeof(line)), 1);
	assert_non_null(strstr(line, "lkvm: seccomp: the softkvm irqfd thread called personality ("));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_irqfd_thread_confined),
		cmocka_unit_test(test_irqfd_thread_violation_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
