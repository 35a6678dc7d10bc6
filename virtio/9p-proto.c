/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 9P2000.L message handler behind virtio-9p (include/lkvm/p9.h).
 *
 * A fid is a path relative to the shared directory ("" is the directory
 * itself), kept normalised by walk (no "", ".", ".." or "/" components),
 * plus an open descriptor once Tlopen/Tlcreate opened it. Each request
 * resolves its path again with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), so no symlink is ever followed on the host, not
 * even one swapped in after the walk, and nothing outside the directory is
 * reachable; the final component is handled with *at() calls that do not
 * follow it either. Renames fix up the paths of the fids below them.
 * Device nodes are neither created nor opened.
 *
 * Everything in a request is guest-controlled: the reader below checks
 * every length against what is left of the message, and a short or lying
 * message is answered with Rlerror(EINVAL).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include "lkvm/p9.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2	452	/* Linux 6.6, the same number everywhere */
#endif

#define P9_PATH_MAX	4096
#define P9_NAME_MAX	255
#define P9_FID_BUCKETS	256
#define P9_DENTS	65536
#define P9_RESOLVE	(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

/* 9P2000.L open flags (P9_DOTL_*), as Linux's client sends them. */
#define P9L_ACCMODE	03
#define P9L_CREATE	0100
#define P9L_EXCL	0200
#define P9L_TRUNC	01000
#define P9L_APPEND	02000
#define P9L_NONBLOCK	04000
#define P9L_DSYNC	010000
#define P9L_DIRECTORY	0200000
#define P9L_SYNC	04000000

/* Tsetattr valid bits. */
#define P9_SETATTR_MODE		0x1
#define P9_SETATTR_UID		0x2
#define P9_SETATTR_GID		0x4
#define P9_SETATTR_SIZE		0x8
#define P9_SETATTR_ATIME	0x10
#define P9_SETATTR_MTIME	0x20
#define P9_SETATTR_ATIME_SET	0x80
#define P9_SETATTR_MTIME_SET	0x100

#define P9_GETATTR_BASIC	0x7ffULL
#define P9_AT_REMOVEDIR		0x200
#define P9_LOCK_SUCCESS		0
#define P9_LOCK_TYPE_UNLCK	2

#define QID_DIR		0x80
#define QID_SYMLINK	0x02

enum p9_xattr_kind { XATTR_NONE, XATTR_READ, XATTR_WRITE };

struct p9_fid {
	u32 num;
	u32 uid;
	struct p9_fid *next;	/* hash chain */
	char *path;
	int fd;			/* -1: not open */
	bool is_dir;		/* fd is a directory */
	bool writable;		/* fd was opened for writing */
	u64 dir_off;		/* directory position fd is at */
	/* Txattrwalk (a value or list to read) or Txattrcreate (to write). */
	enum p9_xattr_kind xattr;
	u8 *xbuf;
	u64 xsize, xfill;
	u32 xflags;
	char *xname;
};

struct p9_server {
	int root;
	bool ro;
	u32 msize;
	unsigned int nr_fids;
	u64 xattr_bytes;	/* held by xattr fids: capped at P9_XATTR_TOTAL */
	struct p9_fid *fids[P9_FID_BUCKETS];
	u8 dents[P9_DENTS];
	char tmp[P9_PATH_MAX];
};

/* ---- message reader and writer ---- */

struct p9_in {
	const u8 *p;
	size_t len, pos;
	bool bad;
};

struct p9_out {
	u8 *p;
	size_t cap, pos;
	bool full;
};

static const u8 *in_take(struct p9_in *m, size_t n)
{
	const u8 *r;

	if (m->bad || n > m->len - m->pos) {
		m->bad = true;
		return NULL;
	}
	r = m->p + m->pos;
	m->pos += n;
	return r;
}

static u8 in8(struct p9_in *m)
{
	const u8 *p = in_take(m, 1);

	return p ? *p : 0;
}

static u16 in16(struct p9_in *m)
{
	const u8 *p = in_take(m, 2);

	return p ? get_le16(p) : 0;
}

static u32 in32(struct p9_in *m)
{
	const u8 *p = in_take(m, 4);

	return p ? get_le32(p) : 0;
}

static u64 in64(struct p9_in *m)
{
	const u8 *p = in_take(m, 8);

	return p ? get_le64(p) : 0;
}

