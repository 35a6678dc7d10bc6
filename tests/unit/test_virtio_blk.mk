# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_virtio_blk := virtio/core.c virtio/virtqueue.c virtio/mmio.c virtio/blk.c \
	disk/image.c disk/aio.c util/io.c util/log.c util/seccomp.c util/ratelimit.c tests/unit/virtio_fake.c tests/unit/virtio_fake_driver.c \
	tests/unit/fake_kvm_stop.c
TEST_LIBS_test_virtio_blk := -laio
