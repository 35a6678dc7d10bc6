/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-balloon (virtio 1.x, 5.5): lkvm balloon moves the target
 * (num_pages, 4 KiB pages), the guest's driver answers with page frame
 * numbers on the inflate queue, and lkvm gives those pages back to the
 * host (MADV_DONTNEED: they read as zero when the guest takes them back
 * through the deflate queue). The statistics queue feeds lkvm stat: the
 * driver's one buffer is kept until a request returns it, and the
 * driver refills it. DEFLATE_ON_OOM is offered: a guest under memory
 * pressure deflates by itself.
 *
 * Guest-supplied page numbers are checked one by one against RAM; one
 * outside it is skipped. Ring errors set NEEDS_RESET as for every device.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include "lkvm/ctl.h"
#include "lkvm/kvm.h"
#include "lkvm/ratelimit.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-balloon.h"

#define BALLOON_F_STATS_VQ		1
#define BALLOON_F_DEFLATE_ON_OOM	2
#define BALLOON_QUEUE_SIZE		128
#define BALLOON_MAX_IOV			64
#define BALLOON_CFG_SIZE		8	/* num_pages, actual */
#define BALLOON_INFLATE			0
#define BALLOON_DEFLATE			1
#define BALLOON_STATS			2
#define BALLOON_PFN_SHIFT		12
#define BALLOON_STAT_SIZE		10	/* le16 tag, le64 value */
#define BALLOON_STATS_MAX		32
#define BALLOON_PFN_CHUNK		256

struct virtio_balloon {
	struct virtio_dev vdev;
	u8 config[BALLOON_CFG_SIZE];
	struct iovec iov[BALLOON_MAX_IOV];
	size_t host_page;

	/* Under vdev->lock. */
	u64 inflated, deflated;		/* 4 KiB pages, since start */
	u64 bad_pfns;
	bool stats_held;		/* the driver's buffer is ours */
	u16 stats_head;
	u64 stats_gen;			/* buffers received */
	u8 stats[BALLOON_STATS_MAX * BALLOON_STAT_SIZE];
	size_t stats_len;
	pthread_cond_t stats_cond;	/* with vdev->lock */
};

/* Give [start, end) back to the host, whole host pages only. */
static void balloon__discard(struct virtio_balloon *b, u8 *start, u8 *end)
{
	uintptr_t s = ALIGN_UP((uintptr_t)start, b->host_page);
	uintptr_t e = ALIGN_DOWN((uintptr_t)end, b->host_page);

	if (s < e)
		madvise((void *)s, e - s, MADV_DONTNEED);
}

/*
 * An inflate chain: le32 page numbers in its readable buffers. Runs of
 * contiguous pages become one madvise.
 */
int virtio_balloon__inflate(struct virtio_balloon *b, const struct iovec *iov, unsigned int n)
{
	u8 pfns[BALLOON_PFN_CHUNK * 4], *run = NULL, *run_end = NULL;
	size_t skip = 0, got;
	int pages = 0;

	while ((got = iov__to_buf(iov, n, skip, pfns, sizeof(pfns))) >= 4) {
		for (size_t i = 0; i + 4 <= got; i += 4) {
			u64 gpa = (u64)get_le32(pfns + i) << BALLOON_PFN_SHIFT;
			u8 *hva = kvm__gpa_to_hva(b->vdev.kvm, gpa, 1ULL << BALLOON_PFN_SHIFT);

			if (!hva) {
				b->bad_pfns++;
				continue;
			}
			pages++;
			if (run && hva == run_end) {
				run_end += 1 << BALLOON_PFN_SHIFT;
				continue;
			}
			if (run)
				balloon__discard(b, run, run_end);
			run = hva;
			run_end = hva + (1 << BALLOON_PFN_SHIFT);
		}
		skip += got & ~(size_t)3;
		if (got < sizeof(pfns))
			break;
	}
	if (run)
		balloon__discard(b, run, run_end);
	return pages;
}

