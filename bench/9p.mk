# SPDX-License-Identifier: GPL-2.0-only
# make bench: virtio-9p throughput, lkvm against QEMU 7.2's virtio-9p (bench/9p.sh).
bench: bench-9p

bench-9p: $(LKVM_BIN)
	@bench/9p.sh ./$(LKVM_BIN)

.PHONY: bench-9p
