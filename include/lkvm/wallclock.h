/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_WALLCLOCK_H
#define LKVM_WALLCLOCK_H

#include <time.h>
#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * The host's wall clock for lkvm's EFI GetTime service (loongarch/efi.c),
 * laid out so that the service only copies words:
 *   0x00..0x0f  an EFI_TIME (UEFI 2.7 8.3): UTC, time zone unspecified;
 *               reading offset 0 takes a new sample of the host clock.
 *   0x10..0x1b  an EFI_TIME_CAPABILITIES: 1 Hz resolution, 50 ppm.
 * Read-only: writes are ignored (the guest cannot set the host's clock).
 */
#define WALLCLOCK_SIZE		0x20
#define WALLCLOCK_TIME		0x00
#define WALLCLOCK_CAPS		0x10

struct dev_desc;

/* The registers at d (d: the board's; its size is at least WALLCLOCK_SIZE). */
int wallclock__init(struct kvm *kvm, const struct dev_desc *d);
void wallclock__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		     bool is_write, void *opaque);
/* The EFI_TIME and capabilities for ts, as the registers show them. */
void wallclock__encode(const struct timespec *ts, u8 regs[WALLCLOCK_SIZE]);

#endif
