/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flattened device tree handed to the guest through the EFI
 * DEVICE_TREE table: CPUs, memory, the interrupt controllers and /chosen
 * here; every device adds its own node (the power-off syscon included)
 * through fdt_gen__register() (lkvm/device.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "lkvm/device.h"
#include "lkvm/kvm.h"
#include "arch/boot.h"
#include "arch/memmap.h"

#define FDT_RNG_SEED_SIZE	32
/*
 * The core clock the cpu nodes name (the LoongArch cpus binding requires
 * "clocks"; the kernel reads it for cpu_clock_freq and warns without):
 * the nominal clock of the 3A5000 the nodes claim. Informational only.
 */
#define LA_CPU_CLOCK_HZ		2500000000U

/* Bail out of a builder on a libfdt error, naming what failed. */
#define FDT_TRY(expr, what)						\
	do {								\
		int __r = (expr);					\
		if (__r < 0) {						\
			pr_err("FDT: cannot add %s: %s", what,		\
			       fdt_strerror(__r));			\
			return -EINVAL;					\
		}							\
	} while (0)

static int setprop_reg(void *fdt, int node, u64 base, u64 size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	return fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

static int add_node(void *fdt, int parent, const char *name, const char *what)
{
	int node = fdt_add_subnode(fdt, parent, name);

	if (node < 0)
		pr_err("FDT: cannot add %s: %s", what, fdt_strerror(node));
	return node;
}

static int fdt_cpus(struct kvm *kvm, void *fdt)
{
	char name[32];
	int cpus, node;
	unsigned int i;

	node = add_node(fdt, 0, "cpu-clock", "/cpu-clock");
	if (node < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_string(fdt, node, "compatible", "fixed-clock"), "/cpu-clock");
	FDT_TRY(fdt_setprop_u32(fdt, node, "#clock-cells", 0), "/cpu-clock");
	FDT_TRY(fdt_setprop_u32(fdt, node, "clock-frequency", LA_CPU_CLOCK_HZ), "/cpu-clock");
	FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_CPU_CLOCK), "/cpu-clock");

	cpus = add_node(fdt, 0, "cpus", "/cpus");
	if (cpus < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_u32(fdt, cpus, "#address-cells", 1), "/cpus");
	FDT_TRY(fdt_setprop_u32(fdt, cpus, "#size-cells", 0), "/cpus");
	/* fdt_add_subnode() prepends: add the last CPU first. */
	for (i = kvm->nr_cpus; i-- > 0;) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		node = add_node(fdt, cpus, name, "a cpu node");
		if (node < 0)
			return -EINVAL;
		FDT_TRY(fdt_setprop_string(fdt, node, "device_type", "cpu"), name);
		FDT_TRY(fdt_setprop_string(fdt, node, "compatible",
					   "loongarch,Loongson-3A5000"), name);
		/* reg is the physical id the vCPU gets in CSR.CPUID. */
		FDT_TRY(fdt_setprop_u32(fdt, node, "reg", i), name);
		FDT_TRY(fdt_setprop_u32(fdt, node, "clocks", LA_PHANDLE_CPU_CLOCK), name);
		FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_CPU_BASE + i), name);
	}
	return 0;
}

static int fdt_memory(struct kvm *kvm, void *fdt)
{
	char name[40];
	int b, node;

	for (b = kvm->nr_banks; b-- > 0;) {
		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)kvm->banks[b].gpa);
		node = add_node(fdt, 0, name, "a memory node");
		if (node < 0)
			return -EINVAL;
		FDT_TRY(fdt_setprop_string(fdt, node, "device_type", "memory"), name);
		FDT_TRY(setprop_reg(fdt, node, kvm->banks[b].gpa, kvm->banks[b].size), name);
	}
	return 0;
}

