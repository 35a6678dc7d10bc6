/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where control sockets live: $XDG_RUNTIME_DIR/lkvm/NAME.sock, or
 * ~/.lkvm/NAME.sock without XDG_RUNTIME_DIR. Shared by the server in lkvm
 * run and the clients.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "lkvm/ctl.h"

bool ctl__name_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > CTL_NAME_MAX || name[0] == '.' || name[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int ctl__dir(char *out, size_t len, bool create)
{
	const char *base = getenv("XDG_RUNTIME_DIR"), *sub = "lkvm";
	struct stat st;
	int n;

	if (!base || !*base) {
		base = getenv("HOME");
		sub = ".lkvm";
	}
	if (!base || !*base) {
		pr_err("neither XDG_RUNTIME_DIR nor HOME is set: nowhere to put control sockets");
		return -ENOENT;
	}
	n = snprintf(out, len, "%s/%s", base, sub);
	if (n < 0 || (size_t)n >= len) {
		pr_err("the control socket directory %s/%s is too long a path", base, sub);
		return -ENAMETOOLONG;
	}
	if (create && mkdir(out, 0700) && errno != EEXIST) {
		int err = errno;

		pr_err("cannot create the control socket directory %s: %s", out, strerror(err));
		return -err;
	}
	if (stat(out, &st)) {
		int err = errno;

		if (create || err != ENOENT)
			pr_err("cannot use the control socket directory %s: %s", out, strerror(err));
		return -err;
	}
	if (!S_ISDIR(st.st_mode)) {
		pr_err("%s is not a directory; remove it or set XDG_RUNTIME_DIR", out);
		return -ENOTDIR;
	}
	return 0;
}

int ctl__sock_path(const char *dir, const char *name, char *out, size_t len)
{
	int n = snprintf(out, len, "%s/%s.sock", dir, name);

	if (n < 0 || (size_t)n >= len || (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return -ENAMETOOLONG;
	return 0;
}

int ctl__connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = errno;
		close(fd);
		return -err;
	}
	return fd;
}
