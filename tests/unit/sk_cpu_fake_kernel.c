/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-only stand-in for the softkvm kernel side: one or two RAM slots in
 * a static VM, a counter the test can set, and a fake host clock.
 */
#include <stdlib.h>
#include <string.h>
#include "sk_cpu_fake_kernel.h"

struct sk_vm fake_vm;
uint64_t fake_counter;
uint64_t fake_ns;

uint8_t *sk_vm_gpa_to_hva(struct sk_vm *vm, uint64_t gpa, uint64_t len, bool write)
{
	for (int i = 0; i < SK_MAX_SLOTS; i++) {
		struct sk_memslot *s = &vm->slots[i];

		if (!s->used || gpa < s->gpa || len > s->size ||
		    gpa - s->gpa > s->size - len)
			continue;
		if (write && (s->flags & KVM_MEM_READONLY))
			return NULL;
		return s->hva + (gpa - s->gpa);
	}
	return NULL;
}

uint64_t sk_vm_counter(struct sk_vm *vm)
{
	(void)vm;
	return fake_counter;
}

uint64_t sk_host_ns(void)
{
	return fake_ns;
}

void fake_vm_add_slot(int idx, uint64_t gpa, uint8_t *hva, uint64_t size, uint32_t flags)
{
	fake_vm.slots[idx] = (struct sk_memslot){
		.gpa = gpa, .size = size, .hva = hva, .flags = flags,
		.slot = (uint32_t)idx, .used = true,
	};
}

uint8_t *fake_cpu_env(struct sk_vcpu *vcpu, struct kvm_run *run, size_t ram_size)
{
	uint8_t *ram;

	memset(&fake_vm, 0, sizeof(fake_vm));
	ram = calloc(1, ram_size);
	if (!ram)
		abort();
	fake_vm_add_slot(0, 0, ram, ram_size, 0);
	memset(vcpu, 0, sizeof(*vcpu));
	memset(run, 0, sizeof(*run));
	vcpu->vm = &fake_vm;
	vcpu->run = run;
	sk_cpu_init(&vcpu->cpu, vcpu, 0);
	return ram;
}
