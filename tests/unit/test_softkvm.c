/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softkvm's ioctl contract: accept/reject rules and values, each pinned to
 * the Linux 6.12 function it mirrors. Expected values come from the kernel
 * source and the LoongArch manual, computed by hand.
 */
/* memfd_create, ppoll: also when the build drops -D_GNU_SOURCE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "softkvm-test-util.h"
#include "fake-sk-cpu.h"

#define CSR_ID(n)	(0x9030000000010000ULL | ((uint64_t)(n) << 3))
#define CPUCFG_ID(n)	(0x9030000000040000ULL | ((uint64_t)(n) << 3))

static int setup(void **state)
{
	static struct env e;

	fake_cpu_reset();
	if (t_env_up(&e, false))
		return -1;
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	t_env_down(*state);
	return 0;
}

/* kvm_main.c kvm_dev_ioctl */
static void test_system_ioctls(void **state)
{
	struct env *e = *state;

	assert_int_equal(t_ioctl(e->sys, KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(t_err(t_ioctl(e->sys, KVM_GET_API_VERSION, (void *)1)), -EINVAL);
	/* 2 pages of 16 KiB: kvm_run + coalesced MMIO page (CONFIG_KVM_MMIO). */
	assert_int_equal(t_ioctl(e->sys, KVM_GET_VCPU_MMAP_SIZE, NULL), 32768);
	assert_int_equal(t_err(t_ioctl(e->sys, KVM_GET_VCPU_MMAP_SIZE, (void *)1)), -EINVAL);
	/* kvm_arch_dev_ioctl -> -ENOIOCTLCMD -> ENOTTY */
	assert_int_equal(t_err(t_ioctl(e->sys, KVM_RUN, NULL)), -ENOTTY);
	/* Only /dev/kvm exists. */
	assert_int_equal(be->open("/dev/kvmx", O_RDWR), -1);
	assert_int_equal(errno, ENOENT);
}

/* vm.c kvm_vm_ioctl_check_extension + kvm_main.c ..._check_extension_generic */
static void test_check_extension(void **state)
{
	struct env *e = *state;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	static const int one[] = {
		KVM_CAP_ONE_REG, KVM_CAP_ENABLE_CAP, KVM_CAP_READONLY_MEM,
		KVM_CAP_SYNC_MMU, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_IOEVENTFD,
		KVM_CAP_MP_STATE, KVM_CAP_SET_GUEST_DEBUG, KVM_CAP_USER_MEMORY,
		KVM_CAP_CHECK_EXTENSION_VM, KVM_CAP_DEVICE_CTRL,
	};
	static const int zero[] = {
		KVM_CAP_IRQCHIP, KVM_CAP_IRQFD, KVM_CAP_SIGNAL_MSI, KVM_CAP_IRQ_ROUTING,
		KVM_CAP_DIRTY_LOG_RING, KVM_CAP_GUEST_MEMFD, KVM_CAP_VM_GPA_BITS,
	};
	size_t i;

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)(long)one[i]), 1);
		assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)(long)one[i]), 1);
	}
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		assert_int_equal(t_ioctl(e->vm, KVM_CHECK_EXTENSION, (void *)(long)zero[i]), 0);
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_MAX_VCPUS), 256);
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_MAX_VCPU_ID), 256);
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_NR_VCPUS),
			 cpus < 256 ? cpus : 256);
	/* KVM_USER_MEM_SLOTS = SHRT_MAX - 0 internal slots */
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_NR_MEMSLOTS), 32767);
	/* KVM_COALESCED_MMIO_PAGE_OFFSET */
	assert_int_equal(t_ioctl(e->sys, KVM_CHECK_EXTENSION, (void *)KVM_CAP_COALESCED_MMIO), 1);
}

