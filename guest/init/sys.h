/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_INIT_SYS_H
#define LKVM_INIT_SYS_H

/*
 * Raw Linux system calls for the libc-free LoongArch test init, plus the
 * few helpers every part of it needs. LoongArch uses the generic syscall
 * table: number in a7, arguments in a0..a5, result in a0 (-errno on error);
 * the kernel may clobber t0..t8.
 */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long s64;
typedef unsigned long size_t;
typedef long ssize_t;

#define NULL	((void *)0)

#define SYS_ioctl	29
#define SYS_mkdirat	34
#define SYS_umount2	39
#define SYS_mount	40
#define SYS_openat	56
#define SYS_close	57
#define SYS_getdents64	61
#define SYS_lseek	62
#define SYS_read	63
#define SYS_write	64
#define SYS_pread64	67
#define SYS_readlinkat	78
#define SYS_sync	81
#define SYS_fsync	82
#define SYS_exit	93
#define SYS_nanosleep	101
#define SYS_clock_gettime 113
#define SYS_reboot	142
#define SYS_uname	160
#define SYS_getrandom	278

#define AT_FDCWD	(-100)
#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CREAT		0100
#define O_NOCTTY	0400
#define O_SYNC		04010000
#define O_DIRECTORY	0200000
#define O_CLOEXEC	02000000

#define SEEK_SET	0

#define ENOENT		2
#define EINTR		4
#define EIO		5
#define EAGAIN		11
#define EBUSY		16
#define ENODEV		19

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedc

static inline long sys_call6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("$a7") = n;
	register long a0 __asm__("$a0") = a;
	register long a1 __asm__("$a1") = b;
	register long a2 __asm__("$a2") = c;
	register long a3 __asm__("$a3") = d;
	register long a4 __asm__("$a4") = e;
	register long a5 __asm__("$a5") = f;

	__asm__ volatile("syscall 0"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory", "$t0", "$t1", "$t2", "$t3", "$t4", "$t5",
			   "$t6", "$t7", "$t8");
	return a0;
}

#define sys_call3(n, a, b, c)	sys_call6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline ssize_t sys_read(int fd, void *buf, size_t n)
{
	return sys_call3(SYS_read, fd, buf, n);
}

static inline ssize_t sys_write(int fd, const void *buf, size_t n)
{
	return sys_call3(SYS_write, fd, buf, n);
}

static inline ssize_t sys_pread(int fd, void *buf, size_t n, long off)
{
	return sys_call6(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0);
}

static inline int sys_open(const char *path, int flags, int mode)
{
	return (int)sys_call6(SYS_openat, AT_FDCWD, (long)path, flags, mode, 0, 0);
}

static inline int sys_close(int fd)
{
	return (int)sys_call3(SYS_close, fd, 0, 0);
}

static inline long sys_lseek(int fd, long off, int whence)
{
	return sys_call3(SYS_lseek, fd, off, whence);
}

static inline int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)sys_call3(SYS_ioctl, fd, req, arg);
}

static inline int sys_fsync(int fd)
{
	return (int)sys_call3(SYS_fsync, fd, 0, 0);
}

static inline void sys_sync(void)
{
	sys_call3(SYS_sync, 0, 0, 0);
}

static inline int sys_mkdir(const char *path, int mode)
{
	return (int)sys_call3(SYS_mkdirat, AT_FDCWD, path, mode);
}

static inline int sys_mount(const char *src, const char *target, const char *fstype,
			    unsigned long flags, const void *data)
{
	return (int)sys_call6(SYS_mount, (long)src, (long)target, (long)fstype,
			      (long)flags, (long)data, 0);
}

static inline long sys_getdents64(int fd, void *buf, size_t n)
{
	return sys_call3(SYS_getdents64, fd, buf, n);
}

static inline long sys_readlink(const char *path, char *buf, size_t n)
{
	return sys_call6(SYS_readlinkat, AT_FDCWD, (long)path, (long)buf, (long)n, 0, 0);
}

static inline long sys_getrandom(void *buf, size_t n, unsigned int flags)
{
	return sys_call3(SYS_getrandom, buf, n, flags);
}

static inline int sys_reboot(unsigned int cmd)
{
	return (int)sys_call6(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			      cmd, 0, 0, 0);
}

struct sys_timespec {
	long tv_sec;
	long tv_nsec;
};

static inline int sys_nanosleep(long ms)
{
	struct sys_timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	return (int)sys_call3(SYS_nanosleep, &ts, NULL, 0);
}

static inline __attribute__((noreturn)) void sys_exit(int code)
{
	for (;;)
		sys_call3(SYS_exit, code, 0, 0);
}

/* Helpers in util.c. The compiler may call the mem* ones by itself. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* Decimal text of v in buf (>= 21 bytes); returns buf. */
char *utoa(u64 v, char *buf);
/*
 * Print the NUL-terminated strings (NULL-ended list) as one line of the
 * kernel log, which the console shows (stdout before /dev/kmsg exists).
 */
void say_parts(const char *first, ...);
#define say(...)	say_parts(__VA_ARGS__, (const char *)NULL)
/* "lkvm-report: KEY=VALUE\n" and its numeric form. */
void say_kv(const char *key, const char *value);
void say_kv_u(const char *key, u64 value);
/* CLOCK_MONOTONIC in microseconds. */
long now_us(void);
/* Read up to n - 1 bytes of a file into buf, NUL-terminated; length or -errno. */
long read_file(const char *path, char *buf, size_t n);

#endif
