/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interrupt-line API devices use (include/lkvm/irq.h), set-up of the
 * interrupt controllers and what they share: CPU line injection with
 * KVM_INTERRUPT and splitting accesses into 32-bit register accesses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/irq.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/irqchip.h"

/* PCH-PIC pins fixed by the board (UART0-3, RTC, GED) or PCIe INTx. */
#define LA_PINS_RESERVED	(0xfcULL | (0xfULL << 16))

void la_irqchip__inject(struct la_irqchip *chip, unsigned int cpu, int irq)
{
	struct kvm *kvm = chip->kvm;
	struct kvm_interrupt intr = { .irq = (u32)irq };

	/* Lines of a vCPU not created yet are picked up from its state later. */
	if (!kvm->cpus || cpu >= kvm->nr_cpus || !kvm->cpus[cpu])
		return;
	if (kvm_cpu__ioctl(kvm->cpus[cpu], KVM_INTERRUPT, &intr) < 0 && !chip->warned_inject) {
		chip->warned_inject = true;
		pr_warn("KVM_INTERRUPT(%d) on vCPU %u failed: %s", irq, cpu, strerror(errno));
	}
}

unsigned int la_irqchip__cpu_of(struct la_irqchip *chip, struct kvm_cpu *vcpu)
{
	return vcpu && vcpu->id < chip->nr_cpus ? vcpu->id : 0;
}

void la_irqchip__words(struct la_irqchip *chip, unsigned int cpu, u64 off, u8 *data,
		       u32 len, bool is_write, la_read32_fn rd, la_write32_fn wr)
{
	u64 w, first = ALIGN_DOWN(off, 4), last = ALIGN_DOWN(off + len - 1, 4);

	for (w = first; w <= last; w += 4) {
		u32 val = is_write ? 0 : rd(chip, cpu, w), mask = 0;
		unsigned int i;

		for (i = 0; i < 4; i++) {
			u64 a = w + i;

			if (a < off || a >= off + len)
				continue;
			if (is_write) {
				val |= (u32)data[a - off] << (8 * i);
				mask |= 1u << i;
			} else {
				data[a - off] = (u8)(val >> (8 * i));
			}
		}
		if (is_write)
			wr(chip, cpu, w, val, mask);
	}
}

static struct la_irqchip *chip_of(struct kvm *kvm)
{
	return kvm ? kvm->arch.irqchip : NULL;
}

