#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian's loong64 kernel (vmlinuz + modules) and busybox-static from
# the sid suite into a cache, with a private apt configuration that leaves
# the system's apt state alone.  Versions are resolved at fetch time and
# cached by version, so a new kernel in sid is fetched once, then reused.
#
# Usage: scripts/fetch-debian.sh [--offline|--refresh]
# Prints shell assignments on stdout (eval them):
#   DEBIAN_KREL=<release>  DEBIAN_VMLINUZ=<file>  DEBIAN_MODULES=<dir>
#   DEBIAN_CONFIG=<file>  DEBIAN_BUSYBOX=<file>
# Exit status: 0 done; 2 the archive cannot be reached and nothing is
# cached (callers skip); 1 anything else (a real failure).
#
# Cache: ${LKVM_DEBIAN_CACHE:-~/.cache/lkvm/debian}; --offline, or an
# unreachable archive with a cached version, reuses the newest cached one.
# The archive: the system's (/etc/apt/sources.list.d/debian.sources), or
# $LKVM_DEBIAN_MIRROR. sid is asked again when the last answer is older
# than $LKVM_DEBIAN_MAX_AGE minutes (default 360) or with --refresh.
set -eu

C=${LKVM_DEBIAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lkvm/debian}
EX_NET=2
offline=0
refresh=0
case ${1:-} in
--offline) offline=1 ;;
--refresh) refresh=1 ;;
"") ;;
*) echo "fetch-debian: unknown option $1 (--offline or --refresh)" >&2; exit 1 ;;
esac

die() {
	echo "fetch-debian: $*" >&2
	exit 1
}

mkdir -p "$C/apt/lists/partial" "$C/apt/cache/archives/partial" "$C/debs"
touch "$C/apt/status"
src=/etc/apt/sources.list.d/debian.sources
uri=${LKVM_DEBIAN_MIRROR:-}
[ -z "$uri" ] && [ -r "$src" ] && uri=$(awk '/^URIs:/ {print $2; exit}' "$src")
[ -n "$uri" ] || uri=http://deb.debian.org/debian
echo "deb [arch=loong64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" \
	>"$C/apt/sources"
A="-o Dir::Etc::SourceList=$C/apt/sources -o Dir::Etc::SourceParts=$C/apt/none
   -o Dir::State::Lists=$C/apt/lists -o Dir::Cache=$C/apt/cache
   -o Dir::State::status=$C/apt/status -o APT::Architectures::=loong64
   -o Acquire::Check-Valid-Until=false -o Debug::NoLocking=1
   -o APT::Sandbox::User=$(id -un) -o Acquire::Retries=0"

# The newest complete cached version, for offline use.
cached() {
	[ -r "$C/current" ] || return 1
	# shellcheck disable=SC1091
	. "$C/current"
	[ -r "$DEBIAN_VMLINUZ" ] && [ -d "$DEBIAN_MODULES" ] && [ -r "$DEBIAN_CONFIG" ] &&
		[ -x "$DEBIAN_BUSYBOX" ] ||
		return 1
	cat "$C/current"
}

if [ $offline = 1 ]; then
	cached && exit 0
	echo "fetch-debian: --offline and nothing cached in $C" >&2
	exit $EX_NET
fi

if [ $refresh = 0 ] && [ -n "$(find "$C/current" -mmin -"${LKVM_DEBIAN_MAX_AGE:-360}" 2>/dev/null)" ]; then
	cached && exit 0
fi

# shellcheck disable=SC2086
if ! apt-get $A -qq update >"$C/apt/update.log" 2>&1 ||
   grep -q '^[WE]: .*\(Failed to fetch\|Could not\|Temporary failure\)' "$C/apt/update.log"; then
	if cached; then
		echo "fetch-debian: $uri unreachable, using the cached kernel" >&2
		exit 0
	fi
	why=$(sed -n 's/^[WE]: Failed to fetch [^ ]*  *//p' "$C/apt/update.log" | head -n1)
	echo "fetch-debian: cannot reach Debian's archive at $uri: ${why:-see $C/apt/update.log}" >&2
	exit $EX_NET
fi

# linux-image-loong64 -> linux-image-<rel> -> linux-binary-<rel>, linux-modules-<rel>
# shellcheck disable=SC2086
img=$(apt-cache $A depends linux-image-loong64:loong64 |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\):loong64$/\1/p' | head -n1)
[ -n "$img" ] || die "linux-image-loong64 in sid names no linux-image-<release> package"
krel=${img#linux-image-}

# Download a package (its newest sid version) once; print the unpacked dir.
get() {
	pkg=$1
	# shellcheck disable=SC2086
	ver=$(apt-cache $A show "$pkg:loong64" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
	[ -n "$ver" ] || die "package $pkg is not in sid for loong64"
	dir=$C/pkg/${pkg}_$(echo "$ver" | tr ':' '%')
	if [ ! -e "$dir/.done" ]; then
		rm -rf "$dir" "$C/debs/${pkg}_"*.deb
		# shellcheck disable=SC2086
		(cd "$C/debs" && apt-get $A -qq download "$pkg:loong64" >&2) ||
			{ echo "fetch-debian: downloading $pkg $ver failed" >&2; exit $EX_NET; }
		mkdir -p "$dir"
		dpkg-deb -x "$C/debs/${pkg}_"*.deb "$dir" || die "cannot unpack $pkg $ver"
		rm -f "$C/debs/${pkg}_"*.deb
		touch "$dir/.done"
		echo "fetch-debian: $pkg $ver" >&2
	fi
	echo "$dir"
}

bin=$(get "linux-binary-$krel")
mods=$(get "linux-modules-$krel")
base=$(get "linux-base-$krel")
bb=$(get busybox-static)

vmlinuz=
for f in "$bin/usr/lib/modules/$krel/vmlinuz" "$bin/boot/vmlinuz-$krel"; do
	[ -r "$f" ] && { vmlinuz=$f; break; }
done
[ -n "$vmlinuz" ] || die "no vmlinuz in linux-binary-$krel"
moddir=
for d in "$mods/usr/lib/modules/$krel" "$mods/lib/modules/$krel"; do
	[ -d "$d" ] && { moddir=$d; break; }
done
[ -n "$moddir" ] || die "no modules directory in linux-modules-$krel"
config=$base/usr/lib/modules/$krel/config
[ -r "$config" ] || die "no config in linux-base-$krel"
busybox=
for f in "$bb/usr/bin/busybox" "$bb/bin/busybox"; do
	[ -x "$f" ] && { busybox=$f; break; }
done
[ -n "$busybox" ] || die "no busybox binary in busybox-static"

cat >"$C/current.tmp" <<EOF
DEBIAN_KREL=$krel
DEBIAN_VMLINUZ=$vmlinuz
DEBIAN_MODULES=$moddir
DEBIAN_CONFIG=$config
DEBIAN_BUSYBOX=$busybox
EOF
mv "$C/current.tmp" "$C/current"
cat "$C/current"
