/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Split virtqueues (virtio 1.x, 2.7): walking descriptor chains the guest
 * offers and returning them used. Everything in the rings is written by a
 * possibly hostile guest, concurrently with us: each descriptor is copied
 * once before it is checked, every address goes through kvm__gpa_to_hva,
 * and a chain may visit no more descriptors than its table holds, which
 * catches loops without remembering where we have been.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/virtio.h"

#define DESC_SIZE	16

u64 virtq__desc_size(u16 num)
{
	return (u64)DESC_SIZE * num;
}

u64 virtq__avail_size(u16 num)
{
	return 6 + 2ULL * num;		/* flags, idx, ring[num], used_event */
}

u64 virtq__used_size(u16 num)
{
	return 6 + 8ULL * num;		/* flags, idx, ring[num], avail_event */
}

static inline u16 ring_load(const u8 *p)
{
	return le16toh(__atomic_load_n((const u16 *)p, __ATOMIC_ACQUIRE));
}

static inline void ring_store(u8 *p, u16 v)
{
	__atomic_store_n((u16 *)p, htole16(v), __ATOMIC_RELEASE);
}

void virtq__reset(struct virt_queue *vq)
{
	memset(vq, 0, sizeof(*vq));
}

int virtq__init(struct virt_queue *vq, struct kvm *kvm, bool event_idx, bool indirect)
{
	u16 n = vq->num;

	/* Split rings need a power-of-two size (2.7). */
	if (!n || (n & (n - 1)) || n > VIRTQ_MAX_SIZE)
		return -EINVAL;
	/* Alignment 16/2/4 (2.7.1), which also makes our atomics legal. */
	if ((vq->desc_gpa & 15) || (vq->avail_gpa & 1) || (vq->used_gpa & 3))
		return -EINVAL;
	vq->desc = kvm__gpa_to_hva(kvm, vq->desc_gpa, virtq__desc_size(n));
	vq->avail = kvm__gpa_to_hva(kvm, vq->avail_gpa, virtq__avail_size(n));
	vq->used = kvm__gpa_to_hva(kvm, vq->used_gpa, virtq__used_size(n));
	if (!vq->desc || !vq->avail || !vq->used)
		return -EINVAL;
	vq->kvm = kvm;
	vq->event_idx = event_idx;
	vq->indirect = indirect;
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
	vq->broken = false;
	return 0;
}

static int virtq__fail(struct virt_queue *vq, const char *why)
{
	if (!vq->broken)
		pr_debug_ratelimited("virtqueue: %s; the device needs a reset", why);
	vq->broken = true;
	return -EINVAL;
}

bool virtq__has_work(struct virt_queue *vq)
{
	return !vq->broken && ring_load(vq->avail + 2) != vq->last_avail;
}

