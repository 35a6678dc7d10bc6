/* SPDX-License-Identifier: GPL-2.0-only */
/* What the control commands share: the target options, and one request per VM. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lkvm/ctl-cmd.h"

#define CTL_STOP_WAIT_MS	30000

int ctl_cmd__parse(const char *cmd, const struct opt *tbl, const char *usage, int argc,
		   char **argv, struct ctl_cmd_args *a, bool need_name)
{
	int r;

	memset(a, 0, sizeof(*a));
	r = options__parse(tbl, cmd, argc, argv, a, NULL);
	if (r == 1) {
		options__usage(tbl, usage, stdout);
		return 1;
	}
	if (r)
		return 3;
	if (need_name && !a->name) {
		options__bad(cmd, "--name NAME is required%s", "");
		return 3;
	}
	if (!need_name && !!a->name == a->all) {
		options__bad(cmd, "give either --name NAME or --all%s", "");
		return 3;
	}
	return 0;
}

bool ctl_cmd__json(const struct ctl_reply *r, const struct ctl_cmd_args *a)
{
	if (!a->json)
		return false;
	ctl__print_json(stdout, r->data, r->len);
	putchar('\n');
	return true;
}

struct ctl_each {
	const struct ctl_cmd_args *a;
	u8 type;
	const struct ctl_buf *args;
	int timeout_ms;
	void (*show)(const char *name, const struct ctl_reply *r, const struct ctl_cmd_args *a);
};

static int ctl_cmd__one(const char *name, int fd, void *opaque)
{
	const struct ctl_each *e = opaque;
	struct ctl_reply r;
	char msg[256];
	int ret = 0;

	if (ctl__request_fd(fd, name, e->type, e->args, e->timeout_ms, &r))
		return -1;
	if (r.type == CTL_ERROR) {
		if (!ctl__get(r.data, r.len, "error", msg, sizeof(msg)))
			strcpy(msg, "refused, no reason given");
		pr_err("%s: %s", name, msg);
		ret = -1;
	} else if (e->show) {
		e->show(name, &r, e->a);
	}
	/* stop: the VM closes the connection once lkvm has exited. */
	if (!ret && e->type == CTL_STOP && ctl__wait_eof(fd, CTL_STOP_WAIT_MS)) {
		pr_err("%s: asked to stop, but lkvm has not exited after %d s", name,
		       CTL_STOP_WAIT_MS / 1000);
		ret = -1;
	}
	ctl__reply_free(&r);
	return ret;
}

int ctl_cmd__each(const struct ctl_cmd_args *a, u8 type, const struct ctl_buf *args,
		  int timeout_ms, void (*show)(const char *name, const struct ctl_reply *r,
					       const struct ctl_cmd_args *a))
{
	struct ctl_each e = { a, type, args, timeout_ms, show };
	int n, fd, ret;

	if (a->all) {
		n = ctl__for_each_vm(ctl_cmd__one, &e);
		return n < 0 ? 1 : 0;
	}
	fd = ctl__open(a->name);
	if (fd < 0)
		return 1;
	ret = ctl_cmd__one(a->name, fd, &e);
	close(fd);
	return ret ? 1 : 0;
}
