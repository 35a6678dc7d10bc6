#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# virtio-net figures (make bench-net, part of make bench): guest-to-host TCP
# throughput and 1-byte request/response time, the test kernel and init
# under lkvm (softkvm) and under QEMU 7.2 (TCG, virtio-net-pci) in the same
# run, user-mode networking (libslirp in both) and, as root, a tap in a
# network namespace. The host side (bench/netpeer-bench.py) times both on
# the host's clock. usage: bench/net.sh LKVM
#   NETB_MB (32) MiB sent, NETB_RR (1000) requests.
set -u
lkvm=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
mb=${NETB_MB:-32}
rr=${NETB_RR:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-netb.XXXXXX")
ns=lkvm-netb-$$
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! "$top/scripts/build-initramfs.sh" "$tmp/ird" >"$tmp/build.log" 2>&1 ||
   ! kdir=$("$top/scripts/build-guest-kernel.sh" 2>>"$tmp/build.log"); then
	echo "virtio-net: no test kernel or init; skipped"
	exit 0
fi
port=$(python3 "$top/tests/e2e/py/netpeer.py" freeport)

# one NAME PREFIX ADDR SERVER -- VMM COMMAND...: one boot against a fresh peer.
one() {
	local name=$1 prefix=$2 addr=$3 pid
	shift 4
	rm -f "$tmp/ready"
	$prefix python3 "$top/bench/netpeer-bench.py" "$addr" "$port" "$tmp/ready" >"$tmp/$name.res" &
	pid=$!
	for ((i = 0; i < 50; i++)); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
	$prefix timeout 600 "$@" </dev/null >"$tmp/$name.out" 2>&1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ! grep -q "lkvm-net: bench done" "$tmp/$name.out" || ! grep -q tx_mib_s "$tmp/$name.res"; then
		echo "virtio-net: $name run failed:"; tail -5 "$tmp/$name.out"
		return 1
	fi
}

params="lkvmtest=net lkvmtest.net_bench=$port lkvmtest.net_bench_mb=$mb lkvmtest.net_bench_rr=$rr"
one lkvm-user "" 127.0.0.1 -- "$lkvm" run --accel soft -k "$kdir/vmlinux" \
	-i "$tmp/ird/initramfs.cpio.gz" -m 1G -n mode=user -p "console=ttyS0 ip=dhcp $params" || exit 1
one qemu-user "" 127.0.0.1 -- env PCIE=1 "$top/tests/qemu/boot.sh" -w "$tmp/qemu" "$kdir/vmlinux" \
	"$tmp/ird/initramfs.cpio.gz" 1 1024 "console=ttyS0 ip=dhcp $params" \
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0 || exit 1

tap=0
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ] && ip netns add "$ns" 2>/dev/null; then
	ip -n "$ns" link set lo up
	for t in lkvmb0 lkvmb1; do ip -n "$ns" tuntap add "$t" mode tap; done
	ip -n "$ns" addr add 10.1.0.1/24 dev lkvmb0 && ip -n "$ns" link set lkvmb0 up
	ip -n "$ns" addr add 10.1.1.1/24 dev lkvmb1 && ip -n "$ns" link set lkvmb1 up
	one lkvm-tap "ip netns exec $ns" 10.1.0.1 -- "$lkvm" run --accel soft -k "$kdir/vmlinux" \
		-i "$tmp/ird/initramfs.cpio.gz" -m 1G -n mode=tap,tapif=lkvmb0 \
		-p "console=ttyS0 ip=10.1.0.2::10.1.0.1:255.255.255.0::eth0:off lkvmtest.net_server=10.1.0.1 $params" &&
	one qemu-tap "ip netns exec $ns" 10.1.1.1 -- env PCIE=1 "$top/tests/qemu/boot.sh" -w "$tmp/qemu" \
		"$kdir/vmlinux" "$tmp/ird/initramfs.cpio.gz" 1 1024 \
		"console=ttyS0 ip=10.1.1.2::10.1.1.1:255.255.255.0::eth0:off lkvmtest.net_server=10.1.1.1 $params" \
		-netdev tap,id=n0,ifname=lkvmb1,script=no,downscript=no -device virtio-net-pci,netdev=n0 &&
	tap=1
else
	echo "virtio-net: tap figures skipped (need root, /dev/net/tun and ip netns)"
fi

val() { sed -n "s/.*$2=\([0-9.]*\).*/\1/p" "$tmp/$1.res"; }
row() {
	awk -v what="$1" -v l="$(val "lkvm-$2" "$3")" -v q="$(val "qemu-$2" "$3")" -v u="$4" \
		-v inv="$5" 'BEGIN {
		printf "virtio-net %-34s lkvm %8.1f %s   QEMU 7.2 %8.1f %s   lkvm/QEMU %.2f%s\n",
			what, l, u, q, u, l / q, inv ? " (lower is better)" : ""
	}'
}
echo "virtio-net: guest to host, test kernel, 1 vCPU, 1 GiB; lkvm under softkvm, QEMU TCG with virtio-net-pci"
row "user, TCP throughput ($mb MiB)" user tx_mib_s "MiB/s" 0
row "user, 1-byte request/response ($rr)" user rr_us "us" 1
if [ "$tap" = 1 ]; then
	row "tap, TCP throughput ($mb MiB)" tap tx_mib_s "MiB/s" 0
	row "tap, 1-byte request/response ($rr)" tap rr_us "us" 1
fi
