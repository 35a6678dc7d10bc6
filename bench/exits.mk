# SPDX-License-Identifier: GPL-2.0-only
# make bench: exits to userspace per boot and per 1,000 virtio-blk requests,
# and IPI round trips: 6.12, 7.2 with lkvm's and with the kernel's irqchip (bench/exits.sh).
bench: bench-exits

bench-exits: $(LKVM_BIN)
	@bench/exits.sh ./$(LKVM_BIN)

.PHONY: bench-exits
