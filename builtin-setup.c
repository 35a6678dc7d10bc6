/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm setup NAME": a LoongArch root file system in ~/.lkvm/NAME for
 * "lkvm run -d NAME". The work (Debian's loong64 busybox-static, kernel
 * and modules, fetched with apt under a private configuration) is
 * scripts/lkvm-setup.sh, found next to the lkvm binary; this checks the
 * name and runs it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "lkvm/builtin.h"
#include "lkvm/config.h"
#include "lkvm/rootfs.h"
#include "lkvm/util.h"

void cmd_setup_help(FILE *out)
{
	fprintf(out, "usage: lkvm setup NAME\n\n"
		"Make ~/.lkvm/NAME, a LoongArch root file system (Debian's loong64\n"
		"busybox-static, kernel and modules, fetched from Debian's archive),\n"
		"then boot it with 'lkvm run -d NAME'; 'lkvm run' alone boots\n"
		"~/.lkvm/default.\n");
}

/* scripts/lkvm-setup.sh beside the binary (its build tree). */
static int setup__script(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int r;

	if (n <= 0)
		return -ENOENT;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	r = snprintf(buf, len, "%s/scripts/lkvm-setup.sh", exe);
	if (r < 0 || (size_t)r >= len || access(buf, X_OK))
		return -ENOENT;
	return 0;
}

int cmd_setup(int argc, char **argv)
{
	char dir[LKVM_DISK_PATH_MAX], top[LKVM_DISK_PATH_MAX + 8], script[PATH_MAX + 32];
	struct stat st;
	pid_t pid;
	int status;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		cmd_setup_help(stdout);
		return 0;
	}
	if (argc != 2) {
		pr_err("setup takes one NAME (see 'lkvm setup --help')");
		return 2;
	}
	if (!rootfs__name_ok(argv[1])) {
		pr_err("setup: '%s' is not a name: give one word, no '/'", argv[1]);
		return 2;
	}
	if (rootfs__path(argv[1], dir, sizeof(dir))) {
		pr_err("setup: no HOME to put ~/.lkvm/%s in", argv[1]);
		return 1;
	}
	if (!lstat(dir, &st)) {
		pr_err("setup: %s already exists; remove it or choose another name", dir);
		return 1;
	}
	if (setup__script(script, sizeof(script))) {
		pr_err("setup: scripts/lkvm-setup.sh is not next to this lkvm binary; "
		       "run the lkvm of a build tree");
		return 1;
	}
	snprintf(top, sizeof(top), "%s", dir);
	*strrchr(top, '/') = '\0';
	if (mkdir(top, 0755) && errno != EEXIST) {
		pr_err("setup: cannot create %s: %s", top, strerror(errno));
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		pr_err("setup: cannot start %s: %s", script, strerror(errno));
		return 1;
	}
	if (!pid) {
		execl(script, script, dir, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (status)
		rmdir(top);	/* ~/.lkvm, if the failed setup was its first */
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
