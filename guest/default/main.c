/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lkvm's built-in default guest: proves the machine works end to end.
 * It finds the FDT through the EFI system table, reports what it sees on
 * the UART and powers off. Failures are printed and reported to lkvm's
 * test device so that lkvm exits with a non-zero status.
 *
 * Output on success (checked by the end-to-end tests):
 *   lkvm default guest: N CPU(s), M MiB RAM, cmdline: "..."
 *   lkvm default guest: powering off
 */
#include "actions.h"
#include "console.h"
#include "efi.h"
#include "fdt.h"
#include "io.h"
#include "platform.h"
#include "string.h"

/* Exit codes written to the test device on failure. */
enum {
	EXIT_NO_SYSTAB = 2,
	EXIT_NO_FDT = 3,
	EXIT_BAD_FDT = 4,
	EXIT_POWEROFF_FAILED = 5,
};

#define FDT_MAX_SIZE	0x100000U	/* lkvm's FDT window */

static bool have_testdev(void)
{
	return mmio_read32(TESTDEV_BASE + TESTDEV_ID) == TESTDEV_MAGIC;
}

static __attribute__((noreturn)) void fail(const char *what, u64 val, int code)
{
	console_puts("lkvm default guest: error: ");
	console_puts(what);
	console_puts(" (");
	console_put_hex(val);
	console_puts(")\n");
	/* lkvm stops here with that code; without a test device, just halt. */
	mmio_write32(TESTDEV_BASE + TESTDEV_EXIT, (u32)code);
	cpu_halt();
}

/* Print at most max bytes of s, replacing anything unprintable with '?'. */
static void put_bounded(const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++)
		console_putc(s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
}

void guest_main(u64 efi_boot, u64 cmdline, u64 systab);

void guest_main(u64 efi_boot, u64 cmdline, u64 systab)
{
	struct fdt_summary sum;
	u64 fdt = 0;
	int ret;

	(void)efi_boot;
	if (have_testdev())
		mmio_write32(TESTDEV_BASE + TESTDEV_MARK, TESTDEV_BOOT_MARK);

	ret = efi_find_fdt(systab, &fdt);
	if (ret == EFI_E_NO_SYSTAB)
		fail("no EFI system table at a2", systab, EXIT_NO_SYSTAB);
	if (ret)
		fail("no device tree in the EFI configuration tables", systab, EXIT_NO_FDT);

	ret = fdt_summarize((const void *)fdt, FDT_MAX_SIZE, &sum);
	if (ret)
		fail("malformed device tree", fdt, EXIT_BAD_FDT);

	console_puts("lkvm default guest: ");
	console_put_udec(sum.nr_cpus);
	console_puts(" CPU(s), ");
	console_put_udec(sum.mem_bytes >> 20);
	console_puts(" MiB RAM, cmdline: \"");
	put_bounded((const char *)cmdline, CMDLINE_MAX);
	console_puts("\"\n");
	guest_actions((const char *)cmdline);
	console_puts("lkvm default guest: powering off\n");

	mmio_write8(GED_REG_BASE + GED_SLEEP_CTL, GED_POWEROFF);
	/* lkvm stops the VM on that write; if it did not, say so. */
	fail("power-off request ignored", GED_REG_BASE, EXIT_POWEROFF_FAILED);
}
