/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM's control socket: one thread accepts connections on
 * $XDG_RUNTIME_DIR/lkvm/NAME.sock and answers one request per connection
 * (include/lkvm/ctl.h). Only the user running lkvm may talk to it (the
 * directory is 0700, the socket 0600, and SO_PEERCRED is checked, which
 * also keeps root out of another user's VM). A client cannot stall the
 * VM: sockets are non-blocking, a request must arrive within
 * CTL_READ_MS and a reply be taken within CTL_WRITE_MS, and nothing the
 * vCPUs do waits for this thread.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "lkvm/ctl.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/seccomp.h"
#include "lkvm/serial.h"
#include "lkvm/virtio-devices.h"

#define CTL_READ_MS		1000	/* a whole request */
#define CTL_WRITE_MS		2000	/* a whole reply */
#define CTL_PAUSE_MS		5000	/* every vCPU out of KVM_RUN */
#define CTL_MAX_LINES		64	/* in a request */
#define CTL_MAX_WAITERS		8	/* lkvm stop clients waiting for the end */
#define CTL_BACKLOG		8
#define CTL_ATTACH_MS		5000	/* a request waits this long for a booting VM */

static struct {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *name;
	uid_t uid;			/* who may talk to us */
	int listen_fd, stop_fd;
	bool running;
	pthread_t thread;
	struct timespec started;

	pthread_mutex_t lock;		/* kvm, paused: the thread vs attach/detach */
	pthread_cond_t attached;	/* kvm set */
	struct kvm *kvm;
	bool paused;
	bool running_vm;		/* between ctl__init and the last detach */
	unsigned int nr_cpus;		/* of the last VM attached, for list */
	u64 ram_size;

	int waiters[CTL_MAX_WAITERS];
	unsigned int nr_waiters;
	char *reply;			/* CTL_REPLY_MAX + header */
} ctl = { .listen_fd = -1, .stop_fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER,
	  .attached = PTHREAD_COND_INITIALIZER };

static long ctl__ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* Move len bytes within what is left of budget_ms; 0 or -errno. */
static int ctl__xfer(int fd, void *buf, size_t len, bool out, const struct timespec *t0,
		     long budget_ms)
{
	u8 *p = buf;

	while (len) {
		ssize_t n = out ? send(fd, p, len, MSG_DONTWAIT | MSG_NOSIGNAL)
				: recv(fd, p, len, MSG_DONTWAIT);
		struct pollfd pfd = { .fd = fd, .events = out ? POLLOUT : POLLIN };
		long left;

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;	/* the peer closed mid-message */
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		left = budget_ms - ctl__ms_since(t0);
		if (left <= 0)
			return -ETIMEDOUT;
		poll(&pfd, 1, (int)left);
	}
	return 0;
}

static void ctl__send(int fd, u8 type, const struct ctl_buf *b)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ctl__put_hdr((u8 *)b->data - CTL_HDR_SIZE, type, (u32)b->len);
	/* A client that does not read its reply only loses it. */
	ctl__xfer(fd, b->data - CTL_HDR_SIZE, CTL_HDR_SIZE + b->len, true, &t0, CTL_WRITE_MS);
}

static void ctl__error(int fd, struct ctl_buf *b, const char *fmt, ...) __printf(3, 4);

static void ctl__error(int fd, struct ctl_buf *b, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	b->len = 0;
	b->overflow = false;
	ctl__add(b, "error", msg);
	ctl__send(fd, CTL_ERROR, b);
}

static const char *ctl__state(void)
{
	return ctl.paused ? "paused" : "running";
}

static void ctl__info(struct kvm *kvm, struct ctl_buf *b)
{
	ctl__add(b, "name", ctl.name);
	ctl__addf(b, "pid", "%d", (int)getpid());
	ctl__add(b, "state", kvm ? ctl__state() : "starting");
	ctl__addf(b, "vcpus", "%u", ctl.nr_cpus);
	ctl__addf(b, "mem_mib", "%llu", (unsigned long long)(ctl.ram_size >> 20));
	ctl__addf(b, "uptime_s", "%ld", ctl__ms_since(&ctl.started) / 1000);
}

