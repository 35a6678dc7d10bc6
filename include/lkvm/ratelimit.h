/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_RATELIMIT_H
#define LKVM_RATELIMIT_H

#include <pthread.h>
#include <stdatomic.h>
#include "lkvm/util.h"

/*
 * Rate limits for messages a guest can trigger: each call site may print
 * RATELIMIT_BURST lines per RATELIMIT_INTERVAL_NS window; what it drops
 * is counted and reported in one line ("N similar messages suppressed")
 * when its next window opens, or by ratelimit__flush() as lkvm exits. A
 * guest can thus produce at most BURST + 1 lines per site and window.
 */
#define RATELIMIT_INTERVAL_NS	(5ULL * 1000000000ULL)
#define RATELIMIT_BURST		10

struct ratelimit {
	pthread_mutex_t lock;
	const char *site;		/* "file:line", for the summary */
	enum log_level level;
	atomic_bool registered;		/* on the list ratelimit__flush walks */
	bool started;			/* begin is set */
	struct ratelimit *next;
	u64 begin;			/* start of the current window, ns */
	unsigned int printed;		/* lines in the current window */
	unsigned long suppressed;	/* dropped since the last summary */
};

#define RATELIMIT_STR2(x)	#x
#define RATELIMIT_STR(x)	RATELIMIT_STR2(x)
#define RATELIMIT_INIT(lvl) { .lock = PTHREAD_MUTEX_INITIALIZER, \
			      .site = __FILE__ ":" RATELIMIT_STR(__LINE__), .level = (lvl) }

/* May this site print now? Prints the pending summary first if any. */
bool ratelimit__allow(struct ratelimit *rl);
/*
 * Report every site's suppressed count (one line each) and reset them;
 * registered with atexit() when the first site is used.
 */
void ratelimit__flush(void);
/* Tests: a fake monotonic clock (NULL: the real one). */
void ratelimit__set_clock(u64 (*now_ns)(void));

#define pr_ratelimited(lvl, ...) do {					\
	static struct ratelimit __rl = RATELIMIT_INIT(lvl);		\
	if ((lvl) <= log__level && ratelimit__allow(&__rl))		\
		log__printf((lvl), __VA_ARGS__);			\
} while (0)

/* pr_debug's cheap test first: a debug site costs nothing by default. */
#define pr_debug_ratelimited(...) do {					\
	if (unlikely(log__level >= LOG_DEBUG))				\
		pr_ratelimited(LOG_DEBUG, __VA_ARGS__);			\
} while (0)

#define pr_warn_ratelimited(...)	pr_ratelimited(LOG_WARN, __VA_ARGS__)
#define pr_info_ratelimited(...)	pr_ratelimited(LOG_INFO, __VA_ARGS__)

#endif
