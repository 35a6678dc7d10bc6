# SPDX-License-Identifier: GPL-2.0-only
# make bench: Debian's kernel as shipped, boot to /init (bench/debian.sh).
bench: bench-debian

bench-debian: $(LKVM_BIN)
	@bench/debian.sh ./$(LKVM_BIN)

.PHONY: bench-debian
