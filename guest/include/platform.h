/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

/*
 * The devices the default guest touches, from lkvm's memory map
 * (loongarch/include/arch/memmap.h). Repeated here because the guest is
 * built by another compiler for another target.
 */
#define UART0_BASE		0x1fe001e0ULL
#define GED_REG_BASE		0x100e001cULL
#define TESTDEV_BASE		0x100f0000ULL
#define CMDLINE_MAX		512

/* GED: SLEEP_CTL value for S5 (SLP_EN | SLP_TYP 5). */
#define GED_SLEEP_CTL		0x0
#define GED_POWEROFF		0x34
#define GED_RESET		0x2
#define GED_REBOOT		0x42

/* lkvm test device (hw/testdev.c). */
#define TESTDEV_EXIT		0x0
#define TESTDEV_MARK		0x4
#define TESTDEV_ID		0x8
#define TESTDEV_MAGIC		0x6d766b6cU	/* "lkvm" */
#define TESTDEV_BOOT_MARK	123

#endif
