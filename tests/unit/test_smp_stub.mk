# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_smp_stub := loongarch/smp-stub.c util/log.c util/ratelimit.c kvm.c util/io.c util/fdt.c
