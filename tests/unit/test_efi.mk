# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_efi := loongarch/efi.c loongarch/memory.c util/log.c util/ratelimit.c \
	tests/unit/la_boot_testlib.c
TEST_OBJS_test_efi += kvm.c
TEST_OBJS_test_efi += util/io.c
