/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_H
#define LKVM_VIRTIO_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/uio.h>
#include "lkvm/util.h"

/*
 * Virtio 1.x core: split virtqueues and the transport-independent device
 * model. A device fills a struct virtio_dev_ops; a transport (only
 * virtio-mmio today) owns the registers and calls into it.
 */

struct kvm;

/* Device status bits (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Feature bits shared by all devices. */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

/* Interrupt status bits. */
#define VIRTIO_ISR_VRING		1
#define VIRTIO_ISR_CONFIG		2

/* Split ring descriptor flags. */
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2
#define VRING_DESC_F_INDIRECT		4
#define VRING_AVAIL_F_NO_INTERRUPT	1
#define VRING_USED_F_NO_NOTIFY		1

#define VIRTIO_ID_BLOCK			2
#define VIRTIO_ID_CONSOLE		3
#define VIRTIO_ID_RNG			4
#define VIRTIO_ID_BALLOON		5

#define VIRTIO_MAX_QUEUES		4
/* Largest queue any device offers; also bounds an indirect table. */
#define VIRTQ_MAX_SIZE			1024

/* One split virtqueue as the driver configured it. */
struct virt_queue {
	/* Written by the transport while the queue is not ready. */
	u16 num;
	u64 desc_gpa, avail_gpa, used_gpa;
	bool ready;

	/* Set when the queue becomes ready. */
	struct kvm *kvm;
	u8 *desc;		/* num descriptors of 16 bytes */
	u8 *avail;		/* flags, idx, ring[num], used_event */
	u8 *used;		/* flags, idx, ring[num] (8 bytes each), avail_event */
	bool event_idx;
	bool indirect;

	/* Device-side progress. */
	u16 last_avail;		/* next avail entry to take */
	u16 used_idx;		/* our copy of used->idx */
	u16 signalled_used;	/* used->idx at the last interrupt */
	bool signalled_valid;
	bool broken;		/* the driver broke the ring: stop using it */
};

/*
 * One descriptor chain taken from the available ring: device-readable
 * buffers first (iov[0..nr_ro)), then device-writable ones
 * (iov[nr_ro..nr_ro + nr_wo)).
 */
struct virtq_chain {
	u16 head;
	unsigned int nr_ro, nr_wo;
	u64 ro_len, wo_len;
	unsigned int max_iov;
	struct iovec *iov;
};

/* Validate the ring areas and make the queue usable; -EINVAL if bad. */
int virtq__init(struct virt_queue *vq, struct kvm *kvm, bool event_idx, bool indirect);
/* Forget everything about the queue (reset). */
void virtq__reset(struct virt_queue *vq);
/* Ring sizes in bytes for a queue of num entries (for tests and checks). */
u64 virtq__desc_size(u16 num);
u64 virtq__avail_size(u16 num);
u64 virtq__used_size(u16 num);

/*
 * Take the next available chain. Returns 1 with *chain filled, 0 when the
 * ring is empty, or -EINVAL when the driver broke the ring (the queue is
 * then marked broken and returns -EINVAL from now on).
 */
int virtq__pop(struct virt_queue *vq, struct virtq_chain *chain);
/* Put back the last popped chain (device out of resources). */
void virtq__unpop(struct virt_queue *vq);
/* Return a chain to the driver, having written len bytes into it. */
void virtq__push(struct virt_queue *vq, u16 head, u32 len);
/* After a batch of pushes: must the driver be interrupted? */
bool virtq__should_signal(struct virt_queue *vq);
/*
 * Tell the driver how far we have read (avail_event, with EVENT_IDX), then
 * look again: returns true if more chains arrived meanwhile.
 */
bool virtq__enable_notify(struct virt_queue *vq);
/* Is anything waiting in the available ring? */
bool virtq__has_work(struct virt_queue *vq);

/* Copy helpers over a chain's iovecs: return the bytes copied. */
size_t iov__to_buf(const struct iovec *iov, unsigned int n, size_t skip, void *buf, size_t len);
size_t iov__from_buf(const struct iovec *iov, unsigned int n, size_t skip, const void *buf,
		     size_t len);

struct virtio_dev;

/*
 * What a device provides. All callbacks run with the device lock held
 * (vdev->lock), except where a device's own thread calls back into the
 * core, which uses only the thread-safe virtio__signal_* functions.
 */
