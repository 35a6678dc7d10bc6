/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm debug --name N [--dump] [--sysrq C]": every vCPU's registers and
 * the code at its PC and ERA, read while the vCPUs are held for a moment;
 * a SysRq key through the guest's console.
 */
#include <stdlib.h>
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/ctl-cmd.h"

#define DEBUG_TIMEOUT_MS	10000
#define DEBUG_PER_LINE		3

static const struct opt debug_opts[] = {
	OPT_GROUP("Options:"),
	CTL_OPT_NAME,
	{ OPT_T_FLAG, "dump", 'd', NULL, "every vCPU's registers and code (the default)",
	  CTL_ARG(dump), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_STRING, "sysrq", 's', "C", "send SysRq key C through the guest's console",
	  CTL_ARG(sysrq), NULL, NULL, NULL, 0, NULL },
	CTL_OPT_JSON,
	OPT_END(),
};

static const char debug_usage[] = "usage: lkvm debug --name NAME [--dump] [--sysrq C] [--json]";

/* Registers grouped per vCPU, a few to a line; code on lines of their own. */
static void debug__show(const char *name, const struct ctl_reply *r, const struct ctl_cmd_args *a)
{
	char cur[16] = "";
	size_t pos = 0;
	struct ctl_kv kv;
	int col = 0;

	(void)name;
	if (ctl_cmd__json(r, a))
		return;
	while (ctl__next(r->data, r->len, &pos, &kv)) {
		const char *dot = memchr(kv.key, '.', kv.klen);
		size_t cpul = dot ? (size_t)(dot - kv.key) : 0;
		bool code;

		if (!dot || kv.klen < 4 || memcmp(kv.key, "cpu", 3) || cpul >= sizeof(cur)) {
			if (kv.klen == 5 && !memcmp(kv.key, "sysrq", 5))
				printf("sent SysRq '%.*s'\n", (int)kv.vlen, kv.val);
			continue;
		}
		if (strlen(cur) != cpul || memcmp(cur, kv.key, cpul)) {
			memcpy(cur, kv.key, cpul);
			cur[cpul] = '\0';
			printf("%svCPU %s:\n", col ? "\n" : "", cur + 3);
			col = 0;
		}
		code = kv.klen - cpul > 5 && !memcmp(dot + 1, "code", 4);
		if (code && col) {
			putchar('\n');
			col = 0;
		}
		printf("  %-8.*s %.*s", (int)(kv.klen - cpul - 1), dot + 1, (int)kv.vlen, kv.val);
		if (code || ++col == DEBUG_PER_LINE) {
			putchar('\n');
			col = 0;
		}
	}
	if (col)
		putchar('\n');
}

int cmd_debug(int argc, char **argv)
{
	char storage[64];
	struct ctl_buf args = { storage, 0, sizeof(storage), false };
	struct ctl_cmd_args a;
	int r = ctl_cmd__parse("debug", debug_opts, debug_usage, argc, argv, &a, true);

	if (r)
		return r - 1;
	if (a.sysrq && strlen(a.sysrq) != 1) {
		options__bad("debug", "--sysrq '%s': give one key, e.g. t or w", a.sysrq);
		return 2;
	}
	if (a.sysrq)
		ctl__add(&args, "sysrq", a.sysrq);
	if (a.dump || !a.sysrq)
		ctl__add(&args, "dump", "1");
	return ctl_cmd__each(&a, CTL_DEBUG, &args, DEBUG_TIMEOUT_MS, debug__show);
}
