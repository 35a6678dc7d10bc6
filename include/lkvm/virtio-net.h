/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_NET_H
#define LKVM_VIRTIO_NET_H

#include <sys/uio.h>
#include "lkvm/config.h"

/* virtio-net (virtio 1.x, 5.1): the parts lkvm uses. */
#define VIRTIO_ID_NET			1
#define VIRTIO_NET_F_MAC		5
#define VIRTIO_NET_F_STATUS		16
#define VIRTIO_NET_S_LINK_UP		1
#define VIRTIO_NET_CFG_SIZE		8	/* mac[6], status */
/* struct virtio_net_hdr_v1: flags, gso_type, hdr_len, gso_size, csum_start,
 * csum_offset, num_buffers (always there with VERSION_1). */
#define VIRTIO_NET_HDR_SIZE		12
#define VIRTIO_NET_HDR_GSO_NONE		0
#define VIRTIO_NET_QUEUE_SIZE		256
#define VIRTIO_NET_MAX_IOV		64
/* Largest frame either way: no TSO is offered, so this is generous. */
#define VIRTIO_NET_MAX_FRAME		65536
#define VIRTIO_NET_MIN_FRAME		14	/* an Ethernet header */

struct kvm;
struct virtio_dev;
struct virtio_net;

/*
 * Guest-facing parsing (pure; fuzzed). A transmit chain (nr_ro readable
 * buffers): header then frame, copied into buf (cap bytes). Returns the
 * frame's length, or -EINVAL for a chain to drop (short header, GSO we
 * did not offer, a frame too short or too long).
 */
int virtio_net__tx_frame(const struct iovec *iov, unsigned int nr_ro, u8 *buf, size_t cap);
/*
 * A receive chain (nr_wo writable buffers): header, then the frame.
 * Returns the bytes written (used length), 0 if the chain cannot hold it.
 */
u32 virtio_net__rx_fill(const struct iovec *iov, unsigned int nr_wo, const u8 *frame,
			size_t len);

struct net_backend;

/* A NIC with cfg's MAC on back-end be, which it owns from now on (freed on failure). */
struct virtio_net *virtio_net__new(struct kvm *kvm, const struct lkvm_net_cfg *cfg,
				   struct net_backend *be);
struct virtio_dev *virtio_net__vdev(struct virtio_net *n);
/* Stop and join the NIC's thread (teardown); idempotent. */
void virtio_net__stop(struct virtio_net *n);
void virtio_net__free(struct virtio_net *n);

#endif
