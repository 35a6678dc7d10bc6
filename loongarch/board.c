/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The LoongArch "virt" board: its bring-up steps for the machine table
 * (machine.c) and where every device sits. Devices in hw/ and virtio/ get
 * a struct dev_desc from here and know no address, pin or phandle.
 */
#include "lkvm/device.h"
#include "lkvm/ged.h"
#include "lkvm/isa-io.h"
#include "lkvm/kvm.h"
#include "lkvm/machine.h"
#include "lkvm/pvpanic.h"
#include "lkvm/serial.h"
#include "lkvm/testdev.h"
#include "lkvm/virtio-mmio.h"
#include "lkvm/wallclock.h"
#include "arch/board.h"
#include "arch/irqchip.h"
#include "arch/memmap.h"

static int la_board__uart(struct kvm *kvm)
{
	return serial8250__init(kvm, la_board__desc(LA_DEV_UART0), LA_UART_CLOCK);
}

static int la_board__ged(struct kvm *kvm)
{
	return ged__init(kvm, la_board__desc(LA_DEV_GED));
}

static int la_board__testdev(struct kvm *kvm)
{
	return testdev__init(kvm, la_board__desc(LA_DEV_TESTDEV));
}

static int la_board__pvpanic(struct kvm *kvm)
{
	return pvpanic__init(kvm, la_board__desc(LA_DEV_PVPANIC));
}

static int la_board__isa_io(struct kvm *kvm)
{
	return isa_io__init(kvm, la_board__desc(LA_DEV_ISA_IO));
}

static int la_board__wallclock(struct kvm *kvm)
{
	return wallclock__init(kvm, la_board__desc(LA_DEV_WALLCLOCK));
}

static int la_board__virtio_window(struct kvm *kvm)
{
	bool edge = kvm->arch.irqchip && kvm->arch.irqchip->in_kernel;

	return virtio_mmio__init(kvm, la_board__desc(edge ? LA_DEV_VIRTIO_WINDOW_EDGE :
						     LA_DEV_VIRTIO_WINDOW),
				 LA_VIRTIO_MMIO_SLOTS);
}

/*
 * In order: the CPU features and interrupt controllers first (every
 * device's line ends in them), then the devices, then the virtio window
 * the virtio devices are put into.
 */
static const struct machine_step la_board_steps[] = {
	{ "IOCSR space", la_board__iocsr_init, NULL, la_board__iocsr_exit },
	{ "vCPU start-up locks", la_board__sync_init, NULL, la_board__sync_exit },
	{ "CPU features", la_board__features, NULL, NULL },
	{ "IOCSR misc registers", la_board__iocsr_misc, NULL, NULL },
	{ "interrupt controllers", la_board__irqchips, NULL, la_board__irqchips_exit },
	{ "UART", la_board__uart, NULL, serial8250__exit },
	{ "power-off registers", la_board__ged, NULL, NULL },
	{ "test device", la_board__testdev, NULL, NULL },
	{ "pvpanic", la_board__pvpanic, NULL, NULL },
	{ "ISA I/O window", la_board__isa_io, NULL, NULL },
	{ "EFI wall clock", la_board__wallclock, NULL, NULL },
	{ "virtio-mmio window", la_board__virtio_window, NULL, virtio_mmio__exit },
	{ NULL, NULL, NULL, NULL },
};

const struct machine_step *kvm__arch_board_steps(void)
{
	return la_board_steps;
}
