# SPDX-License-Identifier: GPL-2.0-only
"""Boot "lkvm run" (LKVM_HOME/default, from lkvm setup) on a pseudo-terminal,
wait for the shell prompt, type a command whose output cannot be an echo
of what was typed, check it, then power the guest off (usage: LKVM)."""
import os
import subprocess
import sys
import time

LKVM = sys.argv[1]
TIMEOUT = float(os.environ.get("TIMEOUT", "360"))


from ptyutil import read_until


master, slave = os.openpty()
p = subprocess.Popen([LKVM, "run", "--accel", "soft", "-m", "1G"], stdin=slave,
                     stdout=slave, stderr=subprocess.DEVNULL, close_fds=True)
os.close(slave)
try:
    read_until(master, b"# ", TIMEOUT)
    os.write(master, b"echo $((6*7))LKVM; uname -m\r")
    out = read_until(master, b"loongarch64", 60)
    if b"42LKVM" not in out:
        raise SystemExit("no command output; got %r" % out[-400:])
    os.write(master, b"poweroff -f\r")
    p.wait(60)
finally:
    if p.poll() is None:
        p.kill()
print("shell answered")
