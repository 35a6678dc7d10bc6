/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The minimal EFI hand-off a LoongArch kernel reads at a2: a system table
 * without boot services whose configuration tables point at the FDT, the
 * initrd and a boot memory map. No ACPI tables: with ACPI present the
 * guest would ignore the FDT.
 *
 * Runtime services: only GetTime, so that a kernel whose only RTC driver
 * is rtc-efi (Debian's) starts with the host's wall clock; an
 * EFI_RT_PROPERTIES_TABLE tells it that nothing else is there. The
 * services are a few LoongArch instructions, assembled here, that copy
 * the hw/wallclock.c registers; the table and code are given at the
 * addresses SetVirtualAddressMap would leave (EFI_RT_VIRTUAL_OFFSET, the
 * kernel's uncached DMW0 window), since no EFI stub runs before the kernel.
 *
 * Layouts are the 64-bit ones of the UEFI spec and include/linux/efi.h;
 * everything is written byte by byte in little-endian order.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>
#include "lkvm/kvm.h"
#include "lkvm/wallclock.h"
#include "arch/boot.h"
#include "arch/memmap.h"

#define EFI_SYSTAB_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */
#define EFI_SYSTAB_REVISION	((2U << 16) | 70U)	/* UEFI 2.70 */
#define EFI_SYSTAB_SIZE		120
#define EFI_FW_REVISION		0x00010000U

/* efi_system_table_t (64-bit) field offsets. */
#define SYSTAB_FW_VENDOR	24
#define SYSTAB_FW_REVISION	32
#define SYSTAB_RUNTIME		88
#define SYSTAB_NR_TABLES	104
#define SYSTAB_TABLES		112

#define EFI_CFG_ENTRY_SIZE	24	/* efi_guid_t + u64 pointer */
#define EFI_MEMMAP_HDR_SIZE	40	/* struct efi_boot_memmap */
#define EFI_MDESC_SIZE		40	/* efi_memory_desc_t */
#define EFI_MDESC_VERSION	1
#define EFI_PAGE_SIZE		4096ULL

#define EFI_LOADER_CODE		1
#define EFI_LOADER_DATA		2
#define EFI_RUNTIME_SERVICES_CODE 5
#define EFI_CONVENTIONAL_MEMORY	7
#define EFI_MEMORY_WB		0x8ULL
#define EFI_MEMORY_RUNTIME	(1ULL << 63)

/* Runtime services: where the kernel finds them, what they return. */
#define EFI_RT_VIRTUAL_OFFSET	0x8000000000000000ULL
#define EFI_RT_SIGNATURE	0x56524553544e5552ULL	/* "RUNTSERV" */
#define EFI_RT_TABLE_SIZE	136			/* header + 14 pointers */
#define EFI_RT_GET_TIME		24			/* first pointer */
#define EFI_RT_CODE		0x100			/* code offset in the page */
#define EFI_RT_PROP_VERSION	1
#define EFI_RT_SUPPORTED_TIME	0x3			/* GET_TIME | SET_TIME */
#define EFI_ERR			(1ULL << 63)
#define EFI_INVALID_PARAMETER	(EFI_ERR | 2)
#define EFI_UNSUPPORTED		(EFI_ERR | 3)

#define EFI_MAX_MDESCS	((LA_BOOT_MEMMAP_SIZE - EFI_MEMMAP_HDR_SIZE) / EFI_MDESC_SIZE)

struct efi_guid_def {
	u32 a;
	u16 b, c;
	u8 d[8];
};

static const struct efi_guid_def guid_device_tree = {
	0xb1b621d5, 0xf19c, 0x41a5, { 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } };
static const struct efi_guid_def guid_initrd_media = {
	0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } };
static const struct efi_guid_def guid_boot_memmap = {
	0x800f683f, 0xd08b, 0x423a, { 0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4 } };
static const struct efi_guid_def guid_rt_properties = {
	0xeb66918a, 0x7eef, 0x402a, { 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } };

/* Memory the guest must keep: typed loader code/data instead of free. */
struct efi_region {
	u64 start, end;
	u32 type;
};

static void put_guid(u8 *p, const struct efi_guid_def *g)
{
	put_le32(p, g->a);
	put_le16(p + 4, g->b);
	put_le16(p + 6, g->c);
	memcpy(p + 8, g->d, 8);
}

static void *boot_page(struct kvm *kvm, u64 gpa, u64 size)
{
	void *p = kvm__gpa_to_hva(kvm, gpa, size);

	if (!p)
		pr_err("no guest RAM at 0x%llx for the EFI tables", (unsigned long long)gpa);
	else
		memset(p, 0, size);
	return p;
}

static int put_mdesc(u8 *map, unsigned int *n, u32 type, u64 start, u64 end)
{
	bool rt = type == EFI_RUNTIME_SERVICES_CODE;
	u8 *d;

	if (end <= start)
		return 0;
	if (*n >= EFI_MAX_MDESCS) {
		pr_err("EFI memory map needs more than %llu descriptors",
		       (unsigned long long)EFI_MAX_MDESCS);
		return -E2BIG;
	}
	d = map + (size_t)*n * EFI_MDESC_SIZE;
	put_le32(d, type);
	put_le64(d + 8, start);			/* phys_addr */
	put_le64(d + 16, rt ? start | EFI_RT_VIRTUAL_OFFSET : 0);	/* virt_addr */
	put_le64(d + 24, (end - start) / EFI_PAGE_SIZE);
	put_le64(d + 32, EFI_MEMORY_WB | (rt ? EFI_MEMORY_RUNTIME : 0));
	(*n)++;
	return 0;
}

/*
 * One descriptor per piece of RAM, in address order, without overlap:
 * the boot area and initrd as loader data, the kernel as loader code,
 * the runtime services page as runtime code, all else conventional. The guest reserves [0, 2 MiB), its own image
 * and the initrd anyway; the types keep the map honest.
 */
static int build_memmap(struct kvm *kvm, u8 *map, unsigned int *n)
{
	struct efi_region r[5], t;
	unsigned int nr = 0, i, j;
	int b, err;

	r[nr++] = (struct efi_region){ 0, LA_BOOT_EFI_RUNTIME, EFI_LOADER_DATA };
	r[nr++] = (struct efi_region){ LA_BOOT_EFI_RUNTIME,
		LA_BOOT_EFI_RUNTIME + LA_BOOT_EFI_RUNTIME_SIZE, EFI_RUNTIME_SERVICES_CODE };
	r[nr++] = (struct efi_region){ LA_BOOT_EFI_RUNTIME + LA_BOOT_EFI_RUNTIME_SIZE,
		LA_BOOT_RESERVED_END, EFI_LOADER_DATA };
	if (kvm->arch.kernel_end > kvm->arch.kernel_start)
		r[nr++] = (struct efi_region){
			ALIGN_DOWN(kvm->arch.kernel_start, EFI_PAGE_SIZE),
			ALIGN_UP(kvm->arch.kernel_end, EFI_PAGE_SIZE), EFI_LOADER_CODE };
	if (kvm->arch.initrd_size)
		r[nr++] = (struct efi_region){
			ALIGN_DOWN(kvm->arch.initrd_start, EFI_PAGE_SIZE),
			ALIGN_UP(kvm->arch.initrd_start + kvm->arch.initrd_size,
				 EFI_PAGE_SIZE), EFI_LOADER_DATA };
	for (i = 1; i < nr; i++)
		for (j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
			t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}

	*n = 0;
	for (b = 0; b < kvm->nr_banks; b++) {
		u64 cur = kvm->banks[b].gpa;
		u64 end = cur + kvm->banks[b].size;

		for (i = 0; i < nr; i++) {
			u64 s = r[i].start > cur ? r[i].start : cur;
			u64 e = r[i].end < end ? r[i].end : end;

			if (e <= s)
				continue;
			err = put_mdesc(map, n, EFI_CONVENTIONAL_MEMORY, cur, s);
			if (!err)
				err = put_mdesc(map, n, r[i].type, s, e);
			if (err)
				return err;
			cur = e;
		}
		err = put_mdesc(map, n, EFI_CONVENTIONAL_MEMORY, cur, end);
		if (err)
			return err;
	}
	return 0;
}

/* LoongArch instruction encodings (LoongArch Reference Manual vol. 1). */
enum { R_ZERO = 0, R_RA = 1, R_A0 = 4, R_A1 = 5, R_T0 = 12, R_T1, R_T2, R_T3, R_T4 };

static u32 i_2ri12(u32 op, u32 rd, u32 rj, s32 imm)
{
	return op | ((u32)imm & 0xfff) << 10 | rj << 5 | rd;
}

#define LD_W(rd, rj, i)		i_2ri12(0x28800000, rd, rj, i)
#define ST_B(rd, rj, i)		i_2ri12(0x29000000, rd, rj, i)
#define ST_W(rd, rj, i)		i_2ri12(0x29800000, rd, rj, i)
#define ORI(rd, rj, i)		i_2ri12(0x03800000, rd, rj, i)
#define LU52I_D(rd, rj, i)	i_2ri12(0x03000000, rd, rj, i)
#define LU12I_W(rd, i)		(0x14000000 | ((u32)(i) & 0xfffff) << 5 | (rd))
#define OR(rd, rj, rk)		(0x00150000 | (rk) << 10 | (rj) << 5 | (rd))
#define JR_RA			(0x4c000000 | R_RA << 5)	/* jirl zero, ra, 0 */
/* beqz rj, +offs instructions */
#define BEQZ(rj, offs)		(0x40000000 | ((u32)(offs) & 0xffff) << 10 | (rj) << 5 | \
				 (((u32)(offs) >> 16) & 0x1f))

