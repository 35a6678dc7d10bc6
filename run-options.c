/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "lkvm run" options: one table (util/options.c turns it into the getopt
 * table, --help and the equivalent command line) and the parsers of the
 * values that need more than a string.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lkvm/options.h"
#include "lkvm/rootfs.h"
#include "lkvm/run-options.h"
#include "lkvm/util.h"

#define CFG(f)		offsetof(struct lkvm_config, f)

static int bad(const char *fmt, const char *arg)
{
	return options__bad("run", fmt, arg);
}

/* A tag the guest can name in mount -t 9p TAG: letters, digits, "._-". */
static bool tag_ok(const char *t, size_t n)
{
	if (!n || n > LKVM_9P_TAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]) && !strchr("._-", t[i]))
			return false;
	return true;
}

/* Add a share of dir (len bytes of it); the caller checked the tag. */
static int add_share(struct lkvm_config *cfg, const char *arg, const char *dir, size_t len,
		     const char *tag, size_t tlen, bool ro, bool root)
{
	struct lkvm_9p_cfg *s;
	struct stat st;

	if (cfg->nr_shares == LKVM_MAX_SHARES)
		return bad("too many --9p shares in '%s': at most 8", arg);
	if (len >= LKVM_DISK_PATH_MAX)
		return bad("--9p '%.64s...': path too long", arg);
	for (unsigned int i = 0; i < cfg->nr_shares; i++)
		if (strlen(cfg->shares[i].tag) == tlen && !strncmp(cfg->shares[i].tag, tag, tlen))
			return bad(root ? "'%s': only one directory can be the root file system"
				   : "--9p '%s': that tag is already used by another share", arg);
	s = &cfg->shares[cfg->nr_shares];
	memset(s, 0, sizeof(*s));
	memcpy(s->dir, dir, len);
	memcpy(s->tag, tag, tlen);
	s->ro = ro;
	s->root = root;
	if (stat(s->dir, &st))
		return options__bad("run", "--9p '%s': %s: %s", arg, s->dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return bad("--9p '%s': not a directory (give the directory to share)", arg);
	cfg->nr_shares++;
	return 0;
}

/* --9p DIR,TAG[,ro] */
static int parse_9p(const char *arg, void *c)
{
	const char *tag = strchr(arg, ','), *end;
	size_t tlen;
	bool ro = false;

	if (!tag || tag == arg)
		return bad("--9p '%s': give DIR,TAG[,ro]", arg);
	tag++;
	end = strchr(tag, ',');
	tlen = end ? (size_t)(end - tag) : strlen(tag);
	if (end) {
		if (strcmp(end, ",ro"))
			return bad("--9p '%s': the only option after DIR,TAG is ro", arg);
		ro = true;
	}
	if (!tag_ok(tag, tlen))
		return bad("--9p '%s': a tag is 1 to 31 letters, digits, '.', '_' or '-'", arg);
	return add_share(c, arg, arg, (size_t)(tag - 1 - arg), tag, tlen, ro, false);
}

/* A bare name with no such file is a root file system in ~/.lkvm/NAME. */
static const char *disk_by_name(const char *arg, size_t plen, char *buf, size_t len)
{
	char name[64];
	struct stat st;

	if (memchr(arg, '/', plen) || !plen || plen >= sizeof(name))
		return NULL;
	memcpy(name, arg, plen);
	name[plen] = '\0';
	if (!stat(name, &st) || rootfs__path(name, buf, len) || stat(buf, &st) ||
	    !S_ISDIR(st.st_mode))
		return NULL;
	return buf;
}

/* -d PATH[,ro][,direct][,serial=ID] */
static int parse_disk(const char *arg, void *c)
{
	struct lkvm_config *cfg = c;
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
	/* A directory (or ~/.lkvm/NAME) is the root file system, over 9p. */
	{
		char path[LKVM_DISK_PATH_MAX];
		const char *named = disk_by_name(arg, plen, path, sizeof(path));
		struct stat st;

		if (!named) {
			memcpy(path, arg, plen);
			path[plen] = '\0';
		}
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			if (comma && strcmp(comma, ",ro"))
				return bad("--disk '%s': a directory takes only ro", arg);
			return add_share(cfg, arg, path, strlen(path), LKVM_ROOT_TAG,
					 strlen(LKVM_ROOT_TAG), comma != NULL, true);
		}
	}
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

/* MAC aa:bb:cc:dd:ee:ff, unicast. */
static int parse_mac(const char *s, size_t len, u8 *mac)
{
	for (int i = 0; i < 6; i++) {
		const char *p = s + i * 3;

		if ((size_t)(i * 3 + 2) > len || !isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) || (i < 5 && p[2] != ':'))
			return -1;
		mac[i] = (u8)strtoul((char[]){ p[0], p[1], 0 }, NULL, 16);
	}
	return len == 17 && !(mac[0] & 1) ? 0 : -1;
}

