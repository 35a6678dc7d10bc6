/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lkvm test device: lets a guest end the run with an exit status and
 * time its boot (register map in include/lkvm/testdev.h).
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "lkvm/ratelimit.h"
#include "lkvm/device.h"
#include "lkvm/kvm.h"
#include "lkvm/testdev.h"

static struct timespec testdev_start;

/* Taken as the program is loaded, the closest we get to process start. */
__attribute__((constructor)) static void testdev__capture_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &testdev_start);
}

void testdev__set_start(const struct timespec *ts)
{
	testdev_start = *ts;
}

double testdev__ms_since_start(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - testdev_start.tv_sec) * 1e3 +
	       (double)(now.tv_nsec - testdev_start.tv_nsec) / 1e6;
}

void testdev__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		   bool is_write, void *opaque)
{
	struct kvm *kvm = opaque;
	u32 val;

	(void)vcpu;
	if (!is_write) {
		memset(data, 0, len);
		/* Only aligned 32-bit or wider reads see a register. */
		if (len < 4 || (offset & 3))
			return;
		if (offset == TESTDEV_ID)
			put_le32(data, TESTDEV_MAGIC);
		else if (offset == TESTDEV_VER)
			put_le32(data, TESTDEV_VERSION);
		return;
	}

	/* Narrower writes are not a register write: drop them. */
	if (len < 4 || (offset & 3))
		return;
	val = get_le32(data);
	switch (offset) {
	case TESTDEV_EXIT:
		pr_debug_ratelimited("testdev: guest exit code %u", val & 0xff);
		kvm__request_stop(kvm, STOP_GUEST_CODE, (int)(val & 0xff));
		break;
	case TESTDEV_MARK:
		if (val == TESTDEV_BOOT_MARK)
			pr_info_ratelimited("guest boot mark at %.3f ms since start",
					    testdev__ms_since_start());
		break;
	}
}

static int testdev__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	int node;

	(void)kvm;
	node = fdt__add_dev_node(fdt, "testdev", "lkvm,testdev", opaque);
	return node < 0 ? fdt__fail("the test device", node) : 0;
}

int testdev__init(struct kvm *kvm, const struct dev_desc *d)
{
	return dev__register_mmio(kvm, d, "test device", "testdev", testdev__mmio, kvm, testdev__fdt);
}
