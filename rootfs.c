/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Root file systems in ~/.lkvm/NAME ("lkvm setup NAME"): where they are,
 * and what "lkvm run" takes from one when it boots it with -d.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lkvm/config.h"
#include "lkvm/rootfs.h"

bool rootfs__name_ok(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
	       strlen(name) < 64;
}

int rootfs__path(const char *name, char *buf, size_t len)
{
	const char *top = getenv("LKVM_HOME"), *home = getenv("HOME");
	int n;

	if (top && top[0])
		n = snprintf(buf, len, "%s/%s", top, name);
	else if (home && home[0])
		n = snprintf(buf, len, "%s/.lkvm/%s", home, name);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static bool is_file(const char *dir, const char *rel, char *buf, size_t len)
{
	struct stat st;
	int n = snprintf(buf, len, "%s/%s", dir, rel);

	return n > 0 && (size_t)n < len && !stat(buf, &st) && S_ISREG(st.st_mode);
}

bool rootfs__exists(const char *name)
{
	char dir[LKVM_DISK_PATH_MAX], k[LKVM_DISK_PATH_MAX + 32];

	return !rootfs__path(name, dir, sizeof(dir)) && is_file(dir, "boot/vmlinuz", k, sizeof(k));
}

void rootfs__boot_files(struct lkvm_config *cfg)
{
	static char kernel[LKVM_DISK_PATH_MAX + 32], initrd[LKVM_DISK_PATH_MAX + 32];
	const struct lkvm_9p_cfg *root = NULL;

	for (unsigned int i = 0; i < cfg->nr_shares; i++)
		if (cfg->shares[i].root)
			root = &cfg->shares[i];
	if (!root || cfg->kernel || !is_file(root->dir, "boot/vmlinuz", kernel, sizeof(kernel)))
		return;
	cfg->kernel = kernel;
	if (!cfg->initrd && is_file(root->dir, "boot/initrd.img", initrd, sizeof(initrd)))
		cfg->initrd = initrd;
}