/* fs/ioctl.c: unknown fds and unknown commands */
static void test_bad_fds(void **state)
{
	struct env *e = *state;
	int fd = open("/dev/null", O_RDONLY);

	assert_int_equal(t_err(t_ioctl(fd, KVM_GET_API_VERSION, NULL)), -ENOTTY);
	close(fd);
	assert_int_equal(t_err(t_ioctl(fd, KVM_GET_API_VERSION, NULL)), -EBADF);
	/* kvm_arch_vm_ioctl default -> ENOTTY */
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_GET_API_VERSION, NULL)), -ENOTTY);
	/* kvm_vcpu_ioctl: a non-KVMIO type is -EINVAL before anything else */
	assert_int_equal(t_err(t_ioctl(e->vcpu, _IO('x', 1), NULL)), -EINVAL);
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_GET_SREGS, NULL)), -ENOTTY);
	/* /dev/kvm and VM fds cannot be mapped */
	assert_ptr_equal(be->mmap(NULL, 4096, PROT_READ, MAP_SHARED, e->vm, 0), MAP_FAILED);
	assert_int_equal(errno, ENODEV);
}

/* kvm_main.c create_vcpu_fd + kvm_vcpu_mmap: the run area */
static void test_vcpu_mmap(void **state)
{
	struct env *e = *state;
	struct kvm_run *run, *run2;
	int fd = t_vcpu(e->vm, 7);

	assert_true(fd >= 0);
	run = be->mmap(NULL, 32768, PROT_READ | PROT_WRITE, MAP_SHARED, e->vcpu, 0);
	assert_ptr_not_equal(run, MAP_FAILED);
	run->immediate_exit = 1;
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_RUN, NULL)), -EINTR);
	assert_int_equal(run->exit_reason, KVM_EXIT_INTR);
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_RUN, (void *)1)), -EINVAL);
	assert_int_equal(be->munmap(run, 32768), 0);
	/* A mapping outlives its vCPU fd (and keeps the VM alive). */
	run2 = be->mmap(NULL, 32768, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_ptr_not_equal(run2, MAP_FAILED);
	assert_int_equal(be->close(fd), 0);
	run2->immediate_exit = 1;
	assert_int_equal(be->munmap(run2, 32768), 0);
	/* offset beyond kvm_run or a zero length */
	assert_ptr_equal(be->mmap(NULL, 0, PROT_READ, MAP_SHARED, e->vcpu, 0), MAP_FAILED);
	assert_int_equal(errno, EINVAL);
}