/* A string into buf (NUL-terminated); too long or holding a NUL is bad. */
static void in_str(struct p9_in *m, char *buf, size_t cap)
{
	u16 n = in16(m);
	const u8 *p = in_take(m, n);

	buf[0] = '\0';
	if (!p)
		return;
	if (n >= cap || memchr(p, '\0', n)) {
		m->bad = true;
		return;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
}

static u8 *out_take(struct p9_out *o, size_t n)
{
	u8 *r;

	if (o->full || n > o->cap - o->pos) {
		o->full = true;
		return NULL;
	}
	r = o->p + o->pos;
	o->pos += n;
	return r;
}

static void out8(struct p9_out *o, u8 v)
{
	u8 *p = out_take(o, 1);

	if (p)
		*p = v;
}

static void out16(struct p9_out *o, u16 v)
{
	u8 *p = out_take(o, 2);

	if (p)
		put_le16(p, v);
}

static void out32(struct p9_out *o, u32 v)
{
	u8 *p = out_take(o, 4);

	if (p)
		put_le32(p, v);
}

static void out64(struct p9_out *o, u64 v)
{
	u8 *p = out_take(o, 8);

	if (p)
		put_le64(p, v);
}

static void out_str(struct p9_out *o, const char *s)
{
	size_t n = strlen(s);
	u8 *p;

	out16(o, (u16)n);
	p = out_take(o, n);
	if (p)
		memcpy(p, s, n);
}

static void out_qid(struct p9_out *o, const struct stat *st)
{
	u8 type = S_ISDIR(st->st_mode) ? QID_DIR : S_ISLNK(st->st_mode) ? QID_SYMLINK : 0;

	out8(o, type);
	out32(o, 0);
	out64(o, st->st_ino);
}

/* ---- fids ---- */

static struct p9_fid **fid__slot(struct p9_server *s, u32 num)
{
	struct p9_fid **pp = &s->fids[num % P9_FID_BUCKETS];

	while (*pp && (*pp)->num != num)
		pp = &(*pp)->next;
	return pp;
}

static struct p9_fid *fid__get(struct p9_server *s, u32 num)
{
	return *fid__slot(s, num);
}

/* A new fid at path (copied); NULL with *err set. */
static struct p9_fid *fid__new(struct p9_server *s, u32 num, const char *path, u32 uid,
			       int *err)
{
	struct p9_fid **pp = fid__slot(s, num), *f;

	*err = 0;
	if (*pp || num == P9_NOFID) {
		*err = -EBADF;
		return NULL;
	}
	if (s->nr_fids >= P9_MAX_FIDS) {
		*err = -EMFILE;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (f)
		f->path = strdup(path);
	if (!f || !f->path) {
		free(f);
		*err = -ENOMEM;
		return NULL;
	}
	f->num = num;
	f->uid = uid;
	f->fd = -1;
	*pp = f;
	s->nr_fids++;
	return f;
}

/* Room for an xattr buffer of n bytes in s's budget; false: none. */
static bool xattr__reserve(struct p9_server *s, u64 n)
{
	if (n > P9_XATTR_TOTAL - s->xattr_bytes)
		return false;
	s->xattr_bytes += n;
	return true;
}

static void fid__close(struct p9_server *s, struct p9_fid *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->xattr)
		s->xattr_bytes -= f->xsize;
	f->xsize = 0;
	free(f->xbuf);
	free(f->xname);
	f->xbuf = NULL;
	f->xname = NULL;
	f->xattr = XATTR_NONE;
}

static void fid__free(struct p9_server *s, u32 num)
{
	struct p9_fid **pp = fid__slot(s, num), *f = *pp;

	if (!f)
		return;
	*pp = f->next;
	fid__close(s, f);
	free(f->path);
	free(f);
	s->nr_fids--;
}

void p9__reset(struct p9_server *s)
{
	for (unsigned int b = 0; b < P9_FID_BUCKETS; b++)
		while (s->fids[b])
			fid__free(s, s->fids[b]->num);
	s->msize = 0;
}

unsigned int p9__nr_fids(const struct p9_server *s)
{
	return s->nr_fids;
}

/* ---- paths, all beneath s->root ---- */

/* One path component as the guest may name it in a directory. */
static bool name__ok(const char *n)
{
	return n[0] && strcmp(n, ".") && strcmp(n, "..") && !strchr(n, '/');
}

/* base + "/" + name into s->tmp; -ENAMETOOLONG if it does not fit. */
static int path__join(struct p9_server *s, const char *base, const char *name)
{
	int n = snprintf(s->tmp, sizeof(s->tmp), "%s%s%s", base, base[0] ? "/" : "", name);

	return n < 0 || (size_t)n >= sizeof(s->tmp) ? -ENAMETOOLONG : 0;
}

static int p9__openat2(struct p9_server *s, const char *path, u64 flags, u64 mode)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC | O_NOFOLLOW,
		.mode = mode,
		.resolve = P9_RESOLVE,
	};
	long fd;

	fd = syscall(SYS_openat2, s->root, path[0] ? path : ".", &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* An O_PATH descriptor of the object itself (a symlink stays one). */
static int path__opath(struct p9_server *s, const char *path)
{
	return p9__openat2(s, path, O_PATH, 0);
}

static int path__lstat(struct p9_server *s, const char *path, struct stat *st)
{
	int fd = path__opath(s, path), err = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st))
		err = -errno;
	close(fd);
	return err;
}

/*
 * The directory holding path (O_PATH) and its last component: *name
 * points into path. The shared directory itself is "." in itself.
 */
static int path__parent(struct p9_server *s, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!path[0]) {
		*name = ".";
		return p9__openat2(s, "", O_PATH | O_DIRECTORY, 0);
	}
	if (!slash) {
		*name = path;
		return p9__openat2(s, "", O_PATH | O_DIRECTORY, 0);
	}
	n = (size_t)(slash - path);
	if (n >= sizeof(s->tmp))
		return -ENAMETOOLONG;
	memcpy(s->tmp, path, n);
	s->tmp[n] = '\0';
	*name = slash + 1;
	return p9__openat2(s, s->tmp, O_PATH | O_DIRECTORY, 0);
}

/* A directory fid's own descriptor, to create or remove names in. */
static int path__dir(struct p9_server *s, const char *path)
{
	return p9__openat2(s, path, O_PATH | O_DIRECTORY, 0);
}

static bool dev__node(mode_t m)
{
	return S_ISCHR(m) || S_ISBLK(m);
}

/*
 * Open path for I/O. Device nodes are refused before they are opened (an
 * open of one may already act); a FIFO never blocks the server.
 */
