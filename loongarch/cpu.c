/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LoongArch vCPU hooks: registers before the first run, IOCSR exits,
 * register dumps and parking of secondary vCPUs until the guest boots them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "lkvm/ratelimit.h"
#include "lkvm/kvm.h"
#include "lkvm/kvm-cpu.h"
#include "lkvm/io.h"
#include "lkvm/uapi-compat.h"
#include "arch/memmap.h"
#include "arch/boot.h"
#include "arch/features.h"

/* lkvm's --cpus limit must fit the board. */
_Static_assert(LA_MAX_VCPUS >= LKVM_MAX_CPUS, "--cpus allows more vCPUs than the board has");

/* CSR numbers (LoongArch Reference Manual, vol. 1, ch. 7). */
#define CSR_CRMD	0x0
#define CSR_PRMD	0x1
#define CSR_ECFG	0x4
#define CSR_ESTAT	0x5
#define CSR_ERA		0x6
#define CSR_BADV	0x7
#define CSR_BADI	0x8
#define CSR_EENTRY	0xc
#define CSR_CPUID	0x20
#define CSR_TMID	0x40

/* PLV0, IE=0, DA=1, DATF=DATM=1 (coherent cached), as QEMU resets it. */
#define LA_BOOT_CRMD	0xa8

/* How often a parked vCPU re-checks for a stop if nobody wakes it. */
#define PARK_POLL_NS	50000000L

static int set_one_reg(struct kvm_cpu *vcpu, u64 id, u64 val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(unsigned long)&val };

	return kvm_cpu__ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0 ? -errno : 0;
}

static int get_one_reg(struct kvm_cpu *vcpu, u64 id, u64 *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(unsigned long)val };

	return kvm_cpu__ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0 ? -errno : 0;
}

static int set_csr(struct kvm_cpu *vcpu, const char *name, unsigned int csr, u64 val)
{
	int r = set_one_reg(vcpu, KVM_IOC_CSRID(csr), val);

	if (r)
		pr_err("vCPU %u: KVM_SET_ONE_REG(CSR.%s = 0x%" PRIx64 ") failed: %s",
		       vcpu->id, name, val, strerror(-r));
	return r;
}

/* The PV feature word is per VM: the kernel keeps the first value set. */
static int set_pv_word(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 word = kvm->arch.model.pv_features;
	struct kvm_device_attr da = {
		.group = KVM_LOONGARCH_VCPU_CPUCFG,
		.attr = CPUCFG_KVM_FEATURE,
		.addr = (u64)(unsigned long)&word,
	};
	int e;

	if (!la_features__pv_settable(kvm->arch.vm_features))
		return 0;
	if (kvm_cpu__ioctl(vcpu, KVM_SET_DEVICE_ATTR, &da) == 0)
		return 0;
	e = errno;
	if (e == EINVAL && (word & BIT(KVM_FEATURE_USER_HCALL))) {
		pr_err("feature 'user-hcall' needs a Linux 6.14+ host kernel; this host's kernel rejected it");
		return -ENODEV;
	}
	if (e == EINVAL && (word & BIT(KVM_FEATURE_PREEMPT))) {
		pr_err("feature 'pv-preempt' needs a Linux 7.0+ host kernel; this host's kernel rejected it");
		return -ENODEV;
	}
	pr_err("KVM_SET_DEVICE_ATTR(CPUCFG_KVM_FEATURE = 0x%" PRIx64 ") failed: %s",
	       word, strerror(e));
	return -e;
}

/* Build the CPU model and PV word once, with the first vCPU's fd. */
static int ensure_model(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	int r = 0;

	pthread_mutex_lock(&kvm->arch.cpu_lock);
	if (!kvm->arch.model_ready) {
		r = la_cpu_model__build(kvm, vcpu->fd);
		if (!r)
			r = set_pv_word(vcpu);
		if (!r)
			kvm->arch.model_ready = true;
	}
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
	return r;
}

static int set_pc_regs(struct kvm_cpu *vcpu, u64 pc, bool boot_args)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.pc = pc;
	if (boot_args) {
		regs.gpr[4] = LA_BOOT_A0;	/* EFI boot flag */
		regs.gpr[5] = LA_BOOT_A1;	/* command line */
		regs.gpr[6] = LA_BOOT_A2;	/* EFI system table */
	}
	if (kvm_cpu__ioctl(vcpu, KVM_SET_REGS, &regs) < 0) {
		int e = errno;

		pr_err("vCPU %u: KVM_SET_REGS (pc = 0x%" PRIx64 ") failed: %s",
		       vcpu->id, pc, strerror(e));
		return -e;
	}
	return 0;
}

