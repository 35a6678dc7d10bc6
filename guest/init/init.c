/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lkvm's test init: PID 1 of the test guests, without libc. It mounts the
 * kernel file systems, prints a report of what the guest sees, runs the
 * checks named on the kernel command line (lkvmtest=a,b,...) and ends the
 * run. Output, one item per line (parsed by tests/e2e/linux.sh and
 * tests/qemu/):
 *
 *   lkvm-report: begin
 *   lkvm-report: KEY=VALUE                  kernel, cpus_online, ...
 *   lkvm-report: device=BUS/NAME driver=DRIVER|-
 *   lkvm-report: end
 *   lkvm-result: PASS|FAIL CHECK
 *   lkvm-summary: passed=N failed=M
 *
 * How the run ends: power-off when every check passed (lkvm exits 0). When
 * a check failed and lkvm's test device is there, the init writes exit code
 * 10 to it (lkvm exits 10); without it (QEMU) it powers off and the FAIL line
 * tells. The actions reboot, panic and exit=N end the run that way instead.
 */
#include "checks.h"
#include "sys.h"

#define SYS_mmap		222
#define PROT_READ		1
#define PROT_WRITE		2
#define MAP_SHARED		1

/* lkvm's test device (include/lkvm/testdev.h). */
#define TESTDEV_BASE		0x100f0000UL
#define TESTDEV_MAP_SIZE	0x10000UL	/* 64 KiB: fits any page size */
#define TESTDEV_EXIT		0x0
#define TESTDEV_MARK		0x4
#define TESTDEV_ID		0x8
#define TESTDEV_MAGIC		0x6d766b6cU
#define TESTDEV_BOOT_MARK	123
#define TESTDEV_DT_NODE		"/sys/firmware/devicetree/base/testdev@100f0000/compatible"

#define EXIT_CHECK_FAILED	10

enum action { ACT_POWEROFF, ACT_REBOOT, ACT_PANIC, ACT_EXIT, ACT_TICK };

static volatile u32 *testdev;
static char cmdline[4096];

/* Virtio checks come from check-virtio.c; these stand in when it is absent. */
__attribute__((weak)) int check_blk(void)
{
	say("lkvm-init: blk check not built in\n");
	return 1;
}

__attribute__((weak)) int check_rng(void)
{
	say("lkvm-init: rng check not built in\n");
	return 1;
}

__attribute__((weak)) int check_console(void)
{
	say("lkvm-init: console check not built in\n");
	return 1;
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	int err;

	sys_mkdir(dir, 0755);
	err = sys_mount(src, dir, type, 0, NULL);
	if (err && err != -EBUSY)
		say("lkvm-init: cannot mount ", type, " on ", dir, "\n");
}

/* Without /dev/console in the archive the kernel gave us no stdio. */
static void setup_console(void)
{
	int fd;

	if (sys_write(1, "", 0) >= 0)
		return;
	fd = sys_open("/dev/console", O_RDWR | O_NOCTTY, 0);
	while (fd >= 0 && fd < 2)
		fd = sys_call3(24 /* dup3 */, fd, fd + 1, 0);
}

/* Only lkvm describes the test device; probing blind could fault. */
static void map_testdev(void)
{
	char compat[32];
	long p;
	int fd;

	if (read_file(TESTDEV_DT_NODE, compat, sizeof(compat)) <= 0 ||
	    strcmp(compat, "lkvm,testdev"))
		return;
	fd = sys_open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC, 0);
	if (fd < 0) {
		say("lkvm-init: cannot open /dev/mem for the test device\n");
		return;
	}
	p = sys_call6(SYS_mmap, 0, TESTDEV_MAP_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED, fd, TESTDEV_BASE);
	sys_close(fd);
	if (p < 0 && p > -4096) {
		say("lkvm-init: cannot map the test device\n");
		return;
	}
	testdev = (volatile u32 *)p;
	if (testdev[TESTDEV_ID / 4] != TESTDEV_MAGIC) {
		say("lkvm-init: test device has the wrong magic\n");
		testdev = NULL;
	}
}

