# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_balloon := virtio/balloon.c virtio/core.c virtio/virtqueue.c virtio/mmio.c \
	util/ctl-proto.c util/io.c util/log.c util/ratelimit.c tests/unit/virtio_fake.c \
	tests/unit/virtio_fake_driver.c loongarch/board-map.c kvm.c util/fdt.c
