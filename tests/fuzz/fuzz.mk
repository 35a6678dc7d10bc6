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
FUZZ_NAMES	:= fuzz_virtq fuzz_blk_parse fuzz_sk_cpu fuzz_net_parse fuzz_p9 fuzz_ctl_parse fuzz_balloon \
		   fuzz_sk_intc

FUZZ_SRCS_fuzz_virtq	:= tests/fuzz/fuzz_virtq.c virtio/virtqueue.c util/log.c util/ratelimit.c \
			   tests/fuzz/fuzz_env.c kvm.c
FUZZ_SRCS_fuzz_blk_parse := tests/fuzz/fuzz_blk_parse.c virtio/blk.c virtio/core.c \
			   virtio/virtqueue.c disk/image.c disk/aio.c util/log.c util/seccomp.c util/ratelimit.c \
			   tests/fuzz/fuzz_env.c kvm.c
FUZZ_LIBS_fuzz_blk_parse := -laio -lseccomp -lpthread
FUZZ_SRCS_fuzz_net_parse := tests/fuzz/fuzz_net_parse.c virtio/net.c virtio/core.c \
			   virtio/virtqueue.c util/log.c util/seccomp.c util/ratelimit.c \
			   tests/fuzz/fuzz_env.c kvm.c
FUZZ_LIBS_fuzz_net_parse := -lseccomp -lpthread
FUZZ_SRCS_fuzz_ctl_parse := tests/fuzz/fuzz_ctl_parse.c util/ctl-proto.c util/log.c
FUZZ_SRCS_fuzz_balloon	:= tests/fuzz/fuzz_balloon.c virtio/balloon.c virtio/core.c virtio/virtqueue.c \
			   util/ctl-proto.c util/log.c util/ratelimit.c tests/fuzz/fuzz_env.c kvm.c
FUZZ_LIBS_fuzz_balloon	:= -lpthread
FUZZ_SRCS_fuzz_p9	:= tests/fuzz/fuzz_p9.c virtio/9p-proto.c
FUZZ_SRCS_fuzz_sk_cpu	:= tests/fuzz/fuzz_sk_cpu.c $(wildcard softkvm/cpu/*.c)
FUZZ_LIBS_fuzz_sk_cpu	:= -lm
FUZZ_SRCS_fuzz_sk_intc	:= tests/fuzz/fuzz_sk_intc.c softkvm/softkvm.c softkvm/vm.c softkvm/vcpu.c \
			   softkvm/run.c softkvm/ioeventfd.c $(wildcard softkvm/intc/*.c)
FUZZ_LIBS_fuzz_sk_intc	:= -lpthread
# Comparison tracing would take 60 % of an interpreter's time; edge
# coverage alone finds its paths at several times the executions.
# A 1024-instruction slice bounds each run to about RUN_BUDGET.
FUZZ_FLAGS_fuzz_sk_cpu	:= -fno-sanitize-coverage=trace-cmp -DSK_SLICE=1024

# fuzz_sk_cpu starts from the privileged test guests, linked at physical 0
# (its RAM image), so paged and privileged paths are reached from the start.
FUZZ_PRIV	:= $(wildcard tests/guests/priv/*.S)
FUZZ_PRIV_BINS	:= $(patsubst tests/guests/priv/%.S,$(FUZZ_DIR)/priv0/%.bin, \
		     $(filter-out %/crt.S,$(FUZZ_PRIV)))
FUZZ_SEEDS	:= $(FUZZ_DIR)/corpus-fuzz_sk_cpu/.seeded

$(FUZZ_DIR)/priv0/%.bin: tests/guests/priv/%.S tests/guests/priv/crt.S \
			 tests/guests/priv/priv.lds tests/guests/priv/priv.h
	@mkdir -p $(dir $@)
	$(Q)sed 's/^\t\. = 0x200000;/\t. = 0;/' tests/guests/priv/priv.lds > $@.lds
	$(Q)$(GUEST_CC) --target=loongarch64-unknown-linux-gnu -mno-lsx -mno-lasx \
		-nostdlib -static -fuse-ld=lld -Wl,--build-id=none -Wl,-T,$@.lds \
		-o $@.elf tests/guests/priv/crt.S $<
	$(Q)llvm-objcopy-19 -O binary $@.elf $@

$(FUZZ_SEEDS): $(FUZZ_PRIV_BINS) tests/fuzz/gen-sk-cpu-seeds.py
	$(Q)tests/fuzz/gen-sk-cpu-seeds.py $(dir $@) $(FUZZ_PRIV_BINS)
	@touch $@

define fuzz_rule
$(FUZZ_DIR)/$(1): $$(FUZZ_SRCS_$(1)) | $(UAPI_STAMP)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	$$(Q)$$(FUZZ_CC) $$(CPPFLAGS) $$(FUZZ_CFLAGS) $$(FUZZ_FLAGS_$(1)) -o $$@ \
		$$(FUZZ_SRCS_$(1)) $$(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_NAMES),$(eval $(call fuzz_rule,$(t))))

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)

# fuzz_p9 starts from request sequences as Linux's client sends them.
FUZZ_P9_SEEDS	:= $(FUZZ_DIR)/corpus-fuzz_p9/.seeded
$(FUZZ_P9_SEEDS): tests/fuzz/gen-p9-seeds.py
	$(Q)tests/fuzz/gen-p9-seeds.py $(dir $@)
	@touch $@

fuzz: fuzz-build $(FUZZ_SEEDS) $(FUZZ_P9_SEEDS)
	$(Q)for t in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t && \
		echo "  FUZZ    $$t ($(FUZZ_TIME) s)" && \
		$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/corpus-$$t \
			2>$(FUZZ_DIR)/$$t.log || { tail -40 $(FUZZ_DIR)/$$t.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units|cov:' $(FUZZ_DIR)/$$t.log | tail -2; \
	done

.PHONY: fuzz fuzz-build
