/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux native AIO through libaio. Each completion also bumps an eventfd,
 * so the owning I/O thread can sleep in poll() on it together with its
 * other events and reap without blocking.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "lkvm/disk.h"

int disk_aio__init(struct disk_aio *a, unsigned int depth)
{
	int err;

	memset(a, 0, sizeof(*a));
	a->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (a->efd < 0)
		return -errno;
	err = io_setup((int)depth, &a->ctx);
	if (err < 0) {
		close(a->efd);
		a->efd = -1;
		return err;
	}
	a->depth = depth;
	return 0;
}

void disk_aio__exit(struct disk_aio *a)
{
	if (a->depth)
		io_destroy(a->ctx);
	if (a->efd >= 0)
		close(a->efd);
	a->depth = 0;
	a->efd = -1;
}

void disk_aio__prep(struct disk_aio *a, struct iocb *cb, int fd, bool write,
		    const struct iovec *iov, int iovcnt, u64 off, void *data)
{
	if (write)
		io_prep_pwritev(cb, fd, iov, iovcnt, (long long)off);
	else
		io_prep_preadv(cb, fd, iov, iovcnt, (long long)off);
	cb->data = data;
	io_set_eventfd(cb, a->efd);
}

int disk_aio__submit(struct disk_aio *a, struct iocb **cbs, int n)
{
	int ret;

	do
		ret = io_submit(a->ctx, n, cbs);
	while (ret == -EINTR);
	if (ret == 0 && n)
		return -EAGAIN;
	return ret;
}

int disk_aio__reap(struct disk_aio *a, int min, int max, void (*done)(void *data, long res))
{
	struct io_event ev[64];
	struct timespec zero = { 0, 0 };
	int total = 0;
	u64 cnt;

	/* Drain the counter first: a completion after this re-arms it. */
	if (read(a->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		return -errno;
	while (total < max) {
		int want = max - total < (int)ARRAY_SIZE(ev) ? max - total : (int)ARRAY_SIZE(ev);
		int n;

		do
			n = io_getevents(a->ctx, min > total ? 1 : 0, want, ev,
					 min > total ? NULL : &zero);
		while (n == -EINTR);
		if (n < 0)
			return total ? total : n;
		for (int i = 0; i < n; i++)
			done(ev[i].data, (long)ev[i].res);
		total += n;
		if (n < want && total >= min)
			break;
	}
	return total;
}
