# SPDX-License-Identifier: GPL-2.0-only
# Privileged-architecture guests (tests/guests/priv/*.S): bare-metal
# programs that exercise exceptions, paging and the TLB, the timer, IOCSR
# and MMIO exits, the PV cpucfg area and hypercalls, then report through
# the lkvm test device (exit status 0 = every check passed; otherwise the
# number of the failed check, see each .S).

PRIV_SRC="$(dirname "$0")/guests/priv"

priv_build() {
	local name=$1
	[ -e "$TMP/priv-$name.elf" ] && return 0
	clang-19 --target=loongarch64-unknown-linux-gnu -mno-lsx -mno-lasx -nostdlib -static \
		-fuse-ld=lld -Wl,--build-id=none -Wl,-T,"$PRIV_SRC/priv.lds" \
		-o "$TMP/priv-$name.elf" "$PRIV_SRC/crt.S" "$PRIV_SRC/$name.S" \
		>"$TMP/priv_$name.why" 2>&1
}

t_priv() {
	local name=$1
	priv_build "$name" || return 1
	run "priv_$name" 0 -- run --accel soft -k "$TMP/priv-$name.elf" &&
	has "priv_$name" "guest reported exit code 0" err
}

if command -v clang-19 >/dev/null; then
	for p in exc tlb timer io cross; do
		check "priv_$p" t_priv "$p"
	done
else
	echo "skip priv_* (no clang-19)"
fi
