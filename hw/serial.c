/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A 16550A UART with byte-wide registers (reg-shift 0), as on the virt
 * board: enough for Linux's 8250 driver (probe, polled and interrupt
 * driven) and for bare-metal polled output. Register semantics follow the
 * National Semiconductor PC16550D data sheet.
 *
 * Transmission is instantaneous: THR and the shift register are always
 * empty again by the time the guest looks, so LSR.THRE/TEMT stay set.
 * Received bytes wait in a 16-byte FIFO (1 byte with FIFOs disabled);
 * the terminal holds back what does not fit.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "lkvm/device.h"
#include "lkvm/irq.h"
#include "lkvm/kvm.h"
#include "lkvm/serial.h"
#include "lkvm/term.h"

/* Register offsets. */
#define UART_RBR	0	/* R: receive buffer; W: THR; DLAB: DLL */
#define UART_IER	1	/* DLAB: DLM */
#define UART_IIR	2	/* R: interrupt identification; W: FCR */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7
#define UART_NR_REGS	8

#define IER_RDI		0x01	/* receive data available */
#define IER_THRI	0x02	/* THR empty */
#define IER_RLSI	0x04	/* receiver line status */
#define IER_MSI		0x08	/* modem status */
#define IER_MASK	0x0f

#define IIR_NO_INT	0x01
#define IIR_MSI		0x00
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_RLSI	0x06
#define IIR_CTI		0x0c	/* character timeout */
#define IIR_FIFO_ON	0xc0

#define FCR_ENABLE	0x01
#define FCR_CLEAR_RX	0x02
#define FCR_CLEAR_TX	0x04
#define FCR_TRIGGER(f)	(((f) >> 6) & 3)

#define LCR_DLAB	0x80

#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define MCR_MASK	0x1f

#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_PE		0x04
#define LSR_FE		0x08
#define LSR_BI		0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define LSR_ERRORS	(LSR_OE | LSR_PE | LSR_FE | LSR_BI)

#define MSR_DCTS	0x01
#define MSR_DDSR	0x02
#define MSR_TERI	0x04
#define MSR_DDCD	0x08
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80
#define MSR_DELTAS	0x0f

#define RX_FIFO_SIZE	16

struct serial8250 {
	pthread_mutex_t lock;
	u32 clock;		/* input clock, Hz: sets the reset divisor */
	u8 ier, fcr, lcr, mcr, lsr, msr, scr;
	u8 dll, dlm;
	bool thri_pending;	/* THR-empty interrupt not yet acknowledged */
	u8 rx[RX_FIFO_SIZE];
	unsigned int rx_head, rx_count;
	int sysrq_key;		/* received after the break byte is read; -1: none */
	int irq_level;

	serial_out_fn out;
	void *out_opaque;
	serial_irq_fn irq;
	void *irq_opaque;
};

static void serial8250__term_out(void *opaque, const u8 *buf, size_t len)
{
	(void)opaque;
	term__write(buf, len);
}

static void serial8250__reset(struct serial8250 *s)
{
	s->ier = s->fcr = s->lcr = s->mcr = s->scr = 0;
	s->lsr = LSR_THRE | LSR_TEMT;
	/* Outside loopback the modem lines read as a connected peer. */
	s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
	/* 115200 baud at the board's clock: what firmware would leave. */
	s->dll = (u8)(s->clock / 16 / 115200);
	s->dlm = (u8)((s->clock / 16 / 115200) >> 8);
	s->thri_pending = false;
	s->rx_head = s->rx_count = 0;
	s->sysrq_key = -1;
	s->irq_level = 0;
}

struct serial8250 *serial8250__new_clock(u32 clock)
{
	struct serial8250 *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->clock = clock;
	pthread_mutex_init(&s->lock, NULL);
	serial8250__reset(s);
	s->out = serial8250__term_out;
	return s;
}

struct serial8250 *serial8250__new(void)
{
	return serial8250__new_clock(SERIAL8250_DEFAULT_CLOCK);
}

