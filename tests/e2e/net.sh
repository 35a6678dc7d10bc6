# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases for virtio-net, sourced by tests/run-e2e.sh (helpers: run,
# check, has, one_error; $LKVM, $TMP, $TIMEOUT). The guest side is the test
# init's lkvmtest=net (guest/init/check-net.c): eth0's address, an HTTP GET
# of net.bin with its CRC-32, and a listener that answers with the CRC-32 of
# what it got. The host side computes both CRCs itself (tests/e2e/py/netpeer.py).

ntop=$(cd "$(dirname "$0")/.." && pwd)
NTIMEOUT=${LKVM_E2E_LINUX_TIMEOUT:-$((TIMEOUT * 3))}
NPEER="python3 $ntop/tests/e2e/py/netpeer.py"

linux_ok=${linux_ok:-1}
if [ -z "${LKDIR:-}" ] || [ -z "${LIRD:-}" ]; then
	LIRD=$TMP/initramfs
	linux_ok=1
	if ! "$ntop/scripts/build-initramfs.sh" "$LIRD" >"$TMP/net-build.log" 2>&1 ||
	   ! LKDIR=$("$ntop/scripts/build-guest-kernel.sh" 2>>"$TMP/net-build.log"); then
		linux_ok=0
	fi
fi

mkdir -p "$TMP/www"
head -c 1500000 /dev/urandom >"$TMP/www/net.bin"
NCRC=$($NPEER crc32 "$TMP/www/net.bin")

# nhttp PREFIX ADDR PORT: an HTTP server for $TMP/www (PREFIX: e.g. ip netns
# exec NS); its pid in $NHTTP_PID, up once it answers.
nhttp() {
	local i
	$1 python3 -m http.server --bind "$2" --directory "$TMP/www" "$3" >"$TMP/http.log" 2>&1 &
	NHTTP_PID=$!
	for ((i = 0; i < 50; i++)); do
		$1 python3 -c "import socket; socket.create_connection(('$2', $3), 1)" 2>/dev/null &&
			return 0
		sleep 0.1
	done
	return 1
}

# nboot NAME PREFIX PEERHOST PEERPORT [lkvm run args...]: boot the test guest
# (PREFIX: e.g. ip netns exec NS), and once it listens run the host client
# against PEERHOST:PEERPORT (none: no client). Status 0 wanted.
nboot() {
	local name=$1 prefix=$2 host=$3 port=$4 pid i st ok=0
	shift 4
	LAST=$name
	[ "$linux_ok" = 1 ] || { echo "  no test kernel or init" >>"$TMP/$name.why"; return 1; }
	: >"$TMP/$name.out"
	$prefix timeout -k 5 "$NTIMEOUT" "$LKVM" run --accel soft -k "$LKDIR/vmlinux" \
		-i "$LIRD/initramfs.cpio.gz" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	if [ "$host" != none ]; then
		for ((i = 0; i < NTIMEOUT * 10; i++)); do
			grep -q "lkvm-net: listening" "$TMP/$name.out" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		$prefix $NPEER client "$host" "$port" >>"$TMP/$name.why" 2>&1 && ok=1
	else
		ok=1
	fi
	wait "$pid"
	st=$?
	[ "$st" -eq 0 ] || echo "  status $st, wanted 0" >>"$TMP/$name.why"
	[ "$st" -eq 0 ] && [ "$ok" = 1 ] && has "$name" "lkvm-summary: passed=1 failed=0" out
}

# --- user mode ------------------------------------------------------------------
# nuser NAME NETOPTS PARAMS [ARGS...]: a user-mode boot with an HTTP server on
# the host's 127.0.0.1 (port: lkvmtest.net_port) and hostfwd of a free port to
# the guest's 22, where the host client connects; ARGS go to lkvm run.
nuser() {
	local name=$1 opts=$2 params=$3 hp fp r
	shift 3
	hp=$($NPEER freeport) && fp=$($NPEER freeport) &&
	nhttp "" 127.0.0.1 "$hp" || { echo "  no HTTP server" >>"$TMP/$name.why"; return 1; }
	nboot "$name" "" 127.0.0.1 "$fp" -n "mode=user,$opts,hostfwd=tcp::$fp-:22" "$@" \
		-p "console=ttyS0 ip=dhcp lkvmtest=net lkvmtest.net_port=$hp lkvmtest.net_listen=22 $params"
	r=$?
	kill "$NHTTP_PID"; wait "$NHTTP_PID" 2>/dev/null
	return $r
}

# DHCP, a download from a server on the host's 127.0.0.1 through the gateway,
# and a host connection to a guest listener through hostfwd.
t_net_user() {
	nuser nuser "guest_mac=02:15:15:15:15:15" "" &&
	has nuser "IP-Config: Got DHCP answer" out &&
	has nuser "lkvm-net: addr=10.0.2.15" out &&
	has nuser "lkvm-net: http status=200 bytes=1500000 crc32=$NCRC" out
}
check net_user_dhcp_download_hostfwd t_net_user

# The same with the kernel's irqchip (softkvm as 7.2): notifies through
# ioeventfds, interrupts through an irqfd.
t_net_user_kirq() {
	nuser nuserk "guest_mac=02:15:15:15:15:16" "" --softkvm-kernel 7.2 --irqchip kernel &&
	has nuserk "lkvm-net: addr=10.0.2.15" out &&
	has nuserk "lkvm-net: http status=200 bytes=1500000 crc32=$NCRC" out
}
check net_user_irqchip_kernel t_net_user_kirq

# restrict=on: the guest reaches nothing outside, but hostfwd still reaches it.
t_net_restrict() {
	nuser nrestr "restrict=on" "lkvmtest.net_refused=1" &&
	has nrestr "lkvm-net: outbound refused" out || return 1
	! grep -q "GET /net.bin" "$TMP/http.log" ||
	{ echo "  the server saw the guest's request" >>"$TMP/nrestr.why"; return 1; }
}
check net_user_restrict t_net_restrict

