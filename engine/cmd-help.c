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

/* The family a word names (exactly, or as the unique prefix of one
 * family's name), for "help report": NULL if none or several. */
static const char *family(const char *word)
{
	const char *found = NULL;

	for (const struct cmd_entry *const *p = cmd_table; *p; p++) {
		if (!(*p)->sub)
			continue;
		if (strcmp((*p)->name, word) == 0)
			return (*p)->name;
		if (strncmp((*p)->name, word, strlen(word)) == 0) {
			if (found && strcmp(found, (*p)->name) != 0)
				return NULL;
			found = (*p)->name;
		}
	}
	return found;
}

int cmd_help_for(struct session *s, char **words, int nwords, char **err)
{
	const struct cmd_entry *e;
	const char *name;
	int used;

	/* A family with no subcommand named: each of them. */
	if (nwords == 1 && (name = family(words[0]))) {
		for (const struct cmd_entry *const *p = cmd_table; *p; p++) {
			if (!(*p)->sub || strcmp((*p)->name, name) != 0)
				continue;
			char *usage = cmd_usage(*p);
			char *text = xasprintf("%s%s", (*p)->help, need_note((*p)->need));
			fprintf(s->out, "%s\n", usage);
			term_wrap(&s->term, s->out, text, 4, "    ");
			free(text);
			free(usage);
		}
		return 0;
	}
	if (cmd_lookup(words, nwords, &e, &used, err) < 0)
		return -1;
	char *usage = cmd_usage(e);
	fprintf(s->out, "usage: %s\n%s%s\n", usage, e->help, need_note(e->need));
	free(usage);
	return 0;
}

static int run_help(struct session *s, const struct cmd_args *args, char **err)
{
	size_t width = 0;

	if (args->argc > 0)
		return cmd_help_for(s, args->argv, args->argc, err);
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
        .paged = true,
        .name = "help",
        .min_args = 0,
        .max_args = 2,
        .usage = "[COMMAND]",
        .help = "list the commands, or show how to use one",
        .run = run_help,
};
