#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Exits to userspace a real host would take, counted by softkvm
# (LKVM_SOFTKVM_EXIT_STATS=1), with softkvm answering as Linux 6.12 and as
# 7.2: per boot of the test kernel (report, power-off), and per 1,000
# virtio-blk requests (a 4 KiB O_DIRECT sequential read of the disk, one
# request each, less the same boot without it). Usage: bench/exits.sh LKVM
#   EXITS_REQS (2048) requests of the read.
set -u
lkvm=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
reqs=${EXITS_REQS:-2048}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-exits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if ! "$top/scripts/build-initramfs.sh" "$tmp/ird" >"$tmp/build.log" 2>&1 ||
   ! kdir=$("$top/scripts/build-guest-kernel.sh" 2>>"$tmp/build.log"); then
	echo "exits: no test kernel or init:"; tail -3 "$tmp/build.log"; exit 1
fi
truncate -s $((reqs * 4096)) "$tmp/disk.img"

# exits KERNEL PARAMS [ARGS]: total exits of one boot, and the ioeventfd count.
exits() {
	local kv=$1 params=$2 line
	shift 2
	line=$(LKVM_SOFTKVM_EXIT_STATS=1 timeout 600 "$lkvm" run --accel soft --softkvm-kernel "$kv" \
		-k "$kdir/vmlinux" -i "$tmp/ird/initramfs.cpio.gz" -p "console=ttyS0 $params" "$@" \
		</dev/null 2>&1 >/dev/null | grep 'softkvm: exits to userspace')
	[ -n "$line" ] || { echo "exits: no count from a $kv boot" >&2; exit 1; }
	echo "$line" | sed 's/.*userspace: \([0-9]*\) (mmio \([0-9]*\).*ioeventfds: \([0-9]*\).*/\1 \2 \3/'
}

declare -a boot blk ioev
kvs=(6.12 7.2)
for i in 0 1; do
	kv=${kvs[$i]}
	read -r boot[i] _ < <(exits "$kv" "")
	read -r base _ < <(exits "$kv" "lkvmtest=blk lkvmtest.blk_pattern=0" -d "$tmp/disk.img")
	read -r rd _ ioev[i] < <(exits "$kv" \
		"lkvmtest=blk lkvmtest.blk_pattern=0 lkvmtest.blk_bench=1 lkvmtest.blk_bench_io=4096" \
		-d "$tmp/disk.img")
	blk[i]=$(((rd - base) * 1000 / reqs))
done
echo "exits: exits to userspace counted by softkvm (userspace irqchip; $reqs 4 KiB reads)"
printf 'exits: %-44s %10s %10s\n' "" "as 6.12" "as 7.2"
printf 'exits: %-44s %10s %10s\n' "per Linux boot (test kernel, 1 vCPU)" "${boot[0]}" "${boot[1]}"
printf 'exits: %-44s %10s %10s\n' "per 1,000 virtio-blk requests" "${blk[0]}" "${blk[1]}"
printf 'exits: %-44s %10s %10s\n' "notifies taken by ioeventfd in the read" "${ioev[0]}" "${ioev[1]}"
