/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio core, split virtqueue walker and virtio-mmio transport, driven
 * the way a guest would: registers through the MMIO handler, rings built
 * by hand in guest RAM. Expected values come from the virtio 1.2 spec
 * (register layout 4.2.2, ring layout 2.7, vring_need_event 2.7.10).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/virtio.h"
#include "lkvm/virtio-devices.h"
#include "lkvm/virtio-mmio.h"
#include "virtio_fake.h"

#define F_V1	(1ULL << 32)
#define F_IND	(1ULL << 28)
#define F_EVT	(1ULL << 29)

static struct virtio_rng *rng;
static void *m;		/* the rng's transport */

static int setup_rng(void **state)
{
	(void)state;
	vf_setup();
	rng = virtio_rng__new(&vf_kvm);
	assert_int_equal(virtio_mmio__register(&vf_kvm, virtio_rng__vdev(rng)), 0);
	m = virtio_mmio__of(virtio_rng__vdev(rng));
	return 0;
}

static int teardown_rng(void **state)
{
	(void)state;
	virtio_rng__free(rng);
	vf_teardown();
	return 0;
}

static void test_identity(void **state)
{
	u8 b[8] = { 0xaa, 0xaa };

	(void)state;
	assert_int_equal(vf_rd(m, 0x000), 0x74726976);
	assert_int_equal(vf_rd(m, 0x004), 2);
	assert_int_equal(vf_rd(m, 0x008), 4);	/* entropy source */
	assert_int_equal(virtio_mmio__base(m), 0x16000000);
	assert_int_equal(virtio_mmio__pin(m), 8);
	/* Registers are 32-bit only: a byte read of the magic gives 0. */
	virtio_mmio__access(NULL, 0, b, 1, false, m);
	assert_int_equal(b[0], 0);
	/* The region is registered on the bus at the window base. */
	assert_non_null(io_space__find(&vf_kvm.mmio, 0x16000000, 4));
	assert_non_null(io_space__find(&vf_kvm.mmio, 0x160001fc, 4));
	assert_null(io_space__find(&vf_kvm.mmio, 0x16000200, 4));
}

static void test_features(void **state)
{
	(void)state;
	vf_wr(m, 0x014, 0);
	assert_true(vf_rd(m, 0x010) & (1u << 28));	/* INDIRECT_DESC */
	assert_true(vf_rd(m, 0x010) & (1u << 29));	/* EVENT_IDX */
	vf_wr(m, 0x014, 1);
	assert_true(vf_rd(m, 0x010) & 1);		/* VERSION_1 is bit 32 */
	vf_wr(m, 0x014, 7);
	assert_int_equal(vf_rd(m, 0x010), 0);

	/* Without VERSION_1 FEATURES_OK does not stick. */
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x024, 0);
	vf_wr(m, 0x020, 1u << 28);
	vf_wr(m, 0x024, 1);
	vf_wr(m, 0x020, 0);
	vf_wr(m, 0x070, 3 | 8);
	assert_int_equal(vf_rd(m, 0x070), 3);
	/* A bit we never offered: refused too. */
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x024, 1);
	vf_wr(m, 0x020, 1 | 2);
	vf_wr(m, 0x070, 3 | 8);
	assert_int_equal(vf_rd(m, 0x070), 3);
	/* A proper subset with VERSION_1 is accepted. */
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x024, 1);
	vf_wr(m, 0x020, 1);
	vf_wr(m, 0x070, 3 | 8);
	assert_int_equal(vf_rd(m, 0x070), 3 | 8);
	/* Feature writes after FEATURES_OK are ignored. */
	vf_wr(m, 0x024, 0);
	vf_wr(m, 0x020, 1u << 28);
	assert_false(virtio__has_feature(virtio_rng__vdev(rng), 28));
}

