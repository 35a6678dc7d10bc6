#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The seam between lkvm and softkvm, checked on built objects:
#  1. softkvm's library needs no symbol beyond itself and the C runtime
#     (libc, libm, libpthread, libgcc);
#  2. lkvm's objects use no softkvm symbol but its backend entry point.
# usage: check-seam.sh LIBSOFTKVM VMM_OBJECT_OR_ARCHIVE...
set -eu
sk=$1
shift
cc=${CC:-cc}
entry=softkvm__backend
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-seam.XXXXXX")
trap 'rm -rf "$tmp"' EXIT


nm -g --defined-only "$sk" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/sk-def"
# Weak undefined references (w) resolve to NULL and need nobody.
undef() { nm -g --undefined-only "$@" | awk 'NF >= 2 && $(NF-1) == "U" { print $NF }' | sort -u; }
undef "$sk" >"$tmp/sk-undef"
: >"$tmp/rt"
for lib in libc.so.6 libm.so.6 libpthread.so.0; do
	f=$($cc -print-file-name=$lib)
	[ -e "$f" ] || { echo "check-seam: cannot find $lib for $cc" >&2; exit 1; }
	nm -D --defined-only "$f" | awk '{ sub(/@.*/, "", $NF); print $NF }' >>"$tmp/rt"
done
nm -g --defined-only "$($cc -print-libgcc-file-name)" 2>/dev/null | awk 'NF == 3 { print $3 }' >>"$tmp/rt"
# Made by the linker itself.
echo _GLOBAL_OFFSET_TABLE_ >>"$tmp/rt"
sort -u -o "$tmp/rt" "$tmp/rt"

bad=0
comm -23 "$tmp/sk-undef" "$tmp/sk-def" | comm -23 - "$tmp/rt" >"$tmp/sk-out"
if [ -s "$tmp/sk-out" ]; then
	echo "check-seam: softkvm ($sk) uses symbols from outside itself and the C runtime:" >&2
	sed 's/^/  /' "$tmp/sk-out" >&2
	bad=1
fi
undef "$@" | comm -12 - "$tmp/sk-def" | grep -vx "$entry" >"$tmp/vmm-out" || true
if [ -s "$tmp/vmm-out" ]; then
	echo "check-seam: lkvm uses softkvm symbols other than $entry:" >&2
	sed 's/^/  /' "$tmp/vmm-out" >&2
	bad=1
fi
if ! grep -qx "$entry" "$tmp/sk-def"; then
	echo "check-seam: $sk does not define $entry" >&2
	bad=1
fi
[ $bad -eq 0 ] && echo "check-seam: softkvm's only link with lkvm is $entry"
exit $bad
