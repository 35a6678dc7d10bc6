/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_BOOT_H
#define LKVM_ARCH_BOOT_H

#include "lkvm/util.h"
#include "arch/memmap.h"

struct kvm;

/*
 * Boot hand-off to the kernel entry (Documentation/arch/loongarch/booting.rst):
 * a0 = EFI boot flag, a1 = physical address of the command line,
 * a2 = physical address of the EFI system table. PC = kvm->arch.entry,
 * CRMD.DA = 1. Only the boot vCPU gets these.
 */
#define LA_BOOT_A0		1ULL
#define LA_BOOT_A1		LA_BOOT_CMDLINE
#define LA_BOOT_A2		LA_BOOT_SYSTAB

/* DMW windows map vaddr[47:0] to physical: the kernel's TO_PHYS mask. */
#define LA_PHYS_MASK		(BIT(48) - 1)

/* Upper bound for a decompressed gzip kernel or zboot payload. */
#define LA_GZIP_MAX_OUT		(256ULL << 20)

/* Where a kernel image ended up in guest RAM. */
struct la_kernel {
	u64 entry;		/* physical entry address */
	u64 start, end;		/* physical [start, end), including BSS */
	const char *format;	/* "ELF", "EFI image", "raw", ... */
};

/*
 * Load a kernel image held in buf into guest RAM (kvm->banks). name is used
 * in error messages. Formats: ELF64 LoongArch, LoongArch Linux EFI image
 * (vmlinux.efi), EFI zboot (gzip), gzip of any of those, raw image (see
 * loader.c for the detection rule). Returns 0 or -errno after pr_err().
 */
int la_loader__load_kernel(struct kvm *kvm, const char *name,
			   const void *buf, size_t len, struct la_kernel *out);

/*
 * Copy an initrd into guest RAM above the kernel; sets *start. gzip initrds
 * are passed through as they are (the guest unpacks them).
 */
int la_loader__load_initrd(struct kvm *kvm, const char *name,
			   const void *buf, size_t len,
			   const struct la_kernel *k, u64 *start);

/* Inflate a gzip stream into a malloc'd buffer of at most max bytes. */
int la_loader__gunzip(const char *name, const void *in, size_t in_len,
		      u64 max, void **out, size_t *out_len);

/* Command line at LA_BOOT_CMDLINE; -E2BIG if it needs > LA_CMDLINE_SIZE. */
int la_boot__write_cmdline(struct kvm *kvm, const char *cmdline);

/*
 * EFI system table, configuration tables and boot memory map in the first
 * 2 MiB, from kvm->banks and kvm->arch (kernel, initrd).
 */
int la_efi__setup(struct kvm *kvm);

/*
 * Build the FDT (with the devices' generators), copy it to LA_FDT_BASE and
 * keep a host copy in kvm->arch.fdt. cmdline may be NULL.
 */
int la_fdt__setup(struct kvm *kvm, const char *cmdline);

/*
 * For device FDT generators: the tree they get is a read-write libfdt tree
 * with /chosen present, so they may add nodes anywhere and call this to
 * name the console ("/serial@1fe001e0").
 */
int la_fdt__set_stdout(void *fdt, const char *path);

#endif
