/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMP start-up, interrupt handler and the idle wait of the bare-metal
 * interrupt tests. lkvm starts a secondary at its mailbox-0 address with
 * CRMD.DA=1, PLV0 and interrupts off (loongarch/ipi.c); the stack comes
 * from cpu_stacks, indexed by CSR.CPUID.
 */
#include "smp.h"

	.text
	.globl	secondary_entry
secondary_entry:
	csrrd	$t0, CSR_CPUID
	bstrpick.d	$t0, $t0, 8, 0
	li.w	$t1, MAX_CPUS
	bgeu	$t0, $t1, 9f
	addi.d	$t1, $t0, 1
	slli.d	$t1, $t1, STACK_SHIFT
	la.local	$sp, cpu_stacks
	add.d	$sp, $sp, $t1
	la.local	$t1, irq_entry
	csrwr	$t1, CSR_EENTRY
	move	$a0, $t0
	csrrd	$a1, CSR_CRMD
	bl	secondary_main
	b	exit_a0
9:	li.w	$a0, 0x7b		/* CPUID beyond MAX_CPUS */
	b	exit_a0

/*
 * wait_geq(p, v): return once *p >= v, sleeping in idle meanwhile. Called
 * with interrupts on. An interrupt taken anywhere between the load and the
 * end of idle resumes at idle_region_end, which loads again: a wake-up
 * that lands after the check but before idle is not lost (the same
 * rollback Linux's __arch_cpu_idle uses).
 */
	.globl	wait_geq
wait_geq:
idle_region_start:
	ld.d	$t0, $a0, 0
	bgeu	$t0, $a1, 1f
	idle	0
idle_region_end:
	b	wait_geq
1:	dbar	0
	jr	$ra

/*
 * Every exception and interrupt lands here (ECFG.VS = 0). IPI: read
 * STATUS, write it to CLEAR, count each bit; timer: TICLR, count, or end
 * the run when it is the IPI test's watchdog. Failures that would
 * otherwise be an endless stream of interrupts (no STATUS bit, more than
 * tick_cap ticks) end the run here; so does any exception (0x80 | Ecode).
 */
	.p2align 12
	.globl	irq_entry
irq_entry:
	csrwr	$t0, CSR_SAVE(0)
	csrwr	$t1, CSR_SAVE(1)
	csrwr	$t2, CSR_SAVE(2)
	csrwr	$t3, CSR_SAVE(3)
	csrrd	$t0, CSR_ESTAT
	bstrpick.d	$t1, $t0, 21, 16
	bnez	$t1, .Lfatal
	csrrd	$t3, CSR_CPUID
	bstrpick.d	$t3, $t3, 8, 0
	slli.d	$t3, $t3, PERCPU_SHIFT
	la.local	$t1, percpu
	add.d	$t3, $t3, $t1

	bstrpick.d	$t1, $t0, 11, 11
	beqz	$t1, .Lipi
	li.w	$t1, 1
	csrwr	$t1, CSR_TICLR
	la.local	$t1, watchdog_mode
	ld.d	$t1, $t1, 0
	bnez	$t1, .Lwatchdog
	ld.d	$t1, $t3, PC_TICKS
	addi.d	$t1, $t1, 1
	st.d	$t1, $t3, PC_TICKS
	/* far more ticks than asked for: TI is not being cleared */
	la.local	$t2, tick_cap
	ld.d	$t2, $t2, 0
	bltu	$t2, $t1, .Ltick_storm

.Lipi:
	bstrpick.d	$t1, $t0, 12, 12
	beqz	$t1, .Lresume
	li.w	$t1, IOCSR_IPI_STATUS
	iocsrrd.w	$t2, $t1
	bstrpick.d	$t2, $t2, 31, 0
	li.w	$t1, IOCSR_IPI_CLEAR
	iocsrwr.w	$t2, $t1
	ld.d	$t1, $t3, PC_IRQS
	addi.d	$t1, $t1, 1
	st.d	$t1, $t3, PC_IRQS
	/* irq 12 without a STATUS bit: the line was not lowered on CLEAR */
	beqz	$t2, .Lspurious
2:	ctz.w	$t1, $t2
	slli.d	$t1, $t1, 3
	add.d	$t1, $t1, $t3
	ld.d	$t0, $t1, PC_VEC
	addi.d	$t0, $t0, 1
	st.d	$t0, $t1, PC_VEC
	addi.d	$t1, $t2, -1
	and	$t2, $t2, $t1
	bnez	$t2, 2b

.Lresume:
	csrrd	$t0, CSR_ERA
	la.local	$t1, idle_region_start
	bltu	$t0, $t1, 3f
	la.local	$t1, idle_region_end
	bgeu	$t0, $t1, 3f
	csrwr	$t1, CSR_ERA
3:	csrrd	$t0, CSR_SAVE(0)
	csrrd	$t1, CSR_SAVE(1)
	csrrd	$t2, CSR_SAVE(2)
	csrrd	$t3, CSR_SAVE(3)
	ertn

	/* a0 is the interrupted code's: set it only on the way out */
.Lspurious:
	li.w	$a0, 104
	b	.Lcpu_exit
.Ltick_storm:
	li.w	$a0, 112
	b	.Lcpu_exit
.Lwatchdog:
	li.w	$a0, 0x40
	/* end the run with code a0 + CPU */
.Lcpu_exit:
	csrrd	$t0, CSR_CPUID
	bstrpick.d	$t0, $t0, 8, 0
	add.d	$a0, $a0, $t0
	b	exit_a0
.Lfatal:
	ori	$a0, $t1, 0x80
	b	exit_a0

	.bss
	.p2align 12
	.globl	percpu
percpu:
	.space	MAX_CPUS << PERCPU_SHIFT
	.p2align 4
cpu_stacks:
	.space	(MAX_CPUS + 1) << STACK_SHIFT