/* kvm_main.c __kvm_set_memory_region + loongarch mmu.c prepare_memory_region */
static void test_memslots(void **state)
{
	struct env *e = *state;
	uint8_t *ram = t_ram(8 * T_PAGE);
	struct sk_vm *vm = fake_cpu.last_vcpu->vm;
	struct kvm_userspace_memory_region2 m2 = { 0 };

	assert_non_null(ram);
	/* alignment: size and gpa to the 16 KiB KVM page, hva to the host page */
	assert_int_equal(t_slot(e->vm, 0, 0, 0, 0x1000, ram), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, 0, 0x1000, T_PAGE, ram), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, 0, 0, T_PAGE, ram + 0x800), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, 0, 0, T_PAGE, ram + sysconf(_SC_PAGESIZE)), 0);
	assert_int_equal(t_slot(e->vm, 0, 0, 0, 0, NULL), 0);
	/* flags: KVM_MEM_GUEST_MEMFD is not a v1 flag; bit 7 is nothing */
	assert_int_equal(t_slot(e->vm, 0, KVM_MEM_GUEST_MEMFD, 0, T_PAGE, ram), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, 0x80, 0, T_PAGE, ram), -EINVAL);
	/* address space 1 does not exist */
	assert_int_equal(t_slot(e->vm, 1U << 16, 0, 0, T_PAGE, ram), -EINVAL);
	/* gpa wrap */
	assert_int_equal(t_slot(e->vm, 0, 0, 0xffffffffffffc000ULL, 2 * T_PAGE, ram), -EINVAL);
	/* GPA space is BIT(cpu_vabits) = 2^47 for VALEN-1 = 47: past it is -ENOMEM */
	assert_int_equal(t_slot(e->vm, 0, 0, (1ULL << 47) - T_PAGE, 2 * T_PAGE, ram), -ENOMEM);
	assert_int_equal(t_slot(e->vm, 0, 0, (1ULL << 47) - T_PAGE, T_PAGE, ram), 0);
	assert_int_equal(t_slot(e->vm, 0, 0, (1ULL << 47) - T_PAGE, 0, NULL), 0);

	/* create, then an overlapping slot is -EEXIST */
	assert_int_equal(t_slot(e->vm, 0, 0, 0x100000, 4 * T_PAGE, ram), 0);
	assert_int_equal(t_slot(e->vm, 1, 0, 0x100000 + 3 * T_PAGE, 2 * T_PAGE, ram + 4 * T_PAGE), -EEXIST);
	assert_int_equal(t_slot(e->vm, 1, 0, 0x100000 - T_PAGE, 2 * T_PAGE, ram + 4 * T_PAGE), -EEXIST);
	/* adjacent is fine; read-only slot */
	assert_int_equal(t_slot(e->vm, 1, KVM_MEM_READONLY, 0x100000 + 4 * T_PAGE, 2 * T_PAGE,
				ram + 4 * T_PAGE), 0);
	/* same slot again: no change */
	assert_int_equal(t_slot(e->vm, 0, 0, 0x100000, 4 * T_PAGE, ram), 0);
	/* modify: size, hva or READONLY may not change */
	assert_int_equal(t_slot(e->vm, 0, 0, 0x100000, 2 * T_PAGE, ram), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, 0, 0x100000, 4 * T_PAGE, ram + T_PAGE), -EINVAL);
	assert_int_equal(t_slot(e->vm, 0, KVM_MEM_READONLY, 0x100000, 4 * T_PAGE, ram), -EINVAL);
	/* dirty logging toggles (FLAGS_ONLY) */
	assert_int_equal(t_slot(e->vm, 0, KVM_MEM_LOG_DIRTY_PAGES, 0x100000, 4 * T_PAGE, ram), 0);

	/* lookups: RAM, read-only for reads only, holes and straddles are NULL */
	assert_ptr_equal(sk_vm_gpa_to_hva(vm, 0x100010, 8, true), ram + 0x10);
	assert_ptr_equal(sk_vm_gpa_to_hva(vm, 0x100000 + 4 * T_PAGE, 4, false), ram + 4 * T_PAGE);
	assert_null(sk_vm_gpa_to_hva(vm, 0x100000 + 4 * T_PAGE, 4, true));
	assert_null(sk_vm_gpa_to_hva(vm, 0x100000 + 4 * T_PAGE - 4, 8, false));
	assert_null(sk_vm_gpa_to_hva(vm, 0xfff00, 4, false));
	assert_null(sk_vm_gpa_to_hva(vm, 0x100000 + 6 * T_PAGE, 1, false));

	/* move slot 0 (MOVE keeps hva and size) */
	assert_int_equal(t_slot(e->vm, 0, 0, 0x200000, 4 * T_PAGE, ram), 0);
	assert_null(sk_vm_gpa_to_hva(vm, 0x100010, 8, false));
	assert_ptr_equal(sk_vm_gpa_to_hva(vm, 0x200010, 8, false), ram + 0x10);

	/* delete: size 0; deleting a missing slot is -EINVAL */
	assert_int_equal(t_slot(e->vm, 0, 0, 0, 0, NULL), 0);
	assert_null(sk_vm_gpa_to_hva(vm, 0x200010, 8, false));
	assert_int_equal(t_slot(e->vm, 0, 0, 0, 0, NULL), -EINVAL);
	assert_int_equal(t_slot(e->vm, 1, 0, 0, 0, NULL), 0);

	/* KVM_SET_USER_MEMORY_REGION2 takes the same rules */
	m2.slot = 3;
	m2.guest_phys_addr = 0x400000;
	m2.memory_size = T_PAGE;
	m2.userspace_addr = (uint64_t)(uintptr_t)ram;
	assert_int_equal(t_ioctl(e->vm, KVM_SET_USER_MEMORY_REGION2, &m2), 0);
	assert_ptr_equal(sk_vm_gpa_to_hva(vm, 0x400000, T_PAGE, true), ram);
}

