#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Seeds for fuzz_p9: request sequences as Linux's client sends them
(walk, open, read/write, create, mkdir, readdir, setattr, rename, xattrs),
in the input format of tests/fuzz/fuzz_p9.c. usage: gen-p9-seeds.py DIR"""
import os
import struct
import sys


def s(t):
    return struct.pack("<H", len(t)) + t.encode()


def msg(typ, body):
    return struct.pack("<IBH", 7 + len(body), typ, 1) + body


def chunk(m):
    return b"\x01" + struct.pack("<H", len(m)) + m


def u32(*v):
    return struct.pack("<" + "I" * len(v), *v)


W, LOPEN, READ, WRITE, CLUNK = 110, 12, 116, 118, 120
seqs = {
    "read": [msg(W, u32(0, 1) + struct.pack("<H", 1) + s("f")), msg(LOPEN, u32(1, 0)),
             msg(READ, u32(1) + struct.pack("<QI", 0, 100)), msg(CLUNK, u32(1))],
    "write": [msg(W, u32(0, 1) + struct.pack("<H", 0)),
              msg(14, u32(1) + s("new") + u32(2, 0o644, 0)),
              msg(WRITE, u32(1) + struct.pack("<QI", 0, 5) + b"hello"),
              msg(50, u32(1, 0)), msg(24, u32(1) + struct.pack("<Q", 0x7ff))],
    "dirs": [msg(72, u32(0) + s("dd") + u32(0o755, 0)),
             msg(W, u32(0, 1) + struct.pack("<H", 2) + s("d") + s("e")),
             msg(W, u32(0, 2) + struct.pack("<H", 1) + s("d")),
             msg(LOPEN, u32(2, 0o200000)), msg(40, u32(2) + struct.pack("<QI", 0, 4096)),
             msg(74, u32(0) + s("dd") + u32(2) + s("moved")),
             msg(76, u32(2) + s("moved") + u32(0x200))],
    "links": [msg(16, u32(0) + s("sl") + s("../../x") + u32(0)),
              msg(W, u32(0, 1) + struct.pack("<H", 1) + s("up")), msg(22, u32(1)),
              msg(W, u32(0, 2) + struct.pack("<H", 1) + s("f")),
              msg(70, u32(0, 2) + s("hard")),
              msg(26, u32(2, 0x19, 0o600, 0, 0) + struct.pack("<QQQQQ", 3, 0, 0, 0, 0))],
    "xattr": [msg(W, u32(0, 1) + struct.pack("<H", 1) + s("f")),
              msg(32, u32(1) + s("user.a") + struct.pack("<QI", 2, 0)),
              msg(WRITE, u32(1) + struct.pack("<QI", 0, 2) + b"xy"), msg(CLUNK, u32(1)),
              msg(30, u32(0, 3) + s("")), msg(READ, u32(3) + struct.pack("<QI", 0, 64)),
              msg(8, u32(0)), msg(52, u32(0) + b"\x01" + u32(0) + struct.pack("<QQ", 0, 0) +
                                 u32(1) + s("c"))],
}
os.makedirs(sys.argv[1], exist_ok=True)
for name, ms in seqs.items():
    for ro in (0, 1):
        with open(os.path.join(sys.argv[1], "seed-%s-%d" % (name, ro)), "wb") as f:
            f.write(bytes([ro]) + b"".join(chunk(m) for m in ms))
