/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include "types.h"

/*
 * MMIO accessors. The guest runs with CRMD.DA=1, so a physical address is
 * used as is. volatile keeps the compiler from merging or widening them.
 */
static inline u8 mmio_read8(u64 addr)
{
	return *(volatile u8 *)addr;
}

static inline void mmio_write8(u64 addr, u8 val)
{
	*(volatile u8 *)addr = val;
}

static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline void mmio_write32(u64 addr, u32 val)
{
	*(volatile u32 *)addr = val;
}

/* Wait for an interrupt that never comes: the cheapest way to stop. */
static inline __attribute__((noreturn)) void cpu_halt(void)
{
	for (;;)
		__asm__ volatile("idle 0" ::: "memory");
}

#endif
