#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host side of make bench's virtio-net figures (bench/net.sh).

  netpeer-bench.py ADDR PORT READYFILE   sink on PORT, 1-byte echo on PORT+1

Times the sink from the first byte to EOF and the echo from the first
request to the last answer, on the host's clock, and prints
"tx_mib_s=X rr_us=Y requests=N" once both connections are done.
"""
import socket
import sys
import time


def listener(addr, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    return s


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    sink, echo = listener(addr, port), listener(addr, port + 1)
    open(sys.argv[3], "w").close()
    c, _ = sink.accept()
    total, t0 = 0, None
    while True:
        d = c.recv(1 << 20)
        if not d:
            break
        if t0 is None:
            t0 = time.monotonic()
        total += len(d)
    t1 = time.monotonic()
    c.close()
    c, _ = echo.accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    n, r0 = 0, None
    while True:
        d = c.recv(1)
        if not d:
            break
        if r0 is None:
            r0 = time.monotonic()
        c.sendall(d)
        n += 1
    r1 = time.monotonic()
    print("tx_mib_s=%.1f rr_us=%.0f requests=%d bytes=%d" %
          (total / (1 << 20) / (t1 - t0), (r1 - r0) / max(n - 1, 1) * 1e6, n, total))


if __name__ == "__main__":
    main()
