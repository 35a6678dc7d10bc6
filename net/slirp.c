/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User-mode networking with libslirp (the stack QEMU uses): DHCP, DNS
 * forwarding, NAT through the host's own sockets, hostfwd rules; no root.
 * The guest's network is QEMU's: 10.0.2.0/24, gateway 10.0.2.2 (which
 * reaches the host's loopback), DNS 10.0.2.3, the guest 10.0.2.15.
 * Everything runs on the NIC's thread (libslirp is not thread-safe).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <slirp/libslirp.h>
#include "lkvm/net.h"
#include "lkvm/ratelimit.h"

#define SLIRP_MAX_TIMERS	16

struct slirp_timer {
	SlirpTimerCb cb;
	void *cb_opaque;
	s64 expire_ms;			/* -1: not armed */
	bool used;
};

struct net_slirp {
	struct net_backend be;
	Slirp *slirp;
	struct slirp_timer timers[SLIRP_MAX_TIMERS];
	struct pollfd *pfd;		/* during fill/dispatch: the thread's array */
	unsigned int nr_pfd;
};

static s64 slirp__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static ssize_t slirp__send_packet(const void *buf, size_t len, void *opaque)
{
	struct net_slirp *s = opaque;

	s->be.rx(s->be.rx_opaque, buf, len);
	return (ssize_t)len;
}

static void slirp__guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	pr_warn_ratelimited("virtio-net (user): the guest sent a bad packet: %s", msg);
}

static int64_t slirp__clock_get_ns(void *opaque)
{
	(void)opaque;
	return slirp__now_ns();
}

static void *slirp__timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct net_slirp *s = opaque;

	for (unsigned int i = 0; i < SLIRP_MAX_TIMERS; i++) {
		struct slirp_timer *t = &s->timers[i];

		if (!t->used) {
			*t = (struct slirp_timer){ cb, cb_opaque, -1, true };
			return t;
		}
	}
	pr_warn_ratelimited("virtio-net (user): libslirp wants more than %d timers",
			    SLIRP_MAX_TIMERS);
	return NULL;
}

static void slirp__timer_free(void *timer, void *opaque)
{
	struct slirp_timer *t = timer;

	(void)opaque;
	if (t)
		t->used = false;
}

static void slirp__timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct slirp_timer *t = timer;

	(void)opaque;
	if (t)
		t->expire_ms = expire_ms;
}

static void slirp__register_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void slirp__notify(void *opaque)
{
	(void)opaque;	/* we poll again after every dispatch anyway */
}

static const SlirpCb slirp_cb = {
	.send_packet = slirp__send_packet,
	.guest_error = slirp__guest_error,
	.clock_get_ns = slirp__clock_get_ns,
	.timer_new = slirp__timer_new,
	.timer_free = slirp__timer_free,
	.timer_mod = slirp__timer_mod,
	.register_poll_fd = slirp__register_fd,
	.unregister_poll_fd = slirp__register_fd,
	.notify = slirp__notify,
};

static int slirp__add_poll(int fd, int events, void *opaque)
{
	struct net_slirp *s = opaque;
	short ev = 0;

	if (s->nr_pfd == NET_MAX_POLLFDS)
		return -1;	/* that socket waits for the next round */
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	s->pfd[s->nr_pfd] = (struct pollfd){ .fd = fd, .events = ev };
	return (int)s->nr_pfd++;
}

static int slirp__get_revents(int idx, void *opaque)
{
	struct net_slirp *s = opaque;
	short r;
	int ev = 0;

	if (idx < 0 || (unsigned int)idx >= s->nr_pfd)
		return 0;
	r = s->pfd[idx].revents;
	if (r & POLLIN)
		ev |= SLIRP_POLL_IN;
	if (r & POLLOUT)
		ev |= SLIRP_POLL_OUT;
	if (r & POLLPRI)
		ev |= SLIRP_POLL_PRI;
	if (r & POLLERR)
		ev |= SLIRP_POLL_ERR;
	if (r & POLLHUP)
		ev |= SLIRP_POLL_HUP;
	return ev;
}

