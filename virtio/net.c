/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-net (virtio 1.x, 5.1): one receive and one transmit queue, a MAC
 * and link status, no offloads (the back-ends hand over plain frames).
 * Each NIC has a thread that owns its back-end: it polls the back-end's
 * fds and an eventfd the vCPU kicks on a notify, takes transmit chains
 * and feeds the back-end, and puts what the back-end receives into the
 * guest's buffers. Queue state is touched only under vdev->lock, so a
 * reset needs no handshake with the thread. A frame that finds no
 * receive buffer is dropped (TCP retransmits): lkvm keeps no queue of
 * host buffers for a guest that does not read.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "lkvm/kvm.h"
#include "lkvm/net.h"
#include "lkvm/ratelimit.h"
#include "lkvm/seccomp.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-net.h"

#define NET_RXQ		0
#define NET_TXQ		1

struct virtio_net {
	struct virtio_dev vdev;
	struct virtio_dev_ops ops;
	u8 config[VIRTIO_NET_CFG_SIZE];
	struct net_backend *be;

	pthread_t thread;
	bool running;
	int kick_fd, stop_fd;
	bool in_tx;			/* thread: the transmit drain holds the lock */
	struct iovec tx_iov[VIRTIO_NET_MAX_IOV];
	struct iovec rx_iov[VIRTIO_NET_MAX_IOV];
	u8 frame[VIRTIO_NET_MAX_FRAME];
};

/* ---- guest-facing parsing (pure) ---- */

int virtio_net__tx_frame(const struct iovec *iov, unsigned int nr_ro, u8 *buf, size_t cap)
{
	u8 hdr[VIRTIO_NET_HDR_SIZE];
	size_t len;

	if (iov__to_buf(iov, nr_ro, 0, hdr, sizeof(hdr)) != sizeof(hdr))
		return -EINVAL;
	/* We offer no GSO: a segmentation request is a broken frame. */
	if (hdr[1] != VIRTIO_NET_HDR_GSO_NONE)
		return -EINVAL;
	len = iov__to_buf(iov, nr_ro, sizeof(hdr), buf, cap);
	if (len < VIRTIO_NET_MIN_FRAME)
		return -EINVAL;
	/* More than cap: too long (the copy stopped at cap). */
	if (len == cap && iov__to_buf(iov, nr_ro, sizeof(hdr) + cap, hdr, 1))
		return -EINVAL;
	return (int)len;
}

u32 virtio_net__rx_fill(const struct iovec *iov, unsigned int nr_wo, const u8 *frame,
			size_t len)
{
	u8 hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
	u64 room = 0;

	for (unsigned int i = 0; i < nr_wo; i++)
		room += iov[i].iov_len;
	if (room < sizeof(hdr) + len)
		return 0;
	put_le16(hdr + 10, 1);		/* num_buffers */
	iov__from_buf(iov, nr_wo, 0, hdr, sizeof(hdr));
	iov__from_buf(iov, nr_wo, sizeof(hdr), frame, len);
	return (u32)(sizeof(hdr) + len);
}

/* ---- receive: the back-end calls this on the NIC's thread ---- */

static bool net__rx_ready(struct virtio_net *n)
{
	struct virt_queue *vq = &n->vdev.vqs[NET_RXQ];

	return n->vdev.started && vq->ready && !vq->broken;
}

static void net__rx(void *opaque, const u8 *frame, size_t len)
{
	struct virtio_net *n = opaque;
	struct virtio_dev *vdev = &n->vdev;
	struct virt_queue *vq = &vdev->vqs[NET_RXQ];
	struct virtq_chain c = { .iov = n->rx_iov, .max_iov = VIRTIO_NET_MAX_IOV };
	int ret;

	/* slirp answers some frames (ARP, DHCP) inside the transmit drain. */
	if (!n->in_tx)
		pthread_mutex_lock(&vdev->lock);
	if (!net__rx_ready(n))
		goto out;
	ret = virtq__pop(vq, &c);
	if (ret < 0)
		virtio__set_needs_reset(vdev);
	if (ret <= 0)
		goto out;	/* no buffer: dropped */
	virtq__push(vq, c.head, virtio_net__rx_fill(n->rx_iov + c.nr_ro, c.nr_wo, frame, len));
	virtio__signal_vq(vdev, vq);
out:
	if (!n->in_tx)
		pthread_mutex_unlock(&vdev->lock);
}

/* ---- transmit ---- */

struct net_tx_drain {
	struct virtio_net *n;
	struct virt_queue *vq;
	bool pushed;
};

static bool net__tx_prepare(void *opaque, struct virtq_chain *c)
{
	struct net_tx_drain *d = opaque;

	c->iov = d->n->tx_iov;
	c->max_iov = VIRTIO_NET_MAX_IOV;
	return true;
}

static void net__tx_handle(void *opaque, struct virtq_chain *c)
{
	struct net_tx_drain *d = opaque;
	struct virtio_net *n = d->n;
	int len = virtio_net__tx_frame(n->tx_iov, c->nr_ro, n->frame, sizeof(n->frame));

	virtq__push(d->vq, c->head, 0);
	d->pushed = true;
	if (len < 0) {
		pr_debug_ratelimited("virtio-net: dropped a malformed transmit chain");
		return;
	}
	n->be->ops->send(n->be, n->frame, (size_t)len);
}

