/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 9P2000.L handler (virtio/9p-proto.c) driven with crafted messages:
 * malformed ones, escapes from the share (symlinks, "..", a symlink
 * swapped in after a walk), the ro share, fid limits and leaks.
 *
 * Layout made per test: TOP/secret ("SECRET") and TOP/share holding
 * file ("0123456789"), sub/inner, esc -> ../secret, escabs -> TOP/secret,
 * escdir -> TOP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "lkvm/p9.h"

static char top[64], share[96];
static u8 msg[P9_MAX_MSIZE], rep[P9_MAX_MSIZE];
static size_t mlen, rlen;

/* ---- building requests: "4" u32, "8" u64, "2" u16, "1" u8, "s" string ---- */

static void m_start(u8 type)
{
	msg[4] = type;
	put_le16(msg + 5, 1);
	mlen = P9_HDR;
}

static void m_add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		switch (*fmt) {
		case '1': msg[mlen++] = (u8)va_arg(ap, int); break;
		case '2': put_le16(msg + mlen, (u16)va_arg(ap, int)); mlen += 2; break;
		case '4': put_le32(msg + mlen, va_arg(ap, u32)); mlen += 4; break;
		case '8': put_le64(msg + mlen, va_arg(ap, u64)); mlen += 8; break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = strlen(s);

			put_le16(msg + mlen, (u16)n);
			memcpy(msg + mlen + 2, s, n);
			mlen += 2 + n;
			break;
		}
		}
	}
	va_end(ap);
}

/* Send the message; returns the reply type, or -errno for Rlerror. */
static int m_send(struct p9_server *s)
{
	put_le32(msg, (u32)mlen);
	rlen = p9__handle(s, msg, mlen, rep, sizeof(rep));
	assert_true(rlen >= P9_HDR);
	assert_int_equal(get_le32(rep), rlen);
	assert_int_equal(get_le16(rep + 5), 1);
	if (rep[4] == P9_RLERROR) {
		assert_int_equal(rlen, P9_HDR + 4);
		return -(int)get_le32(rep + P9_HDR);
	}
	assert_int_equal(rep[4], msg[4] + 1);
	return rep[4];
}

static struct p9_server *srv_up(bool ro)
{
	struct p9_server *s = p9__new(share, ro);

	assert_non_null(s);
	m_start(P9_TVERSION);
	m_add("4s", (u32)8192, "9P2000.L");
	assert_int_equal(m_send(s), P9_RVERSION);
	m_start(P9_TATTACH);
	m_add("44ss4", 1u, P9_NOFID, "root", "", 0u);
	assert_int_equal(m_send(s), P9_RATTACH);
	return s;
}

static int walk(struct p9_server *s, u32 fid, u32 newfid, int n, ...)
{
	va_list ap;

	m_start(P9_TWALK);
	m_add("442", fid, newfid, n);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		m_add("s", va_arg(ap, const char *));
	va_end(ap);
	return m_send(s);
}

static u16 nwqid(void)
{
	return get_le16(rep + P9_HDR);
}

static int lopen(struct p9_server *s, u32 fid, u32 flags)
{
	m_start(P9_TLOPEN);
	m_add("44", fid, flags);
	return m_send(s);
}

/* Read up to 64 bytes of an open fid into out (NUL-terminated). */
static int read_fid(struct p9_server *s, u32 fid, char *out)
{
	int r;
	u32 n;

	m_start(P9_TREAD);
	m_add("484", fid, (u64)0, 64u);
	r = m_send(s);
	if (r < 0)
		return r;
	n = get_le32(rep + P9_HDR);
	memcpy(out, rep + P9_HDR + 4, n);
	out[n] = '\0';
	return r;
}

