/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-thread system call allowlists (include/lkvm/seccomp.h). The lists
 * name what each thread kind calls once set-up is done, measured with
 * strace on Linux guests with every device, and why is in README.md.
 * Names come from libseccomp (SCMP_SYS), so a call that does not exist
 * on this architecture (poll on LoongArch, say) is skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <termios.h>
#include "lkvm/seccomp.h"
#include "lkvm/util.h"

#define KVMIO_TYPE		0xAE	/* _IOC_TYPE of every KVM request */
#define SECCOMP_NAMES		512	/* system call numbers we can name */
#define SECCOMP_EXIT_STATUS	1

#if defined(__SANITIZE_ADDRESS__)
#define SECCOMP_SANITIZER	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SECCOMP_SANITIZER	1
#endif
#endif

static enum lkvm_seccomp seccomp_mode = SECCOMP_OFF;
static bool seccomp_restart;
static bool seccomp_ready;
static const char *seccomp_names[SECCOMP_NAMES];
static u32 seccomp_arch;		/* AUDIT_ARCH_* of this build */
static int seccomp_violate = -1;	/* test hook: kind that misbehaves */
static void (*seccomp_restore)(void);	/* puts the terminal back */
static __thread const char *seccomp_thread = "main";
static __thread bool seccomp_confined;

static const char *const kind_names[] = {
	[SECCOMP_KIND_MAIN] = "main",
	[SECCOMP_KIND_VCPU] = "vCPU",
	[SECCOMP_KIND_TERM] = "terminal",
	[SECCOMP_KIND_DISK] = "disk I/O",
	[SECCOMP_KIND_NET] = "network",
	[SECCOMP_KIND_CTL] = "control",
	[SECCOMP_KIND_9P] = "9p server",
	[SECCOMP_KIND_SOFTKVM_IRQFD] = "softkvm irqfd",
};

/*
 * Every thread: locks and sleeps, its own exit, malloc/free, logging
 * (write; isatty is TCGETS, handled with ioctl), signals (the vCPU kick,
 * the stop wake-up, pthread_kill), the clock, and what the SIGSYS
 * handler itself needs (write, TCSETS, exit_group).
 */
static const int sys_common[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(futex), SCMP_SYS(sched_yield),
	SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(madvise),
	SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mprotect), SCMP_SYS(mremap),
	SCMP_SYS(brk), SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(tgkill),
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	SCMP_SYS(restart_syscall), SCMP_SYS(getrandom),
};

/* Waiting on fds: the terminal, eventfds, softkvm's idle sleep (ppoll). */
static const int sys_poll[] = { SCMP_SYS(poll), SCMP_SYS(ppoll) };

/*
 * Disk I/O: libaio, FLUSH, DISCARD / WRITE_ZEROES (fallocate; BLKZEROOUT
 * is an ioctl). The vCPU list has these too: a vCPU starts the I/O thread
 * (the guest's DRIVER_OK), which inherits the vCPU's filter.
 */
static const int sys_disk[] = {
	SCMP_SYS(io_submit), SCMP_SYS(io_getevents), SCMP_SYS(io_pgetevents),
	SCMP_SYS(fdatasync), SCMP_SYS(fsync), SCMP_SYS(fallocate),
};

/*
 * Network: libslirp makes the guest's connections with the host's own
 * sockets (NAT, DNS forwarding, hostfwd's accept); tap is read and write.
 */
static const int sys_net[] = {
	SCMP_SYS(socket), SCMP_SYS(connect), SCMP_SYS(bind), SCMP_SYS(listen),
	SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(sendto), SCMP_SYS(recvfrom),
	SCMP_SYS(sendmsg), SCMP_SYS(recvmsg), SCMP_SYS(setsockopt), SCMP_SYS(getsockopt),
	SCMP_SYS(getsockname), SCMP_SYS(getpeername), SCMP_SYS(shutdown), SCMP_SYS(close),
	SCMP_SYS(fcntl), SCMP_SYS(readv), SCMP_SYS(writev),
};

/*
 * The 9p file server: every file operation the guest may ask for, each
 * on descriptors beneath the shared directory (openat2 with
 * RESOLVE_BENEATH); fchmodat2 (Linux 6.6, 452 on every architecture) may
 * be unknown to libseccomp.
 */
