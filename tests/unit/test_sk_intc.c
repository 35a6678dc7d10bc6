// SPDX-License-Identifier: GPL-2.0-only
/*
 * softkvm's in-kernel irqchips with kernel=7.2. Each test names the Linux
 * 7.2 function whose rule it pins (arch/loongarch/kvm/intc/{ipi,eiointc,pch_pic}.c,
 * arch/loongarch/kvm/{irqfd,vm}.c, virt/kvm/{kvm_main,irqchip,eventfd}.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <cmocka.h>
#include "fake-sk-cpu.h"
#include "softkvm-test-util.h"
#include "../../softkvm/intc/intc.h"

#define CSR_ID(n)	(0x9030000000010000ULL | ((uint64_t)(n) << 3))
#define HWI0		(1U << 2)
#define IPI_LINE	(1U << 12)
#define PIC_BASE	0x10000000ULL
#define EIO_ENABLE	(SK_EIOINTC_BASE + 0x200)
#define EIO_COREISR	(SK_EIOINTC_BASE + 0x400)

struct ic_env {
	struct env e;
	int ipi, eio, pic;
};

static int create_dev(int vm, uint32_t type, uint32_t flags)
{
	struct kvm_create_device cd = { .type = type, .flags = flags, .fd = ~0U };
	int r = t_err(t_ioctl(vm, KVM_CREATE_DEVICE, &cd));

	return r < 0 ? r : (int)cd.fd;
}

static int setup(void **state)
{
	static struct ic_env ic;
	uint64_t base = PIC_BASE;

	fake_cpu_reset();
	be = softkvm__backend();
	if (be->configure("kernel", "7.2") || t_env_up(&ic.e, true))
		return -1;
	ic.e.sv = fake_cpu.last_vcpu;
	ic.ipi = create_dev(ic.e.vm, KVM_DEV_TYPE_LOONGARCH_IPI, 0);
	ic.eio = create_dev(ic.e.vm, KVM_DEV_TYPE_LOONGARCH_EIOINTC, 0);
	ic.pic = create_dev(ic.e.vm, KVM_DEV_TYPE_LOONGARCH_PCHPIC, 0);
	if (ic.ipi < 0 || ic.eio < 0 || ic.pic < 0)
		return -1;
	/* vCPU 0 answers to CPUID 0, as lkvm sets it. */
	if (t_set_reg(ic.e.vcpu, CSR_ID(0x20), 0))
		return -1;
	if (t_attr(ic.pic, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
		   KVM_DEV_LOONGARCH_PCH_PIC_CTRL_INIT, &base))
		return -1;
	*state = &ic;
	return 0;
}

static int teardown(void **state)
{
	struct ic_env *ic = *state;

	be->munmap(ic->e.run, 32768);
	be->close(ic->ipi);
	be->close(ic->eio);
	be->close(ic->pic);
	be->close(ic->e.vcpu);
	be->close(ic->e.vm);
	be->close(ic->e.sys);
	return be->configure("kernel", "6.12");
}

static uint32_t lines(struct ic_env *ic)
{
	return atomic_load(&ic->e.sv->cpu.irq_lines);
}

/* A guest IOCSR access as vCPU 0; returns the read value. */
static uint64_t iocsr(struct ic_env *ic, uint64_t addr, int len, bool wr, uint64_t val)
{
	uint8_t d[8];

	memcpy(d, &val, 8);
	assert_true(sk_intc_iocsr_access(ic->e.sv, addr, len, wr, d, 0));
	memcpy(&val, d, 8);
	return val;
}

/* A guest MMIO access through the KVM_RUN hook. */
static uint64_t mmio(struct ic_env *ic, uint64_t addr, int len, bool wr, uint64_t val)
{
	struct kvm_run run = { .exit_reason = KVM_EXIT_MMIO };

	run.mmio.phys_addr = addr;
	run.mmio.len = (uint32_t)len;
	run.mmio.is_write = wr;
	memcpy(run.mmio.data, &val, 8);
	assert_true(sk_intc_mmio(ic->e.sv, &run));
	memcpy(&val, run.mmio.data, 8);
	return val;
}

