/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_SMP_STUB_H
#define LKVM_ARCH_SMP_STUB_H

#include <stddef.h>
#include "lkvm/util.h"

struct kvm;

/* Instructions of the secondary vCPUs' start code, at most. */
#define LA_SMP_STUB_MAX		32

/*
 * The start code secondaries run when the kernel emulates the IPI
 * (smp-stub.c): build it into code (0 if max is too small), or put it
 * at LA_BOOT_SECONDARY_STUB in guest RAM.
 */
size_t la_smp_stub__build(u32 *code, size_t max);
int la_smp_stub__install(struct kvm *kvm);

#endif
