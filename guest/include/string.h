/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include "types.h"

/* The compiler may emit calls to these even with -fno-builtin. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
/* Length of s, stopping at max bytes. */
size_t strnlen(const char *s, size_t max);

#endif
