/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_SECCOMP_H
#define LKVM_SECCOMP_H

#include <stdbool.h>
#include "lkvm/config.h"

/*
 * System call allowlists (libseccomp), one per kind of thread. Each thread
 * installs its own once its set-up is done; filters are per thread and
 * inherited by threads created afterwards. A call outside the list ends
 * lkvm with one line naming the call and the thread kind (SIGSYS
 * handler); --seccomp log lets it through and the kernel logs it instead.
 * README.md ("seccomp") lists what each kind may do and why.
 */
enum seccomp_kind {
	SECCOMP_KIND_MAIN,	/* sigwait loop, then teardown (and, with
				   --reboot restart, the next boot's set-up) */
	SECCOMP_KIND_VCPU,	/* KVM_RUN loop, device emulation */
	SECCOMP_KIND_TERM,	/* terminal input thread */
	SECCOMP_KIND_DISK,	/* virtio-blk I/O thread */
	SECCOMP_KIND_NET,	/* virtio-net thread (libslirp, tap) */
	SECCOMP_KIND_CTL,	/* control socket thread (ctl.c) */
	SECCOMP_KIND_9P,	/* virtio-9p file server thread */
	SECCOMP_KIND_SOFTKVM_IRQFD,	/* softkvm's irqfd thread (kernel=7.2 irqchips) */
};

/*
 * Main thread, before any filtered thread starts: the mode, the SIGSYS
 * handler and the table of system call names it prints. Idempotent.
 */
int seccomp__setup(enum lkvm_seccomp mode, bool reboot_restart);
/* What the SIGSYS handler calls first; must be async-signal-safe. */
void seccomp__set_restore(void (*restore)(void));
/*
 * Confine the calling thread (once per thread; later calls do nothing).
 * Prints one line and returns -1 if the filter cannot be loaded.
 */
int seccomp__enter(enum seccomp_kind kind);

#endif
