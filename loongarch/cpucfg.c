/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUCFG words for the guest: where they start from (the CPU under the
 * backend: the host's on real KVM, softkvm's model), the kernel's masks and
 * its rules.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"

int la_cpucfg__read_host(struct kvm *kvm, u32 out[LA_CPUCFG_WORDS])
{
	unsigned int i;

	for (i = 0; i < LA_CPUCFG_WORDS; i++) {
		if (kvm->be->host_cpu_id(i, &out[i])) {
			pr_err("cannot read the host CPU's CPUCFG%u through %s: %s",
			       i, kvm->be->name, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/*
 * Linux 6.7 has no vCPU attributes (ENOTTY) and takes any CPUCFG value,
 * but it cannot switch vector, LBT or PMU state for a guest: allow what
 * 6.8's _kvm_get_cpucfg_mask allowed without SIMD, and no PMU word.
 */
static void la_cpucfg__base_masks(u32 masks[LA_CPUCFG_WORDS])
{
	unsigned int n;

	for (n = 0; n < LA_CPUCFG_WORDS; n++)
		masks[n] = 0xffffffffu;
	masks[2] = LA_CPUCFG2_FP | LA_CPUCFG2_FPSP | LA_CPUCFG2_FPDP | LA_CPUCFG2_FPVERS |
		   LA_CPUCFG2_LLFTP | LA_CPUCFG2_LLFTPREV | LA_CPUCFG2_LAM;
	masks[6] = 0;
}

int la_cpucfg__read_masks(struct kvm *kvm, int vcpu_fd, u32 masks[LA_CPUCFG_WORDS],
			  bool *known)
{
	unsigned int n;

	*known = true;
	for (n = 0; n < LA_CPUCFG_WORDS; n++) {
		u64 mask = 0;
		struct kvm_device_attr da = {
			.group = KVM_LOONGARCH_VCPU_CPUCFG,
			.attr = n,
			.addr = (u64)(unsigned long)&mask,
		};

		if (kvm__ioctl(kvm, vcpu_fd, KVM_GET_DEVICE_ATTR, &da) < 0) {
			int e = errno;

			if (n == 0 && e == ENOTTY) {
				la_cpucfg__base_masks(masks);
				*known = false;
				return 0;
			}
			pr_err("KVM_GET_DEVICE_ATTR(VCPU_CPUCFG, %u) (the kernel's CPUCFG%u mask) failed: %s",
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
