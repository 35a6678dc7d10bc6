# SPDX-License-Identifier: GPL-2.0-only
"""Boot "lkvm run" (LKVM_HOME/default, from lkvm setup) on a pseudo-terminal,
wait for the shell prompt, type a command whose output cannot be an echo
of what was typed, check it, then power the guest off (usage: LKVM)."""
import os
import select
import subprocess
import sys
import time

LKVM = sys.argv[1]
TIMEOUT = float(os.environ.get("TIMEOUT", "360"))


def read_until(fd, want, timeout):
    buf = b""
    end = time.time() + timeout
    while want not in buf:
        left = end - time.time()
        if left <= 0:
            raise SystemExit("timeout waiting for %r; got %r" % (want, buf[-400:]))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    if want not in buf:
        raise SystemExit("pty closed before %r; got %r" % (want, buf[-400:]))
    return buf


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