static int parse_port(const char *s, size_t len, u16 *port)
{
	unsigned long v = 0;

	if (!len || len > 5 || strspn(s, "0123456789") < len)
		return -1;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	if (!v || v > 65535)
		return -1;
	*port = (u16)v;
	return 0;
}

/* tcp|udp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT (GUESTADDR: the guest's only) */
static int parse_hostfwd(const char *s, size_t len, struct lkvm_net_fwd *f)
{
	char buf[96], *host, *hport, *dash, *gport;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!strncmp(buf, "tcp:", 4))
		f->udp = false;
	else if (!strncmp(buf, "udp:", 4))
		f->udp = true;
	else
		return -1;
	host = buf + 4;
	hport = strchr(host, ':');
	dash = hport ? strchr(hport, '-') : NULL;
	if (!dash || dash[1] != ':')
		return -1;
	*hport++ = '\0';
	*dash = '\0';
	gport = dash + 2;
	f->host_addr = htonl(INADDR_LOOPBACK);
	if (*host && inet_pton(AF_INET, host, &f->host_addr) != 1)
		return -1;
	return parse_port(hport, strlen(hport), &f->host_port) ||
	       parse_port(gport, strlen(gport), &f->guest_port) ? -1 : 0;
}

static bool net_key(const char *opt, size_t len, const char *key, const char **val,
		    size_t *vlen)
{
	size_t kl = strlen(key);

	if (len <= kl || strncmp(opt, key, kl) || opt[kl] != '=')
		return false;
	*val = opt + kl + 1;
	*vlen = len - kl - 1;
	return true;
}

static int net_onoff(const char *v, size_t len, bool *out)
{
	if (len == 2 && !strncmp(v, "on", 2))
		*out = true;
	else if (len == 3 && !strncmp(v, "off", 3))
		*out = false;
	else
		return -1;
	return 0;
}

