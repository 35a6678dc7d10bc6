#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Emit a random LoongArch test body (integer + FP) for the differential tests.

usage: gen-random.py SEED COUNT > prog.S   (link with tests/softkvm/diff/crt.S)

The sequence is a pure function of SEED. It never writes $r2 (scratch base),
$r3 (sp); $r21 is the address/index temporary. Memory accesses stay inside
the 1 KiB scratch area; FP traps stay disabled (qemu-user would signal).
"""
import random
import sys

seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)

DEST = [1] + list(range(4, 21)) + list(range(22, 32))
SRC = [0, 1, 2, 3] + list(range(4, 21)) + list(range(22, 32))

INT_POOL = [0, 1, 2, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff80000000,
            0x7fffffffffffffff, 0x8000000000000000, 0xffffffff, 0x100000000, 31, 32, 63, 64,
            0xfffffffffffffffe, 0x8000, 0xffff8000, 0x1234567890abcdef]
D_POOL = [0x0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
          0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000123, 0xfff4000000000456,
          0x7ff0000000000001, 0x7fefffffffffffff, 0x0010000000000000, 0x000fffffffffffff,
          0x0000000000000001, 0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000,
          0xc004000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x43e0000000000000,
          0xc3e0000000000000, 0x41dfffffffc00000, 0x4330000000000001, 0x3ff0000000000001,
          0x001fffffffffffff, 0x3cb0000000000000]
S_POOL = [0x0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00123,
          0xffa00456, 0x7f800001, 0x7f7fffff, 0x00800000, 0x007fffff, 0x00000001,
          0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4f000000, 0xcf000000,
          0x5f000000, 0xdf000000, 0x4effffff, 0x3f800001, 0x33800000, 0x00ffffff]

FCMP_CONDS = ["caf", "saf", "clt", "slt", "ceq", "seq", "cle", "sle", "cun", "sun",
              "cult", "sult", "cueq", "sueq", "cule", "sule", "cne", "sne", "cor", "sor",
              "cune", "sune"]

out = []


def emit(s):
    out.append("\t" + s)


def d():
    return "$r%d" % rng.choice(DEST)


def s():
    return "$r%d" % rng.choice(SRC)


def f():
    return "$f%d" % rng.randrange(32)


def fcc():
    return "$fcc%d" % rng.randrange(8)


def rand64():
    k = rng.random()
    if k < 0.4:
        return rng.choice(INT_POOL)
    if k < 0.6:
        return rng.getrandbits(64) >> rng.randrange(64)
    return rng.getrandbits(64)


def fval():
    k = rng.random()
    if k < 0.45:
        return rng.choice(D_POOL)
    if k < 0.9:
        return 0xffffffff00000000 | rng.choice(S_POOL)
    return rng.getrandbits(64)


R3 = ["add.w", "add.d", "sub.w", "sub.d", "slt", "sltu", "maskeqz", "masknez", "nor", "and",
      "or", "xor", "orn", "andn", "sll.w", "srl.w", "sra.w", "sll.d", "srl.d", "sra.d",
      "rotr.w", "rotr.d", "mul.w", "mulh.w", "mulh.wu", "mul.d", "mulh.d", "mulh.du",
      "mulw.d.w", "mulw.d.wu", "div.w", "mod.w", "div.wu", "mod.wu", "div.d", "mod.d",
      "div.du", "mod.du", "crc.w.b.w", "crc.w.h.w", "crc.w.w.w", "crc.w.d.w",
      "crcc.w.b.w", "crcc.w.h.w", "crcc.w.w.w", "crcc.w.d.w"]
R2 = ["clo.w", "clz.w", "cto.w", "ctz.w", "clo.d", "clz.d", "cto.d", "ctz.d", "revb.2h",
      "revb.4h", "revb.2w", "revb.d", "revh.2w", "revh.d", "bitrev.4b", "bitrev.8b",
      "bitrev.w", "bitrev.d", "ext.w.h", "ext.w.b"]
SI12 = ["slti", "sltui", "addi.w", "addi.d", "lu52i.d"]
UI12 = ["andi", "ori", "xori"]
LOADS = [("ld.b", 1), ("ld.h", 2), ("ld.w", 4), ("ld.d", 8), ("ld.bu", 1), ("ld.hu", 2),
         ("ld.wu", 4)]
STORES = [("st.b", 1), ("st.h", 2), ("st.w", 4), ("st.d", 8)]
LOADX = [("ldx.b", 1), ("ldx.h", 2), ("ldx.w", 4), ("ldx.d", 8), ("ldx.bu", 1),
         ("ldx.hu", 2), ("ldx.wu", 4)]
STOREX = [("stx.b", 1), ("stx.h", 2), ("stx.w", 4), ("stx.d", 8)]
AMO = ["amswap", "amadd", "amand", "amor", "amxor", "ammax", "ammin", "ammax", "ammin"]
F3 = ["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxa", "fmina", "fscaleb", "fcopysign"]
F2 = ["fabs", "fneg", "flogb", "fclass", "fsqrt", "frecip", "frsqrt", "fmov", "frint"]
F4 = ["fmadd", "fmsub", "fnmadd", "fnmsub"]
FTINT = ["ftintrm", "ftintrp", "ftintrz", "ftintrne", "ftint"]
BR2 = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]


def off(size, align=True):
    o = rng.randrange(0, 1024 - size + 1)
    return o & ~(size - 1) if align else o


label = [0]


def one():
    k = rng.randrange(100)
    if k < 18:
        emit("%s %s, %s, %s" % (rng.choice(R3), d(), s(), s()))
    elif k < 23:
        emit("%s %s, %s" % (rng.choice(R2), d(), s()))
    elif k < 30:
        op = rng.choice(["slli", "srli", "srai", "rotri"])
        w = rng.choice(["w", "d"])
        emit("%s.%s %s, %s, %d" % (op, w, d(), s(), rng.randrange(32 if w == "w" else 64)))
    elif k < 36:
        if rng.random() < 0.5:
            emit("%s %s, %s, %d" % (rng.choice(SI12), d(), s(), rng.randrange(-2048, 2048)))
        else:
            emit("%s %s, %s, %d" % (rng.choice(UI12), d(), s(), rng.randrange(4096)))
    elif k < 40:
        op = rng.choice(["lu12i.w", "lu32i.d", "pcaddi", "pcaddu12i", "pcaddu18i",
                         "pcalau12i", "addu16i.d"])
        if op == "addu16i.d":
            emit("%s %s, %s, %d" % (op, d(), s(), rng.randrange(-32768, 32768)))
        else:
            emit("%s %s, %d" % (op, d(), rng.randrange(-(1 << 19), 1 << 19)))
    elif k < 44:
        op = rng.choice(["alsl.w", "alsl.wu", "alsl.d", "bytepick.w", "bytepick.d",
                         "bstrins.w", "bstrpick.w", "bstrins.d", "bstrpick.d"])
        if op.startswith("alsl"):
            emit("%s %s, %s, %s, %d" % (op, d(), s(), s(), rng.randrange(1, 5)))
        elif op == "bytepick.w":
            emit("%s %s, %s, %s, %d" % (op, d(), s(), s(), rng.randrange(4)))
        elif op == "bytepick.d":
            emit("%s %s, %s, %s, %d" % (op, d(), s(), s(), rng.randrange(8)))
        else:
            n = 32 if op.endswith("w") else 64
            lsb = rng.randrange(n)
            msb = rng.randrange(lsb, n)
            emit("%s %s, %s, %d, %d" % (op, d(), s(), msb, lsb))
    elif k < 47:
        emit("li.d %s, %#x" % (d(), rand64()))
    elif k < 53:
        if rng.random() < 0.5:
            op, n = rng.choice(LOADS)
            emit("%s %s, $tp, %d" % (op, d(), off(n, rng.random() < 0.8)))
        else:
            op, n = rng.choice(STORES)
            emit("%s %s, $tp, %d" % (op, s(), off(n, rng.random() < 0.8)))
    elif k < 56:
        if rng.random() < 0.5:
            op, n = rng.choice(LOADX)
            emit("li.w $r21, %d" % off(n))
            emit("%s %s, $tp, $r21" % (op, d()))
        else:
            op, n = rng.choice(STOREX)
            emit("li.w $r21, %d" % off(n))
            emit("%s %s, $tp, $r21" % (op, s()))
    elif k < 58:
        w = rng.choice(["w", "d"])
        o = off(8) & ~3 if w == "w" else off(8)
        emit("%s %s, $tp, %d" % (rng.choice(["ldptr", "stptr"]) + "." + w, d(), o))
    elif k < 61:
        w = rng.choice(["w", "d"])
        n = 4 if w == "w" else 8
        o = off(n)
        emit("addi.d $r21, $tp, %d" % o)
        op = rng.choice(AMO)
        if op in ("ammax", "ammin") and rng.random() < 0.5:
            w += "u"
        if rng.random() < 0.5:
            op += "_db"
        rd = d()
        rk = s()
        while rk == rd and rd != "$r0":
            rk = s()
        emit("%s.%s %s, %s, $r21" % (op, w, rd, rk))
    elif k < 63:
        w = rng.choice(["w", "d"])
        o = off(8)
        rd = d()
        emit("ll.%s %s, $tp, %d" % (w, rd, o))
        emit("add.d %s, %s, %s" % (rd, rd, s()))
        emit("sc.%s %s, $tp, %d" % (w, rd, o))
    elif k < 67:
        label[0] += 1
        op = rng.choice(BR2 + ["beqz", "bnez", "bceqz", "bcnez"])
        if op in ("beqz", "bnez"):
            emit("%s %s, .Lr%d" % (op, s(), label[0]))
        elif op in ("bceqz", "bcnez"):
            emit("%s %s, .Lr%d" % (op, fcc(), label[0]))
        else:
            emit("%s %s, %s, .Lr%d" % (op, s(), s(), label[0]))
        emit("addi.d %s, %s, %d" % (d(), s(), rng.randrange(-2048, 2048)))
        emit("xor %s, %s, %s" % (d(), s(), s()))
        out.append(".Lr%d:" % label[0])
    # ---- floating point ----
    elif k < 70:
        emit("li.d $r21, %#x" % fval())
        emit("movgr2fr.d %s, $r21" % f())
    elif k < 78:
        op = rng.choice(F3)
        emit("%s.%s %s, %s, %s" % (op, rng.choice("sd"), f(), f(), f()))
    elif k < 82:
        op = rng.choice(F2)
        emit("%s.%s %s, %s" % (op, rng.choice("sd"), f(), f()))
    elif k < 85:
        emit("%s.%s %s, %s, %s, %s" % (rng.choice(F4), rng.choice("sd"), f(), f(), f(), f()))
    elif k < 88:
        emit("fcmp.%s.%s %s, %s, %s" % (rng.choice(FCMP_CONDS), rng.choice("sd"), fcc(),
                                         f(), f()))
    elif k < 91:
        emit("%s.%s.%s %s, %s" % (rng.choice(FTINT), rng.choice("wl"), rng.choice("sd"),
                                  f(), f()))
    elif k < 93:
        op = rng.choice(["ffint.s.w", "ffint.s.l", "ffint.d.w", "ffint.d.l", "fcvt.s.d",
                         "fcvt.d.s"])
        emit("%s %s, %s" % (op, f(), f()))
    elif k < 94:
        emit("fsel %s, %s, %s, %s" % (f(), f(), f(), fcc()))
    elif k < 96:
        op = rng.choice(["movgr2fr.w", "movgr2frh.w", "movfr2gr.s", "movfr2gr.d",
                         "movfrh2gr.s", "movgr2cf", "movcf2gr", "movfr2cf", "movcf2fr"])
        if op.startswith("movgr2fr"):
            emit("%s %s, %s" % (op, f(), s()))
        elif op.startswith("movfr"):
            if op == "movfr2cf":
                emit("%s %s, %s" % (op, fcc(), f()))
            else:
                emit("%s %s, %s" % (op, d(), f()))
        elif op == "movgr2cf":
            emit("%s %s, %s" % (op, fcc(), s()))
        elif op == "movcf2gr":
            emit("%s %s, %s" % (op, d(), fcc()))
        else:
            emit("%s %s, %s" % (op, f(), fcc()))
    elif k < 98:
        n = rng.choice([4, 8])
        op = rng.choice(["fld", "fst"]) + (".s" if n == 4 else ".d")
        emit("%s %s, $tp, %d" % (op, f(), off(n)))
    else:
        # change the rounding mode (and sometimes read FCSR views back)
        emit("li.w $r21, %#x" % (rng.randrange(4) << 8))
        emit("movgr2fcsr $fcsr3, $r21")
        if rng.random() < 0.5:
            emit("movfcsr2gr %s, $fcsr%d" % (d(), rng.randrange(4)))


print("# SPDX-License-Identifier: GPL-2.0-only")
print("# Generated by tests/softkvm/gen-random.py %d %d" % (seed, count))
print("\t.text\n\t.globl test_body\ntest_body:")
for r in DEST:
    if rng.random() < 0.7:
        emit("li.d $r%d, %#x" % (r, rand64()))
for i in range(32):
    if rng.random() < 0.8:
        emit("li.d $r21, %#x" % fval())
        emit("movgr2fr.d $f%d, $r21" % i)
for _ in range(count):
    one()
emit("b dump_and_exit")
print("\n".join(out))