void irq__line_set(struct kvm *kvm, unsigned int pin, bool level)
{
	struct la_irqchip *chip = chip_of(kvm);

	if (!chip || pin >= LA_PCH_PIC_PINS)
		return;
	if (chip->in_kernel) {
		la_kirq__line(chip, pin, level);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	la_pch_pic__set_line(chip, pin, level);
	pthread_mutex_unlock(&chip->lock);
}

void irq__line_raise(struct kvm *kvm, unsigned int pin)
{
	irq__line_set(kvm, pin, true);
}

void irq__line_lower(struct kvm *kvm, unsigned int pin)
{
	irq__line_set(kvm, pin, false);
}

/* Both halves under one lock hold, so no other change lands in between. */
void irq__line_pulse(struct kvm *kvm, unsigned int pin)
{
	struct la_irqchip *chip = chip_of(kvm);

	if (!chip || pin >= LA_PCH_PIC_PINS)
		return;
	if (chip->in_kernel) {
		la_kirq__line(chip, pin, true);
		la_kirq__line(chip, pin, false);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	la_pch_pic__set_line(chip, pin, true);
	la_pch_pic__set_line(chip, pin, false);
	pthread_mutex_unlock(&chip->lock);
}

int irq__edge_fd(struct kvm *kvm, unsigned int pin)
{
	struct la_irqchip *chip = chip_of(kvm);

	if (!chip || !chip->in_kernel)
		return -EOPNOTSUPP;
	if (pin >= LA_PCH_PIC_PINS)
		return -EINVAL;
	return la_kirq__irqfd(chip, pin);
}

void irq__msi(struct kvm *kvm, u32 vector)
{
	struct la_irqchip *chip = chip_of(kvm);

	if (!chip || vector < LA_PCH_MSI_BASE_VEC || vector >= LA_EXTIOI_VECTORS)
		return;
	if (chip->in_kernel) {
		la_kirq__msi(chip, vector);
		return;
	}
	pthread_mutex_lock(&chip->lock);
	la_extioi__msi(chip, vector);
	pthread_mutex_unlock(&chip->lock);
}

int irq__alloc_pin(struct kvm *kvm)
{
	struct la_irqchip *chip = chip_of(kvm);
	unsigned int p;
	int r = -ENOSPC;

	if (!chip)
		return -ENODEV;
	pthread_mutex_lock(&chip->lock);
	for (p = LA_IRQ_VIRTIO_FIRST; p < LA_PCH_PIC_PINS; p++) {
		if ((LA_PINS_RESERVED | chip->pins_used) & (1ULL << p))
			continue;
		chip->pins_used |= 1u << p;
		r = (int)p;
		break;
	}
	pthread_mutex_unlock(&chip->lock);
	return r;
}

static void irqchip_free(struct la_irqchip *chip)
{
	if (chip->in_kernel)
		la_kirq__destroy(chip);
	pthread_mutex_destroy(&chip->lock);
	free(chip->ipi);
	free(chip->ext);
	free(chip);
}

int la_irqchip__init(struct kvm *kvm, la_boot_cpu_fn boot, bool in_kernel)
{
	static const struct {
		bool mmio;
		u64 base, size;
		io_handler_fn fn;
		const char *name;
	} regs[] = {
		{ false, LA_IOCSR_IPI_BASE, LA_IOCSR_IPI_SIZE, la_ipi__access, "ipi" },
		{ false, LA_IOCSR_EXTIOI_BASE, LA_IOCSR_EXTIOI_SIZE, la_extioi__access, "extioi" },
		{ false, LA_IOCSR_EXTIOI_VIRT, LA_IOCSR_EXTIOI_VIRT_SIZE, la_extioi__virt_access,
		  "extioi-virt" },
		{ true, LA_PCH_PIC_BASE, LA_PCH_PIC_SIZE, la_pch_pic__access, "pch-pic" },
		{ true, LA_PCH_MSI_BASE, LA_PCH_MSI_SIZE, la_pch_msi__access, "pch-msi" },
	};
	struct la_irqchip *chip;
	unsigned int n = kvm->cfg.nr_cpus > kvm->nr_cpus ? kvm->cfg.nr_cpus : kvm->nr_cpus;
	size_t i;
	int r;

	if (!n)
		n = 1;
	if (n > LA_MAX_VCPUS)
		n = LA_MAX_VCPUS;
	chip = calloc(1, sizeof(*chip));
	if (!chip)
		return -ENOMEM;
	chip->ipi = calloc(n, sizeof(*chip->ipi));
	chip->ext = calloc(n, sizeof(*chip->ext));
	r = pthread_mutex_init(&chip->lock, NULL);
	if (!chip->ipi || !chip->ext || r) {
		if (!r)
			pthread_mutex_destroy(&chip->lock);
		free(chip->ipi);
		free(chip->ext);
		free(chip);
		return r ? -r : -ENOMEM;
	}
	chip->kvm = kvm;
	chip->boot_cpu = boot;
	chip->nr_cpus = n;
	la_ipi__reset(chip);
	la_extioi__reset(chip);
	la_pch_pic__reset(chip);
	if (in_kernel) {
		r = la_kirq__create(chip);
		if (r) {
			irqchip_free(chip);
			return r;
		}
	}

	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		/* The kernel serves all but the PCH-MSI doorbell. */
		if (in_kernel && regs[i].fn != la_pch_msi__access)
			continue;
		r = io_space__register(regs[i].mmio ? &kvm->mmio : &kvm->arch.iocsr, regs[i].base,
				       regs[i].size, regs[i].fn, chip, regs[i].name);
		if (r) {
			pr_err("cannot register the %s interrupt controller at 0x%llx: %s",
			       regs[i].name, (unsigned long long)regs[i].base, strerror(-r));
			irqchip_free(chip);
			return r;
		}
	}
	kvm->arch.irqchip = chip;
	return 0;
}

void la_irqchip__exit(struct kvm *kvm)
{
	if (!kvm->arch.irqchip)
		return;
	irqchip_free(kvm->arch.irqchip);
	kvm->arch.irqchip = NULL;
}
