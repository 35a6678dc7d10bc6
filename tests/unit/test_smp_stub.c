/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The secondary vCPUs' start code (loongarch/smp-stub.c) against words
 * assembled independently: llvm-mc-19 --triple=loongarch64 -filetype=obj
 * of the assembly in the comments, read back with llvm-objdump-19 -d.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lkvm/util.h"
#include "arch/smp-stub.h"

static const u32 want[] = {
	0x1400002d,	/* lu12i.w   $t1, 1 */
	0x040011ad,	/* csrxchg   $t1, $t1, 0x4 (ECFG) */
	0x1400002d,	/* lu12i.w   $t1, 1 */
	0x02bffc0c,	/* addi.w    $t0, $zero, -1 */
	0x038011ae,	/* ori       $t2, $t1, 0x4 */
	0x064819cc,	/* iocsrwr.w $t0, $t2 */
	0x06488000,	/* 1: idle 0 */
	0x064809ac,	/* iocsrrd.w $t0, $t1 */
	0x43fff99f,	/* beqz      $t0, 1b */
	0x038031ae,	/* ori       $t2, $t1, 0xc */
	0x064819cc,	/* iocsrwr.w $t0, $t2 */
	0x038081ae,	/* ori       $t2, $t1, 0x20 */
	0x06480dcc,	/* iocsrrd.d $t0, $t2 */
	0x43ffe59f,	/* beqz      $t0, 1b */
	0x1400002d,	/* lu12i.w   $t1, 1 */
	0x040011a0,	/* csrxchg   $zero, $t1, 0x4 */
	0x4c000180,	/* jirl      $zero, $t0, 0 */
};

static void test_words(void **state)
{
	u32 code[LA_SMP_STUB_MAX];
	size_t n, i;

	(void)state;
	memset(code, 0, sizeof(code));
	n = la_smp_stub__build(code, LA_SMP_STUB_MAX);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		if (code[i] != want[i])
			fail_msg("word %zu: 0x%08x, wanted 0x%08x", i, code[i], want[i]);
	}
}

static void test_too_small(void **state)
{
	u32 code[4] = { 0 };

	(void)state;
	assert_int_equal(la_smp_stub__build(code, 4), 0);
	assert_int_equal(code[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
