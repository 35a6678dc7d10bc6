/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_EFI_H
#define GUEST_EFI_H

#include "types.h"

/*
 * The pieces of the 64-bit EFI system table a LoongArch kernel reads at
 * boot (offsets from efi_system_table_t in Linux's include/linux/efi.h).
 */
#define EFI_SYSTAB_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */
#define EFI_SYSTAB_NR_TABLES	104			/* unsigned long */
#define EFI_SYSTAB_TABLES	112			/* unsigned long */
#define EFI_CONFIG_ENTRY_SIZE	24			/* 16-byte GUID + u64 */
#define EFI_MAX_TABLES		64			/* sanity bound */

enum efi_err {
	EFI_OK = 0,
	EFI_E_NO_SYSTAB = -1,	/* a2 is 0 or the signature is wrong */
	EFI_E_BAD_TABLES = -2,	/* no table array or absurd count */
	EFI_E_NO_FDT = -3,	/* no DEVICE_TREE_GUID entry */
};

/* Physical address of the FDT from the system table at systab, or error. */
int efi_find_fdt(u64 systab, u64 *fdt);

#endif
