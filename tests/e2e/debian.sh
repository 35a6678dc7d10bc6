# SPDX-License-Identifier: GPL-2.0-only
# Debian's loong64 kernel, as Debian ships it (sid, linux-image-loong64),
# under softkvm: sourced by tests/run-e2e.sh (helpers: check, has; $LKVM,
# $TMP, $TIMEOUT). scripts/fetch-debian.sh fetches it into a cache; when
# Debian's archive cannot be reached and nothing is cached, the boot cases
# print SKIP with the reason. PID 1 is the project's init, which loads
# Debian's virtio_mmio, virtio_blk and virtio_rng modules itself; the
# 1-vCPU boot then runs Debian's busybox-static (built with LSX) on
# tests/guests/userland/lkvm-userland.sh and every LSX/LASX intrinsic of
# clang-19 (gen-intrin.py), and its output must equal the same run under
# Debian sid's qemu-user 11 (scripts/fetch-qemu-user.sh).
#
# Each boot (1 vCPU with softkvm as Linux 6.12 and lkvm's irqchip, 4 as 7.2
# with the kernel's; a disk, --rng)
# checks: the PV steal-time line (preempt disabled / enabled), the kernel release,
# every CPU online, Debian's drivers bound, a disk read of the sector
# pattern and a write the host then finds in the image, rng bytes, the
# guest's wall clock against the host's when its line arrives, power-off
# with status 0 and no Oops/WARNING/BUG in the log.

dtop=$(cd "$(dirname "$0")/.." && pwd)
# Debian has no PVPANIC: a panicking guest hangs until this.
DTIMEOUT=${LKVM_E2E_DEBIAN_TIMEOUT:-$((TIMEOUT * 3))}
# 9pnet_virtio (no device yet) needs 9pnet, which needs netfs: the init
# must load the chain in dependency order.
DMODULES="virtio_mmio virtio_blk virtio_rng 9pnet_virtio"

# The fetch script's contract, without the network: an unreachable archive
# and an empty cache is exit status 2 and one line saying why.
t_fetch_unreachable() {
	LAST=dfetch
	LKVM_DEBIAN_CACHE=$TMP/dcache LKVM_DEBIAN_MIRROR=http://127.0.0.1:9/debian \
		"$dtop/scripts/fetch-debian.sh" >"$TMP/dfetch.out" 2>"$TMP/dfetch.err"
	local st=$?
	[ "$st" -eq 2 ] || { echo "  status $st, wanted 2" >>"$TMP/dfetch.why"; return 1; }
	[ "$(wc -l <"$TMP/dfetch.err")" -eq 1 ] &&
	has dfetch "cannot reach Debian's archive at http://127.0.0.1:9/debian: .*refused" err &&
	[ ! -s "$TMP/dfetch.out" ]
}
check debian_fetch_unreachable t_fetch_unreachable

debian_ok=0
if dvars=$("$dtop/scripts/fetch-debian.sh" 2>"$TMP/debian-fetch.err"); then
	eval "$dvars"
	debian_ok=1
	dt0=$(date +%s)
	# The userland: busybox, its script, the intrinsics program; and what
	# qemu-user prints for them, the reference.
	uland=$dtop/tests/guests/userland
	if ! { python3 "$uland/gen-intrin.py" /usr/lib/llvm-19/lib/clang/19/include >"$TMP/simd.c" &&
	       clang-19 --target=loongarch64-linux-gnu -mlasx -O1 -ffreestanding -fno-builtin \
		-nostdlib -static -fno-pic -fno-stack-protector -fuse-ld=lld -o "$TMP/simd" "$TMP/simd.c" &&
	       qemu=$("$dtop/scripts/fetch-qemu-user.sh") &&
	       BB="$qemu $DEBIAN_BUSYBOX" SIMD="$qemu $TMP/simd" sh "$uland/lkvm-userland.sh" \
		>"$TMP/userland.want" 2>"$TMP/userland.qerr"; } >"$TMP/debian-build.log" 2>&1; then
		debian_ok=build
	# shellcheck disable=SC2086 # DMODULES is a list
	elif ! "$dtop/scripts/build-debian-initramfs.sh" --file bin/busybox="$DEBIAN_BUSYBOX" \
	     --file etc/lkvm-userland.sh="$uland/lkvm-userland.sh" --file bin/lkvm-simd="$TMP/simd" \
	     "$TMP/debian-initrd.gz" "$DEBIAN_MODULES" $DMODULES >>"$TMP/debian-build.log" 2>&1; then
		debian_ok=build
	fi
else
	st=$?
	if [ "$st" -eq 2 ]; then
		echo "SKIP debian_*: $(tail -n1 "$TMP/debian-fetch.err")"
	else
		debian_ok=fetch
	fi
fi

# The sector pattern of tests/e2e/virtio.sh: "LKVMSECT%08x" 32 times.
dimg() {	# FILE SECTORS
	python3 -c '
import sys
with open(sys.argv[1], "wb") as f:
    for k in range(int(sys.argv[2])):
        f.write(b"LKVMSECT%08x" % k * 32)' "$1" "$2"
}

