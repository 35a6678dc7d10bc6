/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUCFG words for the guest: where they start from (the host CPU on real
 * KVM, an la464-like model on softkvm), the kernel's masks and its rules.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"

/*
 * QEMU's la464 values (FACTS §1.8) with LSX, LASX, LBT and the PMU left
 * out: PRID 0x14c010; LA64, paging, IOCSR, 48-bit PA/VA, UAL, RI, EP, RPLV,
 * HP, CRC; FP (single, double, version 1), constant timer (rev 1), LSPW,
 * LAM; a 100 MHz constant counter (mul 1, div 1); 3A5000 cache geometry.
 */
static const u32 la464_cpucfg[LA_CPUCFG_WORDS] = {
	[0] = 0x0014c010,
	[1] = 0x03f2f2fe,
	[2] = 0x0060c00f,
	[4] = 100000000,
	[5] = 0x00010001,
	[16] = 0x00002c3d,
	[17] = 0x06080003,
	[18] = 0x06080003,
	[19] = 0x0608000f,
	[20] = 0x060e000f,
};

void la_cpucfg__la464(u32 out[LA_CPUCFG_WORDS])
{
	memcpy(out, la464_cpucfg, sizeof(la464_cpucfg));
}

#if defined(__loongarch__)
int la_cpucfg__read_host(u32 out[LA_CPUCFG_WORDS])
{
	unsigned int i;

	for (i = 0; i < LA_CPUCFG_WORDS; i++) {
		u32 v;

		/* cpucfg is allowed at PLV3. */
		__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(i));
		out[i] = v;
	}
	return 0;
}
#else
int la_cpucfg__read_host(u32 out[LA_CPUCFG_WORDS])
{
	memset(out, 0, sizeof(u32) * LA_CPUCFG_WORDS);
	return -ENOSYS;
}
#endif

int la_cpucfg__read_masks(struct kvm *kvm, int vcpu_fd, u32 masks[LA_CPUCFG_WORDS])
{
	unsigned int n;

	for (n = 0; n < LA_CPUCFG_WORDS; n++) {
		u64 mask = 0;
		struct kvm_device_attr da = {
			.group = KVM_LOONGARCH_VCPU_CPUCFG,
			.attr = n,
			.addr = (u64)(unsigned long)&mask,
		};

		if (kvm__ioctl(kvm, vcpu_fd, KVM_GET_DEVICE_ATTR, &da) < 0) {
			int e = errno;

			pr_err("KVM_GET_DEVICE_ATTR(VCPU_CPUCFG, %u) (the kernel's CPUCFG%u mask) failed: %s; lkvm needs a Linux 6.10+ host kernel",
			       n, n, strerror(e));
			return -e;
		}
		masks[n] = (u32)mask;
	}
	return 0;
}

void la_cpucfg__fixup(u32 cfg[LA_CPUCFG_WORDS])
{
	u32 c2 = cfg[2];

	/* FP needs both precisions; LSX needs FP; LASX needs LSX. */
	if ((c2 & LA_CPUCFG2_FP) &&
	    (c2 & (LA_CPUCFG2_FPSP | LA_CPUCFG2_FPDP)) != (LA_CPUCFG2_FPSP | LA_CPUCFG2_FPDP))
		c2 &= ~(u32)LA_CPUCFG2_FP;
	if (!(c2 & LA_CPUCFG2_FP))
		c2 &= ~(u32)LA_CPUCFG2_LSX;
	if (!(c2 & LA_CPUCFG2_LSX))
		c2 &= ~(u32)LA_CPUCFG2_LASX;
	cfg[2] = c2;
}

int la_cpu_model__build(struct kvm *kvm, int vcpu_fd)
{
	struct la_feature_sel sel = {
		.on = kvm->arch.feat_on,
		.off = kvm->arch.feat_off,
	};
	u32 base[LA_CPUCFG_WORDS], masks[LA_CPUCFG_WORDS];
	char err[256];
	int r;

	if (kvm->be == &kvm_backend_host) {
		r = la_cpucfg__read_host(base);
		if (r) {
			pr_err("real KVM needs lkvm running on a LoongArch host; use --accel soft here");
			return r;
		}
	} else {
		la_cpucfg__la464(base);
	}
	r = la_cpucfg__read_masks(kvm, vcpu_fd, masks);
	if (r)
		return r;
	r = la_cpu_model__compute(base, masks, kvm->arch.vm_features, &sel,
				  &kvm->arch.model, err, sizeof(err));
	if (r) {
		pr_err("%s", err);
		return r;
	}
	return 0;
}
