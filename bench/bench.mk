# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: a CPU-bound guest workload (bench/kernel.c) under softkvm
# (bare-metal, lkvm run --accel soft) and under qemu-loongarch64 (the
# same code as a user program); prints both MIPS figures and the ratio.
# BENCH_ITERS scales the run.

# softkvm's FPU uses libm (fma, scalbn, sqrt, ilogb).

BENCH_ITERS	?= 10000
BENCH_CFLAGS	:= --target=loongarch64-unknown-linux-gnusf -msoft-float -mno-lsx -mno-lasx \
		   -O2 -ffreestanding -fno-builtin -nostdlib -static -fno-pic \
		   -fno-stack-protector -fuse-ld=lld -Wl,--build-id=none \
		   -DBENCH_ITERS=$(BENCH_ITERS)

$(BUILD)/bench/bare.elf: bench/bare.S bench/kernel.c tests/guests/priv/priv.lds bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  GUESTCC $@"
	$(Q)$(GUEST_CC) $(BENCH_CFLAGS) -Wl,-T,tests/guests/priv/priv.lds -o $@ \
		bench/bare.S bench/kernel.c

$(BUILD)/bench/user.elf: bench/user.S bench/kernel.c bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  GUESTCC $@"
	$(Q)$(GUEST_CC) $(BENCH_CFLAGS) -o $@ bench/user.S bench/kernel.c

bench: $(LKVM_BIN) $(SK_HARNESS) $(BUILD)/bench/bare.elf $(BUILD)/bench/user.elf
	@bench/run-bench.sh ./$(LKVM_BIN) $(SK_HARNESS) $(BUILD)/bench/bare.elf \
		$(BUILD)/bench/user.elf

# The SIMD workload: LSX/LASX loops, softkvm's interpreter vs qemu-user 11.
VEC_PASSES	?= 10000

$(BUILD)/bench/vec.elf: bench/vec-user.S bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  GUESTCC $@"
	$(Q)$(GUEST_CC) --target=loongarch64-linux-gnu -mlasx -nostdlib -static \
		-fno-pic -fuse-ld=lld -Wl,--build-id=none -DVEC_PASSES=$(VEC_PASSES) \
		-o $@ $<

bench: bench-vec
bench-vec: $(SK_HARNESS) $(BUILD)/bench/vec.elf
	@bench/run-vec-bench.sh $(SK_HARNESS) $(BUILD)/bench/vec.elf
.PHONY: bench-vec