int kvm_cpu__arch_init(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned int n;
	int r;

	if (vcpu->id >= LA_MAX_VCPUS) {
		pr_err("vCPU %u: LoongArch KVM allows at most %d vCPUs", vcpu->id, LA_MAX_VCPUS);
		return -EINVAL;
	}
	r = ensure_model(vcpu);
	if (r)
		return r;

	for (n = 0; n < LA_CPUCFG_WORDS; n++) {
		u32 val = kvm->arch.model.cpucfg[n];

		r = set_one_reg(vcpu, KVM_IOC_CPUCFG(n), val);
		if (r) {
			pr_err("vCPU %u: KVM_SET_ONE_REG(CPUCFG%u = 0x%08x) failed: %s",
			       vcpu->id, n, val, strerror(-r));
			return r;
		}
	}
	/* PV IPIs and the IPI/EXTIOI emulation find vCPUs by CSR.CPUID. */
	r = set_csr(vcpu, "CPUID", CSR_CPUID, vcpu->id);
	if (!r)
		r = set_csr(vcpu, "TMID", CSR_TMID, vcpu->id);
	if (!r)
		r = set_csr(vcpu, "CRMD", CSR_CRMD, LA_BOOT_CRMD);
	if (r)
		return r;
	vcpu->arch.cpuid = vcpu->id;
	vcpu->arch.released = false;
	vcpu->arch.running = false;

	if (vcpu->id == 0) {
		r = set_pc_regs(vcpu, kvm->arch.entry, true);
		if (r)
			return r;
		vcpu->arch.boot_pc = kvm->arch.entry;
	}
	return 0;
}

int la_cpu__release(struct kvm *kvm, unsigned int id, u64 pc)
{
	struct kvm_cpu *vcpu;
	int r = 0;

	if (id >= kvm->nr_cpus || !kvm->cpus || !kvm->cpus[id])
		return -ENOENT;
	vcpu = kvm->cpus[id];
	pthread_mutex_lock(&kvm->arch.cpu_lock);
	if (vcpu->arch.released || id == 0) {
		r = -EALREADY;
	} else {
		vcpu->arch.release_pc = pc;
		vcpu->arch.released = true;
		pthread_cond_broadcast(&kvm->arch.cpu_cond);
	}
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
	return r;
}

void kvm__arch_stop_notify(struct kvm *kvm)
{
	if (!kvm->arch.cpu_sync_ready)
		return;
	pthread_mutex_lock(&kvm->arch.cpu_lock);
	pthread_cond_broadcast(&kvm->arch.cpu_cond);
	pthread_mutex_unlock(&kvm->arch.cpu_lock);
}

int kvm_cpu__arch_pre_run(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 pc;

	if (vcpu->arch.running)
		return 0;
	if (vcpu->id == 0) {
		/* The image may have been loaded after the vCPU was created. */
		if (vcpu->arch.boot_pc != kvm->arch.entry) {
			int r = set_pc_regs(vcpu, kvm->arch.entry, true);

			if (r) {
				kvm__request_stop(kvm, STOP_ERROR, 1);
				return r;
			}
			vcpu->arch.boot_pc = kvm->arch.entry;
		}
		vcpu->arch.running = true;
		return 0;
	}

	pthread_mutex_lock(&kvm->arch.cpu_lock);
	while (!vcpu->arch.released && !kvm__stopping(kvm)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += PARK_POLL_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&kvm->arch.cpu_cond, &kvm->arch.cpu_lock, &ts);
	}
	pc = vcpu->arch.release_pc;
	pthread_mutex_unlock(&kvm->arch.cpu_lock);

	if (kvm__stopping(kvm))
		return -EINTR;
	vcpu->arch.running = true;
	if (set_pc_regs(vcpu, pc, false)) {
		kvm__request_stop(kvm, STOP_ERROR, 1);
		return -EIO;
	}
	return 0;
}

/* Remember which unclaimed IOCSR addresses were reported (bounded). */
#define IOCSR_WARN_SLOTS	64
static pthread_mutex_t iocsr_warn_lock = PTHREAD_MUTEX_INITIALIZER;
static u64 iocsr_warned[IOCSR_WARN_SLOTS];
static unsigned int iocsr_nr_warned;