/* -n mode=user|tap|none[,guest_mac=MAC][,tapif=NAME][,vhost=on|off][,restrict=on|off][,hostfwd=...]... */
static int parse_net(const char *arg, void *c)
{
	struct lkvm_config *cfg = c;
	struct lkvm_net_cfg n = { .mode = NET_MODE_USER };
	const char *opt = arg;
	bool mac_given = false;

	cfg->net_given = true;
	while (opt) {
		const char *comma = strchr(opt, ','), *v;
		size_t len = comma ? (size_t)(comma - opt) : strlen(opt), vl;

		if (net_key(opt, len, "mode", &v, &vl)) {
			if (vl == 4 && !strncmp(v, "user", 4))
				n.mode = NET_MODE_USER;
			else if (vl == 3 && !strncmp(v, "tap", 3))
				n.mode = NET_MODE_TAP;
			else if (vl == 4 && !strncmp(v, "none", 4))
				n.mode = NET_MODE_NONE;
			else
				return bad("--network '%s': mode is user, tap or none", arg);
		} else if (net_key(opt, len, "guest_mac", &v, &vl)) {
			if (parse_mac(v, vl, n.mac))
				return bad("--network '%s': guest_mac wants a unicast MAC such as "
					   "02:15:15:15:15:15", arg);
			mac_given = true;
		} else if (net_key(opt, len, "tapif", &v, &vl)) {
			if (vl >= LKVM_TAPIF_MAX || memchr(v, '/', vl))
				return bad("--network '%s': tapif is an interface name of at most "
					   "15 characters", arg);
			memcpy(n.tapif, v, vl);
			n.tapif[vl] = '\0';
		} else if (net_key(opt, len, "vhost", &v, &vl)) {
			if (net_onoff(v, vl, &n.vhost))
				return bad("--network '%s': vhost is on or off", arg);
		} else if (net_key(opt, len, "restrict", &v, &vl)) {
			if (net_onoff(v, vl, &n.restrict_guest))
				return bad("--network '%s': restrict is on or off", arg);
		} else if (net_key(opt, len, "hostfwd", &v, &vl)) {
			if (n.nr_fwd == LKVM_NET_MAX_FWD)
				return bad("--network '%s': at most 8 hostfwd rules", arg);
			if (parse_hostfwd(v, vl, &n.fwd[n.nr_fwd]))
				return bad("--network '%s': hostfwd is tcp|udp:[HOSTADDR]:HOSTPORT-"
					   ":GUESTPORT, e.g. tcp::8022-:22", arg);
			n.nr_fwd++;
		} else {
			return bad("--network '%s': keys are mode, guest_mac, tapif, vhost, "
				   "restrict and hostfwd", arg);
		}
		opt = comma ? comma + 1 : NULL;
	}
	if (n.mode == NET_MODE_NONE)
		return 0;
	if (n.mode == NET_MODE_TAP && !n.tapif[0])
		return bad("--network '%s': mode=tap needs tapif=NAME", arg);
	if (n.mode == NET_MODE_TAP && (n.nr_fwd || n.restrict_guest))
		return bad("--network '%s': hostfwd and restrict are for mode=user", arg);
	if (n.vhost)
		return bad("--network '%s': vhost=on is not supported: lkvm's virtio-net "
			   "runs in its own thread (/dev/vhost-net serves KVM guests, not "
			   "softkvm's); use vhost=off", arg);
	if (cfg->nr_nets == LKVM_MAX_NICS)
		return bad("too many --network options: at most 4 NICs%s", "");
	if (!mac_given) {
		static const u8 def[6] = { 0x02, 0x15, 0x15, 0x15, 0x15, 0x00 };

		memcpy(n.mac, def, 6);
		n.mac[5] = (u8)(0x15 + cfg->nr_nets);
	}
	cfg->nets[cfg->nr_nets++] = n;
	return 0;
}

static int parse_cpus(const char *s, void *c)
{
	struct lkvm_config *cfg = c;
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return bad("--cpus '%s' is not a number", s);
	if (v < 1 || v > LKVM_MAX_CPUS) {
		pr_err("--cpus %s is out of range: give 1 to %d", s, LKVM_MAX_CPUS);
		return -1;
	}
	cfg->nr_cpus = (unsigned int)v;
	return 0;
}

static int parse_mem(const char *arg, void *c)
{
	struct lkvm_config *cfg = c;
	int err = util__parse_size(arg, &cfg->ram_size);

	if (err == -ERANGE)
		return bad("--mem '%s' is too large", arg);
	if (err)
		return bad("--mem '%s' is not a size: use e.g. 512M or 2G", arg);
	/* A bare number means MiB, as in kvmtool and QEMU. */
	if (strspn(arg, "0123456789") == strlen(arg)) {
		if (cfg->ram_size > (UINT64_MAX >> 20))
			return bad("--mem '%s' is too large", arg);
		cfg->ram_size <<= 20;
	}
	return 0;
}

static int parse_loglevel(const char *arg, void *c)
{
	enum log_level lvl;

	(void)c;
	if (log__parse_level(arg, &lvl))
		return bad("--loglevel '%s': use error, warning, info or debug", arg);
	log__level = lvl;
	return 0;
}

static int parse_kernel(const char *arg, void *c)
{
	struct lkvm_config *cfg = c;

	if (cfg->kernel)
		return bad("kernel given twice ('%s' and --kernel)", arg);
	cfg->kernel = arg;
	return 0;
}

/* The one positional argument is the kernel. */
static bool kernel_positional;

