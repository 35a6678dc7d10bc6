#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Generate the LoongArch KVM uAPI headers from Debian's linux-source-6.12 with
# the kernel's own "make headers_install", so lkvm compiles against the real
# definitions on any host. Output: $1/include/{linux,asm-generic,asm}.
set -eu
# Run our own make, not a job of the make that may have called us.
unset MAKEFLAGS MFLAGS MAKELEVEL
out=$1
tarball=${LKVM_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
if [ ! -r "$tarball" ]; then
	echo "gen-uapi: $tarball not found; install it with: apt-get install linux-source-6.12" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-uapi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Only what headers_install needs: the uAPI trees, scripts and the Makefiles.
tar -C "$tmp" -xf "$tarball" --wildcards \
	'*/Makefile' '*/Kbuild' '*/scripts/*' '*/include/uapi/*' \
	'*/arch/loongarch/include/uapi/*' '*/arch/loongarch/Makefile' \
	'*/arch/loongarch/Kbuild' '*/arch/loongarch/include/asm/Kbuild' \
	'*/include/asm-generic/Kbuild' '*/tools/include/*' 2>/dev/null || true
src=$(echo "$tmp"/linux-source-*)
make -s -C "$src" ARCH=loongarch HOSTCC="${HOSTCC:-cc}" \
	INSTALL_HDR_PATH="$tmp/hdr" headers_install
rm -rf "$out.new"
mkdir -p "$out.new"
cp -r "$tmp/hdr/include" "$out.new/include"
rm -rf "$out"
mv "$out.new" "$out"
