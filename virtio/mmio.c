/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio-mmio, version 2 ("modern", virtio 1.x section 4.2): one register
 * window per device in the board's virtio window, one interrupt line each. Registers below 0x100 are 32-bit only; other widths
 * read as zero and are ignored on write. The config space behind 0x100
 * takes any width.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <libfdt.h>
#include "lkvm/device.h"
#include "lkvm/irq.h"
#include "lkvm/kvm.h"
#include "lkvm/virtio-mmio.h"

struct virtio_mmio {
	struct kvm *kvm;
	struct virtio_dev *vdev;
	struct dev_desc desc;
	u64 base;
	int pin;
	int irqfd;			/* edge lines: pulses the pin, or -1 */
	u32 dev_feat_sel, drv_feat_sel, queue_sel;
};

#define VIRTIO_MMIO_MAX_SLOTS	32

/* The VM's virtio-mmio window, as the board placed it. */
struct virtio_mmio_bus {
	struct dev_desc window;		/* base, slot size, interrupt cells */
	unsigned int max_slots;
	struct virtio_mmio *slots[VIRTIO_MMIO_MAX_SLOTS];
	unsigned int nr_slots;
};

int virtio_mmio__init(struct kvm *kvm, const struct dev_desc *window, unsigned int slots)
{
	struct virtio_mmio_bus *bus = calloc(1, sizeof(*bus));

	if (!bus) {
		pr_err("out of memory creating the virtio-mmio bus");
		return -ENOMEM;
	}
	bus->window = *window;
	bus->max_slots = slots < VIRTIO_MMIO_MAX_SLOTS ? slots : VIRTIO_MMIO_MAX_SLOTS;
	kvm->virtio_mmio = bus;
	return 0;
}

struct virtio_mmio *virtio_mmio__of(struct virtio_dev *vdev)
{
	return vdev->trans_priv;
}

u64 virtio_mmio__base(const struct virtio_mmio *m)
{
	return m->base;
}

int virtio_mmio__pin(const struct virtio_mmio *m)
{
	return m->pin;
}

/*
 * A level line follows the interrupt status. On an edge line every event
 * is a pulse (the driver reads the status after its ack, so none is
 * lost); through an irqfd it costs one write and never enters lkvm again.
 */
static void virtio_mmio__set_irq(struct virtio_dev *vdev, bool level)
{
	struct virtio_mmio *m = vdev->trans_priv;
	u64 one = 1;

	if (!m->desc.irq_edge) {
		irq__line_set(m->kvm, (unsigned int)m->pin, level);
		return;
	}
	if (!level)
		return;
	if (m->irqfd >= 0 && write(m->irqfd, &one, sizeof(one)) == sizeof(one))
		return;
	irq__line_pulse(m->kvm, (unsigned int)m->pin);
}

static const struct virtio_transport_ops virtio_mmio_trans = {
	.set_irq = virtio_mmio__set_irq,
};