static int path__open(struct p9_server *s, const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, err;

	if (!(flags & O_CREAT)) {
		err = path__lstat(s, path, &st);
		if (err)
			return err;
		if (dev__node(st.st_mode))
			return -EACCES;
	}
	fd = p9__openat2(s, path, (u64)(flags | O_NOCTTY | O_NONBLOCK), mode);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) || dev__node(st.st_mode)) {
		close(fd);
		return -EACCES;
	}
	/*
	 * O_NONBLOCK was for the open. A FIFO or socket keeps it: a read
	 * with no writer must not hang the server (and lkvm's exit with it).
	 */
	if (!(flags & O_NONBLOCK) && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Fix the paths of fids at or below from after a rename to to. */
static void path__renamed(struct p9_server *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);

	for (unsigned int b = 0; b < P9_FID_BUCKETS; b++)
		for (struct p9_fid *f = s->fids[b]; f; f = f->next) {
			size_t l = strlen(f->path);
			char *np;

			if (strncmp(f->path, from, fl) || (f->path[fl] && f->path[fl] != '/'))
				continue;
			if (tl + l - fl >= P9_PATH_MAX)
				continue;	/* stays stale: it fails to resolve */
			np = malloc(tl + l - fl + 1);
			if (!np)
				continue;
			memcpy(np, to, tl);
			memcpy(np + tl, f->path + fl, l - fl + 1);
			free(f->path);
			f->path = np;
		}
}

/* ---- requests ---- */

struct p9_req {
	struct p9_server *s;
	struct p9_in in;
	struct p9_out out;
};

#define BAD_MSG(r)	((r)->in.bad ? -EINVAL : 0)

static int p9__version(struct p9_req *r)
{
	u32 msize = in32(&r->in);
	char ver[32];

	in_str(&r->in, ver, sizeof(ver));
	if (r->in.bad)
		return -EINVAL;
	if (msize < P9_MIN_MSIZE)
		return -EINVAL;
	p9__reset(r->s);
	r->s->msize = msize < P9_MAX_MSIZE ? msize : P9_MAX_MSIZE;
	out32(&r->out, r->s->msize);
	out_str(&r->out, strcmp(ver, "9P2000.L") ? "unknown" : "9P2000.L");
	return 0;
}

static int p9__attach(struct p9_req *r)
{
	u32 fid = in32(&r->in), uid;
	char name[P9_NAME_MAX + 1];
	struct stat st;
	int err;

	in32(&r->in);			/* afid: no authentication */
	in_str(&r->in, name, sizeof(name));	/* uname */
	in_str(&r->in, name, sizeof(name));	/* aname: the share is the tag */
	uid = in32(&r->in);
	if (r->in.bad)
		return -EINVAL;
	err = path__lstat(r->s, "", &st);
	if (err)
		return err;
	if (!fid__new(r->s, fid, "", uid, &err))
		return err;
	out_qid(&r->out, &st);
	return 0;
}

static int p9__walk(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 fid = in32(&r->in), newfid = in32(&r->in);
	u16 n = in16(&r->in);
	char name[P9_NAME_MAX + 1], path[P9_PATH_MAX];
	struct p9_fid *f = fid__get(s, fid), *nf;
	u8 *nwqid;
	u16 done = 0;
	int err = 0;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (n > P9_MAXWELEM)
		return -EINVAL;
	if (newfid != fid && fid__get(s, newfid))
		return -EBADF;
	if (f->xattr)
		return -EBADF;
	strcpy(path, f->path);
	nwqid = out_take(&r->out, 2);
	for (; done < n; done++) {
		struct stat st;

		in_str(&r->in, name, sizeof(name));
		if (r->in.bad)
			return -EINVAL;
		if (!strcmp(name, "..")) {
			char *slash = strrchr(path, '/');

			if (slash)
				*slash = '\0';
			else
				path[0] = '\0';	/* ".." of the root is the root */
		} else if (strcmp(name, ".")) {
			if (!name__ok(name)) {
				err = -ENOENT;
				break;
			}
			err = path__join(s, path, name);
			if (err)
				break;
			strcpy(path, s->tmp);
		}
		err = path__lstat(s, path, &st);
		if (err)
			break;
		out_qid(&r->out, &st);
	}
	/* The first element failing is an error; later ones a short walk. */
	if (done == 0 && n)
		return err;
	if (!nwqid)
		return -ENOBUFS;
	put_le16(nwqid, done);
	if (done < n)
		return 0;
	if (newfid == fid) {
		char *np = strdup(path);

		if (!np)
			return -ENOMEM;
		free(f->path);
		f->path = np;
		return 0;
	}
	nf = fid__new(s, newfid, path, f->uid, &err);
	return nf ? 0 : err;
}

static int oflags__host(u32 l, bool ro, int *out)
{
	int acc = l & P9L_ACCMODE, fl;

	if (acc == P9L_ACCMODE)
		return -EINVAL;
	if (ro && (acc != O_RDONLY || (l & (P9L_TRUNC | P9L_CREATE))))
		return -EROFS;
	fl = acc == 0 ? O_RDONLY : acc == 1 ? O_WRONLY : O_RDWR;
	if (l & P9L_TRUNC)
		fl |= O_TRUNC;
	if (l & P9L_APPEND)
		fl |= O_APPEND;
	if (l & P9L_DSYNC)
		fl |= O_DSYNC;
	if (l & P9L_SYNC)
		fl |= O_SYNC;
	if (l & P9L_DIRECTORY)
		fl |= O_DIRECTORY;
	if (l & P9L_NONBLOCK)
		fl |= O_NONBLOCK;
	*out = fl;
	return 0;
}

/* The fid now holds fd, opened with flags. */
static void fid__opened(struct p9_fid *f, int fd, int flags, const struct stat *st)
{
	f->fd = fd;
	f->is_dir = S_ISDIR(st->st_mode);
	f->writable = (flags & O_ACCMODE) != O_RDONLY;
	f->dir_off = 0;
}