static void put(const char *name, const char *text)
{
	char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", top, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char p[160], t[160];

	(void)state;
	strcpy(top, "/tmp/lkvm-p9-test.XXXXXX");
	assert_non_null(mkdtemp(top));
	snprintf(share, sizeof(share), "%s/share", top);
	assert_int_equal(mkdir(share, 0755), 0);
	put("secret", "SECRET");
	put("share/file", "0123456789");
	snprintf(p, sizeof(p), "%s/sub", share);
	assert_int_equal(mkdir(p, 0755), 0);
	put("share/sub/inner", "inner");
	snprintf(p, sizeof(p), "%s/esc", share);
	assert_int_equal(symlink("../secret", p), 0);
	snprintf(p, sizeof(p), "%s/escabs", share);
	snprintf(t, sizeof(t), "%s/secret", top);
	assert_int_equal(symlink(t, p), 0);
	snprintf(p, sizeof(p), "%s/escdir", share);
	assert_int_equal(symlink(top, p), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* ---- malformed messages ---- */

static void test_malformed(void **state)
{
	struct p9_server *s = p9__new(share, false);
	static const u8 shorts[][6] = { { 0 }, { 3, 0, 0, 0, P9_TVERSION, 0 } };

	(void)state;
	assert_non_null(s);
	/* Shorter than a header, with any lengths: Rlerror(EINVAL). */
	for (size_t n = 0; n < 6; n++) {
		rlen = p9__handle(s, shorts[1], n, rep, sizeof(rep));
		assert_int_equal(rep[4], P9_RLERROR);
		assert_int_equal(get_le32(rep + P9_HDR), EINVAL);
	}
	/* No room for even an Rlerror: nothing written. */
	assert_int_equal(p9__handle(s, shorts[1], 6, rep, 10), 0);
	/* Anything before Tversion. */
	m_start(P9_TATTACH);
	m_add("44ss4", 1u, P9_NOFID, "", "", 0u);
	assert_int_equal(m_send(s), -EPROTO);
	/* msize below the minimum; an unknown version is answered "unknown". */
	m_start(P9_TVERSION);
	m_add("4s", 100u, "9P2000.L");
	assert_int_equal(m_send(s), -EINVAL);
	m_start(P9_TVERSION);
	m_add("4s", 1u << 30, "9P2000");
	assert_int_equal(m_send(s), P9_RVERSION);
	assert_int_equal(get_le32(rep + P9_HDR), P9_MAX_MSIZE);
	assert_int_equal(get_le16(rep + P9_HDR + 4), 7);
	assert_memory_equal(rep + P9_HDR + 6, "unknown", 7);
	p9__free(s);

	s = srv_up(false);
	/* A size field larger than the message, smaller than a header. */
	m_start(P9_TGETATTR);
	m_add("48", 1u, (u64)0);
	put_le32(msg, (u32)mlen + 1);
	rlen = p9__handle(s, msg, mlen, rep, sizeof(rep));
	assert_int_equal(rep[4], P9_RLERROR);
	put_le32(msg, 3);
	rlen = p9__handle(s, msg, mlen, rep, sizeof(rep));
	assert_int_equal(rep[4], P9_RLERROR);
	/* Truncated body; a string longer than the message; a huge write count. */
	m_start(P9_TGETATTR);
	m_add("4", 1u);
	assert_int_equal(m_send(s), -EINVAL);
	m_start(P9_TWALK);
	m_add("4422", 1u, 2u, 1, 60000);
	assert_int_equal(m_send(s), -EINVAL);
	assert_int_equal(walk(s, 1, 2, 1, "file"), P9_RWALK);
	assert_int_equal(lopen(s, 2, O_RDWR), P9_RLOPEN);
	m_start(P9_TWRITE);
	m_add("484", 2u, (u64)0, 0xffffffffu);
	assert_int_equal(m_send(s), -EINVAL);
	/* A string holding a NUL; too many walk elements; an R-type. */
	m_start(P9_TWALK);
	m_add("4422", 1u, 3u, 1, 3);
	memcpy(msg + mlen, "a\0b", 3);
	mlen += 3;
	assert_int_equal(m_send(s), -EINVAL);
	m_start(P9_TWALK);
	m_add("442", 1u, 3u, P9_MAXWELEM + 1);
	assert_int_equal(m_send(s), -EINVAL);
	m_start(P9_RREAD);
	assert_int_equal(m_send(s) , -EINVAL);
	m_start(200);
	assert_int_equal(m_send(s), -EOPNOTSUPP);
	/* Unknown fids. */
	m_start(P9_TCLUNK);
	m_add("4", 77u);
	assert_int_equal(m_send(s), -EBADF);
	assert_int_equal(p9__nr_fids(s), 2);
	p9__free(s);
}

/* ---- confinement ---- */

static void test_dotdot_stays_inside(void **state)
{
	struct p9_server *s;
	u8 rootq[13];
	char buf[80];

	(void)state;
	s = srv_up(false);
	memcpy(rootq, rep + P9_HDR, 13);
	assert_int_equal(walk(s, 1, 2, 3, "..", "..", ".."), P9_RWALK);
	assert_int_equal(nwqid(), 3);
	assert_memory_equal(rep + P9_HDR + 2 + 26, rootq, 13);
	/* From the root, "../secret" is the root's "secret": there is none. */
	assert_int_equal(walk(s, 1, 3, 2, "..", "secret"), P9_RWALK);
	assert_int_equal(nwqid(), 1);
	assert_int_equal(walk(s, 1, 3, 1, "../secret"), -ENOENT);
	assert_int_equal(walk(s, 1, 3, 1, "/etc"), -ENOENT);
	/* sub/../file is file. */
	assert_int_equal(walk(s, 1, 3, 3, "sub", "..", "file"), P9_RWALK);
	assert_int_equal(nwqid(), 3);
	assert_int_equal(lopen(s, 3, O_RDONLY), P9_RLOPEN);
	assert_int_equal(read_fid(s, 3, buf), P9_RREAD);
	assert_string_equal(buf, "0123456789");
	p9__free(s);
}

static void test_symlinks_not_followed(void **state)
{
	static const char *const links[] = { "esc", "escabs", "escdir" };
	struct p9_server *s;
	char buf[200];

	(void)state;
	s = srv_up(false);
	for (u32 i = 0; i < 3; i++) {
		/* The link itself is reachable, as a symlink. */
		assert_int_equal(walk(s, 1, 10 + i, 1, links[i]), P9_RWALK);
		assert_int_equal(rep[P9_HDR + 2], 0x02);
		/* Opening it, or walking through it, never reaches the target. */
		assert_int_equal(lopen(s, 10 + i, O_RDONLY), -ELOOP);
		assert_int_equal(walk(s, 1, 20, 2, links[i], "secret"), P9_RWALK);
		assert_int_equal(nwqid(), 1);	/* stops at the link */
	}
	m_start(P9_TREADLINK);
	m_add("4", 11u);
	assert_int_equal(m_send(s), P9_RREADLINK);
	snprintf(buf, sizeof(buf), "%s/secret", top);
	assert_int_equal(get_le16(rep + P9_HDR), strlen(buf));
	/* setattr on a link changes neither it nor its target. */
	m_start(P9_TSETATTR);
	m_add("4444488888", 10u, 0x9u, 0777u, 0u, 0u, (u64)0, (u64)0, (u64)0, (u64)0, (u64)0);
	assert_true(m_send(s) < 0);
	snprintf(buf, sizeof(buf), "%s/secret", top);
	{
		struct stat st;

		assert_int_equal(stat(buf, &st), 0);
		assert_int_equal(st.st_size, 6);
		assert_int_not_equal(st.st_mode & 0777, 0777);
	}
	/* A hard link to the symlink links the symlink, not the secret. */
	m_start(P9_TLINK);
	m_add("44s", 1u, 10u, "hl");
	assert_int_equal(m_send(s), P9_RLINK);
	snprintf(buf, sizeof(buf), "%s/hl", share);
	{
		struct stat st;

		assert_int_equal(lstat(buf, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
	}
	p9__free(s);
}

/* A directory replaced by a symlink after the walk: the fid leads nowhere. */
static void test_symlink_swapped_in(void **state)
{
	struct p9_server *s;
	char p[160], q[160];

	(void)state;
	s = srv_up(false);
	assert_int_equal(walk(s, 1, 2, 1, "sub"), P9_RWALK);
	assert_int_equal(walk(s, 2, 3, 1, "inner"), P9_RWALK);
	snprintf(p, sizeof(p), "%s/sub", share);
	snprintf(q, sizeof(q), "%s/sub.old", share);
	assert_int_equal(rename(p, q), 0);
	assert_int_equal(symlink(top, p), 0);
	assert_int_equal(walk(s, 2, 4, 1, "secret"), -ELOOP);
	assert_int_equal(lopen(s, 3, O_RDONLY), -ELOOP);
	m_start(P9_TGETATTR);
	m_add("48", 2u, (u64)0x7ff);
	assert_int_equal(m_send(s), P9_RGETATTR);
	assert_int_equal(rep[P9_HDR + 8], 0x02);	/* the symlink itself */
	m_start(P9_TLCREATE);
	m_add("4s444", 2u, "planted", (u32)O_RDWR, 0644u, 0u);
	assert_int_equal(m_send(s), -ELOOP);
	snprintf(p, sizeof(p), "%s/planted", top);
	assert_int_equal(access(p, F_OK), -1);
	p9__free(s);
}

static void test_no_device_nodes(void **state)
{
	struct p9_server *s;

	(void)state;
	s = srv_up(false);
	m_start(P9_TMKNOD);
	m_add("4s4444", 1u, "null", (u32)(S_IFCHR | 0666), 1u, 3u, 0u);
	assert_int_equal(m_send(s), -EPERM);
	m_start(P9_TMKNOD);
	m_add("4s4444", 1u, "disk", (u32)(S_IFBLK | 0666), 8u, 0u, 0u);
	assert_int_equal(m_send(s), -EPERM);
	m_start(P9_TMKNOD);
	m_add("4s4444", 1u, "fifo", (u32)(S_IFIFO | 0644), 0u, 0u, 0u);
	assert_int_equal(m_send(s), P9_RMKNOD);
	/* A FIFO opens, and reads with no writer, without blocking the server. */
	assert_int_equal(walk(s, 1, 2, 1, "fifo"), P9_RWALK);
	assert_int_equal(lopen(s, 2, O_RDONLY), P9_RLOPEN);
	assert_int_equal(walk(s, 1, 3, 1, "fifo"), P9_RWALK);
	assert_int_equal(lopen(s, 3, O_RDWR), P9_RLOPEN);
	m_start(P9_TREAD);
	m_add("484", 3u, (u64)0, 64u);
	assert_true(m_send(s) < 0);	/* ESPIPE: FIFOs are the guest kernel's own */
	p9__free(s);
}

static void test_bad_names(void **state)
{
	static const char *const names[] = { "", ".", "..", "a/b", "../x" };
	struct p9_server *s;

	(void)state;
	s = srv_up(false);
	for (unsigned int i = 0; i < 5; i++) {
		m_start(P9_TMKDIR);
		m_add("4s44", 1u, names[i], 0755u, 0u);
		assert_int_equal(m_send(s), -EINVAL);
		m_start(P9_TLCREATE);
		m_add("4s444", 1u, names[i], (u32)O_RDWR, 0644u, 0u);
		assert_int_equal(m_send(s), -EINVAL);
		m_start(P9_TSYMLINK);
		m_add("4ss4", 1u, names[i], "x", 0u);
		assert_int_equal(m_send(s), -EINVAL);
		m_start(P9_TRENAMEAT);
		m_add("4s4s", 1u, "file", 1u, names[i]);
		assert_int_equal(m_send(s), -EINVAL);
	}
	/* The share itself cannot be renamed or removed. */
	m_start(P9_TRENAME);
	m_add("44s", 1u, 1u, "x");
	assert_int_equal(m_send(s), -EBUSY);
	p9__free(s);
}

static void test_ro_refuses_changes(void **state)
{
	struct p9_server *s;
	char buf[80];

	(void)state;
	s = srv_up(true);
	assert_int_equal(walk(s, 1, 2, 1, "file"), P9_RWALK);
	assert_int_equal(lopen(s, 2, O_RDWR), -EROFS);
	assert_int_equal(lopen(s, 2, O_RDONLY | O_TRUNC), -EROFS);
	m_start(P9_TLCREATE);
	m_add("4s444", 1u, "new", (u32)O_RDWR, 0644u, 0u);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TMKDIR);
	m_add("4s44", 1u, "d", 0755u, 0u);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TSYMLINK);
	m_add("4ss4", 1u, "l", "x", 0u);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TUNLINKAT);
	m_add("4s4", 1u, "file", 0u);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TRENAMEAT);
	m_add("4s4s", 1u, "file", 1u, "f2");
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TSETATTR);
	m_add("4444488888", 2u, 0x8u, 0u, 0u, 0u, (u64)0, (u64)0, (u64)0, (u64)0, (u64)0);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TXATTRCREATE);
	m_add("4s84", 2u, "user.x", (u64)1, 0u);
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TLINK);
	m_add("44s", 1u, 2u, "hl");
	assert_int_equal(m_send(s), -EROFS);
	m_start(P9_TREMOVE);
	m_add("4", 2u);
	assert_int_equal(m_send(s), -EROFS);
	/* Reading still works; the file is untouched. */
	assert_int_equal(walk(s, 1, 2, 1, "file"), P9_RWALK);
	assert_int_equal(lopen(s, 2, O_RDONLY), P9_RLOPEN);
	m_start(P9_TWRITE);
	m_add("4844", 2u, (u64)0, 4u, 0x41414141u);
	assert_int_equal(m_send(s), -EBADF);
	assert_int_equal(read_fid(s, 2, buf), P9_RREAD);
	assert_string_equal(buf, "0123456789");
	p9__free(s);
}

