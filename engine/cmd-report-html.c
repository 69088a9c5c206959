/*
 * report html [--out FILE]: the record as one self-contained HTML page
 * (report-html.c) for a manager or an auditor, on the session's output or
 * into FILE, written 0600 like every export (private.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "private.h"
#include "report-html.h"
#include "session.h"
#include "util.h"

static int run_html(struct session *s, const struct cmd_args *args, char **err)
{
	const char *path = cmd_opt(args, "out");
	char *page, *why = NULL;
	int rc = 0;

	if (path && !*path)
		return util_error(err, "report html: --out needs a file name");
	if (!(page = report_html(s, err)))
		return -1;
	if (!path) {
		fputs(page, s->out);
	} else if (private_write(path, page, &why) < 0) {
		rc = util_error(err, "report html: %s", why);
	} else {
		char *shown = util_printable(path, 80);
		fprintf(s->out, "wrote the report to '%s' (%zu bytes)\n", shown, strlen(page));
		free(shown);
	}
	free(why);
	free(page);
	return rc;
}

static const char *const html_options[] = {"out:", NULL};

const struct cmd_entry cmd_report_html_entry = {
        .name = "report",
        .sub = "html",
        .min_args = 0,
        .max_args = 0,
        .options = html_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_NONE,
        .usage = "[--out FILE]",
        .help = "everything as one HTML page, to view or print",
        .run = run_html,
};
