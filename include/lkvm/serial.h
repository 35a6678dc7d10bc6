/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_SERIAL_H
#define LKVM_SERIAL_H

#include "lkvm/util.h"

struct kvm;
struct kvm_cpu;
struct serial8250;

/* Where transmitted bytes go; the default is the host terminal. */
typedef void (*serial_out_fn)(void *opaque, const u8 *buf, size_t len);
/* The interrupt output: called with 0/1 whenever the level changes. */
typedef void (*serial_irq_fn)(void *opaque, int level);

/* A standalone 16550A (for tests and for board code); reset state. */
struct serial8250 *serial8250__new(void);
void serial8250__free(struct serial8250 *s);
void serial8250__set_output(struct serial8250 *s, serial_out_fn fn, void *opaque);
/* NULL fn: no interrupt line (the guest polls). */
void serial8250__set_irq(struct serial8250 *s, serial_irq_fn fn, void *opaque);
/*
 * Feed received bytes; returns how many fitted in the receive FIFO. The
 * caller keeps the rest and offers them again later (flow control rather
 * than loss). Safe from any thread.
 */
size_t serial8250__receive(struct serial8250 *s, const u8 *buf, size_t len);
/* Current interrupt output level (0/1). */
int serial8250__irq_level(struct serial8250 *s);

/*
 * MMIO handler: opaque is the struct serial8250. Byte registers at
 * offsets 0-7; a wider access acts on the byte at its offset.
 */
void serial8250__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		      bool is_write, void *opaque);

/*
 * The board's UART0 at LA_UART0_BASE: registers its MMIO region and FDT
 * node (also /chosen/stdout-path), and takes terminal input when the
 * console is the serial port.
 */
int serial8250__init(struct kvm *kvm);
void serial8250__exit(struct kvm *kvm);
/* UART0, or NULL before serial8250__init (the interrupt code wires it). */
struct serial8250 *serial8250__uart0(void);

#endif