static const int sys_9p[] = {
	SCMP_SYS(openat2), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(statx), SCMP_SYS(fstatfs), SCMP_SYS(pread64), SCMP_SYS(pwrite64),
	SCMP_SYS(lseek), SCMP_SYS(getdents64), SCMP_SYS(mkdirat), SCMP_SYS(symlinkat),
	SCMP_SYS(linkat), SCMP_SYS(renameat), SCMP_SYS(renameat2), SCMP_SYS(unlinkat),
	SCMP_SYS(readlinkat), SCMP_SYS(mknodat), SCMP_SYS(fchownat), SCMP_SYS(fchmodat),
	452, SCMP_SYS(utimensat), SCMP_SYS(ftruncate), SCMP_SYS(fsync),
	SCMP_SYS(fdatasync), SCMP_SYS(fcntl), SCMP_SYS(fgetxattr), SCMP_SYS(flistxattr),
	SCMP_SYS(fsetxattr), SCMP_SYS(fremovexattr),
};

/*
 * softkvm's irqfd thread (kernel=7.2 in-kernel irqchips) waits in epoll,
 * reads eventfds and raises lines (common calls). It starts at the first
 * KVM_IRQFD, from the main or a vCPU thread, whose filter it runs under
 * until it loads its own (softkvm calls back through set_thread_hook), so
 * theirs hold its calls too, and what KVM_IRQFD itself does: epoll_ctl, a
 * dup (fcntl), kcmp to compare eventfds, close.
 */
static const int sys_softkvm_irqfd[] = { SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait) };
static const int sys_softkvm_irqfd_callers[] = {
	SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait), SCMP_SYS(epoll_ctl), SCMP_SYS(fcntl),
	SCMP_SYS(kcmp), SCMP_SYS(close),
};

/* Starting threads (pthread_create: clone with CLONE_THREAD only). */
static const int sys_thread_start[] = { SCMP_SYS(set_robust_list), SCMP_SYS(rseq) };

/* Main thread: the sigwait loop, then joins and teardown (and the control socket's removal). */
static const int sys_main[] = {
	SCMP_SYS(rt_sigtimedwait), SCMP_SYS(close), SCMP_SYS(io_destroy), SCMP_SYS(fcntl),
	SCMP_SYS(unlink), SCMP_SYS(unlinkat),
};

/* Control thread: accepts, checks the peer, talks; no socket() or open(). */
static const int sys_ctl[] = {
	SCMP_SYS(accept4), SCMP_SYS(getsockopt), SCMP_SYS(sendto), SCMP_SYS(recvfrom),
	SCMP_SYS(close),
};

/*
 * --reboot restart: the main thread builds the next VM after the guest
 * rebooted (files, guest RAM, eventfds, libaio, threads; softkvm's irqfd
 * epoll with the kernel's irqchip).
 */
static const int sys_setup[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(statx), SCMP_SYS(lseek),
	SCMP_SYS(pread64), SCMP_SYS(sysinfo), SCMP_SYS(eventfd2), SCMP_SYS(memfd_create),
	SCMP_SYS(ftruncate), SCMP_SYS(io_setup), SCMP_SYS(pipe2), SCMP_SYS(pipe),
	SCMP_SYS(rt_sigaction), SCMP_SYS(prlimit64), SCMP_SYS(access), SCMP_SYS(faccessat),
	SCMP_SYS(faccessat2), SCMP_SYS(sigaltstack), SCMP_SYS(epoll_create1),
};

/*
 * ASan/UBSan builds: the sanitizer runtime reports (reads /proc/self/maps,
 * the binary for symbols) and LeakSanitizer stops the world at exit with
 * a traced clone.
 */
static const int sys_sanitizer[] __unused = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(close), SCMP_SYS(fstat),
	SCMP_SYS(newfstatat), SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(lseek),
	SCMP_SYS(pread64), SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(getdents), SCMP_SYS(getdents64),
	SCMP_SYS(clone), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid),
	SCMP_SYS(prctl), SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction), SCMP_SYS(getppid),
	SCMP_SYS(kill), SCMP_SYS(sched_getaffinity), SCMP_SYS(uname), SCMP_SYS(getrlimit),
	SCMP_SYS(prlimit64), SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(dup),
	SCMP_SYS(dup2), SCMP_SYS(dup3), SCMP_SYS(pipe2), SCMP_SYS(pipe),
};