static void strip_newline(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

/* Number of CPUs in a sysfs list such as "0-3,5"; -1 if unreadable. */
static long cpu_count(const char *path, char *list, size_t size)
{
	long count = 0, a, b;
	const char *p = list;

	if (read_file(path, list, size) <= 0)
		return -1;
	strip_newline(list);
	while (*p) {
		for (a = 0; *p >= '0' && *p <= '9'; p++)
			a = a * 10 + (*p - '0');
		b = a;
		if (*p == '-')
			for (b = 0, p++; *p >= '0' && *p <= '9'; p++)
				b = b * 10 + (*p - '0');
		if (b >= a)
			count += b - a + 1;
		if (*p != ',')
			break;
		p++;
	}
	return count;
}

static u64 meminfo_kb(const char *key)
{
	static char buf[4096];
	size_t klen = strlen(key);
	const char *p = buf;
	u64 v = 0;

	if (read_file("/proc/meminfo", buf, sizeof(buf)) <= 0)
		return 0;
	while (*p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			for (p += klen + 1; *p == ' '; p++)
				;
			for (; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (u64)(*p - '0');
			return v;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	return 0;
}

struct dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

static void report_bus(const char *bus)
{
	char dir[128], path[512], link[256], buf[2048];
	const char *drv;
	long n, off, r;
	int fd;

	memcpy(dir, "/sys/bus/", 9);
	memcpy(dir + 9, bus, strlen(bus));
	memcpy(dir + 9 + strlen(bus), "/devices", 9);
	fd = sys_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return;
	while ((n = sys_getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			size_t dl = strlen(dir), nl = strlen(d->d_name);

			if (d->d_name[0] == '.')
				continue;
			if (dl + nl + 9 > sizeof(path))
				continue;
			memcpy(path, dir, dl);
			path[dl] = '/';
			memcpy(path + dl + 1, d->d_name, nl);
			memcpy(path + dl + 1 + nl, "/driver", 8);
			r = sys_readlink(path, link, sizeof(link) - 1);
			drv = "-";
			if (r > 0) {
				link[r] = 0;
				drv = link + r;
				while (drv > link && drv[-1] != '/')
					drv--;
			}
			say("lkvm-report: device=", bus, "/", d->d_name,
			    " driver=", drv, "\n");
		}
	}
	sys_close(fd);
}

static void report(void)
{
	/* struct new_utsname: six 65-byte fields */
	char uts[6 * 65], list[256], buf[4096];
	long n;

	say("lkvm-report: begin\n");
	if (!sys_call3(SYS_uname, uts, 0, 0)) {
		say_kv("kernel", uts + 2 * 65);
		say_kv("arch", uts + 4 * 65);
	}
	n = cpu_count("/sys/devices/system/cpu/possible", list, sizeof(list));
	say_kv_u("cpus_possible", (u64)n);
	n = cpu_count("/sys/devices/system/cpu/online", list, sizeof(list));
	say_kv_u("cpus_online", (u64)n);
	say_kv("cpus_online_list", list);
	say_kv_u("mem_total_kb", meminfo_kb("MemTotal"));
	say_kv("cmdline", cmdline);
	if (read_file("/etc/lkvm-initramfs", buf, sizeof(buf)) > 0) {
		strip_newline(buf);
		say_kv("initramfs", buf);
	}
	if (read_file("/proc/uptime", buf, sizeof(buf)) > 0) {
		for (n = 0; buf[n] && buf[n] != ' '; n++)
			;
		buf[n] = 0;
		say_kv("uptime_s", buf);
	}
	say_kv("testdev", testdev ? "yes" : "no");
	report_bus("platform");
	report_bus("virtio");
	report_bus("pci");
	say("lkvm-report: end\n");
}

static int check_smp(void)
{
	char possible[256], online[256];
	long np = cpu_count("/sys/devices/system/cpu/possible", possible, sizeof(possible));
	long no = cpu_count("/sys/devices/system/cpu/online", online, sizeof(online));

	if (np <= 0 || no != np || strcmp(possible, online)) {
		say("lkvm-init: smp: possible ", possible, ", online ", online, "\n");
		return 1;
	}
	return 0;
}

/* Echo one line typed on the console; gives up after 30 s. */
static int check_echo(void)
{
	char line[256];
	long n, len = 0;
	int fd, tries;

	say("lkvm-echo: ready\n");
	fd = sys_open("/dev/console", O_RDONLY | O_NOCTTY | 04000 /* O_NONBLOCK */, 0);
	if (fd < 0)
		return 1;
	for (tries = 0; tries < 300 && len < (long)sizeof(line) - 1; tries++) {
		n = sys_read(fd, line + len, sizeof(line) - 1 - (size_t)len);
		if (n > 0) {
			len += n;
			if (line[len - 1] == '\n')
				break;
			continue;
		}
		sys_nanosleep(100);
	}
	sys_close(fd);
	line[len] = 0;
	strip_newline(line);
	say("lkvm-echo: ", line, "\n");
	return len ? 0 : 1;
}

/*
 * lkvmtest=tick: once a second, forever, a numbered line with the memory
 * figures, for lkvm pause/resume (no ticks while paused) and lkvm balloon
 * (MemFree falls by what the balloon took) tests. lkvm stop ends it.
 */
static void __attribute__((noreturn)) tick_forever(void)
{
	char n[24], t[24], f[24];

	for (u64 i = 0;; i++) {
		say("lkvm-tick: ", utoa(i, n), " mem_total_kb=", utoa(meminfo_kb("MemTotal"), t),
		    " mem_free_kb=", utoa(meminfo_kb("MemFree"), f), "\n");
		sys_nanosleep(1000);
	}
}

/* The value of lkvmtest= on the command line, or NULL. */
static const char *test_list(void)
{
	const char *p = cmdline;

	while (*p) {
		if (!strncmp(p, "lkvmtest=", 9))
			return p + 9;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return NULL;
}

static int parse_code(const char *s, size_t len)
{
	int v = 0;

	if (!len || len > 3)
		return -1;
	for (; len; len--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= 255 ? v : -1;
}

static const struct {
	const char *name;
	int (*fn)(void);
} checks[] = {
	{ "smp", check_smp },
	{ "blk", check_blk },
	{ "rng", check_rng },
	{ "console", check_console },
	{ "echo", check_echo },
	{ "clock", check_clock },
	{ "net", check_net },
	{ "userland", check_userland },
	{ "9p", check_9p },
	{ "9pbench", check_9pbench },
};

int init_main(long *sp);

int init_main(long *sp)
{
	unsigned int passed = 0, failed = 0, i;
	enum action act = ACT_POWEROFF;
	const char *t;
	int code = 0;

	(void)sp;
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	setup_console();
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	map_testdev();
	if (testdev)
		testdev[TESTDEV_MARK / 4] = TESTDEV_BOOT_MARK;
	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		cmdline[0] = 0;
	strip_newline(cmdline);
	modules_load();
	if (root9p_wanted(cmdline))
		root9p_run(cmdline, testdev);
	report();

	for (t = test_list(); t && *t && *t != ' ';) {
		char name[32];
		size_t len = 0;
		int res = -1;

		while (t[len] && t[len] != ',' && t[len] != ' ')
			len++;
		if (len < sizeof(name)) {
			memcpy(name, t, len);
			name[len] = 0;
		} else {
			memcpy(name, "(too long)", 11);
		}
		t += len;
		if (*t == ',')
			t++;

		if (!strcmp(name, "reboot")) {
			act = ACT_REBOOT;
			continue;
		}
		if (!strcmp(name, "tick")) {
			act = ACT_TICK;
			continue;
		}
		if (!strcmp(name, "panic")) {
			act = ACT_PANIC;
			continue;
		}
		if (!strncmp(name, "exit=", 5)) {
			code = parse_code(name + 5, strlen(name + 5));
			/* Not PID 1 (/virt/init of a 9p root): an exit status. */
			if (code >= 0 && sys_call3(172 /* getpid */, 0, 0, 0) != 1) {
				sys_sync();
				sys_exit(code);
			}
			act = ACT_EXIT;
			if (code >= 0 && testdev)
				continue;
			res = 1;	/* bad code or no test device */
		}
		for (i = 0; res < 0 && i < sizeof(checks) / sizeof(checks[0]); i++)
			if (!strcmp(name, checks[i].name))
				res = checks[i].fn() ? 1 : 0;
		if (res < 0) {
			say("lkvm-init: unknown check ", name, "\n");
			res = 1;
		}
		say("lkvm-result: ", res ? "FAIL " : "PASS ", name, "\n");
		if (res)
			failed++;
		else
			passed++;
	}
	{
		char a[24], b[24];

		say("lkvm-summary: passed=", utoa(passed, a), " failed=", utoa(failed, b), "\n");
	}
	sys_sync();

	if (failed && testdev) {
		testdev[TESTDEV_EXIT / 4] = EXIT_CHECK_FAILED;
	} else if (act == ACT_EXIT && code >= 0 && testdev) {
		testdev[TESTDEV_EXIT / 4] = (u32)code;
	} else if (act == ACT_REBOOT) {
		say("lkvm-init: rebooting\n");
		sys_reboot(LINUX_REBOOT_CMD_RESTART);
	} else if (act == ACT_TICK) {
		tick_forever();
	} else if (act == ACT_PANIC) {
		say("lkvm-init: exiting to make the kernel panic\n");
		sys_exit(0);
	} else {
		say("lkvm-init: powering off\n");
		sys_reboot(LINUX_REBOOT_CMD_POWER_OFF);
	}
	/* The VM should be gone; if not, do not spin. */
	for (;;)
		sys_nanosleep(1000);
}
