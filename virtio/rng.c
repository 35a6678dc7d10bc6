/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-rng (virtio 1.x, 5.4): one queue of writable buffers, filled
 * from getrandom() on the notifying vCPU (the host pool never blocks once
 * initialised, and each chain gets at most RNG_CHAIN_MAX bytes).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include "lkvm/kvm.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-devices.h"

#define RNG_QUEUE_SIZE	64
#define RNG_MAX_IOV	64
#define RNG_CHAIN_MAX	65536

struct virtio_rng {
	struct virtio_dev vdev;
	struct iovec iov[RNG_MAX_IOV];
};

/* Fill up to max bytes of the writable buffers; returns the bytes written. */
static u32 rng__fill(struct iovec *iov, unsigned int n, u32 max)
{
	u32 done = 0;

	for (unsigned int i = 0; i < n && done < max; i++) {
		u8 *p = iov[i].iov_base;
		size_t want = iov[i].iov_len < max - done ? iov[i].iov_len : max - done;
		size_t got = 0;

		while (got < want) {
			ssize_t r = getrandom(p + got, want - got, GRND_NONBLOCK);

			if (r > 0)
				got += (size_t)r;
			else if (r < 0 && errno == EINTR)
				continue;
			else
				return done + (u32)got;	/* pool not ready: give what we have */
		}
		done += (u32)got;
	}
	return done;
}

struct rng_drain {
	struct virtio_rng *r;
	struct virt_queue *vq;
	bool pushed;
};

static bool rng__prepare(void *opaque, struct virtq_chain *c)
{
	struct rng_drain *d = opaque;

	c->iov = d->r->iov;
	c->max_iov = RNG_MAX_IOV;
	return true;
}

static void rng__handle(void *opaque, struct virtq_chain *c)
{
	struct rng_drain *d = opaque;
	u32 len = rng__fill(d->r->iov + c->nr_ro, c->nr_wo, RNG_CHAIN_MAX);

	virtq__push(d->vq, c->head, len);
	d->pushed = true;
}

static const struct virtq_drain rng_drain_ops = {
	.prepare = rng__prepare, .handle = rng__handle,
};

static void rng__notify(struct virtio_dev *vdev, unsigned int q)
{
	struct rng_drain d = { vdev->priv, &vdev->vqs[q], false };

	virtq__drain(vdev, d.vq, rng_drain_ops, &d);
	if (d.pushed)
		virtio__signal_vq(vdev, d.vq);
}

static const struct virtio_dev_ops rng_ops = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.nr_queues = 1,
	.queue_max = RNG_QUEUE_SIZE,
	.notify = rng__notify,
};

struct virtio_rng *virtio_rng__new(struct kvm *kvm)
{
	struct virtio_rng *r = calloc(1, sizeof(*r));

	if (!r) {
		pr_err("out of memory creating virtio-rng");
		return NULL;
	}
	virtio__dev_init(&r->vdev, kvm, &rng_ops, r, NULL);
	return r;
}

struct virtio_dev *virtio_rng__vdev(struct virtio_rng *r)
{
	return &r->vdev;
}

void virtio_rng__free(struct virtio_rng *r)
{
	if (!r)
		return;
	virtio__dev_destroy(&r->vdev);
	free(r);
}