/* kvm_main.c kvm_vm_ioctl_create_vcpu + vcpu.c kvm_arch_vcpu_create */
static void test_vcpu_create(void **state)
{
	struct env *e = *state;
	uint64_t v;
	int fd, i;

	assert_int_equal(t_err(t_vcpu(e->vm, 256)), -EINVAL);
	assert_int_equal(t_err(t_vcpu(e->vm, -1)), -EINVAL);
	assert_int_equal(t_err(t_vcpu(e->vm, 0)), -EEXIST);
	fd = t_vcpu(e->vm, 255);
	assert_true(fd >= 0);
	assert_int_not_equal(fd, e->vcpu);
	/* CRMD = DA (0x8), TMID = vcpu_id, CPUID = 256 ("invalid") */
	assert_int_equal(t_get_reg(fd, CSR_ID(0x0), &v), 0);
	assert_int_equal(v, 0x8);
	assert_int_equal(t_get_reg(fd, CSR_ID(0x40), &v), 0);
	assert_int_equal(v, 255);
	assert_int_equal(t_get_reg(fd, CSR_ID(0x20), &v), 0);
	assert_int_equal(v, 256);
	/* every CPUCFG word is 0 */
	for (i = 0; i < 21; i++) {
		assert_int_equal(t_get_reg(fd, CPUCFG_ID(i), &v), 0);
		assert_int_equal(v, 0);
	}
	be->close(fd);
}

/* vcpu.c kvm_arch_vcpu_ioctl_set_regs / get_regs, set_fpu / get_fpu */
static void test_regs_fpu(void **state)
{
	struct env *e = *state;
	struct kvm_regs r, g;
	struct kvm_fpu f, h;
	int i;

	for (i = 0; i < 32; i++)
		r.gpr[i] = 0x1000 + (uint64_t)i;
	r.pc = 0x9000000000200000ULL;
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_REGS, &r), 0);
	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_REGS, &g), 0);
	assert_int_equal(g.gpr[0], 0);		/* $zero cannot be set */
	for (i = 1; i < 32; i++)
		assert_int_equal(g.gpr[i], 0x1000 + (uint64_t)i);
	assert_int_equal(g.pc, r.pc);
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_SET_REGS, NULL)), -EFAULT);

	memset(&f, 0, sizeof(f));
	f.fcsr = 0x1f;
	f.fcc = 0x0100000000000001ULL;		/* cc0 = 1, cc7 = 1 */
	for (i = 0; i < 32; i++)
		f.fpr[i].val64[3] = (uint64_t)i << 32 | 7;
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_FPU, &f), 0);
	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_FPU, &h), 0);
	assert_int_equal(h.fcsr, 0x1f);
	assert_int_equal(h.fcc, 0x0100000000000001ULL);
	assert_memory_equal(h.fpr, f.fpr, sizeof(f.fpr));
}

/* vcpu.c kvm_get_reg / kvm_set_reg / kvm_get_one_reg / kvm_set_one_reg */
static void test_one_reg_sets(void **state)
{
	struct env *e = *state;
	uint64_t v;

	/* only KVM_REG_SIZE_U64 */
	assert_int_equal(t_get_reg(e->vcpu, (CSR_ID(0) & ~KVM_REG_SIZE_MASK) | KVM_REG_SIZE_U32, &v), -EINVAL);
	/* GPR and FPSIMD sets are not ONE_REG registers */
	assert_int_equal(t_get_reg(e->vcpu, 0x9030000000000008ULL, &v), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, 0x9030000000000008ULL, 1), -EINVAL);
	assert_int_equal(t_get_reg(e->vcpu, 0x9030000000030000ULL, &v), -EINVAL);
	/* LBT without CPUCFG2 X86BT/ARMBT/MIPSBT: -ENXIO */
	assert_int_equal(t_get_reg(e->vcpu, KVM_REG_LOONGARCH_LBT_SCR0, &v), -ENXIO);
	assert_int_equal(t_set_reg(e->vcpu, KVM_REG_LOONGARCH_LBT_FTOP, 1), -ENXIO);
	/* CSR index: (id & 0x7fff) >> 3 must be below CSR_MAX_NUMS (0x800) */
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x800), &v), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x7ff), 0x55), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x7ff), &v), 0);
	assert_int_equal(v, 0x55);
	/* any CSR below 0x800 is kept, e.g. KS3 */
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x33), 0x1234), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x33), &v), 0);
	assert_int_equal(v, 0x1234);
	/* the KVM set: DEBUG_INST = hvcl 0x101; VCPU_RESET is write-only */
	assert_int_equal(t_get_reg(e->vcpu, KVM_REG_LOONGARCH_DEBUG_INST, &v), 0);
	assert_int_equal(v, 0x002b8101);
	assert_int_equal(t_get_reg(e->vcpu, KVM_REG_LOONGARCH_VCPU_RESET, &v), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | 9, 0), -EINVAL);
	/* NULL user pointer */
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_GET_ONE_REG, NULL)), -EFAULT);
}

