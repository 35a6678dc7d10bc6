/* SPDX-License-Identifier: GPL-2.0-only */
/* lkvm: command dispatch. */
#include <stdio.h>
#include <string.h>
#include "lkvm/builtin.h"
#include "lkvm/util.h"

static const struct lkvm_cmd commands[] = {
	{ "run",	cmd_run,	"boot a guest",				cmd_run_help },
	{ "setup",	cmd_setup,	"make a root file system in ~/.lkvm/NAME", cmd_setup_help },
	{ "sandbox",	cmd_sandbox,	"run one command in a throwaway guest",	cmd_sandbox_help },
	{ "features",	cmd_features,	"list the CPU features a guest can get", NULL },
	{ "list",	cmd_list,	"list the running VMs",			NULL },
	{ "stop",	cmd_stop,	"power a running VM off",		NULL },
	{ "pause",	cmd_pause,	"pause a running VM",			NULL },
	{ "resume",	cmd_resume,	"resume a paused VM",			NULL },
	{ "debug",	cmd_debug,	"a running VM's registers; SysRq keys",	NULL },
	{ "balloon",	cmd_balloon,	"inflate or deflate a VM's balloon",	NULL },
	{ "stat",	cmd_stat,	"a running VM's memory statistics",	NULL },
	{ "version",	cmd_version,	"print the version",			NULL },
	{ "help",	cmd_help,	"show help for a command",		NULL },
};

const struct lkvm_cmd *lkvm__find_cmd(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void lkvm__list_cmds(FILE *out)
{
	fprintf(out, "usage: lkvm COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'lkvm help COMMAND' or 'lkvm COMMAND --help' for details.\n");
}

int main(int argc, char **argv)
{
	const struct lkvm_cmd *cmd;

	if (argc < 2) {
		/* Bare "lkvm" boots the built-in guest, like "lkvm run". */
		static char *run_argv[] = { "run", NULL };

		return cmd_run(1, run_argv);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		lkvm__list_cmds(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);
	cmd = lkvm__find_cmd(argv[1]);
	if (!cmd) {
		pr_err("unknown command '%s'; 'lkvm help' lists the commands", argv[1]);
		return 2;
	}
	return cmd->fn(argc - 1, argv + 1);
}
