#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A maintainer's check, not part of CI (needs root and Debian's archive):
# run the README's two commands, scripts/quickstart.sh and scripts/test.sh,
# as a new user would, in a brand-new Debian 12 (minbase) root file system
# holding a clean clone of the current commit. Prints what failed.
#
# usage: scripts/check-fresh.sh [--refresh] [--quickstart-only] [--keep]
#   --refresh          rebuild the cached base system (otherwise reused)
#   --quickstart-only  run only the first command
#   --keep             leave the root file system in place for a look
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LKVM_CACHE:-$HOME/.cache/lkvm}/fresh
refresh=0 only_qs=0 keep=0
for a in "$@"; do
	case $a in
	--refresh) refresh=1 ;;
	--quickstart-only) only_qs=1 ;;
	--keep) keep=1 ;;
	*) echo "check-fresh: unknown argument '$a'; see the head of $0" >&2; exit 2 ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "check-fresh: needs root (chroot, mounts); run it with sudo" >&2
	exit 2
fi
command -v mmdebstrap >/dev/null ||
	{ echo "check-fresh: needs mmdebstrap: apt-get install mmdebstrap" >&2; exit 2; }
sources=/etc/apt/sources.list.d/debian.sources
uri=$(awk '/^URIs:/ { print $2; exit }' "$sources" 2>/dev/null || true)
[ -n "$uri" ] || { echo "check-fresh: no Debian mirror found in $sources" >&2; exit 2; }
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
	echo "check-fresh: note: uncommitted changes are not tested, only commit $(git -C "$top" rev-parse --short HEAD)"
fi

mkdir -p "$cache/logs"
base=$cache/bookworm-minbase.tar
if [ $refresh -eq 1 ] || [ ! -s "$base" ]; then
	echo "check-fresh: building a Debian 12 minbase system (cached in $base)"
	mmdebstrap --quiet --variant=minbase --include=git,ca-certificates bookworm \
		"$cache/new.tar" "$uri" && mv "$cache/new.tar" "$base"
fi

root=$(mktemp -d /var/tmp/lkvm-fresh.XXXXXX)
cleanup() {
	# run/netns: ip netns add (the tap probe) bind-mounts it inside.
	for m in run/netns sys proc dev; do
		mountpoint -q "$root/$m" && umount -R -l "$root/$m"
	done
	if [ $keep -eq 1 ]; then
		echo "check-fresh: kept $root"
	else
		rm -rf --one-file-system "$root"
	fi
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
# As on an installed system: the same mirrors, updates and security included.
cp "$sources" "$root/etc/apt/sources.list.d/"
rm -f "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
git clone -q --no-hardlinks "$top" "$root/root/lkvm"
git -C "$root/root/lkvm" checkout -q "$(git -C "$top" rev-parse HEAD)"
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"

status=0
step() {	# step NAME COMMAND: run it in the chroot, log, time
	name=$1 log=$cache/logs/$1.log
	shift
	start=$(date +%s)
	if chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		TERM=dumb CI=true sh -c "cd /root/lkvm && $*" </dev/null >"$log" 2>&1; then
		rc=0
	else
		rc=$?
	fi
	t=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		echo "check-fresh: PASS $name ($t s; log $log)"
	else
		echo "check-fresh: FAIL $name: exit $rc after $t s; last lines of $log:"
		tail -n 25 "$log" | sed 's/^/  | /'
		status=1
	fi
}
step quickstart scripts/quickstart.sh
[ $only_qs -eq 1 ] || step test scripts/test.sh
exit $status
