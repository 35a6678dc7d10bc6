# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_loader := loongarch/loader.c loongarch/decompress.c loongarch/memory.c loongarch/boot.c loongarch/smp-stub.c \
	loongarch/efi.c loongarch/fdt.c util/log.c util/ratelimit.c util/util.c \
	tests/unit/la_boot_testlib.c
TEST_OBJS_test_loader += util/fdt.c
TEST_OBJS_test_loader += kvm.c
TEST_OBJS_test_loader += util/io.c
