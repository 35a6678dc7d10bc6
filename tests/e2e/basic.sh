# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases, sourced by tests/run-e2e.sh (helpers: run, check, has, one_error).

# --- the built-in guest --------------------------------------------------
t_default() {
	run default 0 -- run --accel soft &&
	has default "1 CPU" out && has default "256 MiB" out
}
check default t_default

t_default_smp() {
	run default_smp 0 -- run --accel soft -c 2 -m 512M &&
	has default_smp "2 CPU" out && has default_smp "512 MiB" out
}
check default_smp t_default_smp

t_auto_says_soft() {
	run auto 0 -- run --dev "$TMP/no-such-kvm" &&
	has auto "accelerator: softkvm" err && has auto "--accel soft" err
}
check auto_says_softkvm t_auto_says_soft

t_bare_lkvm() {
	timeout -k 5 "$TIMEOUT" "$LKVM" </dev/null >"$TMP/bare.out" 2>"$TMP/bare.err" &&
	has bare "CPU" out
}
check bare_lkvm_boots_default t_bare_lkvm

t_dump_dtb() {
	run dtb 0 -- run --accel soft -c 3 --dump-dtb "$TMP/g.dtb" &&
	dtc -I dtb -O dts -o "$TMP/g.dts" "$TMP/g.dtb" 2>/dev/null &&
	[ "$(grep -c 'device_type = "cpu"' "$TMP/g.dts")" -eq 3 ] &&
	grep -q 'loongson,pic-base-vec' "$TMP/g.dts"
}
check dump_dtb t_dump_dtb

# --- bad input: one clear line, non-zero exit ------------------------------
t_missing_kernel() {
	run missing nonzero -- run --accel soft -k "$TMP/nope" && one_error missing "nope"
}
check missing_kernel t_missing_kernel

t_x86_elf() {
	run x86 nonzero -- run --accel soft -k /bin/true && one_error x86 "LoongArch"
}
check x86_elf_refused t_x86_elf

t_random() {
	head -c 65536 /dev/urandom >"$TMP/random.bin"
	run random nonzero -- run --accel soft -k "$TMP/random.bin" && one_error random "random.bin"
}
check random_bytes_refused t_random

t_empty() {
	: >"$TMP/empty"
	run empty nonzero -- run --accel soft -k "$TMP/empty" && one_error empty "empty"
}
check empty_kernel_refused t_empty

t_bad_gzip() {
	printf '\037\213\010\000garbagegarbagegarbage' >"$TMP/bad.gz"
	run badgz nonzero -- run --accel soft -k "$TMP/bad.gz" && one_error badgz "bad.gz"
}
check corrupt_gzip_refused t_bad_gzip

t_mem_small() {
	run memsmall nonzero -- run --accel soft -m 1M && one_error memsmall "too small"
}
check mem_too_small t_mem_small

t_mem_huge() {
	run memhuge nonzero -- run --accel soft -m 64T && one_error memhuge "too large"
}
check mem_too_large t_mem_huge

t_mem_junk() {
	run memjunk nonzero -- run --accel soft -m lots && one_error memjunk "lots"
}
check mem_unparsable t_mem_junk

t_cpus_zero() {
	run cpus0 nonzero -- run --accel soft -c 0 && one_error cpus0 "cpus"
}
check cpus_zero t_cpus_zero

t_unknown_opt() {
	run unk nonzero -- run --frobnicate && one_error unk "frobnicate"
}
check unknown_option t_unknown_opt

t_unknown_feature() {
	run unkfeat nonzero -- run --accel soft --cpu-features=+warp-drive && one_error unkfeat "warp-drive"
}
check unknown_feature t_unknown_feature

t_accel_kvm() {
	run nokvm nonzero -- run --accel kvm --dev "$TMP/no-such-kvm" &&
	one_error nokvm "accel soft"
}
check accel_kvm_without_dev t_accel_kvm

t_dump_dtb_bad_path() {
	run dtbbad nonzero -- run --accel soft --dump-dtb "$TMP/no/such/dir/x.dtb" &&
	one_error dtbbad "x.dtb" && [ ! -e "$TMP/no/such/dir" ]
}
check dump_dtb_bad_path t_dump_dtb_bad_path

t_unknown_cmd() {
	run unkcmd nonzero -- frobnicate && one_error unkcmd "frobnicate"
}
check unknown_command t_unknown_cmd

t_help() {
	run help 0 -- run --help && has help "Basic options" out && has help "Debug options" out
}
check run_help t_help

t_version() {
	run version 0 -- version && has version "lkvm version" out
}
check version t_version

# --- kernel formats, with the built-in guest's own ELF --------------------
GUEST_ELF=${LKVM_BUILD:-build}/guest/default.elf

t_guest_elf() {
	run gelf 0 -- run --accel soft -k "$GUEST_ELF" -m 128M && has gelf "128 MiB" out
}
check default_guest_as_elf_file t_guest_elf