/* The VM, waiting a little if it is (re)booting; NULL if it does not come. */
static struct kvm *ctl__vm(void)
{
	struct timespec dl;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += CTL_ATTACH_MS / 1000;
	while (!ctl.kvm && ctl.running_vm)
		if (pthread_cond_timedwait(&ctl.attached, &ctl.lock, &dl))
			break;
	return ctl.kvm;
}

/* Every vCPU held, devices quiet, guest time stopped. 0 or -errno. */
static int ctl__pause(struct kvm *kvm)
{
	int r;

	if (ctl.paused)
		return 0;
	r = kvm_cpu__pause_all(kvm, CTL_PAUSE_MS);
	if (r)
		return r;
	virtio__devices_pause(kvm);
	kvm__arch_pause(kvm);
	ctl.paused = true;
	return 0;
}

static void ctl__resume(struct kvm *kvm)
{
	if (!ctl.paused)
		return;
	kvm__arch_resume(kvm);
	virtio__devices_resume(kvm);
	kvm_cpu__resume_all(kvm);
	ctl.paused = false;
}

/* SysRq through the console: 0, -EOPNOTSUPP, -EBUSY (input pending). */
static int ctl__sysrq(struct kvm *kvm, char key)
{
	/* hvc0 has no break; Linux takes SysRq from a serial console. */
	if (kvm->cfg.console != CONSOLE_SERIAL || !kvm->uart)
		return -EOPNOTSUPP;
	return serial8250__sysrq(kvm->uart, (u8)key);
}

/* Registers of every vCPU, read while they are held for a moment. */
static int ctl__debug(struct kvm *kvm, const char *args, size_t alen, struct ctl_buf *b)
{
	bool was_paused = ctl.paused;
	u64 dump = 0;
	char key[8];
	int r;

	if (ctl__get(args, alen, "sysrq", key, sizeof(key))) {
		if (strlen(key) != 1)
			return -EINVAL;
		r = ctl__sysrq(kvm, key[0]);
		if (r)
			return r;
		ctl__add(b, "sysrq", key);
	}
	if (!ctl__get_u64(args, alen, "dump", &dump) || !dump)
		return 0;
	if (!was_paused) {
		r = kvm_cpu__pause_all(kvm, CTL_PAUSE_MS);
		if (r)
			return r;
	}
	ctl__addf(b, "vcpus", "%u", kvm->nr_cpus);
	for (unsigned int i = 0; i < kvm->nr_cpus; i++)
		kvm_cpu__arch_dump(kvm->cpus[i], b);
	if (!was_paused)
		kvm_cpu__resume_all(kvm);
	return b->overflow ? -EMSGSIZE : 0;
}

static int ctl__balloon(struct kvm *kvm, const char *args, size_t alen, struct ctl_buf *b)
{
	u64 in = 0, de = 0, mib;
	bool has_in = ctl__get_u64(args, alen, "inflate_mib", &in);
	bool has_de = ctl__get_u64(args, alen, "deflate_mib", &de);
	int r;

	if (has_in == has_de)
		return -EINVAL;
	r = virtio__devices_balloon(kvm, has_in ? (s64)in : -(s64)de, &mib);
	if (!r)
		ctl__addf(b, "balloon_mib", "%llu", (unsigned long long)mib);
	return r;
}

static void ctl__stop_waiter(int fd)
{
	/* The client reads EOF once lkvm has torn the VM down (ctl__exit). */
	if (ctl.nr_waiters < CTL_MAX_WAITERS)
		ctl.waiters[ctl.nr_waiters++] = fd;
	else
		close(fd);
}