static int parse_positional(const char *arg, void *c)
{
	if (kernel_positional)
		return bad("unexpected argument '%s'", arg);
	kernel_positional = true;
	return parse_kernel(arg, c);
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

static void fmt_kernel(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	options__append_opt(l, o, cfg->kernel ? cfg->kernel : "builtin");
}

static void fmt_mem(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;
	char num[32];

	format_size(cfg->ram_size, num, sizeof(num));
	options__append_opt(l, o, num);
}

static void fmt_cpus(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;
	char num[16];

	snprintf(num, sizeof(num), "%u", cfg->nr_cpus);
	options__append_opt(l, o, num);
}

static void fmt_disks(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct lkvm_disk_cfg *d = &cfg->disks[i];
		char spec[LKVM_DISK_PATH_MAX + 64];

		snprintf(spec, sizeof(spec), "%s%s%s%s%s", d->path, d->ro ? ",ro" : "",
			 d->direct ? ",direct" : "", d->serial[0] ? ",serial=" : "", d->serial);
		options__append_opt(l, o, spec);
	}
}

static void fmt_nets(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	if (cfg->net_given && !cfg->nr_nets)
		options__append_opt(l, o, "mode=none");
	for (unsigned int i = 0; i < cfg->nr_nets; i++) {
		const struct lkvm_net_cfg *n = &cfg->nets[i];
		const u8 *m = n->mac;
		char spec[512];
		int k;

		k = snprintf(spec, sizeof(spec), "mode=%s,guest_mac=%02x:%02x:%02x:%02x:%02x:%02x",
			     n->mode == NET_MODE_TAP ? "tap" : "user", m[0], m[1], m[2], m[3],
			     m[4], m[5]);
		if (n->mode == NET_MODE_TAP)
			k += snprintf(spec + k, sizeof(spec) - (size_t)k, ",tapif=%s", n->tapif);
		if (n->restrict_guest)
			k += snprintf(spec + k, sizeof(spec) - (size_t)k, ",restrict=on");
		for (unsigned int j = 0; j < n->nr_fwd; j++) {
			const struct lkvm_net_fwd *f = &n->fwd[j];
			char a[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &f->host_addr, a, sizeof(a));
			k += snprintf(spec + k, sizeof(spec) - (size_t)k, ",hostfwd=%s:%s:%u-:%u",
				      f->udp ? "udp" : "tcp", a, f->host_port, f->guest_port);
		}
		options__append_opt(l, o, spec);
	}
}

static void fmt_shares(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	for (unsigned int i = 0; i < cfg->nr_shares; i++) {
		const struct lkvm_9p_cfg *s = &cfg->shares[i];
		char spec[LKVM_DISK_PATH_MAX + 64];

		if (s->root)
			snprintf(spec, sizeof(spec), "%s%s", s->dir, s->ro ? ",ro" : "");
		else
			snprintf(spec, sizeof(spec), "%s,%s%s", s->dir, s->tag, s->ro ? ",ro" : "");
		if (s->root) {
			options__append(l, "-d");
			options__append(l, spec);
		} else {
			options__append_opt(l, o, spec);
		}
	}
}

/* --dev names the host's KVM node: not shown when softkvm runs. */
static void fmt_dev(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	if (cfg->accel != ACCEL_SOFT)
		options__append_opt(l, o, cfg->dev);
}

static void fmt_softkvm_kernel(const struct opt *o, const void *c, struct opt_line *l)
{
	const struct lkvm_config *cfg = c;

	if (cfg->accel == ACCEL_SOFT && cfg->softkvm_kernel)
		options__append_opt(l, o, cfg->softkvm_kernel);
}

static const struct opt_choice kernel_formats[] = {
	{ "auto", KERNEL_FORMAT_AUTO }, { "raw", KERNEL_FORMAT_RAW }, { NULL, 0 },
};
static const struct opt_choice consoles[] = {
	{ "serial", CONSOLE_SERIAL }, { "virtio", CONSOLE_VIRTIO }, { NULL, 0 },
};
static const struct opt_choice seccomps[] = {
	{ "on", SECCOMP_ON }, { "log", SECCOMP_LOG }, { "off", SECCOMP_OFF }, { NULL, 0 },
};
static const struct opt_choice reboots[] = {
	{ "exit", REBOOT_EXIT }, { "restart", REBOOT_RESTART }, { NULL, 0 },
};
static const struct opt_choice irqchips[] = {
	{ "auto", IRQCHIP_AUTO }, { "kernel", IRQCHIP_KERNEL }, { "user", IRQCHIP_USER },
	{ NULL, 0 },
};
const struct opt_choice run_options__accels[] = {
	{ "auto", ACCEL_AUTO }, { "kvm", ACCEL_KVM }, { "soft", ACCEL_SOFT }, { NULL, 0 },
};

