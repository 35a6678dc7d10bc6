/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generated FDT, read back with libfdt (and dtc when installed):
 * node names, properties and phandle links the guest's drivers need
 * (drivers/irqchip/irq-loongson-*.c, power/reset/syscon-*.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>
#include "la_boot_testlib.h"
#include "arch/boot.h"
#include "arch/board.h"
#include "lkvm/ged.h"
#include "lkvm/isa-io.h"
#include "tmpdir_test.h"

static char tmpdir[] = "/tmp/lkvm-test-fdt-XXXXXX";

static int node(const void *fdt, const char *path)
{
	int n = fdt_path_offset(fdt, path);

	if (n < 0)
		fail_msg("no node %s", path);
	return n;
}

static u32 prop_u32(const void *fdt, const char *path, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node(fdt, path), name, &len);

	if (!p || len != 4)
		fail_msg("%s/%s: missing or not one cell", path, name);
	return fdt32_to_cpu(*p);
}

static const char *prop_str(const void *fdt, const char *path, const char *name)
{
	int len;
	const char *p = fdt_getprop(fdt, node(fdt, path), name, &len);

	if (!p || len < 1 || p[len - 1])
		fail_msg("%s/%s: missing or not a string", path, name);
	return p;
}

static void check_reg(const void *fdt, const char *path, u64 base, u64 size)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node(fdt, path), "reg", &len);

	assert_non_null(p);
	assert_int_equal(len, 16);	/* two cells address, two cells size */
	assert_int_equal(fdt32_to_cpu(p[0]), base >> 32);
	assert_int_equal(fdt32_to_cpu(p[1]), (u32)base);
	assert_int_equal(fdt32_to_cpu(p[2]), size >> 32);
	assert_int_equal(fdt32_to_cpu(p[3]), (u32)size);
}

/* The node a phandle property points at. */
static int target(const void *fdt, const char *path, const char *name)
{
	int n = fdt_node_offset_by_phandle(fdt, prop_u32(fdt, path, name));

	assert_true(n >= 0);
	return n;
}

static int gen_calls;

static int gen_serial(struct kvm *kvm, void *fdt, void *opaque)
{
	int n = fdt_add_subnode(fdt, 0, "serial@1fe001e0");

	assert_ptr_equal(opaque, &gen_calls);
	assert_non_null(kvm);
	gen_calls++;
	if (n < 0)
		return n;
	fdt_setprop_string(fdt, n, "compatible", "ns16550a");
	fdt_setprop_u32(fdt, n, "interrupt-parent", LA_PHANDLE_PCH_PIC);
	return la_fdt__set_stdout(fdt, "/serial@1fe001e0");
}

static int gen_fail(struct kvm *kvm, void *fdt, void *opaque)
{
	(void)kvm;
	(void)fdt;
	(void)opaque;
	return -22;
}

static struct kvm *mk_vm(void)
{
	struct kvm *kvm = tkvm_new(1ULL << 30);

	kvm->nr_cpus = 4;
	kvm->arch.initrd_start = 0x2000000;
	kvm->arch.initrd_size = 0x1234;
	kvm->fdt_gens[0].fn = gen_serial;
	kvm->fdt_gens[0].opaque = &gen_calls;
	kvm->nr_fdt_gens = 1;
	/* The power-off syscon is the GED device's, at the board's place. */
	io_space__init(&kvm->mmio, "mmio");
	assert_int_equal(ged__init(kvm, la_board__desc(LA_DEV_GED)), 0);
	assert_int_equal(isa_io__init(kvm, la_board__desc(LA_DEV_ISA_IO)), 0);
	return kvm;
}

