/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host terminal: stdin feeds the active console device, stdout shows
 * what the guest writes. On a tty, stdin is switched to raw mode (so
 * Ctrl-C and friends reach the guest) and Ctrl-A is an escape key.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "lkvm/kvm.h"
#include "lkvm/seccomp.h"
#include "lkvm/term.h"

#define TERM_ESCAPE		0x01	/* Ctrl-A */
#define TERM_PENDING_MAX	4096
#define TERM_RETRY_MS		10	/* re-offer input the device refused */

static struct termios term_saved;
static atomic_bool term_raw;		/* term_saved must be put back */
static bool term_atexit_done;

static struct {
	struct kvm *kvm;
	bool running;
	bool is_tty;
	pthread_t thread;
	int stop_pipe[2];
	bool escape;			/* the last byte was Ctrl-A */
	u8 pending[TERM_PENDING_MAX];	/* input the device has not taken */
	size_t nr_pending;
} term = { .stop_pipe = { -1, -1 } };

static pthread_mutex_t term_in_lock = PTHREAD_MUTEX_INITIALIZER;
static term_input_fn term_in_fn;
static void *term_in_opaque;

static pthread_mutex_t term_out_lock = PTHREAD_MUTEX_INITIALIZER;

void term__restore(void)
{
	/* tcsetattr() is async-signal-safe; the flag makes this idempotent. */
	if (atomic_exchange(&term_raw, false))
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
}


/*
 * A crash must not leave the user's terminal raw: restore it, then let the
 * signal kill us as it would have (raised again, it is delivered once the
 * handler returns). Handlers already installed (e.g. by a sanitizer) are
 * left alone.
 */
static void term__crash(int sig)
{
	/* SA_RESETHAND made it SIG_DFL already (no rt_sigaction under seccomp). */
	term__restore();
	raise(sig);
}

static void term__catch_crashes(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGQUIT };
	struct sigaction sa = { .sa_handler = term__crash, .sa_flags = SA_RESETHAND };

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction old;

		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
	}
}

static int term__enter_raw(void)
{
	struct termios raw;

	if (tcgetattr(STDIN_FILENO, &term_saved)) {
		pr_err("cannot read the terminal settings: %s", strerror(errno));
		return -1;
	}
	raw = term_saved;
	/* Everything goes to the guest as typed; the guest does its own CR LF. */
	raw.c_iflag &= (tcflag_t)~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				   IGNCR | ICRNL | IXON);
	raw.c_oflag &= (tcflag_t)~OPOST;
	raw.c_lflag &= (tcflag_t)~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cflag &= (tcflag_t)~(CSIZE | PARENB);
	raw.c_cflag |= CS8;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (!term_atexit_done) {
		atexit(term__restore);
		term__catch_crashes();
		seccomp__set_restore(term__restore);
		term_atexit_done = true;
	}
	atomic_store(&term_raw, true);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw)) {
		atomic_store(&term_raw, false);
		pr_err("cannot put the terminal in raw mode: %s", strerror(errno));
		return -1;
	}
	return 0;
}

ssize_t term__write(const void *buf, size_t len)
{
	const u8 *p = buf;
	size_t done = 0;
	ssize_t ret = (ssize_t)len;

	pthread_mutex_lock(&term_out_lock);
	while (done < len) {
		ssize_t n = write(STDOUT_FILENO, p + done, len - done);

		if (n > 0) {
			done += (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* Someone made stdout non-blocking: wait until it drains. */
			struct pollfd pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };

			poll(&pfd, 1, 1000);
		} else {
			ret = n < 0 ? -errno : -EIO;
			break;
		}
	}
	pthread_mutex_unlock(&term_out_lock);
	return ret;
}

void term__set_input_handler(term_input_fn fn, void *opaque)
{
	/* Under the lock, so no call to the old handler is still running. */
	pthread_mutex_lock(&term_in_lock);
	term_in_fn = fn;
	term_in_opaque = opaque;
	pthread_mutex_unlock(&term_in_lock);
}

