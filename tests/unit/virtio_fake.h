/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_VIRTIO_FAKE_H
#define TESTS_VIRTIO_FAKE_H

/*
 * A VM for virtio tests: guest RAM of VF_RAM_SIZE at GPA 0 in one bank,
 * an irq.h fake that records pin levels, and a tiny "guest driver" that
 * talks to a device through its virtio-mmio registers and builds split
 * rings in guest RAM by hand.
 */
#include "lkvm/kvm.h"
#include "lkvm/virtio.h"

#define VF_RAM_SIZE	(4ULL << 20)
/* Ring areas of the test queue, and a data area. */
#define VF_DESC		0x10000ULL
#define VF_AVAIL	0x20000ULL
#define VF_USED		0x30000ULL
#define VF_DATA		0x100000ULL

extern struct kvm vf_kvm;
extern int vf_pin_level[32];
extern int vf_pulses[32];	/* irq__line_pulse calls per pin */
extern int vf_next_pin;
/*
 * vf_setup places devices on the board's edge-line window if vf_edge; then
 * irq__edge_fd hands out an eventfd (vf_irqfd) if vf_irqfd_ok, else fails.
 */
extern bool vf_edge, vf_irqfd_ok;
extern int vf_irqfd;

/*
 * The fake backend's KVM_IOEVENTFD: refused (ENOTTY, as without the
 * capability) unless vf_ioev_ok; the registrations it took.
 */
struct vf_ioev {
	u64 addr, datamatch;
	u32 len, flags;
	int fd;
};
extern bool vf_ioev_ok;
extern struct vf_ioev vf_ioev[8];
extern int vf_nr_ioev;

void vf_setup(void);
void vf_teardown(void);
void *vf_hva(u64 gpa);

/* virtio-mmio register access of the device whose handler opaque is m. */
u32 vf_rd(void *m, u64 off);
void vf_wr(void *m, u64 off, u32 val);

/* Bring a device up as Linux does, queue q of size num at VF_DESC/AVAIL/USED
 * (queue i at +i * 0x4000). Returns the status read back. */
u32 vf_driver_init(void *m, u64 features, unsigned int nr_queues, u16 num);

/* Build descriptor i of queue q. */
void vf_desc(unsigned int q, u16 i, u64 addr, u32 len, u16 flags, u16 next);
/* Offer chain head on queue q (bumps avail idx). */
void vf_avail(unsigned int q, u16 num, u16 head);
u16 vf_used_idx(unsigned int q);
void vf_used_elem(unsigned int q, u16 i, u32 *id, u32 *len);
/* Wait (up to 5 s) until used idx of q reaches want. */
int vf_wait_used(unsigned int q, u16 want);

#endif
