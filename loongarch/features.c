/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest CPU features: the --cpu-features list, what the kernel can give
 * (KVM_LOONGARCH_VM_FEAT_CTRL), the CPU model and the PV feature word.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "lkvm/uapi-compat.h"
#include "arch/features.h"
#include "arch/irqchip.h"

enum la_feat_default {
	DFLT_HOST,	/* as the CPU under the backend has it */
	DFLT_ON,	/* on wherever available */
	DFLT_OFF,	/* only on request */
};

#define PV_WORD		0xff	/* .word: the feature lives in the PV word */

struct la_feature_desc {
	const char *name;
	const char *gives;	/* what the guest gets */
	const char *needs;	/* completes "needs ..." */
	int vm_attr;		/* VM_FEAT_CTRL attr that proves support */
	bool exact;		/* vm_attr is the feature itself, not a proxy */
	u8 word;		/* CPUCFG word, or PV_WORD */
	u64 bits;		/* CPUCFG bits or PV bit */
	enum la_feat_default dflt;
};

/*
 * Kernel releases from the KVM LoongArch pull requests: vCPU CPUCFG masks
 * came in 6.8, PV IPI in 6.10, steal time in 6.11, VM_FEAT_CTRL and the
 * VMM-set PV word in 6.12 (LBT and PMU words with it).
 */
static const struct la_feature_desc la_features[LA_NR_FEATURES] = {
	[LA_FEAT_LSX] = { "lsx", "128-bit SIMD instructions (LSX)",
		"a CPU with LSX and a Linux 6.8+ host kernel",
		KVM_LOONGARCH_VM_FEAT_LSX, true, 2, LA_CPUCFG2_LSX, DFLT_HOST },
	[LA_FEAT_LASX] = { "lasx", "256-bit SIMD instructions (LASX; implies lsx)",
		"a CPU with LASX and a Linux 6.8+ host kernel",
		KVM_LOONGARCH_VM_FEAT_LASX, true, 2, LA_CPUCFG2_LASX, DFLT_HOST },
	[LA_FEAT_X86BT] = { "x86bt", "binary-translation aids for x86 (LBT)",
		"a CPU with x86 LBT and a Linux 6.12+ host kernel",
		KVM_LOONGARCH_VM_FEAT_X86BT, true, 2, LA_CPUCFG2_X86BT, DFLT_HOST },
	[LA_FEAT_ARMBT] = { "armbt", "binary-translation aids for Arm (LBT)",
		"a CPU with Arm LBT and a Linux 6.12+ host kernel",
		KVM_LOONGARCH_VM_FEAT_ARMBT, true, 2, LA_CPUCFG2_ARMBT, DFLT_HOST },
	[LA_FEAT_MIPSBT] = { "mipsbt", "binary-translation aids for MIPS (LBT)",
		"a CPU with MIPS LBT and a Linux 6.12+ host kernel",
		KVM_LOONGARCH_VM_FEAT_MIPSBT, true, 2, LA_CPUCFG2_MIPSBT, DFLT_HOST },
	[LA_FEAT_PMU] = { "pmu", "performance counters (CPUCFG6)",
		"a CPU with a PMU and a Linux 6.12+ host kernel",
		KVM_LOONGARCH_VM_FEAT_PMU, true, 6, LA_CPUCFG6_PMP, DFLT_HOST },
	[LA_FEAT_PTW] = { "ptw", "hardware page-table walker",
		"a Linux 6.18+ host kernel with a page-table-walker CPU",
		KVM_LOONGARCH_VM_FEAT_PTW, true, 2, LA_CPUCFG2_PTW, DFLT_HOST },
	[LA_FEAT_MSGINT] = { "msgint", "message-signalled interrupt CPU bit (lkvm has no AVEC controller)",
		"a Linux 6.19+ host kernel on a CPU with AVEC",
		KVM_LOONGARCH_VM_FEAT_MSGINT, true, 1, LA_CPUCFG1_MSGINT, DFLT_OFF },
	[LA_FEAT_PV_IPI] = { "pv-ipi", "IPIs by hypercall instead of IOCSR writes",
		"a Linux 6.10+ host kernel",
		KVM_LOONGARCH_VM_FEAT_PV_IPI, true, PV_WORD, BIT(KVM_FEATURE_IPI), DFLT_ON },
	[LA_FEAT_PV_STEAL_TIME] = { "pv-steal-time", "steal-time accounting",
		"a Linux 6.11+ host kernel with CONFIG_SCHED_INFO",
		KVM_LOONGARCH_VM_FEAT_PV_STEALTIME, true, PV_WORD,
		BIT(KVM_FEATURE_STEAL_TIME), DFLT_ON },
	[LA_FEAT_PV_PREEMPT] = { "pv-preempt", "preempted-vCPU hint (implies pv-steal-time)",
		"a Linux 7.0+ host kernel with CONFIG_SCHED_INFO",
		KVM_LOONGARCH_VM_FEAT_PV_PREEMPT, true, PV_WORD,
		BIT(KVM_FEATURE_PREEMPT), DFLT_ON },
	[LA_FEAT_VIRT_EXTIOI] = { "virt-extioi", "EXTIOI virt extension: interrupts to any vCPU",
		"a Linux 6.12+ host kernel",
		KVM_LOONGARCH_VM_FEAT_PV_IPI, false, PV_WORD,
		BIT(KVM_FEATURE_VIRT_EXTIOI), DFLT_OFF },
	[LA_FEAT_USER_HCALL] = { "user-hcall", "hvcl 0x102 hypercalls answered by lkvm",
		"a Linux 6.14+ host kernel",
		KVM_LOONGARCH_VM_FEAT_PV_IPI, false, PV_WORD,
		BIT(KVM_FEATURE_USER_HCALL), DFLT_OFF },
};

