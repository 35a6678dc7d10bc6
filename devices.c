/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine's devices, created in a fixed order and removed in reverse. */
#include "lkvm/devices.h"
#include "lkvm/ged.h"
#include "lkvm/isa-io.h"
#include "lkvm/kvm.h"
#include "lkvm/pvpanic.h"
#include "lkvm/serial.h"
#include "lkvm/testdev.h"
#include "lkvm/virtio-devices.h"
#include "lkvm/wallclock.h"

int devices__init(struct kvm *kvm)
{
	if (serial8250__init(kvm))
		return -1;
	if (ged__init(kvm))
		return -1;
	if (testdev__init(kvm))
		return -1;
	if (pvpanic__init(kvm))
		return -1;
	if (isa_io__init(kvm))
		return -1;
	if (wallclock__init(kvm))
		return -1;
	if (virtio__devices_init(kvm))
		return -1;
	return 0;
}

void devices__exit(struct kvm *kvm)
{
	virtio__devices_exit(kvm);
	serial8250__exit(kvm);
}