/* Unmask PCH-PIC pin and enable its EIOINTC vector (identity htmsi_vector). */
static void open_pin(struct ic_env *ic, int pin, bool edge)
{
	uint64_t mask = ~(1ULL << pin), e = edge ? 1ULL << pin : 0;

	iocsr(ic, EIO_ENABLE, 8, true, 1ULL << pin);
	mmio(ic, PIC_BASE + 0x60, 8, true, e);
	mmio(ic, PIC_BASE + 0x20, 8, true, mask);
}

static int irq_line(struct ic_env *ic, uint32_t gsi, uint32_t level, int32_t *status)
{
	struct kvm_irq_level l = { .irq = gsi, .level = level };
	int r = t_err(t_ioctl(ic->e.vm, status ? KVM_IRQ_LINE_STATUS : KVM_IRQ_LINE, &l));

	if (status)
		*status = l.status;
	return r;
}

/* kvm_main.c kvm_ioctl_create_device, kvm_device_ioctl; ipi/eiointc/pch_pic create */
static void test_create_device(void **state)
{
	struct ic_env *ic = *state;
	struct kvm_device_attr a = { 0 };

	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_LOONGARCH_IPI,
					.flags = KVM_CREATE_DEVICE_TEST, .fd = 77 };

	/* TEST: 0 and no fd (cd.fd comes back as given) */
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_CREATE_DEVICE, &cd)), 0);
	assert_int_equal(cd.fd, 77);
	/* a second of each: kvm_*_create "has already been created" */
	assert_int_equal(create_dev(ic->e.vm, KVM_DEV_TYPE_LOONGARCH_IPI, 0), -EINVAL);
	assert_int_equal(create_dev(ic->e.vm, KVM_DEV_TYPE_LOONGARCH_EIOINTC, 0), -EINVAL);
	assert_int_equal(create_dev(ic->e.vm, KVM_DEV_TYPE_LOONGARCH_PCHPIC, 0), -EINVAL);
	assert_int_equal(create_dev(ic->e.vm, 11, 0), -ENODEV);
	assert_int_equal(create_dev(ic->e.vm, 0xffff, KVM_CREATE_DEVICE_TEST), -ENODEV);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_CREATE_DEVICE, NULL)), -EFAULT);
	/* no has_attr op: kvm_device_ioctl_attr EPERM; other requests ENOTTY */
	assert_int_equal(t_err(t_ioctl(ic->ipi, KVM_HAS_DEVICE_ATTR, &a)), -EPERM);
	assert_int_equal(t_err(t_ioctl(ic->ipi, KVM_RUN, NULL)), -ENOTTY);
	assert_int_equal(t_err(t_ioctl(ic->ipi, KVM_SET_DEVICE_ATTR, NULL)), -EFAULT);
	assert_int_equal(t_ioctl(ic->e.vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_IRQ_ROUTING),
			 4096);
	assert_int_equal(t_ioctl(ic->e.vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_SIGNAL_MSI), 1);
	assert_int_equal(t_ioctl(ic->e.vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_DEVICE_CTRL), 1);
}

/* 6.12 registers no LoongArch device ops: ENODEV even with TEST; no routing. */
static void test_create_device_6_12(void **state)
{
	int sys, vm;

	(void)state;
	assert_int_equal(be->configure("kernel", "6.12"), 0);
	sys = t_sys();
	vm = t_vm(sys);
	assert_int_equal(create_dev(vm, KVM_DEV_TYPE_LOONGARCH_IPI, 0), -ENODEV);
	assert_int_equal(create_dev(vm, KVM_DEV_TYPE_LOONGARCH_PCHPIC, KVM_CREATE_DEVICE_TEST),
			 -ENODEV);
	assert_int_equal(t_ioctl(vm, KVM_CHECK_EXTENSION, (void *)(long)KVM_CAP_IRQ_ROUTING), 0);
	assert_int_equal(t_err(t_ioctl(vm, KVM_SET_GSI_ROUTING, &(struct kvm_irq_routing){ 0 })),
			 -ENOTTY);
	be->close(vm);
	be->close(sys);
	assert_int_equal(be->configure("kernel", "7.2"), 0);
}

