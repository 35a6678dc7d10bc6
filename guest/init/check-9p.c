/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In-guest check of virtio-9p (lkvmtest=9p). The host (tests/e2e/9p.sh)
 * shares a directory as tag "lkvmtest" and another as "lkvmro" (ro) and
 * checks afterwards what this did:
 *
 *   big        1 MiB the host wrote: its SHA-256 is printed
 *   new.txt -> renamed.txt ("hello 9p\n", mode 0604), hard.txt a hard
 *              link to it, dir1/ (0750) holding link -> ../renamed.txt,
 *              trunc.bin truncated from 100 to 10 bytes, large.bin 3 MiB
 *              (byte i = (i * 7 + i / 65536) & 255) written and fsync'd,
 *              todelete removed
 *   esc_*      symlinks to outside the share: reading them gives nothing
 *   lkvmro     ro.txt is read; creating a file must fail with EROFS
 *
 * Lines: "lkvm-9p: KEY VALUE".
 */
#include "checks.h"
#include "sys.h"

#define SYS_unlinkat	35
#define SYS_symlinkat	36
#define SYS_linkat	37
#define SYS_ftruncate	46
#define SYS_fchmodat	53
#define SYS_renameat2	276
#define EROFS		30
#define AT_REMOVEDIR	0x200

static u8 buf[1 << 20];

/* ---- SHA-256 (FIPS 180-4) ---- */

struct sha256 {
	u32 h[8];
	u8 blk[64];
	u64 len;
};

static const u32 sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static u32 ror(u32 x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha_block(struct sha256 *s, const u8 *p)
{
	u32 w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 |
		       p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       w[i - 7] + (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10));
	for (int i = 0; i < 8; i++)
		v[i] = s->h[i];
	for (int i = 0; i < 64; i++) {
		u32 t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
			 ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
		u32 t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
			 ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));

		for (int j = 7; j > 0; j--)
			v[j] = v[j - 1];
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha_init(struct sha256 *s)
{
	static const u32 h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
}

static void sha_update(struct sha256 *s, const u8 *p, size_t n)
{
	while (n) {
		size_t off = s->len & 63, c = 64 - off < n ? 64 - off : n;

		memcpy(s->blk + off, p, c);
		s->len += c;
		p += c;
		n -= c;
		if (!(s->len & 63))
			sha_block(s, s->blk);
	}
}

static void sha_final(struct sha256 *s, char *hex)
{
	u64 bits = s->len * 8;
	u8 pad = 0x80, len[8];

	sha_update(s, &pad, 1);
	pad = 0;
	while ((s->len & 63) != 56)
		sha_update(s, &pad, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (u8)(bits >> (56 - 8 * i));
	sha_update(s, len, 8);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[(s->h[i / 4] >> (28 - 8 * (i % 4))) & 15];
		hex[2 * i + 1] = "0123456789abcdef"[(s->h[i / 4] >> (24 - 8 * (i % 4))) & 15];
	}
	hex[64] = '\0';
}

/* ---- file operations ---- */

static int fail(const char *what, long err)
{
	char num[24];

	say("lkvm-9p: FAILED ", what, " errno=", utoa((u64)-err, num), "\n");
	return 1;
}

/* Write n bytes of p to a new file path. */
static int put_file(const char *path, const void *p, size_t n, int mode)
{
	int fd = sys_open(path, O_WRONLY | O_CREAT | 01000, mode);
	long w;

	if (fd < 0)
		return fail(path, fd);
	w = sys_write(fd, p, n);
	sys_close(fd);
	return w == (long)n ? 0 : fail(path, w < 0 ? w : -EIO);
}

static int hash_big(void)
{
	struct sha256 s;
	char hex[65];
	int fd = sys_open("/mnt/big", O_RDONLY, 0);
	long n, total = 0;

	if (fd < 0)
		return fail("open big", fd);
	sha_init(&s);
	while ((n = sys_read(fd, buf, 65536 + 1000)) > 0) {
		sha_update(&s, buf, (size_t)n);
		total += n;
	}
	sys_close(fd);
	if (n < 0)
		return fail("read big", n);
	sha_final(&s, hex);
	say("lkvm-9p: sha256 ", hex, "\n");
	return total == (1 << 20) ? 0 : fail("big size", -EIO);
}