/* vcpu.c _kvm_getcsr/_kvm_setcsr: ESTAT IS[9:2] live in GINTC */
static void test_estat_gintc(void **state)
{
	struct env *e = *state;
	uint64_t v;

	/* bits 9:2 -> GINTC, the rest -> ESTAT; a read merges them back */
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x5), 0x1ffcULL | (3ULL << 16)), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x52), &v), 0);
	assert_int_equal(v, 0xff);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0x1ffcULL | (3ULL << 16));
	/* KVM_INTERRUPT of HWI0 (irq 2) shows in ESTAT bit 2 */
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x5), 0), 0);
	assert_int_equal(t_interrupt(e->vcpu, 2), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0x4);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x52), &v), 0);
	assert_int_equal(v, 0x1);
	/* IPI (12) is an ESTAT bit */
	assert_int_equal(t_interrupt(e->vcpu, 12), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0x1004);
	assert_int_equal(t_interrupt(e->vcpu, -2), 0);
	assert_int_equal(t_interrupt(e->vcpu, -12), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0);
	/* VCPU_RESET clears GINTC, ESTAT and the queued lines */
	assert_int_equal(t_interrupt(e->vcpu, 3), 0);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x5), 1ULL << 16), 0);
	assert_int_equal(t_set_reg(e->vcpu, KVM_REG_LOONGARCH_VCPU_RESET, 0), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x5), &v), 0);
	assert_int_equal(v, 0);
}

/* vcpu.c kvm_set_cpuid: < KVM_MAX_PHYID, unique, fixed once set */
static void test_cpuid(void **state)
{
	struct env *e = *state;
	int other = t_vcpu(e->vm, 1);
	uint64_t v;

	assert_true(other >= 0);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x20), 256), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x20), 3), 0);
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x20), 3), 0);	/* same value: ok */
	assert_int_equal(t_set_reg(e->vcpu, CSR_ID(0x20), 4), -EINVAL);	/* change: no */
	assert_int_equal(t_set_reg(other, CSR_ID(0x20), 3), -EINVAL);	/* taken */
	assert_int_equal(t_set_reg(other, CSR_ID(0x20), 0), 0);
	assert_int_equal(t_get_reg(e->vcpu, CSR_ID(0x20), &v), 0);
	assert_int_equal(v, 3);
	be->close(other);
}

/* vcpu.c kvm_check_cpucfg / _kvm_get_cpucfg_mask (host: la464 with LSX/LASX, minus LBT/PMU) */
static void test_cpucfg(void **state)
{
	struct env *e = *state;
	/* FP|FPSP|FPDP|FPVERS=1|LSX|LASX|LLFTP|LLFTPREV=1|LSPW|LAM (QEMU la464) */
	uint64_t c2 = 0x0060c0cf, v;

	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2), 0);
	assert_int_equal(t_get_reg(e->vcpu, CPUCFG_ID(2), &v), 0);
	assert_int_equal(v, c2);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 & ~(1ULL << 14)), -EINVAL);	/* no LLFTP */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 & ~(1ULL << 1)), -EINVAL);	/* FP w/o FPSP */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 & ~(3ULL << 6)), 0);	/* LSX, LASX off */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 & ~(1ULL << 6)), -EINVAL);	/* LASX w/o LSX */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), (c2 & ~0xfULL) | (1ULL << 14)), -EINVAL);	/* LSX w/o FP */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 | (1ULL << 18)), -EINVAL);	/* X86BT */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), c2 | (1ULL << 9)), -EINVAL);	/* CRYPTO: never */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(2), 1ULL << 14), 0);		/* FP off is fine */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(1), 0x03f2f2fe), 0);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(1), 1ULL << 26), -EINVAL);	/* MSGINT */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(0), 1ULL << 32), -EINVAL);	/* upper half */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(3), 1ULL << 17), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(6), 0x7f31), -EINVAL);		/* PMU: host lacks */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(6), 0), 0);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(7), 1), -EINVAL);		/* reserved */
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(17), 1ULL << 31), -EINVAL);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(20), 0x060e000f), 0);
	assert_int_equal(t_set_reg(e->vcpu, CPUCFG_ID(21), 0), -EINVAL);
	assert_int_equal(t_get_reg(e->vcpu, CPUCFG_ID(21), &v), -EINVAL);
}

