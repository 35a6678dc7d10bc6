/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_NET_H
#define LKVM_NET_H

#include <poll.h>
#include <sys/uio.h>
#include "lkvm/config.h"

/*
 * A network back-end (user mode with libslirp, tap) behind virtio-net.
 * Every back-end call happens on the NIC's own thread (net/thread.c),
 * which polls the back-end's fds and the device's kick: libslirp is not
 * thread-safe, and a tap is read where its packets are handed on.
 */
struct net_backend;

/* What the back-end calls: hand a frame (no virtio header) to the guest. */
typedef void (*net_rx_fn)(void *opaque, const u8 *frame, size_t len);

#define NET_MAX_POLLFDS	256

struct net_backend_ops {
	/* Add fds to watch (want_rx: the guest has buffers); may lower *timeout_ms. */
	void (*fill)(struct net_backend *be, struct pollfd *pfd, unsigned int *n,
		     int *timeout_ms, bool want_rx);
	/* After poll: pfd[0..n) as fill left them, or err when poll failed. */
	void (*dispatch)(struct net_backend *be, struct pollfd *pfd, unsigned int n, bool err);
	/* A frame from the guest. */
	void (*send)(struct net_backend *be, const u8 *frame, size_t len);
	void (*free)(struct net_backend *be);
};

struct net_backend {
	const struct net_backend_ops *ops;
	net_rx_fn rx;
	void *rx_opaque;
};

/* Back-ends. Print one line and return NULL on failure. */
struct net_backend *net_slirp__new(const struct lkvm_net_cfg *cfg);
struct net_backend *net_tap__new(const struct lkvm_net_cfg *cfg);

#endif
