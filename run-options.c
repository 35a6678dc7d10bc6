/* SPDX-License-Identifier: GPL-2.0-only */
/* "lkvm run" option parsing and the equivalent-command-line printer. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lkvm/run-options.h"
#include "lkvm/util.h"
#include "arch/memmap.h"

enum {
	OPT_NAME = 0x100,
	OPT_CONSOLE,
	OPT_DUMP_DTB,
	OPT_DEV,
	OPT_ACCEL,
	OPT_CPU_FEATURES,
	OPT_LOGLEVEL,
	OPT_DEBUG_MMIO,
	OPT_DEBUG_IOCSR,
	OPT_REBOOT,
	OPT_KERNEL_FORMAT,
	OPT_RNG,
	OPT_SECCOMP,
};

static const struct option run_long_opts[] = {
	{ "kernel",		required_argument, NULL, 'k' },
	{ "kernel-format",	required_argument, NULL, OPT_KERNEL_FORMAT },
	{ "initrd",		required_argument, NULL, 'i' },
	{ "params",		required_argument, NULL, 'p' },
	{ "mem",		required_argument, NULL, 'm' },
	{ "cpus",		required_argument, NULL, 'c' },
	{ "name",		required_argument, NULL, OPT_NAME },
	{ "console",		required_argument, NULL, OPT_CONSOLE },
	{ "reboot",		required_argument, NULL, OPT_REBOOT },
	{ "seccomp",		required_argument, NULL, OPT_SECCOMP },
	{ "disk",		required_argument, NULL, 'd' },
	{ "rng",		no_argument,	   NULL, OPT_RNG },
	{ "accel",		required_argument, NULL, OPT_ACCEL },
	{ "dev",		required_argument, NULL, OPT_DEV },
	{ "cpu-features",	required_argument, NULL, OPT_CPU_FEATURES },
	{ "dump-dtb",		required_argument, NULL, OPT_DUMP_DTB },
	{ "loglevel",		required_argument, NULL, OPT_LOGLEVEL },
	{ "debug-mmio",		no_argument,	   NULL, OPT_DEBUG_MMIO },
	{ "debug-iocsr",	no_argument,	   NULL, OPT_DEBUG_IOCSR },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

void run_options__usage(FILE *out)
{
	fprintf(out,
"usage: lkvm run [options] [kernel]\n"
"\n"
"Basic options:\n"
"  -k, --kernel FILE        guest kernel: ELF vmlinux, vmlinux.efi, raw image,\n"
"                           or any of these gzip-compressed (default: the\n"
"                           built-in test guest)\n"
"      --kernel-format auto|raw  raw: a headerless image loaded and entered\n"
"                           at 0x200000 (default auto: detect ELF/EFI/gzip)\n"
"  -i, --initrd FILE        initial ramdisk (cpio, optionally compressed)\n"
"  -p, --params STRING      kernel command line\n"
"  -m, --mem SIZE           guest RAM, with K/M/G suffix (default 256M)\n"
"  -c, --cpus N             number of vCPUs (default 1)\n"
"      --name NAME          guest name (default guest-PID)\n"
"      --console serial|virtio  which device gets the terminal (default serial)\n"
"      --reboot exit|restart    what a guest reboot does (default exit)\n"
"      --seccomp on|log|off each lkvm thread may make only the system calls\n"
"                           it needs; log: allow the rest but let the kernel\n"
"                           log them (default on)\n"
"\n"
"Device options:\n"
"  -d, --disk PATH[,ro][,direct][,serial=ID]\n"
"                           a virtio-blk disk: raw image file or block device;\n"
"                           repeat for more disks (guest: /dev/vda, vdb, ...)\n"
"      --rng                a virtio-rng device fed by the host's getrandom()\n"
"\n"
"Accelerator options:\n"
"      --accel auto|kvm|soft    KVM device, or softkvm, the built-in software\n"
"                           LoongArch CPU; auto uses KVM if it opens (default)\n"
"      --dev PATH           KVM device node (default /dev/kvm)\n"
"      --cpu-features LIST  e.g. -lasx,-pmu,+virt-extioi; 'help' lists them\n"
"\n"
"Debug options:\n"
"      --dump-dtb FILE      write the generated device tree to FILE\n"
"      --loglevel LEVEL     error, warning, info (default) or debug\n"
"      --debug-mmio         log every MMIO access\n"
"      --debug-iocsr        log every IOCSR access\n"
"  -h, --help               this text\n"
"\n"
"In the serial console, Ctrl-A x quits and Ctrl-A Ctrl-A sends Ctrl-A.\n");
}

static int bad(const char *fmt, const char *arg)
{
	char buf[256];

	snprintf(buf, sizeof(buf), fmt, arg);
	pr_err("%s (see 'lkvm run --help')", buf);
	return -1;
}

/* -d PATH[,ro][,direct][,serial=ID] */
static int parse_disk(const char *arg, struct lkvm_config *cfg)
{
	struct lkvm_disk_cfg *d;
	const char *comma = strchr(arg, ',');
	size_t plen = comma ? (size_t)(comma - arg) : strlen(arg);

	if (cfg->nr_disks == LKVM_MAX_DISKS) {
		char n[16];

		snprintf(n, sizeof(n), "%d", LKVM_MAX_DISKS);
		return bad("too many --disk options: at most %s", n);
	}
	if (!plen)
		return bad("--disk '%s' needs a file name", arg);
	if (plen >= LKVM_DISK_PATH_MAX)
		return bad("--disk '%.64s...': path too long", arg);
	d = &cfg->disks[cfg->nr_disks];
	memset(d, 0, sizeof(*d));
	memcpy(d->path, arg, plen);
	while (comma) {
		const char *opt = comma + 1;
		size_t len;

		comma = strchr(opt, ',');
		len = comma ? (size_t)(comma - opt) : strlen(opt);
		if (len == 2 && !strncmp(opt, "ro", 2)) {
			d->ro = true;
		} else if (len == 6 && !strncmp(opt, "direct", 6)) {
			d->direct = true;
		} else if (len > 7 && !strncmp(opt, "serial=", 7)) {
			if (len - 7 > LKVM_DISK_SERIAL_MAX)
				return bad("--disk '%s': serial is longer than 20 characters", arg);
			memcpy(d->serial, opt + 7, len - 7);
			d->serial[len - 7] = '\0';
		} else {
			return bad("--disk '%s': options are ro, direct and serial=ID", arg);
		}
	}
	cfg->nr_disks++;
	return 0;
}