static const struct opt run_opts[] = {
	OPT_GROUP("Basic options:"),
	{ OPT_T_FUNC, "kernel", 'k', "FILE",
	  "guest kernel: ELF vmlinux, vmlinux.efi, an EFI zboot\n"
	  "vmlinuz (any payload compression), or any of these\n"
	  "compressed whole (default: the built-in test guest;\n"
	  "on a LoongArch host, the host's own kernel)",
	  0, NULL, parse_kernel, fmt_kernel, 0, NULL },
	{ OPT_T_ENUM, "kernel-format", 0, "auto|raw",
	  "raw: a headerless image loaded and entered\n"
	  "at 0x200000 (default auto: detect ELF/EFI/gzip)",
	  CFG(kernel_format), kernel_formats, NULL, NULL, 0, NULL },
	{ OPT_T_STRING, "initrd", 'i', "FILE", "initial ramdisk (cpio, optionally compressed)",
	  CFG(initrd), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_STRING, "params", 'p', "STRING", "kernel command line",
	  CFG(params), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_FUNC, "mem", 'm', "SIZE", "guest RAM, with K/M/G suffix (default 256M)",
	  0, NULL, parse_mem, fmt_mem, 0, NULL },
	{ OPT_T_FUNC, "cpus", 'c', "N", "number of vCPUs (default 1)",
	  0, NULL, parse_cpus, fmt_cpus, 0, NULL },
	{ OPT_T_STRING, "name", 0, "NAME", "guest name (default guest-PID)",
	  CFG(name), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_ENUM, "console", 0, "serial|virtio", "which device gets the terminal (default serial)",
	  CFG(console), consoles, NULL, NULL, OPT_F_ALWAYS, NULL },
	{ OPT_T_ENUM, "reboot", 0, "exit|restart", "what a guest reboot does (default exit)",
	  CFG(reboot), reboots, NULL, NULL, OPT_F_ALWAYS, NULL },
	{ OPT_T_ENUM, "seccomp", 0, "on|log|off",
	  "each lkvm thread may make only the system calls\n"
	  "it needs; log: allow the rest but let the kernel\nlog them (default on)",
	  CFG(seccomp), seccomps, NULL, NULL, OPT_F_ALWAYS, NULL },
	OPT_GROUP("Device options:"),
	{ OPT_T_FUNC, "disk", 'd', "PATH[,ro][,direct][,serial=ID]",
	  "a virtio-blk disk: raw image file or block device;\n"
	  "repeat for more disks (guest: /dev/vda, vdb, ...)",
	  0, NULL, parse_disk, fmt_disks, 0, NULL },
	{ OPT_T_FUNC, "network", 'n', "mode=user|tap|none[,KEY=VALUE]...",
	  "a virtio-net NIC (repeatable; default: none).\n"
	  "user: libslirp, no root (DHCP, DNS, NAT; gateway\n"
	  "10.0.2.2 is the host's loopback); tap: tapif=NAME.\n"
	  "Keys: guest_mac=MAC, hostfwd=tcp|udp:[HOSTADDR]:\n"
	  "HOSTPORT-:GUESTPORT (repeatable), restrict=on|off\n"
	  "(only hostfwd reaches the guest), vhost=on|off",
	  0, NULL, parse_net, fmt_nets, 0, NULL },
	{ OPT_T_FUNC, "9p", 0, "DIR,TAG[,ro]",
	  "share the host directory DIR with the guest (virtio-9p,\n"
	  "9P2000.L): mount -t 9p -o trans=virtio TAG /mnt;\n"
	  "repeatable; -d DIR makes a directory the root file system",
	  0, NULL, parse_9p, fmt_shares, 0, NULL },
	{ OPT_T_FLAG, "rng", 0, NULL, "a virtio-rng device fed by the host's getrandom()",
	  CFG(rng), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_FLAG, "balloon", 0, NULL, "a virtio-balloon device (lkvm balloon, lkvm stat)",
	  CFG(balloon), NULL, NULL, NULL, 0, NULL },
	OPT_GROUP("Accelerator options:"),
	RUN_OPTS_ACCEL(fmt_dev, fmt_softkvm_kernel),
	{ OPT_T_ENUM, "irqchip", 0, "auto|kernel|user",
	  "who emulates the interrupt controllers: the\n"
	  "kernel's (KVM 6.13+: no exit per IPI, EXTIOI\n"
	  "access or device interrupt) or lkvm's; auto:\n"
	  "kernel where KVM offers them all (default)",
	  CFG(irqchip), irqchips, NULL, NULL, 0, NULL },
	{ OPT_T_STRING, "cpu-features", 0, "LIST", "e.g. -lasx,-pmu,+virt-extioi; 'help' lists them",
	  CFG(cpu_features), NULL, NULL, NULL, 0, NULL },
	OPT_GROUP("Debug options:"),
	{ OPT_T_STRING, "dump-dtb", 0, "FILE", "write the generated device tree to FILE",
	  CFG(dump_dtb), NULL, NULL, NULL, 0, NULL },
	{ OPT_T_FUNC, "loglevel", 0, "LEVEL", "error, warning, info (default) or debug",
	  0, NULL, parse_loglevel, NULL, OPT_F_NOPRINT, NULL },
	{ OPT_T_FLAG, "debug-mmio", 0, NULL, "log every MMIO access",
	  CFG(debug_mmio), NULL, NULL, NULL, 0, NULL },
	OPT_TABLE(kvm__arch_debug_opts),
	OPT_END(),
};

