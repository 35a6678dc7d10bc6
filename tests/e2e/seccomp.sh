# SPDX-License-Identifier: GPL-2.0-only
# seccomp allowlists (util/seccomp.c), sourced by tests/run-e2e.sh (helpers:
# run, check, has, one_error; $LKVM, $TMP). Every other case runs with
# --seccomp on (the default) as well. Here the test-only environment
# variable LKVM_TEST_SECCOMP_VIOLATE=KIND makes a thread of that kind call
# personality() right after its filter is loaded: lkvm must end with
# status 1 and one line naming the call and the thread kind. The disk
# thread exists only with a virtio-blk device a guest started, hence the
# hostile guest's blkrace mode.

. "$(dirname "$0")/e2e/lib/hostile-build.sh"

# t_sc_violate NAME KIND ARGS...: the forbidden call is caught.
t_sc_violate() {
	local name=$1 kind=$2 n
	shift 2
	LAST=$name
	LKVM_TEST_SECCOMP_VIOLATE=$kind run "$name" 1 -- run --accel soft "$@" || return 1
	n=$(grep -c "lkvm: seccomp:" "$TMP/$name.err")
	[ "$n" -eq 1 ] || { echo "  $n seccomp lines, wanted 1" >>"$TMP/$name.why"; return 1; }
	has "$name" "lkvm: seccomp: the $kind thread called personality (" err
}

# The same hook with --seccomp off or log: nothing stops the guest.
t_sc_not_enforced() {
	local name=$1 mode=$2
	LAST=$name
	LKVM_TEST_SECCOMP_VIOLATE=vCPU run "$name" 0 -- run --accel soft --seccomp "$mode" &&
	has "$name" "powered off" err && ! grep -q "lkvm: seccomp" "$TMP/$name.err" &&
	has "$name" "--seccomp $mode" err
}

t_sc_default_on() {
	run scdefault 0 -- run --accel soft && has scdefault "--seccomp on" err
}

t_sc_bad_mode() {
	run scbad 2 -- run --accel soft --seccomp maybe && one_error scbad "use on, log or off"
}

# --reboot restart builds the VM again under the main thread's filter:
# a guest that starts its disk and reboots, on 2 vCPUs, booted at least 3
# times in 10 s (the time limit ends it: status 124).
t_sc_restart_disk() {
	local st=0
	hostile_build || return 1
	truncate -s 64M "$TMP/sc-restart.img"
	LAST=screstart
	timeout -k 2 10 "$LKVM" run --accel soft --reboot restart -c 2 -k "$TMP/hostile.elf" \
		-d "$TMP/sc-restart.img" -p blkreboot </dev/null >"$TMP/screstart.out" \
		2>"$TMP/screstart.err" || st=$?
	[ "$st" -eq 124 ] || { echo "  status $st, wanted 124 (the time limit)" >>"$TMP/screstart.why"; return 1; }
	[ "$(grep -c 'starting it again' "$TMP/screstart.err")" -ge 3 ] ||
		{ echo "  fewer than 3 reboots" >>"$TMP/screstart.why"; return 1; }
	! grep -q "lkvm: seccomp:\|error" "$TMP/screstart.err"
}

check seccomp_on_by_default t_sc_default_on
check seccomp_bad_mode t_sc_bad_mode
check seccomp_main_violation t_sc_violate scmain main
check seccomp_vcpu_violation t_sc_violate scvcpu vCPU -c 2
check seccomp_terminal_violation t_sc_violate scterm terminal
check seccomp_off_not_enforced t_sc_not_enforced scoff off
check seccomp_log_not_enforced t_sc_not_enforced sclog log
if command -v clang-19 >/dev/null; then
	check seccomp_reboot_restart_with_disk t_sc_restart_disk
	truncate -s 64M "$TMP/sc-disk.img"
	hostile_build
	check seccomp_disk_violation t_sc_violate scdisk "disk I/O" -k "$TMP/hostile.elf" \
		-p blkrace -d "$TMP/sc-disk.img"
else
	echo "skip seccomp_disk_violation (no clang-19)"
fi
