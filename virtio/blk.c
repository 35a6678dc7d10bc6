/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-blk (virtio 1.x, 5.2) over a raw image or block device. Reads
 * and writes go to libaio from a per-disk I/O thread, so a vCPU only ever
 * kicks an eventfd; completions come back in whatever order the kernel
 * finishes them. Request slots are preallocated, one per ring entry: the
 * request path does not allocate.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "lkvm/ratelimit.h"
#include "lkvm/disk.h"
#include "lkvm/kvm.h"
#include "lkvm/seccomp.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-blk.h"

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	512
/* Limits we advertise for DISCARD and WRITE_ZEROES: one segment, 4 GiB. */
#define BLK_MAX_RANGE_SECTORS	(1u << 23)
#define BLK_RANGE_ALIGN		8	/* sectors: 4 KiB */
/* Larger reads or writes (only a hostile chain makes them) fail. */
#define BLK_MAX_IO		(1ULL << 30)

struct blk_req {
	struct iocb cb;			/* first: libaio hands it back */
	struct virtio_blk *blk;
	struct blk_req *next_free;
	u8 *status;
	u64 expect;			/* bytes the I/O must move */
	u32 used_len;			/* bytes written into the chain on success */
	u16 head;
	struct iovec iov[VIRTIO_BLK_MAX_IOV];
};

struct virtio_blk {
	struct virtio_dev vdev;
	struct virtio_dev_ops ops;
	struct disk_image disk;
	struct disk_aio aio;
	u64 capacity;			/* sectors */
	char serial[VIRTIO_BLK_ID_BYTES];
	u8 config[VIRTIO_BLK_CFG_SIZE];

	pthread_t thread;
	bool running;
	int kick_fd, stop_fd, pause_fd;
	/* lkvm pause: the I/O thread drains and waits (pause_lock). */
	pthread_mutex_t pause_lock;
	pthread_cond_t pause_cond;
	bool pause_req, paused, stop_req;
	bool stopping;			/* I/O thread: drop completions */
	unsigned int inflight;
	bool pushed;			/* used entries not yet signalled */
	struct blk_req *free_reqs;
	struct iocb *batch[VIRTIO_BLK_QUEUE_SIZE];
	int nr_batch;
	struct blk_req reqs[VIRTIO_BLK_QUEUE_SIZE];
};

/* ---- request parsing (pure: no device state) ---- */

int virtio_blk__parse(struct iovec *iov, unsigned int nr_ro, unsigned int nr_wo,
		      struct virtio_blk_req_view *v)
{
	u8 hdr[16];
	size_t skip = sizeof(hdr);
	unsigned int k = 0;

	memset(v, 0, sizeof(*v));
	/* The status byte: the last byte of the last non-empty writable buffer. */
	while (nr_wo && !iov[nr_ro + nr_wo - 1].iov_len)
		nr_wo--;
	if (nr_wo) {
		struct iovec *last = &iov[nr_ro + nr_wo - 1];

		v->status = (u8 *)last->iov_base + last->iov_len - 1;
		if (!--last->iov_len)
			nr_wo--;
	}
	if (iov__to_buf(iov, nr_ro, 0, hdr, sizeof(hdr)) != sizeof(hdr))
		return -EINVAL;
	v->type = get_le32(hdr);
	v->sector = get_le64(hdr + 8);

	/* Step past the header inside the readable buffers. */
	while (k < nr_ro && skip >= iov[k].iov_len) {
		skip -= iov[k].iov_len;
		k++;
	}
	if (k < nr_ro) {
		iov[k].iov_base = (u8 *)iov[k].iov_base + skip;
		iov[k].iov_len -= skip;
	}
	switch (v->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_GET_ID:
		v->data = &iov[nr_ro];
		v->nr_data = nr_wo;
		break;
	case VIRTIO_BLK_T_OUT:
	case VIRTIO_BLK_T_DISCARD:
	case VIRTIO_BLK_T_WRITE_ZEROES:
		v->data = &iov[k];
		v->nr_data = nr_ro - k;
		break;
	default:
		break;
	}
	for (unsigned int i = 0; i < v->nr_data; i++)
		v->data_len += v->data[i].iov_len;
	return v->status ? 0 : -EINVAL;
}

