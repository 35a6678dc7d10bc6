#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot benchmark (make bench; not a test): lkvm with softkvm against
# Debian's qemu-system-loongarch64 7.2 (TCG) on the same Linux test kernel
# and initramfs (the guest prints its report and powers off):
#   1. boot-to-power-off wall time, BENCH_RUNS runs each, median and ratio;
#   2. start-up: a guest that powers off at its first instructions, so the
#      wall time is the VMM's start-up plus exit; plus lkvm's boot mark of
#      the built-in guest (time from start to its first test-device write);
#   3. peak RSS of each.
#
# usage: bench/boot.sh [LKVM]      env: BENCH_RUNS (5), BENCH_CPUS (1)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
lkvm=$(realpath "${1:-$top/lkvm}")
runs=${BENCH_RUNS:-5}
cpus=${BENCH_CPUS:-1}
mem=1024	# QEMU 7.2's virt board accepts no less
. "$top/bench/lib.sh"
bench_guest bench
clang-19 --target=loongarch64-unknown-linux-gnusf -nostdlib -static -fno-pic -fuse-ld=lld \
	-Wl,-T,"$top/guest/guest.lds" -Wl,--build-id=none -o "$tmp/poweroff.elf" "$top/bench/poweroff.S"

# timed NAME CMD...: one run; appends "seconds maxrss_kb" to $tmp/NAME.
timed() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/t" "$@" </dev/null >"$tmp/out" 2>"$tmp/err" ||
		{ echo "bench: $name run failed:" >&2; tail -5 "$tmp/out" "$tmp/err" >&2; exit 1; }
	t1=$(date +%s%N)
	# time(1) reports only 10 ms steps: take the wall time from the clock.
	echo "$(echo "($t1 - $t0) / 1000000000" | bc -l) $(tail -1 "$tmp/t")" >>"$tmp/$name"
}
col() { awk -v c="$2" '{ print $c }' "$tmp/$1"; }

params="console=ttyS0"
echo "bench: boot to power-off, $runs runs each ($cpus vCPU, $mem MiB, kernel $(basename "$kdir"))"
qemu_boot="$top/tests/qemu/boot.sh -w $tmp/qemu"
$qemu_boot "$kernel" "$initrd" "$cpus" $mem "$params" </dev/null >/dev/null 2>&1	# prepare the shim
for i in $(seq "$runs"); do
	timed lkvm_boot "$lkvm" run --accel soft -k "$kernel" -i "$initrd" -c "$cpus" -m ${mem}M -p "$params"
	grep -q "lkvm-report: end" "$tmp/out" || { echo "bench: lkvm guest did not finish" >&2; exit 1; }
	timed qemu_boot $qemu_boot "$kernel" "$initrd" "$cpus" $mem "$params"
	grep -q "lkvm-report: end" "$tmp/out" || { echo "bench: qemu guest did not finish" >&2; exit 1; }
done
for i in $(seq "$runs"); do
	timed lkvm_min "$lkvm" run --accel soft -k "$tmp/poweroff.elf" -m ${mem}M
	timed qemu_min qemu-system-loongarch64 -machine virt -m ${mem}M -nographic -no-reboot \
		-monitor none -serial none -nic none -kernel "$tmp/poweroff.elf"
	"$lkvm" run --accel soft 2>&1 >/dev/null </dev/null |
		sed -n 's/.*guest boot mark at \([0-9.]*\) ms.*/\1/p' >>"$tmp/mark"
done

lb=$(col lkvm_boot 1 | median) qb=$(col qemu_boot 1 | median)
lm=$(col lkvm_min 1 | median) qm=$(col qemu_min 1 | median)
printf '\n%-44s %10s %10s %8s\n' "median of $runs" lkvm qemu lkvm/qemu
printf '%-44s %10.2f %10.2f %8.2f\n' "boot to power-off, wall s" "$lb" "$qb" "$(echo "$lb / $qb" | bc -l)"
printf '%-44s %10.1f %10.1f %8.2f\n' "start-up + exit (minimal guest), wall ms" \
	"$(echo "$lm * 1000" | bc -l)" "$(echo "$qm * 1000" | bc -l)" "$(echo "$lm / $qm" | bc -l)"
printf '%-44s %10.1f %10s\n' "first guest instruction (boot mark), ms" "$(median <"$tmp/mark")" -
printf '%-44s %10.1f %10.1f %8.2f\n' "peak RSS, boot to power-off, MiB" \
	"$(echo "$(col lkvm_boot 2 | median) / 1024" | bc -l)" \
	"$(echo "$(col qemu_boot 2 | median) / 1024" | bc -l)" \
	"$(echo "$(col lkvm_boot 2 | median) / $(col qemu_boot 2 | median)" | bc -l)"
printf '%-44s %10.1f %10.1f %8.2f\n' "peak RSS, minimal guest, MiB" \
	"$(echo "$(col lkvm_min 2 | median) / 1024" | bc -l)" \
	"$(echo "$(col qemu_min 2 | median) / 1024" | bc -l)" \
	"$(echo "$(col lkvm_min 2 | median) / $(col qemu_min 2 | median)" | bc -l)"
echo "lkvm boot runs (s): $(col lkvm_boot 1 | xargs printf '%.2f ')"
echo "qemu boot runs (s): $(col qemu_boot 1 | xargs printf '%.2f ')"
