/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm balloon --name N --inflate MB | --deflate MB": move the balloon target. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl-cmd.h"

#define BALLOON_TIMEOUT_MS	5000

static const struct opt balloon_opts[] = {
	OPT_GROUP("Options:"),
	CTL_OPT_NAME,
	{ OPT_T_STRING, "inflate", 'i', "MB", "take MB more MiB from the guest",
	  CTL_ARG(inflate), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_STRING, "deflate", 'd', "MB", "give MB MiB back to the guest",
	  CTL_ARG(deflate), NULL, NULL, NULL, 0, NULL },
	CTL_OPT_JSON,
	OPT_END(),
};

static const char balloon_usage[] =
	"usage: lkvm balloon --name NAME --inflate MB | --deflate MB\n\n"
	"The VM needs --balloon; the guest's virtio-balloon driver gives the pages.";

static void balloon__show(const char *name, const struct ctl_reply *r,
			  const struct ctl_cmd_args *a)
{
	char mib[24];

	if (ctl_cmd__json(r, a))
		return;
	if (ctl__get(r->data, r->len, "balloon_mib", mib, sizeof(mib)))
		printf("%s: balloon target %s MiB\n", name, mib);
}

int cmd_balloon(int argc, char **argv)
{
	char storage[64], *end;
	struct ctl_buf args = { storage, 0, sizeof(storage), false };
	struct ctl_cmd_args a;
	const char *v;
	unsigned long long mb;
	int r = ctl_cmd__parse("balloon", balloon_opts, balloon_usage, argc, argv, &a, true);

	if (r)
		return r - 1;
	if (!a.inflate == !a.deflate) {
		options__bad("balloon", "give one of --inflate MB and --deflate MB%s", "");
		return 2;
	}
	v = a.inflate ? a.inflate : a.deflate;
	errno = 0;
	mb = strtoull(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-' || !mb || mb > (1ULL << 32)) {
		options__bad("balloon", "'%s' is not a size in MiB (a positive whole number)", v);
		return 2;
	}
	ctl__addf(&args, a.inflate ? "inflate_mib" : "deflate_mib", "%llu", mb);
	return ctl_cmd__each(&a, CTL_BALLOON, &args, BALLOON_TIMEOUT_MS, balloon__show);
}
