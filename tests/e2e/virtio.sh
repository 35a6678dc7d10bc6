# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases for virtio-mmio devices (blk, rng, console), sourced by
# tests/run-e2e.sh (helpers: run, check, has, one_error; $LKVM, $TMP,
# $TIMEOUT). The guest side is guest/init/check-virtio.c: it reads
# lkvmtest.blk_* parameters and prints "lkvm-blk: ..." / "lkvm-hvc: ..."
# markers. Disk images hold "LKVMSECT%08x" (sector number) 32 times per
# sector; the guest writes "LKVMGSTW%08x" sectors.

vtop=$(cd "$(dirname "$0")/.." && pwd)
VTIMEOUT=${LKVM_E2E_LINUX_TIMEOUT:-$((TIMEOUT * 3))}

# The test kernel and init: linux.sh (sourced before us) may have them.
linux_ok=${linux_ok:-1}
if [ -z "${LKDIR:-}" ] || [ -z "${LIRD:-}" ]; then
	LIRD=$TMP/initramfs
	linux_ok=1
	if ! "$vtop/scripts/build-initramfs.sh" "$LIRD" >"$TMP/virtio-build.log" 2>&1 ||
	   ! LKDIR=$("$vtop/scripts/build-guest-kernel.sh" 2>>"$TMP/virtio-build.log"); then
		linux_ok=0
	fi
fi

# mkimg FILE BYTES: the sector pattern.
mkimg() {
	local n=$(($2 / 512)) k s
	for ((k = 0; k < n; k++)); do
		printf -v s 'LKVMSECT%08x' "$k"
		s=$s$s; s=$s$s; s=$s$s; s=$s$s; s=$s$s
		printf '%s' "$s"
	done >"$1"
}

# guest_wrote FILE FIRST: FILE with sectors FIRST..FIRST+7 as the guest writes them.
guest_wrote() {
	local k s
	for ((k = $2; k < $2 + 8; k++)); do
		printf -v s 'LKVMGSTW%08x' "$k"
		s=$s$s; s=$s$s; s=$s$s; s=$s$s; s=$s$s
		printf '%s' "$s" | dd of="$1" bs=512 seek="$k" conv=notrunc status=none
	done
}

vboot() {
	local name=$1 want=$2 params=$3
	shift 3
	[ "$linux_ok" = 1 ] || { echo "  no test kernel or init: see the build log" >>"$TMP/$name.why"; return 1; }
	TIMEOUT=$VTIMEOUT run "$name" "$want" -- run --accel soft -k "$LKDIR/vmlinux" \
		-i "$LIRD/initramfs.cpio.gz" -p "console=ttyS0 $params" "$@"
}

vpassed() {
	has "$1" "lkvm-summary: passed=[0-9]* failed=0" out
}

VSIZE=4194304

# --- errors without a guest ---------------------------------------------------
t_disk_missing() {
	run vdmiss nonzero -- run --accel soft -d "$TMP/no-such.img" && one_error vdmiss "no-such.img"
}
check virtio_disk_missing t_disk_missing

t_disk_badopt() {
	run vdbad nonzero -- run --accel soft -d "$TMP/x.img,rw" && one_error vdbad "ro, direct"
}
check virtio_disk_bad_option t_disk_badopt

# A directory is a root file system over 9p (tests/e2e/9p.sh): no disk options.
t_disk_dir() {
	run vddir nonzero -- run --accel soft -d "$TMP,direct" && one_error vddir "a directory takes only ro"
}
check virtio_disk_directory t_disk_dir

t_dtb_nodes() {
	mkimg "$TMP/dtb.img" 65536
	run vdtb 0 -- run --accel soft -d "$TMP/dtb.img" --rng --dump-dtb "$TMP/v.dtb" &&
	dtc -I dtb -O dts -o "$TMP/v.dts" "$TMP/v.dtb" 2>/dev/null &&
	[ "$(grep -c 'compatible = "virtio,mmio"' "$TMP/v.dts")" -eq 2 ] &&
	grep -q 'virtio_mmio@16000000' "$TMP/v.dts" && grep -q 'virtio_mmio@16000200' "$TMP/v.dts"
}
check virtio_dtb_nodes t_dtb_nodes

