/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw disk images: regular files and block devices. The image is locked
 * with an open-file-description lock, which the kernel drops when the
 * last descriptor closes, even if lkvm is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "lkvm/disk.h"

static int disk_image__lock(struct disk_image *d)
{
	struct flock fl = {
		.l_type = d->ro ? F_RDLCK : F_WRLCK,
		.l_whence = SEEK_SET,
	};

	if (!fcntl(d->fd, F_OFD_SETLK, &fl))
		return 0;
	if (errno == EAGAIN || errno == EACCES) {
		pr_err("disk image %s is in use by another lkvm or program: stop it, "
		       "or give ',ro' to every user", d->path);
		return -EBUSY;
	}
	/* Filesystems without locks (some network ones): carry on. */
	if (errno == ENOLCK || errno == EOPNOTSUPP || errno == EINVAL)
		return 0;
	pr_err("cannot lock disk image %s: %s", d->path, strerror(errno));
	return -errno;
}

/* Punching a hole past the end of the file changes nothing but says if it works. */
static bool disk_image__probe_punch(struct disk_image *d)
{
	off_t at = (off_t)ALIGN_UP(d->size, 4096ULL) + 4096;

	return !fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, at, 4096);
}

int disk_image__open(struct disk_image *d, const char *path, bool ro, bool direct)
{
	int flags = (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC | (direct ? O_DIRECT : 0);
	struct stat st;
	int err;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->ro = ro;
	d->direct = direct;
	d->blk_size = 512;
	d->fd = open(path, flags);
	if (d->fd < 0) {
		err = -errno;
		if (err == -EACCES || err == -EROFS)
			pr_err("cannot open disk image %s for writing: %s; add ',ro' to use it "
			       "read-only", path, strerror(-err));
		else if (err == -EINVAL && direct)
			pr_err("disk image %s: this filesystem does not support O_DIRECT; "
			       "drop ',direct'", path);
		else
			pr_err("cannot open disk image %s: %s", path, strerror(-err));
		return err;
	}
	if (fstat(d->fd, &st)) {
		err = -errno;
		pr_err("cannot stat disk image %s: %s", path, strerror(-err));
		goto fail;
	}
	if (S_ISBLK(st.st_mode)) {
		int bs = 0;

		d->is_bdev = true;
		if (ioctl(d->fd, BLKGETSIZE64, &d->size)) {
			err = -errno;
			pr_err("cannot get the size of block device %s: %s", path, strerror(-err));
			goto fail;
		}
		if (!ioctl(d->fd, BLKSSZGET, &bs) && bs >= 512 && !(bs & (bs - 1)))
			d->blk_size = (u32)bs;
	} else if (S_ISREG(st.st_mode)) {
		d->size = (u64)st.st_size;
	} else {
		err = -EINVAL;
		pr_err("disk image %s is neither a regular file nor a block device", path);
		goto fail;
	}
	if (d->size < 512) {
		err = -EINVAL;
		pr_err("disk image %s is smaller than one 512-byte sector", path);
		goto fail;
	}
	err = disk_image__lock(d);
	if (err)
		goto fail;
	if (!ro) {
		/* The kernel zeroes block-device ranges itself if the device cannot. */
		d->can_write_zeroes = d->is_bdev || disk_image__probe_punch(d);
		d->can_discard = !d->is_bdev && d->can_write_zeroes;
	}
	return 0;
fail:
	close(d->fd);
	d->fd = -1;
	return err;
}

void disk_image__close(struct disk_image *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

int disk_image__flush(struct disk_image *d)
{
	return fdatasync(d->fd) ? -errno : 0;
}

int disk_image__discard(struct disk_image *d, u64 off, u64 len)
{
	if (fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len))
		return -errno;
	return 0;
}

int disk_image__write_zeroes(struct disk_image *d, u64 off, u64 len, bool unmap)
{
	if (d->is_bdev) {
		u64 range[2] = { off, len };

		return ioctl(d->fd, BLKZEROOUT, range) ? -errno : 0;
	}
	if (!unmap && !fallocate(d->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE,
				 (off_t)off, (off_t)len))
		return 0;
	/* A punched hole reads back as zeroes too. */
	return disk_image__discard(d, off, len);
}