/* ipi.c kvm_ipi_regs_access / kvm_ipi_{get,set}_attr */
static void test_ipi_attrs(void **state)
{
	struct ic_env *ic = *state;
	uint64_t v = 0x1234, big = 0x1122334455667788ULL;
	uint32_t g = KVM_DEV_LOONGARCH_IPI_GRP_REGS;

	assert_int_equal(t_attr(ic->ipi, KVM_SET_DEVICE_ATTR, g, 0x4, &v), 0);	/* EN */
	v = 0;
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g, 0x4, &v), 0);
	assert_int_equal(v, 0x1234);
	/* the mailboxes are 64-bit */
	assert_int_equal(t_attr(ic->ipi, KVM_SET_DEVICE_ATTR, g, 0x28, &big), 0);
	assert_int_equal(iocsr(ic, SK_IPI_BASE + 0x28, 8, false, 0), big);
	assert_int_equal(iocsr(ic, SK_IPI_BASE + 0x2c, 4, false, 0), 0x11223344);
	/* a vCPU id that does not exist, an unknown register, an unknown group */
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g, 1 << 16, &v), -EINVAL);
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g, 0x3ffULL << 16, &v), -EINVAL);
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g, 0x24, &v), -EINVAL);
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g + 1, 0, &v), -EINVAL);
	assert_int_equal(t_attr(ic->ipi, KVM_GET_DEVICE_ATTR, g, 0, NULL), -EFAULT);
	/* attribute writes move no line */
	v = 1;
	assert_int_equal(t_attr(ic->ipi, KVM_SET_DEVICE_ATTR, g, 0, &v), 0);
	assert_int_equal(lines(ic) & IPI_LINE, 0);
}

/* eiointc.c kvm_eiointc_ctrl_access / regs_access / sw_status_access */
static void test_eiointc_attrs(void **state)
{
	struct ic_env *ic = *state;
	uint64_t v = 257;

	assert_int_equal(t_attr(ic->eio, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
				KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU, &v), -EINVAL);
	v = 1;
	assert_int_equal(t_attr(ic->eio, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
				KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU, &v), 0);
	/* COREISR of cpu >= num_cpu */
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS,
				(1 << 16) | 0x400, &v), -EINVAL);
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS,
				0x400, &v), 0);
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS,
				0x100, &v), -EINVAL);
	/* NUM_CPU and FEATURE ignore writes; STATE takes them */
	v = 9;
	assert_int_equal(t_attr(ic->eio, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS,
				KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_NUM_CPU, &v), 0);
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS,
				KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_NUM_CPU, &v), 0);
	assert_int_equal(v & 0xffffffff, 1);
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS,
				7, &v), -EINVAL);
	/* CTRL has no getter; unknown groups */
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
				0, &v), -EINVAL);
	assert_int_equal(t_attr(ic->eio, KVM_SET_DEVICE_ATTR, 0, 0, &v), -EINVAL);
	/* INIT_FEATURE without the virt extension enables at once */
	v = 0;
	assert_int_equal(t_attr(ic->eio, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
				KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE, &v), 0);
	assert_int_equal(t_attr(ic->eio, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS,
				KVM_DEV_LOONGARCH_EXTIOI_SW_STATUS_STATE, &v), 0);
	assert_int_equal(v & 0xffffffff, 2);
}

