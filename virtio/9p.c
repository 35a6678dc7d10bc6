/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-9p (virtio 1.x, 5.x "9P transport"): one request queue, the mount
 * tag in config space. Requests are served by a worker thread of the
 * device's own, started with the device (before any seccomp filter, so it
 * loads only its own: util/seccomp.c), kicked by an eventfd from the
 * vCPU's notify. The 9P2000.L handling itself is virtio/9p-proto.c.
 * Each chain's request is copied out, handled, and the reply copied back:
 * the guest cannot change a message under the handler.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "lkvm/kvm.h"
#include "lkvm/p9.h"
#include "lkvm/ratelimit.h"
#include "lkvm/seccomp.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-9p.h"

#define P9_QUEUE_SIZE	128
/* Linux's client uses up to its ring size in buffers per request. */
#define P9_MAX_IOV	(2 * P9_QUEUE_SIZE + 4)

struct virtio_9p {
	struct virtio_dev vdev;
	struct virtio_dev_ops ops;
	struct p9_server *srv;
	char tag[VIRTIO_9P_TAG_MAX + 1];
	u8 config[2 + VIRTIO_9P_TAG_MAX];

	pthread_t thread;
	bool thread_ok;
	int kick_fd, exit_fd;
	pthread_mutex_t work_lock;	/* held while the worker serves the queue */
	bool active;			/* started: the queue may be used */
	bool pushed;
	struct iovec iov[P9_MAX_IOV];
	u8 *req, *resp;			/* P9_MAX_MSIZE each */
};

static bool p9dev__prepare(void *opaque, struct virtq_chain *c)
{
	struct virtio_9p *p = opaque;

	c->iov = p->iov;
	c->max_iov = P9_MAX_IOV;
	return true;
}

static void p9dev__handle(void *opaque, struct virtq_chain *c)
{
	struct virtio_9p *p = opaque;
	size_t in = iov__to_buf(c->iov, c->nr_ro, 0, p->req, P9_MAX_MSIZE);
	size_t room = c->wo_len < P9_MAX_MSIZE ? (size_t)c->wo_len : P9_MAX_MSIZE;
	size_t n = p9__handle(p->srv, p->req, in, p->resp, room);

	n = iov__from_buf(c->iov + c->nr_ro, c->nr_wo, 0, p->resp, n);
	virtq__push(&p->vdev.vqs[0], c->head, (u32)n);
	p->pushed = true;
}

static const struct virtq_drain p9_drain_ops = {
	.prepare = p9dev__prepare, .handle = p9dev__handle,
};

static void *p9dev__thread(void *arg)
{
	struct virtio_9p *p = arg;
	struct pollfd pfd[2] = {
		{ .fd = p->kick_fd, .events = POLLIN },
		{ .fd = p->exit_fd, .events = POLLIN },
	};
	u64 cnt;

	if (seccomp__enter(SECCOMP_KIND_9P)) {
		kvm__request_stop(p->vdev.kvm, STOP_ERROR, 1);
		return NULL;
	}
	for (;;) {
		if (poll(pfd, 2, -1) < 0)
			continue;
		if (pfd[1].revents)
			break;
		if (!(pfd[0].revents && read(p->kick_fd, &cnt, sizeof(cnt)) > 0))
			continue;
		pthread_mutex_lock(&p->work_lock);
		if (p->active) {
			virtq__drain(&p->vdev, &p->vdev.vqs[0], p9_drain_ops, p);
			if (p->pushed) {
				p->pushed = false;
				virtio__signal_vq(&p->vdev, &p->vdev.vqs[0]);
			}
		}
		pthread_mutex_unlock(&p->work_lock);
	}
	return NULL;
}

