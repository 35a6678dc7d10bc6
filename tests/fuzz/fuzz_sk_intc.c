// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the guest-facing register paths of softkvm's
 * in-kernel IPI, EIOINTC and PCH-PIC (kernel=7.2), plus the VMM-facing
 * attribute and interrupt ioctls that set their state. Each input builds
 * a fresh VM with 4 vCPUs (CPUIDs 0-3) and the three devices, then plays
 * 16-byte records:
 *   op: 0-3 IOCSR read/write as vCPU cpu&3 (addr from the IPI/EIOINTC
 *       windows or anywhere), 4-5 PCH-PIC MMIO read/write, 6 KVM_IRQ_LINE,
 *   7 KVM_SIGNAL_MSI, 8 device attribute set, 9 get, 10 KVM_SET_GSI_ROUTING
 *       of one entry.
 * ASan/UBSan check every access the guest and the VMM can reach.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../unit/softkvm-test-util.h"
#include "../../softkvm/intc/intc.h"

#define NCPU	4
#define PIC	0x10000000ULL
#define CSR_CPUID	(0x9030000000010000ULL | (0x20ULL << 3))

struct rec {
	uint8_t op, cpu, len, dev;
	uint32_t addr;
	uint64_t val;
} __attribute__((packed));

static const uint32_t types[3] = { KVM_DEV_TYPE_LOONGARCH_IPI, KVM_DEV_TYPE_LOONGARCH_EIOINTC,
				   KVM_DEV_TYPE_LOONGARCH_PCHPIC };
static const uint32_t groups[6] = {
	KVM_DEV_LOONGARCH_IPI_GRP_REGS, KVM_DEV_LOONGARCH_EXTIOI_GRP_REGS,
	KVM_DEV_LOONGARCH_EXTIOI_GRP_SW_STATUS, KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
	KVM_DEV_LOONGARCH_PCH_PIC_GRP_REGS, KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
};

static int sys, vm, vcpu[NCPU], dev[3];
static struct sk_vcpu *sv[NCPU], *created;

/* The sk_cpu contract, reduced to what the devices' side needs. */
void sk_cpu_init(struct sk_cpu *cpu, struct sk_vcpu *v, int id)
{
	(void)id;
	memset(cpu, 0, sizeof(*cpu));
	cpu->vcpu = v;
	created = v;
}

void sk_cpu_destroy(struct sk_cpu *cpu) { (void)cpu; }
enum sk_stop sk_cpu_run(struct sk_cpu *cpu, struct kvm_run *run, uint32_t *code)
{
	(void)cpu;
	(void)code;
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	return SK_STOP_ERROR;
}
void sk_cpu_complete_exit(struct sk_cpu *cpu, struct kvm_run *run) { (void)cpu; (void)run; }
bool sk_cpu_irq_pending(struct sk_cpu *cpu) { return atomic_load(&cpu->irq_lines) != 0; }
uint64_t sk_cpu_csr_get(struct sk_cpu *cpu, unsigned int csr) { return cpu->csr[csr]; }
void sk_cpu_csr_set(struct sk_cpu *cpu, unsigned int csr, uint64_t val) { cpu->csr[csr] = val; }
void sk_cpu_flush(struct sk_cpu *cpu) { (void)cpu; }
void sk_cpu_timer_shift(struct sk_cpu *cpu, int64_t delta) { (void)cpu; (void)delta; }
void sk_cpu_raise_ine(struct sk_cpu *cpu) { (void)cpu; }

static int up(void)
{
	be = softkvm__backend();
	if (be->configure("kernel", "7.2"))
		return -1;
	sys = t_sys();
	vm = t_vm(sys);
	for (int i = 0; i < NCPU; i++) {
		vcpu[i] = t_vcpu(vm, i);
		sv[i] = created;
		if (vcpu[i] < 0 || t_set_reg(vcpu[i], CSR_CPUID, (uint64_t)i))
			return -1;
	}
	for (int i = 0; i < 3; i++) {
		struct kvm_create_device cd = { .type = types[i] };

		if (t_ioctl(vm, KVM_CREATE_DEVICE, &cd))
			return -1;
		dev[i] = (int)cd.fd;
	}
	return 0;
}

