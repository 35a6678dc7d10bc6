# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_host_kernel := loongarch/host-kernel.c util/log.c
