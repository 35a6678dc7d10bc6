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

now() { date +%s.%N; }
insns=$("$harness" -n "$user" 2>&1 >/dev/null | awk '/^insns/ { print $2 }')

t0=$(now)
"$lkvm" run --accel soft -k "$bare" >/dev/null 2>&1
t1=$(now)
qemu-loongarch64 "$user"
t2=$(now)

awk -v n="$insns" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	sk = n / (b - a) / 1e6; q = n / (c - b) / 1e6
	printf "workload:  %d guest instructions\n", n
	printf "softkvm:   %.3f s  %7.1f MIPS  (lkvm run --accel soft, incl. start-up)\n", b - a, sk
	printf "qemu-user: %.3f s  %7.1f MIPS  (qemu-loongarch64 7.2, TCG)\n", c - b, q
	printf "ratio:     softkvm runs at %.2fx the speed of qemu-user\n", sk / q
}'