static void test_queue_setup_and_reset(void **state)
{
	(void)state;
	assert_int_equal(vf_driver_init(m, F_V1, 1, 64), 0xf);
	vf_wr(m, 0x030, 0);
	assert_int_equal(vf_rd(m, 0x034), 64);
	assert_int_equal(vf_rd(m, 0x044), 1);
	assert_int_equal(vf_rd(m, 0x080), VF_DESC);
	assert_int_equal(vf_rd(m, 0x0a0), VF_USED);
	/* A queue that does not exist has NumMax 0. */
	vf_wr(m, 0x030, 1);
	assert_int_equal(vf_rd(m, 0x034), 0);
	/* Address writes to a live queue are ignored. */
	vf_wr(m, 0x030, 0);
	vf_wr(m, 0x080, 0x1230);
	assert_int_equal(vf_rd(m, 0x080), VF_DESC);

	/* Reset drops everything. */
	vf_wr(m, 0x070, 0);
	assert_int_equal(vf_rd(m, 0x070), 0);
	assert_int_equal(vf_rd(m, 0x044), 0);
	assert_int_equal(vf_rd(m, 0x080), 0);
	assert_int_equal(vf_rd(m, 0x060), 0);
	assert_int_equal(vf_pin_level[8], 0);
	assert_int_equal(virtio_rng__vdev(rng)->guest_features, 0);
}

static void test_bad_queue_size(void **state)
{
	(void)state;
	/* 48 is not a power of two: ready refused, NEEDS_RESET. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, 48) & 0x40, 0x40);
	vf_wr(m, 0x030, 0);
	assert_int_equal(vf_rd(m, 0x044), 0);
	/* Too big for QueueNumMax. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, 128) & 0x40, 0x40);
	assert_int_equal(vf_rd(m, 0x044), 0);
	/* Zero. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, 0) & 0x40, 0x40);
	/* After a reset, a good size works. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, 16), 0xf);
	assert_int_equal(vf_rd(m, 0x044), 1);
}

static void test_ring_outside_ram(void **state)
{
	(void)state;
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x024, 1);
	vf_wr(m, 0x020, 1);
	vf_wr(m, 0x070, 11);
	vf_wr(m, 0x030, 0);
	vf_wr(m, 0x038, 64);
	vf_wr(m, 0x080, 0x16000000);	/* our own MMIO window */
	vf_wr(m, 0x090, VF_AVAIL);
	vf_wr(m, 0x0a0, VF_USED);
	vf_wr(m, 0x044, 1);
	assert_int_equal(vf_rd(m, 0x044), 0);
	assert_true(vf_rd(m, 0x070) & 0x40);
	/* Used ring straddling the end of RAM. */
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x020, 1);
	vf_wr(m, 0x070, 11);
	vf_wr(m, 0x080, VF_DESC);
	vf_wr(m, 0x0a0, (u32)(VF_RAM_SIZE - 16));
	vf_wr(m, 0x044, 1);
	assert_int_equal(vf_rd(m, 0x044), 0);
	/* Misaligned descriptor table. */
	vf_wr(m, 0x070, 0);
	vf_wr(m, 0x070, 3);
	vf_wr(m, 0x020, 1);
	vf_wr(m, 0x070, 11);
	vf_wr(m, 0x038, 64);
	vf_wr(m, 0x080, VF_DESC + 8);
	vf_wr(m, 0x090, VF_AVAIL);
	vf_wr(m, 0x0a0, VF_USED);
	vf_wr(m, 0x044, 1);
	assert_int_equal(vf_rd(m, 0x044), 0);
}

static void test_rng_delivers(void **state)
{
	u8 *buf = vf_hva(VF_DATA);
	u32 id, len;
	int nonzero = 0;

	(void)state;
	assert_int_equal(vf_driver_init(m, F_V1, 1, 64), 0xf);
	memset(buf, 0, 256);
	vf_desc(0, 5, VF_DATA, 256, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 64, 5);
	/* Notify for a queue that does not exist first: nothing happens. */
	vf_wr(m, 0x050, 3);
	assert_int_equal(vf_used_idx(0), 0);
	vf_wr(m, 0x050, 0);
	assert_int_equal(vf_used_idx(0), 1);
	vf_used_elem(0, 0, &id, &len);
	assert_int_equal(id, 5);
	assert_int_equal(len, 256);
	for (int i = 0; i < 256; i++)
		nonzero += buf[i] != 0;
	assert_true(nonzero > 200);	/* 256 zero-or-not bytes: ~255 expected */
	/* Used-buffer interrupt pending, line high; ACK lowers it. */
	assert_int_equal(vf_rd(m, 0x060), 1);
	assert_int_equal(vf_pin_level[8], 1);
	vf_wr(m, 0x064, 1);
	assert_int_equal(vf_rd(m, 0x060), 0);
	assert_int_equal(vf_pin_level[8], 0);
}