# --- Linux guest ---------------------------------------------------------------
t_blk_rw_rng() {
	mkimg "$TMP/rw.img" $VSIZE
	cp "$TMP/rw.img" "$TMP/rw.want"
	guest_wrote "$TMP/rw.want" 100
	vboot vrw 0 "lkvmtest=blk,rng lkvmtest.blk_size=$VSIZE lkvmtest.blk_write=100" \
		-d "$TMP/rw.img,serial=e2e-disk" --rng &&
	vpassed vrw && has vrw "lkvm-report: blk_size=$VSIZE" out && has vrw "lkvm-blk: flushed" out &&
	has vrw "lkvm-report: rng_bytes=128" out &&
	cmp "$TMP/rw.img" "$TMP/rw.want" >>"$TMP/vrw.why" 2>&1
}
check virtio_blk_rw_and_rng t_blk_rw_rng

# softkvm as Linux 7.2 fires the disk's ioeventfd: notifies reach the I/O
# thread without an exit (softkvm as 6.12 registers it but never fires it,
# so the case above covers the userspace path).
t_blk_ioeventfd() {
	mkimg "$TMP/ioev.img" $VSIZE
	cp "$TMP/ioev.img" "$TMP/ioev.want"
	guest_wrote "$TMP/ioev.want" 100
	vboot vioev 0 "lkvmtest=blk lkvmtest.blk_size=$VSIZE lkvmtest.blk_write=100" \
		-d "$TMP/ioev.img" --softkvm-kernel 7.2 &&
	vpassed vioev && has vioev "lkvm-blk: flushed" out &&
	cmp "$TMP/ioev.img" "$TMP/ioev.want" >>"$TMP/vioev.why" 2>&1
}
check virtio_blk_ioeventfd_kernel_7_2 t_blk_ioeventfd

# The exits to userspace of one kind in NAME's softkvm count line.
vexits() {
	sed -n "s/.*softkvm: exits to userspace: .*[( ]$2 \([0-9]*\).*/\1/p" "$TMP/$1.err" | head -1
}

# The kernel's irqchip (softkvm as 7.2, 2 vCPUs): the disk and rng complete
# through irqfds on edge lines, and the IPI and EXTIOI accesses of the whole
# boot stay in softkvm. lkvm's irqchip takes thousands of IOCSR exits for
# the same boot; the misc registers (features, MISC_FUNC) take a few dozen.
t_blk_kirq() {
	local n
	mkimg "$TMP/kirq.img" $VSIZE
	cp "$TMP/kirq.img" "$TMP/kirq.want"
	guest_wrote "$TMP/kirq.want" 100
	LKVM_SOFTKVM_EXIT_STATS=1 vboot vkirq 0 \
		"lkvmtest=smp,blk,rng lkvmtest.blk_size=$VSIZE lkvmtest.blk_write=100" \
		-c 2 -d "$TMP/kirq.img" --rng --softkvm-kernel 7.2 --irqchip kernel &&
	vpassed vkirq && has vkirq "lkvm-report: cpus_online=2" out &&
	has vkirq "lkvm-blk: flushed" out && has vkirq "lkvm-report: rng_bytes=128" out &&
	cmp "$TMP/kirq.img" "$TMP/kirq.want" >>"$TMP/vkirq.why" 2>&1 || return 1
	n=$(vexits vkirq iocsr)
	[ -n "$n" ] && [ "$n" -lt 200 ] ||
		{ echo "  $n IOCSR exits to userspace, wanted < 200" >>"$TMP/vkirq.why"; return 1; }
}
check virtio_blk_rng_irqchip_kernel t_blk_kirq