static int p9__lopen(struct p9_req *r)
{
	u32 fid = in32(&r->in), l = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	struct stat st;
	int flags, fd, err;

	if (r->in.bad)
		return -EINVAL;
	if (!f || f->fd >= 0 || f->xattr)
		return -EBADF;
	err = oflags__host(l & ~(u32)P9L_CREATE, r->s->ro, &flags);
	if (err)
		return err;
	fd = path__open(r->s, f->path, flags, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	fid__opened(f, fd, flags, &st);
	out_qid(&r->out, &st);
	out32(&r->out, 0);		/* iounit: msize decides */
	return 0;
}

/* New objects belong to the guest's user, where the host lets us. */
static void p9__chown(int dirfd, const char *name, u32 uid, u32 gid)
{
	if (fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW))
		(void)fchownat(dirfd, name, (uid_t)-1, gid, AT_SYMLINK_NOFOLLOW);
}

static int p9__lcreate(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 fid = in32(&r->in), l, mode, gid;
	char name[P9_NAME_MAX + 1], path[P9_PATH_MAX], *np;
	struct p9_fid *f;
	struct stat st;
	int flags, fd, err, dirfd;

	in_str(&r->in, name, sizeof(name));
	l = in32(&r->in);
	mode = in32(&r->in);
	gid = in32(&r->in);
	if (r->in.bad)
		return -EINVAL;
	f = fid__get(s, fid);
	if (!f || f->fd >= 0 || f->xattr)
		return -EBADF;
	if (s->ro)
		return -EROFS;
	if (!name__ok(name))
		return -EINVAL;
	err = oflags__host(l, false, &flags);
	if (!err)
		err = path__join(s, f->path, name);
	if (err)
		return err;
	strcpy(path, s->tmp);
	flags = (flags & ~O_DIRECTORY) | O_CREAT | ((l & P9L_EXCL) ? O_EXCL : 0);
	fd = path__open(s, path, flags, mode & 07777);
	if (fd < 0)
		return fd;
	dirfd = path__dir(s, f->path);
	if (dirfd >= 0) {
		p9__chown(dirfd, name, f->uid, gid);
		close(dirfd);
	}
	np = strdup(path);
	if (!np || fstat(fd, &st)) {
		err = np ? -errno : -ENOMEM;
		free(np);
		close(fd);
		return err;
	}
	free(f->path);
	f->path = np;
	fid__opened(f, fd, flags, &st);
	out_qid(&r->out, &st);
	out32(&r->out, 0);
	return 0;
}

/* The directory fid dfid names a directory to create name in. */
static int p9__in_dir(struct p9_req *r, u32 dfid, const char *name, int *dirfd)
{
	struct p9_fid *d = fid__get(r->s, dfid);

	if (r->in.bad)
		return -EINVAL;
	if (!d)
		return -EBADF;
	if (r->s->ro)
		return -EROFS;
	if (!name__ok(name))
		return -EINVAL;
	*dirfd = path__dir(r->s, d->path);
	return *dirfd < 0 ? *dirfd : 0;
}

/* Reply with the qid of dirfd/name, made by the call before. */
static int p9__made(struct p9_req *r, int dirfd, const char *name, u32 dfid, u32 gid)
{
	struct stat st;
	int err = 0;

	p9__chown(dirfd, name, fid__get(r->s, dfid)->uid, gid);
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		err = -errno;
	else
		out_qid(&r->out, &st);
	close(dirfd);
	return err;
}

static int p9__mkdir(struct p9_req *r)
{
	u32 dfid = in32(&r->in), mode, gid;
	char name[P9_NAME_MAX + 1];
	int dirfd, err;

	in_str(&r->in, name, sizeof(name));
	mode = in32(&r->in);
	gid = in32(&r->in);
	err = p9__in_dir(r, dfid, name, &dirfd);
	if (err)
		return err;
	if (mkdirat(dirfd, name, mode & 07777)) {
		err = -errno;
		close(dirfd);
		return err;
	}
	return p9__made(r, dirfd, name, dfid, gid);
}

static int p9__symlink(struct p9_req *r)
{
	u32 dfid = in32(&r->in), gid;
	char name[P9_NAME_MAX + 1];
	int dirfd, err;

	in_str(&r->in, name, sizeof(name));
	in_str(&r->in, r->s->tmp, sizeof(r->s->tmp));	/* the target: stored, never followed */
	gid = in32(&r->in);
	err = p9__in_dir(r, dfid, name, &dirfd);
	if (err)
		return err;
	if (!r->s->tmp[0]) {
		close(dirfd);
		return -ENOENT;
	}
	if (symlinkat(r->s->tmp, dirfd, name)) {
		err = -errno;
		close(dirfd);
		return err;
	}
	return p9__made(r, dirfd, name, dfid, gid);
}

static int p9__mknod(struct p9_req *r)
{
	u32 dfid = in32(&r->in), mode, gid;
	char name[P9_NAME_MAX + 1];
	int dirfd, err;

	in_str(&r->in, name, sizeof(name));
	mode = in32(&r->in);
	in32(&r->in);			/* major, minor: no device nodes */
	in32(&r->in);
	gid = in32(&r->in);
	err = p9__in_dir(r, dfid, name, &dirfd);
	if (err)
		return err;
	/* A device node would open the host's device to the guest. */
	if (!S_ISFIFO(mode) && !S_ISSOCK(mode) && !S_ISREG(mode)) {
		close(dirfd);
		return -EPERM;
	}
	if (mknodat(dirfd, name, mode & (S_IFMT | 07777), 0)) {
		err = -errno;
		close(dirfd);
		return err;
	}
	return p9__made(r, dirfd, name, dfid, gid);
}

