/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_BOARD_H
#define LKVM_ARCH_BOARD_H

struct kvm;

/* The board's bring-up steps (loongarch/kvm.c, board.c), each printing why it failed. */
int la_board__iocsr_init(struct kvm *kvm);
void la_board__iocsr_exit(struct kvm *kvm);
int la_board__sync_init(struct kvm *kvm);
void la_board__sync_exit(struct kvm *kvm);
int la_board__features(struct kvm *kvm);
int la_board__iocsr_misc(struct kvm *kvm);
int la_board__irqchips(struct kvm *kvm);
void la_board__irqchips_exit(struct kvm *kvm);
/* The board's devices, and where each sits (loongarch/board-map.c). */
enum la_board_dev {
	LA_DEV_UART0,
	LA_DEV_GED,
	LA_DEV_TESTDEV,
	LA_DEV_PVPANIC,
	LA_DEV_VIRTIO_WINDOW,	/* one slot; the window holds LA_VIRTIO_MMIO_SLOTS */
	LA_DEV_VIRTIO_WINDOW_EDGE,	/* the same with edge lines (--irqchip kernel) */
	LA_DEV_ISA_IO,
	LA_DEV_WALLCLOCK,
	LA_NR_DEVS,
};
struct dev_desc;
const struct dev_desc *la_board__desc(enum la_board_dev dev);

#endif
