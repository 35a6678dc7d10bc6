/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tap: frames go to and come from a host tap interface (/dev/net/tun),
 * for bridges and host-only networks. An existing tap is attached (its
 * owner, or CAP_NET_ADMIN); one that does not exist is created when lkvm
 * may (CAP_NET_ADMIN) and goes away with lkvm. No offloads: the device
 * offers none, so frames are plain Ethernet both ways.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "lkvm/net.h"
#include "lkvm/virtio-net.h"

/* Frames read per wake-up, so one busy tap cannot starve the transmit side. */
#define TAP_BURST	64

struct net_tap {
	struct net_backend be;
	int fd;
	u8 buf[VIRTIO_NET_MAX_FRAME];
};

static void tap__fill(struct net_backend *be, struct pollfd *pfd, unsigned int *n,
		      int *timeout_ms, bool want_rx)
{
	struct net_tap *t = (struct net_tap *)be;

	(void)timeout_ms;
	/* No guest buffer: leave frames in the tap's own (bounded) queue. */
	if (want_rx)
		pfd[(*n)++] = (struct pollfd){ .fd = t->fd, .events = POLLIN };
}

static void tap__dispatch(struct net_backend *be, struct pollfd *pfd, unsigned int n,
			  bool err)
{
	struct net_tap *t = (struct net_tap *)be;

	if (err || !n || !(pfd[0].revents & POLLIN))
		return;
	for (int i = 0; i < TAP_BURST; i++) {
		ssize_t r = read(t->fd, t->buf, sizeof(t->buf));

		if (r <= 0)
			break;
		t->be.rx(t->be.rx_opaque, t->buf, (size_t)r);
	}
}

static void tap__send(struct net_backend *be, const u8 *frame, size_t len)
{
	struct net_tap *t = (struct net_tap *)be;

	/* A full tap queue drops the frame, as a wire would. */
	if (write(t->fd, frame, len) < 0)
		return;
}

static void tap__free(struct net_backend *be)
{
	struct net_tap *t = (struct net_tap *)be;

	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static const struct net_backend_ops tap_ops = {
	.fill = tap__fill,
	.dispatch = tap__dispatch,
	.send = tap__send,
	.free = tap__free,
};

static bool tap__exists(const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	return !stat(path, &st);
}

struct net_backend *net_tap__new(const struct lkvm_net_cfg *cfg)
{
	struct net_tap *t = calloc(1, sizeof(*t));
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	bool existed = tap__exists(cfg->tapif);

	if (!t) {
		pr_err("out of memory creating the tap back-end");
		return NULL;
	}
	t->be.ops = &tap_ops;
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		pr_err("--network mode=tap: cannot open /dev/net/tun: %s", strerror(errno));
		goto fail;
	}
	memcpy(ifr.ifr_name, cfg->tapif, strnlen(cfg->tapif, IFNAMSIZ - 1));
	if (ioctl(t->fd, TUNSETIFF, &ifr)) {
		if (errno == EPERM && !existed)
			pr_err("--network tapif=%s: no such tap, and lkvm may not create it: "
			       "ip tuntap add %s mode tap user $USER", cfg->tapif, cfg->tapif);
		else if (errno == EPERM)
			pr_err("--network tapif=%s: permission denied: the tap belongs to "
			       "another user (ip tuntap add %s mode tap user $USER)",
			       cfg->tapif, cfg->tapif);
		else
			pr_err("--network tapif=%s: cannot attach: %s%s", cfg->tapif,
			       strerror(errno), errno == EINVAL ? " (not a tap?)" : "");
		goto fail;
	}
	return &t->be;
fail:
	tap__free(&t->be);
	return NULL;
}