/* ---- fids ---- */

static void test_fid_limit_and_leaks(void **state)
{
	struct p9_server *s;
	u32 n;

	(void)state;
	s = srv_up(false);
	for (n = 2; n < P9_MAX_FIDS + 10; n++)
		if (walk(s, 1, n, 0) != P9_RWALK)
			break;
	assert_int_equal(n, P9_MAX_FIDS + 1);
	assert_int_equal(walk(s, 1, n, 0), -EMFILE);
	assert_int_equal(p9__nr_fids(s), P9_MAX_FIDS);
	/* A used newfid, a failed walk: no new fid. */
	assert_int_equal(walk(s, 1, 2, 0), -EBADF);
	for (u32 i = 2; i < n; i++) {
		m_start(P9_TCLUNK);
		m_add("4", i);
		assert_int_equal(m_send(s), P9_RCLUNK);
	}
	assert_int_equal(walk(s, 1, 5, 1, "nothing"), -ENOENT);
	assert_int_equal(walk(s, 1, 5, 2, "sub", "nothing"), P9_RWALK);
	assert_int_equal(nwqid(), 1);
	assert_int_equal(p9__nr_fids(s), 1);
	/* xattr buffers are capped in total: 64 fids of 64 KiB, then ENOSPC. */
	for (n = 100; n < 100 + P9_XATTR_TOTAL / P9_XATTR_MAX; n++) {
		assert_int_equal(walk(s, 1, n, 1, "file"), P9_RWALK);
		m_start(P9_TXATTRCREATE);
		m_add("4s84", n, "user.big", (u64)P9_XATTR_MAX, 0u);
		assert_int_equal(m_send(s), P9_RXATTRCREATE);
	}
	assert_int_equal(walk(s, 1, n, 1, "file"), P9_RWALK);
	m_start(P9_TXATTRCREATE);
	m_add("4s84", n, "user.big", (u64)1, 0u);
	assert_int_equal(m_send(s), -ENOSPC);
	/* Tversion drops every fid. */
	m_start(P9_TVERSION);
	m_add("4s", (u32)8192, "9P2000.L");
	assert_int_equal(m_send(s), P9_RVERSION);
	assert_int_equal(p9__nr_fids(s), 0);
	m_start(P9_TATTACH);
	m_add("44ss4", 1u, P9_NOFID, "root", "", 0u);
	assert_int_equal(m_send(s), P9_RATTACH);
	assert_int_equal(walk(s, 1, 2, 1, "file"), P9_RWALK);
	m_start(P9_TXATTRCREATE);
	m_add("4s84", 2u, "user.big", (u64)P9_XATTR_MAX, 0u);
	assert_int_equal(m_send(s), P9_RXATTRCREATE);	/* the budget came back */
	m_start(P9_TCLUNK);
	m_add("4", 2u);
	m_send(s);	/* sets it, where the file system has user xattrs */
	p9__free(s);
}

