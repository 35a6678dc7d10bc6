/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-balloon (virtio/balloon.c) driven through virtio-mmio by the fake
 * driver, as virtio 1.x section 5.5 describes the device: config
 * num_pages/actual, inflate page numbers in 4 KiB units, one statistics
 * buffer of {le16 tag, le64 value} entries the device returns on request.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/ctl.h"
#include "lkvm/virtio-balloon.h"
#include "lkvm/virtio-mmio.h"
#include "virtio_fake.h"

#define F_V1		(1ULL << 32)
#define F_STATS		(1ULL << 1)
#define F_OOM		(1ULL << 2)
#define QN		64
#define PFNS		0x100000ULL	/* page-number array */
#define STATS		0x101000ULL	/* statistics buffer */

static struct virtio_balloon *bal;
static void *m;

static int setup(void **state)
{
	(void)state;
	vf_setup();
	bal = virtio_balloon__new(&vf_kvm);
	assert_non_null(bal);
	assert_int_equal(virtio_mmio__register(&vf_kvm, virtio_balloon__vdev(bal)), 0);
	m = virtio_mmio__of(virtio_balloon__vdev(bal));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	virtio_balloon__free(bal);
	vf_teardown();
	return 0;
}

static void test_identity_and_target(void **state)
{
	u64 mib;

	(void)state;
	assert_int_equal(vf_rd(m, 0x008), 5);			/* DeviceID: balloon */
	vf_wr(m, 0x014, 0);
	assert_int_equal(vf_rd(m, 0x010) & (F_STATS | F_OOM), F_STATS | F_OOM);
	assert_int_equal(vf_driver_init(m, F_V1 | F_STATS | F_OOM, 3, QN), 0xf);
	assert_int_equal(virtio_balloon__adjust(bal, 2, &mib), 0);
	assert_int_equal(mib, 2);
	assert_int_equal(vf_rd(m, 0x100), 2 * 256);		/* num_pages, 4 KiB pages */
	assert_int_equal(vf_rd(m, 0x060) & 2, 2);		/* configuration interrupt */
	/* Clamped to RAM (4 MiB) and to zero. */
	assert_int_equal(virtio_balloon__adjust(bal, 1000, &mib), 0);
	assert_int_equal(mib, 4);
	assert_int_equal(virtio_balloon__adjust(bal, -1000, &mib), 0);
	assert_int_equal(mib, 0);
	/* The driver writes actual, never num_pages. */
	vf_wr(m, 0x104, 77);
	vf_wr(m, 0x100, 99);
	assert_int_equal(vf_rd(m, 0x104), 77);
	assert_int_equal(vf_rd(m, 0x100), 0);
}

static void test_inflate_returns_pages(void **state)
{
	u8 *pfns = vf_hva(PFNS);
	static const u32 list[] = { 0x200, 0x201, 0x202, 0x203, 0x3ff, 0x400, 0xffffffff, 0x210 };
	u32 id, len;

	(void)state;
	assert_int_equal(vf_driver_init(m, F_V1 | F_STATS | F_OOM, 3, QN), 0xf);
	memset(vf_hva(0x200000), 0xaa, 0x20000);
	for (size_t i = 0; i < sizeof(list) / 4; i++)
		put_le32(pfns + i * 4, list[i]);
	vf_desc(0, 3, PFNS, sizeof(list), 0, 0);
	vf_avail(0, QN, 3);
	vf_wr(m, 0x050, 0);
	assert_int_equal(vf_used_idx(0), 1);
	vf_used_elem(0, 0, &id, &len);
	assert_int_equal(id, 3);
	/* The pages given read as zero (the host dropped them); the rest kept. */
	for (u32 p = 0x200; p < 0x220; p++) {
		bool given = p <= 0x203 || p == 0x210;
		u8 *page = vf_hva((u64)p << 12);

		assert_int_equal(page[0], given ? 0 : 0xaa);
		assert_int_equal(page[4095], given ? 0 : 0xaa);
	}
	/* The last RAM page (0x3ff) counts; 0x400 and beyond are outside RAM. */
	assert_int_equal(virtio_balloon__inflate(bal, &(struct iovec){ pfns, sizeof(list) }, 1), 6);
}

