# SPDX-License-Identifier: GPL-2.0-only
TEST_OBJS_test_teardown := machine.c kvm.c virtio/setup.c virtio/core.c virtio/virtqueue.c \
	virtio/mmio.c virtio/blk.c virtio/9p.c virtio/9p-proto.c virtio/net.c net/slirp.c net/tap.c disk/image.c util/io.c util/log.c util/seccomp.c util/ratelimit.c util/util.c util/fdt.c \
	util/backend-host.c accel.c tests/unit/virtio_fake_driver.c virtio/balloon.c util/ctl-proto.c
TEST_LIBS_test_teardown := -laio
