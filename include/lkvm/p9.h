/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_P9_H
#define LKVM_P9_H

#include <stddef.h>
#include "lkvm/util.h"

/*
 * A 9P2000.L file server for one host directory (virtio/9p-proto.c). It
 * knows nothing of virtio: it takes one request message and writes one
 * reply, so tests and the fuzz target drive it directly. Every path the
 * guest names resolves beneath the directory (openat2 RESOLVE_BENEATH and
 * RESOLVE_NO_SYMLINKS: a symlink is returned as a symlink, never
 * followed); "ro" refuses every change with EROFS.
 */

#define P9_MAX_MSIZE	(512 * 1024)	/* largest msize we agree to */
#define P9_MIN_MSIZE	4096
#define P9_MAX_FIDS	4096		/* fids a guest may hold at once */
#define P9_XATTR_MAX	65536		/* largest xattr value or list */
#define P9_XATTR_TOTAL	(4u << 20)	/* xattr buffers all fids hold at once */
#define P9_HDR		7		/* size[4] type[1] tag[2] */

/* Message types (Linux's include/net/9p/9p.h numbering). */
enum {
	P9_TLERROR = 6, P9_RLERROR,
	P9_TSTATFS = 8, P9_RSTATFS,
	P9_TLOPEN = 12, P9_RLOPEN,
	P9_TLCREATE = 14, P9_RLCREATE,
	P9_TSYMLINK = 16, P9_RSYMLINK,
	P9_TMKNOD = 18, P9_RMKNOD,
	P9_TRENAME = 20, P9_RRENAME,
	P9_TREADLINK = 22, P9_RREADLINK,
	P9_TGETATTR = 24, P9_RGETATTR,
	P9_TSETATTR = 26, P9_RSETATTR,
	P9_TXATTRWALK = 30, P9_RXATTRWALK,
	P9_TXATTRCREATE = 32, P9_RXATTRCREATE,
	P9_TREADDIR = 40, P9_RREADDIR,
	P9_TFSYNC = 50, P9_RFSYNC,
	P9_TLOCK = 52, P9_RLOCK,
	P9_TGETLOCK = 54, P9_RGETLOCK,
	P9_TLINK = 70, P9_RLINK,
	P9_TMKDIR = 72, P9_RMKDIR,
	P9_TRENAMEAT = 74, P9_RRENAMEAT,
	P9_TUNLINKAT = 76, P9_RUNLINKAT,
	P9_TVERSION = 100, P9_RVERSION,
	P9_TAUTH = 102, P9_RAUTH,
	P9_TATTACH = 104, P9_RATTACH,
	P9_TFLUSH = 108, P9_RFLUSH,
	P9_TWALK = 110, P9_RWALK,
	P9_TREAD = 116, P9_RREAD,
	P9_TWRITE = 118, P9_RWRITE,
	P9_TCLUNK = 120, P9_RCLUNK,
	P9_TREMOVE = 122, P9_RREMOVE,
};

#define P9_NOTAG	0xffff
#define P9_NOFID	0xffffffffu
#define P9_MAXWELEM	16

struct p9_server;

/*
 * Serve dir (opened now: the server holds only that descriptor). NULL
 * with errno set if dir cannot be opened as a directory.
 */
struct p9_server *p9__new(const char *dir, bool ro);
void p9__free(struct p9_server *s);
/* Forget every fid (a device reset; also what Tversion does). */
void p9__reset(struct p9_server *s);
/* Fids in use (tests: no leaks). */
unsigned int p9__nr_fids(const struct p9_server *s);

/*
 * Handle the request in[0..in_len) and write its reply to out, at most
 * out_cap bytes (the guest's writable room). Returns the reply's length:
 * a malformed request gets Rlerror; 0 only when out_cap cannot hold even
 * an Rlerror.
 */
size_t p9__handle(struct p9_server *s, const u8 *in, size_t in_len, u8 *out, size_t out_cap);

#endif
