/* SPDX-License-Identifier: GPL-2.0-only */
/* Table-driven options: getopt table, --help text and equivalent command. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include "lkvm/options.h"

#define OPT_MAX		64	/* options in one table */
#define HELP_COL	27	/* where help text starts in --help */

/*
 * The table with OPT_T_TABLE rows replaced by the rows of the tables they
 * name (one level is all lkvm uses; deeper ones work too), ending with
 * OPT_END(). Returns the number of rows before the end.
 */
static size_t opt_flatten(const struct opt *tbl, struct opt *out, size_t n, size_t max)
{
	for (const struct opt *o = tbl; o->type != OPT_T_GROUP || o->help; o++) {
		if (o->type == OPT_T_TABLE)
			n = opt_flatten(o->table, out, n, max);
		else if (n < max)
			out[n++] = *o;
	}
	out[n < max ? n : max] = (struct opt)OPT_END();
	return n;
}

#define OPT_FLAT(name, tbl) \
	struct opt name[OPT_MAX + 1]; \
	opt_flatten(tbl, name, 0, OPT_MAX)

static bool opt_takes_value(const struct opt *o)
{
	return o->type != OPT_T_FLAG && o->meta;
}

int options__bad(const char *cmd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("%s (see 'lkvm %s --help')", buf, cmd);
	return -1;
}

static int opt_set_enum(const struct opt *o, const char *cmd, const char *arg, void *cfg)
{
	char names[256];
	size_t used = 0;
	const struct opt_choice *c;

	for (c = o->choices; c->name; c++) {
		if (!strcmp(c->name, arg)) {
			memcpy((char *)cfg + o->off, &c->value, sizeof(int));
			return 0;
		}
	}
	names[0] = '\0';
	for (c = o->choices; c->name && used < sizeof(names); c++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 c == o->choices ? "" : c[1].name ? ", " : " or ",
					 c->name);
	return options__bad(cmd, "--%s '%s': use %s", o->name, arg, names);
}

static int opt_apply(const struct opt *o, const char *cmd, const char *arg, void *cfg)
{
	char *field = (char *)cfg + o->off;
	bool yes = true;

	switch (o->type) {
	case OPT_T_STRING:
		memcpy(field, &arg, sizeof(arg));
		return 0;
	case OPT_T_FLAG:
		memcpy(field, &yes, sizeof(yes));
		return 0;
	case OPT_T_ENUM:
		return opt_set_enum(o, cmd, arg, cfg);
	case OPT_T_FUNC:
		return o->parse(arg, cfg);
	default:
		return -1;
	}
}

int options__parse(const struct opt *table, const char *cmd, int argc, char **argv, void *cfg,
		   int (*positional)(const char *arg, void *cfg))
{
	OPT_FLAT(tbl, table);
	struct option lopts[OPT_MAX + 2];
	char sopts[2 * OPT_MAX + 4] = ":";
	size_t ns = 1;
	int n = 0, c, idx;

	for (const struct opt *o = tbl; o->type != OPT_T_GROUP || o->help; o++) {
		if (o->type == OPT_T_GROUP || n == OPT_MAX)
			continue;
		lopts[n] = (struct option){ o->name,
			opt_takes_value(o) ? required_argument : no_argument, NULL, 0x100 + n };
		if (o->letter) {
			sopts[ns++] = o->letter;
			if (opt_takes_value(o))
				sopts[ns++] = ':';
		}
		n++;
	}
	lopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n] = (struct option){ NULL, 0, NULL, 0 };
	sopts[ns++] = 'h';
	sopts[ns] = '\0';

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, sopts, lopts, &idx)) != -1) {
		const struct opt *o = NULL;

		if (c == 'h')
			return 1;
		if (c == ':')
			return options__bad(cmd, "option '%s' needs a value", argv[optind - 1]);
		if (c == '?')
			return options__bad(cmd, "unknown option '%s'", argv[optind - 1]);
		if (c >= 0x100) {
			o = tbl;
			for (int k = 0; ; o++) {
				if (o->type == OPT_T_GROUP)
					continue;
				if (k++ == c - 0x100)
					break;
			}
		} else {
			for (o = tbl; o->type != OPT_T_GROUP || o->help; o++)
				if (o->type != OPT_T_GROUP && o->letter == c)
					break;
		}
		if (opt_apply(o, cmd, optarg, cfg))
			return -1;
	}
	for (; optind < argc; optind++) {
		if (!positional)
			return options__bad(cmd, "unexpected argument '%s'", argv[optind]);
		if (positional(argv[optind], cfg))
			return -1;
	}
	return 0;
}

