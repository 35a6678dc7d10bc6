#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Cross-check lkvm against QEMU: boot the same kernel and initramfs under
# lkvm (softkvm) and under qemu-system-loongarch64 7.2 (TCG, boot.sh) and
# compare what the guest reports about its machine (guest/init).
#
# usage: cross-check.sh LKVM VMLINUX INITRD [NCPUS]      exit 0 = same machine
#
# Must match: kernel, arch, CPUs possible and online, command line, the
# initramfs seen, and every platform device with the driver bound to it.
# Expected differences, accepted:
# - MemTotal: both get 1 GiB (the least QEMU 7.2's virt board accepts),
#   split as 256 MiB low + the rest high, but
#   the high bank starts at 0x80000000 on lkvm and 0x90000000 on QEMU, and
#   the kernel's memmap for it differs slightly: within 1 %.
# - Devices only lkvm has: its test device (100f0000.testdev, no driver)
#   and pvpanic (100f0100.pvpanic, pvpanic-mmio); virtio-mmio transports
#   (QEMU's virt board has virtio over PCI only, not described here);
#   rtc-efi.0, which the kernel creates for lkvm's EFI GetTime runtime
#   service (the QEMU shim gives no EFI runtime services).
# - testdev=yes on lkvm only; uptime, which measures each VMM's speed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lkvm=$1 kernel=$2 initrd=$3 ncpus=${4:-1}
mem=1024
cmdline="console=ttyS0 lkvmtest=smp"
tmo=${LKVM_QEMU_TIMEOUT:-300}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-xcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

timeout -k 5 "$tmo" "$lkvm" run --accel soft -k "$kernel" -i "$initrd" -c "$ncpus" \
	-m ${mem}M -p "$cmdline" </dev/null >"$tmp/lkvm.out" 2>"$tmp/lkvm.err" || true
timeout -k 5 "$tmo" "$here/boot.sh" "$kernel" "$initrd" "$ncpus" $mem "$cmdline" \
	</dev/null >"$tmp/qemu.out" 2>"$tmp/qemu.err" || true

fail=0
for vmm in lkvm qemu; do
	sed -n 's/.*lkvm-report: //p' "$tmp/$vmm.out" | tr -d '\r' >"$tmp/$vmm.rep"
	if ! grep -q '^end$' "$tmp/$vmm.rep"; then
		echo "cross-check: no complete report from $vmm; its console:"
		tail -30 "$tmp/$vmm.out" "$tmp/$vmm.err" | sed 's/^/  | /'
		fail=1
	fi
done
[ "$fail" = 0 ] || exit 1

val() { sed -n "s/^$2=//p" "$tmp/$1.rep" | head -1; }
printf '%-18s %-36s %s\n' item lkvm qemu
for k in kernel arch cpus_possible cpus_online cpus_online_list cmdline initramfs mem_total_kb; do
	a=$(val lkvm $k) b=$(val qemu $k)
	note=
	if [ "$k" = mem_total_kb ]; then
		d=$((a > b ? a - b : b - a))
		[ $((d * 100)) -le "$b" ] || { note="  <-- differs by more than 1 %"; fail=1; }
	elif [ "$a" != "$b" ]; then
		note="  <-- differs"
		fail=1
	fi
	printf '%-18s %-36s %s%s\n' "$k" "$a" "$b" "$note"
done
[ "$(val lkvm cpus_online)" = "$ncpus" ] || { echo "cross-check: not all $ncpus CPUs online"; fail=1; }

# Devices: lkvm-only ones listed above are expected; anything else must match.
lkvm_only='^device=platform/(100f0000\.testdev|100f0100\.pvpanic|[0-9a-f]+\.virtio_mmio|rtc-efi\.0) |^device=virtio/'
grep '^device=' "$tmp/lkvm.rep" | grep -Ev "$lkvm_only" | sort >"$tmp/lkvm.dev"
grep '^device=' "$tmp/qemu.rep" | sort >"$tmp/qemu.dev"
echo "devices (bus/name driver), both:"
comm -12 "$tmp/lkvm.dev" "$tmp/qemu.dev" | sed 's/^device=/  /'
echo "devices only lkvm has (expected):"
grep '^device=' "$tmp/lkvm.rep" | grep -E "$lkvm_only" | sed 's/^device=/  /'
if ! cmp -s "$tmp/lkvm.dev" "$tmp/qemu.dev"; then
	echo "cross-check: unexpected device differences (< lkvm, > qemu):"
	diff "$tmp/lkvm.dev" "$tmp/qemu.dev" | grep '^[<>]' | sed 's/^/  /'
	fail=1
fi
[ "$fail" = 0 ] && echo "cross-check: lkvm and QEMU show the guest the same machine"
exit $fail
