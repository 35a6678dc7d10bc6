/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-blk: the request parser on its own, then the device on a real
 * temporary image through virtio-mmio, with its libaio I/O thread. Layouts
 * and codes from virtio 1.2 section 5.2 (header {type, ioprio, sector},
 * status OK 0 / IOERR 1 / UNSUPP 2, 20-byte ID).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lkvm/disk.h"
#include "lkvm/virtio.h"
#include "lkvm/virtio-blk.h"
#include "lkvm/virtio-mmio.h"
#include "lkvm/uapi-compat.h"
#include "virtio_fake.h"

#define F_V1		(1ULL << 32)
#define DISK_SIZE	(1 << 20)	/* 2048 sectors */
#define QN		16

/* ---- parser ---- */

static u8 hdr[16], data[4096], st[1];

static void mkhdr(u32 type, u64 sector)
{
	put_le32(hdr, type);
	put_le32(hdr + 4, 0);
	put_le64(hdr + 8, sector);
}

static void test_parse_linux_framing(void **state)
{
	struct iovec iov[3] = { { hdr, 16 }, { data, 4096 }, { st, 1 } };
	struct virtio_blk_req_view v;

	(void)state;
	mkhdr(VIRTIO_BLK_T_IN, 7);
	/* IN: header readable, data and status writable. */
	assert_int_equal(virtio_blk__parse(iov, 1, 2, &v), 0);
	assert_int_equal(v.type, VIRTIO_BLK_T_IN);
	assert_int_equal(v.sector, 7);
	assert_int_equal(v.data_len, 4096);
	assert_int_equal(v.nr_data, 1);
	assert_ptr_equal(v.data[0].iov_base, data);
	assert_ptr_equal(v.status, st);

	/* OUT: header and data readable. */
	struct iovec o[3] = { { hdr, 16 }, { data, 4096 }, { st, 1 } };

	mkhdr(VIRTIO_BLK_T_OUT, 9);
	assert_int_equal(virtio_blk__parse(o, 2, 1, &v), 0);
	assert_int_equal(v.data_len, 4096);
	assert_ptr_equal(v.data[0].iov_base, data);
	assert_ptr_equal(v.status, st);
}

static void test_parse_any_framing(void **state)
{
	u8 buf[16 + 512];
	u8 wbuf[513];
	struct iovec iov[4];
	struct virtio_blk_req_view v;

	(void)state;
	/* OUT with header and data in one buffer, status in the data buffer's tail. */
	put_le32(buf, VIRTIO_BLK_T_OUT);
	put_le64(buf + 8, 3);
	iov[0] = (struct iovec){ buf, sizeof(buf) };
	iov[1] = (struct iovec){ st, 1 };
	assert_int_equal(virtio_blk__parse(iov, 1, 1, &v), 0);
	assert_int_equal(v.data_len, 512);
	assert_ptr_equal(v.data[0].iov_base, buf + 16);

	/* IN with the header split 5 + 11 and data + status in one buffer. */
	put_le32(buf, VIRTIO_BLK_T_IN);
	iov[0] = (struct iovec){ buf, 5 };
	iov[1] = (struct iovec){ buf + 5, 11 };
	iov[2] = (struct iovec){ wbuf, sizeof(wbuf) };
	assert_int_equal(virtio_blk__parse(iov, 2, 1, &v), 0);
	assert_int_equal(v.sector, 3);
	assert_int_equal(v.data_len, 512);
	assert_ptr_equal(v.status, wbuf + 512);
}

static void test_parse_malformed(void **state)
{
	struct iovec iov[2];
	struct virtio_blk_req_view v;

	(void)state;
	/* No writable byte: nowhere to report, -EINVAL with status NULL. */
	mkhdr(VIRTIO_BLK_T_IN, 0);
	iov[0] = (struct iovec){ hdr, 16 };
	assert_int_equal(virtio_blk__parse(iov, 1, 0, &v), -EINVAL);
	assert_null(v.status);
	/* Short header: -EINVAL, but the status byte is known. */
	iov[0] = (struct iovec){ hdr, 15 };
	iov[1] = (struct iovec){ st, 1 };
	assert_int_equal(virtio_blk__parse(iov, 1, 1, &v), -EINVAL);
	assert_ptr_equal(v.status, st);
	/* Zero-length trailing writable buffers are skipped for the status. */
	struct iovec z[3] = { { hdr, 16 }, { st, 1 }, { data, 0 } };

	assert_int_equal(virtio_blk__parse(z, 1, 2, &v), 0);
	assert_ptr_equal(v.status, st);
	assert_int_equal(v.data_len, 0);
}

/* ---- the device ---- */