static int seccomp__allow(scmp_filter_ctx ctx, const int *nrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int err;

		if (nrs[i] < 0)
			continue;	/* not on this architecture */
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nrs[i], 0);
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

#define ALLOW(ctx, list)	seccomp__allow(ctx, list, ARRAY_SIZE(list))

/*
 * ioctl: the terminal's two requests, KVM's, for disks BLKZEROOUT, and for
 * opening a block device again (--reboot restart) its size queries.
 */
static int seccomp__allow_ioctl(scmp_filter_ctx ctx, bool kvm, bool blk, bool setup)
{
	int err;

	err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
			       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, TCGETS));
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, TCSETS));
	if (!err && kvm)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xff00, KVMIO_TYPE << 8));
	if (!err && blk)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, BLKZEROOUT));
	if (!err && setup)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, BLKGETSIZE64));
	if (!err && setup)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, BLKSSZGET));
	return err;
}

/* Threads, never processes: clone only with CLONE_THREAD; clone3 (whose
 * flags a filter cannot see) fails with ENOSYS and glibc falls back. */
static int seccomp__allow_threads(scmp_filter_ctx ctx)
{
	int err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				   SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));

	if (!err)
		err = ALLOW(ctx, sys_thread_start);
	/* The new thread then loads its own filter on top of ours. */
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
				       SCMP_A0(SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS));
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 1,
				       SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER));
	return err;
}

static int seccomp__rules(scmp_filter_ctx ctx, enum seccomp_kind kind)
{
	bool all = kind == SECCOMP_KIND_MAIN && seccomp_restart;
	int err;

	err = ALLOW(ctx, sys_common);
	if (!err)
		err = ALLOW(ctx, sys_poll);
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (err)
		return err;
	/* The main thread of a restarting VM is the parent of every later thread. */
	if (all || kind == SECCOMP_KIND_MAIN)
		err = ALLOW(ctx, sys_main);
	if (!err && all)
		err = ALLOW(ctx, sys_setup);
	if (!err && kind == SECCOMP_KIND_CTL)
		err = ALLOW(ctx, sys_ctl);
	if (!err && (all || kind == SECCOMP_KIND_VCPU || kind == SECCOMP_KIND_DISK))
		err = ALLOW(ctx, sys_disk);
	if (!err && (all || kind == SECCOMP_KIND_9P))
		err = ALLOW(ctx, sys_9p);
	if (!err && (all || kind == SECCOMP_KIND_VCPU))
		err = seccomp__allow_threads(ctx);
	if (!err && (all || kind == SECCOMP_KIND_MAIN || kind == SECCOMP_KIND_VCPU))
		err = ALLOW(ctx, sys_softkvm_irqfd_callers);
	if (!err && kind == SECCOMP_KIND_SOFTKVM_IRQFD)
		err = ALLOW(ctx, sys_softkvm_irqfd);
	if (!err && (all || kind == SECCOMP_KIND_NET))
		err = ALLOW(ctx, sys_net);
	if (!err)
		err = seccomp__allow_ioctl(ctx, true, all || kind == SECCOMP_KIND_VCPU ||
					   kind == SECCOMP_KIND_DISK, all);
#ifdef SECCOMP_SANITIZER
	if (!err)
		err = ALLOW(ctx, sys_sanitizer);
#endif
	return err;
}

static size_t seccomp__append(char *buf, size_t n, size_t cap, const char *s)
{
	while (*s && n < cap)
		buf[n++] = *s++;
	return n;
}

/* Set by the first thread to trap: the one line is its to write. */
static atomic_flag seccomp_reporting = ATOMIC_FLAG_INIT;

