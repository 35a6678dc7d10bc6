/* SPDX-License-Identifier: GPL-2.0-only */
#include <stdio.h>
#include "lkvm/builtin.h"
#include "lkvm/util.h"

int cmd_help(int argc, char **argv)
{
	const struct lkvm_cmd *cmd;

	if (argc < 2) {
		lkvm__list_cmds(stdout);
		return 0;
	}
	cmd = lkvm__find_cmd(argv[1]);
	if (!cmd) {
		pr_err("unknown command '%s'; 'lkvm help' lists the commands", argv[1]);
		return 2;
	}
	if (cmd->help)
		cmd->help(stdout);
	else
		printf("lkvm %s: %s\n", cmd->name, cmd->summary);
	return 0;
}