/* vcpu.c kvm_get_one_reg/kvm_set_one_reg KVM_REG_LOONGARCH_COUNTER */
static void test_counter(void **state)
{
	struct env *e = *state;
	int other = t_vcpu(e->vm, 1);
	uint64_t a, b;

	assert_true(other >= 0);
	/* vCPU 1's write is ignored */
	assert_int_equal(t_set_reg(other, KVM_REG_LOONGARCH_COUNTER, 1ULL << 60), 0);
	assert_int_equal(t_get_reg(other, KVM_REG_LOONGARCH_COUNTER, &a), 0);
	assert_true(a < 1ULL << 59);
	/* vCPU 0 sets the one per-VM offset; both see it, and it runs at 100 MHz */
	assert_int_equal(t_set_reg(e->vcpu, KVM_REG_LOONGARCH_COUNTER, 1ULL << 40), 0);
	assert_int_equal(t_get_reg(other, KVM_REG_LOONGARCH_COUNTER, &a), 0);
	usleep(20000);
	assert_int_equal(t_get_reg(e->vcpu, KVM_REG_LOONGARCH_COUNTER, &b), 0);
	assert_true(a >= 1ULL << 40 && a < (1ULL << 40) + 100000000ULL);
	/* 20 ms at 100 MHz = 2,000,000 ticks (allow scheduling slack) */
	assert_true(b - a >= 2000000 && b - a < 200000000);
	be->close(other);
}

/* vm.c kvm_vm_feature_has_attr / kvm_vm_has_attr */
static void test_vm_attrs(void **state)
{
	struct env *e = *state;
	uint64_t v;

	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PV_IPI, NULL), 0);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PV_STEALTIME, NULL), 0);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_LSX, NULL), 0);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_LASX, NULL), 0);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_X86BT, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_MIPSBT, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PMU, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PTW, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_MSGINT, NULL), -ENXIO);
	/* 7.0's PV_PREEMPT is unknown to 6.12 */
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 0, KVM_LOONGARCH_VM_FEAT_PV_PREEMPT, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vm, KVM_HAS_DEVICE_ATTR, 1, 0, NULL), -ENXIO);
	/* the VM fd has no GET/SET_DEVICE_ATTR (kvm_arch_vm_ioctl -> ENOTTY) */
	assert_int_equal(t_attr(e->vm, KVM_GET_DEVICE_ATTR, 0, 0, &v), -ENOTTY);
}

/* vcpu.c kvm_loongarch_cpucfg_{has,get,set}_attr */
static void test_vcpu_cpucfg_attrs(void **state)
{
	struct env *e = *state;
	int other = t_vcpu(e->vm, 1);
	uint64_t v;

	assert_true(other >= 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 2, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 6, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 0x40000004, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 0, 3, NULL), -ENXIO);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 7, 0, NULL), -ENXIO);
	/* masks: CPUCFG2 = FP|FPSP|FPDP|FPVERS|LSX|LASX|LLFTP|LLFTPREV|LSPW|LAM = 0x63c0ff */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 2, &v), 0);
	assert_int_equal(v, 0x63c0ff);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 1, &v), 0);
	assert_int_equal(v, 0x3ffffff);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 6, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 17, &v), 0);
	assert_int_equal(v, 0x7fffffff);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 9, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 21, &v), -ENXIO);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 2, &v), -ENXIO);
	/* default PV word: IPI (bit 1) | STEAL_TIME (bit 2) */
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 0, 0x40000004, &v), 0);
	assert_int_equal(v, 0x6);
	/* outside LOONGARCH_PV_FEAT_MASK */
	v = 1;
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), -EINVAL);
	/* 6.12's mask has neither USER_HCALL (bit 25, 6.14) nor PREEMPT (bit 3, 7.0) */
	v = (1ULL << 1) | (1ULL << 25);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), -EINVAL);
	v = (1ULL << 1) | (1ULL << 3);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), -EINVAL);
	/* first write wins for the whole VM (VIRT_EXTIOI is bit 24) */
	v = (1ULL << 1) | (1ULL << 24);
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), 0);
	assert_int_equal(t_attr(other, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), 0);
	v = 0x6;
	assert_int_equal(t_attr(other, KVM_SET_DEVICE_ATTR, 0, 0x40000004, &v), -EINVAL);
	assert_int_equal(t_attr(other, KVM_GET_DEVICE_ATTR, 0, 0x40000004, &v), 0);
	assert_int_equal(v, (1ULL << 1) | (1ULL << 24));
	/* without STEAL_TIME the PVTIME group is gone */
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 1, 0, NULL), -ENXIO);
	be->close(other);
}