/* The VM_FEAT_CTRL attrs lkvm probes, 0..10. */
#define LA_VM_FEAT_LAST		KVM_LOONGARCH_VM_FEAT_PV_PREEMPT

static const char *const vm_feat_names[LA_VM_FEAT_LAST + 1] = {
	"LSX", "LASX", "X86BT", "ARMBT", "MIPSBT", "PMU", "PV_IPI",
	"PV_STEALTIME", "PTW", "MSGINT", "PV_PREEMPT",
};

/* QEMU-style PMU word for "+pmu" on a base without one: 4 counters, 64 bits, UPM. */
#define LA_CPUCFG6_PMU_DEFAULT	0x7f31

/* Format the error message into err; returns rc for "return set_err(...)". */
static __printf(4, 5) int set_err(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static bool sel_has(u64 set, enum la_feature f)
{
	return set & BIT(f);
}

const char *la_feature__name(enum la_feature f)
{
	return (unsigned int)f < LA_NR_FEATURES ? la_features[f].name : "?";
}

static int feature_lookup(const char *name, size_t len)
{
	char buf[32];
	size_t i;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	for (i = 0; i < len; i++)
		buf[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
	buf[len] = '\0';
	for (i = 0; i < LA_NR_FEATURES; i++)
		if (!strcmp(buf, la_features[i].name))
			return (int)i;
	return -1;
}

static void valid_names(char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < LA_NR_FEATURES && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", la_features[i].name);
}

int la_features__parse(const char *list, struct la_feature_sel *sel,
		       char *err, size_t errlen)
{
	const char *p = list;

	sel->on = sel->off = 0;
	if (!list)
		return 0;
	while (*p) {
		const char *start, *end;
		bool enable = true;
		int f;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ',')
			p++;
		end = p;
		while (end > start && isspace((unsigned char)end[-1]))
			end--;
		if (*start == '+' || *start == '-') {
			enable = *start == '+';
			start++;
		}
		f = feature_lookup(start, (size_t)(end - start));
		if (f < 0) {
			char names[256];

			valid_names(names, sizeof(names));
			return set_err(-EINVAL, err, errlen,
				"unknown CPU feature '%.*s' in --cpu-features; valid names: %s",
				(int)(end - start), start, names);
		}
		if (sel_has(enable ? sel->off : sel->on, f)) {
			return set_err(-EINVAL, err, errlen,
				"--cpu-features both enables and disables '%s'; give it once",
				la_features[f].name);
		}
		if (enable)
			sel->on |= BIT(f);
		else
			sel->off |= BIT(f);
	}
	return 0;
}

int la_features__probe_vm(struct kvm *kvm, u64 *out)
{
	int attr, e;

	*out = 0;
	for (attr = 0; attr <= LA_VM_FEAT_LAST; attr++) {
		struct kvm_device_attr da = {
			.group = KVM_LOONGARCH_VM_FEAT_CTRL,
			.attr = (u64)attr,
		};

		if (kvm__ioctl(kvm, kvm->vm_fd, KVM_HAS_DEVICE_ATTR, &da) == 0) {
			*out |= BIT(attr);
			continue;
		}
		e = errno;
		if (e == ENXIO)
			continue;
		/*
		 * Before 6.12 kvm_arch_vm_ioctl handles nothing (ENOTTY); some
		 * distribution kernels answer EINVAL. No group, then.
		 */
		if (attr == 0 && (e == ENOTTY || e == EINVAL)) {
			*out = LA_VM_NO_FEAT_CTRL;
			return 0;
		}
		pr_err("KVM_HAS_DEVICE_ATTR(VM_FEAT_CTRL, %s) failed: %s",
		       vm_feat_names[attr], strerror(e));
		return -e;
	}
	return 0;
}

bool la_feature__available(enum la_feature f, u64 vm_features)
{
	if ((unsigned int)f >= LA_NR_FEATURES)
		return false;
	if (vm_features & LA_VM_NO_FEAT_CTRL) {
		/*
		 * CPU features: the CPUCFG masks decide. PV IPI and steal time
		 * the kernel may give on its own (6.10, 6.11); anything that
		 * needs the VMM to set the PV word it cannot.
		 */
		return la_features[f].word != PV_WORD || f == LA_FEAT_PV_IPI ||
		       f == LA_FEAT_PV_STEAL_TIME;
	}
	return vm_features & BIT(la_features[f].vm_attr);
}

void la_features__unchecked(u64 vm_features, bool masks_known, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!(vm_features & LA_VM_NO_FEAT_CTRL))
		return;
	snprintf(buf, len, "host kernel without VM feature control (before Linux 6.12): "
		 "CPU features follow its CPUCFG masks%s; lkvm cannot check or choose "
		 "pv-ipi and pv-steal-time, the kernel decides",
		 masks_known ? "" : " (it has none: Linux 6.7, so no lsx, lasx, lbt or pmu)");
}

