/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_BOARD_DEV_TEST_H
#define TESTS_BOARD_DEV_TEST_H

/*
 * The fixture of the board-device tests: a bare VM (just its MMIO bus)
 * with one device at the board's place, made by init(&kvm, desc).
 */
#include <string.h>
#include "lkvm/device.h"
#include "lkvm/kvm.h"
#include "arch/board.h"

static struct kvm kvm;

#define BOARD_DEV_FIXTURE(init, dev)					\
static int setup(void **state)						\
{									\
	(void)state;							\
	memset(&kvm, 0, sizeof(kvm));					\
	io_space__init(&kvm.mmio, "mmio");				\
	return init(&kvm, la_board__desc(dev));				\
}									\
									\
static int teardown(void **state)					\
{									\
	(void)state;							\
	io_space__exit(&kvm.mmio);					\
	return 0;							\
}

#endif
