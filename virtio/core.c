/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport-independent half of a virtio device: feature and status
 * handling, reset, queue activation and interrupt status. Transports call
 * these with vdev->lock held; devices' own threads use only the signal
 * functions, which take the separate isr_lock.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/virtio.h"

void virtio__dev_init(struct virtio_dev *vdev, struct kvm *kvm,
		      const struct virtio_dev_ops *ops, void *priv, u8 *config)
{
	memset(vdev, 0, sizeof(*vdev));
	vdev->kvm = kvm;
	vdev->ops = ops;
	vdev->priv = priv;
	vdev->config = config;
	pthread_mutex_init(&vdev->lock, NULL);
	pthread_mutex_init(&vdev->isr_lock, NULL);
}

void virtio__dev_stop(struct virtio_dev *vdev)
{
	pthread_mutex_lock(&vdev->lock);
	if (vdev->started && vdev->ops->stop)
		vdev->ops->stop(vdev);
	vdev->started = false;
	pthread_mutex_unlock(&vdev->lock);
}

void virtio__dev_pause(struct virtio_dev *vdev)
{
	pthread_mutex_lock(&vdev->lock);
	if (vdev->started && vdev->ops->pause)
		vdev->ops->pause(vdev);
	pthread_mutex_unlock(&vdev->lock);
}

void virtio__dev_resume(struct virtio_dev *vdev)
{
	pthread_mutex_lock(&vdev->lock);
	if (vdev->started && vdev->ops->resume)
		vdev->ops->resume(vdev);
	pthread_mutex_unlock(&vdev->lock);
}

void virtio__dev_destroy(struct virtio_dev *vdev)
{
	virtio__dev_stop(vdev);
	pthread_mutex_destroy(&vdev->lock);
	pthread_mutex_destroy(&vdev->isr_lock);
}

u64 virtio__host_features(const struct virtio_dev *vdev)
{
	return vdev->ops->features | BIT(VIRTIO_F_VERSION_1) |
	       BIT(VIRTIO_F_INDIRECT_DESC) | BIT(VIRTIO_F_EVENT_IDX);
}

bool virtio__has_feature(const struct virtio_dev *vdev, unsigned int bit)
{
	return vdev->guest_features & BIT(bit);
}

static void virtio__update_irq(struct virtio_dev *vdev)
{
	if (vdev->trans && vdev->trans->set_irq)
		vdev->trans->set_irq(vdev, vdev->isr != 0);
}

void virtio__reset(struct virtio_dev *vdev)
{
	if (vdev->started && vdev->ops->stop)
		vdev->ops->stop(vdev);
	vdev->started = false;
	vdev->guest_features = 0;
	atomic_store(&vdev->status, 0);
	for (unsigned int i = 0; i < VIRTIO_MAX_QUEUES; i++)
		virtq__reset(&vdev->vqs[i]);
	pthread_mutex_lock(&vdev->isr_lock);
	vdev->isr = 0;
	virtio__update_irq(vdev);
	pthread_mutex_unlock(&vdev->isr_lock);
}

/* FEATURES_OK is accepted only for a subset of ours that includes VERSION_1. */
static bool virtio__features_ok(const struct virtio_dev *vdev)
{
	u64 f = vdev->guest_features;

	return (f & BIT(VIRTIO_F_VERSION_1)) && !(f & ~virtio__host_features(vdev));
}

void virtio__set_status(struct virtio_dev *vdev, u32 val)
{
	u32 old = atomic_load(&vdev->status);

	val &= 0xff;
	if (!val) {
		virtio__reset(vdev);
		return;
	}
	/* NEEDS_RESET belongs to the device; only a reset clears it. */
	val = (val & ~(u32)VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET);
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
	    !virtio__features_ok(vdev))
		val &= ~(u32)VIRTIO_STATUS_FEATURES_OK;	/* the driver reads back and gives up */
	atomic_store(&vdev->status, val);

	if ((val & VIRTIO_STATUS_DRIVER_OK) && !vdev->started) {
		if (!(val & VIRTIO_STATUS_FEATURES_OK)) {
			virtio__set_needs_reset(vdev);
			return;
		}
		vdev->started = true;
		if (vdev->ops->start && vdev->ops->start(vdev)) {
			vdev->started = false;
			virtio__set_needs_reset(vdev);
			return;
		}
		/* Buffers offered before DRIVER_OK wait for us. */
		for (unsigned int q = 0; q < vdev->ops->nr_queues; q++)
			if (vdev->vqs[q].ready && virtq__has_work(&vdev->vqs[q]))
				vdev->ops->notify(vdev, q);
	}
}

void virtio__queue_set_ready(struct virtio_dev *vdev, unsigned int q, bool ready)
{
	struct virt_queue *vq = &vdev->vqs[q];

	if (ready == vq->ready)
		return;
	if (!ready) {
		/* Taking a queue away under a running device: stop it first. */
		if (vdev->started && vdev->ops->stop)
			vdev->ops->stop(vdev);
		vdev->started = false;
		vq->ready = false;
		return;
	}
	if (virtq__init(vq, vdev->kvm, virtio__has_feature(vdev, VIRTIO_F_EVENT_IDX),
			virtio__has_feature(vdev, VIRTIO_F_INDIRECT_DESC))) {
		/* Bad size or ring address: the queue stays off. */
		pr_debug_ratelimited("%s: queue %u refused (size %u)", vdev->ops->name, q, vq->num);
		virtio__set_needs_reset(vdev);
		return;
	}
	vq->ready = true;
}

void virtio__queue_notify(struct virtio_dev *vdev, unsigned int q)
{
	if (q >= vdev->ops->nr_queues || !vdev->vqs[q].ready || !vdev->started)
		return;
	vdev->ops->notify(vdev, q);
}

void virtio__signal_vq(struct virtio_dev *vdev, struct virt_queue *vq)
{
	if (!virtq__should_signal(vq))
		return;
	pthread_mutex_lock(&vdev->isr_lock);
	vdev->isr |= VIRTIO_ISR_VRING;
	virtio__update_irq(vdev);
	pthread_mutex_unlock(&vdev->isr_lock);
}

void virtio__signal_config(struct virtio_dev *vdev)
{
	pthread_mutex_lock(&vdev->isr_lock);
	vdev->isr |= VIRTIO_ISR_CONFIG;
	virtio__update_irq(vdev);
	pthread_mutex_unlock(&vdev->isr_lock);
}

void virtio__set_needs_reset(struct virtio_dev *vdev)
{
	u32 old = atomic_fetch_or(&vdev->status, VIRTIO_STATUS_NEEDS_RESET);

	if (old & VIRTIO_STATUS_NEEDS_RESET)
		return;
	pr_warn_ratelimited("%s: the guest driver misused the device; it must reset it",
			    vdev->ops->name);
	/* Drivers learn of NEEDS_RESET through a configuration change. */
	if (old & VIRTIO_STATUS_DRIVER_OK)
		virtio__signal_config(vdev);
}

u32 virtio__isr(struct virtio_dev *vdev)
{
	u32 v;

	pthread_mutex_lock(&vdev->isr_lock);
	v = vdev->isr;
	pthread_mutex_unlock(&vdev->isr_lock);
	return v;
}

void virtio__isr_ack(struct virtio_dev *vdev, u32 bits)
{
	pthread_mutex_lock(&vdev->isr_lock);
	vdev->isr &= ~bits;
	virtio__update_irq(vdev);
	pthread_mutex_unlock(&vdev->isr_lock);
}