static int p9__readlink(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	const char *name;
	ssize_t n;
	int dirfd;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	dirfd = path__parent(r->s, f->path, &name);
	if (dirfd < 0)
		return dirfd;
	n = readlinkat(dirfd, name, r->s->tmp, sizeof(r->s->tmp) - 1);
	if (n < 0)
		n = -errno;
	close(dirfd);
	if (n < 0)
		return (int)n;
	r->s->tmp[n] = '\0';
	out_str(&r->out, r->s->tmp);
	return 0;
}

static int p9__getattr(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	struct stat st;
	int err;

	in64(&r->in);			/* request_mask: we always give the basic set */
	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (f->fd >= 0)
		err = fstat(f->fd, &st) ? -errno : 0;
	else
		err = path__lstat(r->s, f->path, &st);
	if (err)
		return err;
	out64(&r->out, P9_GETATTR_BASIC);
	out_qid(&r->out, &st);
	out32(&r->out, st.st_mode);
	out32(&r->out, st.st_uid);
	out32(&r->out, st.st_gid);
	out64(&r->out, st.st_nlink);
	out64(&r->out, st.st_rdev);
	out64(&r->out, (u64)st.st_size);
	out64(&r->out, (u64)st.st_blksize);
	out64(&r->out, (u64)st.st_blocks);
	out64(&r->out, (u64)st.st_atim.tv_sec);
	out64(&r->out, (u64)st.st_atim.tv_nsec);
	out64(&r->out, (u64)st.st_mtim.tv_sec);
	out64(&r->out, (u64)st.st_mtim.tv_nsec);
	out64(&r->out, (u64)st.st_ctim.tv_sec);
	out64(&r->out, (u64)st.st_ctim.tv_nsec);
	for (int i = 0; i < 4; i++)
		out64(&r->out, 0);	/* btime, gen, data_version */
	return 0;
}

/* chmod that never follows a symlink (fchmodat2, Linux 6.6). */
static int p9__chmod(int dirfd, const char *name, mode_t mode)
{
	struct stat st;

	if (!syscall(SYS_fchmodat2, dirfd, name, mode, AT_SYMLINK_NOFOLLOW))
		return 0;
	if (errno != ENOSYS)
		return -errno;
	/* Older hosts: a symlink has no mode of its own to change. */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -EOPNOTSUPP;
	return fchmodat(dirfd, name, mode, 0) ? -errno : 0;
}

static int p9__truncate(struct p9_server *s, struct p9_fid *f, u64 size)
{
	int fd = f->fd, err = 0;

	if (size > (u64)INT64_MAX)
		return -EFBIG;
	if (fd < 0 || !f->writable) {
		fd = path__open(s, f->path, O_WRONLY, 0);
		if (fd < 0)
			return fd;
	}
	if (ftruncate(fd, (off_t)size))
		err = -errno;
	if (fd != f->fd)
		close(fd);
	return err;
}

static int p9__setattr(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 fid = in32(&r->in), valid = in32(&r->in), mode = in32(&r->in);
	u32 uid = in32(&r->in), gid = in32(&r->in);
	u64 size = in64(&r->in);
	struct timespec ts[2];
	struct p9_fid *f = fid__get(s, fid);
	const char *name;
	int dirfd, err = 0;

	ts[0].tv_sec = (time_t)in64(&r->in);
	ts[0].tv_nsec = (long)in64(&r->in);
	ts[1].tv_sec = (time_t)in64(&r->in);
	ts[1].tv_nsec = (long)in64(&r->in);
	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (s->ro)
		return -EROFS;
	dirfd = path__parent(s, f->path, &name);
	if (dirfd < 0)
		return dirfd;
	if (valid & P9_SETATTR_MODE)
		err = p9__chmod(dirfd, name, mode & 07777);
	if (!err && (valid & (P9_SETATTR_UID | P9_SETATTR_GID)) &&
	    fchownat(dirfd, name, valid & P9_SETATTR_UID ? uid : (uid_t)-1,
		     valid & P9_SETATTR_GID ? gid : (gid_t)-1, AT_SYMLINK_NOFOLLOW))
		err = -errno;
	if (!err && (valid & P9_SETATTR_SIZE))
		err = p9__truncate(s, f, size);
	if (!err && (valid & (P9_SETATTR_ATIME | P9_SETATTR_MTIME))) {
		for (int i = 0; i < 2; i++) {
			u32 on = i ? P9_SETATTR_MTIME : P9_SETATTR_ATIME;
			u32 set = i ? P9_SETATTR_MTIME_SET : P9_SETATTR_ATIME_SET;

			if (!(valid & on))
				ts[i].tv_nsec = UTIME_OMIT;
			else if (!(valid & set))
				ts[i].tv_nsec = UTIME_NOW;
			else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999)
				err = -EINVAL;
		}
		if (!err && utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW))
			err = -errno;
	}
	close(dirfd);
	return err;
}

static int p9__statfs(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	struct statfs sf;

	if (r->in.bad)
		return -EINVAL;
	if (!fid__get(r->s, fid))
		return -EBADF;
	if (fstatfs(r->s->root, &sf))
		return -errno;
	out32(&r->out, (u32)sf.f_type);
	out32(&r->out, (u32)sf.f_bsize);
	out64(&r->out, sf.f_blocks);
	out64(&r->out, sf.f_bfree);
	out64(&r->out, sf.f_bavail);
	out64(&r->out, sf.f_files);
	out64(&r->out, sf.f_ffree);
	out64(&r->out, (u64)(u32)sf.f_fsid.__val[0] | ((u64)(u32)sf.f_fsid.__val[1] << 32));
	out32(&r->out, (u32)sf.f_namelen);
	return 0;
}

