/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the split-virtqueue walker over guest RAM the fuzzer
 * writes. Input: byte 0 picks the queue size (any value, including bad
 * ones), byte 1 the negotiated features; the rest is the start of a
 * 64 KiB guest RAM at GPA 0x1000 holding the rings back to back
 * (descriptors, then the available ring, then the used ring) and buffers. Every chain popped is pushed back; ASan checks that
 * the walker and the push stay inside RAM and inside its iov array.
 */
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/virtio.h"

#define RAM	0x10000

static u8 ram[RAM] __attribute__((aligned(4096)));
static struct kvm kvm;

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct virt_queue vq;
	struct iovec iov[16];
	struct virtq_chain c = { .iov = iov, .max_iov = 16 };

	if (size < 2)
		return 0;
	memset(ram, 0, RAM);
	memcpy(ram, data + 2, size - 2 < RAM ? size - 2 : RAM);
	kvm.banks[0] = (struct kvm_mem_bank){ 0x1000, RAM, ram };	/* GPA 0 is not RAM */
	kvm.nr_banks = 1;

	virtq__reset(&vq);
	vq.num = (u16)(data[0] < 16 ? 1u << (data[0] & 15) : data[0]);
	vq.desc_gpa = 0x1000;
	vq.avail_gpa = vq.desc_gpa + 16ULL * vq.num;
	vq.used_gpa = ALIGN_UP(vq.avail_gpa + 6 + 2ULL * vq.num, 4ULL);
	if (virtq__init(&vq, &kvm, data[1] & 1, data[1] & 2))
		return 0;
	for (int n = 0; n < 300; n++) {
		int r = virtq__pop(&vq, &c);

		if (r <= 0)
			break;
		/* Touch every buffer as a device would. */
		for (unsigned int i = 0; i < c.nr_ro + c.nr_wo; i++) {
			volatile u8 *p = iov[i].iov_base;

			(void)p[0];
			(void)p[iov[i].iov_len - 1];
		}
		virtq__push(&vq, c.head, (u32)c.wo_len);
		(void)virtq__should_signal(&vq);
		(void)virtq__enable_notify(&vq);
	}
	return 0;
}