static int fdt_irqchips(void *fdt)
{
	char name[40];
	int node;

	/* Added in reverse so they read cpuic, eiointc, platic, msi. */
	snprintf(name, sizeof(name), "msi@%llx", (unsigned long long)LA_PCH_MSI_BASE);
	node = add_node(fdt, 0, name, "the PCH-MSI node");
	if (node < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_string(fdt, node, "compatible", "loongson,pch-msi-1.0"), name);
	FDT_TRY(setprop_reg(fdt, node, LA_PCH_MSI_BASE, LA_PCH_MSI_SIZE), name);
	FDT_TRY(fdt_setprop_empty(fdt, node, "interrupt-controller"), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "interrupt-parent", LA_PHANDLE_EIOINTC), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "loongson,msi-base-vec", LA_PCH_MSI_BASE_VEC), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "loongson,msi-num-vecs", LA_PCH_MSI_NUM_VECS), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_PCH_MSI), name);

	snprintf(name, sizeof(name), "platic@%llx", (unsigned long long)LA_PCH_PIC_BASE);
	node = add_node(fdt, 0, name, "the PCH-PIC node");
	if (node < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_string(fdt, node, "compatible", "loongson,pch-pic-1.0"), name);
	FDT_TRY(setprop_reg(fdt, node, LA_PCH_PIC_BASE, LA_PCH_PIC_SIZE), name);
	FDT_TRY(fdt_setprop_empty(fdt, node, "interrupt-controller"), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "#interrupt-cells", 2), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "#address-cells", 0), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "interrupt-parent", LA_PHANDLE_EIOINTC), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "loongson,pic-base-vec", 0), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_PCH_PIC), name);

	snprintf(name, sizeof(name), "eiointc@%llx", (unsigned long long)LA_IOCSR_EXTIOI_BASE);
	node = add_node(fdt, 0, name, "the EIOINTC node");
	if (node < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_string(fdt, node, "compatible", "loongson,ls2k2000-eiointc"), name);
	/* The driver maps nothing from reg; QEMU describes 0x800 of IOCSR. */
	FDT_TRY(setprop_reg(fdt, node, LA_IOCSR_EXTIOI_BASE, 0x800), name);
	FDT_TRY(fdt_setprop_empty(fdt, node, "interrupt-controller"), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "#interrupt-cells", 1), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "#address-cells", 0), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "interrupt-parent", LA_PHANDLE_CPUIC), name);
	/* CPU interrupt 3 = HWI1, where the guest driver expects EIOINTC. */
	FDT_TRY(fdt_setprop_u32(fdt, node, "interrupts", 3), name);
	FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_EIOINTC), name);

	node = add_node(fdt, 0, "cpuic", "the CPU interrupt controller node");
	if (node < 0)
		return -EINVAL;
	FDT_TRY(fdt_setprop_string(fdt, node, "compatible",
				   "loongson,cpu-interrupt-controller"), "/cpuic");
	FDT_TRY(fdt_setprop_empty(fdt, node, "interrupt-controller"), "/cpuic");
	FDT_TRY(fdt_setprop_u32(fdt, node, "#interrupt-cells", 1), "/cpuic");
	/* No unit address in interrupt specifiers (quiets dtc). */
	FDT_TRY(fdt_setprop_u32(fdt, node, "#address-cells", 0), "/cpuic");
	FDT_TRY(fdt_setprop_u32(fdt, node, "phandle", LA_PHANDLE_CPUIC), "/cpuic");
	return 0;
}

static int fdt_chosen(struct kvm *kvm, void *fdt, const char *cmdline)
{
	u8 seed[FDT_RNG_SEED_SIZE];
	int node;

	node = add_node(fdt, 0, "chosen", "/chosen");
	if (node < 0)
		return -EINVAL;
	/*
	 * The guest takes bootargs, then appends the a1 string unless
	 * bootargs already contains it: both carry the same line.
	 */
	FDT_TRY(fdt_setprop_string(fdt, node, "bootargs", cmdline ? cmdline : ""),
		"/chosen/bootargs");
	if (kvm->arch.initrd_size) {
		FDT_TRY(fdt_setprop_u64(fdt, node, "linux,initrd-start",
					kvm->arch.initrd_start), "/chosen");
		FDT_TRY(fdt_setprop_u64(fdt, node, "linux,initrd-end",
					kvm->arch.initrd_start + kvm->arch.initrd_size),
			"/chosen");
	}
	if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		FDT_TRY(fdt_setprop(fdt, node, "rng-seed", seed, sizeof(seed)), "/chosen/rng-seed");
	else
		pr_warn("no host randomness for /chosen/rng-seed; the guest seeds itself");
	memset(seed, 0, sizeof(seed));
	return 0;
}

