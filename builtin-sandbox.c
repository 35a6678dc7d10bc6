/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm sandbox [run options] -- COMMAND [ARGS]": boot a root file system
 * (default ~/.lkvm/default) with the current directory shared at /host,
 * run COMMAND there and exit with its status. The command goes into the
 * root's virt/sandbox-PID.sh, which its virt/init runs (lkvm.sandbox=);
 * lkvm's init passes the status on through the test device.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include "lkvm/builtin.h"
#include "lkvm/config.h"
#include "lkvm/rootfs.h"
#include "lkvm/run-options.h"
#include "lkvm/util.h"

void cmd_sandbox_help(FILE *out)
{
	fprintf(out, "usage: lkvm sandbox [run options] -- COMMAND [ARGS]\n\n"
		"Boot a root file system (-d; default ~/.lkvm/default, see 'lkvm setup'),\n"
		"share the current directory at /host (tag hostfs), run COMMAND there\n"
		"and exit with its exit status. Run options: 'lkvm run --help'.\n");
}

/*
 * The script goes once lkvm has exited: a child waits for the end of a
 * pipe only lkvm holds (lkvm itself may unlink nothing under seccomp).
 */
static void sandbox__unlink_at_exit(const char *path)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		unlink(path);
		_exit(0);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		unlink(path);
	}
}

static bool sandbox__has_disk(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-d") || !strncmp(argv[i], "--disk", 6) ||
		    (argv[i][0] == '-' && argv[i][1] == 'd'))
			return true;
	return false;
}

/* COMMAND ARGS as one shell line, each word single-quoted. */
static int sandbox__write(const char *path, char **words)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs("#!/bin/sh\n", f);
	for (; *words; words++) {
		fputc('\'', f);
		for (const char *c = *words; *c; c++)
			if (*c == '\'')
				fputs("'\\''", f);
			else
				fputc(*c, f);
		fputs(words[1] ? "' " : "'\n", f);
	}
	return fclose(f) ? -errno : 0;
}

int cmd_sandbox(int argc, char **argv)
{
	static struct lkvm_config cfg;
	char cwd[PATH_MAX], script[LKVM_DISK_PATH_MAX + 64], share[PATH_MAX + 16];
	char params[128], **av;
	const char *root = NULL;
	int sep = -1, n = 0, ret, err;

	for (int i = 1; i < argc && sep < 0; i++)
		if (!strcmp(argv[i], "--"))
			sep = i;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		cmd_sandbox_help(stdout);
		return 0;
	}
	if (sep < 0 || sep == argc - 1) {
		pr_err("sandbox needs a command: lkvm sandbox [run options] -- COMMAND [ARGS]");
		return 2;
	}
	if (!sandbox__has_disk(sep, argv) && !rootfs__exists("default")) {
		pr_err("sandbox: no ~/.lkvm/default to boot: make it with 'lkvm setup default' "
		       "or give -d DIR");
		return 1;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		pr_err("sandbox: cannot tell the current directory: %s", strerror(errno));
		return 1;
	}
	snprintf(share, sizeof(share), "%s,hostfs", cwd);
	av = calloc((size_t)sep + 6, sizeof(*av));
	if (!av) {
		pr_err("out of memory");
		return 1;
	}
	av[n++] = "run";
	for (int i = 1; i < sep; i++)
		av[n++] = argv[i];
	if (!sandbox__has_disk(sep, argv)) {
		av[n++] = "-d";
		av[n++] = "default";
	}
	av[n++] = "--9p";
	av[n++] = share;
	/* Where the root is: parse once (errors are the run's own). */
	ret = run_options__parse(n, av, &cfg);
	for (unsigned int i = 0; !ret && i < cfg.nr_shares; i++)
		if (cfg.shares[i].root)
			root = cfg.shares[i].dir;
	if (ret) {
		free(av);
		return ret > 0 ? 0 : 2;
	}
	if (!root) {
		free(av);
		pr_err("sandbox: -d must name a root directory (see 'lkvm setup')");
		return 2;
	}
	snprintf(script, sizeof(script), "%s/virt/sandbox-%d.sh", root, (int)getpid());
	err = sandbox__write(script, argv + sep + 1);
	if (err) {
		free(av);
		pr_err("sandbox: cannot write %s: %s", script, strerror(-err));
		return 1;
	}
	snprintf(params, sizeof(params), "quiet lkvm.host9p lkvm.sandbox=sandbox-%d.sh",
		 (int)getpid());
	sandbox__unlink_at_exit(script);
	run_options__set_extra_params(params);
	ret = cmd_run(n, av);
	run_options__set_extra_params(NULL);
	free(av);
	return ret;
}
