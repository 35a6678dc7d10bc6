# SPDX-License-Identifier: GPL-2.0-only
#
# make check-softkvm: differential tests of the softkvm CPU against
# qemu-loongarch64 (tests/softkvm/run-diff.sh).

SK_CPU_SRCS	:= $(wildcard softkvm/cpu/*.c)
SK_HARNESS	:= $(BUILD)/tests/sk-diff-harness

$(SK_HARNESS): $(patsubst %.c,$(BUILD)/%.o,$(SK_CPU_SRCS) \
		tests/unit/sk_cpu_fake_kernel.c tests/softkvm/diff-harness.c)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lm -lpthread

check-softkvm: $(SK_HARNESS)
	@tests/softkvm/run-diff.sh $(SK_HARNESS) $(BUILD)/softkvm-diff

.PHONY: check-softkvm

# The same programs through an ASan/UBSan build of the interpreter (every
# LSX/LASX handler runs there; UB in a lane loop shows up as a failure).
check-softkvm-sanitize:
	$(MAKE) BUILD=$(BUILD)-san \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" check-softkvm

.PHONY: check-softkvm-sanitize
