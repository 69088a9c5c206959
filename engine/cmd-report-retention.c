/*
 * report retention: per module, how well what was learned is holding, from
 * the refresher cards of everyone who passed it: the learners and questions
 * spaced, how many are due now, the mean predicted chance of recall now
 * (FSRS-6 retrievability, refresh.h), and the refresher answers given and
 * how many were fully right. Modules nobody has passed show empty cells.
 * --learner NAME counts one person's cards only.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "refreshers.h"
#include "report-request.h"
#include "report.h"
#include "reports.h"
#include "session.h"
#include "util.h"

static const struct report_column retention_columns[] = {
        {.key = "module"},
        {.key = "learners", .number = true},
        {.key = "questions", .number = true},
        {.key = "due_now", .number = true},
        {.key = "retention_percent", .number = true},
        {.key = "refresh_answers", .number = true},
        {.key = "refresh_right", .number = true},
        {.key = "right_percent", .number = true},
};
#define RETENTION_COLUMNS (sizeof(retention_columns) / sizeof(retention_columns[0]))
static const struct report_table_column retention_table[RETENTION_COLUMNS] = {
        [3] = {.title = "due"},       [4] = {.title = "retention", .bar = true},
        [5] = {.title = "refreshed"}, [6] = {.title = "right"},
        [7] = {.title = "right %"},
};

static int by_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void add_row(struct report *r, const char *module, const struct refreshers *all, time_t now)
{
	char *cells[RETENTION_COLUMNS] = {NULL};
	long long *who = xcalloc(all->n + 1, sizeof(*who));
	size_t questions = 0, due = 0, learners = 0;
	long answers = 0, right = 0;
	double recall = 0;

	for (size_t i = 0; i < all->n; i++) {
		const struct refresher *c = &all->items[i];
		if (strcmp(c->course->id, module) != 0)
			continue;
		who[questions++] = c->learner;
		due += refresh_is_due(&c->card, now);
		recall += refresh_retrievability(&c->card, now);
		answers += c->reviews;
		right += c->right;
	}
	qsort(who, questions, sizeof(*who), by_id);
	for (size_t i = 0; i < questions; i++)
		learners += i == 0 || who[i] != who[i - 1];
	cells[0] = xstrdup(module);
	cells[1] = xasprintf("%zu", learners);
	cells[2] = xasprintf("%zu", questions);
	cells[3] = xasprintf("%zu", due);
	if (questions)
		cells[4] = reports_fmt1(100.0 * recall / (double)questions);
	cells[5] = xasprintf("%ld", answers);
	cells[6] = xasprintf("%ld", right);
	if (answers)
		cells[7] = reports_fmt1(100.0 * (double)right / (double)answers);
	report_add_row(r, (const char *const *)cells);
	for (size_t i = 0; i < RETENTION_COLUMNS; i++)
		free(cells[i]);
	free(who);
}

static int run_retention(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct refreshers all = {0};
	struct catalog *cat;
	struct store *st;
	struct report r;
	struct learner who = {0};
	const char *name = cmd_opt(args, "learner");
	time_t now = clock_now();
	int rc = -1, found = 0;

	report_init(&r, "retention", retention_columns, RETENTION_COLUMNS);
	report_set_table(&r, retention_table);
	if (report_request_init(&q, "report retention", s, args, err) < 0 ||
	    !(cat = session_catalog(s, err)) || !(st = session_store(s, err)))
		goto out;
	if (name && (found = store_learner_find(st, name, &who, err)) != 0) {
		if (found == STORE_NOT_FOUND) {
			char *why = *err;
			*err = xasprintf("report retention: --learner: %s", why);
			free(why);
		}
		goto out;
	}
	if (refreshers_load(st, cat, name ? who.id : 0, NULL, &all, err) < 0)
		goto out;
	for (size_t m = 0; m < q.ncourses; m++)
		add_row(&r, q.courses[m]->id, &all, now);
	if (name)
		report_add_meta(&r, "learner", who.name, false);
	report_request_meta(&r, &q);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	if (name && found == 0)
		learner_release(&who);
	refreshers_release(&all);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

static const char *const retention_options[] = {"format:", "module:", "topic:", "learner:", NULL};

const struct cmd_entry cmd_report_retention_entry = {
        .paged = true,
        .name = "report",
        .sub = "retention",
        .min_args = 0,
        .max_args = 0,
        .options = retention_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--learner NAME] [--module ID] [--topic TOPIC] [--format table|csv|json]",
        .help = "each module: questions spaced by refreshers, how many are due, mean "
                "predicted recall now, refresher answers right",
        .run = run_retention,
};
