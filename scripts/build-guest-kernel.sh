#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build lkvm's LoongArch test kernel from Debian's linux-source-6.12 with
# clang-19/lld-19: tinyconfig + guest/linux/lkvm.config. Outputs vmlinux and
# vmlinux.efi in a cache directory keyed by a hash of every input, so a
# second run does nothing. Prints the output directory on stdout.
#
# usage: scripts/build-guest-kernel.sh [CACHE_DIR]   (default ~/.cache/lkvm)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${LKVM_CACHE:-$HOME/.cache/lkvm}}
tarball=${LKVM_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
frag=$top/guest/linux/lkvm.config
llvm=/usr/lib/llvm-19/bin

[ -r "$tarball" ] || { echo "build-guest-kernel: $tarball missing: apt-get install linux-source-6.12" >&2; exit 1; }
[ -x "$llvm/clang" ] || { echo "build-guest-kernel: clang-19 missing: apt-get install clang-19 lld-19 llvm-19" >&2; exit 1; }

key=$( { sha256sum "$tarball" | cut -d' ' -f1; cat "$frag" "$0"; "$llvm/clang" --version | head -1; } |
	sha256sum | cut -c1-16)
out=$cache/linux-$key
if [ -f "$out/vmlinux" ] && [ -f "$out/vmlinux.efi" ]; then
	echo "$out"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "build-guest-kernel: building Linux 6.12 for LoongArch (about 6 minutes on 2 cores)" >&2
tar -C "$work" -xf "$tarball"
src=$(echo "$work"/linux-source-*)
obj=$work/obj
mkdir -p "$obj"
cat "$src/kernel/configs/tiny-base.config" "$src/kernel/configs/tiny.config" "$frag" \
	>"$work/all.config"
export PATH="$llvm:$PATH"
kmake() { make -s -C "$src" O="$obj" ARCH=loongarch LLVM=1 "$@"; }
kmake KCONFIG_ALLCONFIG="$work/all.config" allnoconfig >/dev/null

# Every fragment line must have taken effect.
bad=0
grep -E '^(CONFIG_|# CONFIG_)' "$frag" | while IFS= read -r line; do
	case $line in
	"# CONFIG_"*) sym=${line#\# }; sym=${sym%% *}
		grep -q "^$sym=" "$obj/.config" && { echo "build-guest-kernel: $sym still set" >&2; exit 1; } ;;
	*) grep -qx "$line" "$obj/.config" || { echo "build-guest-kernel: '$line' did not take effect" >&2; exit 1; } ;;
	esac
done || bad=1
[ "$bad" -eq 0 ] || exit 1

kmake -j"$(nproc)" vmlinux vmlinux.efi >/dev/null 2>"$work/build.log" ||
	{ tail -30 "$work/build.log" >&2; exit 1; }
mkdir -p "$out.tmp"
cp "$obj/vmlinux" "$out.tmp/vmlinux"
if [ -f "$obj/arch/loongarch/boot/vmlinux.efi" ]; then
	cp "$obj/arch/loongarch/boot/vmlinux.efi" "$out.tmp/vmlinux.efi"
else
	echo "build-guest-kernel: no vmlinux.efi produced" >&2
	exit 1
fi
cp "$obj/.config" "$out.tmp/config"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
