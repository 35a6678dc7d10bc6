# SPDX-License-Identifier: GPL-2.0-only
# End-to-end cases for the interrupt controllers and SMP bring-up, sourced
# by tests/run-e2e.sh (helpers: run, check, has; $LKVM, $TMP, $TIMEOUT).
#
# They boot lkvm's test kernel (LKVM_TEST_KERNEL=DIR, or the cached build of
# scripts/build-guest-kernel.sh) without a root file system: the kernel runs
# until it fails to mount root and panics; pvpanic makes lkvm exit 101.
# The UART echo case also needs the test init (scripts/build-initramfs.sh).

smp_top=$(cd "$(dirname "$0")/.." && pwd)
SMP_TIMEOUT=${LKVM_E2E_SMP_TIMEOUT:-90}
smp_kdir=${LKVM_TEST_KERNEL:-$("$smp_top/scripts/build-guest-kernel.sh" 2>"$TMP/smp-kernel.log")}
if [ -z "$smp_kdir" ] || [ ! -r "$smp_kdir/vmlinux" ]; then
	echo "skip smp_*: no test kernel (set LKVM_TEST_KERNEL or run scripts/build-guest-kernel.sh)"
	smp_kdir=
fi

# sboot NAME CPUS [extra lkvm args]: boot the kernel alone on CPUS vCPUs.
sboot() {
	local name=$1 n=$2
	shift 2
	TIMEOUT=$SMP_TIMEOUT run "$name" 101 -- run --accel soft -c "$n" \
		-k "$smp_kdir/vmlinux" -p "console=ttyS0" "$@"
}

# Every vCPU came online: the guest's own count. t_smp_cpus N [kirq]: kirq
# boots with the kernel's interrupt controllers (softkvm as 7.2).
t_smp_cpus() {
	local n=$1 name=smp_c$1 word=CPUs
	local -a args=()
	[ "$n" = 1 ] && word=CPU
	[ "${2:-}" = kirq ] && name=smp_kirq_c$n && args=(--softkvm-kernel 7.2 --irqchip kernel)
	sboot "$name" "$n" "${args[@]}" &&
	has "$name" "smp: Brought up 1 node, $n $word" out &&
	! grep -q "failed to start" "$TMP/$name.out" &&
	has "$name" "VFS: Unable to mount root" out
}

# The UART got a real interrupt (irq != 0), and console output continued
# after the console moved to the interrupt-driven driver.
t_smp_uart_irq() {
	sboot smp_uart 2 &&
	grep -q "ttyS0 at MMIO 0x1fe001e0 (irq = [1-9][0-9]*," "$TMP/smp_uart.out" &&
	sed -n '/ttyS0 at MMIO/,$p' "$TMP/smp_uart.out" | grep -q "Kernel panic" ||
	{ echo "  no interrupt-driven ttyS0 or no output after it" >>"$TMP/smp_uart.why"; return 1; }
}

# Typed input reaches the guest through the UART's receive interrupt: the
# test init's echo check reads a line from /dev/console and prints it.
# kirq: the same through the kernel's PCH-PIC (KVM_IRQ_LINE).
t_smp_uart_echo() {
	local ird=$TMP/smp-initramfs fifo=$TMP/smp-echo.fifo pid i st name=smp_echo
	local -a args=()
	[ "${1:-}" = kirq ] && name=smp_echo_kirq && args=(--softkvm-kernel 7.2 --irqchip kernel)
	LAST=$name
	sh "$smp_top/scripts/build-initramfs.sh" "$ird" >"$TMP/$name.err" 2>&1 ||
		{ echo "  cannot build the test init" >>"$TMP/$name.why"; return 1; }
	rm -f "$fifo" && mkfifo "$fifo"
	exec 8<>"$fifo"		# read-write: opening never blocks
	timeout -k 5 "$SMP_TIMEOUT" "$LKVM" run --accel soft -c 2 -k "$smp_kdir/vmlinux" \
		-i "$ird/initramfs.cpio.gz" -p "console=ttyS0 lkvmtest=echo" "${args[@]}" \
		<"$fifo" >"$TMP/$name.out" 2>>"$TMP/$name.err" &
	pid=$!
	for i in $(seq 1 $((SMP_TIMEOUT * 5))); do
		grep -q "lkvm-echo: ready" "$TMP/$name.out" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	sleep 0.3
	printf 'typed-on-ttyS0\r' >&8
	wait "$pid"
	st=$?
	exec 8>&-
	rm -f "$fifo"
	[ "$st" -eq 0 ] || { echo "  status $st, wanted 0" >>"$TMP/$name.why"; return 1; }
	has "$name" "lkvm-echo: typed-on-ttyS0" out && has "$name" "lkvm-result: PASS echo" out
}

if [ -n "$smp_kdir" ]; then
	for smp_n in 1 2 4 8; do
		check "smp_c$smp_n" t_smp_cpus "$smp_n"
	done
	for smp_n in 2 8; do
		check "smp_kirq_c$smp_n" t_smp_cpus "$smp_n" kirq
	done
	check smp_uart_irq t_smp_uart_irq
	if [ -r "$smp_top/scripts/build-initramfs.sh" ]; then
		check smp_uart_echo t_smp_uart_echo
		check smp_uart_echo_kirq t_smp_uart_echo kirq
	else
		echo "skip smp_uart_echo: no scripts/build-initramfs.sh"
	fi
fi
