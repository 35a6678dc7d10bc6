/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "guest driver" half of the virtio test VM (see virtio_fake.h): ring
 * building and register access, without the irq/RAM fakes, so a test can
 * pair it with the real kvm.c.
 */
#include <string.h>
#include <time.h>
#include "lkvm/virtio-mmio.h"
#include "virtio_fake.h"

struct kvm vf_kvm;

void *vf_hva(u64 gpa)
{
	return vf_kvm.ram + gpa;
}

u32 vf_rd(void *m, u64 off)
{
	u8 b[4];

	virtio_mmio__access(NULL, off, b, 4, false, m);
	return get_le32(b);
}

void vf_wr(void *m, u64 off, u32 val)
{
	u8 b[4];

	put_le32(b, val);
	virtio_mmio__access(NULL, off, b, 4, true, m);
}

static u64 qbase(unsigned int q)
{
	return (u64)q * 0x4000;
}

u32 vf_driver_init(void *m, u64 features, unsigned int nr_queues, u16 num)
{
	vf_wr(m, VIRTIO_MMIO_STATUS, 0);
	vf_wr(m, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vf_wr(m, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vf_wr(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vf_wr(m, VIRTIO_MMIO_DRIVER_FEATURES, (u32)features);
	vf_wr(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vf_wr(m, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(features >> 32));
	vf_wr(m, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	      VIRTIO_STATUS_FEATURES_OK);
	for (unsigned int q = 0; q < nr_queues; q++) {
		memset(vf_hva(VF_DESC + qbase(q)), 0, 0x4000);
		memset(vf_hva(VF_AVAIL + qbase(q)), 0, 0x4000);
		memset(vf_hva(VF_USED + qbase(q)), 0, 0x4000);
		vf_wr(m, VIRTIO_MMIO_QUEUE_SEL, q);
		vf_wr(m, VIRTIO_MMIO_QUEUE_NUM, num);
		vf_wr(m, VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)(VF_DESC + qbase(q)));
		vf_wr(m, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		vf_wr(m, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (u32)(VF_AVAIL + qbase(q)));
		vf_wr(m, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
		vf_wr(m, VIRTIO_MMIO_QUEUE_USED_LOW, (u32)(VF_USED + qbase(q)));
		vf_wr(m, VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
		vf_wr(m, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	vf_wr(m, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	      VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	return vf_rd(m, VIRTIO_MMIO_STATUS);
}

void vf_desc(unsigned int q, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	u8 *d = vf_hva(VF_DESC + qbase(q) + 16ULL * i);

	put_le64(d, addr);
	put_le32(d + 8, len);
	put_le16(d + 12, flags);
	put_le16(d + 14, next);
}

void vf_avail(unsigned int q, u16 num, u16 head)
{
	u8 *a = vf_hva(VF_AVAIL + qbase(q));
	u16 idx = get_le16(a + 2);

	put_le16(a + 4 + 2 * (idx % num), head);
	/* Publish the entry before the index, as a driver does (little-endian host). */
	__atomic_store_n((u16 *)(a + 2), (u16)(idx + 1), __ATOMIC_RELEASE);
}

u16 vf_used_idx(unsigned int q)
{
	return __atomic_load_n((u16 *)((u8 *)vf_hva(VF_USED + qbase(q)) + 2), __ATOMIC_ACQUIRE);
}

void vf_used_elem(unsigned int q, u16 i, u32 *id, u32 *len)
{
	u8 *u = vf_hva(VF_USED + qbase(q));

	*id = get_le32(u + 4 + 8 * i);
	*len = get_le32(u + 8 + 8 * i);
}

int vf_wait_used(unsigned int q, u16 want)
{
	for (int i = 0; i < 5000; i++) {
		if (vf_used_idx(q) == want)
			return 0;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	return -1;
}