bool la_features__pv_settable(u64 vm_features)
{
	return !(vm_features & LA_VM_NO_FEAT_CTRL) &&
	       (vm_features & BIT(KVM_LOONGARCH_VM_FEAT_PV_IPI));
}

int la_features__check(const struct la_feature_sel *sel, u64 vm_features,
		       char *err, size_t errlen)
{
	int f;

	for (f = 0; f < LA_NR_FEATURES; f++) {
		const struct la_feature_desc *d = &la_features[f];

		if (sel_has(sel->on, f) && !la_feature__available(f, vm_features)) {
			return set_err(-ENODEV, err, errlen, "feature '%s' needs %s; this host lacks it",
				d->name, d->needs);
		}
		if (sel_has(sel->off, f) && d->word == PV_WORD &&
		    !la_features__pv_settable(vm_features)) {
			return set_err(-ENODEV, err, errlen,
				"cannot disable '%s': choosing PV features needs a Linux 6.12+ host kernel",
				d->name);
		}
	}
	if (sel_has(sel->on, LA_FEAT_LASX) && sel_has(sel->off, LA_FEAT_LSX))
		return set_err(-EINVAL, err, errlen, "feature 'lasx' needs 'lsx', which --cpu-features disables");
	if (sel_has(sel->on, LA_FEAT_PV_PREEMPT) && sel_has(sel->off, LA_FEAT_PV_STEAL_TIME))
		return set_err(-EINVAL, err, errlen,
			       "feature 'pv-preempt' needs 'pv-steal-time', which --cpu-features disables");
	return 0;
}