/* One rng request on queue 0; its used-buffer interrupt is pending after. */
static void rng_request(u16 head)
{
	vf_desc(0, head, VF_DATA, 64, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 64, head);
	vf_wr(m, 0x050, 0);
	assert_int_equal(vf_rd(m, 0x060), 1);
	vf_wr(m, 0x064, 1);
}

static u64 irqfd_count(void)
{
	u64 n = 0;

	if (read(vf_irqfd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

/* Edge lines with an irqfd: one eventfd write per event, never the line. */
static void test_edge_irqfd(void **state)
{
	(void)state;
	vf_edge = vf_irqfd_ok = true;
	setup_rng(NULL);
	vf_edge = vf_irqfd_ok = false;
	assert_true(vf_irqfd >= 0);
	assert_int_equal(vf_driver_init(m, F_V1, 1, 64), 0xf);
	rng_request(1);
	assert_int_equal(irqfd_count(), 1);
	rng_request(2);
	rng_request(3);
	assert_int_equal(irqfd_count(), 2);
	assert_int_equal(vf_pin_level[8], 0);
	assert_int_equal(vf_pulses[8], 0);
	teardown_rng(NULL);
}

/* Edge lines where the backend has no irqfd: a pulse per event. */
static void test_edge_pulse(void **state)
{
	(void)state;
	vf_edge = true;
	setup_rng(NULL);
	vf_edge = false;
	assert_int_equal(vf_irqfd, -1);
	assert_int_equal(vf_driver_init(m, F_V1, 1, 64), 0xf);
	rng_request(1);
	rng_request(2);
	assert_int_equal(vf_pulses[8], 2);
	assert_int_equal(vf_pin_level[8], 0);
	teardown_rng(NULL);
}

static void test_notify_unready(void **state)
{
	(void)state;
	vf_wr(m, 0x070, 0);
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 64, 0);
	vf_wr(m, 0x050, 0);
	assert_int_equal(vf_used_idx(0), 0);
	assert_int_equal(vf_pin_level[8], 0);
}

/* ---- the walker on its own, with hand-built hostile chains ---- */

static struct virt_queue vq;
static struct iovec iov[8];
static struct virtq_chain ch;

static void q_init(u16 num, bool evt, bool ind)
{
	memset(vf_hva(VF_DESC), 0, 0x4000);
	memset(vf_hva(VF_AVAIL), 0, 0x4000);
	memset(vf_hva(VF_USED), 0, 0x4000);
	virtq__reset(&vq);
	vq.num = num;
	vq.desc_gpa = VF_DESC;
	vq.avail_gpa = VF_AVAIL;
	vq.used_gpa = VF_USED;
	assert_int_equal(virtq__init(&vq, &vf_kvm, evt, ind), 0);
	ch = (struct virtq_chain){ .iov = iov, .max_iov = ARRAY_SIZE(iov) };
}

static void test_walk_good_chain(void **state)
{
	(void)state;
	q_init(8, false, false);
	assert_int_equal(virtq__pop(&vq, &ch), 0);	/* empty */
	vf_desc(0, 2, VF_DATA, 16, VRING_DESC_F_NEXT, 7);
	vf_desc(0, 7, VF_DATA + 0x1000, 100, VRING_DESC_F_NEXT, 3);
	vf_desc(0, 3, VF_DATA + 0x2000, 1, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 8, 2);
	assert_int_equal(virtq__pop(&vq, &ch), 1);
	assert_int_equal(ch.head, 2);
	assert_int_equal(ch.nr_ro, 2);
	assert_int_equal(ch.nr_wo, 1);
	assert_int_equal(ch.ro_len, 116);
	assert_int_equal(ch.wo_len, 1);
	assert_ptr_equal(iov[1].iov_base, vf_hva(VF_DATA + 0x1000));
	assert_ptr_equal(iov[2].iov_base, vf_hva(VF_DATA + 0x2000));
	virtq__push(&vq, 2, 1);
	assert_int_equal(vf_used_idx(0), 1);
	assert_false(vq.broken);
}

static void test_walk_indirect(void **state)
{
	u64 tbl = VF_DATA + 0x8000;
	u8 *t = vf_hva(tbl);

	(void)state;
	q_init(8, false, true);
	/* Table of 3: 0 -> 2 -> 1. */
	put_le64(t, VF_DATA);
	put_le32(t + 8, 16);
	put_le16(t + 12, VRING_DESC_F_NEXT);
	put_le16(t + 14, 2);
	put_le64(t + 32, VF_DATA + 16);
	put_le32(t + 40, 512);
	put_le16(t + 44, VRING_DESC_F_NEXT);
	put_le16(t + 46, 1);
	put_le64(t + 16, VF_DATA + 1024);
	put_le32(t + 24, 1);
	put_le16(t + 28, VRING_DESC_F_WRITE);
	vf_desc(0, 0, tbl, 48, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	assert_int_equal(virtq__pop(&vq, &ch), 1);
	assert_int_equal(ch.nr_ro, 2);
	assert_int_equal(ch.nr_wo, 1);
	assert_int_equal(ch.ro_len, 528);
	assert_ptr_equal(iov[2].iov_base, vf_hva(VF_DATA + 1024));
}

/* Each hostile chain must give -EINVAL and mark the queue broken. */
static void expect_broken(void)
{
	assert_int_equal(virtq__pop(&vq, &ch), -EINVAL);
	assert_true(vq.broken);
	assert_int_equal(virtq__pop(&vq, &ch), -EINVAL);
	assert_int_equal(vf_used_idx(0), 0);
}

static void test_walk_loop(void **state)
{
	(void)state;
	q_init(8, false, false);
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_NEXT, 1);
	vf_desc(0, 1, VF_DATA, 16, VRING_DESC_F_NEXT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* A descriptor pointing at itself. */
	q_init(8, false, false);
	vf_desc(0, 4, VF_DATA, 16, VRING_DESC_F_NEXT, 4);
	vf_avail(0, 8, 4);
	expect_broken();
}

static void test_walk_loop_indirect(void **state)
{
	u64 tbl = VF_DATA + 0x8000;
	u8 *t = vf_hva(tbl);

	(void)state;
	q_init(8, false, true);
	memset(t, 0, 64);
	put_le64(t, VF_DATA);
	put_le32(t + 8, 16);
	put_le16(t + 12, VRING_DESC_F_NEXT);
	put_le16(t + 14, 1);
	put_le64(t + 16, VF_DATA);
	put_le32(t + 24, 16);
	put_le16(t + 28, VRING_DESC_F_NEXT);
	put_le16(t + 30, 0);
	vf_desc(0, 0, tbl, 32, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
}

static void test_walk_outside_ram(void **state)
{
	(void)state;
	q_init(8, false, false);
	vf_desc(0, 0, VF_RAM_SIZE - 8, 16, 0, 0);	/* straddles the end */
	vf_avail(0, 8, 0);
	expect_broken();
	q_init(8, false, false);
	vf_desc(0, 0, 0x1fe001e0, 8, 0, 0);		/* the UART */
	vf_avail(0, 8, 0);
	expect_broken();
	q_init(8, false, false);
	vf_desc(0, 0, 0xfffffffffffff000ULL, 0x2000, 0, 0);	/* wraps around */
	vf_avail(0, 8, 0);
	expect_broken();
}

static void test_walk_bad_indirect(void **state)
{
	u64 tbl = VF_DATA + 0x8000;
	u8 *t = vf_hva(tbl);

	(void)state;
	/* Indirect inside indirect. */
	q_init(8, false, true);
	memset(t, 0, 64);
	put_le64(t, tbl);
	put_le32(t + 8, 16);
	put_le16(t + 12, VRING_DESC_F_INDIRECT);
	vf_desc(0, 0, tbl, 16, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* Not negotiated. */
	q_init(8, false, false);
	vf_desc(0, 0, tbl, 16, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* Length not a multiple of 16. */
	q_init(8, false, true);
	vf_desc(0, 0, tbl, 24, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* INDIRECT together with NEXT. */
	q_init(8, false, true);
	vf_desc(0, 0, tbl, 16, VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
	vf_avail(0, 8, 0);
	expect_broken();
	/* next beyond the table. */
	q_init(8, false, true);
	memset(t, 0, 64);
	put_le64(t, VF_DATA);
	put_le32(t + 8, 16);
	put_le16(t + 12, VRING_DESC_F_NEXT);
	put_le16(t + 14, 5);
	vf_desc(0, 0, tbl, 32, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* A table outside RAM. */
	q_init(8, false, true);
	vf_desc(0, 0, VF_RAM_SIZE - 16, 32, VRING_DESC_F_INDIRECT, 0);
	vf_avail(0, 8, 0);
	expect_broken();
}

static void test_walk_bad_ring(void **state)
{
	u8 *a = vf_hva(VF_AVAIL);

	(void)state;
	/* Head index beyond the queue. */
	q_init(8, false, false);
	vf_avail(0, 8, 8);
	expect_broken();
	/* avail idx more than num ahead. */
	q_init(8, false, false);
	put_le16(a + 2, 9);
	expect_broken();
	/* next out of range in the direct table. */
	q_init(8, false, false);
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_NEXT, 100);
	vf_avail(0, 8, 0);
	expect_broken();
	/* Readable after writable. */
	q_init(8, false, false);
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	vf_desc(0, 1, VF_DATA, 16, 0, 0);
	vf_avail(0, 8, 0);
	expect_broken();
	/* More buffers than the device takes. */
	q_init(16, false, false);
	for (u16 i = 0; i < 12; i++)
		vf_desc(0, i, VF_DATA, 16, i < 11 ? VRING_DESC_F_NEXT : 0, (u16)(i + 1));
	vf_avail(0, 16, 0);
	expect_broken();
}

static void test_walk_lengths(void **state)
{
	(void)state;
	/* Four 4 GiB-1 lengths: the totals must not wrap (u64). */
	q_init(8, false, false);
	for (u16 i = 0; i < 4; i++)
		vf_desc(0, i, VF_DATA, 0, VRING_DESC_F_NEXT, (u16)(i + 1));
	vf_desc(0, 4, VF_DATA, 0xffffffff, 0, 0);
	vf_avail(0, 8, 0);
	/* 4 GiB does not fit our 4 MiB of RAM. */
	expect_broken();
	/* Zero-length buffers are skipped, not mapped. */
	q_init(8, false, false);
	vf_desc(0, 0, 0xdead0000000ULL, 0, VRING_DESC_F_NEXT, 1);
	vf_desc(0, 1, VF_DATA, 8, 0, 0);
	vf_avail(0, 8, 0);
	assert_int_equal(virtq__pop(&vq, &ch), 1);
	assert_int_equal(ch.nr_ro, 1);
}

static void test_event_idx(void **state)
{
	u8 *a = vf_hva(VF_AVAIL);

	(void)state;
	q_init(8, true, false);
	/* First push always signals. */
	virtq__push(&vq, 0, 0);
	assert_true(virtq__should_signal(&vq));
	/* used_event = 3: pushing idx 1->2 does not cross it. */
	put_le16(a + 4 + 2 * 8, 3);
	virtq__push(&vq, 0, 0);
	assert_false(virtq__should_signal(&vq));
	/* 2->4 crosses 3 (new - event - 1 = 0 < 2). */
	virtq__push(&vq, 0, 0);
	virtq__push(&vq, 0, 0);
	assert_true(virtq__should_signal(&vq));
	/* enable_notify publishes avail_event = last_avail. */
	vf_desc(0, 0, VF_DATA, 8, 0, 0);
	vf_avail(0, 8, 0);
	assert_int_equal(virtq__pop(&vq, &ch), 1);
	assert_false(virtq__enable_notify(&vq));
	assert_int_equal(get_le16((u8 *)vf_hva(VF_USED) + 4 + 8 * 8), 1);
	vf_avail(0, 8, 0);
	assert_true(virtq__enable_notify(&vq));

	/* Without EVENT_IDX, NO_INTERRUPT suppresses. */
	q_init(8, false, false);
	put_le16(a, VRING_AVAIL_F_NO_INTERRUPT);
	virtq__push(&vq, 0, 0);
	assert_false(virtq__should_signal(&vq));
	put_le16(a, 0);
	virtq__push(&vq, 0, 0);
	assert_true(virtq__should_signal(&vq));
}

static void test_hostile_through_device(void **state)
{
	(void)state;
	/* A looping chain on the rng: NEEDS_RESET, config interrupt, no crash. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, 64), 0xf);
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	vf_avail(0, 64, 0);
	vf_wr(m, 0x050, 0);
	assert_true(vf_rd(m, 0x070) & 0x40);
	assert_int_equal(vf_rd(m, 0x060) & 2, 2);
	assert_int_equal(vf_used_idx(0), 0);
	/* The driver cannot clear NEEDS_RESET except by resetting. */
	vf_wr(m, 0x070, 0xf);
	assert_true(vf_rd(m, 0x070) & 0x40);
	vf_wr(m, 0x070, 0);
	assert_int_equal(vf_rd(m, 0x070), 0);
	assert_int_equal(vf_pin_level[8], 0);
}

/* ---- virtio-console ---- */

static char out_buf[256];
static size_t out_len;

static void cap_out(void *opaque, const u8 *buf, size_t len)
{
	(void)opaque;
	memcpy(out_buf + out_len, buf, len);
	out_len += len;
}

static void test_console(void **state)
{
	struct virtio_console *c;
	void *cm;
	u32 id, len;

	(void)state;
	vf_setup();
	c = virtio_console__new(&vf_kvm);
	assert_int_equal(virtio_mmio__register(&vf_kvm, virtio_console__vdev(c)), 0);
	cm = virtio_mmio__of(virtio_console__vdev(c));
	virtio_console__set_output(c, cap_out, NULL);
	assert_int_equal(vf_rd(cm, 0x008), 3);
	/* No receive buffers yet: input is refused, not lost. */
	assert_int_equal(virtio_console__receive(c, (const u8 *)"x", 1), 0);
	assert_int_equal(vf_driver_init(cm, F_V1, 2, 16), 0xf);

	/* A receive buffer, but the guest has not written yet: input waits. */
	vf_desc(0, 0, VF_DATA + 0x1000, 4, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 16, 0);
	assert_int_equal(virtio_console__receive(c, (const u8 *)"abcdef", 6), 0);
	assert_int_equal(vf_used_idx(0), 0);

	/* Transmit "hello" split over two buffers. */
	memcpy(vf_hva(VF_DATA), "hel", 3);
	memcpy(vf_hva(VF_DATA + 100), "lo", 2);
	vf_desc(1, 0, VF_DATA, 3, VRING_DESC_F_NEXT, 1);
	vf_desc(1, 1, VF_DATA + 100, 2, 0, 0);
	vf_avail(1, 16, 0);
	out_len = 0;
	vf_wr(cm, 0x050, 1);
	assert_int_equal(out_len, 5);
	assert_memory_equal(out_buf, "hello", 5);
	assert_int_equal(vf_used_idx(1), 1);

	/* Now the 4-byte receive buffer takes 4 of 6 bytes. */
	assert_int_equal(virtio_console__receive(c, (const u8 *)"abcdef", 6), 4);
	assert_memory_equal(vf_hva(VF_DATA + 0x1000), "abcd", 4);
	vf_used_elem(0, 0, &id, &len);
	assert_int_equal(len, 4);
	assert_int_equal(vf_pin_level[8], 1);
	/* After a reset the guest must speak again before it gets input. */
	assert_int_equal(vf_driver_init(cm, F_V1, 2, 16), 0xf);
	vf_desc(0, 0, VF_DATA + 0x1000, 4, VRING_DESC_F_WRITE, 0);
	vf_avail(0, 16, 0);
	assert_int_equal(virtio_console__receive(c, (const u8 *)"abcdef", 6), 0);
	virtio_console__free(c);
	vf_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_features, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_queue_setup_and_reset, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_bad_queue_size, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_ring_outside_ram, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_rng_delivers, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_notify_unready, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_good_chain, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_indirect, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_loop, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_loop_indirect, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_outside_ram, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_bad_indirect, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_bad_ring, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_walk_lengths, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_event_idx, setup_rng, teardown_rng),
		cmocka_unit_test_setup_teardown(test_hostile_through_device, setup_rng, teardown_rng),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_edge_irqfd),
		cmocka_unit_test(test_edge_pulse),
	};

	log__level = LOG_ERR;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
