// SPDX-License-Identifier: GPL-2.0-only
/* The host's kernel as the default guest on a LoongArch host (see header). */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "lkvm/config.h"
#include "lkvm/util.h"
#include "arch/host-kernel.h"

static int pick_file(char *buf, size_t size, const char *dir, const char *const *fmt,
		     const char *release)
{
	for (; *fmt; fmt++) {
		int n = snprintf(buf, size, *fmt, dir, release);

		if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0)
			return 1;
	}
	return 0;
}

int la_host_kernel__pick(struct lkvm_config *cfg, const char *bootdir,
			 const char *release, char *kbuf, char *ibuf, size_t size)
{
	static const char *const kernels[] = { "%s/vmlinuz-%s", "%s/vmlinux-%s", NULL };
	static const char *const initrds[] = {
		"%s/initrd.img-%s", "%s/initramfs-%s.img", "%s/initrd-%s.img", NULL,
	};

	if (cfg->kernel || !pick_file(kbuf, size, bootdir, kernels, release))
		return 0;
	cfg->kernel = kbuf;
	if (!cfg->initrd && pick_file(ibuf, size, bootdir, initrds, release))
		cfg->initrd = ibuf;
	return 1;
}

void kvm__arch_default_kernel(struct lkvm_config *cfg)
{
#ifdef __loongarch__
	static char kbuf[512], ibuf[512];
	struct utsname u;

	if (cfg->kernel || uname(&u))
		return;
	if (la_host_kernel__pick(cfg, "/boot", u.release, kbuf, ibuf, sizeof(kbuf)))
		pr_info("no -k: booting the host's kernel %s%s%s", cfg->kernel,
			cfg->initrd ? " with initrd " : "", cfg->initrd ? cfg->initrd : "");
#else
	(void)cfg;
#endif
}
