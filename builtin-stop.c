/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm stop", "lkvm pause", "lkvm resume" (--name N | --all): the same
 * request shape, so one file. stop returns once that lkvm has exited.
 */
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl-cmd.h"

#define VMCTL_TIMEOUT_MS	10000	/* pausing waits up to 5 s for the vCPUs */

static const struct opt vmctl_opts[] = {
	OPT_GROUP("Options:"),
	CTL_OPT_NAME,
	CTL_OPT_ALL,
	CTL_OPT_JSON,
	OPT_END(),
};

static void vmctl__show(const char *name, const struct ctl_reply *r, const struct ctl_cmd_args *a)
{
	char state[32];

	if (ctl_cmd__json(r, a))
		return;
	if (ctl__get(r->data, r->len, "state", state, sizeof(state)) && strcmp(state, "stopping"))
		printf("%s: %s\n", name, state);
}

static int vmctl(const char *cmd, u8 type, const char *usage, int argc, char **argv)
{
	struct ctl_cmd_args a;
	int r = ctl_cmd__parse(cmd, vmctl_opts, usage, argc, argv, &a, false);

	if (r)
		return r - 1;
	return ctl_cmd__each(&a, type, NULL, VMCTL_TIMEOUT_MS, vmctl__show);
}

int cmd_stop(int argc, char **argv)
{
	return vmctl("stop", CTL_STOP, "usage: lkvm stop --name NAME | --all\n\n"
		     "Power the VM off (its devices stopped in order); its lkvm exits 0.",
		     argc, argv);
}

int cmd_pause(int argc, char **argv)
{
	return vmctl("pause", CTL_PAUSE, "usage: lkvm pause --name NAME | --all\n\n"
		     "Hold every vCPU and quiesce the devices; the console stays served.",
		     argc, argv);
}

int cmd_resume(int argc, char **argv)
{
	return vmctl("resume", CTL_RESUME, "usage: lkvm resume --name NAME | --all", argc, argv);
}
