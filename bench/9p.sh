#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# virtio-9p benchmark (make bench; not a test): the test kernel and init
# (lkvmtest=9pbench: 32 MiB sequential write + fsync, read back, 500 small
# files created and stat'ed) on a share served by lkvm (softkvm) and by
# Debian's QEMU 7.2 (TCG, -fsdev local,security_model=none, virtio-9p-pci),
# same kernel, same run, BENCH_RUNS runs each (default 3), medians and the
# lkvm/QEMU ratios.
#
# usage: bench/9p.sh [LKVM]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
lkvm=$(realpath "${1:-$top/lkvm}")
runs=${BENCH_RUNS:-3}
mem=1024
. "$top/bench/lib.sh"
bench_guest bench9p
params="console=ttyS0 lkvmtest=9pbench"

# one NAME CMD...: a run on a fresh share; appends "write read files" to $tmp/NAME.
one() {
	local name=$1
	shift
	rm -rf "$tmp/share" && mkdir "$tmp/share"
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err" ||
		{ echo "bench: $name run failed:" >&2; tail -5 "$tmp/out" "$tmp/err" >&2; exit 1; }
	grep -q "lkvm-result: PASS 9pbench" "$tmp/out" ||
		{ echo "bench: $name guest did not finish:" >&2; tail -5 "$tmp/out" >&2; exit 1; }
	echo "$(sed -n 's/.*9p_write_kib_per_s=\([0-9]*\).*/\1/p' "$tmp/out") \
$(sed -n 's/.*9p_read_kib_per_s=\([0-9]*\).*/\1/p' "$tmp/out") \
$(sed -n 's/.*9p_create_stat_per_s=\([0-9]*\).*/\1/p' "$tmp/out")" >>"$tmp/$name"
}
col() { awk -v c="$2" '{ print $c }' "$tmp/$1" | median; }

echo "bench: virtio-9p, $runs runs each (1 vCPU, $mem MiB, kernel $(basename "$kdir"))"
qemu_boot="$top/tests/qemu/boot.sh -w $tmp/qemu-work"
for i in $(seq "$runs"); do
	one lkvm "$lkvm" run --accel soft -k "$kernel" -i "$initrd" -m ${mem}M -p "$params" \
		--9p "$tmp/share,lkvmtest"
	PCIE=1 one qemu $qemu_boot "$kernel" "$initrd" 1 $mem "$params" \
		-fsdev local,id=fs0,path="$tmp/share",security_model=none \
		-device virtio-9p-pci,fsdev=fs0,mount_tag=lkvmtest
done
printf '%-34s %12s %12s %9s\n' "median of $runs" "lkvm" "QEMU 7.2" "lkvm/QEMU"
row() {
	local l q
	l=$(col lkvm "$2") q=$(col qemu "$2")
	printf '%-34s %12s %12s %9s\n' "$1" "$(echo "scale=1; $l / $3" | bc)" \
		"$(echo "scale=1; $q / $3" | bc)" "$(echo "scale=2; $l / $q" | bc)"
}
row "sequential write + fsync, MiB/s" 1 1024
row "sequential read, MiB/s" 2 1024
row "small files create + stat, per s" 3 1
