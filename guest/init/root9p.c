/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lkvm.root9p on the command line (what "lkvm run -d DIR" and "lkvm
 * setup" rootfs boots use with an initramfs): once the modules are loaded,
 * mount the 9p share tagged /dev/root, chroot into it and run its
 * /virt/init as a child, this process staying PID 1 to reap orphans.
 * When the child exits, its status goes to lkvm through the test device
 * (how "lkvm sandbox" returns the command's status), else the VM powers
 * off. Nothing here returns.
 */
#include "checks.h"
#include "sys.h"

#define SYS_chdir	49
#define SYS_chroot	51
#define SYS_clone	220
#define SYS_execve	221
#define SYS_wait4	260
#define SIGCHLD		17
#define ECHILD		10

static int has_param(const char *cmdline, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = cmdline; *p;) {
		if (!strncmp(p, word, n) && (!p[n] || p[n] == ' ' || p[n] == '='))
			return 1;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Only PID 1: /virt/init may be this same program, seeing the same line. */
int root9p_wanted(const char *cmdline)
{
	return has_param(cmdline, "lkvm.root9p") && sys_call3(172 /* getpid */, 0, 0, 0) == 1;
}

void root9p_run(const char *cmdline, volatile unsigned int *testdev)
{
	static const char *const argv[] = { "/virt/init", NULL };
	static const char *const envp[] = {
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "TERM=linux", NULL,
	};
	const char *opts = has_param(cmdline, "ro") ?
		"trans=virtio,version=9p2000.L,cache=loose,msize=262144,ro" :
		"trans=virtio,version=9p2000.L,cache=loose,msize=262144";
	int status = 0, err;
	long pid, w;

	sys_mkdir("/newroot", 0755);
	err = sys_mount("/dev/root", "/newroot", "9p", 0, opts);
	if (!err)
		err = (int)sys_call3(SYS_chroot, "/newroot", 0, 0);
	if (!err)
		err = (int)sys_call3(SYS_chdir, "/", 0, 0);
	if (err) {
		char num[24];

		say("lkvm-init: cannot mount the 9p root /dev/root: errno ", utoa((u64)-err, num),
		    "\n");
		status = 1 << 8;
	} else {
		pid = sys_call6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
		if (pid == 0) {
			sys_call3(SYS_execve, argv[0], argv, envp);
			say("lkvm-init: cannot run /virt/init in the 9p root\n");
			sys_exit(127);
		}
		/* Reap everything; the status that counts is /virt/init's. */
		for (;;) {
			int st = 0;

			w = sys_call6(SYS_wait4, -1, (long)&st, 0, 0, 0, 0);
			if (w == pid)
				status = st;
			if (w == pid || w == -ECHILD || pid < 0)
				break;
		}
	}
	sys_sync();
	if (has_param(cmdline, "lkvm.sandbox") && testdev) {
		/* Exit code, or 128 + signal as a shell reports it. */
		testdev[0] =	/* the exit register */ (status & 0x7f) ? 128 + (status & 0x7f)
							    : (u32)((status >> 8) & 0xff);
	}
	sys_reboot(LINUX_REBOOT_CMD_POWER_OFF);
	for (;;)
		sys_nanosleep(1000);
}
