# SPDX-License-Identifier: GPL-2.0-only
# The control socket and lkvm list/stop/pause/resume/debug/balloon/stat,
# sourced by tests/run-e2e.sh (helpers: check, has, one_error; $LKVM, $TMP,
# $TIMEOUT). VMs run in the background with their sockets in $CTL_XDG; the
# built-in guest's echo mode keeps one running until stopped, and the test
# init's tick mode (lkvmtest=tick: a numbered line with MemTotal/MemFree
# each second) shows a Linux guest's progress.

CTL_XDG=$TMP/ctl-xdg
CTL_PY=$(dirname "${BASH_SOURCE[0]}")/py/ctl_raw.py
ctl_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$CTL_XDG"

# A client command with the test's socket directory.
lk() { XDG_RUNTIME_DIR=$CTL_XDG timeout -k 5 30 "$LKVM" "$@"; }

why() { echo "  $*" >>"$TMP/$LAST.why"; return 1; }

# ctl_bg CMD...: run CMD in the background, its pid in CTL_PID, killed
# after $TIMEOUT s if still there (so a hung lkvm cannot hang the suite).
ctl_bg() {
	"$@" &
	CTL_PID=$!
	(sleep "$TIMEOUT"; kill -KILL "$CTL_PID" 2>/dev/null) >/dev/null 2>&1 &
}

# ctl_start NAME ARGS...: lkvm run --name NAME in the background (pid in
# CTL_PID), output in NAME.out/.err; returns once its socket exists.
ctl_start() {
	local name=$1 i
	shift
	LAST=$name
	XDG_RUNTIME_DIR=$CTL_XDG ctl_bg "$LKVM" run --name "$name" "$@" \
		</dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
	# The socket comes first, then the VM ("starting" in lkvm list until it runs).
	for i in $(seq 300); do
		[ -S "$CTL_XDG/lkvm/$name.sock" ] &&
			lk list 2>/dev/null | grep -Eq "^$name +[0-9]+ +running " && return 0
		kill -0 "$CTL_PID" 2>/dev/null || break
		sleep 0.1
	done
	why "no control socket for $name, or it never ran"
}

# ctl_end NAME: lkvm stop; lkvm must exit 0 and leave no socket behind.
ctl_end() {
	local st
	lk stop --name "$1" >>"$TMP/$1.out" 2>>"$TMP/$1.err" || why "lkvm stop failed"
	wait "$CTL_PID"
	st=$?
	[ "$st" -eq 0 ] || why "lkvm run exited $st after lkvm stop, wanted 0"
	[ ! -e "$CTL_XDG/lkvm/$1.sock" ] || why "the socket is still there"
	has "$1" "stopped by lkvm stop" err
}

