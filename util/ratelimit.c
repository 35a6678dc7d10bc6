/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-call-site rate limits for guest-triggered messages (ratelimit.h). */
#include <stdlib.h>
#include <time.h>
#include "lkvm/ratelimit.h"

static u64 (*ratelimit_clock)(void);
static pthread_mutex_t ratelimit_list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ratelimit *ratelimit_list;

static u64 ratelimit__now(void)
{
	struct timespec ts;

	if (ratelimit_clock)
		return ratelimit_clock();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

void ratelimit__set_clock(u64 (*now_ns)(void))
{
	ratelimit_clock = now_ns;
}

/* Called with rl->lock held. */
static void ratelimit__report(struct ratelimit *rl)
{
	if (!rl->suppressed)
		return;
	log__printf(rl->level, "%lu similar messages suppressed (%s)", rl->suppressed,
		    rl->site);
	rl->suppressed = 0;
}

bool ratelimit__allow(struct ratelimit *rl)
{
	bool ok;
	u64 now;

	/* The list lock is never taken inside rl->lock (flush nests them). */
	if (!atomic_load(&rl->registered)) {
		pthread_mutex_lock(&ratelimit_list_lock);
		if (!atomic_load(&rl->registered)) {
			/* The last summaries come out as lkvm exits (reboots included). */
			if (!ratelimit_list)
				atexit(ratelimit__flush);
			rl->next = ratelimit_list;
			ratelimit_list = rl;
			atomic_store(&rl->registered, true);
		}
		pthread_mutex_unlock(&ratelimit_list_lock);
	}
	pthread_mutex_lock(&rl->lock);
	now = ratelimit__now();
	if (!rl->started) {
		rl->started = true;
		rl->begin = now;
	}
	if (now - rl->begin >= RATELIMIT_INTERVAL_NS) {
		ratelimit__report(rl);
		rl->begin = now;
		rl->printed = 0;
	}
	ok = rl->printed < RATELIMIT_BURST;
	if (ok)
		rl->printed++;
	else
		rl->suppressed++;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}

void ratelimit__flush(void)
{
	pthread_mutex_lock(&ratelimit_list_lock);
	for (struct ratelimit *rl = ratelimit_list; rl; rl = rl->next) {
		pthread_mutex_lock(&rl->lock);
		ratelimit__report(rl);
		pthread_mutex_unlock(&rl->lock);
	}
	pthread_mutex_unlock(&ratelimit_list_lock);
}
