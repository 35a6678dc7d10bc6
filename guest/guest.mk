# SPDX-License-Identifier: GPL-2.0-only
#
# Freestanding LoongArch guest programs, built with clang-19. clang enables
# LSX by default for LoongArch; soft-float lp64s keeps the code to the base
# integer ISA, which every LoongArch CPU model (and softkvm) implements.
# -mstrict-align keeps every load and store naturally aligned (clang would
# otherwise merge byte loads into unaligned word loads), so the guest does
# not depend on CPUCFG1.UAL. Physical address 0 is RAM (the command line
# lives there), hence -fno-delete-null-pointer-checks.

GUEST_CFLAGS	:= --target=loongarch64-unknown-linux-gnusf -msoft-float \
		   -mno-lsx -mno-lasx -mstrict-align -O2 -g -ffreestanding -fno-builtin \
		   -nostdlib -static -fno-pic -fno-stack-protector \
		   -fno-delete-null-pointer-checks \
		   -fuse-ld=lld -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wall -Wextra -Werror \
		   -Iguest/include

GUEST_LIB_SRCS	:= $(wildcard guest/lib/*.c guest/lib/*.S)
GUEST_DEF_SRCS	:= $(wildcard guest/default/*.c guest/default/*.S)

$(BUILD)/guest/default.elf: $(GUEST_DEF_SRCS) $(GUEST_LIB_SRCS) guest/guest.lds \
			    $(wildcard guest/include/*.h) guest/guest.mk
	@mkdir -p $(dir $@)
	@echo "  GUESTCC $@"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -Wl,-T,guest/guest.lds -o $@ \
		$(GUEST_DEF_SRCS) $(GUEST_LIB_SRCS)

$(BUILD)/guest/blob.o: guest/blob.S $(BUILD)/guest/default.elf
	@echo "  AS      $@"
	$(Q)$(CC) -c -DGUEST_ELF='"$(BUILD)/guest/default.elf"' -o $@ guest/blob.S
