/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_DEVICES_H
#define LKVM_VIRTIO_DEVICES_H

#include "lkvm/util.h"

struct kvm;
struct virtio_dev;
struct virtio_rng;
struct virtio_console;

/*
 * Every virtio device the configuration asks for (--disk, --rng,
 * --console virtio), each on its own virtio-mmio slot. Prints why on
 * failure.
 */
int virtio__devices_init(struct kvm *kvm);
/* Stop the devices' own threads (they keep their state); idempotent. */
void virtio__devices_stop(struct kvm *kvm);
void virtio__devices_exit(struct kvm *kvm);
/*
 * Pause: the devices' own threads finish what is in flight and wait
 * (the vCPUs are held already); resume lets them go on.
 */
void virtio__devices_pause(struct kvm *kvm);
void virtio__devices_resume(struct kvm *kvm);
struct ctl_buf;
/*
 * Balloon (--balloon): move the target by delta_mib (positive inflates),
 * *mib the new target; the guest's statistics as key=value. -ENODEV
 * without a balloon, -ETIMEDOUT if the guest does not answer.
 */
int virtio__devices_balloon(struct kvm *kvm, s64 delta_mib, u64 *mib);
int virtio__devices_balloon_stats(struct kvm *kvm, struct ctl_buf *out);

/* The devices on their own, without a transport (tests). */
struct virtio_rng *virtio_rng__new(struct kvm *kvm);
struct virtio_dev *virtio_rng__vdev(struct virtio_rng *r);
void virtio_rng__free(struct virtio_rng *r);

/* Console output goes to out (default: term__write). */
typedef void (*virtio_console_out_fn)(void *opaque, const u8 *buf, size_t len);
struct virtio_console *virtio_console__new(struct kvm *kvm);
struct virtio_dev *virtio_console__vdev(struct virtio_console *c);
void virtio_console__set_output(struct virtio_console *c, virtio_console_out_fn fn,
				void *opaque);
/* Feed host input; returns how many bytes the guest had room for. */
size_t virtio_console__receive(struct virtio_console *c, const u8 *buf, size_t len);
void virtio_console__free(struct virtio_console *c);

#endif
