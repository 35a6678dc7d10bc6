# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_wallclock := hw/wallclock.c util/io.c util/log.c
TEST_OBJS_test_wallclock += loongarch/board-map.c
TEST_OBJS_test_wallclock += util/fdt.c kvm.c
