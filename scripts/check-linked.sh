#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every function libsoftkvm.a defines must be in the lkvm binary: the
# archive's objects reached only through weak references (the vector
# handler table) are silently left out by the linker otherwise.
#
# usage: scripts/check-linked.sh LKVM_BIN LIBSOFTKVM.a
set -eu
bin=$1 lib=$2
want=$(mktemp) have=$(mktemp)
trap 'rm -f "$want" "$have"' EXIT
nm --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort -u >"$want"
nm --defined-only "$bin" | awk '$2 == "T" || $2 == "t" { print $3 }' | sort -u >"$have"
missing=$(comm -23 "$want" "$have" | wc -l)
if [ "$missing" -ne 0 ]; then
	echo "check-linked: $missing functions of $lib are not in $bin, e.g.:" >&2
	comm -23 "$want" "$have" | head -5 >&2
	exit 1
fi
echo "check-linked: all $(wc -l <"$want") functions of $lib are in $bin"
