# SPDX-License-Identifier: GPL-2.0-only
# Timer interrupt handler placed at 0x10000 + 75 * 0x200 by the test.
	.text
	csrrd	$s0, 0x5		# ESTAT as seen in the handler
	addi.d	$s1, $s1, 1
	li.w	$t1, 1
	csrwr	$t1, 0x44		# TICLR
	csrrd	$s2, 0x5
	ertn
