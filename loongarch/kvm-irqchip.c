/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --irqchip kernel: the IPI, EIOINTC and PCH-PIC the kernel emulates
 * (KVM_CREATE_DEVICE, Linux 6.13+). Guest accesses to them never reach
 * lkvm; device lines travel as KVM_IRQ_LINE (GSI n = PCH-PIC pin n, the
 * routing 7.2 sets up when the PCH-PIC is created), as irqfds, and
 * PCH-MSI doorbell writes as KVM_SIGNAL_MSI.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "lkvm/kvm.h"
#include "lkvm/uapi-compat.h"
#include "arch/irqchip.h"

static const struct {
	u32 type;
	const char *name;
} kdevs[LA_KIRQ_DEVS] = {
	{ KVM_DEV_TYPE_LOONGARCH_IPI, "IPI" },
	{ KVM_DEV_TYPE_LOONGARCH_EIOINTC, "EIOINTC" },
	{ KVM_DEV_TYPE_LOONGARCH_PCHPIC, "PCH-PIC" },
};

const char *la_kirq__missing(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < LA_KIRQ_DEVS; i++) {
		struct kvm_create_device cd = {
			.type = kdevs[i].type, .flags = KVM_CREATE_DEVICE_TEST,
		};

		if (kvm__ioctl(kvm, kvm->vm_fd, KVM_CREATE_DEVICE, &cd) < 0)
			return kdevs[i].name;
	}
	return NULL;
}

static int kdev_attr(struct la_irqchip *chip, unsigned int dev, u32 group, u64 attr,
		     void *val, const char *what)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (u64)(unsigned long)val,
	};

	if (kvm__ioctl(chip->kvm, chip->kdev_fd[dev], KVM_SET_DEVICE_ATTR, &a) < 0) {
		int e = errno;

		pr_err("in-kernel %s: setting %s failed: %s", kdevs[dev].name, what, strerror(e));
		return -e;
	}
	return 0;
}

int la_kirq__create(struct la_irqchip *chip)
{
	struct kvm *kvm = chip->kvm;
	u64 base = LA_PCH_PIC_BASE;
	unsigned int i;

	for (i = 0; i < LA_KIRQ_DEVS; i++)
		chip->kdev_fd[i] = -1;
	for (i = 0; i < LA_KIRQ_DEVS; i++) {
		struct kvm_create_device cd = { .type = kdevs[i].type };

		if (kvm__ioctl(kvm, kvm->vm_fd, KVM_CREATE_DEVICE, &cd) < 0) {
			int e = errno;

			pr_err("cannot create the in-kernel %s: %s (try --irqchip user)",
			       kdevs[i].name, strerror(e));
			la_kirq__destroy(chip);
			return -e;
		}
		chip->kdev_fd[i] = (int)cd.fd;
	}
	chip->in_kernel = true;
	return kdev_attr(chip, LA_KIRQ_PCH_PIC, KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
			 KVM_DEV_LOONGARCH_PCH_PIC_CTRL_INIT, &base, "the PCH-PIC base");
}

/* Needs the CPU model (built with the first vCPU) for the EIOINTC features. */
int la_kirq__configure(struct la_irqchip *chip, u32 nr_cpus, u32 features)
{
	int r = kdev_attr(chip, LA_KIRQ_EIOINTC, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
			  KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU, &nr_cpus,
			  "the number of vCPUs");

	if (!r)
		r = kdev_attr(chip, LA_KIRQ_EIOINTC, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
			      KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE, &features,
			      "the features");
	return r;
}

void la_kirq__destroy(struct la_irqchip *chip)
{
	unsigned int i;

	for (i = 0; i < LA_KIRQ_DEVS; i++)
		if (chip->kdev_fd[i] >= 0)
			chip->kvm->be->close(chip->kdev_fd[i]);
}

/* A failure here is lkvm's or the kernel's fault, never the guest's: say it once. */
static void kirq_failed(struct la_irqchip *chip, const char *what)
{
	if (!chip->warned_inject) {
		chip->warned_inject = true;
		pr_warn("%s failed: %s", what, strerror(errno));
	}
}

void la_kirq__line(struct la_irqchip *chip, unsigned int pin, bool level)
{
	struct kvm_irq_level l = { .irq = pin, .level = level };

	if (kvm__ioctl(chip->kvm, chip->kvm->vm_fd, KVM_IRQ_LINE, &l) < 0)
		kirq_failed(chip, "KVM_IRQ_LINE");
}

void la_kirq__msi(struct la_irqchip *chip, u32 vector)
{
	struct kvm_msi m = {
		.address_lo = (u32)LA_PCH_MSI_BASE, .address_hi = (u32)(LA_PCH_MSI_BASE >> 32),
		.data = vector,
	};

	if (kvm__ioctl(chip->kvm, chip->kvm->vm_fd, KVM_SIGNAL_MSI, &m) < 0)
		kirq_failed(chip, "KVM_SIGNAL_MSI");
}

int la_kirq__irqfd(struct la_irqchip *chip, unsigned int pin)
{
	struct kvm_irqfd f = { .gsi = pin };
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), e;

	if (fd < 0)
		return -errno;
	f.fd = (u32)fd;
	if (kvm__ioctl(chip->kvm, chip->kvm->vm_fd, KVM_IRQFD, &f) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}
