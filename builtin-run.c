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

/* Boot (again, with --reboot restart) until the VM ends; the exit status. */
static int run__loop(struct lkvm_config *cfg)
{
	static struct kvm kvm;
	char line[2048];
	bool first = true;
	int ret;

	for (;;) {
		if (machine__init(&kvm, cfg)) {
			machine__exit(&kvm);
			return 1;
		}
		/* The backend is chosen now: show what "auto" became. */
		cfg->accel = kvm.cfg.accel;
		run_options__format(cfg, line, sizeof(line));
		if (first)
			pr_info("%s", line);
		first = false;
		if (cfg->dump_dtb) {
			pr_info("device tree written to %s", cfg->dump_dtb);
			machine__exit(&kvm);
			return 0;
		}
		if (term__init(&kvm)) {
			machine__exit(&kvm);
			return 1;
		}
		ctl__attach(&kvm);
		ret = kvm_cpu__run_all(&kvm);
		ctl__detach();
		term__exit();
		if (!ret)
			ret = run__report(&kvm);
		if (atomic_load(&kvm.stop_reason) == STOP_REBOOT &&
		    cfg->reboot == REBOOT_RESTART) {
			machine__exit(&kvm);
			pr_info_ratelimited("guest rebooted: starting it again");
			continue;
		}
		machine__exit(&kvm);
		return ret;
	}
}

int cmd_run(int argc, char **argv)
{
	struct lkvm_config cfg;
	char name[32];
	int ret;

	ret = run_options__parse(argc, argv, &cfg);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (cfg.cpu_features && !strcmp(cfg.cpu_features, "help"))
		return run__features_help(&cfg);
	kvm__arch_default_kernel(&cfg);
	if (!cfg.name) {
		snprintf(name, sizeof(name), "guest-%d", (int)getpid());
		cfg.name = name;
	}
	if (!ctl__name_ok(cfg.name)) {
		pr_err("--name '%s': use up to %d letters, digits, '.', '_' or '-' "
		       "(not starting with '.' or '-')", cfg.name, CTL_NAME_MAX);
		return 2;
	}
	/* The control socket lives as long as this lkvm, across reboots. */
	if (!cfg.dump_dtb && ctl__init(cfg.name, cfg.nr_cpus, cfg.ram_size))
		return 1;
	ret = run__loop(&cfg);
	ctl__exit();
	return ret;
}
