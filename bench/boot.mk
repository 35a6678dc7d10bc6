# SPDX-License-Identifier: GPL-2.0-only
# make bench: the boot benchmark (bench/boot.sh), lkvm against QEMU TCG.
bench: bench-boot

bench-boot: $(LKVM_BIN)
	@bench/boot.sh ./$(LKVM_BIN)

.PHONY: bench-boot
