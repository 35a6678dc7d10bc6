# SPDX-License-Identifier: GPL-2.0-only
# hostile_build: build tests/guests/hostile/hostile.c (with ../priv/crt.S)
# into $TMP/hostile.elf once; sourced by tests/e2e/hostile.sh and seccomp.sh.

HOSTILE_SRC="$(dirname "$0")/guests"

hostile_build() {
	[ -e "$TMP/hostile.elf" ] && return 0
	clang-19 --target=loongarch64-unknown-linux-gnusf -msoft-float -mno-lsx -mno-lasx \
		-mstrict-align -O2 -ffreestanding -fno-builtin -nostdlib -static -fno-pic \
		-fno-stack-protector -fno-delete-null-pointer-checks -Wall -Wextra -Werror \
		-fuse-ld=lld -Wl,--build-id=none -Wl,-T,"$HOSTILE_SRC/priv/priv.lds" \
		-I"$HOSTILE_SRC/priv" -o "$TMP/hostile.elf" "$HOSTILE_SRC/priv/crt.S" \
		"$HOSTILE_SRC/hostile/hostile.c" >"$TMP/hostile_build.why" 2>&1 ||
		{ cat "$TMP/hostile_build.why" >>"$TMP/$LAST.why"; return 1; }
}
