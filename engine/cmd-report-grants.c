/*
 * report grants: every grant of more attempts at a quiz (learner grant),
 * as the attempt.grant events of the record hold it: who was granted how
 * many attempts at which module, when, by which consultant, and why.
 * Deactivated staff's grants stay listed: the record keeps them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "report-request.h"
#include "report.h"
#include "session.h"
#include "store-learning.h"
#include "util.h"

static const struct report_column grants_columns[] = {
        {.key = "learner"},          {.key = "module"}, {.key = "attempts", .number = true},
        {.key = "at", .date = true}, {.key = "by"},     {.key = "reason"},
};
#define GRANTS_COLUMNS (sizeof(grants_columns) / sizeof(grants_columns[0]))

static int run_grants(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct store_grant *list = NULL;
	size_t n = 0;
	struct store *st;
	struct report r;
	int rc = -1;

	report_init(&r, "grants", grants_columns, GRANTS_COLUMNS);
	if (report_request_init(&q, "report grants", s, args, err) < 0 ||
	    !(st = session_store(s, err)) || store_grant_list(st, 0, &list, &n, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct json *data =
		        list[i].data ? json_parse(list[i].data, strlen(list[i].data), NULL) : NULL;
		uint64_t attempts = 0;
		char *count = NULL;
		const char *cells[GRANTS_COLUMNS];

		if (data && json_get_uint(data, "n", &attempts) == 0)
			count = xasprintf("%llu", (unsigned long long)attempts);
		cells[0] = list[i].learner;
		cells[1] = list[i].module;
		cells[2] = count;
		cells[3] = list[i].at;
		cells[4] = list[i].by;
		cells[5] = data ? json_get_string(data, "reason") : NULL;
		report_add_row(&r, cells);
		free(count);
		json_free(data);
	}
	report_request_meta(&r, &q);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	store_grants_free(list, n);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

static const char *const grants_options[] = {"format:", NULL};

const struct cmd_entry cmd_report_grants_entry = {
        .paged = true,
        .name = "report",
        .sub = "grants",
        .min_args = 0,
        .max_args = 0,
        .options = grants_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--format table|csv|json]",
        .help = "every grant of more attempts at a quiz: to whom, which module, when, by "
                "whom, why",
        .run = run_grants,
};
