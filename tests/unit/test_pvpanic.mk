# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_pvpanic := hw/pvpanic.c util/io.c util/log.c util/ratelimit.c kvm.c util/fdt.c loongarch/board-map.c
