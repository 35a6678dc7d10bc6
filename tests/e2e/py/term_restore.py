# SPDX-License-Identifier: GPL-2.0-only
"""Run lkvm on a pseudo-terminal: raw mode while the guest runs, the
terminal's settings restored exactly after Ctrl-A x, SIGTERM, SIGQUIT,
poweroff and a seccomp violation (the test-only LKVM_TEST_SECCOMP_VIOLATE
makes the terminal thread make a forbidden system call once confined)."""
import os
import signal
import subprocess
import sys
import termios

from ptyutil import read_until

LKVM = sys.argv[1]
MODE = sys.argv[2]


master, slave = os.openpty()
before = termios.tcgetattr(slave)
params = "lkvm.echo" if MODE != "poweroff" else ""
env = dict(os.environ)
if MODE == "seccomp":
    env["LKVM_TEST_SECCOMP_VIOLATE"] = "terminal"
proc = subprocess.Popen([LKVM, "run", "--accel", "soft", "-p", params],
                        stdin=slave, stdout=slave, stderr=slave, env=env)
if MODE == "seccomp":
    read_until(master, b"the terminal thread called personality")
elif MODE == "poweroff":
    read_until(master, b"powered off")
else:
    read_until(master, b"echo mode")
    during = termios.tcgetattr(slave)
    if during[3] & termios.ICANON or during[3] & termios.ECHO:
        raise SystemExit("terminal not in raw mode while the guest runs")
    os.write(master, b"k")
    read_until(master, b"echo: k")
    if MODE == "ctrl-a-x":
        os.write(master, b"\x01x")
    elif MODE == "sigquit":
        # Stands for a crash: a signal lkvm does not handle kills it.
        proc.send_signal(signal.SIGQUIT)
    else:
        proc.send_signal(signal.SIGTERM)
status = proc.wait(timeout=30)
after = termios.tcgetattr(slave)
if after != before:
    raise SystemExit("terminal settings not restored: %r != %r" % (after, before))
want = {"ctrl-a-x": 0, "sigterm": 128 + signal.SIGTERM, "poweroff": 0,
        "sigquit": -signal.SIGQUIT, "seccomp": 1}[MODE]
if status != want:
    raise SystemExit("exit status %d, wanted %d" % (status, want))
print("ok", MODE)
