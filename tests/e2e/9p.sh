# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases for virtio-9p (--9p DIR,TAG[,ro] and -d DIR), sourced by
# tests/run-e2e.sh. The guest side is guest/init/check-9p.c (lkvmtest=9p):
# it works on the share "lkvmtest" and the read-only "lkvmro" and prints
# "lkvm-9p: ..." lines; this side prepares the directories and checks
# afterwards, from the host, exactly what the guest did.

p9top=$(cd "$(dirname "$0")/.." && pwd)
P9TIMEOUT=${LKVM_E2E_LINUX_TIMEOUT:-$((TIMEOUT * 3))}

p9_ok=1
if [ -z "${LKDIR:-}" ] || [ -z "${LIRD:-}" ]; then
	LIRD=$TMP/initramfs
	if ! "$p9top/scripts/build-initramfs.sh" "$LIRD" >"$TMP/9p-build.log" 2>&1 ||
	   ! LKDIR=$("$p9top/scripts/build-guest-kernel.sh" 2>>"$TMP/9p-build.log"); then
		p9_ok=0
	fi
fi

# --- bad input: one line each, nothing started ---------------------------------
t_9p_missing() {
	run p9miss nonzero -- run --accel soft --9p "$TMP/no-such-dir,t" && one_error p9miss "no-such-dir"
}
check 9p_missing_dir t_9p_missing

t_9p_file() {
	: >"$TMP/p9file"
	run p9file nonzero -- run --accel soft --9p "$TMP/p9file,t" && one_error p9file "not a directory"
}
check 9p_dir_is_a_file t_9p_file

t_9p_badtag() {
	run p9tag1 nonzero -- run --accel soft --9p "$TMP,bad/tag" && one_error p9tag1 "a tag is" &&
	run p9tag2 nonzero -- run --accel soft --9p "$TMP" && one_error p9tag2 "DIR,TAG" &&
	run p9tag3 nonzero -- run --accel soft --9p "$TMP,t,rw" && one_error p9tag3 "only option"
}
check 9p_bad_tag t_9p_badtag

t_9p_duptag() {
	run p9dup nonzero -- run --accel soft --9p "$TMP,t" --9p "$TMP,t" && one_error p9dup "already used"
}
check 9p_duplicate_tag t_9p_duptag

