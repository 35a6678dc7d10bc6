/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ARCH_MEMMAP_H
#define LKVM_ARCH_MEMMAP_H

/*
 * The guest-physical map of lkvm's LoongArch machine. It follows QEMU's
 * "virt" board so that guests configured for it find the same addresses.
 */

/* RAM: low 256 MiB at 0, the rest from HIGHMEM. */
#define LA_LOWRAM_BASE		0x00000000ULL
#define LA_LOWRAM_SIZE		0x10000000ULL
#define LA_HIGHRAM_BASE		0x80000000ULL
#define LA_RAM_MIN		0x01000000ULL	/* 16 MiB: boot area + a small kernel */
#define LA_RAM_MAX		0x10000000000ULL	/* 1 TiB */
#define LA_RAM_ALIGN		0x00010000ULL	/* 64 KiB, the largest guest page */

/* Boot structures inside the first 2 MiB, which the guest always reserves. */
#define LA_BOOT_CMDLINE		0x00000000ULL	/* a1; COMMAND_LINE_SIZE bytes */
#define LA_CMDLINE_SIZE		512
#define LA_BOOT_SYSTAB		0x00001000ULL	/* a2: EFI system table */
#define LA_BOOT_FW_VENDOR	0x00001800ULL	/* UTF-16 firmware vendor string */
#define LA_BOOT_EFI_TABLES	0x00002000ULL	/* configuration tables */
#define LA_BOOT_MEMMAP		0x00003000ULL	/* efi_boot_memmap + descriptors */
#define LA_BOOT_MEMMAP_SIZE	0x00001000ULL
#define LA_BOOT_INITRD_TABLE	0x00004000ULL	/* { u64 base; u64 size; } */
#define LA_BOOT_EFI_RT_PROP	0x00004100ULL	/* EFI_RT_PROPERTIES_TABLE */
#define LA_BOOT_EFI_RUNTIME	0x00005000ULL	/* runtime services table + code */
#define LA_BOOT_EFI_RUNTIME_SIZE 0x00001000ULL
#define LA_BOOT_SECONDARY_STUB	0x00008000ULL	/* parking code for secondary vCPUs */
#define LA_FDT_BASE		0x00100000ULL
#define LA_FDT_MAX_SIZE		0x00100000ULL
#define LA_BOOT_RESERVED_END	0x00200000ULL

/* Where a kernel or guest without its own address is loaded (physical). */
#define LA_KERNEL_DEFAULT_LOAD	0x00200000ULL

/* MMIO devices. */
#define LA_PCH_PIC_BASE		0x10000000ULL
#define LA_PCH_PIC_SIZE		0x400ULL
#define LA_RTC_BASE		0x100d0100ULL
#define LA_GED_REG_BASE		0x100e001cULL	/* SLEEP_CTL, SLEEP_STS, RESET */
#define LA_GED_REG_SIZE		0x3ULL
#define LA_TESTDEV_BASE		0x100f0000ULL	/* lkvm test/exit device */
#define LA_TESTDEV_SIZE		0x10ULL
#define LA_PVPANIC_BASE		0x100f0100ULL	/* pvpanic-mmio */
#define LA_PVPANIC_SIZE		0x2ULL
#define LA_WALLCLOCK_BASE	0x100f0200ULL	/* read by EFI GetTime */
#define LA_WALLCLOCK_SIZE	0x20ULL
#define LA_VIRTIO_MMIO_BASE	0x16000000ULL	/* platform-bus window */
#define LA_VIRTIO_MMIO_SIZE	0x200ULL
#define LA_VIRTIO_MMIO_END	0x18000000ULL
#define LA_VIRTIO_MMIO_SLOTS	32	/* used of the window: one pin each */
/* Legacy I/O ports 0..16K-1 (the kernel's ISA_IOSIZE), as on QEMU's virt. */
#define LA_ISA_IO_BASE		0x18000000ULL
#define LA_ISA_IO_SIZE		0x4000ULL
#define LA_UART0_BASE		0x1fe001e0ULL
#define LA_UART_SIZE		0x100ULL
#define LA_UART_CLOCK		100000000
#define LA_PCH_MSI_BASE		0x2ff00000ULL
#define LA_PCH_MSI_SIZE		0x8ULL

/* PCH-PIC input pins. */
#define LA_PCH_PIC_PINS		32
#define LA_IRQ_UART0		2
#define LA_IRQ_VIRTIO_FIRST	8

/* EXTIOI vectors; PCH-MSI owns those from 32 up. */
#define LA_EXTIOI_VECTORS	256
#define LA_PCH_MSI_BASE_VEC	32
#define LA_PCH_MSI_NUM_VECS	224

/* IOCSR space. */
#define LA_IOCSR_MISC_BASE	0x0ULL
#define LA_IOCSR_MISC_SIZE	0x428ULL
#define LA_IOCSR_IPI_BASE	0x1000ULL
#define LA_IOCSR_IPI_SIZE	0x160ULL
#define LA_IOCSR_EXTIOI_BASE	0x1400ULL
#define LA_IOCSR_EXTIOI_SIZE	0x900ULL
#define LA_IOCSR_EXTIOI_VIRT	0x40000000ULL
#define LA_IOCSR_EXTIOI_VIRT_SIZE 0x8ULL

/* IOCSR misc registers. */
#define LA_IOCSR_VERSION	0x0
#define LA_IOCSR_FEATURES	0x8
#define LA_IOCSR_VENDOR		0x10
#define LA_IOCSR_CPUNAME	0x20
#define LA_IOCSR_NODECNT	0x408
#define LA_IOCSR_MISC_FUNC	0x420

#define LA_IOCSRF_MSI		(1u << 2)
#define LA_IOCSRF_EXTIOI	(1u << 3)
#define LA_IOCSRF_CSRIPI	(1u << 4)
#define LA_IOCSRF_VM		(1u << 11)

/* FDT phandles, fixed so nodes can refer to each other in any order. */
#define LA_PHANDLE_CPUIC	1
#define LA_PHANDLE_EIOINTC	2
#define LA_PHANDLE_PCH_PIC	3
#define LA_PHANDLE_PCH_MSI	4
#define LA_PHANDLE_GED		5
#define LA_PHANDLE_CPU_CLOCK	6
#define LA_PHANDLE_CPU_BASE	0x100

/* Hard limit of vCPUs: KVM_MAX_VCPUS on LoongArch. */
#define LA_MAX_VCPUS		256

#endif
