/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_MACHINE_H
#define LKVM_MACHINE_H

struct kvm;
struct lkvm_config;

/*
 * One bring-up step of the machine (machine.c has the table). init prints
 * why it failed; stop quiesces threads the step started (all stops run,
 * last step first, before any exit); exit frees what init made. Either
 * may be NULL.
 */
struct machine_step {
	const char *name;
	int (*init)(struct kvm *kvm);
	void (*stop)(struct kvm *kvm);
	void (*exit)(struct kvm *kvm);
};

#define MACHINE_MAX_STEPS	48

/* The board's steps, in order, ending with { NULL }: from the arch. */
const struct machine_step *kvm__arch_board_steps(void);

/*
 * Run every step for cfg; on failure undo the ones that succeeded and
 * return -1 (the step, or this, printed one error line naming it).
 */
int machine__init(struct kvm *kvm, const struct lkvm_config *cfg);
/* Stop, then exit, every step that succeeded, in reverse order. */
void machine__exit(struct kvm *kvm);

#endif
