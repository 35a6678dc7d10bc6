# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_fdt := loongarch/fdt.c loongarch/memory.c util/log.c util/ratelimit.c \
	tests/unit/la_boot_testlib.c
TEST_OBJS_test_fdt += util/fdt.c hw/ged.c hw/isa-io.c util/io.c kvm.c loongarch/board-map.c
