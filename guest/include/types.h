/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned long size_t;
typedef unsigned long uintptr_t;

#define NULL	((void *)0)
#define bool	_Bool
#define true	1
#define false	0

#endif
