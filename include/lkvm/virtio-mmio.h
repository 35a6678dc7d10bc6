/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_VIRTIO_MMIO_H
#define LKVM_VIRTIO_MMIO_H

#include "lkvm/virtio.h"

struct kvm;
struct kvm_cpu;
struct virtio_mmio;

/* Register offsets of the virtio-mmio version 2 layout (virtio 1.x, 4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_USED_HIGH	0x0a4
#define VIRTIO_MMIO_SHM_SEL		0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW		0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH	0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW	0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH	0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC		0x74726976	/* "virt" */
#define VIRTIO_MMIO_VENDOR		0x4d564b4c	/* "LKVM" */

struct dev_desc;

/*
 * The board's virtio window: slots of window->size bytes from
 * window->base, at most slots of them; window's interrupt cells are the
 * template of each slot's (the first cell becomes its line).
 */
int virtio_mmio__init(struct kvm *kvm, const struct dev_desc *window, unsigned int slots);
/*
 * Put vdev on the MMIO bus: the next free slot of the virtio window, a
 * line from irq__alloc_pin, and a "virtio,mmio" FDT node. Returns 0 or
 * -errno after printing why.
 */
int virtio_mmio__register(struct kvm *kvm, struct virtio_dev *vdev);
/* Forget every registered device (their owners free them) and the bus. */
void virtio_mmio__exit(struct kvm *kvm);

/* The register handler (opaque: the struct virtio_mmio), for tests. */
void virtio_mmio__access(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
			 bool is_write, void *opaque);
/* The transport of a registered device, and where it sits. */
struct virtio_mmio *virtio_mmio__of(struct virtio_dev *vdev);
u64 virtio_mmio__base(const struct virtio_mmio *m);
int virtio_mmio__pin(const struct virtio_mmio *m);

#endif
