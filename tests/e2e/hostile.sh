# SPDX-License-Identifier: GPL-2.0-only
# Hostile bare-metal guest (tests/guests/hostile/hostile.c), sourced by
# tests/run-e2e.sh (helpers: run, check, has; $LKVM, $TMP):
#   hostile_log_flood:  tens of thousands of guest-triggered messages; every
#       call site prints at most RATELIMIT_BURST lines per window plus one
#       "N similar messages suppressed" line, and for the boot mark and the
#       virtio misuse warning, printed + suppressed add up to what the guest
#       did (so the count is exact, not just small);
#   hostile_reboot_loop_log: a guest rebooting in a loop under --reboot
#       restart for 4 s (inside one 5 s rate-limit window, so a slow
#       sanitizer build cannot straddle two): the command line once,
#       reboots rate-limited;
#   hostile_blk_teardown_race: a guest that posts 32 large virtio-blk reads
#       and exits at once, HOSTILE_RACE_RUNS times (make check-sanitize runs
#       it under ASan): every run exits 0 with no sanitizer report and no
#       failed interrupt injection.

HOSTILE_RACE_RUNS=${HOSTILE_RACE_RUNS:-25}

. "$(dirname "$0")/e2e/lib/hostile-build.sh"

# sum_site NAME LINE-PATTERN SITE: lines matching LINE-PATTERN plus the
# counts of "N similar messages suppressed (SITE:...)" in NAME's stderr.
sum_site() {
	local printed dropped
	printed=$(grep -c -- "$2" "$TMP/$1.err")
	dropped=$(sed -n "s#.* \([0-9]*\) similar messages suppressed ($3:.*#\1#p" "$TMP/$1.err" |
		  awk '{ s += $1 } END { print s + 0 }')
	echo $((printed + dropped))
}

t_hostile_flood() {
	local n marks misuse
	hostile_build || return 1
	head -c 65536 /dev/zero >"$TMP/hostile-flood.img"
	run hflood 0 -- run --accel soft -k "$TMP/hostile.elf" -p flood -d "$TMP/hostile-flood.img" ||
		return 1
	n=$(wc -l <"$TMP/hflood.err")
	# 5 call sites x (10 + 1 summary) per 5 s window, the command line and the exit line.
	[ "$n" -le 60 ] || { echo "  $n stderr lines: the flood was not limited" >>"$TMP/hflood.why"; return 1; }
	has hflood "similar messages suppressed" err || return 1
	marks=$(sum_site hflood "guest boot mark" hw/testdev.c)
	[ "$marks" -eq 20000 ] || { echo "  boot marks accounted: $marks of 20000" >>"$TMP/hflood.why"; return 1; }
	misuse=$(sum_site hflood "misused the device" virtio/core.c)
	[ "$misuse" -eq 10000 ] || { echo "  misuse warnings accounted: $misuse of 10000" >>"$TMP/hflood.why"; return 1; }
	has hflood "crash kernel takes over" err && has hflood "no device there" err &&
	has hflood "unclaimed IOCSR" err
}

t_hostile_race() {
	local i
	hostile_build || return 1
	truncate -s 64M "$TMP/hostile-race.img"
	for ((i = 0; i < HOSTILE_RACE_RUNS; i++)); do
		run hrace 0 -- run --accel soft -k "$TMP/hostile.elf" -p blkrace \
			-d "$TMP/hostile-race.img" || { echo "  run $i" >>"$TMP/hrace.why"; return 1; }
		if grep -q "AddressSanitizer\|runtime error\|KVM_INTERRUPT\|LeakSanitizer" "$TMP/hrace.err"; then
			echo "  run $i: sanitizer or injection report" >>"$TMP/hrace.why"
			return 1
		fi
	done
	has hrace "guest reported exit code 0" err
}

t_hostile_reboot_loop() {
	local n
	LAST=hreboot
	timeout -k 2 4 "$LKVM" run --accel soft --reboot restart -p lkvm.reboot </dev/null \
		>"$TMP/hreboot.out" 2>"$TMP/hreboot.err"
	[ "$(grep -c 'rebooting' "$TMP/hreboot.out")" -ge 20 ] ||
		{ echo "  fewer than 20 boots: no flood to limit" >>"$TMP/hreboot.why"; return 1; }
	n=$(wc -l <"$TMP/hreboot.err")
	# command line, 2 sites x 10 in the one window, the signal and the summaries at exit
	[ "$n" -le 30 ] || { echo "  $n stderr lines for a reboot loop" >>"$TMP/hreboot.why"; return 1; }
	[ "$(grep -c -- '--reboot restart' "$TMP/hreboot.err")" -eq 1 ]
}
check hostile_reboot_loop_log t_hostile_reboot_loop

if command -v clang-19 >/dev/null; then
	check hostile_log_flood t_hostile_flood
	check hostile_blk_teardown_race t_hostile_race
else
	echo "skip hostile_* (no clang-19)"
fi
