#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build lkvm's LoongArch test kernel from Debian's linux-source-6.12 with
# clang-19/lld-19: tinyconfig + guest/linux/lkvm.config, and check that every
# fragment line took effect. Outputs land in a cache directory keyed by a
# hash of every input, so a second run does nothing:
#
#   CACHE/linux-KEY/{vmlinux,vmlinux.efi,config}
#   CACHE/linux-KEY/initramfs-IKEY/{vmlinux,vmlinux.efi}   (--initramfs)
#
# The built-in initramfs is a fixed-size slot (SLOT_SIZE bytes, stored
# uncompressed): a small archive with a marker directory first, then the
# kernel's usual /dev, /dev/console and /root, then zeros, which the
# kernel's unpacker skips. --initramfs FILE.cpio writes FILE (plus zeros) over the slot in
# copies of vmlinux and vmlinux.efi: another init needs no relink, and the
# kernel build does not depend on the init.
#
# usage: scripts/build-guest-kernel.sh [--initramfs FILE.cpio] [CACHE_DIR]
# Prints the directory holding the requested vmlinux on stdout.
set -eu
# Run our own make, not a job of the make that may have called us.
unset MAKEFLAGS MFLAGS MAKELEVEL
top=$(cd "$(dirname "$0")/.." && pwd)
cpio=
if [ "${1:-}" = --initramfs ]; then
	cpio=$(realpath "$2")
	shift 2
fi
cache=${1:-${LKVM_CACHE:-$HOME/.cache/lkvm}}
tarball=${LKVM_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
frag=$top/guest/linux/lkvm.config
llvm=/usr/lib/llvm-19/bin
SLOT_SIZE=262144
MARKER=.lkvm-initramfs-slot

die() { echo "build-guest-kernel: $*" >&2; exit 1; }
[ -r "$tarball" ] || die "$tarball missing: apt-get install linux-source-6.12"
[ -x "$llvm/clang" ] || die "clang-19 missing: apt-get install clang-19 lld-19 llvm-19"
[ -z "$cpio" ] || [ -r "$cpio" ] || die "cannot read initramfs archive $cpio"

key=$( { sha256sum "$tarball" | cut -d' ' -f1; cat "$frag" "$0"; "$llvm/clang" --version | head -1; } |
	sha256sum | cut -c1-16)
out=$cache/linux-$key

# newc entry: NAME MODE RDEVMAJOR RDEVMINOR (no data), 4-byte padded.
newc() {
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		"$5" "$2" 0 0 1 0 0 0 0 "$3" "$4" $((${#1} + 1)) 0 "$1"
	n=$(((110 + ${#1} + 1) % 4))
	[ $n -eq 0 ] || head -c $((4 - n)) /dev/zero
}
slot() {
	{
		newc $MARKER $((0040755)) 0 0 1		# first: it marks the start
		newc dev $((0040755)) 0 0 2
		newc dev/console $((0020600)) 5 1 3
		newc root $((0040700)) 0 0 4
		newc TRAILER!!! 0 0 0 0
	} >"$1"
	head -c $((SLOT_SIZE - $(wc -c <"$1"))) /dev/zero >>"$1"
}

# Copy $1 to $2 with the archive $3 written over the slot.
patch_slot() {
	at=$(grep -obUaF "$MARKER" "$1" | cut -d: -f1)
	[ "$(echo "$at" | wc -w)" -eq 1 ] || die "no unique initramfs slot in $1"
	at=$((at - 110))
	# Overwrite only what is byte for byte the placeholder the build put in.
	[ -f "$out/slot.cpio" ] || slot "$out/slot.cpio"
	dd if="$1" bs=4096 skip=$at iflag=skip_bytes,count_bytes count=$SLOT_SIZE 2>/dev/null |
		cmp -s - "$out/slot.cpio" || die "the initramfs slot in $1 is not the placeholder"
	size=$(wc -c <"$3")
	[ "$size" -le $SLOT_SIZE ] || die "$3 is $size bytes; the slot holds $SLOT_SIZE"
	cp "$1" "$2.tmp"
	dd if="$3" of="$2.tmp" bs=4096 seek=$at oflag=seek_bytes conv=notrunc 2>/dev/null
	head -c $((SLOT_SIZE - size)) /dev/zero |
		dd of="$2.tmp" bs=4096 seek=$((at + size)) oflag=seek_bytes conv=notrunc 2>/dev/null
	mv "$2.tmp" "$2"
}

embed() {
	eout=$out/initramfs-$(sha256sum "$cpio" | cut -c1-16)
	if [ ! -f "$eout/vmlinux.efi" ]; then
		mkdir -p "$eout"
		patch_slot "$out/vmlinux" "$eout/vmlinux" "$cpio"
		patch_slot "$out/vmlinux.efi" "$eout/vmlinux.efi" "$cpio"
	fi
	echo "$eout"
}

if [ -f "$out/vmlinux" ] && [ -f "$out/vmlinux.efi" ]; then
	if [ -n "$cpio" ]; then embed; else echo "$out"; fi
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "build-guest-kernel: building Linux 6.12 for LoongArch (about 6 minutes on 2 cores)" >&2
tar -C "$work" -xf "$tarball"
src=$(echo "$work"/linux-source-*)
obj=$work/obj
mkdir -p "$obj"
slot "$work/slot.cpio"
{
	cat "$src/kernel/configs/tiny-base.config" "$src/kernel/configs/tiny.config" "$frag"
	echo "CONFIG_INITRAMFS_SOURCE=\"$work/slot.cpio\""
	echo "CONFIG_INITRAMFS_COMPRESSION_NONE=y"
} >"$work/all.config"
export PATH="$llvm:$PATH"
kmake() { make -s -C "$src" O="$obj" ARCH=loongarch LLVM=1 "$@"; }
kmake KCONFIG_ALLCONFIG="$work/all.config" allnoconfig >/dev/null

# Every fragment line must have taken effect.
{ grep -E '^(CONFIG_|# CONFIG_)' "$frag"; echo "CONFIG_INITRAMFS_COMPRESSION_NONE=y"; } |
while IFS= read -r line; do
	case $line in
	"# CONFIG_"*) sym=${line#\# }; sym=${sym%% *}
		! grep -q "^$sym=" "$obj/.config" || die "$sym still set" ;;
	*) grep -qx "$line" "$obj/.config" || die "'$line' did not take effect" ;;
	esac
done
grep -q '^CONFIG_INITRAMFS_SOURCE=".*slot.cpio"$' "$obj/.config" ||
	die "CONFIG_INITRAMFS_SOURCE did not take effect"

kmake -j"$(nproc)" vmlinux vmlinux.efi >/dev/null 2>"$work/build.log" ||
	{ tail -30 "$work/build.log" >&2; die "kernel build failed"; }
[ -f "$obj/arch/loongarch/boot/vmlinux.efi" ] || die "no vmlinux.efi produced"

# Publish atomically; another run may be publishing the same key.
mkdir -p "$cache"
tmpd=$(mktemp -d "$out.tmp.XXXXXX")
cp "$obj/vmlinux" "$tmpd/vmlinux"
cp "$obj/arch/loongarch/boot/vmlinux.efi" "$tmpd/vmlinux.efi"
cp "$obj/.config" "$tmpd/config"
chmod 755 "$tmpd"
mv -T "$tmpd" "$out" 2>/dev/null || rm -rf "$tmpd"
if [ -n "$cpio" ]; then embed; else echo "$out"; fi