/* pch_pic.c kvm_pch_pic_create defaults, regs_access, set_attr */
static void test_pch_pic_attrs(void **state)
{
	struct ic_env *ic = *state;
	uint64_t v = 0;

	assert_int_equal(t_attr(ic->pic, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS,
				0x20, &v), 0);
	assert_true(v == ~0ULL);
	v = 0;
	assert_int_equal(t_attr(ic->pic, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS,
				0x205, &v), 0);
	assert_int_equal(v, 5);		/* htmsi_vector[5] = 5, one byte */
	assert_int_equal(t_attr(ic->pic, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS,
				0x24, &v), -EINVAL);
	assert_int_equal(t_attr(ic->pic, KVM_SET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
				1, &v), -EINVAL);
	assert_int_equal(t_attr(ic->pic, KVM_GET_DEVICE_ATTR, KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
				0, &v), -EINVAL);
	/* the ID register: ID 7, version 1, 31 = sources - 1 */
	assert_int_equal(mmio(ic, PIC_BASE + 0x0, 8, false, 0), 0x001f000107000000ULL);
	/* not mapped outside [base, base + 0x3e8) */
	{
		struct kvm_run run = { .exit_reason = KVM_EXIT_MMIO };

		run.mmio.phys_addr = PIC_BASE + 0x3e4;
		run.mmio.len = 8;
		assert_false(sk_intc_mmio(ic->e.sv, &run));
		run.mmio.phys_addr = PIC_BASE - 4;
		run.mmio.len = 4;
		assert_false(sk_intc_mmio(ic->e.sv, &run));
	}
}

/* irqfd.c kvm_set_pic_irq -> pch_pic.c pch_pic_set_irq (level), eiointc_update_irq */
static void test_irq_line_level(void **state)
{
	struct ic_env *ic = *state;
	int32_t st = 7;

	open_pin(ic, 5, false);
	assert_int_equal(irq_line(ic, 5, 1, &st), 0);
	assert_int_equal(st, 0);
	assert_int_equal(lines(ic) & HWI0, HWI0);
	assert_int_equal(mmio(ic, PIC_BASE + 0x380, 8, false, 0), 1ULL << 5);	/* IRR */
	assert_int_equal(mmio(ic, PIC_BASE + 0x3a0, 8, false, 0), 1ULL << 5);	/* ISR */
	assert_int_equal(iocsr(ic, EIO_COREISR, 8, false, 0), 1ULL << 5);
	/* level 0 on a level pin lowers it all the way */
	assert_int_equal(irq_line(ic, 5, 0, NULL), 0);
	assert_int_equal(lines(ic) & HWI0, 0);
	assert_int_equal(iocsr(ic, EIO_COREISR, 8, false, 0), 0);
	/* a masked pin records IRR only */
	assert_int_equal(irq_line(ic, 6, 1, &st), 0);
	assert_int_equal(lines(ic) & HWI0, 0);
	assert_int_equal(mmio(ic, PIC_BASE + 0x380, 8, false, 0), 1ULL << 6);
	/* unmasking a requested pin raises it (loongarch_pch_pic_write MASK) */
	iocsr(ic, EIO_ENABLE, 8, true, (1ULL << 5) | (1ULL << 6));
	mmio(ic, PIC_BASE + 0x20, 8, true, ~((1ULL << 5) | (1ULL << 6)));
	assert_int_equal(lines(ic) & HWI0, HWI0);
	/* no route: kvm_set_irq -1 */
	assert_int_equal(irq_line(ic, 64, 1, &st), 0);
	assert_int_equal(st, -1);
}