/* One request, under ctl.lock. Returns true if fd was kept (stop). */
static bool ctl__dispatch(int fd, u8 type, const char *args, size_t alen, struct ctl_buf *b)
{
	struct kvm *kvm = type == CTL_LIST ? ctl.kvm : ctl__vm();
	int r = 0;

	if (!kvm && type != CTL_LIST) {
		ctl__error(fd, b, "the VM is between boots; try again");
		return false;
	}
	switch (type) {
	case CTL_LIST:
		ctl__info(kvm, b);
		break;
	case CTL_STOP:
		/* Let paused vCPUs and devices go, so teardown finds them as usual. */
		ctl__resume(kvm);
		kvm__request_stop(kvm, STOP_CONTROL, 0);
		ctl__add(b, "state", "stopping");
		ctl__send(fd, type | CTL_REPLY_BIT, b);
		ctl__stop_waiter(fd);
		return true;
	case CTL_PAUSE:
		r = ctl__pause(kvm);
		ctl__add(b, "state", ctl__state());
		break;
	case CTL_RESUME:
		ctl__resume(kvm);
		ctl__add(b, "state", ctl__state());
		break;
	case CTL_DEBUG:
		r = ctl__debug(kvm, args, alen, b);
		break;
	case CTL_BALLOON:
		r = ctl__balloon(kvm, args, alen, b);
		break;
	case CTL_STAT:
		r = virtio__devices_balloon_stats(kvm, b);
		break;
	default:
		r = -EBADMSG;
		break;
	}
	if (r == -ENODEV)
		ctl__error(fd, b, "this VM has no balloon device (start it with --balloon)");
	else if (r == -ETIMEDOUT)
		ctl__error(fd, b, "the guest did not answer in time");
	else if (r == -EINTR)
		ctl__error(fd, b, "the VM is stopping");
	else if (r == -EINVAL)
		ctl__error(fd, b, "bad arguments for this request");
	else if (r == -EOPNOTSUPP)
		ctl__error(fd, b, "not supported by this VM's console");
	else if (r)
		ctl__error(fd, b, "%s", ctl__strerror(r));
	else
		ctl__send(fd, type | CTL_REPLY_BIT, b);
	return false;
}

/* Read, check and answer one request; the caller closes fd unless kept. */
static bool ctl__serve(int fd)
{
	struct ctl_buf b = { ctl.reply + CTL_HDR_SIZE, 0, CTL_REPLY_MAX, false };
	char args[CTL_REQ_MAX];
	struct timespec t0;
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct ctl_hdr h;
	u8 hdr[CTL_HDR_SIZE];
	bool kept;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = ctl__xfer(fd, hdr, sizeof(hdr), false, &t0, CTL_READ_MS);
	if (!r)
		r = ctl__parse_hdr(hdr, CTL_REQ_MAX, false, &h);
	if (!r)
		r = ctl__xfer(fd, args, h.len, false, &t0, CTL_READ_MS);
	if (!r && ctl__validate(args, h.len, CTL_MAX_LINES) < 0)
		r = -EBADMSG;
	if (r) {
		if (r != -ECONNRESET)
			ctl__error(fd, &b, "request refused: %s", ctl__strerror(r));
		return false;
	}
	/* Read first, so the client sees the answer rather than a reset. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || cred.uid != ctl.uid) {
		ctl__error(fd, &b, "permission denied: this VM belongs to another user");
		return false;
	}
	pthread_mutex_lock(&ctl.lock);
	kept = ctl__dispatch(fd, h.type, args, h.len, &b);
	pthread_mutex_unlock(&ctl.lock);
	return kept;
}

static void *ctl__thread(void *arg)
{
	(void)arg;
	if (seccomp__enter(SECCOMP_KIND_CTL))
		return NULL;
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = ctl.stop_fd, .events = POLLIN },
			{ .fd = ctl.listen_fd, .events = POLLIN },
		};
		int fd;

		if (poll(pfd, 2, -1) < 0)
			continue;
		if (pfd[0].revents)
			break;
		if (!pfd[1].revents)
			continue;
		fd = accept4(ctl.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ctl__serve(fd))
			close(fd);
	}
	return NULL;
}

/* A socket already at ctl.path: a live VM (refused) or a stale file (removed). */
static int ctl__claim(void)
{
	int fd = ctl__connect(ctl.path);

	if (fd >= 0) {
		struct ucred cred = { 0 };
		socklen_t clen = sizeof(cred);

		getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen);
		close(fd);
		pr_err("a VM named '%s' is already running (pid %d); choose another --name",
		       ctl.name, (int)cred.pid);
		return -1;
	}
	if (fd != -ECONNREFUSED && fd != -ENOENT) {
		pr_err("cannot use the control socket %s: %s", ctl.path, strerror(-fd));
		return -1;
	}
	/* Nobody listens: an lkvm that was killed left it behind. */
	if (unlink(ctl.path) && errno != ENOENT) {
		pr_err("cannot remove the stale control socket %s: %s", ctl.path, strerror(errno));
		return -1;
	}
	return 0;
}