static const struct virtq_drain net_tx_drain_ops = {
	.prepare = net__tx_prepare, .handle = net__tx_handle,
};

static void net__tx(struct virtio_net *n)
{
	struct net_tx_drain d = { n, &n->vdev.vqs[NET_TXQ], false };

	pthread_mutex_lock(&n->vdev.lock);
	if (n->vdev.started && d.vq->ready) {
		n->in_tx = true;
		virtq__drain(&n->vdev, d.vq, net_tx_drain_ops, &d);
		n->in_tx = false;
		if (d.pushed)
			virtio__signal_vq(&n->vdev, d.vq);
	}
	pthread_mutex_unlock(&n->vdev.lock);
}

/* ---- the NIC's thread ---- */

static void *net__thread(void *arg)
{
	struct virtio_net *n = arg;
	struct pollfd pfd[2 + NET_MAX_POLLFDS];
	u64 cnt;

	if (seccomp__enter(SECCOMP_KIND_NET)) {
		kvm__request_stop(n->vdev.kvm, STOP_ERROR, 1);
		return NULL;
	}
	for (;;) {
		unsigned int nb = 0;
		int timeout = -1, r;
		bool want_rx;

		pfd[0] = (struct pollfd){ .fd = n->stop_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = n->kick_fd, .events = POLLIN };
		pthread_mutex_lock(&n->vdev.lock);
		want_rx = net__rx_ready(n) && virtq__has_work(&n->vdev.vqs[NET_RXQ]);
		pthread_mutex_unlock(&n->vdev.lock);
		n->be->ops->fill(n->be, pfd + 2, &nb, &timeout, want_rx);
		r = poll(pfd, 2 + nb, timeout);
		if (r > 0 && pfd[0].revents)
			break;
		if (r > 0 && pfd[1].revents && read(n->kick_fd, &cnt, sizeof(cnt)) > 0)
			net__tx(n);
		n->be->ops->dispatch(n->be, pfd + 2, nb, r < 0 && errno != EINTR);
	}
	return NULL;
}

/* The vCPU only kicks: transmit runs on the NIC's thread, and new
 * receive buffers let it read the back-end again. */
static void net__notify(struct virtio_dev *vdev, unsigned int q)
{
	struct virtio_net *n = vdev->priv;
	u64 one = 1;

	(void)q;
	if (write(n->kick_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		pr_debug_ratelimited("virtio-net: kick failed: %s", strerror(errno));
}

/* Both queues kick the one thread: the kernel may signal kick_fd itself. */
static int net__notify_fd(struct virtio_dev *vdev, unsigned int q)
{
	struct virtio_net *n = vdev->priv;

	return q < 2 ? n->kick_fd : -1;
}

static int net__start_thread(struct virtio_net *n)
{
	sigset_t all, old;
	int err;

	/* Signals are for the main and vCPU threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&n->thread, NULL, net__thread, n);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pr_err("cannot start the network thread: %s", strerror(err));
		return -1;
	}
	n->running = true;
	return 0;
}

struct virtio_net *virtio_net__new(struct kvm *kvm, const struct lkvm_net_cfg *cfg,
				   struct net_backend *be)
{
	struct virtio_net *n = calloc(1, sizeof(*n));

	if (!n) {
		pr_err("out of memory creating virtio-net");
		be->ops->free(be);
		return NULL;
	}
	n->be = be;
	n->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	n->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (n->kick_fd < 0 || n->stop_fd < 0) {
		pr_err("cannot create eventfds for virtio-net: %s", strerror(errno));
		goto fail;
	}
	n->be->rx = net__rx;
	n->be->rx_opaque = n;
	memcpy(n->config, cfg->mac, 6);
	put_le16(n->config + 6, VIRTIO_NET_S_LINK_UP);
	n->ops = (struct virtio_dev_ops){
		.name = "virtio-net",
		.device_id = VIRTIO_ID_NET,
		.nr_queues = 2,
		.queue_max = VIRTIO_NET_QUEUE_SIZE,
		.features = BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS),
		.config_size = VIRTIO_NET_CFG_SIZE,
		.notify = net__notify,
		.notify_fd = net__notify_fd,
	};
	virtio__dev_init(&n->vdev, kvm, &n->ops, n, n->config);
	if (net__start_thread(n))
		goto fail;
	return n;
fail:
	virtio_net__free(n);
	return NULL;
}

struct virtio_dev *virtio_net__vdev(struct virtio_net *n)
{
	return &n->vdev;
}

void virtio_net__stop(struct virtio_net *n)
{
	u64 one = 1;

	if (!n || !n->running)
		return;
	if (write(n->stop_fd, &one, sizeof(one)) < 0)
		pr_warn("virtio-net: cannot stop the network thread: %s", strerror(errno));
	pthread_join(n->thread, NULL);
	n->running = false;
}

void virtio_net__free(struct virtio_net *n)
{
	if (!n)
		return;
	virtio_net__stop(n);
	if (n->vdev.ops)
		virtio__dev_destroy(&n->vdev);
	if (n->be)
		n->be->ops->free(n->be);
	if (n->kick_fd >= 0)
		close(n->kick_fd);
	if (n->stop_fd >= 0)
		close(n->stop_fd);
	free(n);
}
