/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IOCSR misc registers at IOCSR 0x0-0x427: VERSION, FEATURES, VENDOR,
 * CPUNAME, NODECNT and MISC_FUNC. The guest reads FEATURES (IOCSRF_VM makes
 * it look for PV features) and sets EXT_IOI_EN in MISC_FUNC.
 */
#include <errno.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/io.h"
#include "arch/memmap.h"
#include "arch/iocsr-misc.h"

/* Byte b of the 64-bit register block at offset off (b in 0..7). */
static u8 misc_reg_byte(struct kvm *kvm, u64 off)
{
	u64 reg = ALIGN_DOWN(off, 8);
	unsigned int shift = (unsigned int)(off - reg) * 8;
	u64 val;

	switch (reg) {
	case LA_IOCSR_VERSION:
		val = LA_IOCSR_VERSION_VAL;
		break;
	case LA_IOCSR_FEATURES:
		val = LA_IOCSR_FEATURES_VAL;
		break;
	case LA_IOCSR_VENDOR:
		val = get_le64(LA_IOCSR_VENDOR_STR);
		break;
	case LA_IOCSR_CPUNAME: {
		u8 name[8] = { 0 };

		memcpy(name, LA_IOCSR_CPUNAME_STR, strlen(LA_IOCSR_CPUNAME_STR));
		val = get_le64(name);
		break;
	}
	case LA_IOCSR_MISC_FUNC:
		val = __atomic_load_n(&kvm->arch.misc_func, __ATOMIC_ACQUIRE);
		break;
	default:
		/* NODECNT (a node counter not advertised in FEATURES) and holes. */
		val = 0;
		break;
	}
	return (u8)(val >> shift);
}

/* Only MISC_FUNC is writable; vCPUs may race, so update it atomically. */
static void misc_func_write(struct kvm *kvm, u64 off, const u8 *data, u32 len)
{
	u64 mask = 0, bits = 0, old, new;
	u32 i;

	for (i = 0; i < len; i++) {
		u64 b = off + i;

		if (b < LA_IOCSR_MISC_FUNC || b >= LA_IOCSR_MISC_FUNC + 8)
			continue;
		mask |= 0xffULL << ((b - LA_IOCSR_MISC_FUNC) * 8);
		bits |= (u64)data[i] << ((b - LA_IOCSR_MISC_FUNC) * 8);
	}
	if (!mask)
		return;
	old = __atomic_load_n(&kvm->arch.misc_func, __ATOMIC_RELAXED);
	do {
		new = (old & ~mask) | bits;
	} while (!__atomic_compare_exchange_n(&kvm->arch.misc_func, &old, new, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
}

void la_iocsr_misc__access(struct kvm_cpu *vcpu __unused, u64 offset, u8 *data,
			   u32 len, bool is_write, void *opaque)
{
	struct kvm *kvm = opaque;
	u32 i;

	if (len > 8 || offset >= LA_IOCSR_MISC_SIZE || len > LA_IOCSR_MISC_SIZE - offset) {
		if (!is_write)
			memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	if (is_write) {
		misc_func_write(kvm, offset, data, len);
		return;
	}
	for (i = 0; i < len; i++)
		data[i] = misc_reg_byte(kvm, offset + i);
}

int la_iocsr_misc__init(struct kvm *kvm)
{
	__atomic_store_n(&kvm->arch.misc_func, 0, __ATOMIC_RELEASE);
	return io_space__register(&kvm->arch.iocsr, LA_IOCSR_MISC_BASE, LA_IOCSR_MISC_SIZE,
				  la_iocsr_misc__access, kvm, "iocsr-misc");
}