/* pch_pic_set_irq: a 0 on an edge pin keeps IRR until CLEAR */
static void test_irq_line_edge(void **state)
{
	struct ic_env *ic = *state;

	open_pin(ic, 9, true);
	assert_int_equal(irq_line(ic, 9, 1, NULL), 0);
	assert_int_equal(irq_line(ic, 9, 0, NULL), 0);
	assert_int_equal(lines(ic) & HWI0, HWI0);
	/* the guest: write-1-to-clear core ISR, then PCH-PIC CLEAR */
	iocsr(ic, EIO_COREISR, 8, true, 1ULL << 9);
	assert_int_equal(lines(ic) & HWI0, 0);
	mmio(ic, PIC_BASE + 0x80, 8, true, 1ULL << 9);
	assert_int_equal(mmio(ic, PIC_BASE + 0x380, 8, false, 0), 0);
	assert_int_equal(mmio(ic, PIC_BASE + 0x3a0, 8, false, 0), 0);
}

/* irqchip.c kvm_send_userspace_msi, pch_pic.c pch_msi_set_irq */
static void test_signal_msi(void **state)
{
	struct ic_env *ic = *state;
	struct kvm_msi msi = { .data = 256 };

	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SIGNAL_MSI, &msi)), -EINVAL);
	msi.data = 40;
	msi.flags = 2;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SIGNAL_MSI, &msi)), -EINVAL);
	msi.flags = 0;
	iocsr(ic, EIO_ENABLE, 8, true, 1ULL << 40);
	/* vectors 32..63 use ipmap byte 1: bit 1 -> HWI1 */
	iocsr(ic, SK_EIOINTC_BASE + 0xc0, 8, true, 0x0200);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SIGNAL_MSI, &msi)), 0);
	assert_int_equal(lines(ic) & (HWI0 << 1), HWI0 << 1);
	assert_int_equal(lines(ic) & HWI0, 0);
}

/* kvm_main.c KVM_SET_GSI_ROUTING, irqchip.c kvm_set_irq_routing, irqfd.c kvm_set_routing_entry */
static void test_gsi_routing(void **state)
{
	struct ic_env *ic = *state;
	struct {
		struct kvm_irq_routing r;
		struct kvm_irq_routing_entry e[2];
	} u;
	int32_t st;

	memset(&u, 0, sizeof(u));
	u.r.nr = 4097;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.r.nr = 0;
	u.r.flags = 1;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.r.flags = 0;
	u.r.nr = 1;
	u.e[0].gsi = 4096;
	u.e[0].type = KVM_IRQ_ROUTING_IRQCHIP;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.e[0].gsi = 3;
	u.e[0].u.irqchip.pin = 64;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.e[0].u.irqchip.pin = 1;
	u.e[0].u.irqchip.irqchip = 1;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.e[0].u.irqchip.irqchip = 0;
	u.e[0].flags = 1;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	u.e[0].flags = 0;
	u.e[0].type = 9;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	/* two routes for one GSI */
	u.r.nr = 2;
	u.e[0].type = KVM_IRQ_ROUTING_IRQCHIP;
	u.e[1] = u.e[0];
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), -EINVAL);
	/* GSI 100 -> MSI vector 12; GSI 3 -> pin 1; old GSI 5 gone */
	u.e[1].gsi = 100;
	u.e[1].type = KVM_IRQ_ROUTING_MSI;
	u.e[1].u.msi.data = 12;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), 0);
	assert_int_equal(irq_line(ic, 5, 1, &st), 0);
	assert_int_equal(st, -1);
	iocsr(ic, EIO_ENABLE, 8, true, 1ULL << 12);
	assert_int_equal(irq_line(ic, 100, 0, &st), 0);
	assert_int_equal(st, -1);		/* kvm_set_msi ignores level 0 */
	assert_int_equal(irq_line(ic, 100, 1, &st), 0);
	assert_int_equal(st, 0);
	assert_int_equal(lines(ic) & HWI0, HWI0);
}

static bool wait_lines(struct ic_env *ic, uint32_t want)
{
	for (int i = 0; i < 2000; i++) {
		if ((lines(ic) & want) == want)
			return true;
		usleep(1000);
	}
	return false;
}