# --- the guest's file operations ------------------------------------------------
t_9p_ops() {
	local d=$TMP/p9share r=$TMP/p9ro want got
	[ "$p9_ok" = 1 ] || { echo "  no test kernel or init: see $TMP/9p-build.log" >>"$TMP/p9ops.why"; LAST=p9ops; return 1; }
	mkdir -p "$d/esc_dir_target" "$r"
	head -c 1048576 /dev/urandom >"$d/big"
	echo gone >"$d/todelete"
	echo SECRET >"$TMP/secret"
	ln -s "$TMP/secret" "$d/esc_abs"
	ln -s ../secret "$d/esc_rel"
	ln -s "$TMP" "$d/esc_dir"
	echo "read only" >"$r/ro.txt"
	want=$(sha256sum "$d/big" | cut -d' ' -f1)
	TIMEOUT=$P9TIMEOUT run p9ops 0 -- run --accel soft -k "$LKDIR/vmlinux" -m 512M \
		-i "$LIRD/initramfs.cpio.gz" -p "console=ttyS0 lkvmtest=9p" \
		--9p "$d,lkvmtest" --9p "$r,lkvmro,ro" || return 1
	has p9ops "lkvm-summary: passed=1 failed=0" out || return 1
	has p9ops "lkvm-9p: sha256 $want" out || return 1
	for f in big todelete esc_abs esc_rel esc_dir esc_dir_target; do
		has p9ops "lkvm-9p: ls $f[[:space:]]*\$" out || return 1
	done
	has p9ops "lkvm-9p: escapes none" out && has p9ops "lkvm-9p: esc_abs -> $TMP/secret" out &&
	has p9ops "lkvm-9p: ro.txt read only" out || return 1
	# What the host sees now.
	{
		[ ! -e "$d/new.txt" ] && [ ! -e "$d/todelete" ] &&
		[ "$(cat "$d/renamed.txt")" = "hello 9p" ] &&
		[ "$(stat -c %a "$d/renamed.txt")" = 604 ] &&
		[ "$(stat -c %i "$d/renamed.txt")" = "$(stat -c %i "$d/hard.txt")" ] &&
		[ "$(stat -c %h "$d/renamed.txt")" = 2 ] &&
		[ -d "$d/dir1" ] && [ "$(stat -c %a "$d/dir1")" = 750 ] &&
		[ -L "$d/dir1/link" ] && [ "$(readlink "$d/dir1/link")" = ../renamed.txt ] &&
		[ "$(stat -c %s "$d/trunc.bin")" = 10 ] &&
		[ "$(cat "$TMP/secret")" = SECRET ] &&
		[ "$(ls "$r")" = ro.txt ] && [ "$(cat "$r/ro.txt")" = "read only" ]
	} || { echo "  the host does not see what the guest did: $(ls -lR "$d" | tr '\n' ' ')" >>"$TMP/p9ops.why"; return 1; }
	want=$(python3 -c 'import sys
b = bytearray(3 << 20)
for g in range(len(b)):
    b[g] = (g * 7 + g // 65536) & 255
sys.stdout.buffer.write(b)' | sha256sum | cut -d' ' -f1)
	got=$(sha256sum "$d/large.bin" | cut -d' ' -f1)
	[ "$want" = "$got" ] || { echo "  large.bin: sha256 $got, wanted $want" >>"$TMP/p9ops.why"; return 1; }
}
check 9p_guest_file_operations t_9p_ops

# --- a directory as the root file system -----------------------------------------
# The root's /virt/init is the test init itself: lkvm's init (PID 1, from
# the initramfs) mounts the share, chroots and runs it; with lkvm.sandbox
# the child's exit status (exit=7) becomes lkvm's.
# t_9p_root [kirq]: kirq with the kernel's irqchip (softkvm as 7.2).
t_9p_root() {
	local root=$TMP/p9root name=p9root
	local -a args=()
	[ "${1:-}" = kirq ] && name=p9rootk root=$TMP/p9rootk &&
		args=(--softkvm-kernel 7.2 --irqchip kernel -c 2)
	[ "$p9_ok" = 1 ] || { echo "  no test kernel or init" >>"$TMP/$name.why"; LAST=$name; return 1; }
	mkdir -p "$root/virt" && cp "$LIRD/init" "$root/virt/init" || return 1
	TIMEOUT=$P9TIMEOUT run "$name" 7 -- run --accel soft -k "$LKDIR/vmlinux" "${args[@]}" \
		-i "$LIRD/initramfs.cpio.gz" -d "$root" -p "console=ttyS0 lkvm.sandbox lkvmtest=smp,exit=7" &&
	has "$name" "rootfstype=9p" err && has "$name" "lkvm-result: PASS smp" out &&
	# The child made its mount points in the share: it ran there.
	[ -d "$root/proc" ] || { echo "  no proc/ in the root: /virt/init did not run in it" >>"$TMP/$name.why"; return 1; }
}
check 9p_root_directory t_9p_root
check 9p_root_irqchip_kernel t_9p_root kirq

# lkvm sandbox with that root: the command is written for /virt/init and
# removed afterwards; the status comes back.
t_9p_sandbox_plumbing() {
	local root=$TMP/p9root
	LAST=p9sbx
	[ -x "$root/virt/init" ] || { echo "  needs 9p_root_directory's root" >>"$TMP/p9sbx.why"; return 1; }
	(cd "$TMP" && TIMEOUT=$P9TIMEOUT run p9sbx 9 -- sandbox --accel soft -k "$LKDIR/vmlinux" \
		-i "$LIRD/initramfs.cpio.gz" -d "$root" -p "console=ttyS0 lkvmtest=exit=9" -- true) &&
	has p9sbx "hostfs" err && has p9sbx "lkvm.sandbox=sandbox-" err || return 1
	sleep 1
	! ls "$root"/virt/sandbox-* >/dev/null 2>&1 || { echo "  the command file was left behind" >>"$TMP/p9sbx.why"; return 1; }
}
check 9p_sandbox_plumbing t_9p_sandbox_plumbing

t_sandbox_usage() {
	run sbxuse 2 -- sandbox --accel soft && one_error sbxuse "needs a command" &&
	run sbxnone 1 -- sandbox -- true && one_error sbxnone "lkvm setup default"
}
check sandbox_bad_input t_sandbox_usage

# --- lkvm setup ----------------------------------------------------------------
t_setup_no_network() {
	LKVM_DEBIAN_CACHE=$TMP/no-cache LKVM_DEBIAN_MIRROR=http://127.0.0.1:9/debian \
		run setupnet nonzero -- setup x && one_error setupnet "cannot reach Debian" &&
	[ ! -e "$LKVM_HOME/x" ] && [ ! -e "$LKVM_HOME/x.partial" ] &&
	run setupname 2 -- setup a/b && one_error setupname "not a name"
}
check setup_bad_input t_setup_no_network

# lkvm setup's root on Debian's kernel: its initramfs loads the 9p modules,
# lkvm's init mounts the root and runs virt/init, here the test init in
# place of the busybox script (which needs LSX, below), exiting 5.
t_setup_debian_root() {
	local st
	LAST=setupdeb
	run setupdeb 0 -- setup deb
	st=$(tail -c 200 "$TMP/setupdeb.err")
	case $st in
	*"cannot reach Debian"*) echo "SKIP setup_debian_root: $(tail -1 "$TMP/setupdeb.err")"; return 0 ;;
	esac
	[ -f "$LKVM_HOME/deb/boot/vmlinuz" ] && [ -f "$LKVM_HOME/deb/boot/initrd.img" ] &&
	[ -x "$LKVM_HOME/deb/bin/busybox" ] && [ -x "$LKVM_HOME/deb/virt/init" ] ||
		{ echo "  setup made no root: $(ls -R "$LKVM_HOME" | head -20 | tr '\n' ' ')" >>"$TMP/setupdeb.why"; return 1; }
	run setupdup 1 -- setup deb && one_error setupdup "already exists" || return 1
	cp "$LIRD/init" "$LKVM_HOME/deb/virt/init" || return 1
	TIMEOUT=$P9TIMEOUT run setupdeb 5 -- run --accel soft -m 1G -d deb \
		-p "lkvm.sandbox lkvmtest=smp,exit=5" &&
	has setupdeb "lkvm-modules: loaded=[0-9]* failed=0" out && has setupdeb "PASS smp" out
}
check setup_debian_root t_setup_debian_root

# Debian's busybox needs LSX, which softkvm offers by default.
t_setup_shell() {
	LAST=setupsh
	run setupsh 0 -- setup default || return 1
	# Type a command at the shell prompt through a pty; read its output.
	TIMEOUT=$P9TIMEOUT python3 "$p9top/tests/e2e/py/shell-prompt.py" "$LKVM" \
		>"$TMP/setupsh.out" 2>"$TMP/setupsh.err" ||
		{ echo "  no shell prompt answered" >>"$TMP/setupsh.why"; return 1; }
}
check setup_run_shell t_setup_shell

t_sandbox_exit() {
	(cd "$TMP" && TIMEOUT=$P9TIMEOUT run sbxexit 7 -- sandbox --accel soft -m 1G -- sh -c 'exit 7')
}
check sandbox_exit_status t_sandbox_exit

# Off means off: without LSX/LASX busybox takes INE at its first vector
# instruction and dies of SIGILL, as on a CPU without them.
t_sandbox_nolsx() {
	(cd "$TMP" && TIMEOUT=$P9TIMEOUT run sbxnolsx 132 -- sandbox --accel soft -m 1G \
		--cpu-features=-lsx,-lasx -- sh -c 'exit 7')
}
check sandbox_without_lsx t_sandbox_nolsx

# A root named "default" makes a bare "lkvm run" boot it: the suites after
# this one expect the built-in guest.
rm -rf "$LKVM_HOME/default"