void serial8250__free(struct serial8250 *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void serial8250__set_output(struct serial8250 *s, serial_out_fn fn, void *opaque)
{
	pthread_mutex_lock(&s->lock);
	s->out = fn;
	s->out_opaque = opaque;
	pthread_mutex_unlock(&s->lock);
}

void serial8250__set_irq(struct serial8250 *s, serial_irq_fn fn, void *opaque)
{
	pthread_mutex_lock(&s->lock);
	s->irq = fn;
	s->irq_opaque = opaque;
	/* Tell a newly connected line where it stands. */
	if (fn)
		fn(opaque, s->irq_level);
	pthread_mutex_unlock(&s->lock);
}

static unsigned int serial8250__rx_cap(const struct serial8250 *s)
{
	return (s->fcr & FCR_ENABLE) ? RX_FIFO_SIZE : 1;
}

static unsigned int serial8250__rx_trigger(const struct serial8250 *s)
{
	static const unsigned int levels[4] = { 1, 4, 8, 14 };

	return (s->fcr & FCR_ENABLE) ? levels[FCR_TRIGGER(s->fcr)] : 1;
}

/* The highest-priority pending interrupt, as IIR bits 0-3. */
static u8 serial8250__iir_id(const struct serial8250 *s)
{
	if ((s->ier & IER_RLSI) && (s->lsr & LSR_ERRORS))
		return IIR_RLSI;
	if ((s->ier & IER_RDI) && s->rx_count) {
		/*
		 * Below the trigger level real hardware waits four character
		 * times before a timeout interrupt; there is no line to wait
		 * for here, so it is reported at once.
		 */
		return s->rx_count >= serial8250__rx_trigger(s) ? IIR_RDI : IIR_CTI;
	}
	if ((s->ier & IER_THRI) && s->thri_pending)
		return IIR_THRI;
	if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS))
		return IIR_MSI;
	return IIR_NO_INT;
}

/* Recompute the interrupt output; called with the lock held. */
static void serial8250__update_irq(struct serial8250 *s)
{
	int level = serial8250__iir_id(s) != IIR_NO_INT;

	/* OUT2 gates the interrupt line on PC-style boards, not here. */
	if (level == s->irq_level)
		return;
	s->irq_level = level;
	if (s->irq)
		s->irq(s->irq_opaque, level);
}

static void serial8250__rx_clear(struct serial8250 *s)
{
	s->rx_head = s->rx_count = 0;
	s->sysrq_key = -1;
	s->lsr &= (u8)~LSR_DR;
}

/* Queue one received byte; false (and OE) when the FIFO is full. */
static bool serial8250__rx_push(struct serial8250 *s, u8 c)
{
	if (s->rx_count >= serial8250__rx_cap(s)) {
		s->lsr |= LSR_OE;
		return false;
	}
	s->rx[(s->rx_head + s->rx_count) % RX_FIFO_SIZE] = c;
	s->rx_count++;
	s->lsr |= LSR_DR;
	return true;
}

static u8 serial8250__rx_pop(struct serial8250 *s)
{
	u8 c;

	if (!s->rx_count)
		return 0;
	c = s->rx[s->rx_head];
	s->rx_head = (s->rx_head + 1) % RX_FIFO_SIZE;
	if (!--s->rx_count)
		s->lsr &= (u8)~LSR_DR;
	/* Without a FIFO the SysRq key follows its break byte. */
	if (!s->rx_count && s->sysrq_key >= 0) {
		serial8250__rx_push(s, (u8)s->sysrq_key);
		s->sysrq_key = -1;
	}
	return c;
}