static char path[64];
static struct virtio_blk *blk;
static void *m;
static u16 used_want;

static void fill_pattern(int fd)
{
	static u8 buf[DISK_SIZE];

	for (u32 i = 0; i < DISK_SIZE; i++)
		buf[i] = (u8)(i * 7 + (i >> 9));
	assert_int_equal(pwrite(fd, buf, DISK_SIZE, 0), DISK_SIZE);
}

static u8 pattern(u64 off)
{
	return (u8)(off * 7 + (off >> 9));
}

static void open_dev(bool ro, const char *serial)
{
	struct virtio_blk_opts o = { .path = path, .ro = ro, .serial = serial };

	assert_int_equal(virtio_blk__new(&vf_kvm, &o, 0, &blk), 0);
	assert_int_equal(virtio_mmio__register(&vf_kvm, virtio_blk__vdev(blk)), 0);
	m = virtio_mmio__of(virtio_blk__vdev(blk));
	assert_int_equal(vf_driver_init(m, F_V1, 1, QN), 0xf);
	used_want = 0;
}

static int setup(void **state)
{
	int fd;

	(void)state;
	vf_setup();
	strcpy(path, "/tmp/lkvm-blk-test.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fill_pattern(fd);
	close(fd);
	blk = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	virtio_blk__free(blk);
	unlink(path);
	vf_teardown();
	return 0;
}

/*
 * Descriptors 3*slot.. for a three-part request; buffers at VF_DATA + slot * 64 KiB.
 * Not yet offered: see post().
 */
static u64 req(u16 slot, u32 type, u64 sector, u32 len, bool data_writable)
{
	u64 base = VF_DATA + (u64)slot * 0x10000;
	u16 d = (u16)(slot * 3);
	u8 *h = vf_hva(base);

	put_le32(h, type);
	put_le32(h + 4, 0);
	put_le64(h + 8, sector);
	*(u8 *)vf_hva(base + 0x20) = 0xff;	/* status, poisoned */
	if (len) {
		vf_desc(0, d, base, 16, VRING_DESC_F_NEXT, (u16)(d + 1));
		vf_desc(0, (u16)(d + 1), base + 0x1000, len,
			VRING_DESC_F_NEXT | (data_writable ? VRING_DESC_F_WRITE : 0), (u16)(d + 2));
		vf_desc(0, (u16)(d + 2), base + 0x20, 1, VRING_DESC_F_WRITE, 0);
	} else {
		vf_desc(0, d, base, 16, VRING_DESC_F_NEXT, (u16)(d + 2));
		vf_desc(0, (u16)(d + 2), base + 0x20, 1, VRING_DESC_F_WRITE, 0);
	}
	return base;
}

/* Offer the request built at base (after its data is in place). */
static void post(u64 base)
{
	vf_avail(0, QN, (u16)((base - VF_DATA) / 0x10000 * 3));
}

static u8 run1(u64 base, u32 *used_len)
{
	u32 id;

	post(base);
	vf_wr(m, 0x050, 0);
	used_want++;
	assert_int_equal(vf_wait_used(0, used_want), 0);
	vf_used_elem(0, (u16)(used_want - 1), &id, used_len);
	return *(u8 *)vf_hva(base + 0x20);
}

static void test_blk_config(void **state)
{
	(void)state;
	open_dev(false, "serial-xyz");
	assert_int_equal(vf_rd(m, 0x008), 2);
	/* capacity in 512-byte sectors at config offset 0, seg_max at 12, blk_size at 20 */
	assert_int_equal(vf_rd(m, 0x100), DISK_SIZE / 512);
	assert_int_equal(vf_rd(m, 0x104), 0);
	assert_int_equal(vf_rd(m, 0x10c), VIRTIO_BLK_SEG_MAX);
	assert_int_equal(vf_rd(m, 0x114), 512);
	vf_wr(m, 0x014, 0);
	assert_true(vf_rd(m, 0x010) & (1u << 9));	/* FLUSH */
	assert_false(vf_rd(m, 0x010) & (1u << 5));	/* not RO */
	/* Config beyond its size reads 0, does not overflow. */
	assert_int_equal(vf_rd(m, 0x1fc), 0);
}

static void test_blk_read(void **state)
{
	u64 b;
	u32 len;
	u8 *d;

	(void)state;
	open_dev(false, NULL);
	b = req(0, VIRTIO_BLK_T_IN, 5, 4096, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 4097);
	d = vf_hva(b + 0x1000);
	for (u32 i = 0; i < 4096; i++)
		if (d[i] != pattern(5 * 512 + i))
			fail_msg("byte %u: %u, wanted %u", i, d[i], pattern(5 * 512 + i));
	assert_int_equal(__atomic_load_n(&vf_pin_level[8], __ATOMIC_SEQ_CST), 1);
}

static void test_blk_write_flush(void **state)
{
	u8 back[4096];
	u64 b;
	u32 len;
	int fd;

	(void)state;
	open_dev(false, NULL);
	b = req(1, VIRTIO_BLK_T_OUT, 100, 4096, false);
	memset(vf_hva(b + 0x1000), 0x5a, 4096);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 1);
	b = req(2, VIRTIO_BLK_T_FLUSH, 0, 0, false);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, back, 4096, 100 * 512), 4096);
	close(fd);
	for (int i = 0; i < 4096; i++)
		assert_int_equal(back[i], 0x5a);
}

