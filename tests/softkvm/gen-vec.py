#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Emit LSX/LASX differential test programs (link with tests/softkvm/diff/crt.S).

usage: gen-vec.py SEED IMPLEMENTED.txt OUTDIR [CASES_PER_PROG]

For every mnemonic listed in IMPLEMENTED.txt (sk-diff-harness -l) it emits
cases with random operands (element-wise edge values: 0, +-1, MIN, MAX, ...),
every immediate value of fields up to 8 bits, aliased registers, and memory
accesses at random (also page-crossing) offsets. Each case loads $xr0-$xr4
and two GPRs from a data pool, runs the instruction once and appends a
96-byte record: the destination (256 bits, or the 128 defined by LSX), a GPR
result, the FCC (vset*) or FCSR0 (FP ops, run in a random rounding mode) and
a 48-byte memory window. The records are written before crt.S's dump, so
sk-diff-harness names a difference "vec+OFFSET"; OUTDIR/vec-N.cases has one
line per record (the instruction) to map it back.
"""
import os
import random
import re
import sys

REC = 96
top = os.path.dirname(os.path.abspath(__file__))
seed, impl_path, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
per_prog = int(sys.argv[4]) if len(sys.argv) > 4 else 2500
rng = random.Random(seed)

table = {}
for line in open(os.path.join(top, '../../softkvm/cpu/vec-insn-table.h')):
    m = re.match(r'V\(\w+,\s*"([^"]+)",\s*"[^"]*",\s*(\w+),\s*"([^"]*)"\)', line)
    if m:
        table[m.group(1)] = (m.group(2), m.group(3).split(','))
impl = [l.strip() for l in open(impl_path) if l.strip()]

EDGE = {1: [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x3f],
        2: [0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, 0x00ff, 0xff00],
        4: [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x7f800000, 0x1f],
        8: [0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x3f, 0x40,
            0xfffffffffffffffe]}


S_POOL = [0x0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00123,
          0xffa00456, 0x7f800001, 0x7f7fffff, 0x00800000, 0x007fffff, 0x00000001,
          0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4f000000, 0xcf000000,
          0x5f000000, 0xdf000000, 0x4effffff, 0x3f800001, 0x33800000, 0x00ffffff,
          0x80000001, 0x807fffff]
D_POOL = [0x0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
          0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000123, 0xfff4000000000456,
          0x7ff0000000000001, 0x7fefffffffffffff, 0x0010000000000000, 0x000fffffffffffff,
          0x0000000000000001, 0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000,
          0xc004000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x43e0000000000000,
          0xc3e0000000000000, 0x41dfffffffc00000, 0x4330000000000001, 0x3ff0000000000001,
          0x001fffffffffffff, 0x3cb0000000000000, 0x8000000000000001]


def is_fp(mn):
    base = mn[1:] if mn.startswith('x') else mn
    return base.startswith('vf') and not base.startswith('vfrstp')


def rand_fp_vec():
    """32 bytes of binary32 or binary64 elements: specials, near-integers, random."""
    es = rng.choice([4, 8])
    pool = S_POOL if es == 4 else D_POOL
    out = b''
    for _ in range(32 // es):
        r = rng.random()
        if r < 0.5:
            v = rng.choice(pool)
        elif r < 0.7:	# small integers and halves: rounding-mode cases
            x = rng.randrange(-40, 40) / 2
            import struct
            v = struct.unpack('<I', struct.pack('<f', x))[0] if es == 4 else \
                struct.unpack('<Q', struct.pack('<d', x))[0]
        else:
            v = rng.getrandbits(8 * es)
        out += v.to_bytes(es, 'little')
    return out


def rand_vec():
    """32 random bytes: elements of one random size, edge or random values."""
    es = rng.choice([1, 2, 4, 8])
    kind = rng.random()
    out = b''
    for _ in range(32 // es):
        if kind < 0.15:
            v = 0
        elif rng.random() < 0.35:
            v = rng.choice(EDGE[es])
        elif rng.random() < 0.2:
            v = rng.randrange(0, 64)	# small: shift counts, indexes
        else:
            v = rng.getrandbits(8 * es)
        out += v.to_bytes(es, 'little')
    return out


def imm_range(op):
    m = re.match(r'([us])i(\d+)$', op)
    bits = int(m.group(2))
    if m.group(1) == 'u':
        return list(range(0, 1 << bits))
    return list(range(-(1 << (bits - 1)), 1 << (bits - 1)))


def vldi_values():
    vals = [rng.randrange(0, 0x1000) for _ in range(40)]	# vrepli forms
    for mode in range(13):
        vals += [0x1000 | mode << 8 | rng.randrange(256) for _ in range(6)]
    vals += [0x1000 | m << 8 | t for m in (9, 10, 11, 12) for t in (0, 0x7f, 0x80, 0xff, 0x40)]
    return vals


def cases_for(mn):
    """(immediate list or [None]) per instruction: all values up to 8 bits."""
    fmt, ops = table[mn]
    imms = [o for o in ops if re.match(r'[us]i\d+$', o)]
    if mn in ('vldi', 'xvldi'):
        return [('vldi', v) for v in vldi_values()]
    if fmt.startswith('I_ELM') or fmt in ('I_SI12', 'I_SI11S1', 'I_SI10S2', 'I_SI9S3'):
        return [('mem', None)] * 48
    if fmt == 'I_NONE' and ops[1] == 'rj' and len(ops) == 3:
        return [('mem', None)] * 48			# vldx/vstx
    if not imms:
        return [('reg', None)] * 40
    vals = imm_range(imms[0])
    if len(vals) <= 256:
        vals = vals + [rng.choice(vals) for _ in range(16)]
    return [('imm', v) for v in vals]


def emit_case(mn, kind, imm, code, data, rec_names):
    fmt, ops = table[mn]
    regs = [rng.randrange(5) for _ in range(4)]
    fp = is_fp(mn)
    for v in range(5):
        data.append(rand_fp_vec() if fp else rand_vec())
    g1 = rng.choice([rng.getrandbits(64), rng.randrange(64), rng.choice(EDGE[8])])
    g2 = rng.choice([rng.getrandbits(64), rng.randrange(64), rng.choice(EDGE[8])])
    data.append(g1.to_bytes(8, 'little') + g2.to_bytes(8, 'little'))
    for v in range(5):
        code.append(f'\txvld\t$xr{v}, $r12, {32 * v}')
    code.append('\tld.d\t$r14, $r12, 160')
    code.append('\tld.d\t$r15, $r12, 168')
    code.append('\taddi.d\t$r12, $r12, 176')
    vp = '$xr' if (mn.startswith('xv') or mn.startswith('vext2xv')) else '$vr'
    args = []
    vd = regs[0]
    memaddr = None
    esz = 1
    for i, o in enumerate(ops):
        if o in ('vd', 'xd'):
            args.append(f'{vp}{vd}')
        elif o in ('vj', 'xj', 'vk', 'xk', 'va', 'xa'):
            args.append(f'{vp}{regs[i]}')
        elif o == 'cd':
            cd = rng.randrange(8)
            args.append(f'$fcc{cd}')
        elif o == 'rd':
            args.append('$r18')
        elif o == 'rj':
            args.append('$r16' if kind == 'mem' else '$r14')
        elif o == 'rk':
            args.append('$r17' if kind == 'mem' else '$r15')
        elif kind == 'vldi':
            args.append(str(imm if imm < 0x1000 else imm - 0x2000))
            break
        elif kind == 'mem':
            m = re.match(r'([us])i(\d+)$', o)
            if i == 2:	# offset
                esz = {'I_SI11S1': 2, 'I_SI10S2': 4, 'I_SI9S3': 8}.get(fmt, 1)
                if fmt.startswith('I_ELM'):
                    esz = 1 << int(fmt[-1])
                lo, hi = (-128, 127) if fmt.startswith('I_ELM') else (-2048 // esz, 2047 // esz - 4)
                off = rng.randrange(max(lo, -1024 // esz), min(hi, 1024 // esz)) * esz
                args.append(str(off))
                memaddr = off
            else:		# vstelm element index
                args.append(str(rng.randrange(1 << int(m.group(2)))))
        else:
            args.append(str(imm))
    if kind == 'mem':
        # base: a random spot near the middle of the 8 KiB window, so
        # page-crossing (the window spans pages) and unaligned cases occur
        base = rng.randrange(3072, 5120)
        code.append(f'\tla.local\t$r16, vmem')
        code.append(f'\tli.d\t$r17, {base}')
        code.append(f'\tadd.d\t$r16, $r16, $r17')
        idx = rng.randrange(-512, 512)
        code.append(f'\tli.d\t$r17, {idx}')
        if memaddr is None:
            memaddr = idx
    if fp:
        code.append(f'\tli.w\t$r18, {rng.randrange(4) << 8}')
        code.append('\tmovgr2fcsr\t$fcsr0, $r18')
    code.append(f'\t{mn}\t' + ', '.join(args))
    if vp == '$xr':
        code.append(f'\txvst\t$xr{vd}, $r13, 0')
    else:
        # bits 255:128 after an LSX write are unspecified (QEMU keeps or
        # clears them depending on the instruction): compare 127:0 only
        code.append(f'\tvst\t$vr{vd}, $r13, 0')
        code.append('\tst.d\t$zero, $r13, 16')
        code.append('\tst.d\t$zero, $r13, 24')
    if 'rd' in ops:
        code.append('\tst.d\t$r18, $r13, 32')
    else:
        code.append('\tst.d\t$zero, $r13, 32')
    if 'cd' in ops:
        code.append(f'\tmovcf2gr\t$r18, $fcc{cd}')
        code.append('\tst.d\t$r18, $r13, 40')
    elif fp:
        code.append('\tmovfcsr2gr\t$r18, $fcsr0')	# rounding mode, Cause, Flags
        code.append('\tst.d\t$r18, $r13, 40')
    else:
        code.append('\tst.d\t$zero, $r13, 40')
    if kind == 'mem':
        code.append(f'\taddi.d\t$r19, $r16, {memaddr - 8}')
        for k in range(6):
            code.append(f'\tld.d\t$r18, $r19, {8 * k}')
            code.append(f'\tst.d\t$r18, $r13, {48 + 8 * k}')
    else:
        for k in range(6):
            code.append(f'\tst.d\t$zero, $r13, {48 + 8 * k}')
    code.append(f'\taddi.d\t$r13, $r13, {REC}')
    rec_names.append(f'{mn}\t' + ', '.join(args))


def write_prog(n, cases):
    code, data, names = [], [], []
    for mn, kind, imm in cases:
        emit_case(mn, kind, imm, code, data, names)
    path = os.path.join(outdir, f'vec-{n}')
    with open(path + '.S', 'w') as f:
        f.write('\t.text\n\t.globl\ttest_body\ntest_body:\n')
        f.write('\tla.local\t$r12, vpool\n\tla.local\t$r13, vres\n')
        f.write('\n'.join(code) + '\n')
        f.write('\tli.w\t$a0, 1\n\tla.local\t$a1, vres\n')
        f.write(f'\tli.d\t$a2, {REC * len(cases)}\n\tli.w\t$a7, 64\n\tsyscall\t0\n')
        f.write('\tb\tdump_and_exit\n')
        f.write('\t.data\n\t.p2align 12\nvmem:\n')
        mem = bytes(rng.getrandbits(8) for _ in range(8192))
        for i in range(0, len(mem), 16):
            f.write('\t.byte\t' + ','.join(str(b) for b in mem[i:i + 16]) + '\n')
        f.write('\t.p2align 4\nvpool:\n')
        for d in data:
            for i in range(0, len(d), 16):
                f.write('\t.byte\t' + ','.join(str(b) for b in d[i:i + 16]) + '\n')
        f.write(f'\t.bss\n\t.p2align 4\nvres:\n\t.space\t{REC * len(cases)}\n')
    with open(path + '.cases', 'w') as f:
        f.write('\n'.join(names) + '\n')


allc = []
for mn in impl:
    if mn not in table:
        sys.exit(f'gen-vec: {mn} not in vec-insn-table.h')
    for kind, imm in cases_for(mn):
        allc.append((mn, kind, imm))
rng.shuffle(allc)
n = 0
for i in range(0, len(allc), per_prog):
    write_prog(n, allc[i:i + per_prog])
    n += 1
print(f'{len(allc)} cases of {len(impl)} instructions in {n} programs')
