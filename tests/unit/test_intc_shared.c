// SPDX-License-Identifier: GPL-2.0-only
/*
 * Register-level sequences shared by both irqchip implementations: lkvm's
 * userspace IPI/EXTIOI/PCH-PIC (loongarch/) and softkvm's in-kernel ones
 * (softkvm/intc/, Linux 7.2 semantics). Each case is one table of steps
 * (write register R as CPU C, expect a value, drive a pin or an MSI,
 * expect a CPU line), run against both. Where 7.2 and lkvm legitimately
 * differ, the step carries the kernel's expected value and the reason;
 * both values are checked, nothing is skipped.
 *
 * Both set-ups stand for a guest that already enabled the EXTIOI (lkvm:
 * MISC_FUNC.EXT_IOI_EN, an IOCSR register outside both models; 7.2 has no
 * such gate in its EIOINTC) and offer the virt extension.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/irq.h"
#include "irqchip_fake.h"
#include "fake-sk-cpu.h"
#include "softkvm-test-util.h"
#include "../../softkvm/intc/intc.h"

#define CSR_ID(n)	(0x9030000000010000ULL | ((uint64_t)(n) << 3))
#define PIC		0x10000000ULL
#define HWI(n)		(2 + (n))
#define INT_IPI		12

enum op { END, WR, RD, MWR, MRD, PIN, MSI, LINE };

struct step {
	enum op op;
	unsigned int cpu;	/* WR/RD/LINE: the vCPU; PIN: level */
	uint64_t addr;		/* IOCSR or MMIO address; PIN: pin; MSI: vector; LINE: irq */
	uint32_t len;
	uint64_t val;		/* written, or expected (lkvm) */
	const char *differs;	/* non-NULL: 7.2 expects kval, and why */
	uint64_t kval;
};

#define W(c, a, l, v)		{ WR, c, a, l, v, NULL, 0 }
#define R(c, a, l, v)		{ RD, c, a, l, v, NULL, 0 }
#define RK(c, a, l, v, why, k)	{ RD, c, a, l, v, why, k }
#define MW(a, l, v)		{ MWR, 0, PIC + (a), l, v, NULL, 0 }
#define MR(a, l, v)		{ MRD, 0, PIC + (a), l, v, NULL, 0 }
#define MRK(a, l, v, why, k)	{ MRD, 0, PIC + (a), l, v, why, k }
#define P(pin, lvl)		{ PIN, lvl, pin, 0, 0, NULL, 0 }
#define M(vec)			{ MSI, 0, vec, 0, 0, NULL, 0 }
#define L(c, irq, lvl)		{ LINE, c, irq, 0, lvl, NULL, 0 }
#define LK(c, irq, lvl, why, k)	{ LINE, c, irq, 0, lvl, why, k }

/* Linux's eiointc set-up: IPMAP all HWI1, every vector to core 0, all enabled. */
#define LINUX_EIOINTC \
	W(0, 0x14c0, 8, 0x0202020202020202ULL), \
	W(0, 0x1c00, 8, 0x0101010101010101ULL), \
	W(0, 0x1600, 8, ~0ULL), W(0, 0x1608, 8, ~0ULL), \
	W(0, 0x1610, 8, ~0ULL), W(0, 0x1618, 8, ~0ULL)

struct tcase {
	const char *name;
	struct step steps[40];
};

