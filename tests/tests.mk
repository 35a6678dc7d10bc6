# SPDX-License-Identifier: GPL-2.0-only
#
# Unit tests: tests/unit/test_NAME.c, linked with cmocka and the objects
# that tests/unit/test_NAME.mk lists in TEST_OBJS_test_NAME (paths of .c
# files relative to the top). Listing objects per test keeps each test
# independent of unrelated code.

UNIT_SRCS	:= $(wildcard tests/unit/test_*.c)
UNIT_NAMES	:= $(notdir $(UNIT_SRCS:.c=))
UNIT_BINS	:= $(UNIT_NAMES:%=$(BUILD)/tests/%)

-include $(wildcard tests/unit/test_*.mk)

define unit_rule
$(BUILD)/tests/$(1): $(BUILD)/tests/unit/$(1).o $$(patsubst %.c,$(BUILD)/%.o,$$(TEST_OBJS_$(1)))
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(TEST_LIBS_$(1)) -lcmocka $$(LIBS)
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call unit_rule,$(t))))

check-unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

check-e2e: $(LKVM_BIN)
	@LKVM_BUILD=$(BUILD) tests/run-e2e.sh ./$(LKVM_BIN)

check: check-seam check-unit check-softkvm check-e2e

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, in
# its own build tree.
check-sanitize:
	$(MAKE) BUILD=$(BUILD)-san LKVM_BIN=lkvm-san \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" check-unit
	$(MAKE) BUILD=$(BUILD)-san LKVM_BIN=lkvm-san \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" LKVM_E2E_ONLY=basic check-e2e
	$(MAKE) BUILD=$(BUILD)-san LKVM_BIN=lkvm-san \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" LKVM_E2E_ONLY=hostile check-e2e
# The in-kernel irqchips and the secondaries' start code, both irqchips.
	$(MAKE) BUILD=$(BUILD)-san LKVM_BIN=lkvm-san \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" LKVM_E2E_ONLY=smp-bare check-e2e