/* eventfd.c kvm_irqfd / irqfd_wakeup -> irqfd.c kvm_arch_set_irq_inatomic */
static void test_irqfd(void **state)
{
	struct ic_env *ic = *state;
	int efd = eventfd(0, EFD_CLOEXEC), efd2 = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd a = { .fd = (uint32_t)efd, .gsi = 11 };
	uint64_t one = 1;

	assert_true(efd >= 0 && efd2 >= 0);
	open_pin(ic, 11, true);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), 0);
	/* one irqfd per eventfd */
	a.gsi = 12;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), -EBUSY);
	a.gsi = 11;
	assert_int_equal(write(efd, &one, 8), 8);
	assert_true(wait_lines(ic, HWI0));
	assert_int_equal(mmio(ic, PIC_BASE + 0x380, 8, false, 0), 1ULL << 11);
	/* deassign: nothing more arrives */
	iocsr(ic, EIO_COREISR, 8, true, 1ULL << 11);
	mmio(ic, PIC_BASE + 0x80, 8, true, 1ULL << 11);
	assert_int_equal(lines(ic) & HWI0, 0);
	a.flags = KVM_IRQFD_FLAG_DEASSIGN;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), 0);
	assert_int_equal(write(efd, &one, 8), 8);
	usleep(20000);
	assert_int_equal(lines(ic) & HWI0, 0);
	/* bad flags, bad fds */
	a.flags = 1U << 5;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), -EINVAL);
	a.flags = 0;
	a.fd = 9999;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), -EBADF);
	/* a second eventfd on an MSI route */
	{
		struct {
			struct kvm_irq_routing r;
			struct kvm_irq_routing_entry e[1];
		} u = { .r.nr = 1, .e[0] = { .gsi = 20, .type = KVM_IRQ_ROUTING_MSI,
					     .u.msi.data = 70 } };

		assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SET_GSI_ROUTING, &u)), 0);
	}
	iocsr(ic, EIO_ENABLE + 8, 8, true, 1ULL << 6);
	a.fd = (uint32_t)efd2;
	a.gsi = 20;
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), 0);
	assert_int_equal(write(efd2, &one, 8), 8);
	assert_true(wait_lines(ic, HWI0));
	assert_int_equal(iocsr(ic, EIO_COREISR + 8, 8, false, 0), 1ULL << 6);
	close(efd);
	close(efd2);
}

/*
 * irqfd.c kvm_arch_set_irq_inatomic (irqfd_wakeup's path for a routed GSI):
 * level 1 only, so a level-triggered pin stays requested after the signal;
 * only an IRQ_LINE 0 takes it down.
 */
static void test_irqfd_level_pin_stays_asserted(void **state)
{
	struct ic_env *ic = *state;
	int efd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd a = { .fd = (uint32_t)efd, .gsi = 13 };
	uint64_t one = 1;

	open_pin(ic, 13, false);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), 0);
	assert_int_equal(write(efd, &one, 8), 8);
	assert_true(wait_lines(ic, HWI0));
	usleep(20000);
	assert_int_equal(mmio(ic, PIC_BASE + 0x380, 8, false, 0), 1ULL << 13);
	assert_int_equal(lines(ic) & HWI0, HWI0);
	assert_int_equal(irq_line(ic, 13, 0, NULL), 0);
	assert_int_equal(lines(ic) & HWI0, 0);
	close(efd);
}

