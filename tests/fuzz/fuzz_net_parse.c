/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: virtio-net's frame parsers. Input: byte 0 = number of
 * buffers (1-8), then one length byte per buffer (times 8, so frames up
 * to the cap are reached); the rest fills the buffers in order. Each
 * buffer is its own heap block (ASan sees any access past one). The chain
 * is parsed as a transmit chain into a buffer of a fuzzed size, then used
 * as a receive chain for the frame it yielded.
 */
#include <stdlib.h>
#include <string.h>
#include "lkvm/virtio-net.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct iovec iov[8];
	unsigned int n;
	size_t pos, cap;
	u8 *out;
	int len;

	if (size < 3)
		return 0;
	n = (data[0] & 7) + 1;
	cap = (size_t)data[1] * 64;
	if (size < 2 + n)
		return 0;
	pos = 2 + n;
	for (unsigned int i = 0; i < n; i++) {
		size_t l = (size_t)data[2 + i] * 8;

		iov[i].iov_base = malloc(l ? l : 1);
		iov[i].iov_len = l;
		memset(iov[i].iov_base, 0, l ? l : 1);
		if (pos < size) {
			size_t c = l < size - pos ? l : size - pos;

			memcpy(iov[i].iov_base, data + pos, c);
			pos += c;
		}
	}
	out = malloc(cap ? cap : 1);
	len = virtio_net__tx_frame(iov, n, out, cap);
	if (len > (int)cap || (len < 0 && len != -22))
		__builtin_trap();
	if (len >= 0) {
		u32 used = virtio_net__rx_fill(iov, n, out, (size_t)len);

		if (used && used != (u32)len + VIRTIO_NET_HDR_SIZE)
			__builtin_trap();
	}
	free(out);
	for (unsigned int i = 0; i < n; i++)
		free(iov[i].iov_base);
	return 0;
}
