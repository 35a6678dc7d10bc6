/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCH-MSI doorbell at MMIO 0x2ff00000: a device (or the guest) writes an
 * EXTIOI vector number and that vector fires once, like an edge. Only the
 * vectors the FDT gives PCH-MSI (32..255) are accepted.
 */
#include <string.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/irq.h"
#include "arch/irqchip.h"

void la_pch_msi__access(struct kvm_cpu *vcpu __unused, u64 offset, u8 *data, u32 len,
			bool is_write, void *opaque)
{
	struct la_irqchip *chip = opaque;
	u32 vec;

	if (!is_write) {
		memset(data, 0, len > 8 ? 8 : len);
		return;
	}
	/* The message is a 32-bit store of the vector at the doorbell. */
	if (offset != 0 || (len != 4 && len != 8))
		return;
	vec = get_le32(data);
	if (vec < LA_PCH_MSI_BASE_VEC || vec >= LA_PCH_MSI_BASE_VEC + LA_PCH_MSI_NUM_VECS) {
		pr_debug_ratelimited("PCH-MSI: vector %u outside %u..%u ignored", vec,
				     LA_PCH_MSI_BASE_VEC,
				     LA_PCH_MSI_BASE_VEC + LA_PCH_MSI_NUM_VECS - 1);
		return;
	}
	irq__msi(chip->kvm, vec);	/* either irqchip */
}