struct balloon_drain {
	struct virtio_balloon *b;
	struct virt_queue *vq;
	unsigned int q;
	bool pushed;
};

static bool balloon__prepare(void *opaque, struct virtq_chain *c)
{
	struct balloon_drain *d = opaque;

	c->iov = d->b->iov;
	c->max_iov = BALLOON_MAX_IOV;
	return true;
}

static void balloon__handle(void *opaque, struct virtq_chain *c)
{
	struct balloon_drain *d = opaque;
	struct virtio_balloon *b = d->b;
	int pages;

	switch (d->q) {
	case BALLOON_INFLATE:
		pages = virtio_balloon__inflate(b, b->iov, c->nr_ro);
		b->inflated += (u64)pages;
		break;
	case BALLOON_DEFLATE:
		/* Nothing to do: a discarded page faults back in on first use. */
		b->deflated += c->ro_len / 4;
		break;
	default:
		/* A driver that posts a second buffer gets the first one back. */
		if (b->stats_held) {
			virtq__push(d->vq, b->stats_head, 0);
			d->pushed = true;
		}
		b->stats_len = iov__to_buf(b->iov, c->nr_ro, 0, b->stats, sizeof(b->stats));
		b->stats_len -= b->stats_len % BALLOON_STAT_SIZE;
		b->stats_head = c->head;
		b->stats_held = true;
		b->stats_gen++;
		pthread_cond_broadcast(&b->stats_cond);
		return;		/* kept until lkvm stat asks again */
	}
	virtq__push(d->vq, c->head, 0);
	d->pushed = true;
}

static const struct virtq_drain balloon_drain_ops = {
	.prepare = balloon__prepare, .handle = balloon__handle,
};

static void balloon__notify(struct virtio_dev *vdev, unsigned int q)
{
	struct balloon_drain d = { vdev->priv, &vdev->vqs[q], q, false };

	virtq__drain(vdev, d.vq, balloon_drain_ops, &d);
	if (d.pushed)
		virtio__signal_vq(vdev, d.vq);
}

static void balloon__config_write(struct virtio_dev *vdev, u32 off, const u8 *data, u32 len)
{
	struct virtio_balloon *b = vdev->priv;

	/* The driver writes only "actual" (bytes 4-7); num_pages is ours. */
	for (u32 i = 0; i < len; i++)
		if (off + i >= 4 && off + i < BALLOON_CFG_SIZE)
			b->config[off + i] = data[i];
}

static void balloon__stop(struct virtio_dev *vdev)
{
	struct virtio_balloon *b = vdev->priv;

	/* Reset: the held buffer belongs to the old rings. */
	b->stats_held = false;
	pthread_cond_broadcast(&b->stats_cond);
}

static const struct virtio_dev_ops balloon_ops = {
	.name = "virtio-balloon",
	.device_id = VIRTIO_ID_BALLOON,
	.nr_queues = 3,
	.queue_max = BALLOON_QUEUE_SIZE,
	.features = BIT(BALLOON_F_STATS_VQ) | BIT(BALLOON_F_DEFLATE_ON_OOM),
	.config_size = BALLOON_CFG_SIZE,
	.config_write = balloon__config_write,
	.stop = balloon__stop,
	.notify = balloon__notify,
};

struct virtio_balloon *virtio_balloon__new(struct kvm *kvm)
{
	struct virtio_balloon *b = calloc(1, sizeof(*b));
	long pg = sysconf(_SC_PAGESIZE);

	if (!b) {
		pr_err("out of memory creating virtio-balloon");
		return NULL;
	}
	b->host_page = pg > 0 ? (size_t)pg : 4096;
	pthread_cond_init(&b->stats_cond, NULL);
	virtio__dev_init(&b->vdev, kvm, &balloon_ops, b, b->config);
	return b;
}

