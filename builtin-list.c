/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm list": the running VMs of this user; stale sockets are cleaned. */
#include <stdlib.h>
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl-cmd.h"

#define LIST_TIMEOUT_MS	2000

static const struct opt list_opts[] = {
	OPT_GROUP("Options:"),
	CTL_OPT_JSON,
	OPT_END(),
};

static const char list_usage[] =
	"usage: lkvm list [--json]\n\nThe VMs this user runs: name, pid, state, vCPUs, memory, uptime.";

struct list_state {
	bool json;
	unsigned int shown;
};

static int list__one(const char *name, int fd, void *opaque)
{
	struct list_state *st = opaque;
	char f[6][72];
	static const char *const keys[6] = { "name", "pid", "state", "vcpus", "mem_mib", "uptime_s" };
	struct ctl_reply r;

	if (ctl__request_fd(fd, name, CTL_LIST, NULL, LIST_TIMEOUT_MS, &r))
		return 0;	/* said why; list the others */
	if (r.type == CTL_ERROR) {
		ctl__reply_free(&r);
		return 0;
	}
	if (st->json) {
		fputs(st->shown ? ",\n " : "", stdout);
		ctl__print_json(stdout, r.data, r.len);
	} else {
		for (int i = 0; i < 6; i++)
			if (!ctl__get(r.data, r.len, keys[i], f[i], sizeof(f[i])))
				strcpy(f[i], "?");
		if (!st->shown)
			printf("%-20s %8s %-8s %5s %9s %10s\n", "NAME", "PID", "STATE", "VCPUS",
			       "MEMORY", "UPTIME");
		printf("%-20s %8s %-8s %5s %7sM %9ss\n", f[0], f[1], f[2], f[3], f[4], f[5]);
	}
	st->shown++;
	ctl__reply_free(&r);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct ctl_cmd_args a;
	struct list_state st = { 0 };
	int r;

	memset(&a, 0, sizeof(a));
	r = options__parse(list_opts, "list", argc, argv, &a, NULL);
	if (r == 1)
		options__usage(list_opts, list_usage, stdout);
	if (r)
		return r > 0 ? 0 : 2;
	st.json = a.json;
	if (st.json)
		fputs("[", stdout);
	r = ctl__for_each_vm(list__one, &st);
	if (st.json)
		fputs("]\n", stdout);
	return r < 0 ? 1 : 0;
}