/*
 * efi_status_t GetTime(EFI_TIME *time, EFI_TIME_CAPABILITIES *caps):
 * copy the wall-clock registers (read through DMW0) word by word; the
 * structs are only 4-byte aligned. Everything else: EFI_UNSUPPORTED.
 */
static unsigned int efi_rt_code(u32 *c, u64 *unsupported_off)
{
	const u64 clk = LA_WALLCLOCK_BASE;
	unsigned int n = 0;

	c[n++] = BEQZ(R_A0, 21);			/* no time: invalid */
	c[n++] = LU12I_W(R_T0, clk >> 12);
	c[n++] = ORI(R_T0, R_T0, clk & 0xfff);
	c[n++] = LU52I_D(R_T0, R_T0, EFI_RT_VIRTUAL_OFFSET >> 52);
	c[n++] = LD_W(R_T1, R_T0, WALLCLOCK_TIME);	/* samples the clock */
	c[n++] = LD_W(R_T2, R_T0, WALLCLOCK_TIME + 4);
	c[n++] = LD_W(R_T3, R_T0, WALLCLOCK_TIME + 8);
	c[n++] = LD_W(R_T4, R_T0, WALLCLOCK_TIME + 12);
	c[n++] = ST_W(R_T1, R_A0, 0);
	c[n++] = ST_W(R_T2, R_A0, 4);
	c[n++] = ST_W(R_T3, R_A0, 8);
	c[n++] = ST_W(R_T4, R_A0, 12);
	c[n++] = BEQZ(R_A1, 7);				/* caps are optional */
	c[n++] = LD_W(R_T1, R_T0, WALLCLOCK_CAPS);
	c[n++] = LD_W(R_T2, R_T0, WALLCLOCK_CAPS + 4);
	c[n++] = LD_W(R_T3, R_T0, WALLCLOCK_CAPS + 8);
	c[n++] = ST_W(R_T1, R_A1, 0);
	c[n++] = ST_W(R_T2, R_A1, 4);
	c[n++] = ST_B(R_T3, R_A1, 8);
	c[n++] = OR(R_A0, R_ZERO, R_ZERO);		/* EFI_SUCCESS */
	c[n++] = JR_RA;
	c[n++] = LU52I_D(R_A0, R_ZERO, EFI_INVALID_PARAMETER >> 52);
	c[n++] = ORI(R_A0, R_A0, EFI_INVALID_PARAMETER & 0xfff);
	c[n++] = JR_RA;
	*unsupported_off = n * 4;
	c[n++] = LU52I_D(R_A0, R_ZERO, EFI_UNSUPPORTED >> 52);
	c[n++] = ORI(R_A0, R_A0, EFI_UNSUPPORTED & 0xfff);
	c[n++] = JR_RA;
	return n;
}

