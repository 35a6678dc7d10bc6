/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm stat --name N --memory": the guest's memory figures from its balloon driver. */
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl-cmd.h"

#define STAT_TIMEOUT_MS		5000

static const struct opt stat_opts[] = {
	OPT_GROUP("Options:"),
	CTL_OPT_NAME,
	{ OPT_T_FLAG, "memory", 'm', NULL, "memory statistics (the default)",
	  CTL_ARG(memory), NULL, NULL, NULL, 0, NULL },
	CTL_OPT_JSON,
	OPT_END(),
};

static const char stat_usage[] =
	"usage: lkvm stat --name NAME [--memory] [--json]\n\n"
	"The VM needs --balloon; figures are what the guest's driver reports.";

static void stat__show(const char *name, const struct ctl_reply *r, const struct ctl_cmd_args *a)
{
	size_t pos = 0;
	struct ctl_kv kv;

	if (ctl_cmd__json(r, a))
		return;
	printf("%s memory:\n", name);
	while (ctl__next(r->data, r->len, &pos, &kv))
		printf("  %-20.*s %.*s\n", (int)kv.klen, kv.key, (int)kv.vlen, kv.val);
}

int cmd_stat(int argc, char **argv)
{
	char storage[32];
	struct ctl_buf args = { storage, 0, sizeof(storage), false };
	struct ctl_cmd_args a;
	int r = ctl_cmd__parse("stat", stat_opts, stat_usage, argc, argv, &a, true);

	if (r)
		return r - 1;
	ctl__add(&args, "memory", "1");
	return ctl_cmd__each(&a, CTL_STAT, &args, STAT_TIMEOUT_MS, stat__show);
}
