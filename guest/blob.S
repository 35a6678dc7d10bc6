/* SPDX-License-Identifier: GPL-2.0-only */
/* The built-in default guest, embedded in lkvm as an ELF image. */
	.section .rodata
	.balign 16
	.globl lkvm_default_guest
lkvm_default_guest:
	.incbin GUEST_ELF
	.globl lkvm_default_guest_end
lkvm_default_guest_end:
	.section .note.GNU-stack,"",@progbits