t_ctl_list_debug_stop() {
	local bin=${LKVM_BUILD:-build}/guest/default.elf pc words want
	ctl_start ctl_basic -p lkvm.echo || return 1
	lk list >"$TMP/ctl_basic.list" || why "lkvm list failed"
	grep -Eq "^ctl_basic +$CTL_PID +running +1 +256M " "$TMP/ctl_basic.list" ||
		why "lkvm list: no 'ctl_basic $CTL_PID running 1 256M' row: $(cat "$TMP/ctl_basic.list")"
	lk list --json | python3 -c '
import json, sys
vms = json.load(sys.stdin)
assert any(v["name"] == "ctl_basic" and v["pid"] == int(sys.argv[1]) and
           v["state"] == "running" and v["vcpus"] == 1 and v["mem_mib"] == 256 for v in vms), vms
' "$CTL_PID" || why "lkvm list --json does not describe the VM"
	lk debug --name ctl_basic >"$TMP/ctl_basic.dbg" || why "lkvm debug failed"
	grep -q "^vCPU 0:" "$TMP/ctl_basic.dbg" || why "no vCPU 0 in the dump"
	pc=$(sed -n 's/.* pc  *0x\([0-9a-f]\{16\}\).*/\1/p' "$TMP/ctl_basic.dbg")
	words=$(sed -n 's/^  code  *\(\([0-9a-f]\{8\} \)\{7\}[0-9a-f]\{8\}\)$/\1/p' "$TMP/ctl_basic.dbg")
	# The code shown must be the built-in guest's own instructions at that pc.
	if [ -f "$bin" ] && [ -n "$pc" ]; then
		want=$(python3 -c '
import struct, sys
elf, pc = open(sys.argv[1], "rb").read(), int(sys.argv[2], 16)
phoff, = struct.unpack_from("<Q", elf, 32)
phentsize, phnum = struct.unpack_from("<HH", elf, 54)
for i in range(phnum):
    typ, _, off, vaddr, _, filesz = struct.unpack_from("<IIQQQQ", elf, phoff + i * phentsize)
    if typ == 1 and vaddr <= pc and pc + 32 <= vaddr + filesz:
        words = struct.unpack_from("<8I", elf, off + pc - vaddr)
        print(" ".join("%08x" % w for w in words))
' "$bin" "$pc")
		[ -n "$want" ] && [ "$words" = "$want" ] ||
			why "code at pc $pc is '$words', the guest image has '$want'"
	else
		why "no pc in the dump, or no $bin"
	fi
	# SysRq reaches the serial console as a break (a zero byte with LSR.BI) and the key:
	# the echo guest reads both.
	[ "$(lk debug --name ctl_basic --sysrq t)" = "sent SysRq 't'" ] || why "sysrq not sent"
	for i in $(seq 100); do grep -q "^echo: t" "$TMP/ctl_basic.out" && break; sleep 0.1; done
	grep -q "^echo: t" "$TMP/ctl_basic.out" || why "the guest did not receive the SysRq key"
	ctl_end ctl_basic
	! grep -q . "$TMP/ctl_basic.why" 2>/dev/null
}
check ctl_list_debug_stop t_ctl_list_debug_stop

t_ctl_sysrq_virtio_console() {
	ctl_start ctl_hvc -p lkvm.echo --console virtio || return 1
	lk debug --name ctl_hvc --sysrq t >"$TMP/ctl_hvc.c" 2>&1 && why "sysrq accepted on hvc0"
	grep -q "ctl_hvc: not supported by this VM's console" "$TMP/ctl_hvc.c" ||
		why "got: $(cat "$TMP/ctl_hvc.c")"
	ctl_end ctl_hvc
	! grep -q . "$TMP/ctl_hvc.why" 2>/dev/null
}
check ctl_sysrq_refused_on_virtio_console t_ctl_sysrq_virtio_console

t_ctl_pause_resume_state() {
	ctl_start ctl_pause -p lkvm.echo || return 1
	[ "$(lk pause --name ctl_pause)" = "ctl_pause: paused" ] || why "pause did not say paused"
	lk list | grep -Eq "^ctl_pause +[0-9]+ +paused " || why "list does not show paused"
	lk debug --name ctl_pause | grep -q "^vCPU 0:" || why "no dump while paused"
	lk list | grep -Eq "^ctl_pause +[0-9]+ +paused " || why "debug ended the pause"
	[ "$(lk resume --name ctl_pause)" = "ctl_pause: running" ] || why "resume did not say running"
	lk list | grep -Eq "^ctl_pause +[0-9]+ +running " || why "list does not show running"
	# A paused VM stops as well.
	lk pause --all >/dev/null || why "pause --all failed"
	ctl_end ctl_pause
	! grep -q . "$TMP/ctl_pause.why" 2>/dev/null
}
check ctl_pause_resume_state t_ctl_pause_resume_state

# A request as soon as the socket exists waits for the VM to come up.
t_ctl_early_request() {
	local i
	LAST=ctl_early
	XDG_RUNTIME_DIR=$CTL_XDG ctl_bg "$LKVM" run --name ctl_early -p lkvm.echo \
		</dev/null >"$TMP/ctl_early.out" 2>"$TMP/ctl_early.err"
	for i in $(seq 300); do [ -S "$CTL_XDG/lkvm/ctl_early.sock" ] && break; sleep 0.01; done
	[ "$(lk pause --name ctl_early)" = "ctl_early: paused" ] || why "an early pause did not pause"
	ctl_end ctl_early
	! grep -q . "$TMP/ctl_early.why" 2>/dev/null
}
check ctl_request_while_starting t_ctl_early_request

t_ctl_same_name() {
	ctl_start ctl_dup -p lkvm.echo || return 1
	XDG_RUNTIME_DIR=$CTL_XDG timeout 30 "$LKVM" run --name ctl_dup </dev/null \
		>"$TMP/ctl_dup2.out" 2>"$TMP/ctl_dup2.err"
	[ $? -eq 1 ] || why "a second lkvm with the same name did not exit 1"
	n=$(wc -l <"$TMP/ctl_dup2.err")
	[ "$n" -eq 1 ] || why "$n stderr lines, wanted 1: $(cat "$TMP/ctl_dup2.err")"
	grep -q "a VM named 'ctl_dup' is already running (pid $CTL_PID)" "$TMP/ctl_dup2.err" ||
		why "no 'already running (pid $CTL_PID)' line"
	[ -S "$CTL_XDG/lkvm/ctl_dup.sock" ] || why "the refused lkvm removed the first one's socket"
	ctl_end ctl_dup
	! grep -q . "$TMP/ctl_dup.why" 2>/dev/null
}
check ctl_same_name_refused t_ctl_same_name

t_ctl_stale() {
	ctl_start ctl_stale -p lkvm.echo || return 1
	kill -KILL "$CTL_PID"
	wait "$CTL_PID" 2>/dev/null
	[ -S "$CTL_XDG/lkvm/ctl_stale.sock" ] || why "SIGKILL left no socket to clean (test broken)"
	lk list >"$TMP/ctl_stale.list" || why "lkvm list failed"
	! grep -q ctl_stale "$TMP/ctl_stale.list" || why "list shows the dead VM"
	[ ! -e "$CTL_XDG/lkvm/ctl_stale.sock" ] || why "list left the stale socket"
	# And a new lkvm replaces a stale socket by itself.
	ctl_start ctl_stale -p lkvm.echo || return 1
	kill -KILL "$CTL_PID"
	wait "$CTL_PID" 2>/dev/null
	ctl_start ctl_stale -p lkvm.echo || return 1
	ctl_end ctl_stale
	! grep -q . "$TMP/ctl_stale.why" 2>/dev/null
}
check ctl_stale_socket_cleaned t_ctl_stale

t_ctl_protocol() {
	local sock=$CTL_XDG/lkvm/ctl_proto.sock mode got t0
	ctl_start ctl_proto -p lkvm.echo || return 1
	for mode in garbage version unknown oversized truncated badline; do
		got=$(timeout 20 python3 "$CTL_PY" "$sock" $mode)
		case $got in
		"reply 255 error=request refused"*) ;;
		*) why "$mode: got '$got', wanted a refusal" ;;
		esac
	done
	# A client that connects and says nothing holds no one up for long.
	timeout 20 python3 "$CTL_PY" "$sock" stall >"$TMP/ctl_proto.stall" &
	sleep 0.3
	t0=$(date +%s%N)
	lk list | grep -q "^ctl_proto " || why "list failed while a client stalled"
	[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 2500 ] || why "list waited for the stalled client"
	wait $!
	got=$(timeout 20 python3 "$CTL_PY" "$sock" ok)
	case $got in "reply 129 name=ctl_proto;"*) ;; *) why "a good request got '$got'" ;; esac
	ctl_end ctl_proto
	! grep -q . "$TMP/ctl_proto.why" 2>/dev/null
}
check ctl_protocol_refusals t_ctl_protocol

