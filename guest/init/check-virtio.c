/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In-guest checks of lkvm's virtio devices. Parameters come from the
 * kernel command line:
 *
 *   lkvmtest.blk_size=N     /dev/vda must hold exactly N bytes
 *   lkvmtest.blk_pattern=0  the image holds no pattern (default 1: it does)
 *   lkvmtest.blk_write=S    write 8 sectors from sector S, fsync, print
 *                           "lkvm-blk: flushed" (the host checks the image)
 *   lkvmtest.blk_ro=1       writing /dev/vda must fail
 *   lkvmtest.blk_hold=1     after the checks, wait to be killed
 *   lkvmtest.blk_bench=1    time an O_DIRECT sequential read of the disk
 *   lkvmtest.blk_bench_io=N  ... in reads of N bytes (4 KiB multiple, at most
 *                           1 MiB, the default): one request each at 4 KiB
 *
 * The image's sector k holds the 16 bytes "LKVMSECT%08x" (k in hex) 32
 * times; sectors written by the guest hold "LKVMGSTW%08x". The host side
 * is tests/e2e/virtio.sh.
 */
#include "checks.h"
#include "sys.h"

#define BLKGETSIZE64	0x80081272UL	/* _IOR(0x12, 114, size_t) */
#define O_DIRECT	040000
#define O_NONBLOCK	04000
#define SECTOR		512

static char args[4096];

