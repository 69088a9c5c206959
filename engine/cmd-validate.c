/*
 * validate FILE...: checks course files against the schema and the rules
 * beyond it, prerequisites included (against the loaded catalogue too, so a
 * new module that requires a shipped one validates). With --strict, valid
 * files must also pass lint's item-writing checks.
 */
#include "catalog.h"
#include "cmd.h"
#include "lint.h"
#include "session.h"
#include "term.h"
#include "util.h"

static int run_validate(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *known = session_catalog(s, NULL);
	struct strlist errors;
	int rc;

	strlist_init(&errors);
	rc = catalog_validate((const char *const *)args->argv, (size_t)args->argc, known, &errors);
	/* The messages quote file names, which may hold anything. */
	for (size_t i = 0; i < errors.n; i++) {
		term_puts(s->out, errors.items[i]);
		fputc('\n', s->out);
	}
	if (rc == 0 && cmd_flag(args, "strict")) {
		struct lint_result r;

		/* The files were valid a moment ago; one changed since is a problem
		 * like any other, in errors. */
		lint_result_init(&r);
		rc = lint_files((const char *const *)args->argv, (size_t)args->argc, &r, &errors);
		for (size_t i = 0; i < errors.n; i++) {
			term_puts(s->out, errors.items[i]);
			fputc('\n', s->out);
		}
		for (size_t i = 0; i < r.warnings.n; i++) {
			term_puts(s->out, r.warnings.items[i]);
			fputc('\n', s->out);
		}
		if (rc == 0 && r.warnings.n) {
			strlist_release(&errors);
			rc = util_error(err, "validate: %zu lint warning%s (--strict)",
			                r.warnings.n, r.warnings.n == 1 ? "" : "s");
			lint_result_release(&r);
			return rc;
		}
		lint_result_release(&r);
	}
	if (rc == 0)
		fprintf(s->out, "%d file%s valid\n", args->argc, args->argc == 1 ? "" : "s");
	else
		util_error(err, "validate: %zu problem%s found", errors.n,
		           errors.n == 1 ? "" : "s");
	strlist_release(&errors);
	return rc;
}

static const char *const validate_options[] = {"strict", NULL};

const struct cmd_entry cmd_validate_entry = {
        .name = "validate",
        .min_args = 1,
        .max_args = CMD_UNLIMITED,
        .options = validate_options,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FILE... [--strict]",
        .help = "check course files; --strict adds lint's checks",
        .run = run_validate,
};