# Another user may not talk to the VM: the directory is 0700 (EACCES), and
# where permissions do not stop it (root), SO_PEERCRED does.
t_ctl_other_user() {
	local d st
	LAST=ctl_user
	if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
		echo "  SKIP: needs root and setpriv to run a client as uid 65534" >>"$TMP/ctl_user.out"
		echo "SKIP ctl_other_user_refused: needs root and setpriv (util-linux)"
		return 0
	fi
	d=$(mktemp -d /tmp/lkvm-ctl-user.XXXXXX)
	chmod 755 "$d"
	cp "$LKVM" "$d/lkvm-bin"
	chmod 755 "$d/lkvm-bin"
	# A root VM, a uid 65534 client.
	XDG_RUNTIME_DIR=$d ctl_bg "$d/lkvm-bin" run --name ctl_root -p lkvm.echo \
		</dev/null >"$TMP/ctl_user.out" 2>"$TMP/ctl_user.err"
	for i in $(seq 300); do [ -S "$d/lkvm/ctl_root.sock" ] && break; sleep 0.1; done
	setpriv --reuid 65534 --regid 65534 --clear-groups env XDG_RUNTIME_DIR="$d" \
		"$d/lkvm-bin" pause --name ctl_root >"$TMP/ctl_user.c1" 2>&1
	st=$?
	[ $st -eq 1 ] || why "uid 65534's pause exited $st, wanted 1"
	[ "$(wc -l <"$TMP/ctl_user.c1")" -eq 1 ] && grep -q "permission denied" "$TMP/ctl_user.c1" ||
		why "uid 65534 got: $(cat "$TMP/ctl_user.c1")"
	XDG_RUNTIME_DIR=$d "$d/lkvm-bin" list | grep -Eq "^ctl_root +[0-9]+ +running" ||
		why "the root VM is not running on"
	XDG_RUNTIME_DIR=$d "$d/lkvm-bin" stop --name ctl_root 2>>"$TMP/ctl_user.err" || why "stop failed"
	wait "$CTL_PID" || why "the root VM did not exit 0"
	# A uid 65534 VM, a root client: permissions let root connect, SO_PEERCRED not.
	mkdir "$d/nobody"
	chown 65534:65534 "$d/nobody"
	ctl_bg setpriv --reuid 65534 --regid 65534 --clear-groups env XDG_RUNTIME_DIR="$d/nobody" \
		"$d/lkvm-bin" run --name ctl_nobody -p lkvm.echo \
		</dev/null >>"$TMP/ctl_user.out" 2>>"$TMP/ctl_user.err"
	for i in $(seq 300); do [ -S "$d/nobody/lkvm/ctl_nobody.sock" ] && break; sleep 0.1; done
	XDG_RUNTIME_DIR=$d/nobody "$d/lkvm-bin" pause --name ctl_nobody >"$TMP/ctl_user.c2" 2>&1
	st=$?
	[ $st -eq 1 ] || why "root's pause of uid 65534's VM exited $st, wanted 1"
	[ "$(wc -l <"$TMP/ctl_user.c2")" -eq 1 ] &&
		grep -q "ctl_nobody: permission denied: this VM belongs to another user" "$TMP/ctl_user.c2" ||
		why "root got: $(cat "$TMP/ctl_user.c2")"
	setpriv --reuid 65534 --regid 65534 --clear-groups env XDG_RUNTIME_DIR="$d/nobody" \
		"$d/lkvm-bin" list | grep -Eq "^ctl_nobody +[0-9]+ +running" || why "uid 65534's VM got paused"
	setpriv --reuid 65534 --regid 65534 --clear-groups env XDG_RUNTIME_DIR="$d/nobody" \
		"$d/lkvm-bin" stop --name ctl_nobody 2>>"$TMP/ctl_user.err" || why "its owner could not stop it"
	wait "$CTL_PID" || why "uid 65534's VM did not exit 0"
	rm -rf "$d"
	! grep -q . "$TMP/ctl_user.why" 2>/dev/null
}
check ctl_other_user_refused t_ctl_other_user

