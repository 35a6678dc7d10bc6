/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The board's first steps, one job each: vCPU start-up locks, the CPU
 * features (--cpu-features against what the kernel offers), the IOCSR misc
 * registers and the interrupt controllers. The CPU model itself needs a
 * vCPU fd (for the CPUCFG masks), so loongarch/cpu.c builds it with the
 * first vCPU.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "arch/board.h"
#include "arch/features.h"
#include "arch/iocsr-misc.h"
#include "arch/irqchip.h"

int la_board__iocsr_init(struct kvm *kvm)
{
	io_space__init(&kvm->arch.iocsr, "iocsr");
	pthread_mutex_init(&kvm->arch.iocsr_warn_lock, NULL);
	kvm->arch.iocsr_nr_warned = 0;
	return 0;
}

void la_board__iocsr_exit(struct kvm *kvm)
{
	io_space__exit(&kvm->arch.iocsr);
	pthread_mutex_destroy(&kvm->arch.iocsr_warn_lock);
}

int la_board__sync_init(struct kvm *kvm)
{
	pthread_condattr_t attr;
	int r;

	kvm->arch.model_ready = false;
	r = pthread_mutex_init(&kvm->arch.cpu_lock, NULL);
	if (!r) {
		/* Parked vCPUs poll with a timeout: keep it immune to clock changes. */
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		r = pthread_cond_init(&kvm->arch.cpu_cond, &attr);
		pthread_condattr_destroy(&attr);
		if (r)
			pthread_mutex_destroy(&kvm->arch.cpu_lock);
	}
	if (r) {
		pr_err("cannot initialise vCPU start-up locks: %s", strerror(r));
		return -r;
	}
	kvm->arch.cpu_sync_ready = true;
	return 0;
}

void la_board__sync_exit(struct kvm *kvm)
{
	if (kvm->arch.cpu_sync_ready) {
		pthread_cond_destroy(&kvm->arch.cpu_cond);
		pthread_mutex_destroy(&kvm->arch.cpu_lock);
		kvm->arch.cpu_sync_ready = false;
	}
}

/* --cpu-features, checked against the kernel's VM features. */
int la_board__features(struct kvm *kvm)
{
	struct la_feature_sel sel;
	char err[512];
	int r;

	r = la_features__parse(kvm->cfg.cpu_features, &sel, err, sizeof(err));
	if (r) {
		pr_err("%s", err);
		return r;
	}
	kvm->arch.feat_on = sel.on;
	kvm->arch.feat_off = sel.off;

	r = la_features__probe_vm(kvm, &kvm->arch.vm_features);
	if (r)
		return r;
	r = la_features__check(&sel, kvm->arch.vm_features, err, sizeof(err));
	if (r) {
		/* Under softkvm the "host" is softkvm's own CPU model. */
		if (r == -ENODEV && kvm->cfg.accel == ACCEL_SOFT)
			pr_err("%s (softkvm does not implement it; a Loongson host with "
			       "KVM may)", err);
		else
			pr_err("%s", err);
	}
	return r;
}

int la_board__iocsr_misc(struct kvm *kvm)
{
	int r = la_iocsr_misc__init(kvm);

	if (r)
		pr_err("cannot register the IOCSR misc registers: %s", strerror(-r));
	return r;
}

/* --irqchip: the kernel's controllers where asked for or, for auto, all there. */
static int irqchip_mode(struct kvm *kvm, bool *in_kernel)
{
	const char *missing;

	*in_kernel = false;
	if (kvm->cfg.irqchip == IRQCHIP_USER) {
		pr_debug("interrupt controllers: lkvm's");
		return 0;
	}
	missing = la_kirq__missing(kvm);
	if (!missing) {
		*in_kernel = true;
	} else if (kvm->cfg.irqchip == IRQCHIP_KERNEL) {
		const char *sk = kvm->cfg.softkvm_kernel;

		if (kvm->cfg.accel == ACCEL_SOFT && (!sk || strcmp(sk, "7.2")))
			pr_err("--irqchip kernel: softkvm answers as Linux %s, which has no in-kernel "
			       "LoongArch %s: add --softkvm-kernel 7.2, or use --irqchip user or auto",
			       sk ? sk : "6.12", missing);
		else
			pr_err("--irqchip kernel: this KVM has no in-kernel LoongArch %s (Linux 6.13 "
			       "and later have): use --irqchip user or auto", missing);
		return -ENODEV;
	}
	pr_debug("interrupt controllers: %s", *in_kernel ? "in-kernel" : "lkvm's");
	/* What auto became, for the equivalent command line. */
	kvm->cfg.irqchip = *in_kernel ? IRQCHIP_KERNEL : IRQCHIP_USER;
	return 0;
}

int la_board__irqchips(struct kvm *kvm)
{
	bool in_kernel;
	int r = irqchip_mode(kvm, &in_kernel);

	if (!r)
		r = la_irqchip__init(kvm, la_cpu__release, in_kernel);
	if (r == -ENOMEM)
		pr_err("out of memory creating the interrupt controllers");
	return r;
}

void la_board__irqchips_exit(struct kvm *kvm)
{
	la_irqchip__exit(kvm);
}

int kvm__arch_init(struct kvm *kvm)
{
	int r = la_board__sync_init(kvm);

	if (!r)
		r = la_board__features(kvm);
	if (!r)
		r = la_board__iocsr_misc(kvm);
	if (!r)
		r = la_board__irqchips(kvm);
	return r;
}

void kvm__arch_exit(struct kvm *kvm)
{
	la_board__irqchips_exit(kvm);
	la_board__sync_exit(kvm);
}
