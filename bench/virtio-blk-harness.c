/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In-process virtio-blk benchmark: a virtio-blk device on a page-cached
 * temporary image, driven through its virtio-mmio registers by a fake
 * guest (tests/unit/virtio_fake.c), N 4 KiB reads at queue depth D.
 * Under "valgrind --tool=callgrind --toggle-collect=blk__thread
 * --toggle-collect=virtio_mmio__access" the collected instructions are
 * the device path only: the MMIO notify, the walk, the parse, libaio
 * submission and reaping, the used ring and the interrupt.
 *
 * usage: virtio-blk-harness [N [DEPTH]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lkvm/virtio.h"
#include "lkvm/virtio-blk.h"
#include "lkvm/virtio-mmio.h"
#include "../tests/unit/virtio_fake.h"

#define QN		64
#define IMG_SIZE	(16 << 20)

static void wait_used(u16 want)
{
	while (vf_used_idx(0) != want)
		nanosleep(&(struct timespec){ 0, 20000 }, NULL);
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 2000;
	unsigned int depth = argc > 2 ? (unsigned int)atoi(argv[2]) : 1;
	char path[] = "/tmp/lkvm-blk-bench.XXXXXX";
	struct virtio_blk_opts o = { .path = path };
	struct virtio_blk *blk;
	struct timespec t0, t1;
	u16 done = 0;
	void *m;
	int fd;

	if (!n || !depth || depth > QN / 3) {
		fprintf(stderr, "usage: %s [N [DEPTH<=%d]]\n", argv[0], QN / 3);
		return 2;
	}
	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, IMG_SIZE)) {
		perror("temporary image");
		return 1;
	}
	close(fd);
	vf_setup();
	if (virtio_blk__new(&vf_kvm, &o, 0, &blk) ||
	    virtio_mmio__register(&vf_kvm, virtio_blk__vdev(blk)))
		return 1;
	m = virtio_mmio__of(virtio_blk__vdev(blk));
	if (vf_driver_init(m, 1ULL << 32 | 1ULL << 29, 1, QN) != 0xf) {
		fprintf(stderr, "driver init failed\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int i = 0; i < n; i += depth) {
		unsigned int batch = n - i < depth ? n - i : depth;

		for (unsigned int j = 0; j < batch; j++) {
			u16 d = (u16)(j * 3);
			u64 base = VF_DATA + (u64)j * 0x2000;
			u8 *h = vf_hva(base);
			u64 sector = ((u64)(i + j) * 8) % (IMG_SIZE / 512);

			put_le32(h, VIRTIO_BLK_T_IN);
			put_le64(h + 8, sector);
			vf_desc(0, d, base, 16, VRING_DESC_F_NEXT, (u16)(d + 1));
			vf_desc(0, (u16)(d + 1), base + 0x1000, 4096,
				VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, (u16)(d + 2));
			vf_desc(0, (u16)(d + 2), base + 0x20, 1, VRING_DESC_F_WRITE, 0);
			vf_avail(0, QN, d);
		}
		vf_wr(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
		done = (u16)(done + batch);
		wait_used(done);
		vf_wr(m, VIRTIO_MMIO_INTERRUPT_ACK, vf_rd(m, VIRTIO_MMIO_INTERRUPT_STATUS));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("virtio-blk harness: %u reads of 4 KiB at depth %u in %.3f s\n", n, depth,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	virtio_blk__free(blk);
	vf_teardown();
	unlink(path);
	return 0;
}
