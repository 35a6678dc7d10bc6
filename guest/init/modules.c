// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel modules for lkvm's devices, for distribution kernels that build
 * virtio-mmio and its drivers as modules (Debian's). The initramfs holds
 * /lib/modules/<release>/modules.dep (depmod's format: "path: dep dep")
 * naming just the modules to load; each is loaded once everything it
 * depends on is, with finit_module(), which also decompresses .ko.xz and
 * .ko.zst when the kernel has MODULE_DECOMPRESS. Prints one line:
 *
 *   lkvm-modules: loaded=N failed=M
 *
 * and a "lkvm-modules: cannot load PATH (errno E)" line per failure.
 */
#include "checks.h"
#include "sys.h"

#define SYS_finit_module		273
#define MODULE_INIT_COMPRESSED_FILE	4
#define EEXIST				17
#define MAX_MODULES			64
#define MAX_DEPS			16

struct module {
	const char *path;
	const char *deps[MAX_DEPS];
	unsigned int ndeps;
	int state;		/* 0 pending, 1 loaded, -1 failed */
};

static char dep_file[16384];
static struct module mods[MAX_MODULES];
static unsigned int nmods;

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Split modules.dep in place; lines beyond the limits are dropped. */
static void parse(char *p)
{
	while (*p && nmods < MAX_MODULES) {
		struct module *m = &mods[nmods];
		char *end = p, *colon = NULL;

		while (*end && *end != '\n') {
			if (*end == ':' && !colon)
				colon = end;
			end++;
		}
		if (*end)
			*end++ = 0;
		if (!colon) {
			p = end;
			continue;
		}
		*colon = 0;
		m->path = p;
		m->ndeps = 0;
		m->state = 0;
		for (p = colon + 1; *p;) {
			while (is_space(*p))
				*p++ = 0;
			if (!*p)
				break;
			if (m->ndeps < MAX_DEPS)
				m->deps[m->ndeps++] = p;
			while (*p && !is_space(*p))
				p++;
		}
		nmods++;
		p = end;
	}
}

static int loaded(const char *path)
{
	unsigned int i;

	for (i = 0; i < nmods; i++)
		if (!strcmp(mods[i].path, path))
			return mods[i].state;
	return -1;		/* not in the list: cannot be satisfied */
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

static int load_one(const char *dir, struct module *m)
{
	char path[512], a[24];
	size_t dl = strlen(dir), pl = strlen(m->path);
	int fd, flags = 0;
	long r;

	if (dl + pl + 2 > sizeof(path))
		return -1;
	memcpy(path, dir, dl);
	path[dl] = '/';
	memcpy(path + dl + 1, m->path, pl + 1);
	if (ends_with(path, ".xz") || ends_with(path, ".zst") || ends_with(path, ".gz"))
		flags = MODULE_INIT_COMPRESSED_FILE;
	fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	r = fd < 0 ? fd : sys_call3(SYS_finit_module, fd, (long)"", flags);
	if (fd >= 0)
		sys_close(fd);
	if (r == 0 || r == -EEXIST)
		return 1;
	say("lkvm-modules: cannot load ", m->path, " (errno ", utoa((u64)-r, a), ")\n");
	return -1;
}

void modules_load(void)
{
	char uts[6 * 65], dir[128], file[160], a[24], b[24];
	unsigned int i, j, nloaded = 0, nfailed = 0;
	size_t rl;
	int progress;

	if (sys_call3(SYS_uname, uts, 0, 0))
		return;
	rl = strlen(uts + 2 * 65);
	if (rl > 64)
		return;
	memcpy(dir, "/lib/modules/", 13);
	memcpy(dir + 13, uts + 2 * 65, rl + 1);
	memcpy(file, dir, 13 + rl);
	memcpy(file + 13 + rl, "/modules.dep", 13);
	if (read_file(file, dep_file, sizeof(dep_file)) <= 0)
		return;		/* no modules in this initramfs */
	parse(dep_file);
	do {
		progress = 0;
		for (i = 0; i < nmods; i++) {
			struct module *m = &mods[i];
			int ready = 1;

			if (m->state)
				continue;
			for (j = 0; j < m->ndeps; j++) {
				int st = loaded(m->deps[j]);

				if (st < 0) {
					say("lkvm-modules: ", m->path, " needs ", m->deps[j],
					    ", which is missing or failed\n");
					m->state = -1;
					progress = 1;
					nfailed++;
				}
				if (st != 1)
					ready = 0;
				if (st < 0)
					break;
			}
			if (m->state || !ready)
				continue;
			m->state = load_one(dir, m);
			progress = 1;
			if (m->state > 0)
				nloaded++;
			else
				nfailed++;
		}
	} while (progress);
	/* A dependency cycle leaves modules pending: count them as failed. */
	for (i = 0; i < nmods; i++)
		if (!mods[i].state)
			nfailed++;
	say("lkvm-modules: loaded=", utoa(nloaded, a), " failed=", utoa(nfailed, b), "\n");
}
