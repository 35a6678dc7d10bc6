# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_ctl := util/ctl-proto.c util/ctl-dir.c util/log.c
