/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: what the control thread does with a client's bytes
 * (ctl.c ctl__serve), without the socket: the 8-byte header, then the
 * payload it announces (clipped to what the input holds) validated,
 * looked up and printed as JSON. Also as a reply, as the clients parse it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/ctl.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static FILE *null;
	struct ctl_hdr h;
	char v[64];
	u64 n;

	if (!null)
		null = fopen("/dev/null", "w");
	if (size < CTL_HDR_SIZE)
		return 0;
	for (int reply = 0; reply < 2; reply++) {
		size_t len;
		const char *p = (const char *)data + CTL_HDR_SIZE;
		char *copy;

		if (ctl__parse_hdr(data, reply ? CTL_REPLY_MAX : CTL_REQ_MAX, reply, &h))
			continue;
		len = h.len < size - CTL_HDR_SIZE ? h.len : size - CTL_HDR_SIZE;
		/* An exact-size heap copy: ASan sees any read past the payload. */
		copy = malloc(len ? len : 1);
		memcpy(copy, p, len);
		if (ctl__validate(copy, len, 64) >= 0) {
			ctl__get(copy, len, "sysrq", v, sizeof(v));
			ctl__get_u64(copy, len, "inflate_mib", &n);
			ctl__get_u64(copy, len, "dump", &n);
			if (null)
				ctl__print_json(null, copy, len);
		}
		free(copy);
	}
	return 0;
}
