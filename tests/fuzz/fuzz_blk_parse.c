/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the virtio-blk request parser. Input: byte 0 = number
 * of readable buffers (0-7), byte 1 = writable ones (0-7), then one
 * length byte per buffer; the remaining bytes are cut into the buffers in
 * order (lengths clipped to what is left). Each buffer is its own heap
 * block, so ASan sees any access past a buffer; the parsed view is then
 * checked against the buffers it must lie in.
 */
#include <stdlib.h>
#include <string.h>
#include "lkvm/virtio-blk.h"
#include "fuzz_env.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct iovec iov[14], orig[14];
	struct virtio_blk_req_view v;
	unsigned int nr_ro, nr_wo, n;
	size_t pos;
	static volatile u8 sink;

	if (size < 2)
		return 0;
	nr_ro = data[0] & 7;
	nr_wo = data[1] & 7;
	n = nr_ro + nr_wo;
	if (size < 2 + n)
		return 0;
	fuzz__iov(data, size, 2, n, iov);
	memcpy(orig, iov, sizeof(iov[0]) * n);

	if (virtio_blk__parse(iov, nr_ro, nr_wo, &v) == 0 || v.status) {
		if (v.status)
			*v.status = 0;
		for (unsigned int i = 0; i < v.nr_data; i++) {
			const u8 *p = v.data[i].iov_base;

			for (size_t j = 0; j < v.data[i].iov_len; j++)
				sink ^= p[j];
		}
	}
	if (v.data && (v.data < iov || v.data + v.nr_data > iov + n))
		__builtin_trap();
	fuzz__iov_free(orig, n);
	return 0;
}
