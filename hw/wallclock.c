/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wall-clock registers behind lkvm's EFI GetTime (see lkvm/wallclock.h).
 * Debian's kernel reads the time through EFI runtime services (rtc-efi)
 * and has no LS7A RTC driver, so the firmware's GetTime is what sets the
 * guest's clock at boot (RTC_HCTOSYS).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include "lkvm/device.h"
#include "lkvm/kvm.h"
#include "lkvm/wallclock.h"

#define EFI_UNSPECIFIED_TIMEZONE	0x07ff
#define WALLCLOCK_ACCURACY		50000000	/* 50 ppm, in 1e-12 units */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static u8 latched[WALLCLOCK_SIZE];

void wallclock__encode(const struct timespec *ts, u8 regs[WALLCLOCK_SIZE])
{
	struct tm tm;

	memset(regs, 0, WALLCLOCK_SIZE);
	if (!gmtime_r(&ts->tv_sec, &tm))
		return;		/* all zero: an invalid EFI_TIME, not a wrong one */
	put_le16(regs + 0, (u16)(tm.tm_year + 1900));
	regs[2] = (u8)(tm.tm_mon + 1);
	regs[3] = (u8)tm.tm_mday;
	regs[4] = (u8)tm.tm_hour;
	regs[5] = (u8)tm.tm_min;
	regs[6] = (u8)(tm.tm_sec > 59 ? 59 : tm.tm_sec);
	put_le32(regs + 8, (u32)ts->tv_nsec);
	put_le16(regs + 12, EFI_UNSPECIFIED_TIMEZONE);
	regs[14] = 0;					/* daylight */
	put_le32(regs + WALLCLOCK_CAPS, 1);		/* resolution, Hz */
	put_le32(regs + WALLCLOCK_CAPS + 4, WALLCLOCK_ACCURACY);
	regs[WALLCLOCK_CAPS + 8] = 0;			/* sets to zero */
}

void wallclock__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		     bool is_write, void *opaque)
{
	struct timespec ts;
	u32 i;

	(void)vcpu;
	(void)opaque;
	if (is_write)
		return;
	pthread_mutex_lock(&lock);
	if (offset == WALLCLOCK_TIME) {
		clock_gettime(CLOCK_REALTIME, &ts);
		wallclock__encode(&ts, latched);
	}
	for (i = 0; i < len; i++)
		data[i] = offset + i < WALLCLOCK_SIZE ? latched[offset + i] : 0;
	pthread_mutex_unlock(&lock);
}

int wallclock__init(struct kvm *kvm, const struct dev_desc *d)
{
	/*
	 * glibc's first gmtime_r() reads the time zone (opens /etc/localtime);
	 * do that now, before the vCPU threads' seccomp filters forbid it.
	 */
	tzset();
	if (d->size < WALLCLOCK_SIZE) {
		pr_err("the board gives the wall clock %llu bytes, it needs %d",
		       (unsigned long long)d->size, WALLCLOCK_SIZE);
		return -EINVAL;
	}
	return dev__register_mmio(kvm, d, "wall-clock registers", "wallclock",
				  wallclock__mmio, NULL, NULL);
}
