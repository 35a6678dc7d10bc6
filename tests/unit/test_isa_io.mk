# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_isa_io := hw/isa-io.c util/io.c util/log.c util/fdt.c kvm.c loongarch/board-map.c