t_net_none() {
	run nnone 0 -- run --accel soft -n mode=none --dump-dtb "$TMP/nnone.dtb" &&
	run nuserdtb 0 -- run --accel soft -n mode=user -n mode=user --dump-dtb "$TMP/nuser.dtb" &&
	[ "$(dtc -I dtb -O dts "$TMP/nnone.dtb" 2>/dev/null | grep -c 'virtio,mmio')" -eq 0 ] &&
	[ "$(dtc -I dtb -O dts "$TMP/nuser.dtb" 2>/dev/null | grep -c 'virtio,mmio')" -eq 2 ] ||
	{ echo "  wrong number of virtio nodes" >>"$TMP/nnone.why"; return 1; }
}
check net_mode_none_and_two_nics t_net_none

# --- bad input: one line, nothing left behind -------------------------------------
t_net_badkey() {
	run nbadkey nonzero -- run --accel soft -n mode=user,speed=fast && one_error nbadkey "keys are mode"
}
check net_bad_key t_net_badkey

t_net_badmac() {
	run nbadmac nonzero -- run --accel soft -n mode=user,guest_mac=01:00:5e:00:00:01 &&
	one_error nbadmac "unicast MAC" &&
	run nbadmac2 nonzero -- run --accel soft -n guest_mac=02:15:15:15:15 &&
	one_error nbadmac2 "unicast MAC"
}
check net_bad_mac t_net_badmac

t_net_port_busy() {
	local p pid i
	p=$($NPEER freeport)
	$NPEER hold "$p" "$TMP/nbusy.ready" &
	pid=$!
	for ((i = 0; i < 50; i++)); do [ -e "$TMP/nbusy.ready" ] && break; sleep 0.1; done
	run nbusy nonzero -- run --accel soft -n "mode=user,hostfwd=tcp::$p-:22"
	local r=$?
	kill "$pid"; wait "$pid" 2>/dev/null
	[ $r -eq 0 ] && one_error nbusy "cannot listen on tcp 127.0.0.1:$p"
}
check net_hostfwd_port_in_use t_net_port_busy

t_net_vhost() {
	run nvhost nonzero -- run --accel soft -n mode=user,vhost=on && one_error nvhost "vhost=on"
}
check net_vhost_refused t_net_vhost

# --- tap, inside a network namespace of our own (needs root) -------------------------
NS=lkvm-e2e-$$
ns_why="needs root, ip(8) and /dev/net/tun to create a network namespace"
ns_ok() {
	[ "$(id -u)" -eq 0 ] && command -v ip >/dev/null && [ -c /dev/net/tun ] &&
	ip netns add "$NS" 2>/dev/null || return 1
	# In a chroot whose / is no mount point, "ip netns exec" cannot work.
	if ! ip netns exec "$NS" true 2>"$TMP/netns.err"; then
		ns_why="'ip netns exec' fails here: $(head -n1 "$TMP/netns.err")"
		ip netns del "$NS"
		return 1
	fi
}
if ns_ok; then
	# Without CAP_NET_ADMIN lkvm can neither create a tap nor take another user's.
	NOADM="setpriv --inh-caps=-net_admin --bounding-set=-net_admin"
	t_net_tap_missing() {
		LAST=ntapmiss
		ip netns exec "$NS" $NOADM timeout 20 "$LKVM" run --accel soft \
			-n mode=tap,tapif=lkvmnone0 >"$TMP/ntapmiss.out" 2>"$TMP/ntapmiss.err"
		[ $? -eq 1 ] && one_error ntapmiss "no such tap" &&
		! ip -n "$NS" link show lkvmnone0 >/dev/null 2>&1
	}
	check net_tap_missing t_net_tap_missing

	t_net_tap_perm() {
		LAST=ntapperm
		ip -n "$NS" tuntap add lkvmother0 mode tap user 12345 &&
		{ ip netns exec "$NS" $NOADM timeout 20 "$LKVM" run --accel soft \
			-n mode=tap,tapif=lkvmother0 >"$TMP/ntapperm.out" 2>"$TMP/ntapperm.err"
		  [ $? -eq 1 ]; } && one_error ntapperm "belongs to another user"
	}
	check net_tap_no_permission t_net_tap_perm

	# The host's end 10.1.0.1 serves the file and connects to the guest's listener.
	t_net_tap() {
		ip -n "$NS" link set lo up && ip -n "$NS" tuntap add lkvmtap0 mode tap &&
		ip -n "$NS" addr add 10.1.0.1/24 dev lkvmtap0 && ip -n "$NS" link set lkvmtap0 up &&
		nhttp "ip netns exec $NS" 10.1.0.1 8080 ||
		{ echo "  cannot set up the namespace" >>"$TMP/ntap.why"; return 1; }
		nboot ntap "ip netns exec $NS" 10.1.0.2 22 -n mode=tap,tapif=lkvmtap0 \
			-p "console=ttyS0 ip=10.1.0.2::10.1.0.1:255.255.255.0::eth0:off lkvmtest=net lkvmtest.net_server=10.1.0.1 lkvmtest.net_port=8080 lkvmtest.net_listen=22"
		local r=$?
		kill "$NHTTP_PID"; wait "$NHTTP_PID" 2>/dev/null
		[ $r -eq 0 ] && has ntap "lkvm-net: addr=10.1.0.2" out &&
		has ntap "lkvm-net: http status=200 bytes=1500000 crc32=$NCRC" out
	}
	check net_tap_in_netns t_net_tap
	ip netns del "$NS"
else
	echo "SKIP net_tap_*: $ns_why"
fi
