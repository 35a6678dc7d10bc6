/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TESTS_FUZZ_ENV_H
#define TESTS_FUZZ_ENV_H

#include <stddef.h>
#include <sys/uio.h>
#include "lkvm/util.h"

/* Buffers cut from a fuzz input (tests/fuzz/fuzz_env.c). */
void fuzz__iov(const u8 *data, size_t size, size_t lens, unsigned int n, struct iovec *iov);
void fuzz__iov_free(struct iovec *iov, unsigned int n);

#endif