static void slirp__fill(struct net_backend *be, struct pollfd *pfd, unsigned int *n,
			int *timeout_ms, bool want_rx)
{
	struct net_slirp *s = (struct net_slirp *)be;
	uint32_t t = UINT32_MAX;
	s64 now = slirp__now_ns() / 1000000;

	(void)want_rx;	/* frames without a buffer are dropped on arrival */
	s->pfd = pfd;
	s->nr_pfd = 0;
	slirp_pollfds_fill(s->slirp, &t, slirp__add_poll, s);
	for (unsigned int i = 0; i < SLIRP_MAX_TIMERS; i++) {
		const struct slirp_timer *tm = &s->timers[i];

		if (tm->used && tm->expire_ms >= 0) {
			s64 d = tm->expire_ms > now ? tm->expire_ms - now : 0;

			if ((u64)d < t)
				t = (uint32_t)d;
		}
	}
	*n = s->nr_pfd;
	*timeout_ms = t == UINT32_MAX ? -1 : (int)(t > 1000000 ? 1000000 : t);
}

static void slirp__dispatch(struct net_backend *be, struct pollfd *pfd, unsigned int n,
			    bool err)
{
	struct net_slirp *s = (struct net_slirp *)be;
	s64 now = slirp__now_ns() / 1000000;

	s->pfd = pfd;
	s->nr_pfd = n;
	slirp_pollfds_poll(s->slirp, err, slirp__get_revents, s);
	for (unsigned int i = 0; i < SLIRP_MAX_TIMERS; i++) {
		struct slirp_timer *tm = &s->timers[i];

		if (tm->used && tm->expire_ms >= 0 && tm->expire_ms <= now) {
			tm->expire_ms = -1;
			tm->cb(tm->cb_opaque);
		}
	}
}

static void slirp__send(struct net_backend *be, const u8 *frame, size_t len)
{
	struct net_slirp *s = (struct net_slirp *)be;

	slirp_input(s->slirp, frame, (int)len);
}

static void slirp__free(struct net_backend *be)
{
	struct net_slirp *s = (struct net_slirp *)be;

	if (s->slirp)
		slirp_cleanup(s->slirp);
	free(s);
}

static const struct net_backend_ops slirp_ops = {
	.fill = slirp__fill,
	.dispatch = slirp__dispatch,
	.send = slirp__send,
	.free = slirp__free,
};

static int slirp__hostfwds(struct net_slirp *s, const struct lkvm_net_cfg *cfg,
			   struct in_addr guest)
{
	for (unsigned int i = 0; i < cfg->nr_fwd; i++) {
		const struct lkvm_net_fwd *f = &cfg->fwd[i];
		struct in_addr host = { .s_addr = f->host_addr };
		char a[INET_ADDRSTRLEN];

		if (!slirp_add_hostfwd(s->slirp, f->udp, host, f->host_port, guest,
				       f->guest_port))
			continue;
		inet_ntop(AF_INET, &host, a, sizeof(a));
		pr_err("--network hostfwd: cannot listen on %s %s:%u: %s; choose a free port",
		       f->udp ? "udp" : "tcp", a, f->host_port,
		       errno ? strerror(errno) : "in use");
		return -1;
	}
	return 0;
}

struct net_backend *net_slirp__new(const struct lkvm_net_cfg *cfg)
{
	struct net_slirp *s = calloc(1, sizeof(*s));
	SlirpConfig sc = {
		.version = 1,
		.restricted = cfg->restrict_guest,
		.in_enabled = true,
		.vnetwork.s_addr = htonl(0x0a000200),	/* 10.0.2.0 */
		.vnetmask.s_addr = htonl(0xffffff00),
		.vhost.s_addr = htonl(0x0a000202),	/* 10.0.2.2 */
		.vdhcp_start.s_addr = htonl(0x0a00020f),	/* 10.0.2.15 */
		.vnameserver.s_addr = htonl(0x0a000203),	/* 10.0.2.3 */
		.vhostname = "lkvm",
	};

	if (!s) {
		pr_err("out of memory creating the user-mode network");
		return NULL;
	}
	s->be.ops = &slirp_ops;
	s->slirp = slirp_new(&sc, &slirp_cb, s);
	if (!s->slirp) {
		pr_err("cannot set up user-mode networking (libslirp)");
		free(s);
		return NULL;
	}
	errno = 0;
	if (slirp__hostfwds(s, cfg, sc.vdhcp_start)) {
		slirp__free(&s->be);
		return NULL;
	}
	return &s->be;
}