static const struct tcase cases[] = {
	{ "ipi: SEND raises INT 12 on the target, CLEAR to 0 lowers it (ipi_send, ipi_clear)", {
		W(0, 0x1004, 4, 0xffffffff), W(1, 0x1004, 4, 0xffffffff),
		W(0, 0x1040, 8, (1ULL << 16) | 5),
		L(1, INT_IPI, 1), L(0, INT_IPI, 0),
		R(1, 0x1000, 4, 1U << 5), R(0, 0x1000, 4, 0),
		W(0, 0x1040, 8, (1ULL << 16) | 7),
		W(1, 0x100c, 4, 1U << 5), L(1, INT_IPI, 1),
		W(1, 0x100c, 4, 1U << 7), L(1, INT_IPI, 0), R(1, 0x1000, 4, 0),
		{ END } } },
	{ "ipi: EN is stored, not consulted (7.2 ipi_set ignores it)", {
		W(1, 0x1004, 4, 0), W(0, 0x1040, 8, (1ULL << 16) | 2),
		L(1, INT_IPI, 1), R(1, 0x1004, 4, 0),
		{ END } } },
	{ "ipi: mailboxes per CPU, MAIL_SEND with byte keep mask (mail_send)", {
		W(1, 0x1020, 8, 0x1122334455667788ULL),
		R(1, 0x1024, 4, 0x11223344), R(1, 0x1022, 2, 0x5566), R(0, 0x1020, 8, 0),
		/* CPU 1, word 3 (0x2c): new 0xaabbccdd, keep byte 1 */
		W(0, 0x1048, 8, (0xaabbccddULL << 32) | (1U << 28) | (1U << 16) | (3U << 2)),
		R(1, 0x1028, 8, 0xaabb00dd00000000ULL),
		{ END } } },
	{ "ipi: ANY_SEND writes 32 bits into the target's IOCSR space (any_send)", {
		W(0, 0x1158, 8, (0x00ff00ffULL << 32) | (1ULL << 16) | 0x1004),
		R(1, 0x1004, 4, 0x00ff00ff), R(0, 0x1004, 4, 0),
		{ END } } },
	{ "eiointc: registers read back at any width (loongarch_eiointc_read/write)", {
		W(0, 0x14c0, 4, 0x08040201), R(0, 0x14c0, 1, 0x01), R(0, 0x14c2, 2, 0x0804),
		W(0, 0x1608, 8, 0x1234567890abcdefULL), R(0, 0x160c, 4, 0x12345678),
		W(0, 0x1c04, 4, 0x44332211), R(0, 0x1c05, 1, 0x22),
		W(0, 0x1680, 2, 0xbeef), R(0, 0x1680, 2, 0xbeef),
		{ END } } },
	{ "eiointc: MSI -> ISR, COREISR of the COREMAP CPU, HWI of the IPMAP group; ack", {
		LINUX_EIOINTC,
		W(0, 0x1c28, 1, 0x02),		/* vector 40 -> core 1 */
		M(40), L(1, HWI(1), 1), L(0, HWI(1), 0),
		R(1, 0x1800, 8, 1ULL << 40), R(0, 0x1800, 8, 0),
		RK(0, 0x1700, 8, 1ULL << 40,
		   "7.2 loongarch_eiointc_read has no ISR case: the guest reads 0", 0),
		W(1, 0x1800, 8, 1ULL << 40), L(1, HWI(1), 0), R(1, 0x1800, 8, 0),
		{ END } } },
	{ "eiointc: two vectors on one line: it falls with the last (eiointc_update_irq)", {
		LINUX_EIOINTC,
		M(33), M(34), L(0, HWI(1), 1),
		W(0, 0x1800, 8, 1ULL << 33), L(0, HWI(1), 1),
		W(0, 0x1800, 8, 1ULL << 34), L(0, HWI(1), 0),
		{ END } } },
	{ "eiointc: virt window, features and CPU-encoded COREMAP (kvm_eiointc_virt_*)", {
		R(0, 0x40000000, 4, 0xf),
		W(0, 0x40000004, 4, 0xa), R(0, 0x40000004, 4, 0xa),
		W(0, 0x14c0, 8, 0x0202020202020202ULL), W(0, 0x1600, 8, ~0ULL),
		W(0, 0x1c25, 1, 0x01),		/* vector 37 -> CPU 1, encoded */
		M(37), L(1, HWI(1), 1), L(0, HWI(1), 0), R(1, 0x1800, 8, 1ULL << 37),
		{ END } } },
	{ "pch-pic: ID, defaults, identity HTMSI vectors (kvm_pch_pic_create)", {
		MR(0x000, 8, 0x001f000107000000ULL), MR(0x020, 8, ~0ULL),
		MR(0x200, 8, 0x0706050403020100ULL), MR(0x218, 8, 0x1f1e1d1c1b1a1918ULL),
		MW(0x060, 4, 0xf0), MR(0x060, 8, 0xf0),
		{ END } } },
	{ "pch-pic: level pin follows its line into EIOINTC (pch_pic_set_irq)", {
		LINUX_EIOINTC,
		MW(0x020, 8, ~(1ULL << 3)),
		P(3, 1), L(0, HWI(1), 1), MR(0x380, 8, 1ULL << 3), MR(0x3a0, 8, 1ULL << 3),
		R(0, 0x1800, 8, 1ULL << 3),
		P(3, 0), L(0, HWI(1), 0), MR(0x380, 8, 0), MR(0x3a0, 8, 0),
		{ END } } },
	{ "pch-pic: edge pin latches until CLEAR (pch_pic_set_irq, PCH_PIC_CLEAR)", {
		LINUX_EIOINTC,
		MW(0x060, 8, 1ULL << 4), MW(0x020, 8, ~(1ULL << 4)),
		P(4, 1), P(4, 0), L(0, HWI(1), 1), MR(0x380, 8, 1ULL << 4),
		W(0, 0x1800, 8, 1ULL << 4), L(0, HWI(1), 0),
		MW(0x080, 8, 1ULL << 4), MR(0x380, 8, 0), MR(0x3a0, 8, 0), L(0, HWI(1), 0),
		{ END } } },
	{ "pch-pic: unmasking a requested pin delivers it", {
		LINUX_EIOINTC,
		P(6, 1), L(0, HWI(1), 0), MR(0x380, 8, 1ULL << 6),
		MW(0x020, 8, ~(1ULL << 6)), L(0, HWI(1), 1),
		{ END } } },
	{ "pch-pic: masking a requested pin", {
		LINUX_EIOINTC,
		MW(0x020, 8, ~(1ULL << 7)), P(7, 1), L(0, HWI(1), 1),
		MW(0x020, 8, ~0ULL),
		LK(0, HWI(1), 0, "7.2 pch_pic_update_irq lowers only a pin whose IRR is clear: "
		   "mask alone leaves the vector raised", 1),
		MRK(0x3a0, 8, 0, "7.2 keeps ISR until the request goes (lkvm: ISR = IRR & ~MASK)",
		    1ULL << 7),
		{ END } } },
	{ "pch-pic: HTMSI vector moves a pin to another EIOINTC vector", {
		LINUX_EIOINTC,
		W(0, 0x1c28, 1, 0x02),		/* vector 40 -> core 1 */
		MW(0x208, 1, 40), MW(0x020, 8, ~(1ULL << 8)),
		P(8, 1), L(1, HWI(1), 1), R(1, 0x1800, 8, 1ULL << 40), L(0, HWI(1), 0),
		{ END } } },
};