static int parse_cpus(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return bad("--cpus '%s' is not a number", s);
	if (v < 1 || v > LA_MAX_VCPUS) {
		char msg[64];

		snprintf(msg, sizeof(msg), "%d", LA_MAX_VCPUS);
		pr_err("--cpus %s is out of range: give 1 to %s", s, msg);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

int run_options__parse(int argc, char **argv, struct lkvm_config *cfg)
{
	enum log_level lvl;
	int c;

	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_size = LKVM_DEFAULT_RAM;
	cfg->nr_cpus = LKVM_DEFAULT_CPUS;
	cfg->dev = LKVM_DEFAULT_DEV;
	cfg->console = CONSOLE_SERIAL;
	cfg->accel = ACCEL_AUTO;
	cfg->reboot = REBOOT_EXIT;
	cfg->seccomp = SECCOMP_ON;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:i:p:m:c:d:h", run_long_opts, NULL)) != -1) {
		switch (c) {
		case 'k': cfg->kernel = optarg; break;
		case 'i': cfg->initrd = optarg; break;
		case 'p': cfg->params = optarg; break;
		case 'm': {
			int err = util__parse_size(optarg, &cfg->ram_size);

			if (err == -ERANGE)
				return bad("--mem '%s' is too large", optarg);
			if (err)
				return bad("--mem '%s' is not a size: use e.g. 512M or 2G", optarg);
			/* A bare number means MiB, as in kvmtool and QEMU. */
			if (strspn(optarg, "0123456789") == strlen(optarg)) {
				if (cfg->ram_size > (UINT64_MAX >> 20))
					return bad("--mem '%s' is too large", optarg);
				cfg->ram_size <<= 20;
			}
			break;
		}
		case 'c':
			if (parse_cpus(optarg, &cfg->nr_cpus))
				return -1;
			break;
		case OPT_NAME: cfg->name = optarg; break;
		case OPT_CONSOLE:
			if (!strcmp(optarg, "serial"))
				cfg->console = CONSOLE_SERIAL;
			else if (!strcmp(optarg, "virtio"))
				cfg->console = CONSOLE_VIRTIO;
			else
				return bad("--console '%s': use serial or virtio", optarg);
			break;
		case OPT_REBOOT:
			if (!strcmp(optarg, "exit"))
				cfg->reboot = REBOOT_EXIT;
			else if (!strcmp(optarg, "restart"))
				cfg->reboot = REBOOT_RESTART;
			else
				return bad("--reboot '%s': use exit or restart", optarg);
			break;
		case OPT_SECCOMP:
			if (!strcmp(optarg, "on"))
				cfg->seccomp = SECCOMP_ON;
			else if (!strcmp(optarg, "log"))
				cfg->seccomp = SECCOMP_LOG;
			else if (!strcmp(optarg, "off"))
				cfg->seccomp = SECCOMP_OFF;
			else
				return bad("--seccomp '%s': use on, log or off", optarg);
			break;
		case OPT_ACCEL:
			if (!strcmp(optarg, "auto"))
				cfg->accel = ACCEL_AUTO;
			else if (!strcmp(optarg, "kvm"))
				cfg->accel = ACCEL_KVM;
			else if (!strcmp(optarg, "soft"))
				cfg->accel = ACCEL_SOFT;
			else
				return bad("--accel '%s': use auto, kvm or soft", optarg);
			break;
		case OPT_KERNEL_FORMAT:
			if (!strcmp(optarg, "auto"))
				cfg->kernel_format = KERNEL_FORMAT_AUTO;
			else if (!strcmp(optarg, "raw"))
				cfg->kernel_format = KERNEL_FORMAT_RAW;
			else
				return bad("--kernel-format '%s': use auto or raw", optarg);
			break;
		case 'd':
			if (parse_disk(optarg, cfg))
				return -1;
			break;
		case OPT_RNG: cfg->rng = true; break;
		case OPT_DEV: cfg->dev = optarg; break;
		case OPT_CPU_FEATURES: cfg->cpu_features = optarg; break;
		case OPT_DUMP_DTB: cfg->dump_dtb = optarg; break;
		case OPT_LOGLEVEL:
			if (log__parse_level(optarg, &lvl))
				return bad("--loglevel '%s': use error, warning, info or debug", optarg);
			log__level = lvl;
			break;
		case OPT_DEBUG_MMIO: cfg->debug_mmio = true; break;
		case OPT_DEBUG_IOCSR: cfg->debug_iocsr = true; break;
		case 'h':
			run_options__usage(stdout);
			return 1;
		case ':':
			return bad("option '%s' needs a value", argv[optind - 1]);
		default:
			return bad("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		if (cfg->kernel)
			return bad("kernel given twice ('%s' and --kernel)", argv[optind]);
		cfg->kernel = argv[optind++];
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (cfg->kernel && !*cfg->kernel)
		return bad("--kernel needs a file name%s", "");
	return 0;
}

/* Append one argument, quoted for a POSIX shell when needed. */
static void append_arg(char *buf, size_t len, const char *arg)
{
	size_t n = strlen(buf);
	bool plain = *arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				    "-_./=,+:@%") == strlen(arg);

	if (n + 2 >= len)
		return;
	if (n)
		buf[n++] = ' ';
	if (plain) {
		snprintf(buf + n, len - n, "%s", arg);
		return;
	}
	buf[n++] = '\'';
	for (; *arg && n + 5 < len; arg++) {
		if (*arg == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *arg;
		}
	}
	buf[n++] = '\'';
	buf[n] = '\0';
}

static void format_size(u64 v, char *out, size_t len)
{
	if (v && !(v & (SZ_1G - 1)))
		snprintf(out, len, "%lluG", (unsigned long long)(v >> 30));
	else if (v && !(v & (SZ_1M - 1)))
		snprintf(out, len, "%lluM", (unsigned long long)(v >> 20));
	else if (v && !(v & (SZ_1K - 1)))
		snprintf(out, len, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(out, len, "%llu", (unsigned long long)v);
}

void run_options__format(const struct lkvm_config *cfg, char *buf, size_t len)
{
	static const char *const accel[] = { "auto", "kvm", "soft" };
	char num[32];

	buf[0] = '\0';
	append_arg(buf, len, "lkvm");
	append_arg(buf, len, "run");
	append_arg(buf, len, "--kernel");
	append_arg(buf, len, cfg->kernel ? cfg->kernel : "builtin");
	if (cfg->kernel_format == KERNEL_FORMAT_RAW) {
		append_arg(buf, len, "--kernel-format");
		append_arg(buf, len, "raw");
	}
	if (cfg->initrd) {
		append_arg(buf, len, "--initrd");
		append_arg(buf, len, cfg->initrd);
	}
	if (cfg->params) {
		append_arg(buf, len, "--params");
		append_arg(buf, len, cfg->params);
	}
	append_arg(buf, len, "--mem");
	format_size(cfg->ram_size, num, sizeof(num));
	append_arg(buf, len, num);
	append_arg(buf, len, "--cpus");
	snprintf(num, sizeof(num), "%u", cfg->nr_cpus);
	append_arg(buf, len, num);
	if (cfg->name) {
		append_arg(buf, len, "--name");
		append_arg(buf, len, cfg->name);
	}
	append_arg(buf, len, "--console");
	append_arg(buf, len, cfg->console == CONSOLE_VIRTIO ? "virtio" : "serial");
	append_arg(buf, len, "--reboot");
	append_arg(buf, len, cfg->reboot == REBOOT_RESTART ? "restart" : "exit");
	append_arg(buf, len, "--seccomp");
	append_arg(buf, len, cfg->seccomp == SECCOMP_OFF ? "off" :
			     cfg->seccomp == SECCOMP_LOG ? "log" : "on");
	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct lkvm_disk_cfg *d = &cfg->disks[i];
		char spec[LKVM_DISK_PATH_MAX + 64];

		snprintf(spec, sizeof(spec), "%s%s%s%s%s", d->path, d->ro ? ",ro" : "",
			 d->direct ? ",direct" : "", d->serial[0] ? ",serial=" : "", d->serial);
		append_arg(buf, len, "--disk");
		append_arg(buf, len, spec);
	}
	if (cfg->rng)
		append_arg(buf, len, "--rng");
	append_arg(buf, len, "--accel");
	append_arg(buf, len, accel[cfg->accel]);
	if (cfg->accel != ACCEL_SOFT) {
		append_arg(buf, len, "--dev");
		append_arg(buf, len, cfg->dev);
	}
	if (cfg->cpu_features) {
		append_arg(buf, len, "--cpu-features");
		append_arg(buf, len, cfg->cpu_features);
	}
	if (cfg->dump_dtb) {
		append_arg(buf, len, "--dump-dtb");
		append_arg(buf, len, cfg->dump_dtb);
	}
	if (cfg->debug_mmio)
		append_arg(buf, len, "--debug-mmio");
	if (cfg->debug_iocsr)
		append_arg(buf, len, "--debug-iocsr");
}
