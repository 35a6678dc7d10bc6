/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Firmware stand-in for Debian's qemu-system-loongarch64 7.2 "-M virt",
 * whose -kernel path starts every vCPU at the ELF entry with a0..a2 = 0:
 * no device tree, command line or initrd reach the kernel. Loaded with
 * -kernel, this does the hand-off Linux 6.12 expects without firmware
 * (same as lkvm's loongarch/boot.c):
 *
 *   CPU 0:  a0 = 0 (not booted by EFI), a1 = command line, a2 = an EFI
 *           system table whose one configuration table maps
 *           DEVICE_TREE_GUID to the DTB below; jump to the kernel entry.
 *   others: wait with IPIs enabled until mailbox 0 holds an address (what
 *           the kernel's loongson_boot_secondary() writes), acknowledge the
 *           IPI and jump there.
 *
 * Build macros: KERNEL_ENTRY (physical), DTB (file), CMDLINE (string).
 */
#define CSR_CRMD	0x0
#define CSR_ECFG	0x4
#define CSR_CPUID	0x20
#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN	0x1004
#define IOCSR_IPI_CLEAR	0x100c
#define IOCSR_MAILBOX0	0x1020
#define ECFG_IPI	(1 << 12)

#define QUOTE_(x)	#x
#define QUOTE(x)	QUOTE_(x)

	.section .text.entry, "ax"
	.globl	_start
_start:
	csrrd	$t0, CSR_CPUID
	andi	$t0, $t0, 0x1ff
	bnez	$t0, park

	move	$a0, $zero
	la.pcrel $a1, cmdline
	la.pcrel $a2, efi_systab
	li.d	$t1, KERNEL_ENTRY
	jr	$t1

park:
	li.d	$t1, IOCSR_MAILBOX0
	iocsrwr.d $zero, $t1
	li.w	$t0, -1
	li.d	$t1, IOCSR_IPI_EN
	iocsrwr.w $t0, $t1
	li.w	$t0, ECFG_IPI		/* let IPIs wake idle; CRMD.IE stays 0 */
	csrxchg	$t0, $t0, CSR_ECFG
wait:
	idle	0
	li.d	$t1, IOCSR_MAILBOX0
	iocsrrd.d $t2, $t1
	beqz	$t2, wait
	li.d	$t1, IOCSR_IPI_STATUS
	iocsrrd.w $t0, $t1
	li.d	$t1, IOCSR_IPI_CLEAR
	iocsrwr.w $t0, $t1
	li.w	$t0, ECFG_IPI
	csrxchg	$zero, $t0, CSR_ECFG
	jr	$t2

	.section .data.handoff, "aw"
	.balign	8
efi_systab:				/* efi_system_table_t, 64-bit */
	.8byte	0x5453595320494249	/* "IBI SYST" */
	.4byte	(2 << 16) | 100		/* revision 2.100 */
	.4byte	120			/* header size */
	.4byte	0			/* crc32 (Linux does not check it) */
	.4byte	0
	.8byte	fw_vendor
	.4byte	1			/* firmware revision */
	.4byte	0
	.fill	6, 8, 0			/* console handles and protocols */
	.8byte	0			/* runtime services: none */
	.8byte	0			/* boot services: none */
	.8byte	1			/* number of configuration tables */
	.8byte	efi_cfg_tables
efi_cfg_tables:
	/* DEVICE_TREE_GUID b1b621d5-f19c-41a5-830b-d9152c69aae0 */
	.4byte	0xb1b621d5
	.2byte	0xf19c, 0x41a5
	.byte	0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0
	.8byte	dtb
fw_vendor:
	.2byte	'l', 'k', 'v', 'm', '-', 'q', 'e', 'm', 'u', 0
cmdline:
	.asciz	CMDLINE
	.balign	8
dtb:
	.incbin	QUOTE(DTB)
