/*
 * help [COMMAND]: the command list, or one command's usage, from the table.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "session.h"
#include "term.h"
#include "util.h"

static const char *need_note(enum cmd_need need)
{
	switch (need) {
	case CMD_NEED_LEARNER:
		return " (signed in)";
	case CMD_NEED_CONSULTANT:
		return " (consultant)";
	case CMD_NEED_NOTHING:
		break;
	}
	return "";
}

static int run_help(struct session *s, const struct cmd_args *args, char **err)
{
	const struct cmd_entry *e;
	size_t width = 0;
	int used;

	if (args->argc > 0) {
		if (cmd_lookup(args->argv, args->argc, &e, &used, err) < 0)
			return -1;
		char *usage = cmd_usage(e);
		fprintf(s->out, "usage: %s\n%s%s\n", usage, e->help, need_note(e->need));
		free(usage);
		return 0;
	}
	for (const struct cmd_entry *const *p = cmd_table; *p; p++) {
		char *usage = cmd_usage(*p);
		if (strlen(usage) > width)
			width = strlen(usage);
		free(usage);
	}
	/* Longer usages go on a line of their own. */
	if (width > 24)
		width = 24;
	fprintf(s->out, "Commands (a unique prefix is enough; 'help COMMAND' for one):\n");
	for (const struct cmd_entry *const *p = cmd_table; *p; p++) {
		char *usage = cmd_usage(*p);
		char *text = xstrdup((*p)->help);
		char *first;

		if (strlen(usage) > width) {
			fprintf(s->out, "  %s\n", usage);
			first = xasprintf("  %-*s  ", (int)width, "");
		} else {
			first = xasprintf("  %-*s  ", (int)width, usage);
		}
		term_wrap(&s->term, s->out, text, (int)width + 4, first);
		free(first);
		free(text);
		free(usage);
	}
	return 0;
}

const struct cmd_entry cmd_help_entry = {
        .name = "help",
        .min_args = 0,
        .max_args = 2,
        .usage = "[COMMAND]",
        .help = "list the commands, or show how to use one",
        .run = run_help,
};
