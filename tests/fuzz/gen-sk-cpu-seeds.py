#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Seed inputs for fuzz_sk_cpu: each privileged test guest (tests/guests/priv)
linked at physical 0 as the RAM image, behind a header that starts it at
its entry in DA mode, PLV0, with FP on (struct fuzz_hdr in fuzz_sk_cpu.c).
Usage: gen-sk-cpu-seeds.py OUTDIR GUEST.bin..."""
import os
import struct
import sys


def header(pc):
    q = struct.pack('<18Q',
                    pc,             # pc
                    0x8,            # crmd: DA, PLV0, IE off
                    0, 1, 0,        # prmd, euen (FPE), ecfg
                    0, 0,           # dmw0, dmw1
                    0, 0, 0, 0,     # pwctl0, pwctl1, pgdl, pgdh
                    14, 0,          # stlbps, asid
                    0x8000, 0xc000,  # eentry, tlbrentry (zero RAM: ine loops)
                    0, 0,           # tcfg, llbctl
                    0x0123456789abcdef)  # mmio_data
    lines = struct.pack('<16I', *([0] * 15 + [1 << 11]))
    tail = struct.pack('<BB6x', 0, 7) + bytes(28 * 8)
    h = q + lines + tail
    assert len(h) == 440
    return h


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path, 'rb') as f:
            image = f.read()[:0x10000]
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(out, 'seed-' + name), 'wb') as f:
            f.write(header(0) + image)


main()
