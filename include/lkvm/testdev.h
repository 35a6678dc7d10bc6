/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_TESTDEV_H
#define LKVM_TESTDEV_H

#include <time.h>
#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;

/*
 * lkvm's guest-to-host test device (16 bytes where the board puts it, FDT
 * compatible "lkvm,testdev"); all registers are 32-bit little-endian:
 *
 *   +0x0 EXIT  W  stop the VM; lkvm exits with (value & 0xff)
 *   +0x4 MARK  W  TESTDEV_BOOT_MARK (123) logs the time since lkvm started
 *   +0x8 ID    R  TESTDEV_MAGIC, so a guest can tell the device is there
 *   +0xc VER   R  TESTDEV_VERSION
 *
 * Other accesses read as zero and are ignored.
 */
#define TESTDEV_EXIT		0x0
#define TESTDEV_MARK		0x4
#define TESTDEV_ID		0x8
#define TESTDEV_VER		0xc
#define TESTDEV_MAGIC		0x6d766b6cU	/* "lkvm" in little-endian bytes */
#define TESTDEV_VERSION		1
#define TESTDEV_BOOT_MARK	123

struct dev_desc;

/* The test device at d (d must outlive the VM: the board's). */
int testdev__init(struct kvm *kvm, const struct dev_desc *d);
/* MMIO handler; opaque is the struct kvm. */
void testdev__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		   bool is_write, void *opaque);
/*
 * Boot marks are measured from this CLOCK_MONOTONIC time; by default the
 * moment the program was loaded.
 */
void testdev__set_start(const struct timespec *ts);
/* Milliseconds from the start time to now (what a boot mark logs). */
double testdev__ms_since_start(void);

#endif
