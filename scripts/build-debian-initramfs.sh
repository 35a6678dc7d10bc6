#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# An initramfs for a distribution kernel that has lkvm's device drivers as
# modules (Debian's): the project's libc-free init (guest/init, which loads
# the modules itself) plus the named modules and everything they depend on,
# listed in lib/modules/<release>/modules.dep for the init to load in order.
#
# usage: scripts/build-debian-initramfs.sh [--file DEST=SRC]... OUT.cpio.gz MODDIR MODULE...
#   --file   also put SRC at DEST (e.g. bin/busybox=...; under bin/ or etc/),
#            executable when SRC is
#   MODDIR   the kernel's /usr/lib/modules/<release> (scripts/fetch-debian.sh
#            prints it as DEBIAN_MODULES); its name is the release
#   MODULE   module names, e.g. virtio_mmio virtio_blk virtio_rng
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
extra=()
while [ "${1:-}" = --file ]; do
	case ${2:-} in
	bin/?*=?* | etc/?*=?*) ;;
	*) echo "build-debian-initramfs: --file wants DEST=SRC with DEST under bin/ or etc/, not '${2:-}'" >&2
	   exit 1 ;;
	esac
	[ -r "${2#*=}" ] || { echo "build-debian-initramfs: cannot read ${2#*=}" >&2; exit 1; }
	extra+=("$2")
	shift 2
done
out=${1:?usage: build-debian-initramfs.sh OUT.cpio.gz MODDIR MODULE...}
moddir=${2:?usage: build-debian-initramfs.sh OUT.cpio.gz MODDIR MODULE...}
shift 2
rel=$(basename "$moddir")
[ -d "$moddir/kernel" ] || { echo "build-debian-initramfs: no kernel/ in $moddir" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-dinitrd.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$top/scripts/build-initramfs.sh" "$work/init" >/dev/null

# name -> path (relative to moddir), names normalised to underscores.
declare -A path
while IFS= read -r f; do
	n=${f##*/}
	n=${n%%.ko*}
	path[${n//-/_}]=$f
done < <(cd "$moddir" && find kernel -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')

modinfo_depends() {	# FILE: the depends= field of its .modinfo
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
}

declare -A deps seen
order=()
add() {	# NAME: the module and, first, what it depends on
	local n=${1//-/_} d
	[ -n "${seen[$n]:-}" ] && return 0
	seen[$n]=1
	[ -n "${path[$n]:-}" ] || { echo "build-debian-initramfs: no module $n in $moddir" >&2; exit 1; }
	deps[$n]=
	for d in $(modinfo_depends "$moddir/${path[$n]}"); do
		add "$d"
		deps[$n]="${deps[$n]} ${path[${d//-/_}]}"
	done
	order+=("$n")
}
for m in "$@"; do
	add "$m"
done

# modules.dep promises no order (depmod's does not either): the init loads
# each module after what it depends on. Dependents come first here, so a
# guest that loaded in file order would fail.
mkdir -p "$work/root/lib/modules/$rel"
for ((i = ${#order[@]} - 1; i >= 0; i--)); do
	n=${order[$i]}
	mkdir -p "$work/root/lib/modules/$rel/$(dirname "${path[$n]}")"
	cp "$moddir/${path[$n]}" "$work/root/lib/modules/$rel/${path[$n]}"
	echo "${path[$n]}:${deps[$n]}"
done >"$work/root/lib/modules/$rel/modules.dep"

# newc archive: "070701", 13 eight-digit hex fields, the NUL-terminated
# name padded to 4 bytes (with the 110-byte header), data padded to 4.
ino=0
pad() { [ $(($1 % 4)) -eq 0 ] || head -c $((4 - $1 % 4)) /dev/zero; }
entry() {	# NAME MODE [FILE]
	local size=0
	[ -n "${3:-}" ] && size=$(wc -c <"$3")
	ino=$((ino + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		$ino "$2" 0 0 1 0 "$size" 0 0 0 0 $((${#1} + 1)) 0
	printf '%s\0' "$1"
	pad $((110 + ${#1} + 1))
	if [ -n "${3:-}" ]; then
		cat "$3"
		pad "$size"
	fi
}
printf 'debian %s\n' "$rel" >"$work/variant"
{
	for d in dev proc sys etc bin; do
		entry "$d" $((0040755))
	done
	entry etc/lkvm-initramfs $((0100644)) "$work/variant"
	for f in "${extra[@]}"; do
		if [ -x "${f#*=}" ]; then m=0100755; else m=0100644; fi
		entry "${f%%=*}" $((m)) "${f#*=}"
	done
	entry init $((0100755)) "$work/init/init"
	(cd "$work/root" && find lib -type d | sort) | while read -r d; do
		entry "$d" $((0040755))
	done
	(cd "$work/root" && find lib -type f | sort) | while read -r f; do
		entry "$f" $((0100644)) "$work/root/$f"
	done
	ino=-1
	entry TRAILER!!! 0
} | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