static void test_contents(void **state)
{
	struct kvm *kvm = mk_vm();
	const void *fdt;
	const fdt64_t *p64;
	const char *s;
	int len, n, cpus, i;
	char path[32];

	(void)state;
	gen_calls = 0;
	assert_int_equal(la_fdt__setup(kvm, "console=ttyS0 quiet"), 0);
	assert_int_equal(gen_calls, 1);
	fdt = kvm->arch.fdt;
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_int_equal(fdt_totalsize(fdt), kvm->arch.fdt_size);
	/* The guest copy is the host copy. */
	assert_memory_equal(tkvm_ptr(kvm, 0x100000, kvm->arch.fdt_size), fdt,
			    kvm->arch.fdt_size);

	assert_string_equal(prop_str(fdt, "/", "compatible"), "linux,dummy-loongson3");
	assert_int_equal(prop_u32(fdt, "/", "#address-cells"), 2);
	assert_int_equal(prop_u32(fdt, "/", "#size-cells"), 2);

	assert_int_equal(prop_u32(fdt, "/cpus", "#address-cells"), 1);
	assert_int_equal(prop_u32(fdt, "/cpus", "#size-cells"), 0);
	cpus = node(fdt, "/cpus");
	i = 0;
	fdt_for_each_subnode(n, fdt, cpus) {
		snprintf(path, sizeof(path), "cpu@%d", i);
		/* In order: the guest numbers CPUs as it meets them. */
		assert_string_equal(fdt_get_name(fdt, n, NULL), path);
		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		assert_int_equal(prop_u32(fdt, path, "reg"), i);
		assert_int_equal(prop_u32(fdt, path, "phandle"), 0x100 + i);
		assert_string_equal(prop_str(fdt, path, "device_type"), "cpu");
		assert_string_equal(prop_str(fdt, path, "compatible"),
				    "loongarch,Loongson-3A5000");
		i++;
	}
	assert_int_equal(i, 4);

	assert_string_equal(prop_str(fdt, "/memory@0", "device_type"), "memory");
	check_reg(fdt, "/memory@0", 0, 256ULL << 20);
	check_reg(fdt, "/memory@80000000", 0x80000000ULL, 768ULL << 20);

	assert_string_equal(prop_str(fdt, "/cpuic", "compatible"),
			    "loongson,cpu-interrupt-controller");
	assert_int_equal(prop_u32(fdt, "/cpuic", "#interrupt-cells"), 1);
	assert_non_null(fdt_getprop(fdt, node(fdt, "/cpuic"), "interrupt-controller", NULL));

	assert_string_equal(prop_str(fdt, "/eiointc@1400", "compatible"),
			    "loongson,ls2k2000-eiointc");
	assert_int_equal(prop_u32(fdt, "/eiointc@1400", "interrupts"), 3);
	assert_int_equal(target(fdt, "/eiointc@1400", "interrupt-parent"), node(fdt, "/cpuic"));
	check_reg(fdt, "/eiointc@1400", 0x1400, 0x800);

	assert_string_equal(prop_str(fdt, "/platic@10000000", "compatible"),
			    "loongson,pch-pic-1.0");
	assert_int_equal(prop_u32(fdt, "/platic@10000000", "loongson,pic-base-vec"), 0);
	assert_int_equal(prop_u32(fdt, "/platic@10000000", "#interrupt-cells"), 2);
	assert_int_equal(target(fdt, "/platic@10000000", "interrupt-parent"),
			 node(fdt, "/eiointc@1400"));
	check_reg(fdt, "/platic@10000000", 0x10000000, 0x400);

	assert_string_equal(prop_str(fdt, "/msi@2ff00000", "compatible"),
			    "loongson,pch-msi-1.0");
	assert_int_equal(prop_u32(fdt, "/msi@2ff00000", "loongson,msi-base-vec"), 32);
	assert_int_equal(prop_u32(fdt, "/msi@2ff00000", "loongson,msi-num-vecs"), 224);
	assert_int_equal(target(fdt, "/msi@2ff00000", "interrupt-parent"),
			 node(fdt, "/eiointc@1400"));
	check_reg(fdt, "/msi@2ff00000", 0x2ff00000, 8);

	/* The generator's node links to PCH-PIC through the fixed phandle. */
	assert_int_equal(target(fdt, "/serial@1fe001e0", "interrupt-parent"),
			 node(fdt, "/platic@10000000"));

	assert_string_equal(prop_str(fdt, "/chosen", "bootargs"), "console=ttyS0 quiet");
	assert_string_equal(prop_str(fdt, "/chosen", "stdout-path"), "/serial@1fe001e0");
	assert_non_null(fdt_getprop(fdt, node(fdt, "/chosen"), "rng-seed", &len));
	assert_int_equal(len, 32);
	p64 = fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_ld(p64), 0x2000000);
	p64 = fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-end", &len);
	assert_int_equal(fdt64_ld(p64), 0x2001234);

	/* QEMU virt GED: SLEEP_CTL at +0 (S5 = 0x34), RESET at +2 (0x42). */
	assert_string_equal(prop_str(fdt, "/ged@100e001c", "compatible"), "syscon");
	check_reg(fdt, "/ged@100e001c", 0x100e001c, 3);
	assert_int_equal(prop_u32(fdt, "/ged@100e001c", "reg-io-width"), 1);
	assert_int_equal(target(fdt, "/poweroff", "regmap"), node(fdt, "/ged@100e001c"));
	assert_string_equal(prop_str(fdt, "/poweroff", "compatible"), "syscon-poweroff");
	assert_int_equal(prop_u32(fdt, "/poweroff", "offset"), 0);
	assert_int_equal(prop_u32(fdt, "/poweroff", "value"), 0x34);
	assert_int_equal(target(fdt, "/reboot", "regmap"), node(fdt, "/ged@100e001c"));
	assert_string_equal(prop_str(fdt, "/reboot", "compatible"), "syscon-reboot");
	assert_int_equal(prop_u32(fdt, "/reboot", "offset"), 2);
	assert_int_equal(prop_u32(fdt, "/reboot", "value"), 0x42);

	/* Every cpu names the core clock (LoongArch cpus binding). */
	assert_string_equal(prop_str(fdt, "/cpu-clock", "compatible"), "fixed-clock");
	assert_int_equal(prop_u32(fdt, "/cpu-clock", "#clock-cells"), 0);
	assert_true(prop_u32(fdt, "/cpu-clock", "clock-frequency") >= 100000000);
	assert_int_equal(target(fdt, "/cpus/cpu@0", "clocks"), node(fdt, "/cpu-clock"));
	assert_int_equal(target(fdt, "/cpus/cpu@1", "clocks"), node(fdt, "/cpu-clock"));

	/*
	 * Legacy I/O ports as the kernel's ISA bus binding reads them (child
	 * address: flags cell, bit 0 = I/O space, then the port; parent: two
	 * cells; size: one): ports 0..16K-1 at QEMU virt's 0x18000000.
	 */
	assert_string_equal(prop_str(fdt, "/isa@18000000", "compatible"), "isa");
	assert_int_equal(prop_u32(fdt, "/isa@18000000", "#address-cells"), 2);
	assert_int_equal(prop_u32(fdt, "/isa@18000000", "#size-cells"), 1);
	{
		const fdt32_t *r = fdt_getprop(fdt, node(fdt, "/isa@18000000"), "ranges", &len);

		assert_non_null(r);
		assert_int_equal(len, 5 * 4);
		assert_int_equal(fdt32_to_cpu(r[0]) & 1, 1);
		assert_int_equal(fdt32_to_cpu(r[1]), 0);
		assert_int_equal(fdt32_to_cpu(r[2]), 0);
		assert_int_equal(fdt32_to_cpu(r[3]), 0x18000000);
		assert_int_equal(fdt32_to_cpu(r[4]), 0x4000);
	}

	/* No ACPI-style or duplicate phandles: each one resolves uniquely. */
	s = fdt_get_name(fdt, fdt_node_offset_by_phandle(fdt, 5), NULL);
	assert_string_equal(s, "ged@100e001c");
	tkvm_free(kvm);
}

