#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What "lkvm setup NAME" runs on a host that is not LoongArch: a LoongArch
# root file system in DIR (~/.lkvm/NAME) from Debian sid's loong64
# busybox-static, kernel and modules (scripts/fetch-debian.sh: a private
# apt configuration, cached in ~/.cache/lkvm/debian), booted by
# "lkvm run -d NAME" over virtio-9p:
#
#   boot/vmlinuz, boot/initrd.img   Debian's kernel; lkvm's init with the
#                                   9p, virtio-mmio, -net, -blk, -rng modules
#   bin/busybox                     applets installed at first boot
#   virt/init                       mounts /proc /sys /dev, brings up eth0
#                                   if there is one (udhcpc), runs a shell
#                                   on the console, or the command "lkvm
#                                   sandbox" left in virt/ (lkvm.sandbox=)
#   lib/modules/REL                 the kernel's modules, for modprobe
#
# usage: scripts/lkvm-setup.sh DIR    (progress on stderr; DIR must not exist)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: lkvm-setup.sh DIR}
[ ! -e "$dir" ] || { echo "lkvm setup: $dir already exists; remove it or choose another name" >&2; exit 1; }

say() { echo "lkvm setup: $*" >&2; }
work=$dir.partial
trap 'rm -rf "$work"' EXIT
rm -rf "$work"

# Progress on a terminal; a failure is one line either way.
[ -t 2 ] && say "[1/4] asking Debian's archive for its loong64 kernel and busybox-static"
out=$("$top/scripts/fetch-debian.sh" 2>"$work.log") || {
	st=$?
	say "cannot fetch Debian's packages: $(tail -1 "$work.log")"
	rm -f "$work.log"
	exit "$st"
}
rm -f "$work.log"
eval "$out"
[ -t 2 ] || say "[1/4] Debian's kernel $DEBIAN_KREL and busybox-static are here"

say "[2/4] making the root file system in $dir"
mkdir -p "$work"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,host,virt,boot,lib/modules,run,var}
chmod 1777 "$work/tmp"
install -m 0755 "$DEBIAN_BUSYBOX" "$work/bin/busybox"
ln -s busybox "$work/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$work/etc/passwd"
printf 'root:x:0:\n' >"$work/etc/group"
printf 'lkvm\n' >"$work/etc/hostname"
cat >"$work/virt/init" <<'INIT'
#!/bin/sh
# Started by lkvm's init (PID 1) in this root; its exit status is the VM's.
/bin/busybox --install -s 2>/dev/null
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
hostname -F /etc/hostname
ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
	ip link set eth0 up && udhcpc -q -n -i eth0 >/dev/null 2>&1
fi
# lkvm sandbox: the current directory is the share "hostfs", at /host.
if grep -q lkvm.host9p /proc/cmdline; then
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 hostfs /host
fi
for w in $(cat /proc/cmdline); do
	case $w in
	lkvm.sandbox=*)
		cd /host 2>/dev/null || cd /
		sh "/virt/${w#lkvm.sandbox=}"
		exit $?
		;;
	esac
done
cd /root
exec setsid cttyhack sh -l
INIT
chmod 0755 "$work/virt/init"

say "[3/4] copying kernel $DEBIAN_KREL and its modules"
cp "$DEBIAN_VMLINUZ" "$work/boot/vmlinuz"
cp -a "$DEBIAN_MODULES" "$work/lib/modules/"

say "[4/4] building the initramfs (lkvm's init and the modules it loads)"
"$top/scripts/build-debian-initramfs.sh" "$work/boot/initrd.img" "$DEBIAN_MODULES" \
	virtio_mmio 9pnet_virtio 9p virtio_net virtio_blk virtio_rng >/dev/null

mv "$work" "$dir"
trap - EXIT
say "done: lkvm run -d $(basename "$dir") boots it"