static int p9__read(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	u64 off = in64(&r->in);
	u32 count = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	u8 *cnt = out_take(&r->out, 4), *data;
	size_t room = r->out.cap - r->out.pos;
	ssize_t n;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!cnt)
		return -ENOBUFS;
	if (count > room)
		count = (u32)room;
	data = r->out.p + r->out.pos;
	if (f->xattr == XATTR_READ) {
		n = off < f->xsize ? (ssize_t)(f->xsize - off) : 0;
		if (n > count)
			n = count;
		memcpy(data, f->xbuf + (off < f->xsize ? off : 0), (size_t)n);
	} else {
		if (f->fd < 0 || f->is_dir)
			return -EBADF;
		if (off > (u64)INT64_MAX)
			return -EINVAL;
		n = pread(f->fd, data, count, (off_t)off);
		if (n < 0)
			return -errno;
	}
	put_le32(cnt, (u32)n);
	r->out.pos += (size_t)n;
	return 0;
}

static int p9__write(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	u64 off = in64(&r->in);
	u32 count = in32(&r->in);
	const u8 *data = in_take(&r->in, count);
	struct p9_fid *f = fid__get(r->s, fid);
	ssize_t n;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (f->xattr == XATTR_WRITE) {
		if (off > f->xsize || count > f->xsize - off)
			return -ENOSPC;
		memcpy(f->xbuf + off, data, count);
		if (off + count > f->xfill)
			f->xfill = off + count;
		out32(&r->out, count);
		return 0;
	}
	if (f->fd < 0 || f->is_dir || !f->writable)
		return -EBADF;
	if (r->s->ro)
		return -EROFS;
	if (off > (u64)INT64_MAX)
		return -EINVAL;
	n = pwrite(f->fd, data, count, (off_t)off);
	if (n < 0)
		return -errno;
	out32(&r->out, (u32)n);
	return 0;
}

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static u8 dtype__qid(unsigned char t)
{
	return t == DT_DIR ? QID_DIR : t == DT_LNK ? QID_SYMLINK : 0;
}

static int p9__readdir(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 fid = in32(&r->in);
	u64 off = in64(&r->in);
	u32 count = in32(&r->in);
	struct p9_fid *f = fid__get(s, fid);
	u8 *cnt = out_take(&r->out, 4);
	size_t start = r->out.pos, room = r->out.cap - r->out.pos;
	u64 last = off;
	long n;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (f->fd < 0 || !f->is_dir)
		return -EBADF;
	if (!cnt)
		return -ENOBUFS;
	if (count < room)
		room = count;
	if (off != f->dir_off) {
		if (off > (u64)INT64_MAX || lseek(f->fd, (off_t)off, SEEK_SET) < 0)
			return -EINVAL;
		f->dir_off = off;
	}
	/* At least one entry's worth: what does not fit is sought back. */
	n = syscall(SYS_getdents64, f->fd, s->dents, room < 1024 ? 1024 : room < P9_DENTS ? room : P9_DENTS);
	if (n < 0)
		return -errno;
	for (long pos = 0; pos < n;) {
		struct linux_dirent64 *d = (struct linux_dirent64 *)(s->dents + pos);
		size_t nl = strlen(d->d_name);

		if (r->out.pos - start + 24 + nl > room) {
			/* No room for this one: the next read starts here. */
			if (lseek(f->fd, (off_t)last, SEEK_SET) < 0)
				return -errno;
			break;
		}
		out8(&r->out, dtype__qid(d->d_type));
		out32(&r->out, 0);
		out64(&r->out, d->d_ino);
		out64(&r->out, (u64)d->d_off);
		out8(&r->out, d->d_type);
		out_str(&r->out, d->d_name);
		last = (u64)d->d_off;
		pos += d->d_reclen;
	}
	f->dir_off = last;
	put_le32(cnt, (u32)(r->out.pos - start));
	return 0;
}

static int p9__fsync(struct p9_req *r)
{
	u32 fid = in32(&r->in), datasync = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);

	if (r->in.bad)
		return -EINVAL;
	if (!f || f->fd < 0)
		return -EBADF;
	if (datasync ? fdatasync(f->fd) : fsync(f->fd))
		return -errno;
	return 0;
}

/*
 * POSIX locks are the guest kernel's business: its client keeps them
 * among its own processes, so every request succeeds (as QEMU answers).
 */
static int p9__lock(struct p9_req *r, bool get)
{
	u32 fid = in32(&r->in);
	u8 type = in8(&r->in);
	u64 start, len;
	u32 proc;
	char client[P9_NAME_MAX + 1];

	if (!get)
		in32(&r->in);		/* flags */
	start = in64(&r->in);
	len = in64(&r->in);
	proc = in32(&r->in);
	in_str(&r->in, client, sizeof(client));
	if (r->in.bad)
		return -EINVAL;
	if (!fid__get(r->s, fid))
		return -EBADF;
	(void)type;
	if (!get) {
		out8(&r->out, P9_LOCK_SUCCESS);
		return 0;
	}
	out8(&r->out, P9_LOCK_TYPE_UNLCK);
	out64(&r->out, start);
	out64(&r->out, len);
	out32(&r->out, proc);
	out_str(&r->out, client);
	return 0;
}

