/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the 9P2000.L handler (virtio/9p-proto.c) on a scratch
 * share. Input: byte 0 bit 0 = the share is ro; then chunks of flags[1]
 * len[2] bytes[len], each one request (flags bit 0: fix its size field,
 * so that most requests get past the header). Every run starts with
 * Tversion and Tattach (fid 0) so deeper requests are reached; the reply
 * must be well formed and no file may appear outside the share.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lkvm/p9.h"

static char top[64], share[96];
static u8 msg[P9_MAX_MSIZE], rep[P9_MAX_MSIZE];
static unsigned long runs;

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd))
		fprintf(stderr, "fuzz_p9: cannot remove %s\n", top);
}

static void fresh_tree(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/d/e' && echo hi >'%s/f' && "
		 "ln -s .. '%s/up' && ln -s / '%s/abs'", share, share, share, share, share);
	if (system(cmd))
		abort();
}

static size_t send(struct p9_server *s, const u8 *m, size_t n, size_t cap)
{
	size_t r = p9__handle(s, m, n, rep, cap);

	if (r && (r < P9_HDR || r > cap || get_le32(rep) != r || !(rep[4] & 1)))
		__builtin_trap();
	return r;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 version[] = { 19, 0, 0, 0, P9_TVERSION, 0, 0, 0, 0, 1, 0,
				      8, 0, '9', 'P', '2', '0', '0', '0', '.', 'L' };
	static const u8 attach[] = { 19, 0, 0, 0, P9_TATTACH, 1, 0, 0, 0, 0, 0,
				     0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct p9_server *s;
	size_t pos = 1;

	if (!top[0]) {
		strcpy(top, "/tmp/lkvm-fuzz-p9.XXXXXX");
		if (!mkdtemp(top))
			abort();
		snprintf(share, sizeof(share), "%s/share", top);
		fresh_tree();
		atexit(cleanup);
	}
	if (++runs % 2000 == 0)
		fresh_tree();
	if (size < 1)
		return 0;
	s = p9__new(share, data[0] & 1);
	if (!s)
		abort();
	send(s, version, sizeof(version), sizeof(rep));
	send(s, attach, sizeof(attach) - 4, sizeof(rep));
	while (pos + 3 <= size) {
		u8 flags = data[pos];
		size_t n = get_le16(data + pos + 1);

		pos += 3;
		if (n > size - pos)
			n = size - pos;
		memcpy(msg, data + pos, n);
		pos += n;
		if ((flags & 1) && n >= 4)
			put_le32(msg, (u32)n);
		/* Sometimes little room for the reply. */
		send(s, msg, n, flags & 2 ? 64 : sizeof(rep));
	}
	p9__free(s);
	/* Only share/ may exist in top/: nothing was made outside the share. */
	{
		DIR *d = opendir(top);
		struct dirent *e;
		int n = 0;

		while (d && (e = readdir(d)))
			n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
		if (d)
			closedir(d);
		if (n != 1)
			__builtin_trap();
	}
	return 0;
}
