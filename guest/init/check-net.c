/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In-guest check of lkvm's virtio-net, with raw socket calls. The kernel
 * configures eth0 itself (ip=dhcp, or a static ip=); parameters come from
 * the kernel command line:
 *
 *   lkvmtest.net_server=A.B.C.D  the host side (default 10.0.2.2, slirp's
 *                                gateway, which is the host's loopback)
 *   lkvmtest.net_port=N          GET /net.bin from an HTTP server there and
 *                                print its status, size and CRC-32
 *   lkvmtest.net_refused=1       connecting to it must fail instead
 *                                (restrict=on), within 5 s
 *   lkvmtest.net_listen=N        then accept one TCP connection on port N,
 *                                read up to a newline or EOF, and answer
 *                                "crc32=XXXXXXXX bytes=N\n" of what came
 *
 *   lkvmtest.net_bench=N         make bench (bench/net.sh): send
 *                                lkvmtest.net_bench_mb MiB (default 32) to
 *                                port N, then 1-byte requests answered with
 *                                one byte on port N+1, lkvmtest.net_bench_rr
 *                                times (default 1000); the host times both
 *
 * The host side (tests/e2e/net.sh) computes the CRC-32s on its own.
 */
#include "checks.h"
#include "sys.h"

#define SYS_socket	198
#define SYS_bind	200
#define SYS_listen	201
#define SYS_accept	202
#define SYS_connect	203
#define SYS_setsockopt	208
#define SYS_shutdown	210
#define SHUT_WR		1
#define AF_INET		2
#define SOCK_STREAM	1
#define SOL_SOCKET	1
#define SO_REUSEADDR	2
#define SO_RCVTIMEO	20
#define SO_SNDTIMEO	21
#define SIOCGIFADDR	0x8915

struct sin {
	u16 family;
	u16 port;			/* big-endian */
	u8 addr[4];
	u8 zero[8];
};

struct sys_timeval {
	long sec, usec;
};

static u16 be16(u16 v)
{
	return (u16)(v << 8 | v >> 8);
}

static u32 crc_table[256];

static u32 crc32_update(u32 crc, const u8 *p, size_t n)
{
	if (!crc_table[1])
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			crc_table[i] = c;
		}
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void hex32(char *out, u32 v)
{
	for (int i = 7; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	out[8] = 0;
}

static char cmdline[4096];

/* lkvmtest.net_server=A.B.C.D into a; false if absent or malformed. */
static int server_addr(u8 *a)
{
	const char *key = "lkvmtest.net_server=";
	const char *p = cmdline;
	size_t kl = strlen(key);

	a[0] = 10, a[1] = 0, a[2] = 2, a[3] = 2;
	if (!cmdline[0] && read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return 0;
	for (; *p; p++) {
		if ((p == cmdline || p[-1] == ' ') && !strncmp(p, key, kl)) {
			p += kl;
			for (int i = 0; i < 4; i++) {
				u32 v = 0;

				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9')
					v = v * 10 + (u32)(*p++ - '0');
				if (v > 255 || (i < 3 && *p++ != '.'))
					return -1;
				a[i] = (u8)v;
			}
			return 0;
		}
	}
	return 0;
}

static int tcp_socket(long timeout_s)
{
	struct sys_timeval tv = { timeout_s, 0 };
	int one = 1;
	int fd = (int)sys_call3(SYS_socket, AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return fd;
	sys_call6(SYS_setsockopt, fd, SOL_SOCKET, SO_RCVTIMEO, (long)&tv, sizeof(tv), 0);
	sys_call6(SYS_setsockopt, fd, SOL_SOCKET, SO_SNDTIMEO, (long)&tv, sizeof(tv), 0);
	sys_call6(SYS_setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, (long)&one, sizeof(one), 0);
	return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = sys_write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static u8 buf[65536];

/*
 * Close only once the peer has everything: send our FIN, wait for theirs.
 * The init powers off right after a check, which would cut off frames
 * still on their way out.
 */
static void close_flushed(int fd)
{
	sys_call3(SYS_shutdown, fd, SHUT_WR, 0);
	while (sys_read(fd, buf, sizeof(buf)) > 0)
		;
	sys_close(fd);
}

/* eth0's IPv4 address, printed; fails when it has none. */
static int net_addr(void)
{
	struct { char name[16]; struct sin a; u8 pad[8]; } ifr = { "eth0", { 0 }, { 0 } };
	char num[24], line[64];
	int fd = (int)sys_call3(SYS_socket, AF_INET, SOCK_STREAM, 0);
	int r = fd < 0 ? fd : sys_ioctl(fd, SIOCGIFADDR, &ifr);

	if (fd >= 0)
		sys_close(fd);
	if (r < 0 || !ifr.a.addr[0]) {
		say("lkvm-net: eth0 has no IPv4 address\n");
		return 1;
	}
	line[0] = 0;
	for (int i = 0; i < 4; i++) {
		size_t l = strlen(line);

		utoa(ifr.a.addr[i], num);
		memcpy(line + l, num, strlen(num) + 1);
		if (i < 3)
			memcpy(line + strlen(line), ".", 2);
	}
	say("lkvm-net: addr=", line, "\n");
	return 0;
}

static int connect_to(const u8 *a, u64 port, long timeout_s)
{
	struct sin sa = { AF_INET, be16((u16)port), { a[0], a[1], a[2], a[3] }, { 0 } };
	int fd = tcp_socket(timeout_s);

	if (fd < 0)
		return fd;
	if (sys_call3(SYS_connect, fd, &sa, sizeof(sa)) < 0) {
		sys_close(fd);
		return -1;
	}
	return fd;
}

/* GET /net.bin; prints status, body size and CRC-32. */
static int net_get(const u8 *a, u64 port)
{
	static const char req[] = "GET /net.bin HTTP/1.0\r\nHost: lkvm\r\n\r\n";
	char num[24], hex[9], status[4] = { 0 };
	u64 body = 0, hdr = 0;
	u32 crc = 0;
	int seen = 0;	/* how much of "\r\n\r\n" ended the header so far */
	int fd = connect_to(a, port, 30);

	if (fd < 0) {
		say("lkvm-net: cannot connect to the host's server\n");
		return 1;
	}
	if (write_all(fd, req, sizeof(req) - 1)) {
		sys_close(fd);
		say("lkvm-net: cannot send the request\n");
		return 1;
	}
	for (;;) {
		ssize_t r = sys_read(fd, buf, sizeof(buf));
		ssize_t i = 0;

		if (r <= 0)
			break;
		for (; seen < 4 && i < r; i++, hdr++) {
			if (hdr >= 9 && hdr < 12)
				status[hdr - 9] = (char)buf[i];
			seen = buf[i] == "\r\n\r\n"[seen] ? seen + 1 : buf[i] == '\r';
		}
		crc = crc32_update(crc, buf + i, (size_t)(r - i));
		body += (u64)(r - i);
	}
	sys_close(fd);
	hex32(hex, crc);
	say("lkvm-net: http status=", status, " bytes=", utoa(body, num), " crc32=", hex, "\n");
	return strcmp(status, "200") != 0;
}

/* Accept one connection, answer with the CRC-32 of what it sent. */
static int net_listen(u64 port)
{
	struct sin sa = { AF_INET, be16((u16)port), { 0 }, { 0 } };
	char num[24], hex[9], reply[64];
	u64 got = 0;
	u32 crc = 0;
	int fd = tcp_socket(120), c;

	if (fd < 0 || sys_call3(SYS_bind, fd, &sa, sizeof(sa)) < 0 ||
	    sys_call3(SYS_listen, fd, 1, 0) < 0) {
		say("lkvm-net: cannot listen on port ", utoa(port, num), "\n");
		return 1;
	}
	say("lkvm-net: listening port=", utoa(port, num), "\n");
	c = (int)sys_call3(SYS_accept, fd, 0, 0);
	sys_close(fd);
	if (c < 0) {
		say("lkvm-net: no connection came\n");
		return 1;
	}
	for (;;) {
		ssize_t r = sys_read(c, buf, sizeof(buf));

		if (r <= 0)
			break;
		crc = crc32_update(crc, buf, (size_t)r);
		got += (u64)r;
		if (buf[r - 1] == '\n')
			break;
	}
	hex32(hex, crc);
	memcpy(reply, "crc32=", 6);
	memcpy(reply + 6, hex, 8);
	memcpy(reply + 14, " bytes=", 7);
	utoa(got, num);
	memcpy(reply + 21, num, strlen(num));
	memcpy(reply + 21 + strlen(num), "\n", 2);
	if (write_all(c, reply, strlen(reply))) {
		sys_close(c);
		return 1;
	}
	close_flushed(c);
	say("lkvm-net: served ", reply);
	return 0;
}

static int net_bench(const u8 *a, u64 port)
{
	u64 mb = lkvmtest_param("net_bench_mb", 32), rr = lkvmtest_param("net_bench_rr", 1000);
	int fd = connect_to(a, port, 60);
	u8 c = 'x';

	if (fd < 0) {
		say("lkvm-net: bench: cannot connect\n");
		return 1;
	}
	memset(buf, 'b', sizeof(buf));
	for (u64 i = 0; i < mb * 16; i++)
		if (write_all(fd, (const char *)buf, sizeof(buf))) {
			sys_close(fd);
			say("lkvm-net: bench: send failed\n");
			return 1;
		}
	close_flushed(fd);
	fd = connect_to(a, port + 1, 60);
	if (fd < 0) {
		say("lkvm-net: bench: cannot connect for requests\n");
		return 1;
	}
	for (u64 i = 0; i < rr; i++)
		if (sys_write(fd, &c, 1) != 1 || sys_read(fd, &c, 1) != 1) {
			sys_close(fd);
			say("lkvm-net: bench: request failed\n");
			return 1;
		}
	close_flushed(fd);
	say("lkvm-net: bench done\n");
	return 0;
}

int check_net(void)
{
	u64 port = lkvmtest_param("net_port", 0), lport = lkvmtest_param("net_listen", 0);
	u8 a[4];
	int fails = net_addr();

	if (server_addr(a)) {
		say("lkvm-net: lkvmtest.net_server is not an IPv4 address\n");
		return 1;
	}
	if (port && lkvmtest_param("net_refused", 0)) {
		int fd = connect_to(a, port, 5);

		if (fd >= 0) {
			sys_close(fd);
			say("lkvm-net: outbound connection went through\n");
			fails++;
		} else {
			say("lkvm-net: outbound refused\n");
		}
	} else if (port) {
		fails += net_get(a, port);
	}
	if (lport)
		fails += net_listen(lport);
	if (lkvmtest_param("net_bench", 0))
		fails += net_bench(a, lkvmtest_param("net_bench", 0));
	return fails;
}
