/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing the accelerator: the host's KVM where it can run this
 * architecture's guests and the device node answers as KVM, softkvm
 * otherwise. "lkvm run", "lkvm features" and "--cpu-features=help" all
 * open their backend here, so they cannot disagree about it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lkvm/accel.h"
#include "lkvm/kvm.h"
#include "lkvm/seccomp.h"
#include "lkvm/uapi-compat.h"

/* Whether fd answers KVM_GET_API_VERSION as the KVM lkvm speaks. */
static bool accel__is_kvm(const struct kvm_backend *be, int fd, char *why, size_t len)
{
	int ver = be->ioctl(fd, KVM_GET_API_VERSION, NULL);

	if (ver == KVM_API_VERSION)
		return true;
	if (ver < 0)
		snprintf(why, len, "not a KVM device (KVM_GET_API_VERSION: %s)",
			 strerror(errno));
	else
		snprintf(why, len, "speaks KVM API %d, lkvm needs %d", ver, KVM_API_VERSION);
	return false;
}

/* softkvm's own threads (its irqfd thread) load their seccomp kind here. */
static int accel__softkvm_thread(const char *kind)
{
	if (strcmp(kind, "softkvm irqfd"))
		return -1;
	return seccomp__enter(SECCOMP_KIND_SOFTKVM_IRQFD);
}

static int accel__open_soft(const struct kvm_backend **be)
{
	int fd;

	*be = softkvm__backend();
	/* softkvm's own "/dev/kvm": --dev names only the host's device. */
	fd = (*be)->open(LKVM_DEFAULT_DEV, O_RDWR);
	if (fd < 0)
		pr_err("softkvm failed to start: %s", strerror(errno));
	return fd;
}

int accel__open(struct lkvm_config *cfg, const struct kvm_backend **be)
{
	const struct kvm_backend *host = &kvm_backend_host;
	const struct kvm_backend *soft = softkvm__backend();
	char why[160];
	int fd, err;

	/* Checked first, so bad input is the only line printed. */
	if (cfg->softkvm_kernel && soft->configure("kernel", cfg->softkvm_kernel)) {
		pr_err("--softkvm-kernel '%s': softkvm answers as Linux 6.9, 6.12 or 7.2",
		       cfg->softkvm_kernel);
		return -1;
	}
	/* Benchmarks and tests: softkvm counts the exits a real host would take. */
	if (getenv("LKVM_SOFTKVM_EXIT_STATS"))
		soft->configure("exit-stats", "1");
	if (soft->set_thread_hook)
		soft->set_thread_hook(accel__softkvm_thread);
	if (cfg->accel == ACCEL_SOFT)
		return accel__open_soft(be);

	if (!kvm__arch_host_kvm_usable(why, sizeof(why))) {
		if (cfg->accel == ACCEL_KVM) {
			pr_err("--accel kvm: %s; use --accel soft (softkvm, the built-in software CPU)",
			       why);
			return -1;
		}
		pr_info("accelerator: softkvm (%s)", why);
		goto soft;
	}

	fd = host->open(cfg->dev, O_RDWR);
	if (fd < 0) {
		err = errno;
		if (cfg->accel == ACCEL_KVM) {
			if (err == ENOENT)
				pr_err("%s does not exist: load KVM (modprobe kvm) or use --accel soft",
				       cfg->dev);
			else
				pr_err("cannot open %s: %s; check its permissions (kvm group) or use --accel soft",
				       cfg->dev, strerror(err));
			return -1;
		}
		pr_info("accelerator: softkvm (%s: %s)", cfg->dev, strerror(err));
		goto soft;
	}
	if (!accel__is_kvm(host, fd, why, sizeof(why))) {
		host->close(fd);
		if (cfg->accel == ACCEL_KVM) {
			pr_err("--accel kvm: %s is %s; name the KVM node with --dev or use --accel soft",
			       cfg->dev, why);
			return -1;
		}
		pr_info("accelerator: softkvm (%s is %s)", cfg->dev, why);
		goto soft;
	}
	if (cfg->accel == ACCEL_AUTO)
		pr_info("accelerator: kvm (%s)", cfg->dev);
	cfg->accel = ACCEL_KVM;
	*be = host;
	return fd;
soft:
	cfg->accel = ACCEL_SOFT;
	return accel__open_soft(be);
}
