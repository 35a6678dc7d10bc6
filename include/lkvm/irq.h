/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_IRQ_H
#define LKVM_IRQ_H

#include "lkvm/util.h"

struct kvm;

/*
 * Device interrupt lines: inputs of the PCH-PIC (pins 0..31), routed by the
 * guest-programmed PCH-PIC and EXTIOI to a vCPU's HWI line. Safe to call
 * from any thread. Level semantics follow the line; pulse is a rising edge
 * followed by a fall, for edge-triggered pins.
 */
void irq__line_raise(struct kvm *kvm, unsigned int pin);
void irq__line_lower(struct kvm *kvm, unsigned int pin);
void irq__line_set(struct kvm *kvm, unsigned int pin, bool level);
void irq__line_pulse(struct kvm *kvm, unsigned int pin);

/*
 * Where the backend can raise an edge on pin without lkvm in the way (KVM's
 * irqfd with an in-kernel irqchip): an eventfd the caller owns, a write of
 * which pulses the pin; else -errno. For edge-triggered pins only.
 */
int irq__edge_fd(struct kvm *kvm, unsigned int pin);

/* Message-signalled interrupt: raise EXTIOI vector (32..255) as PCH-MSI does. */
void irq__msi(struct kvm *kvm, u32 vector);

/* A PCH-PIC pin no other device uses (for virtio-mmio devices); -ENOSPC when none. */
int irq__alloc_pin(struct kvm *kvm);

#endif