/* ---- completion ---- */

static void blk__complete(struct virtio_blk *b, struct blk_req *r, u8 status, u32 len)
{
	struct virt_queue *vq = &b->vdev.vqs[0];

	if (!b->stopping) {
		if (r->status)
			*r->status = status;
		virtq__push(vq, r->head, r->status ? len : 0);
		b->pushed = true;
	}
	r->next_free = b->free_reqs;
	b->free_reqs = r;
}

static void blk__aio_done(void *data, long res)
{
	struct blk_req *r = data;
	struct virtio_blk *b = r->blk;
	bool ok = res >= 0 && (u64)res == r->expect;

	b->inflight--;
	blk__complete(b, r, ok ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR, ok ? r->used_len : 1);
}

/* Is [sector, sector + bytes/512) inside the disk? */
static bool blk__in_range(const struct virtio_blk *b, u64 sector, u64 bytes)
{
	u64 n = bytes >> SECTOR_SHIFT;

	return sector <= b->capacity && n <= b->capacity - sector;
}

/* DISCARD / WRITE_ZEROES: a list of 16-byte {sector, num_sectors, flags}. */
static u8 blk__ranges(struct virtio_blk *b, const struct virtio_blk_req_view *v)
{
	bool wz = v->type == VIRTIO_BLK_T_WRITE_ZEROES;
	u8 seg[16];
	u64 sector;
	u32 num, flags;

	if (wz ? !b->disk.can_write_zeroes : !b->disk.can_discard)
		return VIRTIO_BLK_S_UNSUPP;
	/* We advertise max_*_seg = 1. */
	if (v->data_len != sizeof(seg) ||
	    iov__to_buf(v->data, v->nr_data, 0, seg, sizeof(seg)) != sizeof(seg))
		return VIRTIO_BLK_S_IOERR;
	sector = get_le64(seg);
	num = get_le32(seg + 8);
	flags = get_le32(seg + 12);
	if (flags & ~(u32)VIRTIO_BLK_WZ_UNMAP || (!wz && flags))
		return VIRTIO_BLK_S_UNSUPP;
	if (num > BLK_MAX_RANGE_SECTORS || !blk__in_range(b, sector, (u64)num << SECTOR_SHIFT))
		return VIRTIO_BLK_S_IOERR;
	if (!num)
		return VIRTIO_BLK_S_OK;
	if (wz ? disk_image__write_zeroes(&b->disk, sector << SECTOR_SHIFT,
					  (u64)num << SECTOR_SHIFT, flags & VIRTIO_BLK_WZ_UNMAP)
	       : disk_image__discard(&b->disk, sector << SECTOR_SHIFT, (u64)num << SECTOR_SHIFT))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

/*
 * Handle one chain sitting in r->iov. Reads and writes are queued on the
 * batch; everything else completes here.
 */
static void blk__handle(struct virtio_blk *b, struct blk_req *r, unsigned int nr_ro,
			unsigned int nr_wo)
{
	struct virtio_blk_req_view v;
	u8 status = VIRTIO_BLK_S_IOERR;
	u32 len = 1;

	if (virtio_blk__parse(r->iov, nr_ro, nr_wo, &v)) {
		r->status = v.status;
		blk__complete(b, r, VIRTIO_BLK_S_IOERR, 1);
		return;
	}
	r->status = v.status;
	switch (v.type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT: {
		bool write = v.type == VIRTIO_BLK_T_OUT;

		if ((write && b->disk.ro) || (v.data_len & (SECTOR_SIZE - 1)) ||
		    v.data_len > BLK_MAX_IO ||
		    !blk__in_range(b, v.sector, v.data_len))
			break;
		if (!v.data_len) {
			status = VIRTIO_BLK_S_OK;
			break;
		}
		r->expect = v.data_len;
		r->used_len = write ? 1 : (u32)(v.data_len + 1);
		disk_aio__prep(&b->aio, &r->cb, b->disk.fd, write, v.data, (int)v.nr_data,
			       v.sector << SECTOR_SHIFT, r);
		b->batch[b->nr_batch++] = &r->cb;
		return;
	}
	case VIRTIO_BLK_T_FLUSH:
		status = disk_image__flush(&b->disk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
		break;
	case VIRTIO_BLK_T_GET_ID: {
		size_t n = v.data_len < VIRTIO_BLK_ID_BYTES ? v.data_len : VIRTIO_BLK_ID_BYTES;

		len += (u32)iov__from_buf(v.data, v.nr_data, 0, b->serial, n);
		status = VIRTIO_BLK_S_OK;
		break;
	}
	case VIRTIO_BLK_T_DISCARD:
	case VIRTIO_BLK_T_WRITE_ZEROES:
		status = blk__ranges(b, &v);
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	blk__complete(b, r, status, len);
}

static void blk__submit_batch(struct virtio_blk *b)
{
	int i = 0;

	while (i < b->nr_batch) {
		int n = disk_aio__submit(&b->aio, b->batch + i, b->nr_batch - i);

		if (n < 0) {
			/* Refused outright: fail this one and go on with the rest. */
			b->inflight++;
			blk__aio_done(b->batch[i]->data, n);
			i++;
			continue;
		}
		b->inflight += (unsigned int)n;
		i += n;
	}
	b->nr_batch = 0;
}

/* A chain needs a free request slot; none free: resumed on a completion. */
static bool blk__prepare(void *opaque, struct virtq_chain *c)
{
	struct virtio_blk *b = opaque;

	if (!b->free_reqs)
		return false;
	c->iov = b->free_reqs->iov;
	c->max_iov = VIRTIO_BLK_MAX_IOV;
	return true;
}

static void blk__take(void *opaque, struct virtq_chain *c)
{
	struct virtio_blk *b = opaque;
	struct blk_req *r = b->free_reqs;

	b->free_reqs = r->next_free;
	r->head = c->head;
	r->status = NULL;
	blk__handle(b, r, c->nr_ro, c->nr_wo);
}

static void blk__batch_end(void *opaque)
{
	blk__submit_batch(opaque);
}

static const struct virtq_drain blk_drain_ops = {
	.prepare = blk__prepare, .handle = blk__take, .batch_end = blk__batch_end,
};

/* Take every available chain we have a slot for. */
static void blk__process(struct virtio_blk *b)
{
	virtq__drain(&b->vdev, &b->vdev.vqs[0], blk_drain_ops, b);
}

static void blk__signal(struct virtio_blk *b)
{
	if (b->pushed) {
		b->pushed = false;
		virtio__signal_vq(&b->vdev, &b->vdev.vqs[0]);
	}
}

/* Paused: every in-flight request lands and is signalled, then wait. */
static void blk__hold(struct virtio_blk *b)
{
	u64 cnt;

	while (read(b->pause_fd, &cnt, sizeof(cnt)) > 0)
		;
	while (b->inflight)
		if (disk_aio__reap(&b->aio, 1, VIRTIO_BLK_QUEUE_SIZE, blk__aio_done) < 0)
			break;
	blk__signal(b);
	pthread_mutex_lock(&b->pause_lock);
	b->paused = true;
	pthread_cond_broadcast(&b->pause_cond);
	while (b->pause_req && !b->stop_req)
		pthread_cond_wait(&b->pause_cond, &b->pause_lock);
	b->paused = false;
	pthread_mutex_unlock(&b->pause_lock);
}

static void *blk__thread(void *arg)
{
	struct virtio_blk *b = arg;
	struct pollfd pfd[4] = {
		{ .fd = b->kick_fd, .events = POLLIN },
		{ .fd = b->aio.efd, .events = POLLIN },
		{ .fd = b->stop_fd, .events = POLLIN },
		{ .fd = b->pause_fd, .events = POLLIN },
	};
	u64 cnt;

	if (seccomp__enter(SECCOMP_KIND_DISK)) {
		kvm__request_stop(b->vdev.kvm, STOP_ERROR, 1);
		return NULL;
	}
	blk__process(b);
	blk__signal(b);
	for (;;) {
		if (poll(pfd, 4, -1) < 0)
			continue;
		if (pfd[2].revents)
			break;
		if (pfd[3].revents) {
			blk__hold(b);
			continue;
		}
		if (pfd[1].revents) {
			bool was_full = !b->free_reqs;

			disk_aio__reap(&b->aio, 0, VIRTIO_BLK_QUEUE_SIZE, blk__aio_done);
			if (was_full)
				blk__process(b);
		}
		if (pfd[0].revents && read(b->kick_fd, &cnt, sizeof(cnt)) > 0)
			blk__process(b);
		blk__signal(b);
	}
	/* Reset or exit: let in-flight I/O land, but tell the guest nothing. */
	b->stopping = true;
	while (b->inflight)
		if (disk_aio__reap(&b->aio, 1, VIRTIO_BLK_QUEUE_SIZE, blk__aio_done) < 0)
			break;
	return NULL;
}

static void blk__reset_slots(struct virtio_blk *b)
{
	b->free_reqs = NULL;
	for (int i = VIRTIO_BLK_QUEUE_SIZE - 1; i >= 0; i--) {
		b->reqs[i].blk = b;
		b->reqs[i].next_free = b->free_reqs;
		b->free_reqs = &b->reqs[i];
	}
	b->inflight = 0;
	b->nr_batch = 0;
	b->pushed = false;
	b->stopping = false;
}

static int blk__start(struct virtio_dev *vdev)
{
	struct virtio_blk *b = vdev->priv;
	sigset_t all, old;
	u64 cnt;
	int err;

	if (!vdev->vqs[0].ready)
		return 0;	/* nothing to serve; a notify cannot reach us */
	blk__reset_slots(b);
	while (read(b->stop_fd, &cnt, sizeof(cnt)) > 0)
		;
	/* Signals are for the main and vCPU threads, never the I/O thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&b->thread, NULL, blk__thread, b);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pr_err("cannot start the I/O thread of %s: %s", b->disk.path, strerror(err));
		return -err;
	}
	b->running = true;
	return 0;
}

static void blk__stop(struct virtio_dev *vdev)
{
	struct virtio_blk *b = vdev->priv;
	u64 one = 1;

	if (!b->running)
		return;
	pthread_mutex_lock(&b->pause_lock);
	b->stop_req = true;
	pthread_cond_broadcast(&b->pause_cond);
	pthread_mutex_unlock(&b->pause_lock);
	if (write(b->stop_fd, &one, sizeof(one)) < 0)
		pr_warn("%s: cannot stop the I/O thread: %s", b->disk.path, strerror(errno));
	pthread_join(b->thread, NULL);
	b->running = false;
	b->stop_req = b->pause_req = b->paused = false;
}

static void blk__pause(struct virtio_dev *vdev)
{
	struct virtio_blk *b = vdev->priv;
	u64 one = 1;

	if (!b->running)
		return;
	pthread_mutex_lock(&b->pause_lock);
	b->pause_req = true;
	if (write(b->pause_fd, &one, sizeof(one)) < 0)
		pr_warn("%s: cannot pause the I/O thread: %s", b->disk.path, strerror(errno));
	else
		while (!b->paused)
			pthread_cond_wait(&b->pause_cond, &b->pause_lock);
	pthread_mutex_unlock(&b->pause_lock);
}

static void blk__resume(struct virtio_dev *vdev)
{
	struct virtio_blk *b = vdev->priv;

	pthread_mutex_lock(&b->pause_lock);
	b->pause_req = false;
	pthread_cond_broadcast(&b->pause_cond);
	pthread_mutex_unlock(&b->pause_lock);
}

static void blk__notify(struct virtio_dev *vdev, unsigned int q)
{
	struct virtio_blk *b = vdev->priv;
	u64 one = 1;

	(void)q;
	/* The vCPU only kicks; a full counter still wakes the thread. */
	if (b->running && write(b->kick_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		pr_debug_ratelimited("%s: kick failed: %s", b->disk.path, strerror(errno));
}

/* The I/O thread's kick: the kernel may write it for the guest's notify. */
static int blk__notify_fd(struct virtio_dev *vdev, unsigned int q)
{
	struct virtio_blk *b = vdev->priv;

	return q == 0 ? b->kick_fd : -1;
}

static void blk__fill_config(struct virtio_blk *b)
{
	u8 *c = b->config;

	memset(c, 0, sizeof(b->config));
	put_le64(c + VIRTIO_BLK_CFG_CAPACITY, b->capacity);
	put_le32(c + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX);
	put_le32(c + VIRTIO_BLK_CFG_BLK_SIZE, b->disk.blk_size);
	put_le32(c + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, BLK_MAX_RANGE_SECTORS);
	put_le32(c + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, 1);
	put_le32(c + VIRTIO_BLK_CFG_DISCARD_ALIGN, BLK_RANGE_ALIGN);
	put_le32(c + VIRTIO_BLK_CFG_MAX_WZ_SECTORS, BLK_MAX_RANGE_SECTORS);
	put_le32(c + VIRTIO_BLK_CFG_MAX_WZ_SEG, 1);
	c[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = b->disk.can_discard;
}

int virtio_blk__new(struct kvm *kvm, const struct virtio_blk_opts *o, unsigned int index,
		    struct virtio_blk **out)
{
	struct virtio_blk *b = calloc(1, sizeof(*b));
	u64 features;
	int err;

	if (!b) {
		pr_err("out of memory creating the disk %s", o->path);
		return -ENOMEM;
	}
	b->kick_fd = b->stop_fd = b->pause_fd = -1;
	b->aio.efd = -1;
	pthread_mutex_init(&b->pause_lock, NULL);
	pthread_cond_init(&b->pause_cond, NULL);
	err = disk_image__open(&b->disk, o->path, o->ro, o->direct);
	if (err) {
		free(b);
		return err;
	}
	err = disk_aio__init(&b->aio, VIRTIO_BLK_QUEUE_SIZE);
	if (err) {
		pr_err("cannot set up Linux AIO for %s: %s; raise /proc/sys/fs/aio-max-nr",
		       o->path, strerror(-err));
		goto fail;
	}
	b->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	b->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	b->pause_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (b->kick_fd < 0 || b->stop_fd < 0 || b->pause_fd < 0) {
		err = -errno;
		pr_err("cannot create eventfds for %s: %s", o->path, strerror(errno));
		goto fail;
	}
	b->capacity = b->disk.size >> SECTOR_SHIFT;
	if (o->serial)
		memcpy(b->serial, o->serial, strnlen(o->serial, sizeof(b->serial)));
	else
		snprintf(b->serial, sizeof(b->serial), "lkvm-disk%u", index);
	blk__fill_config(b);

	features = BIT(VIRTIO_BLK_F_SEG_MAX) | BIT(VIRTIO_BLK_F_BLK_SIZE) |
		   BIT(VIRTIO_BLK_F_FLUSH);
	if (b->disk.ro)
		features |= BIT(VIRTIO_BLK_F_RO);
	if (b->disk.can_discard)
		features |= BIT(VIRTIO_BLK_F_DISCARD);
	if (b->disk.can_write_zeroes)
		features |= BIT(VIRTIO_BLK_F_WRITE_ZEROES);
	b->ops = (struct virtio_dev_ops){
		.name = "virtio-blk",
		.device_id = VIRTIO_ID_BLOCK,
		.nr_queues = 1,
		.queue_max = VIRTIO_BLK_QUEUE_SIZE,
		.features = features,
		.config_size = VIRTIO_BLK_CFG_SIZE,
		.start = blk__start,
		.stop = blk__stop,
		.pause = blk__pause,
		.resume = blk__resume,
		.notify = blk__notify,
		.notify_fd = blk__notify_fd,
	};
	virtio__dev_init(&b->vdev, kvm, &b->ops, b, b->config);
	*out = b;
	return 0;
fail:
	virtio_blk__free(b);
	return err;
}

struct virtio_dev *virtio_blk__vdev(struct virtio_blk *b)
{
	return &b->vdev;
}

void virtio_blk__free(struct virtio_blk *b)
{
	if (!b)
		return;
	if (b->vdev.ops)
		virtio__dev_destroy(&b->vdev);
	disk_aio__exit(&b->aio);
	if (b->kick_fd >= 0)
		close(b->kick_fd);
	if (b->stop_fd >= 0)
		close(b->stop_fd);
	if (b->pause_fd >= 0)
		close(b->pause_fd);
	pthread_mutex_destroy(&b->pause_lock);
	pthread_cond_destroy(&b->pause_cond);
	disk_image__close(&b->disk);
	free(b);
}
