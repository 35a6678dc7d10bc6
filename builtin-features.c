/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm features" and "lkvm run --cpu-features=help": which CPU features
 * this host can give a guest. Probing needs a VM, so a bare one is created
 * through the selected backend and dropped again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/accel.h"
#include "lkvm/builtin.h"
#include "lkvm/config.h"
#include "lkvm/kvm.h"
#include "lkvm/options.h"
#include "lkvm/run-options.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"

int features__print_table(const struct lkvm_config *cfg, FILE *out)
{
	struct kvm *kvm;
	int ret = -1;

	kvm = calloc(1, sizeof(*kvm));
	if (!kvm) {
		pr_err("out of memory");
		return -1;
	}
	kvm->cfg = *cfg;
	kvm->sys_fd = kvm->vm_fd = -1;
	kvm->sys_fd = accel__open(&kvm->cfg, &kvm->be);
	if (kvm->sys_fd < 0)
		goto out;
	kvm->vm_fd = kvm__ioctl(kvm, kvm->sys_fd, KVM_CREATE_VM, (void *)0);
	if (kvm->vm_fd < 0) {
		pr_err("KVM_CREATE_VM failed: %s", strerror(errno));
		goto out;
	}
	ret = la_features__print(kvm, out) ? -1 : 0;
out:
	if (kvm->vm_fd >= 0)
		kvm->be->close(kvm->vm_fd);
	if (kvm->sys_fd >= 0)
		kvm->be->close(kvm->sys_fd);
	free(kvm);
	return ret;
}

static const struct opt features_opts[] = {
	OPT_GROUP("Options:"),
	RUN_OPTS_ACCEL(NULL, NULL),
	OPT_END(),
};

static void features__usage(FILE *out)
{
	options__usage(features_opts,
		       "usage: lkvm features [--accel auto|kvm|soft] [--dev PATH] [--softkvm-kernel 6.9|6.12|7.2]\n"
		       "\nList the CPU features a guest can get on this host, for --cpu-features.",
		       out);
}

int cmd_features(int argc, char **argv)
{
	struct lkvm_config cfg;
	int r;

	memset(&cfg, 0, sizeof(cfg));
	cfg.accel = ACCEL_AUTO;
	cfg.dev = LKVM_DEFAULT_DEV;
	r = options__parse(features_opts, "features", argc, argv, &cfg, NULL);
	if (r == 1)
		features__usage(stdout);
	if (r)
		return r > 0 ? 0 : 2;
	return features__print_table(&cfg, stdout) ? 1 : 0;
}
