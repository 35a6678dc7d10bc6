#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# virtio-blk figures; usage: bench/virtio-blk.sh HARNESS LKVM
#   VBLK_N (2000) requests per callgrind run; VBLK_MB (32) guest read size.
set -u
harness=$1
lkvm=$(realpath "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
n=${VBLK_N:-2000}
mb=${VBLK_MB:-32}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-vblk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Instructions in the device path, per request, at depth 1 and 16.
for depth in 1 16; do
	if ! valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$depth" \
		--toggle-collect=blk__thread --toggle-collect=virtio_mmio__access \
		"$harness" "$n" "$depth" >"$tmp/h.out" 2>"$tmp/h.err"; then
		echo "virtio-blk: callgrind run failed:"; tail -5 "$tmp/h.err"; exit 1
	fi
	ir=$(sed -n 's/^summary: *//p' "$tmp/cg.$depth" | awk '{print $1}')
	echo "virtio-blk: $((ir / n)) host instructions per 4 KiB read (device path, depth $depth, $n requests, callgrind)"
done

# In-guest sequential read throughput under softkvm.
if ! "$top/scripts/build-initramfs.sh" "$tmp/ird" >"$tmp/build.log" 2>&1 ||
   ! kdir=$("$top/scripts/build-guest-kernel.sh" 2>>"$tmp/build.log"); then
	echo "virtio-blk: no test kernel or init; in-guest throughput skipped"
	exit 0
fi
truncate -s "${mb}M" "$tmp/disk.img"
timeout 600 "$lkvm" run --accel soft -k "$kdir/vmlinux" -i "$tmp/ird/initramfs.cpio.gz" \
	-d "$tmp/disk.img" -p "console=ttyS0 lkvmtest=blk lkvmtest.blk_pattern=0 lkvmtest.blk_bench=1" \
	</dev/null 2>&1 | while IFS= read -r line; do
		# Host wall-clock stamps: the guest's clock need not run at real speed.
		printf '%s %s\n' "$EPOCHREALTIME" "$line"
	done >"$tmp/g.out"
kib=$(sed -n 's/.*lkvm-report: blk_bench_kib_per_s=//p' "$tmp/g.out" | tr -d '\r')
us=$(sed -n 's/.*lkvm-report: blk_bench_us=//p' "$tmp/g.out" | tr -d '\r')
if [ -z "$kib" ]; then
	echo "virtio-blk: the guest printed no throughput:"; tail -5 "$tmp/g.out"; exit 1
fi
t0=$(awk '/lkvm-blk: bench begin/ {print $1; exit}' "$tmp/g.out")
t1=$(awk '/lkvm-blk: bench end/ {print $1; exit}' "$tmp/g.out")
host=$(awk -v a="$t0" -v b="$t1" -v mb="$mb" 'BEGIN { if (b > a) printf "%.0f", mb / (b - a); else print "?" }')
echo "virtio-blk: guest sequential O_DIRECT read of $mb MiB (1 MiB reads) under softkvm:" \
	"$((kib / 1024)) MiB/s by the guest clock ($us us), $host MiB/s by the host clock"