static void p9dev__kick(struct virtio_9p *p)
{
	u64 one = 1;

	if (write(p->kick_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		pr_debug_ratelimited("virtio-9p %s: kick failed: %s", p->tag, strerror(errno));
}

/* The kernel may signal kick_fd itself on QueueNotify (an ioeventfd). */
static int p9dev__notify_fd(struct virtio_dev *vdev, unsigned int q)
{
	struct virtio_9p *p = vdev->priv;

	return q == 0 ? p->kick_fd : -1;
}

static int p9dev__start(struct virtio_dev *vdev)
{
	struct virtio_9p *p = vdev->priv;

	if (!vdev->vqs[0].ready)
		return 0;
	pthread_mutex_lock(&p->work_lock);
	p9__reset(p->srv);		/* a new driver: no fids of the old one */
	p->active = true;
	p->pushed = false;
	pthread_mutex_unlock(&p->work_lock);
	p9dev__kick(p);			/* requests queued before DRIVER_OK */
	return 0;
}

/* Returns once the worker is off the queue (it holds work_lock there). */
static void p9dev__stop(struct virtio_dev *vdev)
{
	struct virtio_9p *p = vdev->priv;

	pthread_mutex_lock(&p->work_lock);
	p->active = false;
	pthread_mutex_unlock(&p->work_lock);
}

static void p9dev__notify(struct virtio_dev *vdev, unsigned int q)
{
	(void)q;
	p9dev__kick(vdev->priv);
}

int virtio_9p__new(struct kvm *kvm, const char *dir, const char *tag, bool ro,
		   struct virtio_9p **out)
{
	struct virtio_9p *p = calloc(1, sizeof(*p));
	size_t tl = strlen(tag);
	sigset_t all, old;
	int err;

	if (!p) {
		pr_err("out of memory creating the 9p share %s", tag);
		return -ENOMEM;
	}
	p->kick_fd = p->exit_fd = -1;
	pthread_mutex_init(&p->work_lock, NULL);
	if (tl > VIRTIO_9P_TAG_MAX) {
		pr_err("9p tag '%s' is longer than %d bytes", tag, VIRTIO_9P_TAG_MAX);
		err = -EINVAL;
		goto fail;
	}
	memcpy(p->tag, tag, tl);
	p->srv = p9__new(dir, ro);
	if (!p->srv) {
		err = -errno;
		pr_err("cannot share %s (--9p): %s", dir, strerror(errno));
		goto fail;
	}
	p->req = malloc(P9_MAX_MSIZE);
	p->resp = malloc(P9_MAX_MSIZE);
	p->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	p->exit_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!p->req || !p->resp || p->kick_fd < 0 || p->exit_fd < 0) {
		err = -ENOMEM;
		pr_err("cannot set up the 9p share %s: out of memory or file descriptors", tag);
		goto fail;
	}
	put_le16(p->config, (u16)tl);
	memcpy(p->config + 2, tag, tl);
	p->ops = (struct virtio_dev_ops){
		.name = "virtio-9p",
		.device_id = VIRTIO_ID_9P,
		.nr_queues = 1,
		.queue_max = P9_QUEUE_SIZE,
		.features = BIT(VIRTIO_9P_F_MOUNT_TAG),
		.config_size = (u32)(2 + tl),
		.start = p9dev__start,
		.stop = p9dev__stop,
		.notify = p9dev__notify,
		.notify_fd = p9dev__notify_fd,
	};
	virtio__dev_init(&p->vdev, kvm, &p->ops, p, p->config);
	/* Signals are for the main and vCPU threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&p->thread, NULL, p9dev__thread, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pr_err("cannot start the 9p thread of %s: %s", tag, strerror(err));
		err = -err;
		goto fail;
	}
	p->thread_ok = true;
	*out = p;
	return 0;
fail:
	virtio_9p__free(p);
	return err;
}

struct virtio_dev *virtio_9p__vdev(struct virtio_9p *p)
{
	return &p->vdev;
}

void virtio_9p__free(struct virtio_9p *p)
{
	u64 one = 1;

	if (!p)
		return;
	if (p->vdev.ops)
		virtio__dev_destroy(&p->vdev);
	if (p->thread_ok) {
		if (write(p->exit_fd, &one, sizeof(one)) < 0)
			pr_warn("virtio-9p %s: cannot stop its thread: %s", p->tag, strerror(errno));
		pthread_join(p->thread, NULL);
	}
	if (p->kick_fd >= 0)
		close(p->kick_fd);
	if (p->exit_fd >= 0)
		close(p->exit_fd);
	free(p->req);
	free(p->resp);
	p9__free(p->srv);
	pthread_mutex_destroy(&p->work_lock);
	free(p);
}
