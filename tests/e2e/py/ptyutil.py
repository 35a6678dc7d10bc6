# SPDX-License-Identifier: GPL-2.0-only
"""Helpers for the tests that drive lkvm on a pseudo-terminal."""
import os
import select
import time


def read_until(fd, want, timeout=60.0):
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
