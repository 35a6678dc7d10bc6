/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-net: the frame parsers on their own, then the device through
 * virtio-mmio with a fake back-end that records what the guest sends and
 * injects what it receives. Layouts from virtio 1.2 section 5.1: config
 * mac[6] then status (LINK_UP 1); queue 0 receives, queue 1 transmits; a
 * 12-byte virtio_net_hdr_v1 (gso_type at byte 1, num_buffers at 10) in
 * front of every frame.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/net.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-mmio.h"
#include "lkvm/virtio-net.h"
#include "virtio_fake.h"

#define F_V1		(1ULL << 32)
#define QN		16
#define RXQ		0
#define TXQ		1

/* ---- parsers ---- */

static void test_tx_frame(void **state)
{
	u8 hdr[12] = { 0 }, f[64], out[128];
	struct iovec iov[2] = { { hdr, 12 }, { f, sizeof(f) } };

	(void)state;
	for (unsigned int i = 0; i < sizeof(f); i++)
		f[i] = (u8)i;
	assert_int_equal(virtio_net__tx_frame(iov, 2, out, sizeof(out)), 64);
	assert_memory_equal(out, f, 64);
	/* Header split across buffers, frame in the header's buffer tail. */
	u8 one[12 + 20] = { 0 };

	memcpy(one + 12, f, 20);
	struct iovec s[2] = { { one, 5 }, { one + 5, sizeof(one) - 5 } };

	assert_int_equal(virtio_net__tx_frame(s, 2, out, sizeof(out)), 20);
	assert_memory_equal(out, f, 20);
	/* Short header, runt frame, GSO we never offered, too long. */
	iov[0].iov_len = 11;
	assert_int_equal(virtio_net__tx_frame(iov, 1, out, sizeof(out)), -EINVAL);
	iov[0].iov_len = 12;
	iov[1].iov_len = 13;
	assert_int_equal(virtio_net__tx_frame(iov, 2, out, sizeof(out)), -EINVAL);
	iov[1].iov_len = 64;
	hdr[1] = 1;	/* GSO_TCPV4 */
	assert_int_equal(virtio_net__tx_frame(iov, 2, out, sizeof(out)), -EINVAL);
	hdr[1] = 0;
	assert_int_equal(virtio_net__tx_frame(iov, 2, out, 63), -EINVAL);
	assert_int_equal(virtio_net__tx_frame(iov, 2, out, 64), 64);
}

static void test_rx_fill(void **state)
{
	u8 a[7], b[100], f[60];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

	(void)state;
	memset(f, 0xab, sizeof(f));
	memset(b, 0, sizeof(b));
	assert_int_equal(virtio_net__rx_fill(iov, 2, f, sizeof(f)), 72);
	/* num_buffers = 1 at offset 10: in b[3..4]; the frame from b[5]. */
	assert_int_equal(b[3], 1);
	assert_int_equal(b[4], 0);
	assert_memory_equal(b + 5, f, sizeof(f));
	/* No room: nothing written. */
	iov[1].iov_len = 64;
	assert_int_equal(virtio_net__rx_fill(iov, 2, f, sizeof(f)), 0);
}

/* ---- the device, with a fake back-end ---- */

struct fake_be {
	struct net_backend be;
	pthread_mutex_t lock;
	unsigned int nr_sent;
	size_t last_len;
	u8 last[2048];
};

static void fake_fill(struct net_backend *be, struct pollfd *pfd, unsigned int *n,
		      int *timeout_ms, bool want_rx)
{
	(void)be, (void)pfd, (void)n, (void)timeout_ms, (void)want_rx;
}

static void fake_dispatch(struct net_backend *be, struct pollfd *pfd, unsigned int n, bool err)
{
	(void)be, (void)pfd, (void)n, (void)err;
}

static void fake_send(struct net_backend *be, const u8 *frame, size_t len)
{
	struct fake_be *f = (struct fake_be *)be;

	pthread_mutex_lock(&f->lock);
	f->nr_sent++;
	f->last_len = len;
	memcpy(f->last, frame, len < sizeof(f->last) ? len : sizeof(f->last));
	pthread_mutex_unlock(&f->lock);
}

static void fake_free(struct net_backend *be)
{
	free(be);
}

static const struct net_backend_ops fake_ops = {
	.fill = fake_fill, .dispatch = fake_dispatch, .send = fake_send, .free = fake_free,
};

static struct fake_be *fb;
static struct virtio_net *net;
static void *m;

static unsigned int sent(void)
{
	unsigned int n;

	pthread_mutex_lock(&fb->lock);
	n = fb->nr_sent;
	pthread_mutex_unlock(&fb->lock);
	return n;
}

static int setup(void **state)
{
	struct lkvm_net_cfg cfg = { .mac = { 0x02, 1, 2, 3, 4, 5 } };

	(void)state;
	vf_setup();
	fb = calloc(1, sizeof(*fb));
	fb->be.ops = &fake_ops;
	pthread_mutex_init(&fb->lock, NULL);
	net = virtio_net__new(&vf_kvm, &cfg, &fb->be);
	assert_non_null(net);
	assert_int_equal(virtio_mmio__register(&vf_kvm, virtio_net__vdev(net)), 0);
	m = virtio_mmio__of(virtio_net__vdev(net));
	assert_int_equal(vf_driver_init(m, F_V1 | (1u << VIRTIO_NET_F_MAC) |
					(1u << VIRTIO_NET_F_STATUS), 2, QN), 0xf);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	virtio_net__free(net);
	vf_teardown();
	return 0;
}