# dboot NAME CPUS CHECKS [LKVM-ARGS...]: boot with lkvmtest=smp,blk,rng,clock
# plus CHECKS (",name..." or ""), stamping each output line with the host's time.
dboot() {
	local name=$1 cpus=$2 extra=$3 st
	shift 3
	LAST=$name
	case $debian_ok in
	fetch) echo "  scripts/fetch-debian.sh failed:" >>"$TMP/$name.why"
	       cat "$TMP/debian-fetch.err" >>"$TMP/$name.why"; return 1 ;;
	build) echo "  the initramfs did not build:" >>"$TMP/$name.why"
	       tail -5 "$TMP/debian-build.log" >>"$TMP/$name.why"; return 1 ;;
	esac
	dimg "$TMP/$name.img" 8192
	timeout -k 5 "$DTIMEOUT" "$LKVM" run --accel soft -k "$DEBIAN_VMLINUZ" \
		-i "$TMP/debian-initrd.gz" -c "$cpus" -m 1G -d "$TMP/$name.img" --rng "$@" \
		-p "lkvmtest=smp,blk,rng,clock$extra lkvmtest.blk_size=4194304 lkvmtest.blk_write=100" \
		</dev/null 2>"$TMP/$name.err" |
		python3 -u -c 'import sys, time
for l in sys.stdin:
    sys.stdout.write("%.3f %s\n" % (time.time(), l.rstrip("\r\n")))' >"$TMP/$name.out"
	st=${PIPESTATUS[0]}
	[ "$st" -eq 0 ] || { echo "  status $st, wanted 0" >>"$TMP/$name.why"; return 1; }
}

dverify() {
	local name=$1 cpus=$2 nchecks=${3:-4} g h
	has "$name" "lkvm-report: kernel=$DEBIAN_KREL\$" out &&
	has "$name" "lkvm-report: cpus_possible=$cpus\$" out &&
	has "$name" "lkvm-report: cpus_online=$cpus\$" out &&
	has "$name" "lkvm-modules: loaded=6 failed=0" out &&
	has "$name" "device=virtio/virtio[0-9] driver=virtio_blk" out &&
	has "$name" "device=virtio/virtio[0-9] driver=virtio_rng" out &&
	has "$name" "device=platform/rtc-efi.0 driver=rtc-efi" out &&
	has "$name" "lkvm-result: PASS smp" out &&
	has "$name" "lkvm-result: PASS blk" out &&
	has "$name" "lkvm-result: PASS rng" out &&
	has "$name" "lkvm-result: PASS clock" out &&
	has "$name" "lkvm-summary: passed=$nchecks failed=0" out &&
	has "$name" "guest powered off" err || return 1
	if grep -E -q "Oops|WARNING:|BUG:|Call Trace|Kernel panic|cut here" "$TMP/$name.out"; then
		echo "  the kernel log has an Oops/WARNING/BUG" >>"$TMP/$name.why"
		return 1
	fi
	# The guest wrote sectors 100..107; all else is as it was.
	dimg "$TMP/$name.want" 8192
	python3 -c '
import sys
with open(sys.argv[1], "r+b") as f:
    for k in range(100, 108):
        f.seek(k * 512)
        f.write(b"LKVMGSTW%08x" % k * 32)' "$TMP/$name.want"
	cmp -s "$TMP/$name.img" "$TMP/$name.want" ||
		{ echo "  the disk image is not what the guest wrote" >>"$TMP/$name.why"; return 1; }
	# Guest clock vs host clock when its line arrived: within 2 s.
	read -r h g < <(sed -n 's/^\([0-9.]*\) .*lkvm-clock: \([0-9.]*\)$/\1 \2/p' "$TMP/$name.out")
	python3 -c 'import sys; d = float(sys.argv[2]) - float(sys.argv[1]); print("  guest clock %+.3f s" % d); sys.exit(abs(d) > 2.0)' \
		"$h" "$g" >>"$TMP/$name.why" ||
		{ echo "  guest and host clocks differ by more than 2 s" >>"$TMP/$name.why"; return 1; }
}

# The userland's "bb:" lines, in order, exactly as under qemu-user.
duserland() {
	local name=$1 n
	has "$name" "lkvm-result: PASS userland" out || return 1
	sed -n 's/^[0-9.]* \(bb: .*\)$/\1/p' "$TMP/$name.out" | tr -d '\r' >"$TMP/$name.bb"
	n=$(grep -c '^bb: simd ' "$TMP/userland.want")
	[ "$n" -gt 1400 ] || { echo "  the reference has only $n intrinsics" >>"$TMP/$name.why"; return 1; }
	if ! diff "$TMP/userland.want" "$TMP/$name.bb" >"$TMP/$name.bbdiff"; then
		echo "  busybox/intrinsics output differs from qemu-user's (< qemu, > lkvm):" >>"$TMP/$name.why"
		head -20 "$TMP/$name.bbdiff" >>"$TMP/$name.why"
		return 1
	fi
	echo "  userland: $(wc -l <"$TMP/$name.bb") lines as under qemu-user ($n intrinsics)" >>"$TMP/$name.why"
}

# softkvm answers as 6.12 (the default) for one boot and as 7.2 for the
# other: only 7.0+ offers the PV preempt hint (KVM_FEATURE_PREEMPT), which
# lkvm turns on where offered and the guest then reports.
t_debian_boot1() {
	dboot deb1 1 ,userland && dverify deb1 1 5 && duserland deb1 &&
	has deb1 "Using paravirt steal-time with preempt disabled" out
}

# The 4-vCPU boot also uses the kernel's interrupt controllers.
t_debian_boot4() {
	dboot deb4 4 "" --softkvm-kernel 7.2 --irqchip kernel && dverify deb4 4 &&
	has deb4 "Using paravirt steal-time with preempt enabled" out
}

if [ "$debian_ok" != 0 ]; then
	check debian_boot_1cpu t_debian_boot1
	check debian_boot_4cpu_kernel_7_2 t_debian_boot4
	[ "$debian_ok" = 1 ] &&
		echo "debian: $DEBIAN_KREL, boot cases took $(($(date +%s) - dt0)) s"
fi