/* Value of lkvmtest.KEY= as a number; def when absent. */
static u64 param(const char *key, u64 def)
{
	size_t kl = strlen(key);
	const char *p = args;

	if (!args[0] && read_file("/proc/cmdline", args, sizeof(args)) < 0)
		return def;
	while (*p) {
		if (!strncmp(p, "lkvmtest.", 9) && !strncmp(p + 9, key, kl) && p[9 + kl] == '=') {
			u64 v = 0;

			for (p += 10 + kl; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (u64)(*p - '0');
			return v;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return def;
}

static void hex8(char *out, u64 v)
{
	for (int i = 7; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
}

/* One sector of the pattern: tag (8 chars) + sector number, 32 times. */
static void make_sector(u8 *buf, const char *tag, u64 k)
{
	for (int i = 0; i < SECTOR; i += 16) {
		memcpy(buf + i, tag, 8);
		hex8((char *)buf + i + 8, k);
	}
}

static u8 sbuf[SECTOR], want[SECTOR];
static u8 big[1 << 20] __attribute__((aligned(65536)));

static int check_sector(int fd, u64 k)
{
	char num[24];

	if (sys_pread(fd, sbuf, SECTOR, (long)(k * SECTOR)) != SECTOR) {
		say("lkvm-blk: cannot read sector ", utoa(k, num), "\n");
		return 1;
	}
	make_sector(want, "LKVMSECT", k);
	if (memcmp(sbuf, want, SECTOR)) {
		say("lkvm-blk: sector ", utoa(k, num), " does not hold the pattern\n");
		return 1;
	}
	return 0;
}

static void blk_bench(u64 size)
{
	u64 done = 0, io = param("blk_bench_io", sizeof(big));
	long t0, t1, r;
	int fd = sys_open("/dev/vda", O_RDONLY | O_DIRECT | O_CLOEXEC, 0);

	if (fd < 0) {
		say("lkvm-blk: cannot open /dev/vda with O_DIRECT\n");
		return;
	}
	if (!io || io > sizeof(big) || io % 4096)
		io = sizeof(big);
	say("lkvm-blk: bench begin\n");
	t0 = now_us();
	while (done < size) {
		r = sys_pread(fd, big, io, (long)done);
		if (r <= 0)
			break;
		done += (u64)r;
	}
	t1 = now_us();
	say("lkvm-blk: bench end\n");
	sys_close(fd);
	say_kv_u("blk_bench_bytes", done);
	say_kv_u("blk_bench_us", (u64)(t1 - t0));
	if (t1 > t0)
		say_kv_u("blk_bench_kib_per_s", done * 1000000 / 1024 / (u64)(t1 - t0));
}

int check_blk(void)
{
	u64 size = 0, nsect, expect = param("blk_size", 0), wr = param("blk_write", ~0UL);
	char num[24];
	int fd, bad = 0;

	fd = sys_open("/dev/vda", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		say("lkvm-blk: no /dev/vda\n");
		return 1;
	}
	if (sys_ioctl(fd, BLKGETSIZE64, &size) < 0) {
		say("lkvm-blk: BLKGETSIZE64 failed\n");
		sys_close(fd);
		return 1;
	}
	say_kv_u("blk_size", size);
	if (expect && size != expect) {
		say("lkvm-blk: size is ", utoa(size, num), " bytes, wanted ", utoa(expect, num), "\n");
		bad = 1;
	}
	nsect = size / SECTOR;
	if (nsect && param("blk_pattern", 1)) {
		bad |= check_sector(fd, 0);
		bad |= check_sector(fd, 1);
		bad |= check_sector(fd, nsect / 2);
		bad |= check_sector(fd, nsect - 1);
	}
	sys_close(fd);

	if (param("blk_ro", 0)) {
		fd = sys_open("/dev/vda", O_RDWR | O_CLOEXEC, 0);
		if (fd >= 0) {
			make_sector(sbuf, "LKVMGSTW", 0);
			if (sys_write(fd, sbuf, SECTOR) == SECTOR && sys_fsync(fd) == 0) {
				say("lkvm-blk: a write to the read-only disk succeeded\n");
				bad = 1;
			}
			sys_close(fd);
		}
		if (!bad)
			say("lkvm-blk: read-only disk refused the write\n");
	} else if (wr != ~0UL && wr + 8 <= nsect) {
		fd = sys_open("/dev/vda", O_RDWR | O_CLOEXEC, 0);
		for (u64 k = 0; fd >= 0 && k < 8; k++) {
			make_sector(sbuf, "LKVMGSTW", wr + k);
			if (sys_call6(68 /* pwrite64 */, fd, (long)sbuf, SECTOR,
				      (long)((wr + k) * SECTOR), 0, 0) != SECTOR)
				bad = 1;
		}
		if (fd < 0 || sys_fsync(fd)) {
			say("lkvm-blk: write or fsync failed\n");
			bad = 1;
		} else if (!bad) {
			say("lkvm-blk: flushed\n");
		}
		if (fd >= 0)
			sys_close(fd);
	}
	if (param("blk_bench", 0))
		blk_bench(size);
	if (param("blk_hold", 0)) {
		say("lkvm-blk: holding\n");
		for (;;)
			sys_nanosleep(1000);
	}
	return bad;
}

int check_rng(void)
{
	u8 a[64], b[64];
	char cur[64], num[24];
	long n1, n2;
	int fd, nonzero = 0;

	if (read_file("/sys/class/misc/hw_random/rng_current", cur, sizeof(cur)) > 0)
		say("lkvm-rng: current ", cur);
	fd = sys_open("/dev/hwrng", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		say("lkvm-rng: no /dev/hwrng\n");
		return 1;
	}
	n1 = sys_read(fd, a, sizeof(a));
	n2 = sys_read(fd, b, sizeof(b));
	sys_close(fd);
	if (n1 != sizeof(a) || n2 != sizeof(b)) {
		say("lkvm-rng: short read\n");
		return 1;
	}
	for (unsigned int i = 0; i < sizeof(a); i++)
		nonzero += a[i] != 0;
	say_kv_u("rng_bytes", (u64)(n1 + n2));
	if (nonzero < 32 || !memcmp(a, b, sizeof(a))) {
		say("lkvm-rng: bytes do not look random (", utoa((u64)nonzero, num),
		    " non-zero of 64)\n");
		return 1;
	}
	return 0;
}

/* Write a line to hvc0, then wait up to 30 s for one line from the host. */
int check_console(void)
{
	static const char hello[] = "lkvm-hvc: hello from hvc0\n";
	char line[128];
	long n, len = 0;
	int fd;

	fd = sys_open("/dev/hvc0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
	if (fd < 0) {
		say("lkvm-hvc: no /dev/hvc0\n");
		return 1;
	}
	if (sys_write(fd, hello, sizeof(hello) - 1) != sizeof(hello) - 1) {
		say("lkvm-hvc: write failed\n");
		sys_close(fd);
		return 1;
	}
	say("lkvm-hvc: ready\n");
	for (int tries = 0; tries < 300 && len < (long)sizeof(line) - 1; tries++) {
		n = sys_read(fd, line + len, sizeof(line) - 1 - (size_t)len);
		if (n > 0) {
			len += n;
			if (line[len - 1] == '\n')
				break;
			continue;
		}
		sys_nanosleep(100);
	}
	sys_close(fd);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	line[len] = 0;
	say("lkvm-hvc: got '", line, "'\n");
	return len ? 0 : 1;
}