static int list_root(void)
{
	int fd = sys_open("/mnt", O_RDONLY | O_DIRECTORY, 0);
	long n;

	if (fd < 0)
		return fail("open /mnt", fd);
	while ((n = sys_getdents64(fd, buf, 4096)) > 0)
		for (long pos = 0; pos < n;) {
			const char *name = (const char *)buf + pos + 19;

			if (strcmp(name, ".") && strcmp(name, ".."))
				say("lkvm-9p: ls ", name, "\n");
			pos += *(unsigned short *)(buf + pos + 16);
		}
	sys_close(fd);
	return n < 0 ? fail("getdents", n) : 0;
}

static int changes(void)
{
	long err;
	int fd;

	if (put_file("/mnt/new.txt", "hello 9p\n", 9, 0644))
		return 1;
	if ((err = sys_call6(SYS_renameat2, AT_FDCWD, (long)"/mnt/new.txt", AT_FDCWD,
			     (long)"/mnt/renamed.txt", 0, 0)))
		return fail("rename", err);
	if ((err = sys_mkdir("/mnt/dir1", 0750)))
		return fail("mkdir", err);
	if ((err = sys_call3(SYS_symlinkat, "../renamed.txt", AT_FDCWD, "/mnt/dir1/link")))
		return fail("symlink", err);
	if ((err = sys_call6(SYS_linkat, AT_FDCWD, (long)"/mnt/renamed.txt", AT_FDCWD,
			     (long)"/mnt/hard.txt", 0, 0)))
		return fail("link", err);
	if ((err = sys_call6(SYS_fchmodat, AT_FDCWD, (long)"/mnt/renamed.txt", 0604, 0, 0, 0)))
		return fail("chmod", err);
	memset(buf, 'x', 100);
	if (put_file("/mnt/trunc.bin", buf, 100, 0644))
		return 1;
	fd = sys_open("/mnt/trunc.bin", O_RDWR, 0);
	if (fd < 0)
		return fail("open trunc.bin", fd);
	err = sys_call3(SYS_ftruncate, fd, 10, 0);
	sys_close(fd);
	if (err)
		return fail("ftruncate", err);
	if ((err = sys_call3(SYS_unlinkat, AT_FDCWD, "/mnt/todelete", 0)))
		return fail("unlink", err);
	fd = sys_open("/mnt/large.bin", O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return fail("open large.bin", fd);
	for (u32 k = 0; k < 3; k++) {
		for (u32 i = 0; i < sizeof(buf); i++) {
			u32 g = k * (u32)sizeof(buf) + i;

			buf[i] = (u8)(g * 7 + g / 65536);
		}
		err = sys_write(fd, buf, sizeof(buf));
		if (err != (long)sizeof(buf)) {
			sys_close(fd);
			return fail("write large.bin", err < 0 ? err : -EIO);
		}
	}
	err = sys_fsync(fd);
	sys_close(fd);
	if (err)
		return fail("fsync", err);
	/* Reads back through the guest: the target of the symlink. */
	if ((err = read_file("/mnt/dir1/link", (char *)buf, 64)) != 9)
		return fail("read through dir1/link", err < 0 ? err : -EIO);
	say("lkvm-9p: changes done\n");
	return 0;
}

/* Links pointing outside the share: the guest sees no secret through them. */
static int escapes(void)
{
	static const char *const paths[] = {
		"/mnt/esc_abs", "/mnt/esc_rel", "/mnt/esc_dir/secret", "/mnt/../secret",
	};
	int bad = 0;
	long n;

	for (unsigned int i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		n = read_file(paths[i], (char *)buf, 256);
		if (n > 0 && !strncmp((char *)buf, "SECRET", 6)) {
			say("lkvm-9p: ESCAPE through ", paths[i], "\n");
			bad = 1;
		}
	}
	n = sys_readlink("/mnt/esc_abs", (char *)buf, 255);
	if (n > 0) {
		buf[n] = 0;
		say("lkvm-9p: esc_abs -> ", (char *)buf, "\n");
	}
	if (!bad)
		say("lkvm-9p: escapes none\n");
	return bad;
}

static int ro_share(void)
{
	long err;
	int fd;

	if ((err = sys_mkdir("/ro", 0755)) && err != -17)
		return fail("mkdir /ro", err);
	err = sys_mount("lkvmro", "/ro", "9p", 0, "trans=virtio,version=9p2000.L");
	if (err)
		return fail("mount lkvmro", err);
	err = read_file("/ro/ro.txt", (char *)buf, 64);
	if (err < 0)
		return fail("read ro.txt", err);
	for (long i = 0; i < err; i++)
		if (buf[i] == '\n')
			buf[i] = 0;
	say("lkvm-9p: ro.txt ", (char *)buf, "\n");
	fd = sys_open("/ro/created", O_WRONLY | O_CREAT, 0644);
	if (fd >= 0) {
		sys_close(fd);
		say("lkvm-9p: ro share accepted a new file\n");
		return 1;
	}
	err = sys_call3(SYS_unlinkat, AT_FDCWD, "/ro/ro.txt", 0);
	{
		char a[24], b[24];

		say("lkvm-9p: ro create=", utoa((u64)-fd, a), " unlink=", utoa((u64)-err, b), "\n");
	}
	return fd == -EROFS && err == -EROFS ? 0 : 1;
}

int check_9p(void)
{
	long err;
	int bad = 0;

	if ((err = sys_mkdir("/mnt", 0755)) && err != -17)
		return fail("mkdir /mnt", err);
	err = sys_mount("lkvmtest", "/mnt", "9p", 0, "trans=virtio,version=9p2000.L,msize=262144");
	if (err)
		return fail("mount lkvmtest", err);
	bad |= hash_big();
	bad |= list_root();
	bad |= changes();
	bad |= escapes();
	bad |= ro_share();
	sys_sync();
	return bad;
}

/*
 * lkvmtest=9pbench: on the share "lkvmtest" (any 9p server: lkvm's or
 * QEMU's), write a 32 MiB file in 1 MiB writes and fsync it, read it back,
 * then create and stat 500 small files; prints the rates as
 * lkvm-report: 9p_write_kib_per_s=N, 9p_read_kib_per_s=N,
 * 9p_create_stat_per_s=N.
 */
#define BENCH_MIB	32
#define BENCH_FILES	500

static u64 per_s(u64 n, long us)
{
	return us > 0 ? n * 1000000 / (u64)us : 0;
}

int check_9pbench(void)
{
	char name[40], num[24];
	long t0, err;
	int fd;

	sys_mkdir("/mnt", 0755);
	err = sys_mount("lkvmtest", "/mnt", "9p", 0, "trans=virtio,version=9p2000.L,msize=262144");
	if (err)
		return fail("mount lkvmtest", err);
	memset(buf, 0x5a, sizeof(buf));
	fd = sys_open("/mnt/seq.bin", O_WRONLY | O_CREAT | 01000, 0644);
	if (fd < 0)
		return fail("open seq.bin", fd);
	t0 = now_us();
	for (int i = 0; i < BENCH_MIB; i++)
		if (sys_write(fd, buf, sizeof(buf)) != (long)sizeof(buf))
			return fail("write seq.bin", -EIO);
	sys_fsync(fd);
	say_kv_u("9p_write_kib_per_s", per_s(BENCH_MIB * 1024, now_us() - t0));
	sys_close(fd);
	fd = sys_open("/mnt/seq.bin", O_RDONLY, 0);
	if (fd < 0)
		return fail("open seq.bin", fd);
	t0 = now_us();
	for (int i = 0; i < BENCH_MIB; i++)
		if (sys_read(fd, buf, sizeof(buf)) != (long)sizeof(buf))
			return fail("read seq.bin", -EIO);
	say_kv_u("9p_read_kib_per_s", per_s(BENCH_MIB * 1024, now_us() - t0));
	sys_close(fd);
	sys_mkdir("/mnt/small", 0755);
	t0 = now_us();
	for (int i = 0; i < BENCH_FILES; i++) {
		u8 st[128];

		memcpy(name, "/mnt/small/f", 12);
		utoa((u64)i, num);
		memcpy(name + 12, num, strlen(num) + 1);
		fd = sys_open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			return fail("create", fd);
		sys_close(fd);
		err = sys_call6(79 /* newfstatat */, AT_FDCWD, (long)name, (long)st, 0, 0, 0);
		if (err)
			return fail("stat", err);
	}
	say_kv_u("9p_create_stat_per_s", per_s(BENCH_FILES, now_us() - t0));
	return 0;
}
