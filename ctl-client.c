/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The client side of the control socket, for lkvm list, stop, pause,
 * resume, debug, balloon and stat: find the VMs, send a request, read and
 * check the reply (include/lkvm/ctl.h).
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "lkvm/ctl.h"

#define CTL_MAX_VMS	256

/* Move len bytes within timeout_ms from t0; 0 or -errno (-ECONNRESET: EOF). */
static int client__xfer(int fd, void *buf, size_t len, bool out, const struct timespec *t0,
			int timeout_ms)
{
	u8 *p = buf;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = out ? POLLOUT : POLLIN };
		struct timespec now;
		long left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - t0->tv_sec) * 1000L +
				     (now.tv_nsec - t0->tv_nsec) / 1000000L);
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = out ? send(fd, p, len, MSG_DONTWAIT | MSG_NOSIGNAL)
			: recv(fd, p, len, MSG_DONTWAIT);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n == 0) {
			return -ECONNRESET;
		} else if (errno != EAGAIN && errno != EINTR) {
			return -errno;
		}
	}
	return 0;
}

int ctl__request_fd(int fd, const char *name, u8 type, const struct ctl_buf *args,
		    int timeout_ms, struct ctl_reply *r)
{
	u8 hdr[CTL_HDR_SIZE];
	struct timespec t0;
	struct ctl_hdr h;
	size_t alen = args ? args->len : 0;
	int err;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ctl__put_hdr(hdr, type, (u32)alen);
	err = client__xfer(fd, hdr, sizeof(hdr), true, &t0, timeout_ms);
	if (!err && alen)
		err = client__xfer(fd, args->data, alen, true, &t0, timeout_ms);
	if (!err)
		err = client__xfer(fd, hdr, sizeof(hdr), false, &t0, timeout_ms);
	if (!err)
		err = ctl__parse_hdr(hdr, CTL_REPLY_MAX, true, &h);
	if (!err && !(r->data = malloc(h.len + 1)))
		err = -ENOMEM;
	if (!err)
		err = client__xfer(fd, r->data, h.len, false, &t0, timeout_ms);
	if (!err && ctl__validate(r->data, h.len, CTL_REPLY_MAX) < 0)
		err = -EBADMSG;
	if (err) {
		pr_err("%s: no valid answer from the VM: %s", name, ctl__strerror(err));
		ctl__reply_free(r);
		return -1;
	}
	r->data[h.len] = '\0';
	r->len = h.len;
	r->type = h.type;
	return 0;
}

/* Connect to the VM called name: fd, or -1 after one line. */
int ctl__open(const char *name)
{
	char dir[108], path[108];
	int fd;

	if (!ctl__name_ok(name)) {
		pr_err("'%s' is not a VM name (letters, digits, '.', '_', '-')", name);
		return -1;
	}
	fd = ctl__dir(dir, sizeof(dir), false);
	if (fd == -ENOENT || (!fd && ctl__sock_path(dir, name, path, sizeof(path)))) {
		pr_err("no VM named '%s' is running (see 'lkvm list')", name);
		return -1;
	}
	if (fd)
		return -1;	/* ctl__dir said why */
	fd = ctl__connect(path);
	if (fd == -ENOENT || fd == -ECONNREFUSED)
		pr_err("no VM named '%s' is running (see 'lkvm list')", name);
	else if (fd == -EACCES || fd == -EPERM)
		pr_err("%s: permission denied: the VM belongs to another user", name);
	else if (fd < 0)
		pr_err("%s: cannot connect to %s: %s", name, path, strerror(-fd));
	return fd < 0 ? -1 : fd;
}

int ctl__request(const char *name, u8 type, const struct ctl_buf *args,
		 int timeout_ms, struct ctl_reply *r)
{
	int fd = ctl__open(name), ret;

	if (fd < 0)
		return -1;
	ret = ctl__request_fd(fd, name, type, args, timeout_ms, r);
	close(fd);
	return ret;
}

void ctl__reply_free(struct ctl_reply *r)
{
	free(r->data);
	r->data = NULL;
	r->len = 0;
}

static int client__cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ctl__for_each_vm(int (*fn)(const char *name, int fd, void *opaque), void *opaque)
{
	char dir[108], path[108], *names[CTL_MAX_VMS];
	unsigned int n = 0;
	struct dirent *de;
	int live = 0, err;
	DIR *d;

	err = ctl__dir(dir, sizeof(dir), false);
	if (err == -ENOENT)
		return 0;	/* no VM ever ran here */
	if (err)
		return -1;
	d = opendir(dir);
	if (!d) {
		pr_err("cannot read %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) && n < CTL_MAX_VMS) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || strcmp(de->d_name + len - 5, ".sock"))
			continue;
		names[n] = strndup(de->d_name, len - 5);
		if (names[n] && ctl__name_ok(names[n]))
			n++;
		else
			free(names[n]);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), client__cmp);
	for (unsigned int i = 0; i < n; i++) {
		int fd = -ENAMETOOLONG;

		if (!ctl__sock_path(dir, names[i], path, sizeof(path)))
			fd = ctl__connect(path);
		if (fd == -ECONNREFUSED) {
			/* Its lkvm was killed (SIGKILL, a crash): clean up after it. */
			unlink(path);
		} else if (fd >= 0) {
			live++;
			if (fn && fn(names[i], fd, opaque))
				err = -1;
			close(fd);
		}
		free(names[i]);
	}
	return err ? -1 : live;
}

int ctl__wait_eof(int fd, int timeout_ms)
{
	struct timespec t0;
	u8 c;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	return client__xfer(fd, &c, 1, false, &t0, timeout_ms) == -ECONNRESET ? 0 : -1;
}
