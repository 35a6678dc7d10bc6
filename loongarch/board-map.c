/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the "virt" board puts its devices (addresses, lines, phandles from
 * arch/memmap.h): the one place that decides, read by board.c and tests.
 */
#include "lkvm/device.h"
#include "arch/board.h"
#include "arch/memmap.h"

/* A PCH-PIC input, level-high or rising-edge, as the device tree names it. */
#define PCH_PIC_IRQ(pin)	.irq = (pin), .fdt_irq_parent = LA_PHANDLE_PCH_PIC, \
				.fdt_irq = { (pin), 4 }, .fdt_irq_cells = 2
#define PCH_PIC_EDGE(pin)	.irq = (pin), .fdt_irq_parent = LA_PHANDLE_PCH_PIC, \
				.fdt_irq = { (pin), 1 }, .fdt_irq_cells = 2, .irq_edge = true

static const struct dev_desc la_devs[LA_NR_DEVS] = {
	[LA_DEV_UART0] = {
		.base = LA_UART0_BASE, .size = LA_UART_SIZE, PCH_PIC_IRQ(LA_IRQ_UART0),
	},
	[LA_DEV_GED] = {
		.base = LA_GED_REG_BASE, .size = LA_GED_REG_SIZE, .irq = DEV_NO_IRQ,
		.phandle = LA_PHANDLE_GED,
	},
	[LA_DEV_TESTDEV] = {
		.base = LA_TESTDEV_BASE, .size = LA_TESTDEV_SIZE, .irq = DEV_NO_IRQ,
	},
	[LA_DEV_PVPANIC] = {
		.base = LA_PVPANIC_BASE, .size = LA_PVPANIC_SIZE, .irq = DEV_NO_IRQ,
	},
	/* One slot's size; each slot's pin is allocated when a device is placed. */
	[LA_DEV_VIRTIO_WINDOW] = {
		.base = LA_VIRTIO_MMIO_BASE, .size = LA_VIRTIO_MMIO_SIZE,
		PCH_PIC_IRQ(LA_IRQ_VIRTIO_FIRST),
	},
	/*
	 * With the kernel's irqchip: edge lines, so that each virtio event can
	 * be one irqfd write, which KVM turns into a pulse (no resampling).
	 */
	[LA_DEV_VIRTIO_WINDOW_EDGE] = {
		.base = LA_VIRTIO_MMIO_BASE, .size = LA_VIRTIO_MMIO_SIZE,
		PCH_PIC_EDGE(LA_IRQ_VIRTIO_FIRST),
	},
	[LA_DEV_ISA_IO] = {
		.base = LA_ISA_IO_BASE, .size = LA_ISA_IO_SIZE, .irq = DEV_NO_IRQ,
	},
	[LA_DEV_WALLCLOCK] = {
		.base = LA_WALLCLOCK_BASE, .size = LA_WALLCLOCK_SIZE, .irq = DEV_NO_IRQ,
	},
};

const struct dev_desc *la_board__desc(enum la_board_dev dev)
{
	return (unsigned int)dev < LA_NR_DEVS ? &la_devs[dev] : NULL;
}
