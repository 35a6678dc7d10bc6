# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_sk_cpu := $(wildcard softkvm/cpu/*.c) tests/unit/sk_cpu_fake_kernel.c
TEST_LIBS_test_sk_cpu := -lm