static void test_no_initrd_one_bank(void **state)
{
	struct kvm *kvm = tkvm_new(64ULL << 20);
	const void *fdt;

	(void)state;
	assert_int_equal(la_fdt__setup(kvm, NULL), 0);
	fdt = kvm->arch.fdt;
	check_reg(fdt, "/memory@0", 0, 64ULL << 20);
	assert_true(fdt_path_offset(fdt, "/memory@80000000") < 0);
	assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-start", NULL));
	assert_string_equal(prop_str(fdt, "/chosen", "bootargs"), "");
	assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "stdout-path", NULL));
	assert_int_equal(prop_u32(fdt, "/cpus/cpu@0", "reg"), 0);
	assert_true(fdt_path_offset(fdt, "/cpus/cpu@1") < 0);
	tkvm_free(kvm);
}

static void test_dump_and_dtc(void **state)
{
	struct kvm *kvm = mk_vm();
	char path[128], tmp[140], cmd[400];
	u8 buf[65536];
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.dtb", tmpdir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	kvm->cfg.dump_dtb = path;
	assert_int_equal(la_fdt__setup(kvm, "x"), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, kvm->arch.fdt_size);
	assert_memory_equal(buf, kvm->arch.fdt, n);
	assert_int_not_equal(access(tmp, F_OK), 0);

	if (system("command -v dtc >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "dtc -q -I dtb -O dts %s | grep -q 'compatible = \"loongson,pch-pic-1.0\"'",
			 path);
		assert_int_equal(system(cmd), 0);
	}
	unlink(path);

	/* A directory that does not exist: an error, and no file at all. */
	kvm->cfg.dump_dtb = "/nonexistent-lkvm-dir/out.dtb";
	cap_begin();
	assert_true(la_fdt__setup(kvm, "x") < 0);
	assert_non_null(strstr(cap_end(), "--dump-dtb /nonexistent-lkvm-dir/out.dtb"));
	tkvm_free(kvm);
}

static void test_generator_failure(void **state)
{
	struct kvm *kvm = mk_vm();

	(void)state;
	kvm->fdt_gens[kvm->nr_fdt_gens++].fn = gen_fail;
	cap_begin();
	assert_int_equal(la_fdt__setup(kvm, "x"), -22);
	assert_non_null(strstr(cap_end(), "generator failed"));
	assert_null(kvm->arch.fdt);
	tkvm_free(kvm);
}

static void test_many_cpus(void **state)
{
	struct kvm *kvm = tkvm_new(64ULL << 20);

	(void)state;
	kvm->nr_cpus = LA_MAX_VCPUS;
	assert_int_equal(la_fdt__setup(kvm, NULL), 0);
	assert_int_equal(prop_u32(kvm->arch.fdt, "/cpus/cpu@255", "reg"), 255);
	assert_true(kvm->arch.fdt_size <= LA_FDT_MAX_SIZE);
	tkvm_free(kvm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_no_initrd_one_bank),
		cmocka_unit_test(test_dump_and_dtc),
		cmocka_unit_test(test_generator_failure),
		cmocka_unit_test(test_many_cpus),
	};

	return run_tests_in_tmpdir(tests, tmpdir);
}