static int efi_runtime_setup(struct kvm *kvm)
{
	const u64 va = LA_BOOT_EFI_RUNTIME | EFI_RT_VIRTUAL_OFFSET;
	u8 *rt = boot_page(kvm, LA_BOOT_EFI_RUNTIME, LA_BOOT_EFI_RUNTIME_SIZE);
	u8 *prop = boot_page(kvm, LA_BOOT_EFI_RT_PROP, 8);
	u64 unsupported;
	u32 code[32];
	unsigned int n, i;

	if (!rt || !prop)
		return -EINVAL;
	n = efi_rt_code(code, &unsupported);
	for (i = 0; i < n; i++)
		put_le32(rt + EFI_RT_CODE + 4 * i, code[i]);

	put_le64(rt + 0, EFI_RT_SIGNATURE);
	put_le32(rt + 8, EFI_SYSTAB_REVISION);
	put_le32(rt + 12, EFI_RT_TABLE_SIZE);
	for (i = EFI_RT_GET_TIME + 8; i < EFI_RT_TABLE_SIZE; i += 8)
		put_le64(rt + i, va + EFI_RT_CODE + unsupported);
	put_le64(rt + EFI_RT_GET_TIME, va + EFI_RT_CODE);
	put_le32(rt + 16, (u32)crc32(0, rt, EFI_RT_TABLE_SIZE));

	put_le16(prop + 0, EFI_RT_PROP_VERSION);
	put_le16(prop + 2, 8);				/* length */
	put_le32(prop + 4, EFI_RT_SUPPORTED_TIME);
	return 0;
}

