# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_memory := loongarch/memory.c util/log.c util/ratelimit.c
