# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_virtio_net := virtio/core.c virtio/virtqueue.c virtio/mmio.c virtio/net.c \
	util/io.c util/log.c util/seccomp.c util/ratelimit.c tests/unit/virtio_fake.c loongarch/board-map.c \
	tests/unit/virtio_fake_driver.c kvm.c util/fdt.c
