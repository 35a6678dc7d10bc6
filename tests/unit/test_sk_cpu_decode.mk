# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_sk_cpu_decode := softkvm/cpu/decode.c softkvm/cpu/vec-decode.c
