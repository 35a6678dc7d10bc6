/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_DISK_H
#define LKVM_DISK_H

#include <libaio.h>
#include <sys/uio.h>
#include "lkvm/util.h"

/*
 * A disk image: a raw file or a block device, opened and locked for one
 * VM, plus the libaio engine its device submits reads and writes to.
 */
struct disk_image {
	int fd;
	const char *path;
	u64 size;		/* bytes */
	u32 blk_size;		/* logical block size */
	bool ro, direct, is_bdev;
	bool can_discard;	/* punching holes works */
	bool can_write_zeroes;
};

/*
 * Open path (read-only if ro, O_DIRECT if direct) and take an OFD lock on
 * it: shared when read-only, exclusive otherwise, so a second VM cannot
 * write an image another one uses. Prints one error line on failure.
 */
int disk_image__open(struct disk_image *d, const char *path, bool ro, bool direct);
void disk_image__close(struct disk_image *d);
/* Synchronous operations, for the I/O thread: 0 or -errno. */
int disk_image__flush(struct disk_image *d);
int disk_image__discard(struct disk_image *d, u64 off, u64 len);
int disk_image__write_zeroes(struct disk_image *d, u64 off, u64 len, bool unmap);

/* libaio: a context whose completions signal an eventfd. */
struct disk_aio {
	io_context_t ctx;
	int efd;
	unsigned int depth;
};

int disk_aio__init(struct disk_aio *a, unsigned int depth);
void disk_aio__exit(struct disk_aio *a);
/* Fill cb for a vectored read or write whose completion carries data. */
void disk_aio__prep(struct disk_aio *a, struct iocb *cb, int fd, bool write,
		    const struct iovec *iov, int iovcnt, u64 off, void *data);
/*
 * Queue n prepared requests (caller-owned, untouched until reaped).
 * Returns how many were queued (the first ones), or -errno if none was.
 */
int disk_aio__submit(struct disk_aio *a, struct iocb **cbs, int n);
/*
 * Collect up to max finished requests without blocking (min 0) or waiting
 * for at least min; calls done(data, res) for each (res: bytes or -errno).
 * Returns the count or -errno.
 */
int disk_aio__reap(struct disk_aio *a, int min, int max, void (*done)(void *data, long res));

#endif
