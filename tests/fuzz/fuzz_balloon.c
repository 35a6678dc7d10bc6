/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the balloon's inflate parser (virtio_balloon__inflate)
 * on page-number arrays cut into up to 8 buffers (byte 0: how many, then
 * one length byte each; the rest is the data), over a 256 KiB guest RAM
 * at GPA 0x10000 so that numbers below, inside and above RAM all occur.
 * Each buffer is its own heap block; a page outside RAM must never be
 * discarded, which the canary page after RAM checks.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "lkvm/kvm.h"
#include "lkvm/virtio-balloon.h"
#include "fuzz_env.h"

#define RAM_GPA		0x10000ULL
#define RAM_SIZE	0x40000ULL

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct kvm kvm;
	static struct virtio_balloon *b;
	static u8 *map;
	struct iovec iov[8];
	unsigned int n;

	if (!b) {
		/* RAM, then one canary page that must keep its contents. */
		map = mmap(NULL, RAM_SIZE + 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED)
			abort();
		kvm.ram = map;
		kvm.ram_size = RAM_SIZE;
		kvm.banks[0] = (struct kvm_mem_bank){ RAM_GPA, RAM_SIZE, map };
		kvm.nr_banks = 1;
		b = virtio_balloon__new(&kvm);
	}
	map[RAM_SIZE] = 0x5a;
	if (size < 1)
		return 0;
	n = data[0] & 7;
	if (size < 1 + n)
		return 0;
	fuzz__iov(data, size, 1, n, iov);
	if (virtio_balloon__inflate(b, iov, n) < 0 || map[RAM_SIZE] != 0x5a)
		__builtin_trap();
	fuzz__iov_free(iov, n);
	return 0;
}