u64 la_features__pv_word(u64 vm_features, const struct la_feature_sel *sel)
{
	u64 word = 0;
	int f;

	if (!la_features__pv_settable(vm_features))
		return 0;
	for (f = 0; f < LA_NR_FEATURES; f++) {
		const struct la_feature_desc *d = &la_features[f];
		bool want;

		if (d->word != PV_WORD || !la_feature__available(f, vm_features))
			continue;
		want = d->dflt == DFLT_ON ? !sel_has(sel->off, f) : sel_has(sel->on, f);
		if (want)
			word |= d->bits;
	}
	/* The preempted flag lives in the steal-time record. */
	if (!(word & BIT(KVM_FEATURE_STEAL_TIME)))
		word &= ~BIT(KVM_FEATURE_PREEMPT);
	return word;
}

int la_cpu_model__compute(const u32 base[LA_CPUCFG_WORDS],
			  const u32 masks[LA_CPUCFG_WORDS], u64 vm_features,
			  const struct la_feature_sel *sel,
			  struct la_cpu_model *out, char *err, size_t errlen)
{
	struct la_feature_sel s = *sel;
	u32 c[LA_CPUCFG_WORDS];
	int n, f;

	/* Dependencies: lasx implies lsx; no lsx means no lasx. */
	if (sel_has(s.on, LA_FEAT_LASX))
		s.on |= BIT(LA_FEAT_LSX);
	if (sel_has(s.off, LA_FEAT_LSX))
		s.off |= BIT(LA_FEAT_LASX);
	if (sel_has(s.on, LA_FEAT_LSX) && sel_has(s.off, LA_FEAT_LSX))
		return set_err(-EINVAL, err, errlen, "feature 'lasx' needs 'lsx', which --cpu-features disables");

	for (n = 0; n < LA_CPUCFG_WORDS; n++)
		c[n] = base[n] & masks[n];

	for (f = 0; f < LA_NR_FEATURES; f++) {
		const struct la_feature_desc *d = &la_features[f];

		if (d->word == PV_WORD)
			continue;
		if (sel_has(s.off, f) || (d->dflt == DFLT_OFF && !sel_has(s.on, f))) {
			c[d->word] &= f == LA_FEAT_PMU ? 0 : ~(u32)d->bits;
			continue;
		}
		if (!sel_has(s.on, f))
			continue;
		if (!la_feature__available(f, vm_features) ||
		    (masks[d->word] & d->bits) != d->bits) {
			return set_err(-ENODEV, err, errlen, "feature '%s' needs %s; this host lacks it",
				d->name, d->needs);
		}
		if (f == LA_FEAT_PMU && !(c[6] & LA_CPUCFG6_PMP))
			c[6] = LA_CPUCFG6_PMU_DEFAULT & masks[6];
		else
			c[d->word] |= (u32)d->bits;
	}

	/* SIMD needs the scalar FPU. */
	if ((c[2] & (LA_CPUCFG2_LSX | LA_CPUCFG2_LASX)) && !(c[2] & LA_CPUCFG2_FP))
		c[2] |= (LA_CPUCFG2_FP | LA_CPUCFG2_FPSP | LA_CPUCFG2_FPDP) & masks[2];

	/* Without IOCSR the guest never sees IOCSRF_VM and so no PV feature. */
	c[1] |= LA_CPUCFG1_IOCSR & masks[1];
	c[2] |= LA_CPUCFG2_LLFTP & masks[2];
	if (!(c[2] & LA_CPUCFG2_LLFTP))
		return set_err(-EINVAL, err, errlen,
			       "the kernel's CPUCFG2 mask lacks LLFTP (constant timer); cannot build a guest CPU");
	la_cpucfg__fixup(c);