/* Words a command adds to the kernel command line (lkvm sandbox). */
static const char *extra_params;

void run_options__set_extra_params(const char *words)
{
	extra_params = words;
}

/*
 * A directory as -d: the kernel mounts its share as / (kvmtool's options);
 * lkvm.root9p tells lkvm's init in an initramfs to do it instead.
 */
static int root_params(struct lkvm_config *cfg)
{
	const char *root = "";
	const char *user = cfg->params ? cfg->params : "";
	int n;

	for (unsigned int i = 0; i < cfg->nr_shares; i++)
		if (cfg->shares[i].root)
			root = cfg->shares[i].ro ?
			       "root=" LKVM_ROOT_TAG " rootfstype=9p rootflags=trans=virtio,"
			       "version=9p2000.L,cache=loose,msize=262144 ro lkvm.root9p" :
			       "root=" LKVM_ROOT_TAG " rootfstype=9p rootflags=trans=virtio,"
			       "version=9p2000.L,cache=loose,msize=262144 rw lkvm.root9p";
	if (!root[0] && !extra_params)
		return 0;
	n = snprintf(cfg->root_params, sizeof(cfg->root_params), "%s%s%s%s%s", root,
		     root[0] && user[0] ? " " : "", user,
		     extra_params && (root[0] || user[0]) ? " " : "",
		     extra_params ? extra_params : "");
	if (n < 0 || (size_t)n >= sizeof(cfg->root_params))
		return bad("--params '%s' is too long with the root file system options", user);
	cfg->params = cfg->root_params;
	return 0;
}

static const char run_usage[] = "usage: lkvm run [options] [kernel]";

void run_options__usage(FILE *out)
{
	options__usage(run_opts, run_usage, out);
	fprintf(out, "\nIn the serial console, Ctrl-A x quits and Ctrl-A Ctrl-A sends Ctrl-A.\n");
}

int run_options__parse(int argc, char **argv, struct lkvm_config *cfg)
{
	int r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_size = LKVM_DEFAULT_RAM;
	cfg->nr_cpus = LKVM_DEFAULT_CPUS;
	cfg->dev = LKVM_DEFAULT_DEV;
	cfg->console = CONSOLE_SERIAL;
	cfg->accel = ACCEL_AUTO;
	cfg->reboot = REBOOT_EXIT;
	cfg->seccomp = SECCOMP_ON;

	kernel_positional = false;
	r = options__parse(run_opts, "run", argc, argv, cfg, parse_positional);
	if (r == 1)
		run_options__usage(stdout);
	if (r)
		return r;
	if (cfg->kernel && !*cfg->kernel)
		return bad("--kernel needs a file name%s", "");
	return root_params(cfg);
}

void run_options__format(const struct lkvm_config *cfg, char *buf, size_t len)
{
	struct opt_line line = { buf, len };

	buf[0] = '\0';
	options__append(&line, "lkvm");
	options__append(&line, "run");
	options__format(run_opts, cfg, &line);
}
