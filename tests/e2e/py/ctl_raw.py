#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Talk to an lkvm control socket with hand-made frames (tests/e2e/ctl.sh).

usage: ctl_raw.py SOCKET MODE
MODE is one of: ok (a LIST request), garbage, version, unknown, oversized,
truncated, badline, stall. Prints what came back: "reply TYPE PAYLOAD",
or "closed" when the server closed without a reply.
"""
import socket
import struct
import sys
import time


def frame(t, payload=b"", magic=b"LK", version=1, length=None):
    n = len(payload) if length is None else length
    return magic + bytes([version, t]) + struct.pack("<I", n) + payload


def read_reply(s):
    data = b""
    s.settimeout(10)
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return "timeout"
        if not chunk:
            break
        data += chunk
        if len(data) >= 8 and len(data) >= 8 + struct.unpack("<I", data[4:8])[0]:
            break
    if len(data) < 8:
        return "closed"
    return "reply %d %s" % (data[3], data[8:].decode(errors="replace").replace("\n", ";"))


def main():
    path, mode = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    if mode == "ok":
        s.sendall(frame(1))
    elif mode == "garbage":
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    elif mode == "version":
        s.sendall(frame(1, version=99))
    elif mode == "unknown":
        s.sendall(frame(0x42))
    elif mode == "oversized":
        s.sendall(frame(1, length=1 << 30))
    elif mode == "truncated":
        # A header promising 100 bytes, 10 sent, then silence: the server
        # must give up on its own (it replies "timed out").
        s.sendall(frame(5, b"dump=1\nabc", length=100))
    elif mode == "badline":
        s.sendall(frame(5, b"dump=1\n\x01\x02=3\n"))
    elif mode == "stall":
        # Connect and say nothing for longer than the server waits.
        time.sleep(3)
    print(read_reply(s))


main()
