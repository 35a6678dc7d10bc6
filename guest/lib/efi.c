/* SPDX-License-Identifier: GPL-2.0-only */
/* Find the device tree through the EFI configuration table. */
#include "efi.h"
#include "string.h"

/*
 * DEVICE_TREE_GUID b1b621d5-f19c-41a5-830b-d9152c69aae0 in EFI byte order:
 * the first three fields little-endian, the last eight bytes as written.
 */
static const u8 device_tree_guid[16] = {
	0xd5, 0x21, 0xb6, 0xb1, 0x9c, 0xf1, 0xa5, 0x41,
	0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0,
};

static u64 load_le64(u64 addr)
{
	const volatile u8 *p = (const volatile u8 *)addr;
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int efi_find_fdt(u64 systab, u64 *fdt)
{
	u64 nr, tables, i;

	if (!systab || load_le64(systab) != EFI_SYSTAB_SIGNATURE)
		return EFI_E_NO_SYSTAB;
	nr = load_le64(systab + EFI_SYSTAB_NR_TABLES);
	tables = load_le64(systab + EFI_SYSTAB_TABLES);
	if (!tables || nr > EFI_MAX_TABLES)
		return EFI_E_BAD_TABLES;

	for (i = 0; i < nr; i++) {
		u64 entry = tables + i * EFI_CONFIG_ENTRY_SIZE;

		if (!memcmp((const void *)entry, device_tree_guid, 16)) {
			*fdt = load_le64(entry + 16);
			return *fdt ? EFI_OK : EFI_E_NO_FDT;
		}
	}
	return EFI_E_NO_FDT;
}
