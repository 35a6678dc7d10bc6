/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_HOST_KERNEL_H
#define LKVM_ARCH_HOST_KERNEL_H

#include <stddef.h>

struct lkvm_config;

/*
 * Like kvmtool: on a LoongArch host, "lkvm run" without -k boots the
 * host's own kernel, /boot/vmlinuz-$(uname -r) (or vmlinux-), with its
 * initrd (/boot/initrd.img- or initramfs-...img) unless -i names one,
 * and says so. Elsewhere (an x86 host running softkvm) nothing changes:
 * without -k the built-in test guest runs.
 */
void kvm__arch_default_kernel(struct lkvm_config *cfg);

/*
 * The rule itself, for any boot directory and release: fills cfg->kernel
 * (and cfg->initrd if unset) with paths in the static buffers kbuf/ibuf
 * when the files exist. Returns 1 if it chose a kernel, else 0.
 */
int la_host_kernel__pick(struct lkvm_config *cfg, const char *bootdir,
			 const char *release, char *kbuf, char *ibuf, size_t size);

#endif
