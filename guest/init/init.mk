# SPDX-License-Identifier: GPL-2.0-only
#
# The Linux test guest: the libc-free init (guest/init) packed as an
# initramfs, and the test kernel (cached outside the tree, see
# scripts/build-guest-kernel.sh). make check's Linux cases build both
# themselves; these targets are for working by hand.
#
#   make guest-init     $(BUILD)/guest/init/{init,initramfs.cpio,initramfs.cpio.gz}
#   make guest-kernel   test kernel, plain and with this initramfs built in

INIT_OUT	:= $(BUILD)/guest/init
INIT_SRCS	:= $(wildcard guest/init/*.c guest/init/*.S guest/init/*.h) guest/lib/string.c

$(INIT_OUT)/initramfs.cpio.gz: $(INIT_SRCS) scripts/build-initramfs.sh
	@echo "  INITRD  $@"
	$(Q)scripts/build-initramfs.sh $(INIT_OUT)

guest-init: $(INIT_OUT)/initramfs.cpio.gz

guest-kernel: $(INIT_OUT)/initramfs.cpio.gz
	@scripts/build-guest-kernel.sh --initramfs $(INIT_OUT)/initramfs.cpio
	@scripts/build-guest-kernel.sh

.PHONY: guest-init guest-kernel