/* irqfd before all three exist: kvm_irqfd_assign EAGAIN (kvm_arch_intc_initialized) */
static void test_irqfd_needs_all(void **state)
{
	int sys, vm, pic, ipi, efd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd a = { .fd = (uint32_t)efd, .gsi = 1 };
	struct kvm_irq_level l = { .irq = 1, .level = 1 };

	(void)state;
	assert_int_equal(be->configure("kernel", "7.2"), 0);
	sys = t_sys();
	vm = t_vm(sys);
	pic = create_dev(vm, KVM_DEV_TYPE_LOONGARCH_PCHPIC, 0);
	ipi = create_dev(vm, KVM_DEV_TYPE_LOONGARCH_IPI, 0);

	assert_true(pic >= 0 && ipi >= 0);
	assert_int_equal(t_err(t_ioctl(vm, KVM_IRQFD, &a)), -EAGAIN);
	assert_int_equal(t_err(t_ioctl(vm, KVM_IRQ_LINE, &l)), -ENXIO);
	assert_int_equal(t_err(t_ioctl(vm, KVM_SIGNAL_MSI, &(struct kvm_msi){ 0 })), -EINVAL);
	be->close(pic);
	be->close(ipi);
	be->close(vm);
	be->close(sys);
	close(efd);
	assert_int_equal(be->configure("kernel", "6.12"), 0);
}

/* ipi.c: SEND raises INT 12 on the target, CLEAR lowers it at 0; in KVM_RUN, no exit */
static void test_ipi_in_place(void **state)
{
	struct ic_env *ic = *state;
	uint64_t send = 3;		/* vector 3 to CPUID 0 */

	fake_cpu_reset();
	memcpy(ic->e.run->iocsr_io.data, &send, 8);
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .is_write = true, .addr = 0x1040 });
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .addr = 0x1000 });
	/* not a device's: out to userspace */
	fake_cpu_push((struct fake_step){ .stop = SK_STOP_EXIT,
		.exit_reason = KVM_EXIT_LOONGARCH_IOCSR, .addr = 0x8 });
	assert_int_equal(t_ioctl(ic->e.vcpu, KVM_RUN, NULL), 0);
	assert_int_equal(ic->e.run->exit_reason, KVM_EXIT_LOONGARCH_IOCSR);
	assert_int_equal(ic->e.run->iocsr_io.phys_addr, 0x8);
	assert_int_equal(fake_cpu.completes, 1);	/* the STATUS read, in place */
	assert_int_equal(fake_cpu.last_completed_data, 1U << 3);
	assert_int_equal(lines(ic) & IPI_LINE, IPI_LINE);
	iocsr(ic, 0x100c, 4, true, 1U << 3);
	assert_int_equal(lines(ic) & IPI_LINE, 0);
	/* exit accounting: 3 served in-kernel (2 in KVM_RUN, 1 here), 1 real exit */
	assert_int_equal(atomic_load(&ic->e.sv->vm->exits[SK_EXITS_KIPI]), 3);
	assert_int_equal(atomic_load(&ic->e.sv->vm->exits[SK_EXITS_IOCSR]), 1);
}

/* The exit-stats line (LKVM_SOFTKVM_EXIT_STATS) reports in-kernel service and irqfds. */
static void test_exit_stats_line(void **state)
{
	struct ic_env *ic = *state;
	FILE *f = tmpfile();
	char line[512] = "";
	int saved = dup(2), efd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd a = { .fd = (uint32_t)efd, .gsi = 2 };
	uint64_t one = 1;

	assert_non_null(f);
	open_pin(ic, 2, true);
	iocsr(ic, 0x1000, 4, false, 0);
	iocsr(ic, EIO_COREISR, 8, false, 0);
	mmio(ic, PIC_BASE + 0x380, 8, false, 0);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_IRQFD, &a)), 0);
	assert_int_equal(write(efd, &one, 8), 8);
	assert_true(wait_lines(ic, HWI0));
	assert_int_equal(be->configure("exit-stats", "1"), 0);
	fflush(stderr);
	dup2(fileno(f), 2);
	teardown(state);	/* the last reference: the VM dies and prints */
	dup2(saved, 2);
	close(saved);
	close(efd);
	assert_int_equal(be->configure("exit-stats", "0"), 0);
	rewind(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	/* open_pin: 1 EIOINTC + 2 PCH-PIC; then 1 of each read */
	assert_non_null(strstr(line, "served in-kernel: ipi 1, eiointc 2, pch-pic 3; "
				     "irqfd injections: 1"));
	*state = NULL;
}