static void test_blk_errors(void **state)
{
	u64 b;
	u32 len;

	(void)state;
	open_dev(false, NULL);
	/* The last sector is fine, one past it is not. */
	b = req(0, VIRTIO_BLK_T_IN, DISK_SIZE / 512 - 1, 512, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	b = req(1, VIRTIO_BLK_T_IN, DISK_SIZE / 512 - 1, 1024, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_IOERR);
	/* A sector number that overflows when scaled to bytes. */
	b = req(2, VIRTIO_BLK_T_IN, 0xffffffffffffffffULL, 512, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_IOERR);
	/* Not a multiple of 512. */
	b = req(3, VIRTIO_BLK_T_OUT, 0, 100, false);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_IOERR);
	/* Unknown type. */
	b = req(4, 0x77, 0, 0, false);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_UNSUPP);
	/* GET_ID: 20 bytes of the default serial. */
	b = req(0, VIRTIO_BLK_T_GET_ID, 0, 20, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 21);
	assert_string_equal((char *)vf_hva(b + 0x1000), "lkvm-disk0");
	/* Discard with the unmap flag is UNSUPP (5.2.6.2), unless the FS lacks punch. */
	b = req(1, VIRTIO_BLK_T_DISCARD, 0, 16, false);
	put_le64(vf_hva(b + 0x1000), 8);
	put_le32(vf_hva(b + 0x1008), 8);
	put_le32(vf_hva(b + 0x100c), 1);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_UNSUPP);
	assert_false(vf_rd(m, 0x070) & 0x40);
}

static void test_blk_write_zeroes(void **state)
{
	u8 back[4096];
	u64 b;
	u32 len;
	int fd;

	(void)state;
	open_dev(false, NULL);
	vf_wr(m, 0x014, 0);
	if (!(vf_rd(m, 0x010) & (1u << 14)))
		skip();	/* the filesystem under /tmp cannot punch holes */
	b = req(0, VIRTIO_BLK_T_WRITE_ZEROES, 8, 16, false);
	put_le64(vf_hva(b + 0x1000), 8);
	put_le32(vf_hva(b + 0x1008), 8);
	put_le32(vf_hva(b + 0x100c), 0);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, back, 4096, 8 * 512), 4096);
	for (int i = 0; i < 4096; i++)
		assert_int_equal(back[i], 0);
	/* The sectors around it are untouched. */
	assert_int_equal(pread(fd, back, 1, 8 * 512 - 1), 1);
	assert_int_equal(back[0], pattern(8 * 512 - 1));
	assert_int_equal(pread(fd, back, 1, 16 * 512), 1);
	assert_int_equal(back[0], pattern(16 * 512));
	close(fd);
}

static void test_blk_ro(void **state)
{
	u8 back[512];
	u64 b;
	u32 len;
	int fd;

	(void)state;
	open_dev(true, NULL);
	vf_wr(m, 0x014, 0);
	assert_true(vf_rd(m, 0x010) & (1u << 5));	/* RO */
	assert_false(vf_rd(m, 0x010) & (1u << 13));	/* no DISCARD */
	b = req(0, VIRTIO_BLK_T_OUT, 0, 512, false);
	memset(vf_hva(b + 0x1000), 0, 512);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_IOERR);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, back, 512, 0), 512);
	close(fd);
	assert_int_equal(back[1], pattern(1));
	/* Reads still work. */
	b = req(1, VIRTIO_BLK_T_IN, 0, 512, true);
	assert_int_equal(run1(b, &len), VIRTIO_BLK_S_OK);
}

