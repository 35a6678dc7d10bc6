/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest CPU model: built once per VM, with the first vCPU's fd (the
 * kernel's CPUCFG masks are vCPU attributes), from the CPU under the
 * backend, the masks, the VM features and --cpu-features; then the PV word.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"

int la_cpu_model__build(struct kvm *kvm, int vcpu_fd)
{
	struct la_feature_sel sel = {
		.on = kvm->arch.feat_on,
		.off = kvm->arch.feat_off,
	};
	u32 base[LA_CPUCFG_WORDS], masks[LA_CPUCFG_WORDS];
	char err[256];
	bool known;
	int r;

	r = la_cpucfg__read_host(kvm, base);
	if (r)
		return r;
	r = la_cpucfg__read_masks(kvm, vcpu_fd, masks, &known);
	if (r)
		return r;
	la_features__unchecked(kvm->arch.vm_features, known, err, sizeof(err));
	if (err[0])
		pr_info("%s", err);
	r = la_cpu_model__compute(base, masks, kvm->arch.vm_features, &sel,
				  &kvm->arch.model, err, sizeof(err));
	if (r) {
		pr_err("%s", err);
		return r;
	}
	return 0;
}

/* The PV feature word is per VM: the kernel keeps the first value set. */
static int set_pv_word(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 word = kvm->arch.model.pv_features;
	struct kvm_device_attr da = {
		.group = KVM_LOONGARCH_VCPU_CPUCFG,
		.attr = CPUCFG_KVM_FEATURE,
		.addr = (u64)(unsigned long)&word,
	};
	int e;

	if (!la_features__pv_settable(kvm->arch.vm_features))
		return 0;
	if (kvm_cpu__ioctl(vcpu, KVM_SET_DEVICE_ATTR, &da) == 0)
		return 0;
	e = errno;
	if (e == EINVAL && (word & BIT(KVM_FEATURE_USER_HCALL))) {
		pr_err("feature 'user-hcall' needs a Linux 6.14+ host kernel; this host's kernel rejected it");
		return -ENODEV;
	}
	if (e == EINVAL && (word & BIT(KVM_FEATURE_PREEMPT))) {
		pr_err("feature 'pv-preempt' needs a Linux 7.0+ host kernel; this host's kernel rejected it");
		return -ENODEV;
	}
	pr_err("KVM_SET_DEVICE_ATTR(CPUCFG_KVM_FEATURE = 0x%" PRIx64 ") failed: %s",
	       word, strerror(e));
	return -e;
}

/* Build the CPU model and PV word once, with the first vCPU's fd. */
int la_cpu_model__ensure(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	int r = 0;

	pthread_mutex_lock(&kvm->arch.cpu_lock);
	if (!kvm->arch.model_ready) {
		r = la_cpu_model__build(kvm, vcpu->fd);
		if (!r)
			r = set_pv_word(vcpu);
		if (!r)
			kvm->arch.model_ready = true;
	}
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
	return r;
}
