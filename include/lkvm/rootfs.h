/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ROOTFS_H
#define LKVM_ROOTFS_H

#include <stddef.h>
#include "lkvm/util.h"

struct lkvm_config;

/* A name "lkvm setup" accepts: one path component. */
bool rootfs__name_ok(const char *name);
/* $HOME/.lkvm/NAME into buf; -errno if there is no HOME or no room. */
int rootfs__path(const char *name, char *buf, size_t len);
/* Does ~/.lkvm/NAME hold a root file system "lkvm setup" made? */
bool rootfs__exists(const char *name);
/*
 * With a directory as root (-d DIR) and no -k: boot DIR/boot/vmlinuz
 * (and DIR/boot/initrd.img unless -i), the files "lkvm setup" leaves.
 */
void rootfs__boot_files(struct lkvm_config *cfg);

#endif