/* ---- the two implementations behind one set of operations ---- */

struct impl {
	const char *name;
	bool kernel;
	void (*up)(void);
	void (*down)(void);
	uint64_t (*rd)(unsigned int cpu, uint64_t addr, uint32_t len);
	void (*wr)(unsigned int cpu, uint64_t addr, uint32_t len, uint64_t v);
	uint64_t (*mrd)(uint64_t addr, uint32_t len);
	void (*mwr)(uint64_t addr, uint32_t len, uint64_t v);
	void (*pin)(unsigned int pin, bool level);
	void (*msi)(unsigned int vec);
	int (*line)(unsigned int cpu, int irq);
};

static void user_up(void)
{
	irqf_setup(2, true);
	irqf.kvm.arch.misc_func |= 1ULL << 48;		/* EXT_IOI_EN */
}

static void user_pin(unsigned int pin, bool level)
{
	irq__line_set(&irqf.kvm, pin, level);
}

static void user_msi(unsigned int vec)
{
	irq__msi(&irqf.kvm, vec);
}

static int user_line(unsigned int cpu, int irq)
{
	return irqf_line(cpu, irq);
}

static const struct impl user_impl = {
	"lkvm userspace", false, user_up, irqf_teardown, iocsr_rd, iocsr_wr, mmio_rd, mmio_wr,
	user_pin, user_msi, user_line,
};

static struct {
	int sys, vm, vcpu[2], dev[3];
	struct sk_vcpu *sv[2];
} k;

static void k_attr(int fd, uint32_t group, uint64_t attr, uint64_t val)
{
	assert_int_equal(t_attr(fd, KVM_SET_DEVICE_ATTR, group, attr, &val), 0);
}

static void kern_up(void)
{
	static const uint32_t types[3] = { KVM_DEV_TYPE_LOONGARCH_IPI,
					   KVM_DEV_TYPE_LOONGARCH_EIOINTC,
					   KVM_DEV_TYPE_LOONGARCH_PCHPIC };

	fake_cpu_reset();
	be = softkvm__backend();
	assert_int_equal(be->configure("kernel", "7.2"), 0);
	k.sys = t_sys();
	k.vm = t_vm(k.sys);
	for (int i = 0; i < 2; i++) {
		k.vcpu[i] = t_vcpu(k.vm, i);
		assert_true(k.vcpu[i] >= 0);
		k.sv[i] = fake_cpu.last_vcpu;
		assert_int_equal(t_set_reg(k.vcpu[i], CSR_ID(0x20), (uint64_t)i), 0);
	}
	for (int i = 0; i < 3; i++) {
		struct kvm_create_device cd = { .type = types[i] };

		assert_int_equal(t_err(t_ioctl(k.vm, KVM_CREATE_DEVICE, &cd)), 0);
		k.dev[i] = (int)cd.fd;
	}
	/* What lkvm's --irqchip kernel does: 2 CPUs, all virt features, PCH-PIC base. */
	k_attr(k.dev[1], KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
	       KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_NUM_CPU, 2);
	k_attr(k.dev[1], KVM_DEV_LOONGARCH_EXTIOI_GRP_CTRL,
	       KVM_DEV_LOONGARCH_EXTIOI_CTRL_INIT_FEATURE, 0xf);
	k_attr(k.dev[2], KVM_DEV_LOONGARCH_PCH_PIC_GRP_CTRL,
	       KVM_DEV_LOONGARCH_PCH_PIC_CTRL_INIT, PIC);
}

