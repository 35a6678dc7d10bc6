/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_CTL_H
#define LKVM_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "lkvm/util.h"

/*
 * The control protocol between "lkvm run" and the lkvm list/stop/pause/
 * resume/debug/balloon/stat clients, over the VM's UNIX socket. A stable
 * interface (README.md, "Control socket"). Every message is one frame:
 *
 *   0  u8   'L'
 *   1  u8   'K'
 *   2  u8   version (CTL_VERSION)
 *   3  u8   type (enum ctl_type; a reply is the request's type | 0x80,
 *           or CTL_ERROR)
 *   4  u32  payload length, little-endian
 *   8  payload: "key=value\n" lines; keys [a-z0-9_.], 1-32 bytes;
 *      values printable ASCII (0x20-0x7e), possibly empty
 *
 * A request may carry at most CTL_REQ_MAX payload bytes, a reply
 * CTL_REPLY_MAX. Anything else (bad magic or version, unknown type,
 * oversized or truncated frame, a malformed line) is refused.
 */
#define CTL_VERSION		1
#define CTL_HDR_SIZE		8
#define CTL_REQ_MAX		1024
#define CTL_REPLY_MAX		(1u << 20)
#define CTL_KEY_MAX		32
#define CTL_REPLY_BIT		0x80

enum ctl_type {
	CTL_LIST = 1,		/* -> name pid state vcpus mem_mib uptime_s */
	CTL_STOP = 2,		/* power the VM off; lkvm exits 0 */
	CTL_PAUSE = 3,
	CTL_RESUME = 4,
	CTL_DEBUG = 5,		/* dump=1: registers; sysrq=C: a SysRq key */
	CTL_BALLOON = 6,	/* inflate_mib=N | deflate_mib=N */
	CTL_STAT = 7,		/* memory=1: the guest's balloon statistics */
	CTL_NR_TYPES,
	CTL_ERROR = 0xff,	/* error=message */
};

struct ctl_hdr {
	u8 version;
	u8 type;
	u32 len;
};

/*
 * Check an 8-byte header. max is the largest payload the receiver takes.
 * Returns 0, or -EPROTO (magic), -EPROTONOSUPPORT (version), -EBADMSG
 * (type not a request or reply this version knows), -EMSGSIZE.
 */
int ctl__parse_hdr(const u8 *buf, u32 max, bool reply, struct ctl_hdr *h);
void ctl__put_hdr(u8 *buf, u8 type, u32 len);
/* What a parse error means, for the one error line. */
const char *ctl__strerror(int err);

/* A payload being built: data grows up to cap; overflow sticks. */
struct ctl_buf {
	char *data;
	size_t len, cap;
	bool overflow;
};

/* Append key=value (value sanitised to printable ASCII); printf form too. */
void ctl__add(struct ctl_buf *b, const char *key, const char *value);
void ctl__addf(struct ctl_buf *b, const char *key, const char *fmt, ...) __printf(3, 4);

/* One parsed line, pointing into the payload (not NUL-terminated). */
struct ctl_kv {
	const char *key, *val;
	size_t klen, vlen;
};

/*
 * Validate a whole payload: every line well formed, at most max_lines.
 * Returns the number of lines, or -EBADMSG.
 */
int ctl__validate(const char *p, size_t len, unsigned int max_lines);
/* Iterate a validated payload: *pos starts at 0; false at the end. */
bool ctl__next(const char *p, size_t len, size_t *pos, struct ctl_kv *kv);
/* The value of key copied into out (NUL-terminated); false if absent or too long. */
bool ctl__get(const char *p, size_t len, const char *key, char *out, size_t outlen);
/* key as a decimal u64; false if absent or not a number. */
bool ctl__get_u64(const char *p, size_t len, const char *key, u64 *v);

/* ---- the socket directory (util/ctl-dir.c) ---- */

#define CTL_NAME_MAX		64

/* Is name usable as a VM name (letters, digits, . _ -; not leading .)? */
bool ctl__name_ok(const char *name);
/*
 * The directory: $XDG_RUNTIME_DIR/lkvm, else $HOME/.lkvm. create: make it
 * (mode 0700) if missing. Returns 0 or -errno (one line printed).
 */
int ctl__dir(char *out, size_t len, bool create);
/* The socket path for name in dir; -ENAMETOOLONG if it does not fit. */
int ctl__sock_path(const char *dir, const char *name, char *out, size_t len);

/* Connect to a socket path: fd, or -errno (ECONNREFUSED: stale). */
int ctl__connect(const char *path);

/* ---- the server in "lkvm run" (ctl.c) ---- */

struct kvm;

/*
 * Create the VM's socket (once per lkvm run, kept across --reboot
 * restart) and start the control thread. A live socket of the same name
 * is refused with one line; a stale one is replaced. Returns 0 or -1.
 */
int ctl__init(const char *name, unsigned int nr_cpus, u64 ram_size);
/*
 * The VM the control thread acts on; between boots (and before the first)
 * requests wait a few seconds for it and list says "starting".
 */
void ctl__attach(struct kvm *kvm);
void ctl__detach(void);
/* Stop the thread, close and remove the socket; every exit path. */
void ctl__exit(void);

/* ---- the client (ctl-client.c) ---- */

/* A reply: type and payload (malloc'd, NUL-terminated for convenience). */
struct ctl_reply {
	u8 type;
	char *data;
	size_t len;
};

/*
 * Send one request to the VM name and read the reply within timeout_ms.
 * Returns 0 (reply filled, possibly CTL_ERROR) or -1 after one line.
 */
int ctl__request(const char *name, u8 type, const struct ctl_buf *args,
		 int timeout_ms, struct ctl_reply *r);
/* Connect to the VM called name: fd, or -1 after one line. */
int ctl__open(const char *name);
/* Wait until the peer closes fd: 0, or -1 after timeout_ms (or data). */
int ctl__wait_eof(int fd, int timeout_ms);
/* The same over an open socket (for stop, which then waits for EOF). */
int ctl__request_fd(int fd, const char *name, u8 type, const struct ctl_buf *args,
		    int timeout_ms, struct ctl_reply *r);
void ctl__reply_free(struct ctl_reply *r);
/*
 * Call fn with a connection to every VM with a live socket, in name
 * order (fn sends one request on fd); stale sockets are removed on the
 * way. Returns the number of live VMs, -1 if fn or the listing failed.
 */
int ctl__for_each_vm(int (*fn)(const char *name, int fd, void *opaque), void *opaque);
/* Print a reply's payload as one JSON object (numbers unquoted). */
void ctl__print_json(FILE *out, const char *p, size_t len);

#endif