t_guest_gz() {
	gzip -9c "$GUEST_ELF" >"$TMP/g.elf.gz"
	run ggz 0 -- run --accel soft -k "$TMP/g.elf.gz" && has ggz "1 CPU" out
}
check gzip_elf_kernel t_guest_gz

t_guest_raw() {
	llvm-objcopy-19 -O binary "$GUEST_ELF" "$TMP/g.bin" &&
	run graw 0 -- run --accel soft --kernel-format raw -k "$TMP/g.bin" && has graw "1 CPU" out &&
	gzip -9c "$TMP/g.bin" >"$TMP/g.bin.gz" &&
	run grawgz 0 -- run --accel soft --kernel-format raw -k "$TMP/g.bin.gz" && has grawgz "1 CPU" out &&
	# Without the option the same bytes are refused, with a hint.
	run grawno nonzero -- run --accel soft -k "$TMP/g.bin" && one_error grawno "kernel-format raw"
}
check raw_kernel_needs_option t_guest_raw

# --- how the guest ends ----------------------------------------------------
t_exit_code() {
	run exitcode 7 -- run --accel soft -p "lkvm.exit=7" && has exitcode "exit code 7" err
}
check guest_exit_code t_exit_code

t_reboot_exit() {
	run rebootx 0 -- run --accel soft -p "lkvm.reboot" && has rebootx "reboot" err
}
check reboot_exits_by_default t_reboot_exit

t_reboot_restart() {
	# The guest reboots on every boot: with restart it must come up again.
	timeout -k 2 8 "$LKVM" run --accel soft --reboot restart -p "lkvm.reboot" \
		</dev/null >"$TMP/rebootr.out" 2>"$TMP/rebootr.err"
	[ "$(grep -c 'rebooting' "$TMP/rebootr.out")" -ge 2 ] ||
		{ echo "  fewer than 2 boots" >>"$TMP/rebootr.why"; return 1; }
}
check reboot_restart_boots_again t_reboot_restart

t_serial_input() {
	printf 'xy q' | timeout -k 5 "$TIMEOUT" "$LKVM" run --accel soft -p "lkvm.echo" \
		>"$TMP/echo.out" 2>"$TMP/echo.err" &&
	has echo "echo: x" out && has echo "echo: y" out && has echo "powering off" out
}
check serial_input_reaches_guest t_serial_input

t_sigterm() {
	# A guest waiting for input forever; SIGTERM must end lkvm cleanly.
	sleep 30 | "$LKVM" run --accel soft -p "lkvm.echo" >"$TMP/term.out" 2>"$TMP/term.err" &
	local pid=$!
	for _ in $(seq 50); do grep -q "echo mode" "$TMP/term.out" && break; sleep 0.2; done
	sleep 0.3
	kill -TERM "$pid" 2>/dev/null
	local st=0
	wait "$pid" || st=$?
	pkill -P $$ sleep 2>/dev/null
	[ "$st" -eq 143 ] || { echo "  status $st, wanted 143" >>"$TMP/term.why"; return 1; }
	has term "stopping" err
}
check sigterm_stops_cleanly t_sigterm

# --- host inputs larger than guest RAM: refused early, one line -----------
# peak_kib NAME: the peak RSS /usr/bin/time recorded for case NAME.
peak_kib() { sed -n 's/^lkvm-maxrss=//p' "$TMP/$1.rss"; }

# t_too_big NAME OPT FILE: -k/-i FILE is refused with one line naming guest
# RAM, and lkvm never holds much more than the 64 MiB of guest RAM.
t_too_big() {
	local name=$1 opt=$2 file=$3 kib
	LAST=$name
	timeout -k 5 20 /usr/bin/time -f 'lkvm-maxrss=%M' -o "$TMP/$name.rss" \
		"$LKVM" run --accel soft -m 64M "$opt" "$file" </dev/null \
		>"$TMP/$name.out" 2>"$TMP/$name.err"
	local st=$?
	[ "$st" -eq 1 ] || { echo "  status $st, wanted 1" >>"$TMP/$name.why"; return 1; }
	one_error "$name" "larger than the 64 MiB of guest RAM" || return 1
	kib=$(peak_kib "$name")
	[ -n "$kib" ] && [ "$kib" -lt 262144 ] ||
		{ echo "  peak RSS ${kib:-?} KiB: the file was read too far" >>"$TMP/$name.why"; return 1; }
}

if [ -x /usr/bin/time ]; then
	check kernel_dev_zero_refused t_too_big kzero -k /dev/zero
	check initrd_dev_zero_refused t_too_big izero -i /dev/zero
	truncate -s 4G "$TMP/sparse-4g"
	check initrd_larger_than_ram_refused t_too_big isparse -i "$TMP/sparse-4g"
	check kernel_larger_than_ram_refused t_too_big ksparse -k "$TMP/sparse-4g"
	rm -f "$TMP/sparse-4g"
else
	echo "skip *_dev_zero_refused (no /usr/bin/time: apt-get install time)"
fi
