# SPDX-License-Identifier: GPL-2.0-only
# Debian's busybox (built with LSX; its static glibc picks LSX/LASX string
# functions from AT_HWCAP) on work whose output depends only on the CPU:
# run in the guest by the test init (lkvmtest=userland, BB=/bin/busybox)
# and on the host under qemu-user (BB="qemu-loongarch64 busybox"); the
# "bb:" lines must be identical. $BB is left unquoted: it may be two words.
# $SIMD, when set, runs the intrinsics program (gen-intrin.py) beside it.
set -e
say() { $BB printf 'bb: %s\n' "$*"; }

say "applets $($BB --list | $BB wc -l)"
say "printf $($BB printf '%d %x %o %s %5.3f %e %g' 12345 48879 8 str 3.14159 1e300 0.0001)"
say "expr $($BB expr 123456789 \* 987 % 1000003)"
say "ash $($BB sh -c 'i=0 s=0; while [ $i -lt 2000 ]; do s=$(( (s * 31 + i) % 1000000007 )); i=$((i + 1)); done; echo $s')"
say "seq-sha256 $($BB seq 1 20000 | $BB sha256sum)"
say "seq-md5 $($BB seq -w 0 7 70000 | $BB md5sum)"
say "sha1 $($BB seq 1 3000 | $BB sha1sum)"
say "sha512 $($BB seq 1 3000 | $BB sha512sum)"
say "sort $($BB seq 1 5000 | $BB sort -r | $BB head -n 3 | $BB tr '\n' ' ')"
say "sortn $($BB seq 1 3 3000 | $BB sort | $BB sort -n | $BB tail -n 2 | $BB tr '\n' ' ')"
say "uniq $($BB seq 1 4000 | $BB awk '{print $1 % 7}' | $BB sort | $BB uniq -c | $BB tr -s ' \n' ' ')"
say "awk-fp $($BB awk 'BEGIN { s = 0; p = 1; for (i = 1; i <= 20000; i++) { s += i * 1.5 / 7 + 1 / i; p = p * 1.0001 } printf "%.9f %.6e %d %.17g", s, p, int(s / 3), 0.1 + 0.2 }')"
say "awk-str $($BB awk 'BEGIN { s = ""; for (i = 0; i < 300; i++) s = s sprintf("%03d", i); print length(s), substr(s, 400, 12), index(s, "299") }')"
say "sed $($BB seq 1 1000 | $BB sed -n 's/\(.\)\(.\)7$/\2\1x/p' | $BB tr '\n' ',' | $BB cut -c1-60)"
say "tr-wc $($BB dd if=/dev/zero bs=4096 count=300 2>/dev/null | $BB tr '\0' 'a' | $BB wc -c)"
say "grep $($BB seq 1 100000 | $BB grep -c '^9.*9$')"
say "gzip $($BB seq 1 30000 | $BB gzip -9 | $BB gzip -d | $BB md5sum)"
say "gzip-len $($BB seq 1 30000 | $BB gzip -9 -n | $BB wc -c)"
say "bzip2 $($BB seq 1 20000 | $BB bzip2 -c | $BB bzip2 -dc | $BB sha256sum)"
say "od $($BB printf 'LoongArch\001\377' | $BB od -A x -t x1 | $BB head -n 1)"
say "hexdump $($BB seq 1 64 | $BB hexdump -C | $BB tail -n 2 | $BB head -n 1)"
say "base64 $($BB seq 1 500 | $BB base64 | $BB md5sum)"
say "crc $($BB seq 1 9999 | $BB gzip -n -1 | $BB tail -c 8 | $BB od -A n -t x1)"
say "factor $($BB factor 600851475143 9007199254740881 | $BB tr '\n' ' ')"
say "dc $($BB dc -e '2 64 ^ p' 2>/dev/null || echo none)"
long=$($BB printf '%0700d' 0)
say "strlen ${#long} $($BB printf '%s' "$long$long" | $BB wc -c)"
say "cut $($BB printf 'a:b:c:d\n1:2:3:4\n' | $BB cut -d: -f2,4 | $BB tr '\n' ' ')"
if [ -n "${SIMD:-}" ]; then
	$SIMD
fi
say done
