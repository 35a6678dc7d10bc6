/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Directed integer cases: division corner cases, shifts by out-of-range
 * amounts, bit-string ops at their limits, LL/SC and AM* results.
 */
	.text
	.globl	test_body
test_body:
	li.d	$a0, 0x8000000000000000
	li.d	$a1, -1
	div.d	$a2, $a0, $a1
	mod.d	$a3, $a0, $a1
	div.du	$a4, $a0, $zero
	mod.du	$a5, $a0, $zero
	li.w	$t0, 0x80000000
	div.w	$a6, $t0, $a1
	mod.w	$a7, $t0, $a1
	div.wu	$t1, $t0, $zero
	mod.wu	$t2, $t0, $zero
	li.w	$t3, 100
	sll.w	$t4, $a1, $t3
	srl.d	$t5, $a0, $t3
	sra.w	$t6, $t0, $t3
	rotr.d	$t7, $a0, $t3
	bstrpick.d	$t8, $a1, 63, 0
	bstrins.d	$s0, $zero, 63, 63
	bstrins.w	$s1, $a1, 31, 0
	bstrpick.w	$s2, $a0, 31, 31
	mulh.d	$s3, $a0, $a0
	mulh.du	$s4, $a1, $a1
	mulw.d.wu	$s5, $a1, $a1
	alsl.wu	$s6, $a1, $a1, 4
	bytepick.d	$s7, $a0, $a1, 7
	lu52i.d	$s8, $a1, -1
	/* LL/SC: success, then a failed sc after an intervening store */
	ll.d	$fp, $tp, 64
	addi.d	$fp, $fp, 1
	sc.d	$fp, $tp, 64
	st.d	$fp, $tp, 72
	ll.w	$ra, $tp, 80
	sc.w	$ra, $tp, 80
	addi.d	$r21, $tp, 96
	amadd_db.d	$t0, $a1, $r21
	ammax.wu	$t1, $a0, $r21
	ammin.d	$t2, $a0, $r21
	amswap.w	$t3, $a1, $r21
	/* unaligned accesses (la464 has UAL) */
	ld.d	$t4, $tp, 3
	st.w	$a1, $tp, 201
	ld.hu	$t5, $tp, 201
	b	dump_and_exit