static int ctl__bind(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	strcpy(sa.sun_path, ctl.path);
	ctl.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl.listen_fd < 0) {
		pr_err("cannot create the control socket: %s", strerror(errno));
		return -1;
	}
	for (int tries = 0; bind(ctl.listen_fd, (struct sockaddr *)&sa, sizeof(sa)); tries++) {
		if (errno != EADDRINUSE || tries) {
			pr_err("cannot create the control socket %s: %s", ctl.path, strerror(errno));
			return -1;
		}
		if (ctl__claim())
			return -1;
	}
	if (chmod(ctl.path, 0600) || listen(ctl.listen_fd, CTL_BACKLOG)) {
		pr_err("cannot set up the control socket %s: %s", ctl.path, strerror(errno));
		unlink(ctl.path);
		return -1;
	}
	return 0;
}

int ctl__init(const char *name, unsigned int nr_cpus, u64 ram_size)
{
	char dir[sizeof(ctl.path)];
	sigset_t all, old;
	int err;

	ctl.name = name;
	ctl.nr_cpus = nr_cpus;
	ctl.ram_size = ram_size;
	ctl.uid = geteuid();
	clock_gettime(CLOCK_MONOTONIC, &ctl.started);
	if (ctl__dir(dir, sizeof(dir), true))
		return -1;
	if (ctl__sock_path(dir, name, ctl.path, sizeof(ctl.path))) {
		pr_err("the control socket path %s/%s.sock is too long; set XDG_RUNTIME_DIR "
		       "to a shorter directory", dir, name);
		return -1;
	}
	ctl.reply = malloc(CTL_HDR_SIZE + CTL_REPLY_MAX);
	ctl.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!ctl.reply || ctl.stop_fd < 0) {
		pr_err("cannot set up the control socket: out of resources");
		goto fail;
	}
	if (ctl__bind())
		goto fail;
	ctl.running_vm = true;		/* before the thread can take a request */
	/* Signals are for the main and vCPU threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&ctl.thread, NULL, ctl__thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		ctl.running_vm = false;
		pr_err("cannot start the control thread: %s", strerror(err));
		unlink(ctl.path);
		goto fail;
	}
	ctl.running = true;
	return 0;
fail:
	ctl.path[0] = '\0';
	ctl__exit();
	return -1;
}

void ctl__attach(struct kvm *kvm)
{
	pthread_mutex_lock(&ctl.lock);
	ctl.kvm = kvm;
	ctl.paused = false;
	ctl.nr_cpus = kvm->cfg.nr_cpus;
	ctl.ram_size = kvm->cfg.ram_size;
	pthread_cond_broadcast(&ctl.attached);
	pthread_mutex_unlock(&ctl.lock);
}

void ctl__detach(void)
{
	/* Waits for a request in progress: it may still use the VM. */
	pthread_mutex_lock(&ctl.lock);
	if (ctl.kvm && ctl.paused)
		ctl__resume(ctl.kvm);
	ctl.kvm = NULL;
	pthread_mutex_unlock(&ctl.lock);
}

void ctl__exit(void)
{
	u64 one = 1;

	pthread_mutex_lock(&ctl.lock);
	ctl.running_vm = false;		/* no more boots: waiting requests give up */
	pthread_cond_broadcast(&ctl.attached);
	pthread_mutex_unlock(&ctl.lock);
	if (ctl.running) {
		if (write(ctl.stop_fd, &one, sizeof(one)) < 0)
			pr_warn("cannot stop the control thread: %s", strerror(errno));
		pthread_join(ctl.thread, NULL);
		ctl.running = false;
	}
	/* Gone from the directory before the waiting clients see EOF. */
	if (ctl.path[0])
		unlink(ctl.path);
	ctl.path[0] = '\0';
	if (ctl.listen_fd >= 0)
		close(ctl.listen_fd);
	if (ctl.stop_fd >= 0)
		close(ctl.stop_fd);
	ctl.listen_fd = ctl.stop_fd = -1;
	for (unsigned int i = 0; i < ctl.nr_waiters; i++)
		close(ctl.waiters[i]);
	ctl.nr_waiters = 0;
	free(ctl.reply);
	ctl.reply = NULL;
}
