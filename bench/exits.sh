#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Exits to userspace a real host would take, counted by softkvm
# (LKVM_SOFTKVM_EXIT_STATS=1), in three set-ups: softkvm as Linux 6.12
# (lkvm's irqchip), as 7.2 with lkvm's irqchip and as 7.2 with the kernel's
# (--irqchip kernel). Per boot of the test kernel (report, power-off); per
# 1,000 virtio-blk requests (a 4 KiB O_DIRECT sequential read of the disk,
# one request each, less the same boot without it); and for IPIs, the
# bare-metal IPI guest's 2-vCPU token ring (one IPI round trip a round):
# round trips per second and exits per round trip. Usage: bench/exits.sh LKVM
#   EXITS_REQS (2048) requests of the read, EXITS_ROUNDS (20000) ring rounds.
set -u
lkvm=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
reqs=${EXITS_REQS:-2048}
rounds=${EXITS_ROUNDS:-20000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-exits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
g=$top/tests/guests

if ! "$top/scripts/build-initramfs.sh" "$tmp/ird" >"$tmp/build.log" 2>&1 ||
   ! kdir=$("$top/scripts/build-guest-kernel.sh" 2>>"$tmp/build.log"); then
	echo "exits: no test kernel or init:"; tail -3 "$tmp/build.log"; exit 1
fi
if ! clang-19 --target=loongarch64-unknown-linux-gnusf -msoft-float -mno-lsx -mno-lasx \
	-mstrict-align -O2 -ffreestanding -fno-builtin -nostdlib -static -fno-pic \
	-fno-stack-protector -fno-delete-null-pointer-checks -fuse-ld=lld -Wl,--build-id=none \
	-Wl,-T,"$g/priv/priv.lds" -I"$g/priv" -o "$tmp/ipi.elf" "$g/priv/crt.S" \
	"$g/irq/smp.S" "$g/irq/smp.c" "$g/irq/ipi.c" >>"$tmp/build.log" 2>&1; then
	echo "exits: the IPI guest did not build:"; tail -3 "$tmp/build.log"; exit 1
fi
truncate -s $((reqs * 4096)) "$tmp/disk.img"

# stats KERNEL IRQCHIP OUT ARGS...: run lkvm, keep the console in OUT and
# print softkvm's count line's numbers: total, mmio, ..., ioeventfds.
stats() {
	local kv=$1 chip=$2 out=$3 line
	shift 3
	line=$(LKVM_SOFTKVM_EXIT_STATS=1 timeout 600 "$lkvm" run --accel soft --softkvm-kernel "$kv" \
		--irqchip "$chip" "$@" </dev/null 2>&1 >"$out" | grep 'softkvm: exits to userspace')
	[ -n "$line" ] || { echo "exits: no count from a $kv/$chip run" >&2; exit 1; }
	echo "$line" | sed 's/.*userspace: \([0-9]*\) (mmio \([0-9]*\).*ioeventfds: \([0-9]*\).*/\1 \2 \3/'
}

# exits KERNEL IRQCHIP PARAMS [ARGS]: the same for a test kernel boot.
exits() {
	local kv=$1 chip=$2 params=$3
	shift 3
	stats "$kv" "$chip" /dev/null -k "$kdir/vmlinux" -i "$tmp/ird/initramfs.cpio.gz" \
		-p "console=ttyS0 $params" "$@"
}

declare -a boot blk ioev rtps rtex
kvs=(6.12 7.2 7.2)
chips=(user user kernel)
for i in 0 1 2; do
	kv=${kvs[$i]} chip=${chips[$i]}
	read -r boot[i] _ < <(exits "$kv" "$chip" "")
	read -r base _ < <(exits "$kv" "$chip" "lkvmtest=blk lkvmtest.blk_pattern=0" -d "$tmp/disk.img")
	read -r rd _ ioev[i] < <(exits "$kv" "$chip" \
		"lkvmtest=blk lkvmtest.blk_pattern=0 lkvmtest.blk_bench=1 lkvmtest.blk_bench_io=4096" \
		-d "$tmp/disk.img")
	blk[i]=$(((rd - base) * 1000 / reqs))
	# The ring (and one all-to-all round): its exits less those of a 1-round run.
	read -r one _ < <(stats "$kv" "$chip" "$tmp/ipi1.out" -c 2 -k "$tmp/ipi.elf" \
		-p "ncpus=2 rounds=1 posts=1 watchdog=600")
	read -r all _ < <(stats "$kv" "$chip" "$tmp/ipi.out" -c 2 -k "$tmp/ipi.elf" \
		-p "ncpus=2 rounds=$rounds posts=1 watchdog=600")
	us=$(sed -n 's/^ipi-storm: ring [0-9]* rounds in \([0-9]*\) us.*/\1/p' "$tmp/ipi.out")
	grep -q "ipi-storm: PASS 0" "$tmp/ipi.out" && [ -n "$us" ] && [ "$us" -gt 0 ] ||
		{ echo "exits: the IPI ring failed ($kv/$chip):"; tail -3 "$tmp/ipi.out"; exit 1; }
	rtps[i]=$((rounds * 1000000 / us))
	rtex[i]=$(python3 -c "print('%.2f' % (($all - $one) / ($rounds - 1)))")
done
echo "exits: exits to userspace counted by softkvm ($reqs 4 KiB reads, $rounds IPI rounds)"
printf 'exits: %-44s %12s %12s %12s\n' "" "6.12, user" "7.2, user" "7.2, kernel"
printf 'exits: %-44s %12s %12s %12s\n' "per Linux boot (test kernel, 1 vCPU)" "${boot[@]}"
printf 'exits: %-44s %12s %12s %12s\n' "per 1,000 virtio-blk requests" "${blk[@]}"
printf 'exits: %-44s %12s %12s %12s\n' "notifies taken by ioeventfd in the read" "${ioev[@]}"
printf 'exits: %-44s %12s %12s %12s\n' "per IPI round trip (2 vCPUs)" "${rtex[@]}"
printf 'exits: %-44s %12s %12s %12s\n' "IPI round trips per second (softkvm)" "${rtps[@]}"
