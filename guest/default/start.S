/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of the default guest. lkvm starts the boot CPU here with CRMD.DA=1
 * (physical addressing), PLV0, interrupts off, a0 = 1, a1 = command line,
 * a2 = EFI system table. Any other CPU that gets here just parks.
 */
#define CSR_CPUID	0x20

	.section .text.start, "ax"
	.globl	_start
	.type	_start, @function
_start:
	csrrd		$t0, CSR_CPUID
	andi		$t0, $t0, 0x1ff
	bnez		$t0, park

	la.pcrel	$sp, boot_stack_top
	move		$fp, $zero

	/* Clear .bss (the stack lives there too; nothing is on it yet). */
	la.pcrel	$t0, __bss_start
	la.pcrel	$t1, __bss_end
1:	bgeu		$t0, $t1, 2f
	st.d		$zero, $t0, 0
	addi.d		$t0, $t0, 8
	b		1b
2:
	bl		guest_main	/* a0-a2 are untouched so far */
park:
	idle		0
	b		park
	.size	_start, . - _start

	.section .bss
	.balign	16
boot_stack:
	.space	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