static void test_config(void **state)
{
	(void)state;
	assert_int_equal(vf_rd(m, 0x008), VIRTIO_ID_NET);
	assert_int_equal(vf_rd(m, 0x100), 0x03020102);	/* mac[0..3] */
	assert_int_equal(vf_rd(m, 0x104), 0x00010504);	/* mac[4..5], LINK_UP */
}

static void test_tx(void **state)
{
	u8 *h = vf_hva(VF_DATA);

	(void)state;
	memset(h, 0, 12);
	for (int i = 0; i < 60; i++)
		h[0x100 + i] = (u8)(0x40 + i);
	vf_desc(TXQ, 0, VF_DATA, 12, VRING_DESC_F_NEXT, 1);
	vf_desc(TXQ, 1, VF_DATA + 0x100, 60, 0, 0);
	vf_avail(TXQ, QN, 0);
	vf_wr(m, 0x050, TXQ);
	assert_int_equal(vf_wait_used(TXQ, 1), 0);
	assert_int_equal(sent(), 1);
	assert_int_equal(fb->last_len, 60);
	assert_memory_equal(fb->last, h + 0x100, 60);
	/* A GSO chain is returned but not sent. */
	h[1] = 4;	/* GSO_TCPV6 */
	vf_avail(TXQ, QN, 0);
	vf_wr(m, 0x050, TXQ);
	assert_int_equal(vf_wait_used(TXQ, 2), 0);
	assert_int_equal(sent(), 1);
}

static void test_rx(void **state)
{
	u8 frame[200];
	u32 id, len;
	u8 *b = vf_hva(VF_DATA + 0x1000);

	(void)state;
	for (unsigned int i = 0; i < sizeof(frame); i++)
		frame[i] = (u8)(i ^ 0x5a);
	/* No buffer yet: dropped, nothing used. */
	fb->be.rx(fb->be.rx_opaque, frame, sizeof(frame));
	assert_int_equal(vf_used_idx(RXQ), 0);
	/* One buffer of 2048. */
	vf_desc(RXQ, 0, VF_DATA + 0x1000, 2048, VRING_DESC_F_WRITE, 0);
	vf_avail(RXQ, QN, 0);
	vf_wr(m, 0x050, RXQ);
	fb->be.rx(fb->be.rx_opaque, frame, sizeof(frame));
	assert_int_equal(vf_used_idx(RXQ), 1);
	vf_used_elem(RXQ, 0, &id, &len);
	assert_int_equal(id, 0);
	assert_int_equal(len, 12 + sizeof(frame));
	assert_int_equal(b[10], 1);
	assert_memory_equal(b + 12, frame, sizeof(frame));
	/* A buffer too small: returned empty. */
	vf_desc(RXQ, 1, VF_DATA + 0x1000, 100, VRING_DESC_F_WRITE, 0);
	vf_avail(RXQ, QN, 1);
	fb->be.rx(fb->be.rx_opaque, frame, sizeof(frame));
	vf_used_elem(RXQ, 1, &id, &len);
	assert_int_equal(id, 1);
	assert_int_equal(len, 0);
	/* A receive buffer the device may only read: returned empty. */
	vf_desc(RXQ, 2, VF_DATA + 0x1000, 2048, 0, 0);
	vf_avail(RXQ, QN, 2);
	fb->be.rx(fb->be.rx_opaque, frame, sizeof(frame));
	vf_used_elem(RXQ, 2, &id, &len);
	assert_int_equal(len, 0);
}

static void test_hostile_tx(void **state)
{
	(void)state;
	/* A transmit buffer in MMIO: NEEDS_RESET, nothing sent or used. */
	vf_desc(TXQ, 0, VF_DATA, 12, VRING_DESC_F_NEXT, 1);
	vf_desc(TXQ, 1, 0x16000000, 60, 0, 0);
	vf_avail(TXQ, QN, 0);
	vf_wr(m, 0x050, TXQ);
	for (int i = 0; i < 5000 && !(vf_rd(m, 0x070) & 0x40); i++)
		usleep(1000);
	assert_true(vf_rd(m, 0x070) & 0x40);
	assert_int_equal(vf_used_idx(TXQ), 0);
	assert_int_equal(sent(), 0);
	/* A looping chain on the receive side after a reset: NEEDS_RESET again. */
	vf_wr(m, 0x070, 0);
	assert_int_equal(vf_driver_init(m, F_V1, 2, QN), 0xf);
	vf_desc(RXQ, 0, VF_DATA, 64, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	vf_avail(RXQ, QN, 0);
	fb->be.rx(fb->be.rx_opaque, (const u8 *)"0123456789abcdef", 16);
	assert_true(vf_rd(m, 0x070) & 0x40);
	assert_int_equal(vf_used_idx(RXQ), 0);
	/* And frames for a broken queue are dropped quietly. */
	for (int i = 0; i < 1000; i++)
		fb->be.rx(fb->be.rx_opaque, (const u8 *)"0123456789abcdef", 16);
	assert_int_equal(vf_used_idx(RXQ), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tx_frame),
		cmocka_unit_test(test_rx_fill),
		cmocka_unit_test_setup_teardown(test_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_tx, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