static bool iocsr_first_miss(u64 addr)
{
	bool first = true;
	unsigned int i;

	pthread_mutex_lock(&iocsr_warn_lock);
	for (i = 0; i < iocsr_nr_warned; i++) {
		if (iocsr_warned[i] == addr) {
			first = false;
			break;
		}
	}
	if (first) {
		if (iocsr_nr_warned < IOCSR_WARN_SLOTS)
			iocsr_warned[iocsr_nr_warned++] = addr;
		else
			first = false;	/* a guest probing everything: stay quiet */
	}
	pthread_mutex_unlock(&iocsr_warn_lock);
	return first;
}

static void handle_iocsr(struct kvm_cpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_run *run = vcpu->run;
	u64 addr = run->iocsr_io.phys_addr;
	u32 len = run->iocsr_io.len;
	bool is_write = run->iocsr_io.is_write;
	u8 *data = run->iocsr_io.data;
	bool claimed = false;

	if (len == 1 || len == 2 || len == 4 || len == 8) {
		if (!is_write)
			memset(data, 0, len);
		claimed = io_space__access(&kvm->iocsr, vcpu, addr, data, len, is_write);
	} else {
		len = 0;
		if (!is_write)
			memset(data, 0, sizeof(run->iocsr_io.data));
	}

	if (kvm->cfg.debug_iocsr)
		pr_info("iocsr: cpu%u %s%u 0x%" PRIx64 " %s 0x%" PRIx64 "%s", vcpu->id,
			is_write ? "wr" : "rd", len * 8, addr, is_write ? "<-" : "->",
			len ? get_le(data, len) : 0, claimed ? "" : " (unclaimed)");
	if (!claimed && iocsr_first_miss(addr))
		pr_warn_ratelimited("guest %s unclaimed IOCSR 0x%" PRIx64
				    " (%u bytes); reads as 0, writes dropped",
				    is_write ? "wrote" : "read", addr, len);
}

bool kvm_cpu__arch_handle_exit(struct kvm_cpu *vcpu, bool *handled)
{
	struct kvm_run *run = vcpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_LOONGARCH_IOCSR:
		handle_iocsr(vcpu);
		*handled = true;
		return true;
	case KVM_EXIT_HYPERCALL:
		/* hvcl 0x102 (user-hcall): lkvm offers no service yet. */
		pr_debug_ratelimited("vCPU %u: user hypercall a0=0x%llx: not implemented",
				     vcpu->id, (unsigned long long)run->hypercall.args[0]);
		run->hypercall.ret = LKVM_HCALL_INVALID_CODE;
		*handled = true;
		return true;
	default:
		*handled = false;
		return true;
	}
}

static const char *const gpr_names[32] = {
	"zero", "ra", "tp", "sp", "a0", "a1", "a2", "a3",
	"a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
	"t4", "t5", "t6", "t7", "t8", "u0", "fp", "s0",
	"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
};

static const struct {
	const char *name;
	unsigned int csr;
} dump_csrs[] = {
	{ "CRMD", CSR_CRMD }, { "PRMD", CSR_PRMD }, { "ECFG", CSR_ECFG },
	{ "ESTAT", CSR_ESTAT }, { "ERA", CSR_ERA }, { "BADV", CSR_BADV },
	{ "BADI", CSR_BADI }, { "EENTRY", CSR_EENTRY }, { "CPUID", CSR_CPUID },
};

void kvm_cpu__arch_show_registers(struct kvm_cpu *vcpu)
{
	struct kvm_regs regs;
	unsigned int i;

	fprintf(stderr, "vCPU %u registers:\n", vcpu->id);
	if (kvm_cpu__ioctl(vcpu, KVM_GET_REGS, &regs) < 0) {
		fprintf(stderr, "  KVM_GET_REGS failed: %s\n", strerror(errno));
	} else {
		fprintf(stderr, "  pc   %016" PRIx64 "\n", (u64)regs.pc);
		for (i = 0; i < 32; i++)
			fprintf(stderr, "  r%-2u %-4s %016" PRIx64 "%s", i, gpr_names[i],
				(u64)regs.gpr[i], i % 4 == 3 ? "\n" : "");
	}
	for (i = 0; i < ARRAY_SIZE(dump_csrs); i++) {
		u64 val = 0;
		int r = get_one_reg(vcpu, KVM_IOC_CSRID(dump_csrs[i].csr), &val);

		if (r)
			fprintf(stderr, "  %-6s (KVM_GET_ONE_REG failed: %s)%s", dump_csrs[i].name,
				strerror(-r), i % 3 == 2 ? "\n" : "");
		else
			fprintf(stderr, "  %-6s %016" PRIx64 "%s", dump_csrs[i].name, val,
				i % 3 == 2 ? "\n" : "");
	}
	if (ARRAY_SIZE(dump_csrs) % 3)
		fprintf(stderr, "\n");
}
