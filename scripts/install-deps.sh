#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what building and testing lkvm needs on Debian 12, if missing.
set -eu
pkgs="build-essential pkg-config rsync libfdt-dev zlib1g-dev libaio-dev libseccomp-dev libcmocka-dev
      device-tree-compiler clang-19 lld-19 llvm-19 linux-source-6.12 bc flex bison
      qemu-user qemu-system-misc ipxe-qemu python3 libclang-rt-19-dev valgrind time
      libzstd-dev liblzma-dev liblz4-dev liblzo2-dev libbz2-dev libslirp-dev iproute2
      zstd xz-utils lz4 lzop bzip2"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null; then
	sudo=sudo
else
	echo "install-deps: need root to install:$missing (run as root or install sudo)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
