/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest RAM layout: the first 256 MiB at 0 (below the MMIO devices), the
 * rest at LA_HIGHRAM_BASE, as on QEMU's LoongArch "virt" board.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "arch/memmap.h"

int kvm__arch_layout_ram(u64 ram_size, struct kvm_mem_bank *banks, int *nr_banks)
{
	u64 low;

	/*
	 * The guest always reserves [0, 2 MiB) for the boot structures and
	 * loads its image above; 16 MiB leaves room for a small kernel, and
	 * the loader reports precisely when a given kernel does not fit.
	 */
	if (ram_size < LA_RAM_MIN) {
		pr_err("-m %llu MiB is too small: LoongArch guests need at least %llu MiB",
		       (unsigned long long)(ram_size >> 20),
		       (unsigned long long)(LA_RAM_MIN >> 20));
		return -EINVAL;
	}
	if (ram_size > LA_RAM_MAX) {
		pr_err("-m %llu MiB is too large: at most %llu MiB is supported",
		       (unsigned long long)(ram_size >> 20),
		       (unsigned long long)(LA_RAM_MAX >> 20));
		return -EINVAL;
	}
	/* 64 KiB is the largest guest page size; /memory must cover pages. */
	if (ram_size & (LA_RAM_ALIGN - 1)) {
		pr_err("-m %llu bytes is not a multiple of 64 KiB: use e.g. %lluM",
		       (unsigned long long)ram_size,
		       (unsigned long long)((ram_size + SZ_1M - 1) >> 20));
		return -EINVAL;
	}

	memset(banks, 0, sizeof(*banks) * 2);
	low = ram_size < LA_LOWRAM_SIZE ? ram_size : LA_LOWRAM_SIZE;
	banks[0].gpa = LA_LOWRAM_BASE;
	banks[0].size = low;
	*nr_banks = 1;
	if (ram_size > low) {
		banks[1].gpa = LA_HIGHRAM_BASE;
		banks[1].size = ram_size - low;
		*nr_banks = 2;
	}
	return 0;
}
