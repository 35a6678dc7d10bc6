/* SPDX-License-Identifier: GPL-2.0-only */
/* ONE_REG access to a vCPU's CSRs and CPUCFG words, with the errors said once. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lkvm/kvm-cpu.h"
#include "lkvm/uapi-compat.h"
#include "arch/one-reg.h"

int la_one_reg__set(struct kvm_cpu *vcpu, u64 id, u64 val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(unsigned long)&val };

	return kvm_cpu__ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0 ? -errno : 0;
}

int la_one_reg__get(struct kvm_cpu *vcpu, u64 id, u64 *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(unsigned long)val };

	return kvm_cpu__ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0 ? -errno : 0;
}

int la_csr__set(struct kvm_cpu *vcpu, const char *name, unsigned int csr, u64 val)
{
	int r = la_one_reg__set(vcpu, KVM_IOC_CSRID(csr), val);

	if (r)
		pr_err("vCPU %u: KVM_SET_ONE_REG(CSR.%s = 0x%" PRIx64 ") failed: %s",
		       vcpu->id, name, val, strerror(-r));
	return r;
}
