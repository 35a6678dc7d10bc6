#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# check-seam.sh must catch both kinds of breach: softkvm calling into lkvm,
# and lkvm calling a softkvm internal. Builds tiny objects that do each.
set -eu
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lkvm-seam-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat >sk.c <<'C'
void lkvm_helper(void);
int sk_internal(void) { return 1; }
const void *softkvm__backend(void) { return 0; }
void sk_calls_out(void) { lkvm_helper(); }
C
cat >sk-clean.c <<'C'
#include <string.h>
int sk_internal(void) { return (int)strlen("x"); }
const void *softkvm__backend(void) { return 0; }
C
cat >vmm.c <<'C'
const void *softkvm__backend(void);
int sk_internal(void);
void lkvm_helper(void) {}
int main(void) { return softkvm__backend() != 0 || sk_internal(); }
C
cat >vmm-clean.c <<'C'
const void *softkvm__backend(void);
int main(void) { return softkvm__backend() != 0; }
C
for f in sk sk-clean vmm vmm-clean; do $cc -c -o $f.o $f.c; done
ar rcs sk.a sk.o
ar rcs sk-clean.a sk-clean.o
seam=$OLDPWD/scripts/check-seam.sh
fail=0
expect() {	# expect STATUS PATTERN ARGS...
	want=$1 pat=$2
	shift 2
	set +e
	"$seam" "$@" >out 2>&1
	got=$?
	set -e
	if [ "$got" != "$want" ] || ! grep -q "$pat" out; then
		echo "seam selftest: check-seam.sh $* gave $got (wanted $want, '$pat'):" >&2
		cat out >&2
		fail=1
	fi
}
expect 1 '^  lkvm_helper$' sk.a vmm-clean.o
expect 1 '^  sk_internal$' sk-clean.a vmm.o
expect 0 'only link' sk-clean.a vmm-clean.o
[ $fail -eq 0 ] && echo "seam selftest: breaches in both directions are caught"
exit $fail
