/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_BLK_H
#define LKVM_VIRTIO_BLK_H

#include <sys/uio.h>
#include "lkvm/util.h"

struct kvm;
struct virtio_dev;
struct virtio_blk;

/* virtio-blk feature bits, request types and status values (virtio 1.x, 5.2). */
#define VIRTIO_BLK_F_SIZE_MAX		1
#define VIRTIO_BLK_F_SEG_MAX		2
#define VIRTIO_BLK_F_RO			5
#define VIRTIO_BLK_F_BLK_SIZE		6
#define VIRTIO_BLK_F_FLUSH		9
#define VIRTIO_BLK_F_DISCARD		13
#define VIRTIO_BLK_F_WRITE_ZEROES	14

#define VIRTIO_BLK_T_IN			0
#define VIRTIO_BLK_T_OUT		1
#define VIRTIO_BLK_T_FLUSH		4
#define VIRTIO_BLK_T_GET_ID		8
#define VIRTIO_BLK_T_DISCARD		11
#define VIRTIO_BLK_T_WRITE_ZEROES	13

#define VIRTIO_BLK_S_OK			0
#define VIRTIO_BLK_S_IOERR		1
#define VIRTIO_BLK_S_UNSUPP		2

#define VIRTIO_BLK_ID_BYTES		20
#define VIRTIO_BLK_WZ_UNMAP		1

/* Config space offsets. */
#define VIRTIO_BLK_CFG_CAPACITY		0x00
#define VIRTIO_BLK_CFG_SIZE_MAX		0x08
#define VIRTIO_BLK_CFG_SEG_MAX		0x0c
#define VIRTIO_BLK_CFG_BLK_SIZE		0x14
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 0x24
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG	0x28
#define VIRTIO_BLK_CFG_DISCARD_ALIGN	0x2c
#define VIRTIO_BLK_CFG_MAX_WZ_SECTORS	0x30
#define VIRTIO_BLK_CFG_MAX_WZ_SEG	0x34
#define VIRTIO_BLK_CFG_WZ_MAY_UNMAP	0x38
#define VIRTIO_BLK_CFG_SIZE		0x3c

#define VIRTIO_BLK_QUEUE_SIZE		256
#define VIRTIO_BLK_SEG_MAX		126
/* Header and status may sit in their own descriptors. */
#define VIRTIO_BLK_MAX_IOV		(VIRTIO_BLK_SEG_MAX + 2)

/*
 * One request split out of a chain's buffers, whatever the framing: the
 * 16-byte header opens the readable part, the status byte closes the
 * writable part, and data is what lies between.
 */
struct virtio_blk_req_view {
	u32 type;
	u64 sector;
	struct iovec *data;	/* points into the chain's iov array */
	unsigned int nr_data;
	u64 data_len;
	u8 *status;		/* NULL: no writable byte to report in */
};

/*
 * Parse a chain (iov: nr_ro readable then nr_wo writable buffers). Trims
 * the array in place. 0 on success; -EINVAL for a malformed request, with
 * view->status still set when there is a byte to report IOERR in.
 */
int virtio_blk__parse(struct iovec *iov, unsigned int nr_ro, unsigned int nr_wo,
		      struct virtio_blk_req_view *view);

struct virtio_blk_opts {
	const char *path;
	bool ro, direct;
	const char *serial;	/* NULL: "lkvm-diskN" */
};

/* Create a disk device (not yet on a transport). Prints why on failure. */
int virtio_blk__new(struct kvm *kvm, const struct virtio_blk_opts *o, unsigned int index,
		    struct virtio_blk **out);
struct virtio_dev *virtio_blk__vdev(struct virtio_blk *b);
void virtio_blk__free(struct virtio_blk *b);

#endif
