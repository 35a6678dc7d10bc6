#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Differential tests of the softkvm CPU: the programs in tests/softkvm/diff/
# (directed) and gen-random.py sequences (fixed seeds) are built with
# clang-19, run under qemu-loongarch64 and in the interpreter
# (sk-diff-harness), and their final registers, FCSR, FCC and scratch
# memory compared.
#
#   tests/softkvm/run-diff.sh [HARNESS [WORKDIR]]
# LSX/LASX: gen-vec.py programs for every instruction the interpreter
# implements, against sid's qemu-user 11 (scripts/fetch-qemu-user.sh;
# Debian 12's 7.2 has no LSX).
# Environment: SK_DIFF_SEEDS (default 40), SK_DIFF_LEN (default 400),
# SK_DIFF_VEC_SEED (default 1), SK_DIFF_QEMU_VEC (qemu-loongarch64 with LSX).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
harness=${1:-}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/sk-diff.XXXXXX")}
seeds=${SK_DIFF_SEEDS:-30}
len=${SK_DIFF_LEN:-400}
if [ -z "$harness" ]; then
	make -C "$top" -s BUILD=build-diff build-diff/tests/sk-diff-harness || exit 1
	harness=$top/build-diff/tests/sk-diff-harness
fi
for tool in clang-19 qemu-loongarch64 python3; do
	command -v $tool >/dev/null || { echo "run-diff: $tool not found (apt install clang-19 qemu-user python3)"; exit 1; }
done
mkdir -p "$work"
cflags="--target=loongarch64-unknown-linux-gnu -mno-lsx -mno-lasx -nostdlib -static -fuse-ld=lld -Wl,--build-id=none"
pass=0
fail=0

one() {
	local name=$1 src=$2 qemu=${3:-qemu-loongarch64} flags=${4:-$cflags}
	local elf=$work/$name.elf
	if ! clang-19 $flags -o "$elf" "$top/tests/softkvm/diff/crt.S" "$src" 2>"$work/$name.log"; then
		echo "FAIL $name (build)"; cat "$work/$name.log"; fail=$((fail + 1)); return
	fi
	if ! timeout 60 "$qemu" "$elf" >"$work/$name.qemu" 2>>"$work/$name.log"; then
		echo "FAIL $name (qemu)"; cat "$work/$name.log"; fail=$((fail + 1)); return
	fi
	if timeout 60 "$harness" "$elf" "$work/$name.qemu" >"$work/$name.diff" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name"; sed 's/^/  /' "$work/$name.diff" | head -30; fail=$((fail + 1))
		[ -e "${src%.S}.cases" ] && name_vec_cases "${src%.S}.cases" "$work/$name.diff"
	fi
}

# Name the instruction of each differing vec+OFFSET record (96 bytes each).
name_vec_cases() {
	awk 'NR == FNR { c[NR - 1] = $0; next }
	     $1 ~ /^vec\+0x/ { i = int(strtonum(substr($1, 5)) / 96)
			       if (!(i in seen)) { seen[i]; print "  case " i ": " c[i] } }' \
		"$1" "$2" | head -20
}

for s in "$top"/tests/softkvm/diff/t-*.S; do
	[ -e "$s" ] || continue
	one "$(basename "$s" .S)" "$s"
done
python3 "$top/tests/softkvm/gen-fp-directed.py" >"$work/fp-directed.S"
one fp-directed "$work/fp-directed.S"
for seed in $(seq 1 "$seeds"); do
	python3 "$top/tests/softkvm/gen-random.py" "$seed" "$len" >"$work/rand-$seed.S"
	one "rand-$seed" "$work/rand-$seed.S"
done

qemu_vec=${SK_DIFF_QEMU_VEC:-}
if [ -z "$qemu_vec" ]; then
	qemu_vec=$("$top/scripts/fetch-qemu-user.sh" 2>"$work/fetch-qemu.log") || qemu_vec=
fi
if [ -n "$qemu_vec" ] && [ -x "$qemu_vec" ]; then
	rm -rf "$work/vec"
	mkdir -p "$work/vec"
	"$harness" -l >"$work/vec-impl.txt"
	python3 "$top/tests/softkvm/gen-vec.py" "${SK_DIFF_VEC_SEED:-1}" "$work/vec-impl.txt" \
		"$work/vec" || fail=$((fail + 1))
	for s in "$work"/vec/vec-*.S; do
		[ -e "$s" ] || continue
		one "$(basename "$s" .S)" "$s" "$qemu_vec" "${cflags/-mno-lsx -mno-lasx/-mlasx}"
	done
else
	echo "SKIP LSX/LASX tests: no qemu-loongarch64 with LSX ($(tail -1 "$work/fetch-qemu.log" 2>/dev/null))"
fi
echo "diff: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
