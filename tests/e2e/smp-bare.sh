# SPDX-License-Identifier: GPL-2.0-only
# Bare-metal SMP interrupt guests (tests/guests/irq/): CPU 0 boots the
# secondaries the way Linux does (mailbox 0 + boot IPI), then
#   smpb_ipi_cN:   an IPI storm (token ring, then all-to-all rounds), every
#                  CPU sleeping in idle between IPIs; a lost wake-up trips
#                  the guest's watchdog or the time limit;
#   smpb_timer_cN: every CPU's constant timer ticks, counted while idling.
# Each also runs with --irqchip kernel (softkvm as 7.2).
# The guest checks its counts and reports through the lkvm test device
# (exit status 0 = pass; codes in tests/guests/irq/*.c and smp.h).
# Sourced by tests/run-e2e.sh (helpers: run, check, has; $LKVM, $TMP).

SMPB_SRC="$(dirname "$0")/guests"
SMPB_TIMEOUT=${LKVM_E2E_SMPB_TIMEOUT:-90}

smpb_build() {
	local name=$1
	[ -e "$TMP/smpb-$name.elf" ] && return 0
	clang-19 --target=loongarch64-unknown-linux-gnusf -msoft-float -mno-lsx -mno-lasx \
		-mstrict-align -O2 -ffreestanding -fno-builtin -nostdlib -static -fno-pic \
		-fno-stack-protector -fno-delete-null-pointer-checks -Wall -Wextra -Werror \
		-fuse-ld=lld -Wl,--build-id=none -Wl,-T,"$SMPB_SRC/priv/priv.lds" \
		-I"$SMPB_SRC/priv" -o "$TMP/smpb-$name.elf" "$SMPB_SRC/priv/crt.S" \
		"$SMPB_SRC/irq/smp.S" "$SMPB_SRC/irq/smp.c" "$SMPB_SRC/irq/$name.c" \
		>"$TMP/smpb_build_$name.why" 2>&1 ||
		{ cat "$TMP/smpb_build_$name.why" >>"$TMP/$LAST.why"; return 1; }
}

# t_smpb NAME GUEST CPUS PARAMS PASS-LINE [LKVM-ARGS...]
t_smpb() {
	local name=$1 guest=$2 n=$3 params=$4 pass=$5
	shift 5
	smpb_build "$guest" || return 1
	TIMEOUT=$SMPB_TIMEOUT run "$name" 0 -- run --accel soft -c "$n" \
		-k "$TMP/smpb-$guest.elf" -p "ncpus=$n $params" "$@" &&
	has "$name" "$pass" out &&
	has "$name" "guest reported exit code 0" err
}

if command -v clang-19 >/dev/null; then
	for smpb_n in 2 4 8; do
		check "smpb_ipi_c$smpb_n" t_smpb "smpb_ipi_c$smpb_n" ipi "$smpb_n" \
			"rounds=5000 posts=1000 watchdog=60" "ipi-storm: PASS 0"
	done
	for smpb_n in 1 2 4; do
		check "smpb_timer_c$smpb_n" t_smpb "smpb_timer_c$smpb_n" timer "$smpb_n" \
			"ticks=50 period_us=500" "timer-smp: PASS 0"
	done
	# The same with the kernel's IPI (softkvm as 7.2): secondaries start in
	# lkvm's start code, every IPI is served without an exit.
	for smpb_n in 2 4 8; do
		check "smpb_ipi_kirq_c$smpb_n" t_smpb "smpb_ipi_kirq_c$smpb_n" ipi "$smpb_n" \
			"rounds=5000 posts=1000 watchdog=60" "ipi-storm: PASS 0" \
			--softkvm-kernel 7.2 --irqchip kernel
	done
	check smpb_timer_kirq_c4 t_smpb smpb_timer_kirq_c4 timer 4 \
		"ticks=50 period_us=500" "timer-smp: PASS 0" --softkvm-kernel 7.2 --irqchip kernel
else
	echo "skip smpb_* (no clang-19)"
fi
