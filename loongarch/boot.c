/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Put everything the guest needs at its entry into guest RAM: the kernel,
 * the initrd, the command line, the EFI tables and the FDT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lkvm/kvm.h"
#include "arch/boot.h"
#include "arch/irqchip.h"
#include "arch/memmap.h"
#include "arch/smp-stub.h"

extern const unsigned char lkvm_default_guest[], lkvm_default_guest_end[];

int la_boot__write_cmdline(struct kvm *kvm, const char *cmdline)
{
	size_t len = cmdline ? strlen(cmdline) : 0;
	char *dst;

	if (len + 1 > LA_CMDLINE_SIZE) {
		pr_err("kernel command line is %zu bytes: at most %d fit, shorten -p",
		       len, LA_CMDLINE_SIZE - 1);
		return -E2BIG;
	}
	dst = kvm__gpa_to_hva(kvm, LA_BOOT_CMDLINE, LA_CMDLINE_SIZE);
	if (!dst) {
		pr_err("no guest RAM at 0x%llx for the command line",
		       (unsigned long long)LA_BOOT_CMDLINE);
		return -EINVAL;
	}
	/* The guest maps and copies all LA_CMDLINE_SIZE bytes. */
	memset(dst, 0, LA_CMDLINE_SIZE);
	if (len)
		memcpy(dst, cmdline, len);
	return 0;
}

/* A kernel or initrd larger than guest RAM cannot be loaded: do not read it all. */
static int boot__read(struct kvm *kvm, const char *name, const char *what, void **buf,
		      size_t *len)
{
	int err = util__read_file(name, kvm->ram_size, buf, len);

	if (err == -EFBIG)
		pr_err("%s: %s larger than the %llu MiB of guest RAM; use a larger --mem "
		       "or a smaller file", name, what, (unsigned long long)(kvm->ram_size >> 20));
	else if (err)
		pr_err("%s: cannot read %s: %s", name, what, strerror(-err));
	return err;
}

static int load_kernel(struct kvm *kvm, struct la_kernel *k)
{
	const char *name = kvm->cfg.kernel;
	void *buf;
	size_t len;
	int err;

	if (!name)
		return la_loader__load_kernel(kvm, "built-in guest", lkvm_default_guest,
					      (size_t)(lkvm_default_guest_end - lkvm_default_guest),
					      k);
	err = boot__read(kvm, name, "kernel", &buf, &len);
	if (err)
		return err;
	err = la_loader__load_kernel(kvm, name, buf, len, k);
	free(buf);
	return err;
}

static int load_initrd(struct kvm *kvm, const struct la_kernel *k)
{
	const char *name = kvm->cfg.initrd;
	void *buf;
	size_t len;
	u64 start;
	int err;

	kvm->arch.initrd_start = 0;
	kvm->arch.initrd_size = 0;
	if (!name)
		return 0;
	err = boot__read(kvm, name, "initrd", &buf, &len);
	if (err)
		return err;
	err = la_loader__load_initrd(kvm, name, buf, len, k, &start);
	free(buf);
	if (err)
		return err;
	kvm->arch.initrd_start = start;
	kvm->arch.initrd_size = len;
	return 0;
}

int kvm__arch_setup_boot(struct kvm *kvm)
{
	const char *cmdline = kvm->cfg.params ? kvm->cfg.params : "";
	struct la_kernel k;
	int err;

	err = load_kernel(kvm, &k);
	if (err)
		return err;
	kvm->arch.entry = k.entry;
	kvm->arch.kernel_start = k.start;
	kvm->arch.kernel_end = k.end;

	err = load_initrd(kvm, &k);
	if (err)
		return err;
	err = la_boot__write_cmdline(kvm, cmdline);
	if (err)
		return err;
	err = la_efi__setup(kvm);
	if (err)
		return err;
	if (kvm->arch.irqchip && kvm->arch.irqchip->in_kernel) {
		err = la_smp_stub__install(kvm);
		if (err)
			return err;
	}
	return la_fdt__setup(kvm, cmdline);
}

void kvm__arch_boot_exit(struct kvm *kvm)
{
	free(kvm->arch.fdt);
	kvm->arch.fdt = NULL;
	kvm->arch.fdt_size = 0;
}