static void test_blk_many_inflight_and_reset(void **state)
{
	u32 id, len;
	bool seen[5] = { false };

	(void)state;
	open_dev(false, NULL);
	/* Five requests in one kick, completed in any order. */
	for (u16 s = 0; s < 5; s++)
		post(req(s, VIRTIO_BLK_T_IN, (u64)s * 64, 8192, true));
	vf_wr(m, 0x050, 0);
	assert_int_equal(vf_wait_used(0, 5), 0);
	for (u16 i = 0; i < 5; i++) {
		vf_used_elem(0, i, &id, &len);
		assert_int_equal(id % 3, 0);
		assert_true(id / 3 < 5);
		seen[id / 3] = true;
		assert_int_equal(len, 8193);
	}
	for (int s = 0; s < 5; s++)
		assert_true(seen[s]);
	/* Offer more and reset at once: the I/O thread must stop cleanly. */
	for (u16 s = 0; s < 5; s++)
		post(req(s, VIRTIO_BLK_T_IN, (u64)s * 64, 8192, true));
	vf_wr(m, 0x050, 0);
	vf_wr(m, 0x070, 0);
	assert_int_equal(vf_rd(m, 0x070), 0);
	assert_int_equal(vf_rd(m, 0x044), 0);
	/* And the device comes back. */
	assert_int_equal(vf_driver_init(m, F_V1, 1, QN), 0xf);
	used_want = 0;
	assert_int_equal(run1(req(0, VIRTIO_BLK_T_IN, 0, 512, true), &len), VIRTIO_BLK_S_OK);
}

static void test_blk_hostile_chain(void **state)
{
	(void)state;
	open_dev(false, NULL);
	/* Data buffer pointing into MMIO: NEEDS_RESET, nothing used. */
	vf_desc(0, 0, VF_DATA, 16, VRING_DESC_F_NEXT, 1);
	vf_desc(0, 1, 0x16000000, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 2);
	vf_desc(0, 2, VF_DATA + 0x20, 1, VRING_DESC_F_WRITE, 0);
	vf_avail(0, QN, 0);
	vf_wr(m, 0x050, 0);
	for (int i = 0; i < 5000 && !(vf_rd(m, 0x070) & 0x40); i++)
		usleep(1000);
	assert_true(vf_rd(m, 0x070) & 0x40);
	assert_int_equal(vf_used_idx(0), 0);
}

/*
 * Where the kernel takes ioeventfds, the disk's QueueNotify (offset 0x50,
 * datamatch 0) signals the I/O thread's kick directly: a write to that
 * eventfd, with no MMIO access, serves the request. Elsewhere nothing is
 * registered and the MMIO notify (every other test) does it.
 */
static void test_blk_ioeventfd(void **state)
{
	u64 b, one = 1;
	u32 id, len;

	(void)state;
	vf_ioev_ok = true;
	open_dev(false, NULL);
	assert_int_equal(vf_nr_ioev, 1);
	assert_int_equal(vf_ioev[0].addr, virtio_mmio__base(m) + 0x50);
	assert_int_equal(vf_ioev[0].len, 4);
	assert_int_equal(vf_ioev[0].datamatch, 0);
	assert_int_equal(vf_ioev[0].flags, KVM_IOEVENTFD_FLAG_DATAMATCH);
	b = req(0, VIRTIO_BLK_T_IN, 5, 4096, true);
	post(b);
	assert_int_equal(write(vf_ioev[0].fd, &one, sizeof(one)), sizeof(one));
	assert_int_equal(vf_wait_used(0, ++used_want), 0);
	vf_used_elem(0, (u16)(used_want - 1), &id, &len);
	assert_int_equal(*(u8 *)vf_hva(b + 0x20), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 4097);
}

static void test_blk_no_ioeventfd(void **state)
{
	(void)state;
	open_dev(false, NULL);
	assert_int_equal(vf_nr_ioev, 0);
}

static void test_lock(void **state)
{
	struct disk_image a, b;

	(void)state;
	assert_int_equal(disk_image__open(&a, path, false, false), 0);
	/* A second writer is refused, with a message. */
	assert_int_equal(disk_image__open(&b, path, false, false), -EBUSY);
	/* So is a reader while a writer has it. */
	assert_int_equal(disk_image__open(&b, path, true, false), -EBUSY);
	disk_image__close(&a);
	/* Two readers share it. */
	assert_int_equal(disk_image__open(&a, path, true, false), 0);
	assert_int_equal(disk_image__open(&b, path, true, false), 0);
	assert_int_equal(a.size, DISK_SIZE);
	disk_image__close(&a);
	disk_image__close(&b);
	/* A missing file. */
	assert_int_equal(disk_image__open(&a, "/nonexistent/x.img", false, false), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_linux_framing),
		cmocka_unit_test(test_parse_any_framing),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test_setup_teardown(test_blk_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_write_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_write_zeroes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_ro, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_many_inflight_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_hostile_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_ioeventfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_no_ioeventfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	log__level = LOG_ERR;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
