/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_CTL_CMD_H
#define LKVM_CTL_CMD_H

#include <stddef.h>
#include "lkvm/ctl.h"
#include "lkvm/options.h"

/* What the client commands parse (builtin-{list,stop,debug,balloon,stat}.c). */
struct ctl_cmd_args {
	const char *name;
	bool all;
	bool json;
	bool dump;		/* debug --dump */
	const char *sysrq;	/* debug --sysrq C */
	const char *inflate;	/* balloon --inflate MB */
	const char *deflate;
	bool memory;		/* stat --memory */
};

#define CTL_ARG(f)	offsetof(struct ctl_cmd_args, f)
#define CTL_OPT_NAME \
	{ OPT_T_STRING, "name", 'n', "NAME", "the VM's --name", CTL_ARG(name), NULL, NULL, NULL, 0, NULL }
#define CTL_OPT_ALL \
	{ OPT_T_FLAG, "all", 'a', NULL, "every VM of this user", CTL_ARG(all), NULL, NULL, NULL, 0, NULL }
#define CTL_OPT_JSON \
	{ OPT_T_FLAG, "json", 0, NULL, "print JSON (for tools)", CTL_ARG(json), NULL, NULL, NULL, 0, NULL }

/*
 * Parse argv with tbl; usage is printed for --help. need_name: --name is
 * required (else --name or --all). Returns 0 to go on, or the exit
 * status (0 after --help, 2 after one error line) + 1.
 */
int ctl_cmd__parse(const char *cmd, const struct opt *tbl, const char *usage, int argc,
		   char **argv, struct ctl_cmd_args *a, bool need_name);
/* With --json: print the reply as one JSON line and return true. */
bool ctl_cmd__json(const struct ctl_reply *r, const struct ctl_cmd_args *a);
/*
 * Send type with args to the VM named a->name (or every VM with a->all)
 * and hand each reply to show. Prints one line per failed VM; returns
 * the exit status (0, or 1 if any failed).
 */
int ctl_cmd__each(const struct ctl_cmd_args *a, u8 type, const struct ctl_buf *args,
		  int timeout_ms, void (*show)(const char *name, const struct ctl_reply *r,
					       const struct ctl_cmd_args *a));

#endif
