# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases with a real Linux guest, sourced by tests/run-e2e.sh
# (helpers: run, check, has, one_error; $LKVM, $TMP, $TIMEOUT).
#
# The guest is lkvm's test kernel (scripts/build-guest-kernel.sh: built once,
# ~6 minutes on 2 cores, then cached) with the libc-free test init
# (guest/init, packed by scripts/build-initramfs.sh). The init prints
# "lkvm-report: KEY=VALUE" lines, runs the checks named by lkvmtest=... and
# powers off; a failed check makes it write exit code 10 to lkvm's test device.
#
# Expected to fail until SMP bring-up lands: linux_smp_{2,4,8}.

top=$(cd "$(dirname "$0")/.." && pwd)
LTIMEOUT=${LKVM_E2E_LINUX_TIMEOUT:-$((TIMEOUT * 3))}
LIRD=$TMP/initramfs
linux_ok=1
echo "linux: building the test init and getting the test kernel (cached)"
if ! "$top/scripts/build-initramfs.sh" "$LIRD" >"$TMP/linux-build.log" 2>&1 ||
   ! LEDIR=$("$top/scripts/build-guest-kernel.sh" --initramfs "$LIRD/initramfs.cpio" 2>>"$TMP/linux-build.log") ||
   ! LKDIR=$("$top/scripts/build-guest-kernel.sh" 2>>"$TMP/linux-build.log"); then
	linux_ok=0
fi

# lrun NAME WANT_STATUS [lkvm run args...]: a softkvm run with the time limit
# for Linux boots; the console (stdout) and lkvm's messages go to NAME.out/.err.
lrun() {
	local name=$1 want=$2
	shift 2
	[ "$linux_ok" = 1 ] || { echo "  no test kernel: see the build log" >>"$TMP/$name.why";
		cp "$TMP/linux-build.log" "$TMP/$name.err"; return 1; }
	TIMEOUT=$LTIMEOUT run "$name" "$want" -- run --accel soft "$@"
}

# The value of a report key in NAME's console output (first boot).
lrv() { sed -n "s/.*lkvm-report: $2=//p" "$TMP/$1.out" | head -1 | tr -d '\r'; }

# lwant NAME KEY VALUE: the report says KEY=VALUE.
lwant() {
	local got
	got=$(lrv "$1" "$2")
	[ "$got" = "$3" ] || { echo "  $2='$got', wanted '$3'" >>"$TMP/$1.why"; return 1; }
}

# The init reached the end of its report and every check it ran passed.
lbooted() {
	has "$1" "lkvm-report: end" out && has "$1" "lkvm-summary: passed=[0-9]* failed=0" out
}

# Boot the external-initrd guest with a command line; extra lkvm args follow.
lboot() {
	local name=$1 want=$2 params=$3
	shift 3
	lrun "$name" "$want" -k "$LKDIR/vmlinux" -i "$LIRD/initramfs.cpio.gz" \
		-p "console=ttyS0 $params" "$@"
}

# --- boot paths -------------------------------------------------------------
t_linux_boot() {
	lboot linux_boot 0 "lkvmtest=smp" &&
	lbooted linux_boot && has linux_boot "Run /init as init process" out &&
	has linux_boot "lkvm-result: PASS smp" out &&
	lwant linux_boot kernel "$(sed -n 's/^# Linux\/loongarch \([^ ]*\) .*/\1/p' "$LKDIR/config")" &&
	lwant linux_boot arch loongarch64 && lwant linux_boot cpus_online 1 &&
	lwant linux_boot initramfs external && lwant linux_boot testdev yes &&
	has linux_boot "device=platform/1fe001e0.serial driver=of_serial" out &&
	has linux_boot "device=platform/poweroff driver=syscon-poweroff" out &&
	has linux_boot "device=platform/100f0100.pvpanic driver=pvpanic-mmio" out &&
	has linux_boot "guest powered off" err && has linux_boot "guest boot mark at" err
}
check linux_boot_initrd t_linux_boot

t_linux_embedded() {
	lrun linux_emb 0 -k "$LEDIR/vmlinux" -p "console=ttyS0" &&
	lbooted linux_emb && lwant linux_emb initramfs embedded
}
check linux_embedded_initramfs t_linux_embedded

t_linux_efi() {
	lrun linux_efi 0 -k "$LKDIR/vmlinux.efi" -i "$LIRD/initramfs.cpio.gz" -p "console=ttyS0" &&
	lbooted linux_efi && lwant linux_efi initramfs external
}
check linux_efi_image t_linux_efi

t_linux_gzip() {
	gzip -9 -n -c "$LKDIR/vmlinux" >"$TMP/vmlinux.gz" &&
	lrun linux_gz 0 -k "$TMP/vmlinux.gz" -i "$LIRD/initramfs.cpio.gz" -p "console=ttyS0" &&
	lbooted linux_gz
}
check linux_gzip_kernel t_linux_gzip

t_linux_cmdline() {
	lboot linux_cmd 0 "lkvm.e2e=hello-42 foo=bar" &&
	lbooted linux_cmd && has linux_cmd "lkvm-report: cmdline=.*lkvm.e2e=hello-42 foo=bar" out
}
check linux_cmdline_passed t_linux_cmdline

