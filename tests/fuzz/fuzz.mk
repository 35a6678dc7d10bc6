# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz: build the libFuzzer targets with clang-19 and run each for
# FUZZ_TIME seconds (default 30). A crash leaves its input in
# $(BUILD)/fuzz/ and fails the target. Corpora persist across runs.

FUZZ_CC		?= clang-19
FUZZ_TIME	?= 30
FUZZ_DIR	:= $(BUILD)/fuzz
FUZZ_CFLAGS	:= -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES	:= fuzz_virtq fuzz_blk_parse

FUZZ_SRCS_fuzz_virtq	:= tests/fuzz/fuzz_virtq.c virtio/virtqueue.c util/log.c util/ratelimit.c \
			   tests/fuzz/fuzz_env.c kvm.c
FUZZ_SRCS_fuzz_blk_parse := tests/fuzz/fuzz_blk_parse.c virtio/blk.c virtio/core.c \
			   virtio/virtqueue.c disk/image.c disk/aio.c util/log.c util/seccomp.c util/ratelimit.c \
			   tests/fuzz/fuzz_env.c kvm.c
FUZZ_LIBS_fuzz_blk_parse := -laio -lseccomp -lpthread

define fuzz_rule
$(FUZZ_DIR)/$(1): $$(FUZZ_SRCS_$(1)) | $(UAPI_STAMP)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	$$(Q)$$(FUZZ_CC) $$(CPPFLAGS) $$(FUZZ_CFLAGS) -o $$@ $$(FUZZ_SRCS_$(1)) $$(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_NAMES),$(eval $(call fuzz_rule,$(t))))

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t && \
		echo "  FUZZ    $$t ($(FUZZ_TIME) s)" && \
		$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/corpus-$$t \
			2>$(FUZZ_DIR)/$$t.log || { tail -40 $(FUZZ_DIR)/$$t.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units|cov:' $(FUZZ_DIR)/$$t.log | tail -2; \
	done

.PHONY: fuzz fuzz-build
