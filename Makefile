# SPDX-License-Identifier: GPL-2.0-only
#
# make            build ./lkvm
# make check      unit tests + end-to-end tests (softkvm)
# make check-sanitize   the same under ASan and UBSan
# make bench      benchmarks (not tests)

BUILD		?= build
CC		?= cc
GUEST_CC	?= clang-19
V		?= 0
Q		:= $(if $(filter 1,$(V)),,@)

HOST_ARCH	:= $(shell uname -m)

CFLAGS		?= -O2 -g
override CFLAGS	+= -std=gnu11 -Wall -Wextra -Werror -pthread -MMD -MP
override CFLAGS	+= -fno-strict-aliasing -D_GNU_SOURCE
SAN_FLAGS	?=
override CFLAGS	+= $(SAN_FLAGS)
LDFLAGS		+= $(SAN_FLAGS) -pthread
# Kernel payload decompressors; libbz2 ships no pkg-config file.
COMP_PKGS	:= zlib libzstd liblzma liblz4 lzo2
COMP_CFLAGS	:= $(shell pkg-config --cflags $(COMP_PKGS))
COMP_LIBS	:= $(shell pkg-config --libs $(COMP_PKGS)) -lbz2
LIBS		:= -lfdt $(COMP_LIBS) -laio -lseccomp -lslirp -lm -lpthread

# The LoongArch KVM uAPI: the system's on a LoongArch host, otherwise
# generated from Debian's linux-source-6.12 with "make headers_install".
ifeq ($(HOST_ARCH),loongarch64)
UAPI_STAMP	:=
UAPI_INC	:=
else
UAPI_DIR	?= build/uapi
UAPI_STAMP	:= $(UAPI_DIR)/include/.stamp
UAPI_INC	:= -I$(UAPI_DIR)/include
endif

# include/abi holds the seam (backend.h, uapi-compat.h): all softkvm sees.
CPPFLAGS	+= -Iinclude -Iinclude/abi -Iloongarch/include $(UAPI_INC) $(COMP_CFLAGS)
SK_CPPFLAGS	:= -Iinclude/abi $(UAPI_INC)

SRCS_LIB	:= $(filter-out main.c,$(wildcard *.c)) \
		   $(wildcard util/*.c vcpu/*.c hw/*.c loongarch/*.c virtio/*.c disk/*.c net/*.c)
OBJS_LIB	:= $(SRCS_LIB:%.c=$(BUILD)/%.o)
SRCS_SK		:= $(wildcard softkvm/*.c softkvm/cpu/*.c softkvm/intc/*.c)
OBJS_SK		:= $(SRCS_SK:%.c=$(BUILD)/%.o)
GUEST_BLOB	:= $(BUILD)/guest/default.bin
OBJS_BLOB	:= $(BUILD)/guest/blob.o
LIB		:= $(BUILD)/liblkvm.a
LIB_SK		:= $(BUILD)/libsoftkvm.a

LKVM_BIN	?= lkvm

all: $(LKVM_BIN)

$(LKVM_BIN): $(BUILD)/main.o $(LIB) $(LIB_SK) $(OBJS_BLOB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(BUILD)/main.o $(OBJS_BLOB) $(LIB) $(LIB_SK) $(LIBS)

$(LIB): $(OBJS_LIB)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# softkvm, "the kernel", is a library of its own behind the backend table.
$(LIB_SK): $(OBJS_SK)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(OBJS_SK): CPPFLAGS := $(SK_CPPFLAGS)

# The seam, checked on the built objects (scripts/check-seam.sh).
check-seam: $(LIB) $(LIB_SK) $(BUILD)/main.o $(LKVM_BIN)
	@tests/seam/selftest.sh
	@scripts/check-seam.sh $(LIB_SK) $(BUILD)/main.o $(LIB)
	@scripts/check-linked.sh $(LKVM_BIN) $(LIB_SK)

$(BUILD)/%.o: %.c $(UAPI_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(UAPI_STAMP): scripts/gen-uapi.sh
	@echo "  UAPI    $(UAPI_DIR) (from linux-source-6.12)"
	$(Q)scripts/gen-uapi.sh $(UAPI_DIR)/full
	$(Q)rm -rf $(UAPI_DIR)/include && mkdir -p $(UAPI_DIR)/include/asm
	$(Q)cp -r $(UAPI_DIR)/full/include/linux $(UAPI_DIR)/include/linux
	$(Q)cp $(UAPI_DIR)/full/include/asm/kvm.h $(UAPI_DIR)/full/include/asm/kvm_para.h \
		$(UAPI_DIR)/include/asm/
	$(Q)touch $@

# The built-in default guest: a freestanding LoongArch program.
include guest/guest.mk
include guest/init/init.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

include tests/tests.mk
include tests/fuzz/fuzz.mk
include tests/softkvm/softkvm.mk

# make bench: CPU (softkvm vs qemu-user), boot (vs qemu-system), virtio-blk,
# Debian's kernel.
include bench/bench.mk
include bench/boot.mk
include bench/virtio-blk.mk
include bench/debian.mk
include bench/net.mk
include bench/exits.mk
include bench/9p.mk

clean:
	rm -rf $(BUILD) $(BUILD)-san lkvm lkvm-san

.PHONY: all clean check check-seam check-unit check-e2e check-sanitize bench fuzz
.DELETE_ON_ERROR:
