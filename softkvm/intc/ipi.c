// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel IPI (Linux 7.2 arch/loongarch/kvm/intc/ipi.c): per-vCPU
 * status, enable and four mailboxes at IOCSR 0x1000, the SEND, MAIL_SEND
 * and ANY_SEND doorbells. A set status raises INT 12 (IPI) through the
 * same path as KVM_INTERRUPT; clearing it to 0 lowers the line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "intc.h"

#define IPI_STATUS	0x000
#define IPI_EN		0x004
#define IPI_SET		0x008
#define IPI_CLEAR	0x00c
#define IPI_BUF		0x020
#define IPI_BUF_END	0x040
#define IPI_SEND	0x040
#define MAIL_SEND	0x048
#define ANY_SEND	0x158
#define INT_IPI		12
#define ANY_SEND_DEPTH	2	/* ANY_SEND may target ANY_SEND: bound it */

struct sk_ipi *sk_ipi_new(void)
{
	struct sk_ipi *s = calloc(1, sizeof(*s));

	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

void sk_ipi_free(struct sk_ipi *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/*
 * ipi_set: the line rises when status goes from 0 to non-zero; ipi_clear:
 * it falls whenever status ends at 0. 7.2 changes the line after dropping
 * the lock, so a clear on the target racing a set from another vCPU can
 * leave status set with the line low, and no later IPI raises it again
 * (set only raises on 0 -> non-zero): the SMP IPI tests hang on that
 * within seconds here. softkvm changes the line under the lock, which
 * gives the same line for every order the lock admits.
 */
static void ipi_set(struct sk_ipi *s, struct sk_vcpu *v, uint32_t data)
{
	uint32_t old;

	pthread_mutex_lock(&s->lock);
	old = s->cpu[v->id].status;
	s->cpu[v->id].status |= data;
	if (!old && data)
		sk_vcpu_interrupt(v, INT_IPI);
	pthread_mutex_unlock(&s->lock);
}

static void ipi_clear(struct sk_ipi *s, struct sk_vcpu *v, uint64_t data)
{
	pthread_mutex_lock(&s->lock);
	s->cpu[v->id].status &= ~(uint32_t)data;
	if (!s->cpu[v->id].status)
		sk_vcpu_interrupt(v, -INT_IPI);
	pthread_mutex_unlock(&s->lock);
}

/* Mailbox bytes [off, off+len) of the 32-byte buffer; called locked. */
static uint64_t mbox_get(const struct sk_ipi_state *st, uint32_t off, int len)
{
	uint64_t v = 0;

	memcpy(&v, (const uint8_t *)st->buf + off, (size_t)len);
	return v;
}

static void mbox_put(struct sk_ipi_state *st, uint32_t off, int len, uint64_t v)
{
	memcpy((uint8_t *)st->buf + off, &v, (size_t)len);
}

static bool ipi_len_ok(int len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

/* Bits 27-30 of a MAIL_SEND/ANY_SEND value keep those bytes of the old word. */
static uint32_t ipi_keep_mask(uint64_t data)
{
	uint32_t mask = 0;

	for (int i = 0; i < 4; i++)
		if (data & (1ULL << (27 + i)))
			mask |= 0xffU << (i * 8);
	return mask;
}

/* mail_send: one 32-bit mailbox word of the target, bytes maskable. */
static void mail_send(struct sk_ipi *s, struct sk_vm *vm, uint64_t data)
{
	struct sk_vcpu *v = sk_intc_vcpu_by_cpuid(vm, ((uint32_t)data >> 16) & 0x3ff);
	uint32_t off, val = 0, mask = 0;

	if (!v)
		return;
	off = (((uint32_t)data >> 2) & 7) * 4;
	pthread_mutex_lock(&s->lock);
	if ((data >> 27) & 0xf) {
		mask = ipi_keep_mask(data);
		val = (uint32_t)mbox_get(&s->cpu[v->id], off, 4) & mask;
	}
	val |= (uint32_t)(data >> 32) & ~mask;
	mbox_put(&s->cpu[v->id], off, 4, val);
	pthread_mutex_unlock(&s->lock);
}

/* Dispatch one access on the IOCSR bus as a vCPU (send_ipi_data's bus). */
static bool iocsr_bus(struct sk_vcpu *v, uint32_t addr, bool wr, uint64_t *val, int depth)
{
	uint8_t d[8];

	memcpy(d, val, sizeof(d));
	if (!sk_intc_iocsr_access(v, addr, 4, wr, d, depth))
		return false;
	if (!wr)
		memcpy(val, d, sizeof(d));
	return true;
}

/* any_send / send_ipi_data: a masked 32-bit write to any IOCSR device of the target. */
static void any_send(struct sk_vm *vm, uint64_t data, int depth)
{
	struct sk_vcpu *v = sk_intc_vcpu_by_cpuid(vm, ((uint32_t)data >> 16) & 0x3ff);
	uint32_t addr = (uint32_t)data & 0xffff, mask = 0;
	uint64_t val = 0;

	if (!v || depth >= ANY_SEND_DEPTH)
		return;
	if ((data >> 27) & 0xf) {
		/* A failed read drops the send, as 7.2 does. */
		if (!iocsr_bus(v, addr, false, &val, depth + 1))
			return;
		mask = ipi_keep_mask(data);
		val &= mask;
	}
	val |= (uint32_t)(data >> 32) & ~mask;
	iocsr_bus(v, addr, true, &val, depth + 1);
}

/* loongarch_ipi_readl */
uint64_t sk_ipi_read(struct sk_ipi *s, struct sk_vcpu *vcpu, uint32_t addr, int len)
{
	uint32_t off = addr & 0x1ff;
	uint64_t res = 0;

	pthread_mutex_lock(&s->lock);
	switch (off) {
	case IPI_STATUS:
		res = s->cpu[vcpu->id].status;
		break;
	case IPI_EN:
		res = s->cpu[vcpu->id].en;
		break;
	default:
		/* SET and CLEAR read 0; a mailbox access must end inside the buffer. */
		if (off >= IPI_BUF && off < IPI_BUF_END && ipi_len_ok(len) &&
		    off + (uint32_t)len <= IPI_BUF_END)
			res = mbox_get(&s->cpu[vcpu->id], off - IPI_BUF, len);
		break;
	}
	pthread_mutex_unlock(&s->lock);
	return res;
}

/* loongarch_ipi_writel */
void sk_ipi_write(struct sk_ipi *s, struct sk_vcpu *vcpu, uint32_t addr, int len,
		  uint64_t data, int depth)
{
	uint32_t off = addr & 0x1ff;
	struct sk_vm *vm = vcpu->vm;
	struct sk_vcpu *dst;

	switch (off) {
	case IPI_STATUS:
		break;
	case IPI_EN:
		pthread_mutex_lock(&s->lock);
		s->cpu[vcpu->id].en = (uint32_t)data;
		pthread_mutex_unlock(&s->lock);
		break;
	case IPI_SET:
		ipi_set(s, vcpu, (uint32_t)data);
		break;
	case IPI_CLEAR:
		ipi_clear(s, vcpu, data);
		break;
	case IPI_SEND:
		dst = sk_intc_vcpu_by_cpuid(vm, ((uint32_t)data >> 16) & 0x3ff);
		if (dst)
			ipi_set(s, dst, 1U << (data & 0x1f));
		break;
	case MAIL_SEND:
		mail_send(s, vm, data);
		break;
	case ANY_SEND:
		any_send(vm, data, depth);
		break;
	default:
		if (off >= IPI_BUF && off < IPI_BUF_END && ipi_len_ok(len) &&
		    off + (uint32_t)len <= IPI_BUF_END) {
			pthread_mutex_lock(&s->lock);
			mbox_put(&s->cpu[vcpu->id], off - IPI_BUF, len, data);
			pthread_mutex_unlock(&s->lock);
		}
		break;
	}
}

/* kvm_ipi_regs_access: attr = cpu << 16 | reg, cpu a vCPU id; 32- or 64-bit. */
int sk_ipi_attr(struct sk_ipi *s, struct sk_vm *vm, const struct kvm_device_attr *a, bool wr)
{
	struct sk_vcpu *v = sk_intc_vcpu_by_id(vm, (uint32_t)(a->attr >> 16) & 0x3ff);
	uint32_t reg = (uint32_t)a->attr & 0xff;
	void *user = (void *)(uintptr_t)a->addr;
	struct sk_ipi_state *st;
	void *p;
	size_t len = 4;

	if (a->group != KVM_DEV_LOONGARCH_IPI_GRP_REGS)
		return -EINVAL;
	if (!v)
		return -EINVAL;
	st = &s->cpu[v->id];
	switch (reg) {
	case IPI_STATUS:
		p = &st->status;
		break;
	case IPI_EN:
		p = &st->en;
		break;
	case IPI_SET:
		p = &st->set;
		break;
	case IPI_CLEAR:
		p = &st->clear;
		break;
	case IPI_BUF: case IPI_BUF + 8: case IPI_BUF + 16: case IPI_BUF + 24:
		p = &st->buf[(reg - IPI_BUF) / 8];
		len = 8;
		break;
	default:
		return -EINVAL;
	}
	if (!user)
		return -EFAULT;
	/* Register state only: no line moves (as 7.2's attribute path). */
	pthread_mutex_lock(&s->lock);
	if (wr)
		memcpy(p, user, len);
	else
		memcpy(user, p, len);
	pthread_mutex_unlock(&s->lock);
	return 0;
}
