# SPDX-License-Identifier: GPL-2.0-only
# FP exceptions: an enabled invalid operation traps (FPE), a disabled one
# only sets Flags; with EUEN.FPE clear an FP instruction raises FPD.
# Loaded at 0x1000; EENTRY (0x2000) holds hvcl 0.
	.text
	li.w	$t0, 0x7f800000		# +inf
	movgr2fr.w	$fa0, $t0
	li.w	$t0, 0x12345678
	movgr2fr.w	$fa1, $t0
	fsub.s	$fa2, $fa0, $fa0	# invalid, disabled: default NaN, Flags.V
	movfcsr2gr	$s0, $fcsr0
	li.w	$t0, 0x10		# Enables.V
	movgr2fcsr	$fcsr1, $t0
	fsub.s	$fa1, $fa0, $fa0	# 0x1028: traps, fa1 untouched
	fdiv.s	$fa3, $fa0, $fa0