/* ---- ordinary operations ---- */

static void test_create_rename_readdir(void **state)
{
	struct p9_server *s;
	char buf[80];
	u32 count;
	bool seen = false;

	(void)state;
	s = srv_up(false);
	assert_int_equal(walk(s, 1, 2, 1, "sub"), P9_RWALK);
	assert_int_equal(walk(s, 2, 3, 0), P9_RWALK);
	m_start(P9_TLCREATE);
	m_add("4s444", 3u, "made", (u32)O_RDWR, 0640u, 0u);
	assert_int_equal(m_send(s), P9_RLCREATE);
	m_start(P9_TWRITE);
	m_add("484", 3u, (u64)0, 5u);
	memcpy(msg + mlen, "hello", 5);
	mlen += 5;
	assert_int_equal(m_send(s), P9_RWRITE);
	assert_int_equal(get_le32(rep + P9_HDR), 5);
	/* Renaming the directory keeps the fids below it working. */
	m_start(P9_TRENAMEAT);
	m_add("4s4s", 1u, "sub", 1u, "moved");
	assert_int_equal(m_send(s), P9_RRENAMEAT);
	assert_int_equal(walk(s, 2, 4, 1, "made"), P9_RWALK);
	assert_int_equal(lopen(s, 4, O_RDONLY), P9_RLOPEN);
	assert_int_equal(read_fid(s, 4, buf), P9_RREAD);
	assert_string_equal(buf, "hello");
	/* Readdir lists it; a tiny count gives no partial entry. */
	assert_int_equal(lopen(s, 2, O_RDONLY | 0200000), P9_RLOPEN);
	m_start(P9_TREADDIR);
	m_add("484", 2u, (u64)0, 4096u);
	assert_int_equal(m_send(s), P9_RREADDIR);
	count = get_le32(rep + P9_HDR);
	for (u32 pos = 0; pos < count;) {
		const u8 *e = rep + P9_HDR + 4 + pos;
		u16 nl = get_le16(e + 22);

		if (nl == 4 && !memcmp(e + 24, "made", 4))
			seen = true;
		pos += 24 + nl;
	}
	assert_true(seen);
	m_start(P9_TREADDIR);
	m_add("484", 2u, (u64)0, 10u);
	assert_int_equal(m_send(s), P9_RREADDIR);
	assert_int_equal(get_le32(rep + P9_HDR), 0);
	/* Setattr: truncate and chmod through the share. */
	m_start(P9_TSETATTR);
	m_add("4444488888", 4u, 0x9u, 0600u, 0u, 0u, (u64)2, (u64)0, (u64)0, (u64)0, (u64)0);
	assert_int_equal(m_send(s), P9_RSETATTR);
	{
		struct stat st;
		char p[160];

		snprintf(p, sizeof(p), "%s/moved/made", share);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_size, 2);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	/* Xattrs: a user attribute set through create/write/clunk reads back. */
	m_start(P9_TXATTRCREATE);
	m_add("4s84", 4u, "user.lkvm", (u64)3, 0u);
	if (m_send(s) == P9_RXATTRCREATE) {
		m_start(P9_TWRITE);
		m_add("484", 4u, (u64)0, 3u);
		memcpy(msg + mlen, "abc", 3);
		mlen += 3;
		assert_int_equal(m_send(s), P9_RWRITE);
		m_start(P9_TCLUNK);
		m_add("4", 4u);
		if (m_send(s) == P9_RCLUNK) {
			m_start(P9_TXATTRWALK);
			m_add("44s", 3u, 9u, "user.lkvm");
			assert_int_equal(m_send(s), P9_RXATTRWALK);
			assert_int_equal(get_le64(rep + P9_HDR), 3);
			assert_int_equal(read_fid(s, 9, buf), P9_RREAD);
			assert_string_equal(buf, "abc");
		}
	}
	p9__free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotdot_stays_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinks_not_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_swapped_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_device_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ro_refuses_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fid_limit_and_leaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_rename_readdir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
