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

/* The usual 16550 input clock (1.8432 MHz), for a UART without a board. */
#define SERIAL8250_DEFAULT_CLOCK	1843200

/* A standalone 16550A with its input clock in Hz; reset state. */
struct serial8250 *serial8250__new_clock(u32 clock);
struct serial8250 *serial8250__new(void);	/* the default clock */
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
/* A break and then key (the guest's SysRq); -EBUSY unless no input is pending. */
int serial8250__sysrq(struct serial8250 *s, u8 key);

/*
 * MMIO handler: opaque is the struct serial8250. Byte registers at
 * offsets 0-7; a wider access acts on the byte at its offset.
 */
void serial8250__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		      bool is_write, void *opaque);

struct dev_desc;

/*
 * The board's console UART at d with an input clock of clock Hz: its MMIO
 * region and FDT node (also /chosen/stdout-path), and terminal input when
 * the console is the serial port. d must outlive the VM (the board's).
 */
int serial8250__init(struct kvm *kvm, const struct dev_desc *d, u32 clock);
void serial8250__exit(struct kvm *kvm);
/* That UART, or NULL before serial8250__init. */
struct serial8250 *serial8250__uart0(struct kvm *kvm);

#endif
