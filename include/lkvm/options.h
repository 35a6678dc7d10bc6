/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LKVM_OPTIONS_H
#define LKVM_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include "lkvm/util.h"

/*
 * One table per command describes its options (kvmtool's OPT_* idea):
 * getopt's table, the grouped --help text and the printed equivalent
 * command line all come from it, so they cannot disagree.
 */
struct opt_choice {
	const char *name;
	int value;
};

enum opt_type {
	OPT_T_GROUP,	/* a heading in --help: only .help */
	OPT_T_STRING,	/* const char * at .off */
	OPT_T_FLAG,	/* bool at .off */
	OPT_T_ENUM,	/* int-sized enum at .off, named by .choices */
	OPT_T_FUNC,	/* .parse does it */
	OPT_T_TABLE,	/* the rows of .table go here (e.g. the arch's) */
};

/* The command line being printed (options__format). */
struct opt_line {
	char *buf;
	size_t len;
};

struct opt {
	enum opt_type type;
	const char *name;		/* long name, without "--" */
	char letter;			/* short name, or 0 */
	const char *meta;		/* value in --help ("FILE"); NULL: no value */
	const char *help;		/* '\n' starts a continuation line */
	size_t off;			/* field in the command's config struct */
	const struct opt_choice *choices;	/* OPT_T_ENUM: ends with { NULL } */
	/* OPT_T_FUNC: parse arg into cfg; -1 after printing one error line. */
	int (*parse)(const char *arg, void *cfg);
	/*
	 * The option in the equivalent command: NULL prints strings that are
	 * set, flags that are true, enums (with OPT_F_ALWAYS, or when not
	 * the first choice); FUNC options need one.
	 */
	void (*format)(const struct opt *o, const void *cfg, struct opt_line *line);
	unsigned int flags;
	const struct opt *table;	/* OPT_T_TABLE */
};

#define OPT_F_ALWAYS	1u	/* ENUM: print even the default */
#define OPT_F_NOPRINT	2u	/* never in the equivalent command */

#define OPT_GROUP(h)	{ .type = OPT_T_GROUP, .help = (h) }
#define OPT_END()	{ .type = OPT_T_GROUP, .help = NULL }
#define OPT_TABLE(t)	{ .type = OPT_T_TABLE, .name = "", .help = "", .table = (t) }

/* The arch's rows of the "Debug options" group of lkvm run. */
extern const struct opt kvm__arch_debug_opts[];

/*
 * Parse argv[1..] with tbl into cfg. Arguments that are not options go to
 * positional(arg, cfg) in order (NULL: they are refused). Returns 0, 1 for
 * -h/--help (the caller prints its usage), -1 after one error line ("see
 * 'lkvm CMD --help'").
 */
int options__parse(const struct opt *tbl, const char *cmd, int argc, char **argv, void *cfg,
		   int (*positional)(const char *arg, void *cfg));

/* The grouped option list under a usage line, as --help prints it. */
void options__usage(const struct opt *tbl, const char *usage, FILE *out);

/* Append cfg's options to line, in table order. */
void options__format(const struct opt *tbl, const void *cfg, struct opt_line *line);

/* One word of a command line, quoted for a POSIX shell when needed. */
void options__append(struct opt_line *line, const char *arg);
/* "--name value" (value NULL: just "--name"). */
void options__append_opt(struct opt_line *line, const struct opt *o, const char *value);

/* For error lines: "--name 'arg': ..." with the command's help pointer. */
int options__bad(const char *cmd, const char *fmt, ...) __printf(2, 3);

#endif
