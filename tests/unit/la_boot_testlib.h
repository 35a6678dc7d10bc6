/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared helpers for the LoongArch boot unit tests (not a test itself). */
#ifndef LA_BOOT_TESTLIB_H
#define LA_BOOT_TESTLIB_H

#include "lkvm/kvm.h"

/* A struct kvm with calloc'd RAM banks laid out by kvm__arch_layout_ram. */
struct kvm *tkvm_new(u64 ram_size);
void tkvm_free(struct kvm *kvm);
/* Host pointer for gpa (asserts it is RAM). */
u8 *tkvm_ptr(struct kvm *kvm, u64 gpa, u64 len);

/* Capture what lkvm prints on stderr between begin and end. */
void cap_begin(void);
/* Returns a static buffer with the captured text. */
const char *cap_end(void);

/* gzip-compress buf into a malloc'd buffer. */
u8 *t_gzip(const void *buf, size_t len, size_t *out_len);

#endif