static void kern_down(void)
{
	for (int i = 0; i < 3; i++)
		be->close(k.dev[i]);
	be->close(k.vcpu[0]);
	be->close(k.vcpu[1]);
	be->close(k.vm);
	be->close(k.sys);
	assert_int_equal(be->configure("kernel", "6.12"), 0);
}

static uint64_t kern_rd(unsigned int cpu, uint64_t addr, uint32_t len)
{
	uint8_t d[8] = { 0 };
	uint64_t v;

	assert_true(sk_intc_iocsr_access(k.sv[cpu], addr, (int)len, false, d, 0));
	memcpy(&v, d, 8);
	return len < 8 ? v & ((1ULL << (len * 8)) - 1) : v;
}

static void kern_wr(unsigned int cpu, uint64_t addr, uint32_t len, uint64_t v)
{
	uint8_t d[8];

	memcpy(d, &v, 8);
	assert_true(sk_intc_iocsr_access(k.sv[cpu], addr, (int)len, true, d, 0));
}

static uint64_t kern_mmio(uint64_t addr, uint32_t len, bool wr, uint64_t v)
{
	struct kvm_run run = { .exit_reason = KVM_EXIT_MMIO };

	run.mmio.phys_addr = addr;
	run.mmio.len = len;
	run.mmio.is_write = wr;
	memcpy(run.mmio.data, &v, 8);
	assert_true(sk_intc_mmio(k.sv[0], &run));
	memcpy(&v, run.mmio.data, 8);
	return len < 8 ? v & ((1ULL << (len * 8)) - 1) : v;
}

static uint64_t kern_mrd(uint64_t addr, uint32_t len)
{
	return kern_mmio(addr, len, false, 0);
}

static void kern_mwr(uint64_t addr, uint32_t len, uint64_t v)
{
	kern_mmio(addr, len, true, v);
}

static void kern_pin(unsigned int pin, bool level)
{
	struct kvm_irq_level l = { .irq = pin, .level = level };

	assert_int_equal(t_err(t_ioctl(k.vm, KVM_IRQ_LINE, &l)), 0);
}

static void kern_msi(unsigned int vec)
{
	struct kvm_msi m = { .data = vec };

	assert_int_equal(t_err(t_ioctl(k.vm, KVM_SIGNAL_MSI, &m)), 0);
}

static int kern_line(unsigned int cpu, int irq)
{
	return (int)(atomic_load(&k.sv[cpu]->cpu.irq_lines) >> irq & 1);
}

static const struct impl kern_impl = {
	"softkvm 7.2 in-kernel", true, kern_up, kern_down, kern_rd, kern_wr, kern_mrd, kern_mwr,
	kern_pin, kern_msi, kern_line,
};

/* ---- the runner ---- */

static void run_case(const struct impl *im, const struct tcase *c)
{
	im->up();
	for (const struct step *s = c->steps; s->op != END; s++) {
		uint64_t want = im->kernel && s->differs ? s->kval : s->val, got = 0;
		bool check = true;

		switch (s->op) {
		case WR:
			im->wr(s->cpu, s->addr, s->len, s->val);
			check = false;
			break;
		case RD:
			got = im->rd(s->cpu, s->addr, s->len);
			break;
		case MWR:
			im->mwr(s->addr, s->len, s->val);
			check = false;
			break;
		case MRD:
			got = im->mrd(s->addr, s->len);
			break;
		case PIN:
			im->pin((unsigned int)s->addr, s->cpu);
			check = false;
			break;
		case MSI:
			im->msi((unsigned int)s->addr);
			check = false;
			break;
		case LINE:
			got = (uint64_t)im->line(s->cpu, (int)s->addr);
			break;
		default:
			break;
		}
		if (check && got != want) {
			fail_msg("%s: \"%s\" step %d (op %d, cpu %u, 0x%llx): got 0x%llx, want 0x%llx%s%s",
				 im->name, c->name, (int)(s - c->steps), s->op, s->cpu,
				 (unsigned long long)s->addr, (unsigned long long)got,
				 (unsigned long long)want, s->differs ? " - differs: " : "",
				 s->differs ? s->differs : "");
		}
	}
	im->down();
}

static void test_userspace_models(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&user_impl, &cases[i]);
}

static void test_in_kernel_models(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&kern_impl, &cases[i]);
}

/* The documented differences, listed so a reader of the log sees them. */
static void test_list_differences(void **state)
{
	int n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (const struct step *s = cases[i].steps; s->op != END; s++)
			if (s->differs) {
				printf("  differs (%s): %s\n", cases[i].name, s->differs);
				n++;
			}
	assert_int_equal(n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_userspace_models),
		cmocka_unit_test(test_in_kernel_models),
		cmocka_unit_test(test_list_differences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
