/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_ACCEL_H
#define LKVM_ACCEL_H

#include "lkvm/backend.h"
#include "lkvm/config.h"

/*
 * Open the backend cfg->accel asks for and return its system fd, with *be
 * set. "auto" becomes the choice made (cfg->accel is updated) and one info
 * line says which and why. -1 after printing one error line.
 */
int accel__open(struct lkvm_config *cfg, const struct kvm_backend **be);

#endif
