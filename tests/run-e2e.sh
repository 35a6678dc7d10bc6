#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End-to-end tests: run ./lkvm as a user would, through softkvm, and check
# exit status, console output and error messages. Each case has a time
# limit generous for a loaded 2-core machine; a failure prints the output.
set -u
LKVM=$(realpath "${1:-./lkvm}")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
TIMEOUT=${LKVM_E2E_TIMEOUT:-120}
# Root file systems of "lkvm setup": the tests' own, never the user's.
export LKVM_HOME=$TMP/lkvm-home
pass=0
fail=0

# run NAME EXPECTED_STATUS -- ARGS...: stdout/stderr land in $TMP/NAME.{out,err}
run() {
	local name=$1 want=$2
	LAST=$name
	shift 3
	timeout -k 5 "$TIMEOUT" "$LKVM" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
	local st=$?
	if [ "$want" = nonzero ]; then
		[ "$st" -ne 0 ] && [ "$st" -ne 124 ] && [ "$st" -lt 128 ] && return 0
	elif [ "$st" -eq "$want" ]; then
		return 0
	fi
	echo "  status $st, wanted $want" >>"$TMP/$name.why"
	return 1
}

check() {
	local name=$1
	shift
	LAST=$name
	if "$@"; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		cat "$TMP/$LAST.why" 2>/dev/null
		echo "  --- stdout"; sed 's/^/  | /' "$TMP/$LAST.out" 2>/dev/null | tail -40
		echo "  --- stderr"; sed 's/^/  | /' "$TMP/$LAST.err" 2>/dev/null | tail -40
	fi
}

has() { grep -q -- "$2" "$TMP/$1.$3" || { echo "  no '$2' in $3" >>"$TMP/$1.why"; return 1; }; }

# Exactly one stderr line, an error naming the problem.
one_error() {
	local name=$1 pattern=$2 n
	n=$(wc -l <"$TMP/$name.err")
	[ "$n" -eq 1 ] || { echo "  $n stderr lines, wanted 1" >>"$TMP/$name.why"; return 1; }
	has "$name" "$pattern" err
}

# Every tests/e2e/*.sh file holds cases; LKVM_E2E_ONLY=NAME runs one file.
for f in "$(dirname "$0")"/e2e/*.sh; do
	[ -n "${LKVM_E2E_ONLY:-}" ] && [ "$(basename "$f" .sh)" != "$LKVM_E2E_ONLY" ] && continue
	. "$f"
done

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