int virtq__pop(struct virt_queue *vq, struct virtq_chain *c)
{
	const u8 *table = vq->desc;
	u32 table_n = vq->num, budget = vq->num;
	bool in_indirect = false;
	u16 avail_idx, head, i;

	if (vq->broken)
		return -EINVAL;
	avail_idx = ring_load(vq->avail + 2);
	if (avail_idx == vq->last_avail)
		return 0;
	if ((u16)(avail_idx - vq->last_avail) > vq->num)
		return virtq__fail(vq, "available index ran ahead of the ring");
	/* The acquire load of idx orders this read after the driver's write. */
	head = le16toh(*(const u16 *)(vq->avail + 4 + 2 * (vq->last_avail & (vq->num - 1))));
	if (head >= vq->num)
		return virtq__fail(vq, "chain head out of range");

	c->head = head;
	c->nr_ro = c->nr_wo = 0;
	c->ro_len = c->wo_len = 0;
	i = head;
	for (;;) {
		u8 d[DESC_SIZE];
		u64 addr;
		u32 len;
		u16 flags, next;
		void *hva;

		memcpy(d, table + (size_t)DESC_SIZE * i, DESC_SIZE);
		addr = get_le64(d);
		len = get_le32(d + 8);
		flags = get_le16(d + 12);
		next = get_le16(d + 14);

		if (budget-- == 0)
			return virtq__fail(vq, "descriptor chain loops");
		if (flags & VRING_DESC_F_INDIRECT) {
			if (in_indirect || !vq->indirect)
				return virtq__fail(vq, "nested or unnegotiated indirect table");
			if (flags & VRING_DESC_F_NEXT)
				return virtq__fail(vq, "indirect descriptor with NEXT");
			if (!len || len % DESC_SIZE || len / DESC_SIZE > VIRTQ_MAX_SIZE)
				return virtq__fail(vq, "bad indirect table length");
			table = kvm__gpa_to_hva(vq->kvm, addr, len);
			if (!table || ((uintptr_t)table & 1))
				return virtq__fail(vq, "indirect table outside RAM");
			table_n = budget = len / DESC_SIZE;
			in_indirect = true;
			i = 0;
			continue;
		}
		if (flags & VRING_DESC_F_WRITE) {
			c->wo_len += len;
		} else {
			if (c->nr_wo)
				return virtq__fail(vq, "readable buffer after a writable one");
			c->ro_len += len;
		}
		if (len) {
			hva = kvm__gpa_to_hva(vq->kvm, addr, len);
			if (!hva)
				return virtq__fail(vq, "buffer outside RAM");
			if (c->nr_ro + c->nr_wo >= c->max_iov)
				return virtq__fail(vq, "chain has too many buffers");
			c->iov[c->nr_ro + c->nr_wo] = (struct iovec){ hva, len };
			if (flags & VRING_DESC_F_WRITE)
				c->nr_wo++;
			else
				c->nr_ro++;
		}
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		if (next >= table_n)
			return virtq__fail(vq, "next descriptor out of range");
		i = next;
	}
	vq->last_avail++;
	return 1;
}

void virtq__unpop(struct virt_queue *vq)
{
	vq->last_avail--;
}

void virtq__push(struct virt_queue *vq, u16 head, u32 len)
{
	u8 *e = vq->used + 4 + 8 * (size_t)(vq->used_idx & (vq->num - 1));

	put_le32(e, head);
	put_le32(e + 4, len);
	vq->used_idx++;
	/* The entry is visible before the index that publishes it. */
	ring_store(vq->used + 2, vq->used_idx);
}

bool virtq__should_signal(struct virt_queue *vq)
{
	u16 old = vq->signalled_used, new = vq->used_idx, event;
	bool valid = vq->signalled_valid;

	/* Our used->idx store must be visible before we read the driver's wishes. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->signalled_used = new;
	vq->signalled_valid = true;
	if (!vq->event_idx)
		return !(ring_load(vq->avail) & VRING_AVAIL_F_NO_INTERRUPT);
	if (!valid)
		return true;
	event = ring_load(vq->avail + 4 + 2 * (size_t)vq->num);
	/* vring_need_event(): did new pass event since old? */
	return (u16)(new - event - 1) < (u16)(new - old);
}

bool virtq__enable_notify(struct virt_queue *vq)
{
	if (vq->broken)
		return false;
	if (vq->event_idx)
		ring_store(vq->used + 4 + 8 * (size_t)vq->num, vq->last_avail);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ring_load(vq->avail + 2) != vq->last_avail;
}

size_t iov__to_buf(const struct iovec *iov, unsigned int n, size_t skip, void *buf, size_t len)
{
	size_t done = 0;

	for (unsigned int i = 0; i < n && done < len; i++) {
		size_t l = iov[i].iov_len, c;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		c = l - skip < len - done ? l - skip : len - done;
		memcpy((u8 *)buf + done, (u8 *)iov[i].iov_base + skip, c);
		done += c;
		skip = 0;
	}
	return done;
}

size_t iov__from_buf(const struct iovec *iov, unsigned int n, size_t skip, const void *buf,
		     size_t len)
{
	size_t done = 0;

	for (unsigned int i = 0; i < n && done < len; i++) {
		size_t l = iov[i].iov_len, c;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		c = l - skip < len - done ? l - skip : len - done;
		memcpy((u8 *)iov[i].iov_base + skip, (const u8 *)buf + done, c);
		done += c;
		skip = 0;
	}
	return done;
}
