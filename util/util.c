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

#define READ_FILE_MAX	(1ULL << 31)

int util__read_file(const char *path, void **buf, size_t *len)
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
	if ((u64)st.st_size > READ_FILE_MAX) {
		close(fd);
		return -EFBIG;
	}
	/* Pipes and devices report size 0: grow as needed. */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	data = malloc(cap);
	if (!data) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			u8 *nd;

			if (cap >= READ_FILE_MAX) {
				free(data);
				close(fd);
				return -EFBIG;
			}
			nd = realloc(data, cap * 2);
			if (!nd) {
				free(data);
				close(fd);
				return -ENOMEM;
			}
			data = nd;
			cap *= 2;
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
	*buf = data;
	*len = n;
	return 0;
}