int la_fdt__set_stdout(void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, "/chosen");

	if (node < 0)
		node = fdt_add_subnode(fdt, 0, "chosen");
	if (node >= 0)
		node = fdt_setprop_string(fdt, node, "stdout-path", path);
	if (node < 0) {
		pr_err("FDT: cannot set /chosen/stdout-path: %s", fdt_strerror(node));
		return -EINVAL;
	}
	return 0;
}

/* Write FILE.tmp and rename it, so a failure leaves no partial file. */
static int dump_dtb(const char *path, const void *fdt, size_t size)
{
	size_t len = strlen(path) + 5;
	char *tmp = malloc(len);
	FILE *f;
	int err = 0;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, len, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		err = -errno;
		pr_err("--dump-dtb %s: cannot create %s: %s", path, tmp, strerror(errno));
		free(tmp);
		return err;
	}
	if (fwrite(fdt, 1, size, f) != size)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		pr_err("--dump-dtb %s: cannot write: %s", path, strerror(-err));
		unlink(tmp);
	}
	free(tmp);
	return err;
}

static int build(struct kvm *kvm, void *fdt, const char *cmdline)
{
	int err;

	FDT_TRY(fdt_create_empty_tree(fdt, LA_FDT_MAX_SIZE), "the root");
	FDT_TRY(fdt_setprop_string(fdt, 0, "compatible", "linux,dummy-loongson3"), "/");
	FDT_TRY(fdt_setprop_u32(fdt, 0, "#address-cells", 2), "/");
	FDT_TRY(fdt_setprop_u32(fdt, 0, "#size-cells", 2), "/");

	/* fdt_add_subnode() prepends: reverse order of appearance. */
	err = fdt_irqchips(fdt);
	if (!err)
		err = fdt_memory(kvm, fdt);
	if (!err)
		err = fdt_cpus(kvm, fdt);
	if (!err)
		err = fdt_chosen(kvm, fdt, cmdline);
	if (err)
		return err;

	err = fdt_gen__run_all(kvm, fdt);
	if (err < 0) {
		pr_err("FDT: a device's node generator failed (%d)", err);
		return err;
	}
	FDT_TRY(fdt_pack(fdt), "the final tree");
	return 0;
}

int la_fdt__setup(struct kvm *kvm, const char *cmdline)
{
	void *fdt, *copy, *dst;
	size_t size;
	int err;

	fdt = calloc(1, LA_FDT_MAX_SIZE);
	if (!fdt)
		return -ENOMEM;
	err = build(kvm, fdt, cmdline);
	if (err)
		goto out;
	size = fdt_totalsize(fdt);
	if (size > LA_FDT_MAX_SIZE) {
		pr_err("FDT of %zu bytes exceeds the %llu KiB reserved for it", size,
		       (unsigned long long)(LA_FDT_MAX_SIZE >> 10));
		err = -E2BIG;
		goto out;
	}
	dst = kvm__gpa_to_hva(kvm, LA_FDT_BASE, LA_FDT_MAX_SIZE);
	if (!dst) {
		pr_err("no guest RAM at 0x%llx for the FDT", (unsigned long long)LA_FDT_BASE);
		err = -EINVAL;
		goto out;
	}
	memset(dst, 0, LA_FDT_MAX_SIZE);
	memcpy(dst, fdt, size);

	copy = realloc(fdt, size);
	if (copy)
		fdt = copy;
	free(kvm->arch.fdt);
	kvm->arch.fdt = fdt;
	kvm->arch.fdt_size = size;
	fdt = NULL;

	if (kvm->cfg.dump_dtb)
		err = dump_dtb(kvm->cfg.dump_dtb, kvm->arch.fdt, size);
out:
	free(fdt);
	return err;
}
