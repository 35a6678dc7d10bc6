/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_BUILTIN_H
#define LKVM_BUILTIN_H

#include <stdio.h>

struct lkvm_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	void (*help)(FILE *out);
};

int cmd_run(int argc, char **argv);
void cmd_run_help(FILE *out);
int cmd_features(int argc, char **argv);
struct lkvm_config;
/* The --cpu-features table for cfg's backend (builtin-features.c); 0 or -1. */
int features__print_table(const struct lkvm_config *cfg, FILE *out);
int cmd_setup(int argc, char **argv);
void cmd_setup_help(FILE *out);
int cmd_sandbox(int argc, char **argv);
void cmd_sandbox_help(FILE *out);
int cmd_version(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_balloon(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_help(int argc, char **argv);

const struct lkvm_cmd *lkvm__find_cmd(const char *name);
void lkvm__list_cmds(FILE *out);

#endif
