// SPDX-License-Identifier: GPL-2.0-only
/*
 * lkvmtest=userland: run the initramfs's /etc/lkvm-userland.sh with its
 * /bin/busybox (Debian's, built with LSX) and pass when it exits 0. What
 * the script prints goes to the console; the host compares it with the
 * same script run under qemu-user.
 */
#include "checks.h"
#include "sys.h"

#define SYS_execve	221
#define SYS_clone	220
#define SYS_wait4	260
#define SIGCHLD		17

static const char busybox[] = "/bin/busybox";
static const char script[] = "/etc/lkvm-userland.sh";

int check_userland(void)
{
	const char *argv[] = { "sh", script, NULL };
	const char *envp[] = { "PATH=/bin", "BB=/bin/busybox", "HOME=/", "SIMD=/bin/lkvm-simd", NULL };
	char buf[24];
	long pid;
	int status = 0;

	pid = sys_call6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (pid < 0) {
		say("lkvm-userland: fork failed: ", utoa(-pid, buf), "\n");
		return 1;
	}
	if (pid == 0) {
		long err = sys_call3(SYS_execve, busybox, argv, envp);

		say("lkvm-userland: cannot run ", busybox, ": errno ", utoa(-err, buf), "\n");
		sys_exit(127);
	}
	if (sys_call6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0) != pid) {
		say("lkvm-userland: wait4 failed\n");
		return 1;
	}
	/* Exited normally: low 7 bits zero, code in bits 15:8. */
	if (status & 0x7f) {
		say("lkvm-userland: killed by signal ", utoa(status & 0x7f, buf), "\n");
		return 1;
	}
	say("lkvm-userland: status ", utoa((status >> 8) & 0xff, buf), "\n");
	return (status >> 8) & 0xff;
}
