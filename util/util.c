/* SPDX-License-Identifier: GPL-2.0-only */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lkvm/util.h"

int util__parse_size(const char *s, u64 *out)
{
	u64 v = 0, mult = 1;
	const char *p = s;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (u64)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (u64)(*p - '0');
	}
	switch (*p) {
	case '\0': break;
	case 'k': case 'K': mult = 1ULL << 10; p++; break;
	case 'm': case 'M': mult = 1ULL << 20; p++; break;
	case 'g': case 'G': mult = 1ULL << 30; p++; break;
	case 't': case 'T': mult = 1ULL << 40; p++; break;
	default: return -EINVAL;
	}
	/* Accept "1GiB"/"1GB"-style spellings as well as plain suffixes. */
	if (mult != 1 && (*p == 'i' || *p == 'I'))
		p++;
	if (mult != 1 && (*p == 'b' || *p == 'B'))
		p++;
	if (*p)
		return -EINVAL;
	if (v > UINT64_MAX / mult)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

/*
 * A regular file larger than max is refused from its size; anything else
 * (pipe, character device) is read until EOF or max + 1 bytes, so an
 * endless source such as /dev/zero costs at most max bytes.
 */
int util__read_file(const char *path, u64 max, void **buf, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	u8 *data;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	if (max >= SIZE_MAX)
		max = SIZE_MAX - 1;
	if (S_ISREG(st.st_mode) && (u64)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	/* Pipes and devices report size 0: grow as needed. */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	if (cap > max + 1)
		cap = (size_t)max + 1;
	data = malloc(cap);
	if (!data) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			size_t ncap = cap > (max + 1) / 2 ? (size_t)max + 1 : cap * 2;
			u8 *nd;

			if (n > max) {
				free(data);
				close(fd);
				return -EFBIG;
			}
			nd = realloc(data, ncap);
			if (!nd) {
				free(data);
				close(fd);
				return -ENOMEM;
			}
			data = nd;
			cap = ncap;
		}
		r = read(fd, data + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			free(data);
			close(fd);
			return err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	/* A file that grew past max while we read it. */
	if (n > max) {
		free(data);
		return -EFBIG;
	}
	*buf = data;
	*len = n;
	return 0;
}
