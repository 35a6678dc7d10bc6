#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the libc-free test init (guest/init) with clang-19 and pack it:
#   OUTDIR/init               the static LoongArch ELF
#   OUTDIR/initramfs.cpio     newc archive to build into the kernel
#   OUTDIR/initramfs.cpio.gz  gzip'd archive to pass with lkvm -i
# The archives are reproducible (fixed owners, times and inode numbers) and
# differ only in /etc/lkvm-initramfs, which names the variant.
#
# usage: scripts/build-initramfs.sh OUTDIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: build-initramfs.sh OUTDIR}
cc=${GUEST_CC:-clang-19}
mkdir -p "$out"

# Soft-float lp64s and no LSX: the base integer ISA every model implements.
# 64 KiB segment alignment suits every LoongArch page size.
# shellcheck disable=SC2046
$cc --target=loongarch64-unknown-linux-gnusf -msoft-float -mno-lsx -mno-lasx \
	-mstrict-align -O2 -ffreestanding -fno-builtin -nostdlib -static -fno-pic \
	-fno-stack-protector -fuse-ld=lld -Wl,--build-id=none -Wl,-z,max-page-size=65536 \
	-Wall -Wextra -Werror -o "$out/init.tmp" \
	-I"$top/guest/include" \
	$(ls "$top"/guest/init/*.c "$top"/guest/init/*.S) "$top/guest/lib/string.c"
mv "$out/init.tmp" "$out/init"

# newc: "070701", 13 eight-digit hex fields, the name with its NUL padded
# to 4 bytes (counting the 110-byte header), the data padded to 4 bytes.
ino=0
pad() { [ $(($1 % 4)) -eq 0 ] || head -c $((4 - $1 % 4)) /dev/zero; }
entry() {	# NAME MODE SIZE RDEVMAJOR RDEVMINOR [FILE]
	ino=$((ino + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		$ino "$2" 0 0 1 0 "$3" 0 0 "$4" "$5" $((${#1} + 1)) 0
	printf '%s\0' "$1"
	pad $((110 + ${#1} + 1))
	if [ -n "${6:-}" ]; then
		cat "$6"
		pad "$3"
	fi
}
archive() {	# VARIANT
	printf '%s\n' "$1" >"$out/variant"
	entry dev $((0040755)) 0 0 0
	entry dev/console $((0020600)) 0 5 1
	entry proc $((0040755)) 0 0 0
	entry sys $((0040755)) 0 0 0
	entry etc $((0040755)) 0 0 0
	entry etc/lkvm-initramfs $((0100644)) "$(wc -c <"$out/variant")" 0 0 "$out/variant"
	entry init $((0100755)) "$(wc -c <"$out/init")" 0 0 "$out/init"
	ino=-1
	entry TRAILER!!! 0 0 0 0
	rm -f "$out/variant"
}
archive embedded >"$out/initramfs.cpio.tmp"
mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
archive external | gzip -9 -n >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
