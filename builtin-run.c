/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm run": parse options, bring the VM up, run it, report how it ended. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/ratelimit.h"
#include "lkvm/rootfs.h"
#include "lkvm/run-options.h"
#include "lkvm/term.h"

void cmd_run_help(FILE *out)
{
	run_options__usage(out);
}

/* "--cpu-features help": what this host and accelerator can give. */
static int run__features_help(struct lkvm_config *cfg)
{
	return features__print_table(cfg, stdout) ? 1 : 0;
}

static int run__report(struct kvm *kvm)
{
	int code = atomic_load(&kvm->exit_code);

	switch (atomic_load(&kvm->stop_reason)) {
	case STOP_POWEROFF:
		pr_info("guest powered off");
		break;
	case STOP_REBOOT:
		/* With restart, cmd_run says so (rate-limited: a guest can loop). */
		if (kvm->cfg.reboot != REBOOT_RESTART)
			pr_info("guest asked for a reboot; exiting (--reboot restart reboots it)");
		break;
	case STOP_GUEST_CODE:
		pr_info("guest reported exit code %d", code);
		break;
	case STOP_SIGNAL:
		break;
	case STOP_CONTROL:
		pr_info("stopped by lkvm stop");
		break;
	default:
		if (!code)
			code = 1;
		break;
	}
	return code;
}

/* suggest: say how to get a Linux guest instead of the built-in one. */
static int run__vm(struct kvm *kvm, struct lkvm_config *cfg, bool suggest);

/*
 * Nothing to boot named: ~/.lkvm/default if "lkvm setup default" made it
 * (as -d default), else the built-in guest (the host's kernel on a
 * LoongArch host).
 */
static int run__default(int argc, char **argv, struct kvm *kvm, struct lkvm_config *cfg)
{
	char **av;
	int ret;

	if (!rootfs__exists("default")) {
		kvm__arch_default_kernel(cfg);
		return run__vm(kvm, cfg, !cfg->kernel && !cfg->dump_dtb);
	}
	av = calloc((size_t)argc + 3, sizeof(*av));
	if (!av) {
		pr_err("out of memory");
		return 1;
	}
	memcpy(av, argv, sizeof(*av) * (size_t)argc);
	av[argc] = "-d";
	av[argc + 1] = "default";
	ret = run_options__parse(argc + 2, av, cfg);
	free(av);
	if (ret)
		return ret > 0 ? 0 : 2;
	rootfs__boot_files(cfg);
	return run__vm(kvm, cfg, false);
}

int cmd_run(int argc, char **argv)
{
	static struct kvm kvm;
	static struct lkvm_config cfg;
	int ret;

	ret = run_options__parse(argc, argv, &cfg);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (cfg.cpu_features && !strcmp(cfg.cpu_features, "help"))
		return run__features_help(&cfg);
	if (!cfg.kernel && !cfg.nr_disks && !cfg.nr_shares)
		return run__default(argc, argv, &kvm, &cfg);
	rootfs__boot_files(&cfg);
	kvm__arch_default_kernel(&cfg);
	return run__vm(&kvm, &cfg, false);
}

/* Boot (again, with --reboot restart) until the VM ends; the exit status. */
static int run__boots(struct kvm *kvm, struct lkvm_config *cfg, bool suggest)
{
	char line[2048];
	bool first = true;
	int ret;

	for (;;) {
		if (machine__init(kvm, cfg)) {
			machine__exit(kvm);
			return 1;
		}
		/* The backend and irqchip are chosen now: show what "auto" became. */
		cfg->accel = kvm->cfg.accel;
		cfg->irqchip = kvm->cfg.irqchip;
		run_options__format(cfg, line, sizeof(line));
		if (first)
			pr_info("%s", line);
		/* Once it is sure to boot: errors stay one line. */
		if (first && suggest)
			pr_info("no kernel: the built-in test guest ('lkvm setup default' makes a "
				"Linux root file system that 'lkvm run' then boots)");
		first = false;
		if (cfg->dump_dtb) {
			pr_info("device tree written to %s", cfg->dump_dtb);
			machine__exit(kvm);
			return 0;
		}
		if (term__init(kvm)) {
			machine__exit(kvm);
			return 1;
		}
		ctl__attach(kvm);
		ret = kvm_cpu__run_all(kvm);
		ctl__detach();
		term__exit();
		if (!ret)
			ret = run__report(kvm);
		if (atomic_load(&kvm->stop_reason) == STOP_REBOOT &&
		    cfg->reboot == REBOOT_RESTART) {
			machine__exit(kvm);
			pr_info_ratelimited("guest rebooted: starting it again");
			continue;
		}
		machine__exit(kvm);
		return ret;
	}
}

static int run__vm(struct kvm *kvm, struct lkvm_config *cfg, bool suggest)
{
	static char name[32];
	int ret;

	if (!cfg->name) {
		snprintf(name, sizeof(name), "guest-%d", (int)getpid());
		cfg->name = name;
	}
	if (!ctl__name_ok(cfg->name)) {
		pr_err("--name '%s': use up to %d letters, digits, '.', '_' or '-' "
		       "(not starting with '.' or '-')", cfg->name, CTL_NAME_MAX);
		return 2;
	}
	/* The control socket lives as long as this lkvm, across reboots. */
	if (!cfg->dump_dtb && ctl__init(cfg->name, cfg->nr_cpus, cfg->ram_size))
		return 1;
	ret = run__boots(kvm, cfg, suggest);
	ctl__exit();
	return ret;
}