static int p9__link(struct p9_req *r)
{
	u32 dfid = in32(&r->in), fid = in32(&r->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f;
	const char *oname;
	int dirfd, odir, err;

	in_str(&r->in, name, sizeof(name));
	err = p9__in_dir(r, dfid, name, &dirfd);
	if (err)
		return err;
	f = fid__get(r->s, fid);
	if (!f || !f->path[0]) {
		close(dirfd);
		return f ? -EPERM : -EBADF;
	}
	odir = path__parent(r->s, f->path, &oname);
	if (odir < 0) {
		close(dirfd);
		return odir;
	}
	/* flags 0: a symlink is linked as itself. */
	err = linkat(odir, oname, dirfd, name, 0) ? -errno : 0;
	close(odir);
	close(dirfd);
	return err;
}

/* Rename dir(ofid)/oname to dir(nfid)/nname, and the fids below it. */
static int p9__do_rename(struct p9_server *s, const char *opath, const char *ndir,
			 const char *nname)
{
	char from[P9_PATH_MAX], to[P9_PATH_MAX];
	const char *oname;
	int odir, nd, err;

	if (!opath[0])
		return -EBUSY;
	if (strlen(opath) >= sizeof(from))
		return -ENAMETOOLONG;
	strcpy(from, opath);
	err = path__join(s, ndir, nname);
	if (err)
		return err;
	strcpy(to, s->tmp);
	odir = path__parent(s, from, &oname);
	if (odir < 0)
		return odir;
	nd = path__dir(s, ndir);
	if (nd < 0) {
		close(odir);
		return nd;
	}
	err = renameat(odir, oname, nd, nname) ? -errno : 0;
	close(odir);
	close(nd);
	if (!err)
		path__renamed(s, from, to);
	return err;
}

static int p9__rename(struct p9_req *r)
{
	u32 fid = in32(&r->in), dfid = in32(&r->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f, *d;

	in_str(&r->in, name, sizeof(name));
	if (r->in.bad)
		return -EINVAL;
	f = fid__get(r->s, fid);
	d = fid__get(r->s, dfid);
	if (!f || !d)
		return -EBADF;
	if (r->s->ro)
		return -EROFS;
	if (!name__ok(name))
		return -EINVAL;
	return p9__do_rename(r->s, f->path, d->path, name);
}

static int p9__renameat(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 ofid = in32(&r->in), nfid;
	char oname[P9_NAME_MAX + 1], nname[P9_NAME_MAX + 1], opath[P9_PATH_MAX];
	struct p9_fid *o, *n;
	int err;

	in_str(&r->in, oname, sizeof(oname));
	nfid = in32(&r->in);
	in_str(&r->in, nname, sizeof(nname));
	if (r->in.bad)
		return -EINVAL;
	o = fid__get(s, ofid);
	n = fid__get(s, nfid);
	if (!o || !n)
		return -EBADF;
	if (s->ro)
		return -EROFS;
	if (!name__ok(oname) || !name__ok(nname))
		return -EINVAL;
	err = path__join(s, o->path, oname);
	if (err)
		return err;
	strcpy(opath, s->tmp);
	return p9__do_rename(s, opath, n->path, nname);
}

static int p9__unlinkat(struct p9_req *r)
{
	u32 dfid = in32(&r->in), flags;
	char name[P9_NAME_MAX + 1];
	int dirfd, err;

	in_str(&r->in, name, sizeof(name));
	flags = in32(&r->in);
	err = p9__in_dir(r, dfid, name, &dirfd);
	if (err)
		return err;
	err = unlinkat(dirfd, name, flags & P9_AT_REMOVEDIR ? AT_REMOVEDIR : 0) ? -errno : 0;
	close(dirfd);
	return err;
}

static int p9__remove(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	const char *name;
	struct stat st;
	int dirfd, err;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	/* Tremove clunks the fid whatever happens. */
	err = r->s->ro ? -EROFS : !f->path[0] ? -EBUSY : 0;
	if (!err) {
		dirfd = path__parent(r->s, f->path, &name);
		err = dirfd;
		if (dirfd >= 0) {
			err = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) ? -errno :
			      unlinkat(dirfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) ?
			      -errno : 0;
			close(dirfd);
		}
	}
	fid__free(r->s, fid);
	return err;
}

/*
 * A descriptor to read or change f's xattrs through: its open one, or
 * the object opened read-only (regular files and directories only:
 * symlinks and special files get none).
 */
static int xattr__fd(struct p9_server *s, struct p9_fid *f, bool *own)
{
	struct stat st;
	int err;

	*own = false;
	if (f->fd >= 0)
		return f->fd;
	err = path__lstat(s, f->path, &st);
	if (err)
		return err;
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return -ENOTSUP;
	*own = true;
	return path__open(s, f->path, O_RDONLY, 0);
}

static int p9__xattrwalk(struct p9_req *r)
{
	struct p9_server *s = r->s;
	u32 fid = in32(&r->in), newfid = in32(&r->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f, *nf;
	ssize_t n;
	bool own;
	int fd, err;

	in_str(&r->in, name, sizeof(name));
	if (r->in.bad)
		return -EINVAL;
	f = fid__get(s, fid);
	if (!f)
		return -EBADF;
	if (fid__get(s, newfid))
		return -EBADF;
	fd = xattr__fd(s, f, &own);
	if (fd == -ENOTSUP)
		n = name[0] ? -ENODATA : 0;
	else if (fd < 0)
		return fd;
	else {
		n = name[0] ? fgetxattr(fd, name, s->dents, P9_XATTR_MAX)
			    : flistxattr(fd, (char *)s->dents, P9_XATTR_MAX);
		if (n < 0)
			n = errno == ERANGE ? -E2BIG : -errno;
		if (own)
			close(fd);
	}
	if (n < 0)
		return (int)n;
	if (!xattr__reserve(s, (u64)n))
		return -ENOSPC;
	nf = fid__new(s, newfid, f->path, f->uid, &err);
	if (nf)
		nf->xbuf = malloc(n ? (size_t)n : 1);
	if (!nf || !nf->xbuf) {
		s->xattr_bytes -= (u64)n;
		if (nf)
			fid__free(s, newfid);
		return nf ? -ENOMEM : err;
	}
	memcpy(nf->xbuf, s->dents, (size_t)n);
	nf->xsize = (u64)n;
	nf->xattr = XATTR_READ;
	out64(&r->out, (u64)n);
	return 0;
}

static int p9__xattrcreate(struct p9_req *r)
{
	u32 fid = in32(&r->in), flags;
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f;
	u64 size;

	in_str(&r->in, name, sizeof(name));
	size = in64(&r->in);
	flags = in32(&r->in);
	if (r->in.bad)
		return -EINVAL;
	f = fid__get(r->s, fid);
	if (!f || f->xattr)
		return -EBADF;
	if (r->s->ro)
		return -EROFS;
	if (!name[0] || flags & ~(u32)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (size > P9_XATTR_MAX)
		return -E2BIG;
	if (!xattr__reserve(r->s, size))
		return -ENOSPC;
	f->xbuf = malloc(size ? size : 1);
	f->xname = strdup(name);
	f->xsize = size;
	f->xattr = XATTR_WRITE;
	if (!f->xbuf || !f->xname) {
		fid__close(r->s, f);
		return -ENOMEM;
	}
	f->xfill = 0;
	f->xflags = flags;
	return 0;
}

/* Clunking an xattrcreate fid sets (or, with no value, removes) the xattr. */
static int xattr__commit(struct p9_server *s, struct p9_fid *f)
{
	bool own;
	int fd = xattr__fd(s, f, &own), err;

	if (fd < 0)
		return fd;
	if (f->xsize)
		err = fsetxattr(fd, f->xname, f->xbuf, f->xfill, (int)f->xflags) ? -errno : 0;
	else
		err = fremovexattr(fd, f->xname) ? -errno : 0;
	if (own)
		close(fd);
	return err;
}

static int p9__clunk(struct p9_req *r)
{
	u32 fid = in32(&r->in);
	struct p9_fid *f = fid__get(r->s, fid);
	int err = 0;

	if (r->in.bad)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (f->xattr == XATTR_WRITE) {
		err = xattr__commit(r->s, f);
	}
	fid__free(r->s, fid);
	return err;
}

static int p9__dispatch(struct p9_req *r, u8 type)
{
	if (type != P9_TVERSION && !r->s->msize)
		return -EPROTO;		/* nothing before Tversion */
	switch (type) {
	case P9_TVERSION:	return p9__version(r);
	case P9_TATTACH:	return p9__attach(r);
	case P9_TWALK:		return p9__walk(r);
	case P9_TLOPEN:		return p9__lopen(r);
	case P9_TLCREATE:	return p9__lcreate(r);
	case P9_TREAD:		return p9__read(r);
	case P9_TWRITE:		return p9__write(r);
	case P9_TREADDIR:	return p9__readdir(r);
	case P9_TGETATTR:	return p9__getattr(r);
	case P9_TSETATTR:	return p9__setattr(r);
	case P9_TSTATFS:	return p9__statfs(r);
	case P9_TMKDIR:		return p9__mkdir(r);
	case P9_TSYMLINK:	return p9__symlink(r);
	case P9_TMKNOD:		return p9__mknod(r);
	case P9_TLINK:		return p9__link(r);
	case P9_TRENAME:	return p9__rename(r);
	case P9_TRENAMEAT:	return p9__renameat(r);
	case P9_TUNLINKAT:	return p9__unlinkat(r);
	case P9_TREADLINK:	return p9__readlink(r);
	case P9_TFSYNC:		return p9__fsync(r);
	case P9_TLOCK:		return p9__lock(r, false);
	case P9_TGETLOCK:	return p9__lock(r, true);
	case P9_TXATTRWALK:	return p9__xattrwalk(r);
	case P9_TXATTRCREATE:	return p9__xattrcreate(r);
	case P9_TCLUNK:		return p9__clunk(r);
	case P9_TREMOVE:	return p9__remove(r);
	case P9_TFLUSH:
		/* Requests are answered in order: the old one already was. */
		in16(&r->in);
		return BAD_MSG(r);
	default:
		return -EOPNOTSUPP;
	}
}

size_t p9__handle(struct p9_server *s, const u8 *in, size_t in_len, u8 *out, size_t out_cap)
{
	struct p9_req r = { .s = s };
	u32 size = in_len >= 4 ? get_le32(in) : 0;
	u16 tag = in_len >= P9_HDR ? get_le16(in + 5) : P9_NOTAG;
	u8 type = in_len >= 5 ? in[4] : 0;
	int err;

	if (s->msize && out_cap > s->msize)
		out_cap = s->msize;
	if (out_cap < P9_HDR + 4)
		return 0;
	r.out = (struct p9_out){ .p = out, .cap = out_cap, .pos = P9_HDR };
	if (in_len < P9_HDR || size < P9_HDR || size > in_len ||
	    (s->msize && size > s->msize) || (type & 1)) {
		err = -EINVAL;
	} else {
		r.in = (struct p9_in){ .p = in, .len = size, .pos = P9_HDR };
		err = p9__dispatch(&r, type);
		if (!err && r.out.full)
			err = -ENOBUFS;
	}
	if (err) {
		r.out.pos = P9_HDR;
		r.out.full = false;
		out32(&r.out, (u32)-err);
		type = P9_TLERROR;
	}
	put_le32(out, (u32)r.out.pos);
	out[4] = type + 1;
	put_le16(out + 5, tag);
	return r.out.pos;
}

struct p9_server *p9__new(const char *dir, bool ro)
{
	struct p9_server *s = calloc(1, sizeof(*s));
	int e;

	if (!s)
		return NULL;
	s->ro = ro;
	s->root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->root < 0) {
		e = errno;
		free(s);
		errno = e;
		return NULL;
	}
	return s;
}

void p9__free(struct p9_server *s)
{
	if (!s)
		return;
	p9__reset(s);
	close(s->root);
	free(s);
}
