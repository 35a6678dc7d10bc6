# SPDX-License-Identifier: GPL-2.0-only
# Shared by the benchmarks that boot the test kernel under lkvm and QEMU
# (sourced; $top is the source tree).

# bench_guest NAME: $tmp (removed at exit), QEMU checked for, and the test
# kernel and init built: $kdir, $kernel, $initrd.
bench_guest() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	command -v qemu-system-loongarch64 >/dev/null ||
		{ echo "bench: qemu-system-loongarch64 missing: apt-get install qemu-system-misc" >&2; exit 1; }
	"$top/scripts/build-initramfs.sh" "$tmp/ird" >/dev/null
	kdir=$("$top/scripts/build-guest-kernel.sh")
	kernel=$kdir/vmlinux initrd=$tmp/ird/initramfs.cpio.gz
}

# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
