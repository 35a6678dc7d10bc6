/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_UTIL_H
#define LKVM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define BIT(n)			(1ULL << (n))
#define GENMASK(h, l)		((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define SZ_1K			0x400ULL
#define SZ_64K			0x10000ULL
#define SZ_1M			0x100000ULL
#define SZ_2M			0x200000ULL
#define SZ_1G			0x40000000ULL

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __unused		__attribute__((unused))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

enum log_level {
	LOG_ERR = 0,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

extern enum log_level log__level;

/* All diagnostics go to stderr, prefixed "lkvm: ", one line each. */
void log__printf(enum log_level lvl, const char *fmt, ...) __printf(2, 3);
int log__parse_level(const char *s, enum log_level *out);
/* How many error lines have been printed so far. */
unsigned long log__errors(void);

#define pr_err(...)	log__printf(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	log__printf(LOG_WARN, __VA_ARGS__)
#define pr_info(...)	log__printf(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	do { if (unlikely(log__level >= LOG_DEBUG)) \
				log__printf(LOG_DEBUG, __VA_ARGS__); } while (0)

/* Parse "512M", "1G", "65536", "4k": returns 0 or -EINVAL/-ERANGE. */
int util__parse_size(const char *s, u64 *out);

/*
 * Read a whole file of at most max bytes into a malloc'd buffer; -errno on
 * failure, -EFBIG if it holds more than max (a regular file is refused by
 * its size, a pipe or device after max + 1 bytes).
 */
int util__read_file(const char *path, u64 max, void **buf, size_t *len);

static inline u16 get_le16(const void *p)
{
	const u8 *b = p;
	return (u16)(b[0] | (b[1] << 8));
}

static inline u32 get_le32(const void *p)
{
	const u8 *b = p;
	return (u32)b[0] | ((u32)b[1] << 8) | ((u32)b[2] << 16) | ((u32)b[3] << 24);
}

static inline u64 get_le64(const void *p)
{
	return (u64)get_le32(p) | ((u64)get_le32((const u8 *)p + 4) << 32);
}

static inline void put_le16(void *p, u16 v)
{
	u8 *b = p;
	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
}

static inline void put_le32(void *p, u32 v)
{
	u8 *b = p;
	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
	b[2] = (u8)(v >> 16);
	b[3] = (u8)(v >> 24);
}

static inline void put_le64(void *p, u64 v)
{
	put_le32(p, (u32)v);
	put_le32((u8 *)p + 4, (u32)(v >> 32));
}

/* Little-endian value of an access of len (1, 2, 4, 8) bytes. */
static inline u64 get_le(const void *p, u32 len)
{
	switch (len) {
	case 1: return *(const u8 *)p;
	case 2: return get_le16(p);
	case 4: return get_le32(p);
	default: return get_le64(p);
	}
}

static inline void put_le(void *p, u32 len, u64 v)
{
	switch (len) {
	case 1: *(u8 *)p = (u8)v; break;
	case 2: put_le16(p, (u16)v); break;
	case 4: put_le32(p, (u32)v); break;
	default: put_le64(p, v); break;
	}
}

#endif
