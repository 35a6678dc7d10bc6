/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_INIT_CHECKS_H
#define LKVM_INIT_CHECKS_H

/*
 * Checks the test init runs when the command line names them in
 * lkvmtest=a,b,c. Each returns 0 on success, non-zero on failure, and may
 * print detail lines through say()/say_kv() (guest/init/sys.h). The virtio
 * ones live in check-virtio.c.
 */
int check_blk(void);		/* virtio-blk: /dev/vda readable */
int check_rng(void);		/* virtio-rng: /dev/hwrng yields bytes */
int check_console(void);	/* virtio-console: /dev/hvc0 writable */
int check_9p(void);
int check_9pbench(void);	/* virtio-9p throughput (make bench, bench/9p.sh) */		/* virtio-9p: file operations on the shares (check-9p.c) */
int check_clock(void);		/* wall clock set: prints lkvm-clock: SECONDS.NS */
int check_userland(void);	/* /etc/lkvm-userland.sh under /bin/busybox exits 0 */

/*
 * lkvm.root9p: mount the 9p root, chroot, run /virt/init, pass its status
 * on (lkvm.sandbox) or power off; never returns (root9p.c).
 */
int root9p_wanted(const char *cmdline);
void root9p_run(const char *cmdline, volatile unsigned int *testdev) __attribute__((noreturn));

/* Load the modules the initramfs lists, if any (modules.c). */
void modules_load(void);

#endif