t_blk_ro() {
	mkimg "$TMP/ro.img" $VSIZE
	cp "$TMP/ro.img" "$TMP/ro.want"
	vboot vro 0 "lkvmtest=blk lkvmtest.blk_size=$VSIZE lkvmtest.blk_ro=1" -d "$TMP/ro.img,ro" &&
	vpassed vro && has vro "refused the write" out &&
	cmp "$TMP/ro.img" "$TMP/ro.want" >>"$TMP/vro.why" 2>&1
}
check virtio_blk_ro t_blk_ro

# Input waits in the terminal until the guest's driver has buffers.
t_console() {
	[ "$linux_ok" = 1 ] || { echo "  no test kernel" >>"$TMP/vcon.why"; return 1; }
	{ sleep 1; echo "ping-from-host"; } |
		timeout -k 5 "$VTIMEOUT" "$LKVM" run --accel soft -k "$LKDIR/vmlinux" \
		-i "$LIRD/initramfs.cpio.gz" --console virtio -p "console=ttyS0 lkvmtest=console" \
		>"$TMP/vcon.out" 2>"$TMP/vcon.err" &&
	vpassed vcon && has vcon "lkvm-hvc: hello from hvc0" out &&
	has vcon "lkvm-hvc: got 'ping-from-host'" out
}
check virtio_console_both_ways t_console

# SIGKILL right after the guest's fsync: the data must be in the image. While
# the guest holds the disk, a second lkvm must not get it read-write.
t_kill_after_flush() {
	local pid i
	[ "$linux_ok" = 1 ] || { echo "  no test kernel" >>"$TMP/vkill.why"; return 1; }
	mkimg "$TMP/kill.img" $VSIZE
	cp "$TMP/kill.img" "$TMP/kill.want"
	guest_wrote "$TMP/kill.want" 2000
	: >"$TMP/vkill.out"
	"$LKVM" run --accel soft -k "$LKDIR/vmlinux" -i "$LIRD/initramfs.cpio.gz" \
		-d "$TMP/kill.img" -p "console=ttyS0 lkvmtest=blk lkvmtest.blk_write=2000 lkvmtest.blk_hold=1" \
		</dev/null >"$TMP/vkill.out" 2>"$TMP/vkill.err" &
	pid=$!
	for ((i = 0; i < VTIMEOUT * 10; i++)); do
		grep -q "lkvm-blk: flushed" "$TMP/vkill.out" && break
		sleep 0.1
	done
	if ! grep -q "lkvm-blk: flushed" "$TMP/vkill.out"; then
		kill -9 "$pid"; wait "$pid"
		echo "  the guest never flushed" >>"$TMP/vkill.why"
		return 1
	fi
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	cmp "$TMP/kill.img" "$TMP/kill.want" >>"$TMP/vkill.why" 2>&1
}
check virtio_blk_sigkill_after_flush t_kill_after_flush

t_lock() {
	local pid i ok=0
	[ "$linux_ok" = 1 ] || { echo "  no test kernel" >>"$TMP/vlock.why"; return 1; }
	mkimg "$TMP/lock.img" 65536
	: >"$TMP/vlock1.out"
	"$LKVM" run --accel soft -k "$LKDIR/vmlinux" -i "$LIRD/initramfs.cpio.gz" \
		-d "$TMP/lock.img" -p "console=ttyS0 lkvmtest=blk lkvmtest.blk_hold=1" \
		</dev/null >"$TMP/vlock1.out" 2>&1 &
	pid=$!
	for ((i = 0; i < VTIMEOUT * 10; i++)); do
		grep -q "lkvm-blk: holding" "$TMP/vlock1.out" && break
		sleep 0.1
	done
	run vlock nonzero -- run --accel soft -d "$TMP/lock.img" && one_error vlock "in use" && ok=1
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	# Once the first is gone the image is free again.
	[ "$ok" = 1 ] && run vlock2 0 -- run --accel soft -d "$TMP/lock.img"
}
check virtio_blk_image_lock t_lock
