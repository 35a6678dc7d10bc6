#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench/run-bench.sh LKVM HARNESS BARE.elf USER.elf
# Runs the same workload bare-metal under lkvm/softkvm and as a user
# program under qemu-loongarch64; the instruction count comes from the
# softkvm interpreter (sk-diff-harness -n, which retires exactly the
# user build's instructions). Prints MIPS for both and their ratio.
set -eu
lkvm=$1 harness=$2 bare=$3 user=$4
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"

now() { date +%s.%N; }
insns=$("$harness" -n "$user" 2>&1 >/dev/null | awk '/^insns/ { print $2 }')

t0=$(now)
"$lkvm" run --accel soft -k "$bare" >/dev/null 2>&1
t1=$(now)
qemu-loongarch64 "$user"
t2=$(now)

echo "workload:  $insns guest instructions"
mips_report "$insns" "$t0" "$t1" "$t2" "lkvm run --accel soft, incl. start-up" \
	"qemu-loongarch64 7.2, TCG"
