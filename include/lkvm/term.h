/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_TERM_H
#define LKVM_TERM_H

#include <sys/types.h>
#include "lkvm/util.h"

struct kvm;

/*
 * Console input sink, registered by the active console device: returns
 * how many bytes it took; the terminal keeps the rest and offers them
 * again a little later.
 */
typedef size_t (*term_input_fn)(void *opaque, const u8 *buf, size_t len);

/*
 * Start the host terminal: raw mode if stdin is a tty (restored at exit),
 * and an input thread feeding the registered handler. On a tty, Ctrl-A x
 * stops the VM (exit status 0), Ctrl-A h prints help and Ctrl-A Ctrl-A
 * sends one Ctrl-A. When stdin is not a tty, input is passed through
 * unchanged and EOF just ends the input.
 */
int term__init(struct kvm *kvm);
/* Stop the input thread and restore the terminal. */
void term__exit(void);
/* Restore the saved terminal mode; async-signal-safe, idempotent. */
void term__restore(void);

void term__set_input_handler(term_input_fn fn, void *opaque);

/*
 * Write all of buf to stdout (partial writes, EINTR and EAGAIN handled).
 * Returns len or -errno. Thread-safe: one caller's buffer is not split.
 */
ssize_t term__write(const void *buf, size_t len);

#endif
