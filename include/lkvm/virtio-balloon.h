/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_BALLOON_H
#define LKVM_VIRTIO_BALLOON_H

#include <sys/uio.h>
#include "lkvm/util.h"

struct kvm;
struct ctl_buf;
struct virtio_dev;
struct virtio_balloon;

/* virtio-balloon (virtio/balloon.c), without a transport for tests. */
struct virtio_balloon *virtio_balloon__new(struct kvm *kvm);
struct virtio_dev *virtio_balloon__vdev(struct virtio_balloon *b);
void virtio_balloon__free(struct virtio_balloon *b);
/* Move the target by delta_mib (clamped to 0..RAM); *mib: the new target. */
int virtio_balloon__adjust(struct virtio_balloon *b, s64 delta_mib, u64 *mib);
/*
 * The guest's statistics as key=value, fresh from its driver: -EAGAIN if
 * no driver reports them, -ETIMEDOUT if it did not answer in timeout_ms.
 */
int virtio_balloon__stats(struct virtio_balloon *b, struct ctl_buf *out, int timeout_ms);
/*
 * Parse one inflate chain's page numbers (guest-supplied: each checked
 * against RAM) and give those pages back to the host; returns how many
 * were valid. For the fuzz target.
 */
int virtio_balloon__inflate(struct virtio_balloon *b, const struct iovec *iov, unsigned int n);

#endif