int la_efi__setup(struct kvm *kvm)
{
	static const char vendor[] = "lkvm";
	u8 *systab, *tables, *memmap, *initrd, *fw;
	unsigned int nr_tables = 0, nr_desc, i;
	u64 map_size;
	int err;

	systab = boot_page(kvm, LA_BOOT_SYSTAB, EFI_SYSTAB_SIZE);
	fw = boot_page(kvm, LA_BOOT_FW_VENDOR, sizeof(vendor) * 2);
	tables = boot_page(kvm, LA_BOOT_EFI_TABLES, 4 * EFI_CFG_ENTRY_SIZE);
	memmap = boot_page(kvm, LA_BOOT_MEMMAP, LA_BOOT_MEMMAP_SIZE);
	initrd = boot_page(kvm, LA_BOOT_INITRD_TABLE, 16);
	if (!systab || !fw || !tables || !memmap || !initrd)
		return -EINVAL;

	/* UCS-2 vendor string, shown by the guest as "EFI v2.70 by lkvm". */
	for (i = 0; i < sizeof(vendor); i++)
		put_le16(fw + 2 * i, (u16)vendor[i]);

	err = efi_runtime_setup(kvm);
	if (err)
		return err;
	err = build_memmap(kvm, memmap + EFI_MEMMAP_HDR_SIZE, &nr_desc);
	if (err)
		return err;
	map_size = (u64)nr_desc * EFI_MDESC_SIZE;
	put_le64(memmap + 0, map_size);			/* map_size */
	put_le64(memmap + 8, EFI_MDESC_SIZE);		/* desc_size */
	put_le32(memmap + 16, EFI_MDESC_VERSION);	/* desc_ver */
	put_le64(memmap + 24, 0);			/* map_key */
	put_le64(memmap + 32, map_size);		/* buff_size */

	put_guid(tables, &guid_device_tree);
	put_le64(tables + 16, LA_FDT_BASE);
	nr_tables++;
	put_guid(tables + nr_tables * EFI_CFG_ENTRY_SIZE, &guid_boot_memmap);
	put_le64(tables + nr_tables * EFI_CFG_ENTRY_SIZE + 16, LA_BOOT_MEMMAP);
	nr_tables++;
	put_guid(tables + nr_tables * EFI_CFG_ENTRY_SIZE, &guid_rt_properties);
	put_le64(tables + nr_tables * EFI_CFG_ENTRY_SIZE + 16, LA_BOOT_EFI_RT_PROP);
	nr_tables++;
	if (kvm->arch.initrd_size) {
		put_le64(initrd, kvm->arch.initrd_start);
		put_le64(initrd + 8, kvm->arch.initrd_size);
		put_guid(tables + nr_tables * EFI_CFG_ENTRY_SIZE, &guid_initrd_media);
		put_le64(tables + nr_tables * EFI_CFG_ENTRY_SIZE + 16, LA_BOOT_INITRD_TABLE);
		nr_tables++;
	}

	put_le64(systab + 0, EFI_SYSTAB_SIGNATURE);
	put_le32(systab + 8, EFI_SYSTAB_REVISION);
	put_le32(systab + 12, EFI_SYSTAB_SIZE);		/* headersize */
	put_le64(systab + SYSTAB_FW_VENDOR, LA_BOOT_FW_VENDOR);
	put_le32(systab + SYSTAB_FW_REVISION, EFI_FW_REVISION);
	/* Console handles and boot services stay 0: none exist. */
	put_le64(systab + SYSTAB_RUNTIME, LA_BOOT_EFI_RUNTIME | EFI_RT_VIRTUAL_OFFSET);
	put_le64(systab + SYSTAB_NR_TABLES, nr_tables);
	put_le64(systab + SYSTAB_TABLES, LA_BOOT_EFI_TABLES);
	/* The spec's header CRC32, computed with the CRC field zero. */
	put_le32(systab + 16, (u32)crc32(0, systab, EFI_SYSTAB_SIZE));
	return 0;
}