# --- a Linux guest ---------------------------------------------------------
ctl_linux_ok=1
if [ -z "${LKDIR:-}" ] || [ -z "${LIRD:-}" ]; then
	CTL_IRD=$TMP/ctl-initramfs
	if ! "$ctl_top/scripts/build-initramfs.sh" "$CTL_IRD" >"$TMP/ctl-linux-build.log" 2>&1 ||
	   ! CTL_KDIR=$("$ctl_top/scripts/build-guest-kernel.sh" 2>>"$TMP/ctl-linux-build.log"); then
		ctl_linux_ok=0
	fi
else
	CTL_IRD=$LIRD
	CTL_KDIR=$LKDIR
fi

# The last tick line's number, its guest timestamp and MemFree.
tick_n() { sed -n 's/.*lkvm-tick: \([0-9]*\) .*/\1/p' "$TMP/ctl_linux.out" | tail -1; }
tick_free() { sed -n 's/.*lkvm-tick: .* mem_free_kb=\([0-9]*\).*/\1/p' "$TMP/ctl_linux.out" | tail -1; }
tick_time() { sed -n "s/^\[ *\([0-9]*\.[0-9]*\)\] lkvm-tick: $1 .*/\1/p" "$TMP/ctl_linux.out" | head -1; }
# wait_tick N SECONDS: until tick N has been printed.
wait_tick() {
	local i
	for i in $(seq $(($2 * 10))); do
		[ "$(tick_n)" -ge "$1" ] 2>/dev/null && return 0
		sleep 0.1
	done
	why "no tick $1 within $2 s (last: $(tick_n))"
}

