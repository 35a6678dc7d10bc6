# SPDX-License-Identifier: GPL-2.0-only
#
# make bench-virtio-blk (also part of make bench):
#  - host instructions per 4 KiB virtio-blk read through the device path,
#    counted by callgrind on an in-process harness (bench/virtio-blk-harness.c)
#  - in-guest sequential O_DIRECT read throughput of /dev/vda under softkvm
#    with the test kernel and init (skipped if they cannot be built)

VBLK_HARNESS	:= $(BUILD)/bench/virtio-blk-harness
VBLK_SRCS	:= bench/virtio-blk-harness.c virtio/core.c virtio/virtqueue.c virtio/mmio.c \
		   virtio/blk.c disk/image.c disk/aio.c util/io.c util/log.c util/seccomp.c util/ratelimit.c \
		   tests/unit/virtio_fake.c loongarch/board-map.c tests/unit/virtio_fake_driver.c kvm.c util/fdt.c

$(VBLK_HARNESS): $(patsubst %.c,$(BUILD)/%.o,$(VBLK_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

bench-virtio-blk: $(VBLK_HARNESS) $(LKVM_BIN)
	@bench/virtio-blk.sh $(VBLK_HARNESS) ./$(LKVM_BIN)

bench: bench-virtio-blk

.PHONY: bench-virtio-blk
