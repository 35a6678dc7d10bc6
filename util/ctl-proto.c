/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol's frames and payloads (include/lkvm/ctl.h): pure
 * functions, shared by the server in lkvm run and the clients, and the
 * part a hostile peer reaches first (tests/fuzz/fuzz_ctl_parse.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/ctl.h"

int ctl__parse_hdr(const u8 *buf, u32 max, bool reply, struct ctl_hdr *h)
{
	u8 t;

	if (buf[0] != 'L' || buf[1] != 'K')
		return -EPROTO;
	if (buf[2] != CTL_VERSION)
		return -EPROTONOSUPPORT;
	t = buf[3];
	h->version = buf[2];
	h->type = t;
	h->len = get_le32(buf + 4);
	if (reply) {
		if (t != CTL_ERROR && (!(t & CTL_REPLY_BIT) ||
				       (t & ~CTL_REPLY_BIT) == 0 || (t & ~CTL_REPLY_BIT) >= CTL_NR_TYPES))
			return -EBADMSG;
	} else if (t == 0 || t >= CTL_NR_TYPES) {
		return -EBADMSG;
	}
	if (h->len > max)
		return -EMSGSIZE;
	return 0;
}

void ctl__put_hdr(u8 *buf, u8 type, u32 len)
{
	buf[0] = 'L';
	buf[1] = 'K';
	buf[2] = CTL_VERSION;
	buf[3] = type;
	put_le32(buf + 4, len);
}

const char *ctl__strerror(int err)
{
	switch (err) {
	case -EPROTO:
		return "not an lkvm control message";
	case -EPROTONOSUPPORT:
		return "unsupported protocol version";
	case -EBADMSG:
		return "unknown message type or malformed payload";
	case -EMSGSIZE:
		return "message too large";
	case -ETIMEDOUT:
		return "timed out";
	case -ECONNRESET:
		return "truncated message";
	default:
		return strerror(err < 0 ? -err : err);
	}
}

static bool ctl__key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static void ctl__put(struct ctl_buf *b, const char *s, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

void ctl__add(struct ctl_buf *b, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value), mark = b->len;

	if (!klen || klen > CTL_KEY_MAX || 2 + klen + vlen > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	ctl__put(b, key, klen);
	ctl__put(b, "=", 1);
	for (size_t i = 0; i < vlen; i++) {
		char c = value[i];

		/* Whatever the source (a guest's numbers, a name), stay printable. */
		if (c < 0x20 || c > 0x7e)
			c = '?';
		ctl__put(b, &c, 1);
	}
	ctl__put(b, "\n", 1);
	if (b->overflow)
		b->len = mark;
}

void ctl__addf(struct ctl_buf *b, const char *key, const char *fmt, ...)
{
	char v[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	ctl__add(b, key, v);
}

/* One line from pos: key, value, and where the next starts; false if malformed. */
static bool ctl__line(const char *p, size_t len, size_t pos, struct ctl_kv *kv, size_t *next)
{
	size_t i = pos;

	while (i < len && ctl__key_char(p[i]))
		i++;
	if (i == pos || i - pos > CTL_KEY_MAX || i >= len || p[i] != '=')
		return false;
	kv->key = p + pos;
	kv->klen = i - pos;
	kv->val = p + ++i;
	while (i < len && p[i] >= 0x20 && p[i] <= 0x7e)
		i++;
	if (i >= len || p[i] != '\n')
		return false;
	kv->vlen = (size_t)(p + i - kv->val);
	*next = i + 1;
	return true;
}

int ctl__validate(const char *p, size_t len, unsigned int max_lines)
{
	size_t pos = 0;
	unsigned int n = 0;
	struct ctl_kv kv;

	while (pos < len) {
		if (n == max_lines || !ctl__line(p, len, pos, &kv, &pos))
			return -EBADMSG;
		n++;
	}
	return (int)n;
}

bool ctl__next(const char *p, size_t len, size_t *pos, struct ctl_kv *kv)
{
	return *pos < len && ctl__line(p, len, *pos, kv, pos);
}

bool ctl__get(const char *p, size_t len, const char *key, char *out, size_t outlen)
{
	size_t pos = 0, klen = strlen(key);
	struct ctl_kv kv;

	while (ctl__next(p, len, &pos, &kv)) {
		if (kv.klen != klen || memcmp(kv.key, key, klen))
			continue;
		if (kv.vlen >= outlen)
			return false;
		memcpy(out, kv.val, kv.vlen);
		out[kv.vlen] = '\0';
		return true;
	}
	return false;
}

bool ctl__get_u64(const char *p, size_t len, const char *key, u64 *v)
{
	char s[24], *end;

	if (!ctl__get(p, len, key, s, sizeof(s)) || !s[0] || s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !errno && !*end;
}

/* A value is printed as a JSON number only if it is a plain decimal. */
static bool ctl__is_number(const char *v, size_t n)
{
	if (!n || n > 19 || (v[0] == '0' && n > 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

void ctl__print_json(FILE *out, const char *p, size_t len)
{
	size_t pos = 0;
	struct ctl_kv kv;
	bool first = true;

	fputc('{', out);
	while (ctl__next(p, len, &pos, &kv)) {
		fprintf(out, "%s\"%.*s\": ", first ? "" : ", ", (int)kv.klen, kv.key);
		first = false;
		if (ctl__is_number(kv.val, kv.vlen)) {
			fprintf(out, "%.*s", (int)kv.vlen, kv.val);
			continue;
		}
		fputc('"', out);
		for (size_t i = 0; i < kv.vlen; i++) {
			if (kv.val[i] == '"' || kv.val[i] == '\\')
				fputc('\\', out);
			fputc(kv.val[i], out);
		}
		fputc('"', out);
	}
	fputc('}', out);
}
