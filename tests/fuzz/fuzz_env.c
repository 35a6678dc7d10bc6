/* SPDX-License-Identifier: GPL-2.0-only */
/* Stand-ins for the VM services the fuzzed code calls. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include "lkvm/irq.h"
#include "lkvm/kvm.h"

void irq__line_set(struct kvm *kvm, unsigned int pin, bool level)
{
	(void)kvm;
	(void)pin;
	(void)level;
}

/*
 * Cut the fuzz input into n heap buffers: one length byte each at
 * data[lens..lens + n), the contents from data[lens + n] on, in order
 * (lengths clipped to what is left). Each buffer is its own heap block,
 * so ASan sees any access past it; fuzz__iov_free gives them back.
 */
void fuzz__iov(const u8 *data, size_t size, size_t lens, unsigned int n, struct iovec *iov)
{
	size_t pos = lens + n;

	for (unsigned int i = 0; i < n; i++) {
		size_t len = data[lens + i];

		if (len > size - pos)
			len = size - pos;
		iov[i].iov_base = malloc(len ? len : 1);
		iov[i].iov_len = len;
		memcpy(iov[i].iov_base, data + pos, len);
		pos += len;
	}
}

void fuzz__iov_free(struct iovec *iov, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		free(iov[i].iov_base);
}