t_ctl_linux() {
	local n1 n2 free0 free1 free2 t1 t2 drop
	LAST=ctl_linux
	[ "$ctl_linux_ok" = 1 ] || { why "no test kernel: see the build log";
		cp "$TMP/ctl-linux-build.log" "$TMP/ctl_linux.err"; return 1; }
	ctl_start ctl_linux --accel soft -k "$CTL_KDIR/vmlinux" -i "$CTL_IRD/initramfs.cpio.gz" \
		-p "console=ttyS0 lkvmtest=tick" --balloon || return 1
	wait_tick 2 90 || return 1
	# Paused: no ticks for 3 s; resumed: they go on, and guest time skipped the pause.
	lk pause --name ctl_linux >/dev/null || why "pause failed"
	n1=$(tick_n)
	sleep 3
	n2=$(tick_n)
	[ "$n1" = "$n2" ] || why "ticks $n1 to $n2 while paused"
	lk resume --name ctl_linux >/dev/null || why "resume failed"
	wait_tick $((n1 + 2)) 20
	t1=$(tick_time "$n1")
	t2=$(tick_time $((n1 + 1)))
	python3 -c 'import sys; sys.exit(0 if float(sys.argv[2]) - float(sys.argv[1]) < 1.8 else 1)' \
		"$t1" "$t2" || why "guest time across the pause: tick $n1 at $t1 s, the next at $t2 s"
	# The registers of a running Linux guest.
	lk debug --name ctl_linux | grep -Eq "  era +0x9000" || why "no kernel ERA in the dump"
	# Inflate by 64 MiB: the guest's MemFree falls by about that much.
	free0=$(tick_free)
	lk balloon --name ctl_linux --inflate 64 >/dev/null || why "inflate failed"
	wait_tick $(($(tick_n) + 3)) 20
	free1=$(tick_free)
	drop=$((free0 - free1))
	[ "$drop" -ge 58000 ] && [ "$drop" -le 72000 ] ||
		why "MemFree $free0 -> $free1 kB after inflating by 64 MiB (65536 kB)"
	# lkvm stat: the guest's own numbers (free within 10 % of its MemFree).
	lk stat --name ctl_linux --json >"$TMP/ctl_linux.stat" || why "stat failed"
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
free_kb = int(sys.argv[2])
assert s["balloon_mib"] == 64 and s["balloon_actual_mib"] == 64, s
assert s["total_memory"] > 0 and abs(s["free_memory"] / 1024 - free_kb) < free_kb / 10, (s, free_kb)
' "$TMP/ctl_linux.stat" "$free1" || why "stat: $(cat "$TMP/ctl_linux.stat") vs MemFree $free1 kB"
	lk balloon --name ctl_linux --deflate 64 >/dev/null || why "deflate failed"
	wait_tick $(($(tick_n) + 3)) 20
	free2=$(tick_free)
	# Freed pages may sit in the guest's per-CPU lists a while: half will do.
	[ $((free2 - free1)) -ge 32000 ] || why "MemFree $free1 -> $free2 kB after deflating by 64 MiB"
	lk stat --name ctl_linux | grep -Eq "^  balloon_actual_mib +0$" || why "the driver did not deflate"
	ctl_end ctl_linux
	! grep -q . "$TMP/ctl_linux.why" 2>/dev/null
}
check ctl_linux_pause_balloon_stat t_ctl_linux