	for (n = 0; n < LA_CPUCFG_WORDS; n++)
		out->cpucfg[n] = c[n] & masks[n];
	out->pv_features = la_features__pv_word(vm_features, sel);
	out->virt_extioi = out->pv_features & BIT(KVM_FEATURE_VIRT_EXTIOI);
	return 0;
}

/* Masks for "lkvm features" on a kernel without VM_FEAT_CTRL: from a vCPU. */
static int features__old_kernel_masks(struct kvm *kvm, u32 masks[LA_CPUCFG_WORDS],
				      bool *known)
{
	int fd, r;

	fd = kvm__ioctl(kvm, kvm->vm_fd, KVM_CREATE_VCPU, (void *)0);
	if (fd < 0) {
		pr_err("KVM_CREATE_VCPU failed: %s", strerror(errno));
		return -errno;
	}
	r = la_cpucfg__read_masks(kvm, fd, masks, known);
	kvm->be->close(fd);
	return r;
}

int la_features__print(struct kvm *kvm, FILE *out)
{
	u32 cpu[LA_CPUCFG_WORDS], masks[LA_CPUCFG_WORDS];
	bool old, known = true, unsure = false;
	char note[320];
	const char *missing;
	u64 vmf;
	int f, r;

	r = la_features__probe_vm(kvm, &vmf);
	if (!r)
		r = la_cpucfg__read_host(kvm, cpu);
	old = vmf & LA_VM_NO_FEAT_CTRL;
	if (!r && old)
		r = features__old_kernel_masks(kvm, masks, &known);
	if (r)
		return r;
	fprintf(out, "CPU features for --cpu-features on this host (%s backend):\n\n",
		kvm->be->name);
	fprintf(out, "%-14s %-5s %-7s %s\n", "name", "here", "default", "what the guest gets");
	for (f = 0; f < LA_NR_FEATURES; f++) {
		const struct la_feature_desc *d = &la_features[f];
		bool avail = la_feature__available(f, vmf);
		const char *here;
		bool on;

		/* Without VM_FEAT_CTRL the masks say what the kernel allows. */
		if (old && d->word != PV_WORD)
			avail = (masks[d->word] & d->bits) == d->bits;
		switch (d->dflt) {
		case DFLT_HOST:
			on = avail && (cpu[d->word] & d->bits) == d->bits;
			break;
		case DFLT_ON:
			on = avail;
			break;
		default:
			on = false;
			break;
		}
		if (!avail)
			here = "no";
		else if (old && d->word == PV_WORD)
			here = "?";
		else
			here = d->exact ? "yes" : "yes*";
		unsure |= here[0] == '?';
		fprintf(out, "%-14s %-5s %-7s %s\n", d->name, here,
			here[0] == '?' ? "kernel" : on ? "on" : "off", d->gives);
		if (!avail)
			fprintf(out, "%-28s (needs %s)\n", "", d->needs);
	}
	fprintf(out, "\n'+name' enables, '-name' disables, e.g. --cpu-features=-lasx,+virt-extioi.\n"
		"CPU (CPUCFG) features default to what the CPU under the backend has.\n");
	for (f = 0; f < LA_NR_FEATURES; f++) {
		if (!la_features[f].exact && la_feature__available(f, vmf)) {
			fprintf(out, "* the kernel confirms it when the VM starts.\n");
			break;
		}
	}
	if (unsure) {
		la_features__unchecked(vmf, known, note, sizeof(note));
		fprintf(out, "? %s.\n", note);
	}
	missing = la_kirq__missing(kvm);
	if (missing)
		fprintf(out, "\nInterrupt controllers: lkvm's (the kernel has no in-kernel %s; "
			"--irqchip kernel needs Linux 6.13+).\n", missing);
	else
		fprintf(out, "\nInterrupt controllers: the kernel's IPI, EIOINTC and PCH-PIC "
			"(--irqchip auto uses them).\n");
	return 0;
}