# RAM: MemTotal is what -m gives less the kernel's image and reservations.
t_linux_mem() {
	local kb
	lboot linux_mem 0 "" -m 512M && lbooted linux_mem || return 1
	kb=$(lrv linux_mem mem_total_kb)
	[ "${kb:-0}" -gt $((512 * 1024 * 6 / 10)) ] && [ "$kb" -le $((512 * 1024)) ] ||
		{ echo "  mem_total_kb=$kb for -m 512M" >>"$TMP/linux_mem.why"; return 1; }
}
check linux_mem_512M t_linux_mem

# --- vCPUs: all online ------------------------------------------------------
for n in 1 2 4 8; do
	eval "t_linux_smp_$n() {
		lboot linux_smp_$n 0 lkvmtest=smp -c $n &&
		lbooted linux_smp_$n && lwant linux_smp_$n cpus_possible $n &&
		lwant linux_smp_$n cpus_online $n
	}"
	check "linux_smp_$n" "t_linux_smp_$n"
done

# --- how a run ends -----------------------------------------------------------
t_linux_poweroff() {
	lboot linux_off 0 "" && has linux_off "lkvm-init: powering off" out &&
	has linux_off "guest powered off" err
}
check linux_poweroff_exit0 t_linux_poweroff

t_linux_check_fails() {
	lboot linux_fail 10 "lkvmtest=no-such-check" &&
	has linux_fail "lkvm-result: FAIL no-such-check" out &&
	has linux_fail "guest reported exit code 10" err
}
check linux_failed_check_exit10 t_linux_check_fails

t_linux_exit_code() {
	lboot linux_exit 42 "lkvmtest=exit=42" && has linux_exit "guest reported exit code 42" err
}
check linux_testdev_exit_code t_linux_exit_code

t_linux_reboot_exit() {
	lboot linux_rbx 0 "lkvmtest=reboot" --reboot exit &&
	has linux_rbx "lkvm-init: rebooting" out && has linux_rbx "asked for a reboot" err
}
check linux_reboot_exit t_linux_reboot_exit

# --reboot restart: every boot reboots, so stop lkvm once the second boot's
# init has run.
# t_linux_reboot_restart [kirq]: kirq with the kernel's irqchip, whose
# second VM's devices and irqfd thread the confined main thread builds.
t_linux_reboot_restart() {
	local name=linux_rbr pid i=0 boots=0
	local -a args=()
	[ "${1:-}" = kirq ] && name=linux_rbr_kirq && args=(--softkvm-kernel 7.2 --irqchip kernel --rng)
	LAST=$name
	[ "$linux_ok" = 1 ] || return 1
	"$LKVM" run --accel soft -k "$LKDIR/vmlinux" -i "$LIRD/initramfs.cpio.gz" \
		-p "console=ttyS0 lkvmtest=reboot" --reboot restart "${args[@]}" \
		</dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	while [ $i -lt $((LTIMEOUT * 2)) ] && kill -0 $pid 2>/dev/null; do
		boots=$(grep -c "lkvm-init: rebooting" "$TMP/$name.out")
		[ "$boots" -ge 2 ] && break
		sleep 0.5
		i=$((i + 1))
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$boots" -ge 2 ] || { echo "  $boots boot(s) seen, wanted 2" >>"$TMP/$name.why"; return 1; }
	has $name "starting it again" err
}
check linux_reboot_restart t_linux_reboot_restart
check linux_reboot_restart_irqchip_kernel t_linux_reboot_restart kirq

t_linux_panic() {
	lboot linux_panic 101 "lkvmtest=panic" &&
	has linux_panic "Kernel panic" out && has linux_panic "guest kernel panicked" err
}
check linux_panic_pvpanic t_linux_panic

# --- an older host kernel: softkvm answering as Linux 6.8-6.9 -----------------
# No VM feature control, no PV features, hvcl raises INE: lkvm must say what it
# could not check and boot the guest anyway, SMP (IPIs over IOCSR) included.
t_linux_old_kernel() {
	lboot linux_old_kernel 0 "lkvmtest=smp" -c 2 --softkvm-kernel 6.9 &&
	lbooted linux_old_kernel && lwant linux_old_kernel cpus_online 2 &&
	has linux_old_kernel "without VM feature control" err &&
	has linux_old_kernel "--softkvm-kernel 6.9" err
}
check linux_old_host_kernel_6_9 t_linux_old_kernel

# --- refused kernels ---------------------------------------------------------
t_linux_other_arch() {
	printf '.globl _start\n_start: b _start\n' >"$TMP/arm64.S" &&
	clang-19 --target=aarch64-linux-gnu -nostdlib -static -fuse-ld=lld \
		-o "$TMP/arm64.elf" "$TMP/arm64.S" 2>"$TMP/linux_arm64.why" &&
	run linux_arm64 nonzero -- run --accel soft -k "$TMP/arm64.elf" &&
	one_error linux_arm64 "LoongArch"
}
check linux_arm64_elf_refused t_linux_other_arch

# --- the same guest under QEMU 7.2 sees the same machine ------------------------
t_qemu_cross_check() {
	[ "$linux_ok" = 1 ] || return 1
	command -v qemu-system-loongarch64 >/dev/null ||
		{ echo "  qemu-system-loongarch64 missing: scripts/install-deps.sh installs it" \
			>>"$TMP/qemu_xcheck.why"; return 1; }
	LKVM_QEMU_TIMEOUT=$LTIMEOUT "$top/tests/qemu/cross-check.sh" "$LKVM" "$LKDIR/vmlinux" \
		"$LIRD/initramfs.cpio.gz" 2 >"$TMP/qemu_xcheck.out" 2>"$TMP/qemu_xcheck.err"
}
check qemu_cross_check t_qemu_cross_check