static void down(void)
{
	for (int i = 0; i < 3; i++)
		be->close(dev[i]);
	for (int i = 0; i < NCPU; i++)
		be->close(vcpu[i]);
	be->close(vm);
	be->close(sys);
}

/* Addresses a guest would use most of the time, or any at all. */
static uint64_t iocsr_addr(uint32_t a)
{
	switch (a >> 30) {
	case 0:
		return SK_IPI_BASE + (a % (SK_IPI_SIZE + 8));
	case 1:
		return SK_EIOINTC_BASE + (a % (SK_EIOINTC_SIZE + 8));
	case 2:
		return SK_EIOINTC_VIRT_BASE + (a % 16);
	default:
		return a;
	}
}

static void play(const struct rec *r)
{
	static const int lens[4] = { 1, 2, 4, 8 };
	int len = lens[r->len & 3];
	uint8_t d[8];
	uint64_t v = r->val;

	memcpy(d, &r->val, 8);
	switch (r->op % 11) {
	case 0: case 1: case 2: case 3:
		sk_intc_iocsr_access(sv[r->cpu % NCPU], iocsr_addr(r->addr), len, r->op & 1, d, 0);
		break;
	case 4: case 5: {
		struct kvm_run run = { .exit_reason = KVM_EXIT_MMIO };

		run.mmio.phys_addr = PIC + (r->addr % (SK_PCH_PIC_SIZE + 8)) - (r->cpu & 4);
		run.mmio.len = (uint32_t)len;
		run.mmio.is_write = r->op & 1;
		memcpy(run.mmio.data, d, 8);
		sk_intc_mmio(sv[r->cpu % NCPU], &run);
		break;
	}
	case 6: {
		struct kvm_irq_level l = { .irq = r->addr % 200, .level = (uint32_t)v & 1 };

		t_ioctl(vm, (r->cpu & 1) ? KVM_IRQ_LINE_STATUS : KVM_IRQ_LINE, &l);
		break;
	}
	case 7: {
		struct kvm_msi m = { .data = r->addr, .flags = r->cpu & 1 };

		t_ioctl(vm, KVM_SIGNAL_MSI, &m);
		break;
	}
	case 8: case 9: {
		struct kvm_device_attr a = {
			.group = groups[r->dev % 6], .attr = (r->cpu & 2) ? r->addr :
				 (uint64_t)(r->addr & 0x3ffff), .addr = (uint64_t)(uintptr_t)&v,
		};

		/* PCH-PIC CTRL_INIT moves the window; keep it where the records aim. */
		if (a.group == KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL)
			v = PIC;
		t_ioctl(dev[r->dev % 3], (r->op & 1) ? KVM_GET_DEVICE_ATTR : KVM_SET_DEVICE_ATTR, &a);
		break;
	}
	default: {
		uint64_t buf[(sizeof(struct kvm_irq_routing) +
			      sizeof(struct kvm_irq_routing_entry)) / 8 + 1] = { 0 };
		struct kvm_irq_routing *u = (struct kvm_irq_routing *)buf;
		struct kvm_irq_routing_entry *e = &u->entries[0];

		u->nr = 1;
		e->gsi = r->addr % 300;
		e->type = 1 + (r->cpu & 1);
		if (e->type == KVM_IRQ_ROUTING_IRQCHIP)
			e->u.irqchip.pin = (uint32_t)v % 70;
		else
			e->u.msi.data = (uint32_t)v;
		t_ioctl(vm, KVM_SET_GSI_ROUTING, u);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec r;

	if (up()) {
		down();
		return 0;
	}
	for (size_t off = 0; off + sizeof(r) <= size && off < 512 * sizeof(r); off += sizeof(r)) {
		memcpy(&r, data + off, sizeof(r));
		play(&r);
	}
	down();
	return 0;
}