/* Hand pending input to the console device; it may take only part. */
static void term__deliver(void)
{
	size_t n = 0;

	pthread_mutex_lock(&term_in_lock);
	if (term_in_fn && term.nr_pending)
		n = term_in_fn(term_in_opaque, term.pending, term.nr_pending);
	pthread_mutex_unlock(&term_in_lock);
	if (n > term.nr_pending)
		n = term.nr_pending;
	memmove(term.pending, term.pending + n, term.nr_pending - n);
	term.nr_pending -= n;
}

static void term__queue(u8 c)
{
	/* A tty user typing into a guest that never reads: drop the excess. */
	if (term.nr_pending < sizeof(term.pending))
		term.pending[term.nr_pending++] = c;
}

static void term__help(void)
{
	static const char help[] =
		"\r\nlkvm escapes: Ctrl-A x  stop the VM and exit\r\n"
		"              Ctrl-A h  this help\r\n"
		"              Ctrl-A Ctrl-A  send Ctrl-A to the guest\r\n";

	term__write(help, sizeof(help) - 1);
}

/* Interpret Ctrl-A escapes (tty only) and queue the rest for the guest. */
static void term__input(const u8 *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		u8 c = buf[i];

		if (!term.is_tty) {
			term__queue(c);
			continue;
		}
		if (!term.escape) {
			if (c == TERM_ESCAPE)
				term.escape = true;
			else
				term__queue(c);
			continue;
		}
		term.escape = false;
		switch (c) {
		case 'x':
		case 'X':
			/* A deliberate quit, not a failure: exit status 0. */
			kvm__request_stop(term.kvm, STOP_SIGNAL, 0);
			break;
		case 'h':
		case 'H':
		case '?':
			term__help();
			break;
		case TERM_ESCAPE:
			term__queue(TERM_ESCAPE);
			break;
		default:
			/* Not an escape after all: pass both bytes on. */
			term__queue(TERM_ESCAPE);
			term__queue(c);
			break;
		}
	}
}

static void *term__thread(void *arg)
{
	bool stdin_open = true;
	u8 buf[256];

	(void)arg;
	if (seccomp__enter(SECCOMP_KIND_TERM)) {
		kvm__request_stop(term.kvm, STOP_ERROR, 1);
		return NULL;
	}
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = term.stop_pipe[0], .events = POLLIN },
			{ .fd = STDIN_FILENO, .events = POLLIN },
		};
		/*
		 * Piped input waits while the device is full, so nothing is
		 * lost; a tty is always read so that Ctrl-A x keeps working.
		 */
		bool want_stdin = stdin_open &&
				  (term.is_tty || term.nr_pending < sizeof(term.pending));
		int timeout = term.nr_pending ? TERM_RETRY_MS : -1;
		int n;

		n = poll(pfd, want_stdin ? 2 : 1, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		if (want_stdin && pfd[1].revents) {
			ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));

			if (r > 0)
				term__input(buf, (size_t)r);
			else if (r == 0 || (errno != EINTR && errno != EAGAIN))
				stdin_open = false;	/* EOF: no more input, VM runs on */
		}
		term__deliver();
	}
	return NULL;
}

int term__init(struct kvm *kvm)
{
	sigset_t all, old;
	int err;

	term.kvm = kvm;
	term.escape = false;
	term.nr_pending = 0;
	term.is_tty = isatty(STDIN_FILENO);
	if (term.is_tty && term__enter_raw())
		return -1;
	if (pipe(term.stop_pipe)) {
		pr_err("cannot create a pipe for the terminal thread: %s", strerror(errno));
		term__restore();
		return -1;
	}
	/* Signals are for the main and vCPU threads, not this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&term.thread, NULL, term__thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pr_err("cannot start the terminal thread: %s", strerror(err));
		close(term.stop_pipe[0]);
		close(term.stop_pipe[1]);
		term.stop_pipe[0] = term.stop_pipe[1] = -1;
		term__restore();
		return -1;
	}
	term.running = true;
	return 0;
}

void term__exit(void)
{
	if (term.running) {
		if (write(term.stop_pipe[1], "", 1) < 0)
			pr_warn("cannot stop the terminal thread: %s", strerror(errno));
		pthread_join(term.thread, NULL);
		term.running = false;
	}
	for (int i = 0; i < 2; i++) {
		if (term.stop_pipe[i] >= 0)
			close(term.stop_pipe[i]);
		term.stop_pipe[i] = -1;
	}
	term__restore();
}
