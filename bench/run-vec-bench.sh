#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench/run-vec-bench.sh HARNESS VEC.elf
# The SIMD workload (bench/vec-user.S: LSX strlen, LASX copy-and-scan)
# in softkvm's interpreter (sk-diff-harness, which counts the retired
# instructions) and under Debian sid's qemu-loongarch64 11 (Debian 12's
# 7.2 has no LSX). Prints MIPS for both and their ratio; both runs must
# exit with the same status (the strlen's low byte).
set -euo pipefail
harness=$1 vec=$2
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"

if ! qemu=$("$top/scripts/fetch-qemu-user.sh" 2>/dev/null); then
	echo "bench-vec: skipped: qemu-user 11 unavailable (scripts/fetch-qemu-user.sh failed)"
	exit 0
fi
now() { date +%s.%N; }

t0=$(now)
rs=0; insns=$("$harness" -n "$vec" 2>&1 >/dev/null | awk '/^insns/ { print $2 }') || rs=$?
t1=$(now)
rq=0; "$qemu" "$vec" || rq=$?
t2=$(now)
if [ "$rs" != "$rq" ] || [ -z "$insns" ]; then
	echo "bench-vec: softkvm exited $rs, qemu-user $rq: the runs disagree" >&2
	exit 1
fi

echo "SIMD workload: $insns guest instructions (LSX strlen, LASX copy-and-scan)"
mips_report "$insns" "$t0" "$t1" "$t2" "sk-diff-harness, incl. start-up" \
	"qemu-loongarch64 11, TCG"
