# SPDX-License-Identifier: GPL-2.0-only
# make bench: virtio-net against QEMU 7.2, user mode and tap (bench/net.sh).
bench: bench-net

bench-net: $(LKVM_BIN)
	@bench/net.sh ./$(LKVM_BIN)

.PHONY: bench-net
