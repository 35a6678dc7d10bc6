# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_util := util/util.c util/log.c util/ratelimit.c
