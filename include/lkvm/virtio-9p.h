/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_9P_H
#define LKVM_VIRTIO_9P_H

#include "lkvm/util.h"

struct kvm;
struct virtio_dev;
struct virtio_9p;

#define VIRTIO_ID_9P		9
#define VIRTIO_9P_F_MOUNT_TAG	0
#define VIRTIO_9P_TAG_MAX	31	/* bytes of a mount tag */

/*
 * A virtio-9p device sharing dir under tag (checked by the caller). Its
 * worker thread starts here, in the set-up thread, so that it inherits no
 * vCPU filter. Prints why on failure.
 */
int virtio_9p__new(struct kvm *kvm, const char *dir, const char *tag, bool ro,
		   struct virtio_9p **out);
struct virtio_dev *virtio_9p__vdev(struct virtio_9p *p);
void virtio_9p__free(struct virtio_9p *p);

#endif
