#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot a LoongArch Linux kernel (ELF vmlinux) and an initrd under Debian's
# qemu-system-loongarch64 7.2 (TCG) with the boot shim in this directory;
# the serial console goes to stdout. QEMU exits when the guest powers off
# or reboots.
#
# usage: boot.sh [-w WORKDIR] VMLINUX INITRD NCPUS MEM_MB CMDLINE [QEMU ARGS...]
#   WORKDIR keeps the shim and the raw kernel for later runs (the
#   benchmark's); PCIE=1 describes the PCIe host for virtio-pci devices.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=
if [ "${1:-}" = -w ]; then
	work=$2
	shift 2
fi
[ $# -ge 5 ] || { echo "usage: boot.sh [-w WORKDIR] VMLINUX INITRD NCPUS MEM_MB CMDLINE [QEMU ARGS...]" >&2; exit 2; }
kernel=$1 initrd=$2 ncpus=$3 mem=$4 cmdline=$5
shift 5
qemu=${QEMU:-qemu-system-loongarch64}
command -v "$qemu" >/dev/null ||
	{ echo "boot.sh: $qemu missing: apt-get install qemu-system-misc" >&2; exit 2; }
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-qemu.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# The initrd sits at 64 MiB: above the kernel, inside the low 256 MiB.
ird_base=0x4000000
ird_end=$(printf '0x%x' $((ird_base + $(wc -c <"$initrd"))))
entry=$(llvm-readelf-19 -h "$kernel" | awk '/Entry point/ { print $4 }')
# Physical: the low 48 bits (shell arithmetic cannot hold 0x9000...).
entry=$(echo "$entry" | sed -E 's/^0x[0-9a-fA-F]*([0-9a-fA-F]{12})$/0x\1/')
tag=$(printf '%s\n' "$kernel" "$initrd" "$ncpus" "$mem" "$cmdline" "${PCIE:-0}" \
	"$(stat -c %Y "$kernel" "$initrd")" | sha256sum | cut -c1-12)
if [ ! -f "$work/shim-$tag.elf" ]; then
	"$here/gen-dts.sh" "$ncpus" "$mem" $ird_base "$ird_end" >"$work/virt.dts"
	dtc -q -I dts -O dtb -o "$work/virt.dtb" "$work/virt.dts"
	# The command line goes into the shim as a C string literal.
	esc=$(printf '%s' "$cmdline" | sed 's/\\/\\\\/g; s/"/\\"/g')
	clang-19 --target=loongarch64-unknown-linux-gnusf -nostdlib -static -fno-pic \
		-fuse-ld=lld -Wl,-T,"$here/shim.lds" -Wl,--build-id=none \
		-DKERNEL_ENTRY="$entry" -DDTB="$work/virt.dtb" -DCMDLINE="\"$esc\"" \
		-o "$work/shim-$tag.elf" "$here/shim.S"
	llvm-objcopy-19 -O binary "$kernel" "$work/vmlinux-$tag.bin"
fi
exec "$qemu" -machine virt -m "${mem}M" -smp "$ncpus" -nographic -no-reboot \
	-monitor none -serial stdio -nic none \
	-kernel "$work/shim-$tag.elf" \
	-device loader,file="$work/vmlinux-$tag.bin",addr=0x200000,force-raw=on \
	-device loader,file="$initrd",addr=$ird_base,force-raw=on "$@"
