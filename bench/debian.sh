#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's kernel benchmark (make bench; not a test): Debian's loong64
# vmlinuz as shipped (scripts/fetch-debian.sh) under softkvm, with the
# project's init and Debian's virtio modules (the init loads them, prints
# its report, powers off). BENCH_RUNS runs (default 3), medians of:
#   - boot to /init: lkvm's boot mark, which the init writes right after
#     mounting /dev, /proc and /sys (ms since lkvm started: the zstd
#     unpacking, the kernel's boot and the initramfs unpacking);
#   - boot to power-off, wall (also module loading and the report).
#
# usage: bench/debian.sh [LKVM]      env: BENCH_RUNS (3), BENCH_CPUS (1)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
lkvm=$(realpath "${1:-$top/lkvm}")
runs=${BENCH_RUNS:-3}
cpus=${BENCH_CPUS:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-bench-debian.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if ! vars=$("$top/scripts/fetch-debian.sh" 2>"$tmp/fetch.err"); then
	echo "bench: SKIP Debian kernel: $(tail -n1 "$tmp/fetch.err")"
	exit 0
fi
eval "$vars"
"$top/scripts/build-debian-initramfs.sh" "$tmp/initrd.gz" "$DEBIAN_MODULES" \
	virtio_mmio virtio_blk virtio_rng

. "$top/bench/lib.sh"	# median

echo "bench: Debian $DEBIAN_KREL under softkvm, $runs runs ($cpus vCPU, 1 GiB)"
for _ in $(seq "$runs"); do
	t0=$(date +%s%N)
	"$lkvm" run --accel soft -k "$DEBIAN_VMLINUZ" -i "$tmp/initrd.gz" -c "$cpus" -m 1G \
		</dev/null >"$tmp/out" 2>"$tmp/err" ||
		{ echo "bench: the Debian guest failed:" >&2; tail -5 "$tmp/out" "$tmp/err" >&2; exit 1; }
	t1=$(date +%s%N)
	grep -q "lkvm-report: end" "$tmp/out" || { echo "bench: the guest did not finish" >&2; exit 1; }
	sed -n 's/.*guest boot mark at \([0-9.]*\) ms.*/\1/p' "$tmp/err" >>"$tmp/mark"
	echo "($t1 - $t0) / 1000000000" | bc -l >>"$tmp/wall"
done
[ "$(wc -l <"$tmp/mark")" -eq "$runs" ] || { echo "bench: no boot mark" >&2; exit 1; }
printf 'bench: boot to /init (boot mark)   median %.2f s   (runs: %s)\n' \
	"$(median <"$tmp/mark" | awk '{ print $1 / 1000 }')" \
	"$(awk '{ printf "%.2f ", $1 / 1000 }' "$tmp/mark")"
printf 'bench: boot to power-off, wall     median %.2f s   (runs: %s)\n' \
	"$(median <"$tmp/wall")" "$(awk '{ printf "%.2f ", $1 }' "$tmp/wall")"