struct virtio_dev *virtio_balloon__vdev(struct virtio_balloon *b)
{
	return &b->vdev;
}

void virtio_balloon__free(struct virtio_balloon *b)
{
	if (!b)
		return;
	virtio__dev_destroy(&b->vdev);
	pthread_cond_destroy(&b->stats_cond);
	free(b);
}

int virtio_balloon__adjust(struct virtio_balloon *b, s64 delta_mib, u64 *mib)
{
	struct virtio_dev *vdev = &b->vdev;
	s64 pages_per_mib = 1 << (20 - BALLOON_PFN_SHIFT);
	s64 max = (s64)(vdev->kvm->ram_size >> BALLOON_PFN_SHIFT), target;

	pthread_mutex_lock(&vdev->lock);
	target = (s64)get_le32(b->config) + delta_mib * pages_per_mib;
	if (target < 0)
		target = 0;
	if (target > max)
		target = max;
	put_le32(b->config, (u32)target);
	vdev->config_gen++;
	pthread_mutex_unlock(&vdev->lock);
	virtio__signal_config(vdev);
	*mib = (u64)target / (u64)pages_per_mib;
	return 0;
}

static const char *const stat_names[] = {
	"swap_in", "swap_out", "major_faults", "minor_faults", "free_memory",
	"total_memory", "available_memory", "disk_caches", "hugetlb_allocations",
	"hugetlb_failures", "oom_kills", "alloc_stalls", "async_scans", "direct_scans",
	"async_reclaims", "direct_reclaims",
};

static void balloon__add_stats(struct virtio_balloon *b, struct ctl_buf *out)
{
	char key[24];

	for (size_t i = 0; i + BALLOON_STAT_SIZE <= b->stats_len; i += BALLOON_STAT_SIZE) {
		u16 tag = get_le16(b->stats + i);
		u64 v = get_le64(b->stats + i + 2);

		if (tag < ARRAY_SIZE(stat_names))
			snprintf(key, sizeof(key), "%s", stat_names[tag]);
		else
			snprintf(key, sizeof(key), "tag_%u", tag);
		ctl__addf(out, key, "%llu", (unsigned long long)v);
	}
}

int virtio_balloon__stats(struct virtio_balloon *b, struct ctl_buf *out, int timeout_ms)
{
	struct virtio_dev *vdev = &b->vdev;
	struct virt_queue *vq = &vdev->vqs[BALLOON_STATS];
	struct timespec dl;
	u64 gen;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += timeout_ms / 1000;
	dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&vdev->lock);
	ctl__addf(out, "balloon_mib", "%u", get_le32(b->config) >> (20 - BALLOON_PFN_SHIFT));
	ctl__addf(out, "balloon_actual_mib", "%u",
		  get_le32(b->config + 4) >> (20 - BALLOON_PFN_SHIFT));
	ctl__addf(out, "inflated_pages", "%llu", (unsigned long long)b->inflated);
	ctl__addf(out, "deflated_pages", "%llu", (unsigned long long)b->deflated);
	if (!vdev->started || !virtio__has_feature(vdev, BALLOON_F_STATS_VQ) || !vq->ready) {
		r = -EAGAIN;	/* no driver (yet), or it does not report */
		goto out;
	}
	gen = b->stats_gen;
	if (b->stats_held) {
		/* Hand the buffer back: the driver refills it and posts it again. */
		b->stats_held = false;
		virtq__push(vq, b->stats_head, 0);
		virtio__signal_vq(vdev, vq);
	}
	while (b->stats_gen == gen && r == 0)
		r = -pthread_cond_timedwait(&b->stats_cond, &vdev->lock, &dl);
	if (b->stats_gen != gen) {
		r = 0;
		balloon__add_stats(b, out);
	} else {
		r = -ETIMEDOUT;
	}
out:
	pthread_mutex_unlock(&vdev->lock);
	return r;
}
