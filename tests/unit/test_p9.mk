# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_p9 := virtio/9p-proto.c