/* Async-signal-safe: write(), the terminal restore (tcsetattr) and _exit(). */
static void seccomp__sigsys(int sig, siginfo_t *si, void *uc)
{
	char buf[256], num[24];
	int nr = si->si_syscall;
	unsigned int v = nr < 0 ? 0 : (unsigned int)nr;
	const char *name = NULL;
	size_t n = 0, k = sizeof(num);

	(void)sig;
	(void)uc;
	/* Another thread trapped too: let the first one speak and exit. */
	if (atomic_flag_test_and_set(&seccomp_reporting))
		for (;;)
			sched_yield();
	if (si->si_arch == seccomp_arch && nr >= 0 && nr < SECCOMP_NAMES)
		name = seccomp_names[nr];
	num[--k] = '\0';
	do
		num[--k] = (char)('0' + v % 10);
	while ((v /= 10) && k);
	if (seccomp_restore)
		seccomp_restore();
	n = seccomp__append(buf, n, sizeof(buf) - 1, "lkvm: seccomp: the ");
	n = seccomp__append(buf, n, sizeof(buf) - 1, seccomp_thread);
	n = seccomp__append(buf, n, sizeof(buf) - 1, " thread called ");
	n = seccomp__append(buf, n, sizeof(buf) - 1, name ? name : "an unknown system call");
	n = seccomp__append(buf, n, sizeof(buf) - 1, " (");
	n = seccomp__append(buf, n, sizeof(buf) - 1, num + k);
	n = seccomp__append(buf, n, sizeof(buf) - 1,
			    "), which its allowlist forbids; stopping (see --seccomp)\n");
	if (write(STDERR_FILENO, buf, n) < 0)
		n = 0;
	_exit(SECCOMP_EXIT_STATUS);
}

void seccomp__set_restore(void (*restore)(void))
{
	seccomp_restore = restore;
}

int seccomp__setup(enum lkvm_seccomp mode, bool reboot_restart)
{
	struct sigaction sa = { .sa_sigaction = seccomp__sigsys, .sa_flags = SA_SIGINFO };
	const char *v;

	if (seccomp_ready)
		return 0;
	seccomp_mode = mode;
	seccomp_restart = reboot_restart;
	if (mode == SECCOMP_OFF)
		return 0;
	/* The handler cannot call libseccomp (it allocates): name them now. */
	seccomp_arch = seccomp_arch_native();
	for (int nr = 0; nr < SECCOMP_NAMES; nr++)
		seccomp_names[nr] = seccomp_syscall_resolve_num_arch(seccomp_arch, nr);
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL)) {
		pr_err("cannot install the seccomp SIGSYS handler: %s", strerror(errno));
		return -1;
	}
	/* Test-only (tests/e2e/seccomp.sh): that kind of thread misbehaves. */
	v = getenv("LKVM_TEST_SECCOMP_VIOLATE");
	for (size_t i = 0; v && i < ARRAY_SIZE(kind_names); i++)
		if (!strcmp(v, kind_names[i]))
			seccomp_violate = (int)i;
	seccomp_ready = true;
	return 0;
}

int seccomp__enter(enum seccomp_kind kind)
{
	scmp_filter_ctx ctx;
	sigset_t sys;
	int err;

	if (seccomp_mode == SECCOMP_OFF || seccomp_confined)
		return 0;
	seccomp_thread = kind_names[kind];
	/* A blocked SIGSYS would kill us without the one-line report. */
	sigemptyset(&sys);
	sigaddset(&sys, SIGSYS);
	pthread_sigmask(SIG_UNBLOCK, &sys, NULL);
	ctx = seccomp_init(seccomp_mode == SECCOMP_LOG ? SCMP_ACT_LOG : SCMP_ACT_TRAP);
	if (!ctx) {
		pr_err("cannot set up the seccomp filter of the %s thread: out of memory",
		       seccomp_thread);
		return -1;
	}
	err = seccomp__rules(ctx, kind);
	if (!err)
		err = seccomp_load(ctx);
	seccomp_release(ctx);
	if (err) {
		pr_err("cannot load the seccomp filter of the %s thread: %s; "
		       "--seccomp off runs without", seccomp_thread, strerror(-err));
		return -1;
	}
	seccomp_confined = true;
	if (seccomp_violate == (int)kind)
		syscall(SYS_personality, 0xffffffffUL);	/* a query, harmless if allowed */
	return 0;
}
