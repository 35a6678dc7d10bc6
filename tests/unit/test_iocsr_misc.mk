# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_iocsr_misc := loongarch/iocsr-misc.c util/io.c util/log.c util/ratelimit.c
