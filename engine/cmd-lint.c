/*
 * lint FILE...: the item-writing checks of lint.c on course files, each
 * warning as file:line, then a count per check. Fails (a non-zero exit for
 * one-shot use) when there is any warning or a file does not load.
 */
#include "cmd.h"
#include "lint.h"
#include "session.h"
#include "term.h"
#include "util.h"

/* Prints what a lint run found; shared with validate --strict through
 * lint_report() below. */
static void print_lines(struct session *s, const struct strlist *l)
{
	/* The messages quote file names and course text, which may hold anything. */
	for (size_t i = 0; i < l->n; i++) {
		term_puts(s->out, l->items[i]);
		fputc('\n', s->out);
	}
}

static int run_lint(struct session *s, const struct cmd_args *args, char **err)
{
	struct lint_result r;
	struct strlist errors;
	int rc;

	lint_result_init(&r);
	strlist_init(&errors);
	rc = lint_files((const char *const *)args->argv, (size_t)args->argc, &r, &errors);
	print_lines(s, &errors);
	print_lines(s, &r.warnings);
	if (r.warnings.n) {
		fprintf(s->out, "%zu warning%s:", r.warnings.n, r.warnings.n == 1 ? "" : "s");
		for (int c = 0; c < LINT_NCHECKS; c++)
			if (r.counts[c])
				fprintf(s->out, " %s %zu", lint_check_name((enum lint_check)c),
				        r.counts[c]);
		fputc('\n', s->out);
	}
	if (rc != 0)
		util_error(err, "lint: %zu problem%s in the files", errors.n,
		           errors.n == 1 ? "" : "s");
	else if (r.warnings.n)
		rc = util_error(err, "lint: %zu warning%s", r.warnings.n,
		                r.warnings.n == 1 ? "" : "s");
	else
		fprintf(s->out, "%d file%s: no warnings\n", args->argc, args->argc == 1 ? "" : "s");
	strlist_release(&errors);
	lint_result_release(&r);
	return rc;
}

const struct cmd_entry cmd_lint_entry = {
        .name = "lint",
        .min_args = 1,
        .max_args = CMD_UNLIMITED,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FILE...",
        .help = "item-writing checks, every warning as file:line",
        .run = run_lint,
};