size_t serial8250__receive(struct serial8250 *s, const u8 *buf, size_t len)
{
	size_t n = 0;

	pthread_mutex_lock(&s->lock);
	/* In loopback the receiver is cut off from the outside world. */
	if (!(s->mcr & MCR_LOOP)) {
		while (n < len && s->rx_count < serial8250__rx_cap(s)) {
			serial8250__rx_push(s, buf[n]);
			n++;
		}
		serial8250__update_irq(s);
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

int serial8250__sysrq(struct serial8250 *s, u8 key)
{
	int r = -EBUSY;

	pthread_mutex_lock(&s->lock);
	/*
	 * A break (LSR.BI with a zero byte) and then the key: what Linux's
	 * serial console takes as SysRq. Only into an empty FIFO, so BI
	 * belongs to the byte the guest reads first; without FIFOs the key
	 * follows once that byte is read.
	 */
	if (!(s->mcr & MCR_LOOP) && !s->rx_count && s->sysrq_key < 0) {
		serial8250__rx_push(s, 0);
		s->lsr |= LSR_BI;
		if (serial8250__rx_cap(s) >= 2)
			serial8250__rx_push(s, key);
		else
			s->sysrq_key = key;
		serial8250__update_irq(s);
		r = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int serial8250__irq_level(struct serial8250 *s)
{
	int level;

	pthread_mutex_lock(&s->lock);
	level = s->irq_level;
	pthread_mutex_unlock(&s->lock);
	return level;
}

/* Modem status inputs as seen by the guest, given the current MCR. */
static u8 serial8250__msr_lines(u8 mcr)
{
	u8 msr = 0;

	if (!(mcr & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	/* Loopback wires the outputs back to the inputs. */
	if (mcr & MCR_RTS)
		msr |= MSR_CTS;
	if (mcr & MCR_DTR)
		msr |= MSR_DSR;
	if (mcr & MCR_OUT1)
		msr |= MSR_RI;
	if (mcr & MCR_OUT2)
		msr |= MSR_DCD;
	return msr;
}

static void serial8250__write_mcr(struct serial8250 *s, u8 val)
{
	u8 old = s->msr, lines;

	s->mcr = val & MCR_MASK;
	lines = serial8250__msr_lines(s->mcr);
	/* Delta bits latch changes; TERI only on the trailing edge of RI. */
	if ((old ^ lines) & MSR_CTS)
		s->msr |= MSR_DCTS;
	if ((old ^ lines) & MSR_DSR)
		s->msr |= MSR_DDSR;
	if ((old ^ lines) & MSR_DCD)
		s->msr |= MSR_DDCD;
	if ((old & MSR_RI) && !(lines & MSR_RI))
		s->msr |= MSR_TERI;
	s->msr = (u8)((s->msr & MSR_DELTAS) | lines);
}

static void serial8250__write_fcr(struct serial8250 *s, u8 val)
{
	/* Switching the FIFOs on or off empties them. */
	if ((val ^ s->fcr) & FCR_ENABLE)
		serial8250__rx_clear(s);
	if (val & FCR_CLEAR_RX)
		serial8250__rx_clear(s);
	/* The transmitter is always empty: FCR_CLEAR_TX has nothing to do. */
	s->fcr = val & (u8)~(FCR_CLEAR_RX | FCR_CLEAR_TX);
}

/*
 * One register write. Returns true if *tx holds a byte to transmit (sent
 * after the lock is dropped, so a slow terminal never blocks receivers).
 */
static bool serial8250__write(struct serial8250 *s, unsigned int reg, u8 val, u8 *tx)
{
	bool dlab = s->lcr & LCR_DLAB;

	switch (reg) {
	case UART_RBR:
		if (dlab) {
			s->dll = val;
			break;
		}
		/* The byte leaves at once, so THR is empty again. */
		s->thri_pending = true;
		if (s->mcr & MCR_LOOP) {
			serial8250__rx_push(s, val);
			break;
		}
		*tx = val;
		return true;
	case UART_IER:
		if (dlab) {
			s->dlm = val;
			break;
		}
		/* Enabling THRI while THR is empty raises it at once. */
		if ((val & IER_THRI) && !(s->ier & IER_THRI))
			s->thri_pending = true;
		s->ier = val & IER_MASK;
		break;
	case UART_IIR:
		serial8250__write_fcr(s, val);
		break;
	case UART_LCR:
		s->lcr = val;
		break;
	case UART_MCR:
		serial8250__write_mcr(s, val);
		break;
	case UART_LSR:
	case UART_MSR:
		break;	/* read-only on a 16550A */
	case UART_SCR:
		s->scr = val;
		break;
	}
	return false;
}

static u8 serial8250__read(struct serial8250 *s, unsigned int reg)
{
	bool dlab = s->lcr & LCR_DLAB;
	u8 val = 0, id;

	switch (reg) {
	case UART_RBR:
		val = dlab ? s->dll : serial8250__rx_pop(s);
		break;
	case UART_IER:
		val = dlab ? s->dlm : s->ier;
		break;
	case UART_IIR:
		id = serial8250__iir_id(s);
		/* Reading IIR acknowledges a THR-empty interrupt it reports. */
		if (id == IIR_THRI)
			s->thri_pending = false;
		val = id | ((s->fcr & FCR_ENABLE) ? IIR_FIFO_ON : 0);
		break;
	case UART_LCR:
		val = s->lcr;
		break;
	case UART_MCR:
		val = s->mcr;
		break;
	case UART_LSR:
		val = s->lsr;
		/* Error bits clear on read. */
		s->lsr &= (u8)~LSR_ERRORS;
		break;
	case UART_MSR:
		val = s->msr;
		s->msr &= (u8)~MSR_DELTAS;
		break;
	case UART_SCR:
		val = s->scr;
		break;
	}
	return val;
}

void serial8250__mmio(struct kvm_cpu *vcpu, u64 offset, u8 *data, u32 len,
		      bool is_write, void *opaque)
{
	struct serial8250 *s = opaque;
	serial_out_fn out = NULL;
	void *out_opaque = NULL;
	bool send = false;
	u8 tx = 0;

	(void)vcpu;
	if (!is_write)
		memset(data, 0, len);
	if (offset >= UART_NR_REGS)
		return;	/* the rest of the 0x100 window is empty */

	pthread_mutex_lock(&s->lock);
	if (is_write) {
		send = serial8250__write(s, (unsigned int)offset, data[0], &tx);
		if (send) {
			out = s->out;
			out_opaque = s->out_opaque;
		}
	} else {
		data[0] = serial8250__read(s, (unsigned int)offset);
	}
	serial8250__update_irq(s);
	pthread_mutex_unlock(&s->lock);

	if (send && out)
		out(out_opaque, &tx, 1);
}

/* ---- the board's console UART ---- */

struct serial8250 *serial8250__uart0(struct kvm *kvm)
{
	return kvm->uart;
}

static size_t serial8250__term_in(void *opaque, const u8 *buf, size_t len)
{
	return serial8250__receive(opaque, buf, len);
}

static int serial8250__fdt(struct kvm *kvm, void *fdt, void *opaque)
{
	const struct dev_desc *d = opaque;
	char path[64];
	int node, chosen, err;

	node = fdt__add_dev_node(fdt, "serial", "ns16550a", d);
	err = node < 0 ? node : 0;
	if (!err)
		err = fdt_setprop_u32(fdt, node, "clock-frequency", kvm->uart->clock);
	if (err)
		return fdt__fail("the UART", err);

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return fdt__fail("the UART", chosen);
	fdt__dev_path(path, sizeof(path), "serial", d);
	err = fdt_setprop_string(fdt, chosen, "stdout-path", path);
	return err ? fdt__fail("the UART", err) : 0;
}

/* The UART's interrupt output is the board line of its descriptor. */
static void serial8250__irq_line(void *opaque, int level)
{
	struct kvm *kvm = opaque;

	irq__line_set(kvm, (unsigned int)kvm->uart_desc->irq, level);
}

int serial8250__init(struct kvm *kvm, const struct dev_desc *d, u32 clock)
{
	int err;

	kvm->uart = serial8250__new_clock(clock);
	if (!kvm->uart) {
		pr_err("out of memory creating the UART");
		return -ENOMEM;
	}
	kvm->uart_desc = d;
	/* FDT first: its generator holds no pointer to the UART. */
	err = fdt_gen__register(kvm, serial8250__fdt, (void *)d);
	if (!err)
		err = io_space__register(&kvm->mmio, d->base, d->size,
					 serial8250__mmio, kvm->uart, "uart0");
	if (err) {
		pr_err("cannot register the UART at 0x%llx: %s",
		       (unsigned long long)d->base, strerror(-err));
		serial8250__free(kvm->uart);
		kvm->uart = NULL;
		return err;
	}
	if (d->irq != DEV_NO_IRQ)
		serial8250__set_irq(kvm->uart, serial8250__irq_line, kvm);
	if (kvm->cfg.console == CONSOLE_SERIAL)
		term__set_input_handler(serial8250__term_in, kvm->uart);
	return 0;
}

void serial8250__exit(struct kvm *kvm)
{
	if (!kvm->uart)
		return;
	if (kvm->cfg.console == CONSOLE_SERIAL)
		term__set_input_handler(NULL, NULL);
	serial8250__free(kvm->uart);
	kvm->uart = NULL;
}