static void put_stat(u8 *p, u16 tag, u64 v)
{
	put_le16(p, tag);
	put_le64(p + 2, v);
}

/* The guest's driver: once its buffer comes back, post it refilled. */
static void *driver_refill(void *arg)
{
	u8 *s = vf_hva(STATS);

	(void)arg;
	if (vf_wait_used(2, 1))
		return NULL;
	put_stat(s, 4, 2000);
	put_stat(s + 10, 5, 6000);
	put_stat(s + 20, 99, 7);
	vf_desc(2, 1, STATS, 30, 0, 0);
	vf_avail(2, QN, 1);
	vf_wr(m, 0x050, 2);
	return NULL;
}

static void test_stats(void **state)
{
	char store[1024], v[32];
	struct ctl_buf out = { store, 0, sizeof(store), false };
	u8 *s = vf_hva(STATS);
	pthread_t t;

	(void)state;
	assert_int_equal(vf_driver_init(m, F_V1 | F_STATS | F_OOM, 3, QN), 0xf);
	/* The first buffer, posted at probe: the device keeps it. */
	put_stat(s, 4, 1000);
	put_stat(s + 10, 5, 5000);
	vf_desc(2, 0, STATS, 20, 0, 0);
	vf_avail(2, QN, 0);
	vf_wr(m, 0x050, 2);
	assert_int_equal(vf_used_idx(2), 0);
	assert_int_equal(pthread_create(&t, NULL, driver_refill, NULL), 0);
	assert_int_equal(virtio_balloon__stats(bal, &out, 5000), 0);
	pthread_join(t, NULL);
	assert_int_equal(ctl__validate(store, out.len, 64), 7);
	assert_true(ctl__get(store, out.len, "free_memory", v, sizeof(v)));
	assert_string_equal(v, "2000");
	assert_true(ctl__get(store, out.len, "total_memory", v, sizeof(v)));
	assert_string_equal(v, "6000");
	assert_true(ctl__get(store, out.len, "tag_99", v, sizeof(v)));
	assert_string_equal(v, "7");
	/* No refill this time: the request gives up. */
	out.len = 0;
	assert_int_equal(virtio_balloon__stats(bal, &out, 100), -ETIMEDOUT);
	assert_int_equal(vf_used_idx(2), 2);
}

static void test_stats_without_driver(void **state)
{
	char store[256];
	struct ctl_buf out = { store, 0, sizeof(store), false };

	(void)state;
	assert_int_equal(virtio_balloon__stats(bal, &out, 100), -EAGAIN);
	/* Negotiated without STATS_VQ: nothing to ask either. */
	assert_int_equal(vf_driver_init(m, F_V1, 2, QN), 0xf);
	assert_int_equal(virtio_balloon__stats(bal, &out, 100), -EAGAIN);
}

static void test_hostile_rings(void **state)
{
	char store[256], v[8];
	struct ctl_buf out = { store, 0, sizeof(store), false };
	u8 *s = vf_hva(STATS);

	(void)state;
	assert_int_equal(vf_driver_init(m, F_V1 | F_STATS | F_OOM, 3, QN), 0xf);
	/* An odd-sized statistics buffer is taken as it is. */
	put_stat(s, 4, 1);
	vf_desc(2, 0, STATS, 15, 0, 0);
	vf_avail(2, QN, 0);
	/* A second buffer while one is held: the first goes back. */
	vf_desc(2, 1, STATS, 10, 0, 0);
	vf_avail(2, QN, 1);
	vf_wr(m, 0x050, 2);
	assert_int_equal(vf_used_idx(2), 1);
	assert_int_equal(virtio_balloon__stats(bal, &out, 50), -ETIMEDOUT);
	assert_false(ctl__get(store, out.len, "free_memory", v, sizeof(v)));
	/* An inflate chain pointing outside RAM breaks the ring: NEEDS_RESET. */
	vf_desc(0, 0, 0x7fffff000ULL, 64, 0, 0);
	vf_avail(0, QN, 0);
	vf_wr(m, 0x050, 0);
	assert_true(vf_rd(m, 0x070) & 0x40);
	assert_int_equal(vf_used_idx(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity_and_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inflate_returns_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_without_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_rings, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
