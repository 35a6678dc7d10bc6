# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_decompress := loongarch/loader.c loongarch/decompress.c loongarch/memory.c \
	util/log.c util/util.c tests/unit/la_boot_testlib.c
TEST_OBJS_test_decompress += kvm.c util/fdt.c util/ratelimit.c
TEST_OBJS_test_decompress += util/io.c
