/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef GUEST_ACTIONS_H
#define GUEST_ACTIONS_H

/* Run what the command line asks for (lkvm.echo, lkvm.exit=N, lkvm.reboot). */
void guest_actions(const char *cmdline);

#endif
