/* SPDX-License-Identifier: GPL-2.0-only */
/* Test VM for the virtio tests (see virtio_fake.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/eventfd.h>
#include "lkvm/irq.h"
#include "lkvm/uapi-compat.h"
#include "lkvm/virtio-mmio.h"
#include "arch/board.h"
#include "arch/memmap.h"
#include "virtio_fake.h"

int vf_pin_level[32];
int vf_pulses[32];
int vf_next_pin;
bool vf_edge, vf_irqfd_ok;
int vf_irqfd = -1;
bool vf_ioev_ok;
struct vf_ioev vf_ioev[8];
int vf_nr_ioev;

static int vf_be_ioctl(int fd, unsigned long req, void *arg)
{
	const struct kvm_ioeventfd *io = arg;

	(void)fd;
	if (req == KVM_CHECK_EXTENSION)
		return (long)arg == KVM_CAP_IOEVENTFD && vf_ioev_ok;
	if (req != KVM_IOEVENTFD || !vf_ioev_ok || vf_nr_ioev == 8) {
		errno = ENOTTY;
		return -1;
	}
	vf_ioev[vf_nr_ioev++] = (struct vf_ioev){ io->addr, io->datamatch, io->len,
						    io->flags, io->fd };
	return 0;
}

static const struct kvm_backend vf_be = { .name = "virtio-fake", .ioctl = vf_be_ioctl };

void irq__line_set(struct kvm *kvm, unsigned int pin, bool level)
{
	(void)kvm;
	if (pin < 32)
		__atomic_store_n(&vf_pin_level[pin], level, __ATOMIC_SEQ_CST);
}

void irq__line_raise(struct kvm *kvm, unsigned int pin)
{
	irq__line_set(kvm, pin, true);
}

void irq__line_lower(struct kvm *kvm, unsigned int pin)
{
	irq__line_set(kvm, pin, false);
}

void irq__line_pulse(struct kvm *kvm, unsigned int pin)
{
	(void)kvm;
	if (pin < 32)
		__atomic_add_fetch(&vf_pulses[pin], 1, __ATOMIC_SEQ_CST);
}

/* An eventfd the test can read back (the transport owns and closes it). */
int irq__edge_fd(struct kvm *kvm, unsigned int pin)
{
	(void)kvm;
	(void)pin;
	if (!vf_irqfd_ok)
		return -EOPNOTSUPP;
	vf_irqfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return vf_irqfd;
}

void irq__msi(struct kvm *kvm, u32 vector)
{
	(void)kvm;
	(void)vector;
}

int irq__alloc_pin(struct kvm *kvm)
{
	(void)kvm;
	return vf_next_pin < 32 ? vf_next_pin++ : -ENOSPC;
}

void vf_setup(void)
{
	memset(&vf_kvm, 0, sizeof(vf_kvm));
	memset(vf_pin_level, 0, sizeof(vf_pin_level));
	memset(vf_pulses, 0, sizeof(vf_pulses));
	vf_irqfd = -1;
	vf_next_pin = 8;
	vf_kvm.ram = aligned_alloc(4096, VF_RAM_SIZE);
	memset(vf_kvm.ram, 0, VF_RAM_SIZE);
	vf_kvm.ram_size = VF_RAM_SIZE;
	vf_kvm.banks[0] = (struct kvm_mem_bank){ 0, VF_RAM_SIZE, vf_kvm.ram };
	vf_kvm.nr_banks = 1;
	vf_kvm.be = &vf_be;
	vf_ioev_ok = false;
	vf_nr_ioev = 0;
	io_space__init(&vf_kvm.mmio, "mmio");
	/* The board's virtio window, where the tests expect the devices. */
	if (virtio_mmio__init(&vf_kvm, la_board__desc(vf_edge ? LA_DEV_VIRTIO_WINDOW_EDGE :
						      LA_DEV_VIRTIO_WINDOW),
			      LA_VIRTIO_MMIO_SLOTS))
		abort();
}

void vf_teardown(void)
{
	virtio_mmio__exit(&vf_kvm);
	io_space__exit(&vf_kvm.mmio);
	free(vf_kvm.ram);
	vf_kvm.ram = NULL;
}