static u32 virtio_mmio__read(struct virtio_mmio *m, u64 off)
{
	struct virtio_dev *vdev = m->vdev;
	struct virt_queue *vq = m->queue_sel < vdev->ops->nr_queues ?
				&vdev->vqs[m->queue_sel] : NULL;

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return 2;
	case VIRTIO_MMIO_DEVICE_ID:
		return vdev->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (m->dev_feat_sel > 1)
			return 0;
		return (u32)(virtio__host_features(vdev) >> (32 * m->dev_feat_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return vq ? vdev->ops->queue_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return vq ? vq->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return virtio__isr(vdev);
	case VIRTIO_MMIO_STATUS:
		return atomic_load(&vdev->status);
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		return vq ? (u32)vq->desc_gpa : 0;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		return vq ? (u32)(vq->desc_gpa >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
		return vq ? (u32)vq->avail_gpa : 0;
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
		return vq ? (u32)(vq->avail_gpa >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_USED_LOW:
		return vq ? (u32)vq->used_gpa : 0;
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		return vq ? (u32)(vq->used_gpa >> 32) : 0;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
		return 0xffffffff;	/* no shared memory regions */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return vdev->config_gen;
	default:
		return 0;
	}
}

/* Set half of a 64-bit queue address; only while the queue is off. */
static void set_half(u64 *v, u32 val, bool high)
{
	if (high)
		*v = (*v & 0xffffffffULL) | ((u64)val << 32);
	else
		*v = (*v & ~0xffffffffULL) | val;
}

static void virtio_mmio__write(struct virtio_mmio *m, u64 off, u32 val)
{
	struct virtio_dev *vdev = m->vdev;
	struct virt_queue *vq = m->queue_sel < vdev->ops->nr_queues ?
				&vdev->vqs[m->queue_sel] : NULL;
	u32 status = atomic_load(&vdev->status);
	bool setup = vq && !vq->ready;	/* queue fields are writable */

	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		m->dev_feat_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		/* Features are fixed once FEATURES_OK is set. */
		if (m->drv_feat_sel > 1 || (status & VIRTIO_STATUS_FEATURES_OK))
			break;
		set_half(&vdev->guest_features, val, m->drv_feat_sel);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		m->drv_feat_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		m->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
		if (setup)
			vq->num = val > 0xffff ? 0 : (u16)val;	/* checked when made ready */
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (vq && val <= 1) {
			if (val && vq->num > vdev->ops->queue_max) {
				virtio__set_needs_reset(vdev);
				break;
			}
			virtio__queue_set_ready(vdev, m->queue_sel, val);
		}
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		/* With VIRTIO_F_NOTIFICATION_DATA unoffered, val is the queue index. */
		virtio__queue_notify(vdev, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		virtio__isr_ack(vdev, val);
		break;
	case VIRTIO_MMIO_STATUS:
		virtio__set_status(vdev, val);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		if (setup)
			set_half(&vq->desc_gpa, val, off == VIRTIO_MMIO_QUEUE_DESC_HIGH);
		break;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
		if (setup)
			set_half(&vq->avail_gpa, val, off == VIRTIO_MMIO_QUEUE_AVAIL_HIGH);
		break;
	case VIRTIO_MMIO_QUEUE_USED_LOW:
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		if (setup)
			set_half(&vq->used_gpa, val, off == VIRTIO_MMIO_QUEUE_USED_HIGH);
		break;
	default:
		break;	/* read-only or unknown: ignored */
	}
}

static void virtio_mmio__config(struct virtio_mmio *m, u64 off, u8 *data, u32 len,
				bool is_write)
{
	struct virtio_dev *vdev = m->vdev;
	u32 size = vdev->ops->config_size;

	off -= VIRTIO_MMIO_CONFIG;
	if (!vdev->config || off >= size || len > size - off)
		return;
	if (!is_write) {
		memcpy(data, vdev->config + off, len);
		return;
	}
	if (vdev->ops->config_write)
		vdev->ops->config_write(vdev, (u32)off, data, len);
}

void virtio_mmio__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			 bool is_write, void *opaque)
{
	struct virtio_mmio *m = opaque;

	(void)vcpu;
	if (!is_write)
		memset(data, 0, len);
	pthread_mutex_lock(&m->vdev->lock);
	if (offset >= VIRTIO_MMIO_CONFIG)
		virtio_mmio__config(m, offset, data, len, is_write);
	else if (len == 4 && !(offset & 3)) {
		if (is_write)
			virtio_mmio__write(m, offset, get_le32(data));
		else
			put_le32(data, virtio_mmio__read(m, offset));
	}
	pthread_mutex_unlock(&m->vdev->lock);
}

static int virtio_mmio__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	struct virtio_mmio *m = opaque;
	int node;

	(void)kvm;
	node = fdt__add_dev_node(fdt, "virtio_mmio", "virtio,mmio", &m->desc);
	return node < 0 ? fdt__fail(m->vdev->ops->name, node) : 0;
}

/*
 * Queue notifies through the kernel where the device has an eventfd for
 * them: a QueueNotify write of q then signals it without an exit. Where
 * the kernel cannot, the write exits and virtio_mmio__write handles it.
 */
static void virtio_mmio__ioeventfds(struct virtio_mmio *m)
{
	struct virtio_dev *vdev = m->vdev;
	unsigned int q;
	int fd, err;

	if (!vdev->ops->notify_fd)
		return;
	for (q = 0; q < vdev->ops->nr_queues; q++) {
		fd = vdev->ops->notify_fd(vdev, q);
		if (fd < 0)
			continue;
		err = kvm__ioeventfd(m->kvm, m->base + VIRTIO_MMIO_QUEUE_NOTIFY, 4, q, fd);
		if (err)
			pr_debug("%s: queue %u notifies through userspace (ioeventfd: %s)",
				 vdev->ops->name, q, strerror(-err));
	}
}

int virtio_mmio__register(struct kvm *kvm, struct virtio_dev *vdev)
{
	struct virtio_mmio_bus *bus = kvm->virtio_mmio;
	struct virtio_mmio *m;
	int pin, err;

	if (!bus) {
		pr_err("this board has no virtio-mmio window for %s", vdev->ops->name);
		return -ENODEV;
	}
	if (bus->nr_slots >= bus->max_slots) {
		pr_err("too many virtio devices: at most %u", bus->max_slots);
		return -ENOSPC;
	}
	pin = irq__alloc_pin(kvm);
	if (pin < 0) {
		pr_err("no free interrupt line for %s: use fewer devices", vdev->ops->name);
		return -ENOSPC;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->kvm = kvm;
	m->vdev = vdev;
	m->pin = pin;
	m->irqfd = -1;
	/* The slot's window; the pin is its first interrupt cell. */
	m->desc = bus->window;
	m->desc.base = bus->window.base + (u64)bus->nr_slots * bus->window.size;
	m->desc.irq = pin;
	m->desc.fdt_irq[0] = (u32)pin;
	m->base = m->desc.base;
	vdev->trans = &virtio_mmio_trans;
	vdev->trans_priv = m;
	/* Owned by the slot table from here on, even if a step below fails. */
	bus->slots[bus->nr_slots++] = m;

	err = io_space__register(&kvm->mmio, m->base, m->desc.size,
				 virtio_mmio__access, m, vdev->ops->name);
	if (!err)
		err = fdt_gen__register(kvm, virtio_mmio__fdt, m);
	if (err) {
		pr_err("cannot place %s at 0x%llx: %s", vdev->ops->name,
		       (unsigned long long)m->base, strerror(-err));
		return err;
	}
	virtio_mmio__ioeventfds(m);
	if (m->desc.irq_edge) {
		m->irqfd = irq__edge_fd(kvm, (unsigned int)pin);
		if (m->irqfd < 0)
			pr_debug("%s: no irqfd (%s), interrupts go through lkvm",
				 vdev->ops->name, strerror(-m->irqfd));
	}
	return 0;
}

void virtio_mmio__exit(struct kvm *kvm)
{
	struct virtio_mmio_bus *bus = kvm->virtio_mmio;

	if (!bus)
		return;
	for (unsigned int i = 0; i < bus->nr_slots; i++) {
		if (bus->slots[i]->irqfd >= 0)
			close(bus->slots[i]->irqfd);
		free(bus->slots[i]);
	}
	free(bus);
	kvm->virtio_mmio = NULL;
}