/* The text of "  -k, --kernel FILE": returns its width. */
static int opt_head(const struct opt *o, char *buf, size_t len)
{
	return snprintf(buf, len, "  %c%c%s--%s%s%s", o->letter ? '-' : ' ',
			o->letter ? o->letter : ' ', o->letter ? ", " : "  ", o->name,
			o->meta ? " " : "", o->meta ? o->meta : "");
}

void options__usage(const struct opt *table, const char *usage, FILE *out)
{
	OPT_FLAT(tbl, table);

	fprintf(out, "%s\n", usage);
	for (const struct opt *o = tbl; o->type != OPT_T_GROUP || o->help; o++) {
		char head[128];
		const char *h, *nl;
		int w;

		if (o->type == OPT_T_GROUP) {
			fprintf(out, "\n%s\n", o->help);
			continue;
		}
		w = opt_head(o, head, sizeof(head));
		h = o->help;
		nl = strchr(h, '\n');
		/* A long head gets its text on the next lines. */
		if (w >= HELP_COL)
			fprintf(out, "%s\n%*s", head, HELP_COL, "");
		else
			fprintf(out, "%-*s", HELP_COL, head);
		for (;;) {
			fprintf(out, "%.*s\n", nl ? (int)(nl - h) : (int)strlen(h), h);
			if (!nl)
				break;
			h = nl + 1;
			nl = strchr(h, '\n');
			fprintf(out, "%*s", HELP_COL, "");
		}
	}
	fprintf(out, "  -h, --help               this text\n");
}

void options__append(struct opt_line *line, const char *arg)
{
	size_t n = strlen(line->buf);
	bool plain = *arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				    "-_./=,+:@%") == strlen(arg);

	if (n + 2 >= line->len)
		return;
	if (n)
		line->buf[n++] = ' ';
	if (plain) {
		snprintf(line->buf + n, line->len - n, "%s", arg);
		return;
	}
	line->buf[n++] = '\'';
	for (; *arg && n + 5 < line->len; arg++) {
		if (*arg == '\'') {
			memcpy(line->buf + n, "'\\''", 4);
			n += 4;
		} else {
			line->buf[n++] = *arg;
		}
	}
	line->buf[n++] = '\'';
	line->buf[n] = '\0';
}

void options__append_opt(struct opt_line *line, const struct opt *o, const char *value)
{
	char name[64];

	snprintf(name, sizeof(name), "--%s", o->name);
	options__append(line, name);
	if (value)
		options__append(line, value);
}

void options__format(const struct opt *table, const void *cfg, struct opt_line *line)
{
	OPT_FLAT(tbl, table);

	for (const struct opt *o = tbl; o->type != OPT_T_GROUP || o->help; o++) {
		const char *field = (const char *)cfg + o->off;

		if (o->type == OPT_T_GROUP || (o->flags & OPT_F_NOPRINT))
			continue;
		if (o->format) {
			o->format(o, cfg, line);
			continue;
		}
		switch (o->type) {
		case OPT_T_STRING: {
			const char *s;

			memcpy(&s, field, sizeof(s));
			if (s)
				options__append_opt(line, o, s);
			break;
		}
		case OPT_T_FLAG: {
			bool b;

			memcpy(&b, field, sizeof(b));
			if (b)
				options__append_opt(line, o, NULL);
			break;
		}
		case OPT_T_ENUM: {
			int v;

			memcpy(&v, field, sizeof(v));
			if (v == o->choices[0].value && !(o->flags & OPT_F_ALWAYS))
				break;
			for (const struct opt_choice *c = o->choices; c->name; c++)
				if (c->value == v)
					options__append_opt(line, o, c->name);
			break;
		}
		default:
			break;
		}
	}
}
