/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host machine offers LoongArch guests: whether its KVM can run
 * them at all, and its CPU's CPUCFG words for the host backend.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include "lkvm/kvm.h"
#include "arch/features.h"

#if defined(__loongarch__)
bool kvm__arch_host_kvm_usable(char *why, size_t len)
{
	(void)why;
	(void)len;
	return true;
}

int kvm__arch_host_cpu_id(unsigned int word, u32 *val)
{
	u32 v;

	if (word >= LA_CPUCFG_WORDS) {
		errno = EINVAL;
		return -1;
	}
	/* cpucfg is allowed at PLV3. */
	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	*val = v;
	return 0;
}
#else
/* KVM on any other architecture runs only guests of that architecture. */
bool kvm__arch_host_kvm_usable(char *why, size_t len)
{
	struct utsname u;

	if (uname(&u))
		snprintf(u.machine, sizeof(u.machine), "non-LoongArch");
	snprintf(why, len, "this host is %s: its KVM runs %s guests, not LoongArch ones",
		 u.machine, u.machine);
	return false;
}

int kvm__arch_host_cpu_id(unsigned int word, u32 *val)
{
	(void)word;
	*val = 0;
	errno = ENOSYS;
	return -1;
}
#endif