struct virtio_dev_ops {
	const char *name;
	u32 device_id;
	unsigned int nr_queues;
	u16 queue_max;			/* QueueNumMax, a power of two */
	u64 features;			/* device-specific features offered */
	u32 config_size;
	/* Config space; dev->config holds config_size bytes (or NULL). */
	void (*config_write)(struct virtio_dev *vdev, u32 off, const u8 *data, u32 len);
	/* DRIVER_OK was set: the queues the driver made ready are usable. */
	int (*start)(struct virtio_dev *vdev);
	/*
	 * Stop touching the queues and guest memory; return only once no
	 * request is in flight. Called on reset and before exit.
	 */
	void (*stop)(struct virtio_dev *vdev);
	/*
	 * Pause (lkvm pause, vCPUs held): finish in-flight requests, then
	 * touch neither queues nor guest memory until resume. May be NULL.
	 */
	void (*pause)(struct virtio_dev *vdev);
	void (*resume)(struct virtio_dev *vdev);
	/* The driver notified queue q (which is ready, device started). */
	void (*notify)(struct virtio_dev *vdev, unsigned int q);
	/*
	 * Optional: an eventfd whose every write does what notify(q) does,
	 * also before start (the device ignores it until then), or -1. The
	 * transport has the kernel write it (ioeventfd) where it can.
	 */
	int (*notify_fd)(struct virtio_dev *vdev, unsigned int q);
	void (*free)(struct virtio_dev *vdev);
};

/* How a transport delivers interrupts. */
struct virtio_transport_ops {
	/* Drive the interrupt line; called with isr_lock held. */
	void (*set_irq)(struct virtio_dev *vdev, bool level);
};

struct virtio_dev {
	struct kvm *kvm;
	const struct virtio_dev_ops *ops;
	void *priv;			/* the device's own state */
	u8 *config;

	pthread_mutex_t lock;		/* register access, reset, notify */
	u64 guest_features;
	_Atomic u32 status;
	bool started;
	u32 config_gen;
	struct virt_queue vqs[VIRTIO_MAX_QUEUES];

	/* Interrupt status: raised from any thread, acknowledged by the guest. */
	pthread_mutex_t isr_lock;
	u32 isr;
	const struct virtio_transport_ops *trans;
	void *trans_priv;
};

/* Set up the generic part; features offered are ops->features | VERSION_1 (+ring). */
void virtio__dev_init(struct virtio_dev *vdev, struct kvm *kvm,
		      const struct virtio_dev_ops *ops, void *priv, u8 *config);
/* Stop the device's thread if it runs (as on reset, state kept). */
void virtio__dev_stop(struct virtio_dev *vdev);
void virtio__dev_destroy(struct virtio_dev *vdev);
/* Pause / resume a started device's own work (ops->pause, ops->resume). */
void virtio__dev_pause(struct virtio_dev *vdev);
void virtio__dev_resume(struct virtio_dev *vdev);
u64 virtio__host_features(const struct virtio_dev *vdev);
/* Write the status register (transport, lock held): handles reset etc. */
void virtio__set_status(struct virtio_dev *vdev, u32 status);
/* Reset: stop the device and drop all driver-visible state (lock held). */
void virtio__reset(struct virtio_dev *vdev);
/* QueueReady written (lock held). */
void virtio__queue_set_ready(struct virtio_dev *vdev, unsigned int q, bool ready);
/* QueueNotify written (lock held). */
void virtio__queue_notify(struct virtio_dev *vdev, unsigned int q);
bool virtio__has_feature(const struct virtio_dev *vdev, unsigned int bit);

/* Thread-safe: interrupt the driver about a used buffer / config change. */
void virtio__signal_vq(struct virtio_dev *vdev, struct virt_queue *vq);
void virtio__signal_config(struct virtio_dev *vdev);
/* Thread-safe: the driver broke the device; it must reset it. */
void virtio__set_needs_reset(struct virtio_dev *vdev);
/* Interrupt status, and acknowledging it (transport). */
u32 virtio__isr(struct virtio_dev *vdev);
void virtio__isr_ack(struct virtio_dev *vdev, u32 bits);

/*
 * The device side of a notify, shared by every device: take chains until
 * the ring is empty, the device has no room (prepare says so) or the
 * driver broke the ring (NEEDS_RESET); then re-enable notifications and go
 * again if more came in meanwhile. Inline so that each device's callbacks
 * are inlined into its loop (a hot path).
 */
struct virtq_drain {
	/* Point c->iov/max_iov at room for the next chain; false: none now. */
	bool (*prepare)(void *opaque, struct virtq_chain *c);
	/* A chain was taken: handle it (and push it now or later). */
	void (*handle)(void *opaque, struct virtq_chain *c);
	/* After each batch, before notifications are re-enabled (may be NULL). */
	void (*batch_end)(void *opaque);
};

/* ops is a constant each device passes: always inlined, calls direct. */
static inline __attribute__((always_inline))
void virtq__drain(struct virtio_dev *vdev, struct virt_queue *vq,
		  const struct virtq_drain ops, void *opaque)
{
	bool room;

	do {
		room = true;
		for (;;) {
			struct virtq_chain c = { .iov = NULL };
			int ret;

			if (!ops.prepare(opaque, &c)) {
				room = false;
				break;
			}
			ret = virtq__pop(vq, &c);
			if (ret < 0) {
				virtio__set_needs_reset(vdev);
				if (ops.batch_end)
					ops.batch_end(opaque);
				return;
			}
			if (!ret)
				break;
			ops.handle(opaque, &c);
		}
		if (ops.batch_end)
			ops.batch_end(opaque);
	} while (room && virtq__enable_notify(vq));
}

#endif