/* ipi.c mail_send / any_send: byte masks (bits 27-30) keep old bytes */
static void test_ipi_mail(void **state)
{
	struct ic_env *ic = *state;

	iocsr(ic, 0x1020, 8, true, 0xaabbccdd11223344ULL);
	/* MAIL_SEND to CPUID 0, mailbox 1 (0x24), keep byte 0 */
	iocsr(ic, 0x1048, 8, true, (0x55667788ULL << 32) | (1U << 27) | (1U << 2));
	assert_int_equal(iocsr(ic, 0x1024, 4, false, 0), 0x556677dd);
	/* ANY_SEND a 32-bit write of 0x0f0f to IPI EN (0x1004) of CPUID 0 */
	iocsr(ic, 0x1158, 8, true, (0x0f0fULL << 32) | 0x1004);
	assert_int_equal(iocsr(ic, 0x1004, 4, false, 0), 0x0f0f);
}

/* A hostile guest: cpus that do not exist, bad lengths, recursion, bad vectors. */
static void test_hostile(void **state)
{
	struct ic_env *ic = *state;
	uint8_t d[8] = { 0 };

	/* SEND / MAIL_SEND / ANY_SEND to CPUID 1023: dropped (ipi_send "invalid target") */
	iocsr(ic, 0x1040, 8, true, 0x3ffULL << 16);
	iocsr(ic, 0x1048, 8, true, 0x3ffULL << 16);
	iocsr(ic, 0x1158, 8, true, 0x3ffULL << 16);
	assert_int_equal(lines(ic) & IPI_LINE, 0);
	/* ANY_SEND aimed at ANY_SEND: bounded */
	iocsr(ic, 0x1158, 8, true, (0x1158ULL << 32) | 0x1158);
	/* a mailbox read running past the buffer reads 0 */
	iocsr(ic, 0x1038, 8, true, ~0ULL);
	assert_int_equal(iocsr(ic, 0x103c, 8, false, 0), 0);
	/* past the IPI window is nobody's */
	assert_false(sk_intc_iocsr_access(ic->e.sv, SK_IPI_BASE + SK_IPI_SIZE - 4, 8, false, d, 0));
	/* EIOINTC misaligned: ignored */
	assert_int_equal(iocsr(ic, EIO_ENABLE + 2, 4, false, 0), 0);
	/* an encoded ipmap byte 255 must not run off the line table */
	iocsr(ic, SK_EIOINTC_VIRT_BASE + 4, 4, true, 0);
	iocsr(ic, SK_EIOINTC_BASE + 0xc0, 8, true, ~0ULL);
	iocsr(ic, EIO_ENABLE, 8, true, ~0ULL);
	assert_int_equal(t_err(t_ioctl(ic->e.vm, KVM_SIGNAL_MSI, &(struct kvm_msi){ .data = 1 })),
			 0);
	/* PCH-PIC: a read of an odd offset, writes to every register */
	for (uint64_t off = 0; off < SK_PCH_PIC_SIZE; off += 8)
		mmio(ic, PIC_BASE + off, 8, true, ~0ULL);
	for (uint32_t g = 0; g < 80; g++)
		irq_line(ic, g, g & 1, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_device, setup, teardown),
		cmocka_unit_test(test_create_device_6_12),
		cmocka_unit_test_setup_teardown(test_ipi_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eiointc_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pch_pic_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_line_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_line_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_msi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gsi_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irqfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irqfd_level_pin_stays_asserted, setup, teardown),
		cmocka_unit_test(test_irqfd_needs_all),
		cmocka_unit_test_setup_teardown(test_ipi_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipi_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup(test_exit_stats_line, setup),
	};

	be = softkvm__backend();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
