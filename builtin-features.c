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

static void features__usage(FILE *out)
{
	fprintf(out,
"usage: lkvm features [--accel auto|kvm|soft] [--dev PATH] [--softkvm-kernel 6.9|6.12]\n"
"\n"
"List the CPU features a guest can get on this host, for --cpu-features.\n"
"  --accel auto|kvm|soft   backend to ask (default auto: the host's KVM where it\n"
"                          runs LoongArch guests, else softkvm)\n"
"  --dev PATH              KVM device (default " LKVM_DEFAULT_DEV ")\n");
}

/* "--opt=value" or "--opt value": the value, advancing *i; NULL if absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int cmd_features(int argc, char **argv)
{
	struct lkvm_config cfg;
	int i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.accel = ACCEL_AUTO;
	cfg.dev = LKVM_DEFAULT_DEV;
	for (i = 1; i < argc; i++) {
		const char *v;

		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			features__usage(stdout);
			return 0;
		} else if ((v = opt_value(argc, argv, &i, "--accel"))) {
			if (!strcmp(v, "auto")) {
				cfg.accel = ACCEL_AUTO;
			} else if (!strcmp(v, "kvm")) {
				cfg.accel = ACCEL_KVM;
			} else if (!strcmp(v, "soft")) {
				cfg.accel = ACCEL_SOFT;
			} else {
				pr_err("--accel '%s': use auto, kvm or soft", v);
				return 2;
			}
		} else if ((v = opt_value(argc, argv, &i, "--dev"))) {
			cfg.dev = v;
		} else if ((v = opt_value(argc, argv, &i, "--softkvm-kernel"))) {
			cfg.softkvm_kernel = v;
		} else {
			pr_err("lkvm features: unknown argument '%s'; see 'lkvm features --help'",
			       argv[i]);
			return 2;
		}
	}
	return features__print_table(&cfg, stdout) ? 1 : 0;
}
