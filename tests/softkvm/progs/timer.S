# SPDX-License-Identifier: GPL-2.0-only
# Loaded at 0x1000, DA=1. Arms a one-shot timer, enables TI in ECFG with
# vectored entries (VS=7), idles; the interrupt handler (vector 64+11 at
# EENTRY + 75 * 0x200) counts, clears TI and returns; then hvcl 2.
	.text
_start:
	li.d	$t0, 0x10000
	csrwr	$t0, 0xc		# EENTRY
	li.d	$t0, (7 << 16) | (1 << 11)
	csrwr	$t0, 0x4		# ECFG: VS=7, LIE=TI
	li.d	$t0, 1000 | 1		# InitVal 1000, En, one-shot
	csrwr	$t0, 0x41		# TCFG
	li.w	$t0, 4
	csrxchg	$t0, $t0, 0x0		# CRMD.IE = 1
	idle	0
	hvcl	2