/* vcpu.c kvm_loongarch_pvtime_{has,get,set}_attr */
static void test_pvtime_attr(void **state)
{
	struct env *e = *state;
	uint8_t *ram = t_ram(T_PAGE);
	uint64_t v;

	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 1, 0, NULL), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_HAS_DEVICE_ATTR, 1, 1, NULL), -ENXIO);
	assert_int_equal(t_slot(e->vm, 0, 0, 0x800000, T_PAGE, ram), 0);
	v = 0x800000 | 1;
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 1, &v), -ENXIO);
	v = 0x800020 | 1;					/* not 64-byte aligned */
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &v), -EINVAL);
	v = 0x900000 | 1;					/* no memslot */
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &v), -EINVAL);
	v = 0x900000;						/* not valid: stored as is */
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &v), 0);
	v = 0x800040 | 1;
	assert_int_equal(t_attr(e->vcpu, KVM_SET_DEVICE_ATTR, 1, 0, &v), 0);
	v = 0;
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 1, 0, &v), 0);
	assert_int_equal(v, 0x800041);
	/* VCPU_RESET forgets it */
	assert_int_equal(t_set_reg(e->vcpu, KVM_REG_LOONGARCH_VCPU_RESET, 0), 0);
	assert_int_equal(t_attr(e->vcpu, KVM_GET_DEVICE_ATTR, 1, 0, &v), 0);
	assert_int_equal(v, 0);
}

/* vcpu.c kvm_vcpu_ioctl_interrupt, set_mpstate, set_guest_debug, enable_cap */
static void test_misc_vcpu(void **state)
{
	struct env *e = *state;
	struct kvm_mp_state mp = { .mp_state = 1 };
	struct kvm_guest_debug dbg = { .control = KVM_GUESTDBG_ENABLE | 0x4 };
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ONE_REG };

	assert_int_equal(t_interrupt(e->vcpu, 0), -EINVAL);
	assert_int_equal(t_interrupt(e->vcpu, 15), -EINVAL);
	assert_int_equal(t_interrupt(e->vcpu, -15), -EINVAL);
	assert_int_equal(t_interrupt(e->vcpu, (int)0x80000000), -EINVAL);
	assert_int_equal(t_interrupt(e->vcpu, 14), 0);
	assert_int_equal(t_interrupt(e->vcpu, -14), 0);
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_INTERRUPT, NULL)), -EFAULT);

	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_SET_MP_STATE, &mp)), -EINVAL);
	mp.mp_state = KVM_MP_STATE_RUNNABLE;
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_MP_STATE, &mp), 0);
	mp.mp_state = 7;
	assert_int_equal(t_ioctl(e->vcpu, KVM_GET_MP_STATE, &mp), 0);
	assert_int_equal(mp.mp_state, KVM_MP_STATE_RUNNABLE);

	/* valid: ENABLE | USE_SW_BP | SINGLESTEP; 0x4 is not */
	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_SET_GUEST_DEBUG, &dbg)), -EINVAL);
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
	assert_int_equal(t_ioctl(e->vcpu, KVM_SET_GUEST_DEBUG, &dbg), 0);

	assert_int_equal(t_err(t_ioctl(e->vcpu, KVM_ENABLE_CAP, &cap)), -EINVAL);
	/* VM-level ENABLE_CAP: generic caps only; HALT_POLL is accepted */
	cap.cap = KVM_CAP_HALT_POLL;
	assert_int_equal(t_ioctl(e->vm, KVM_ENABLE_CAP, &cap), 0);
	cap.cap = KVM_CAP_ONE_REG;
	assert_int_equal(t_err(t_ioctl(e->vm, KVM_ENABLE_CAP, &cap)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_system_ioctls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_fds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_mmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memslots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regs_fpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_reg_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estat_gintc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpuid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpucfg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vm_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_cpucfg_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pvtime_attr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misc_vcpu, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
