/*
 * progress: the signed-in learner's standing on every module, with scores,
 * attempts, time spent and what to do next.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "handover.h"
#include "cmd.h"
#include "progress.h"
#include "quiz.h"
#include "refreshers.h"
#include "report.h"
#include "reminders.h"
#include "session.h"
#include "util.h"
#include "store-duties.h"
#include "store-refresh.h"

/* The duties the learner is working towards or holds, and what the next
 * stage of each still needs. Nothing when they have none. */
static int print_duties(struct session *s, struct store *st, const struct catalog *cat, time_t now,
                        char **err)
{
	const struct term *t = &s->term;
	struct duty *duties = NULL;
	size_t n = 0;
	bool heading = false;
	int rc = -1;

	if (store_duty_list(st, &duties, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct duty *d = &duties[i];
		struct strlist missing;
		enum duty_stage stage;
		char *line;

		if (store_duty_stage(st, s->me->id, d->id, &stage, err) < 0)
			goto out;
		if (stage == DUTY_NONE)
			continue;
		if (!heading) {
			fprintf(s->out, "%sYour duties%s\n", term_on(t, TERM_TITLE), term_off(t));
			heading = true;
		}
		if (stage == DUTY_HANDED_OVER) {
			line = xasprintf("%s: handed over to you", d->title);
			term_wrap(t, s->out, line, 4, "  ");
			free(line);
			continue;
		}
		strlist_init(&missing);
		if (handover_check(st, cat, d, s->me->id, stage, (enum duty_stage)(stage + 1),
		                   false, now, &missing, err) < 0) {
			strlist_release(&missing);
			goto out;
		}
		if (missing.n == 0)
			line = xasprintf("%s: %s; ready for %s", d->title, duty_stage_name(stage),
			                 duty_stage_name((enum duty_stage)(stage + 1)));
		else
			line = xasprintf("%s: %s; before %s it", d->title, duty_stage_name(stage),
			                 duty_stage_name((enum duty_stage)(stage + 1)));
		term_wrap(t, s->out, line, 4, "  ");
		for (size_t k = 0; k < missing.n; k++)
			term_wrap(t, s->out, missing.items[k], 8, "    - ");
		free(line);
		strlist_release(&missing);
	}
	if (heading)
		fputc('\n', s->out);
	rc = 0;
out:
	duties_free(duties, n);
	return rc;
}

static const struct report_column progress_columns[] = {
        {.key = "module"},
        {.key = "status"},
        {.key = "best", .number = true},
        {.key = "tries", .number = true},
        {.key = "time", .number = true},
        {.key = "note"},
};
#define PROGRESS_COLUMNS (sizeof(progress_columns) / sizeof(progress_columns[0]))
static const struct report_table_column progress_table[PROGRESS_COLUMNS] = {
        [4] = {.seconds = true},
};

/* The note beside a module: what its state means for the learner now. */
static char *progress_note(const struct course *c, const struct standing *ms)
{
	struct standing_days days;
	int left;

	standing_days(ms, &days);
	switch (ms->state) {
	case STANDING_LOCKED:
		return xasprintf("needs '%s' passed first", ms->locked_by);
	case STANDING_READING:
		return xasprintf("page %d of %d", ms->page + 1, ms->pages);
	case STANDING_QUIZ_OPEN:
		return xasprintf("%zu of %zu answered", ms->answered, ms->questions);
	case STANDING_PASSED:
		return days.expires[0]
		               ? xasprintf("on %s, valid until %s", days.passed, days.expires)
		               : xasprintf("on %s", days.passed);
	case STANDING_EXPIRED:
		if (ms->period_attempts > 0 && ms->attempts_left > 0)
			return xasprintf("expired %s: take it again, %d attempt%s left",
			                 days.expires, ms->attempts_left,
			                 ms->attempts_left == 1 ? "" : "s");
		return xasprintf("expired %s: take it again", days.expires);
	case STANDING_FAILED:
		left = ms->attempts_left;
		return left < 0 ? xasprintf("pass mark %d%%", c->quiz.pass_mark)
		                : xasprintf("pass mark %d%%, %d attempt%s left", c->quiz.pass_mark,
		                            left, left == 1 ? "" : "s");
	case STANDING_NO_ATTEMPTS:
		return xstrdup("no attempts left: ask a consultant for another attempt");
	case STANDING_NOT_STARTED:
		break;
	}
	return xstrdup("");
}

/* How many refresher questions are due, or when the next is; nothing for a
 * learner with none. Loads the modules whole (the questions are in their
 * bodies), which replaces the session's list (the list stays valid until
 * the command ends: session.h). */
static int print_refreshers(struct session *s, struct store *st, time_t now, char **err)
{
	struct catalog *whole = NULL;
	struct refreshers all = {0};
	struct refresh_fact *facts = NULL;
	size_t nfacts = 0, due;
	time_t next;
	char date[16];

	if (store_refresh_facts(st, s->me->id, NULL, &facts, &nfacts, err) < 0)
		return -1;
	refresh_facts_free(facts, nfacts);
	if (nfacts == 0)
		return 0;
	if (!(whole = session_catalog(s, err)) ||
	    refreshers_load(st, whole, s->me->id, NULL, &all, err) < 0)
		return -1;
	due = refreshers_due(&all, now, &next);
	if (due)
		fprintf(s->out, "Refreshers: %zu question%s due now: 'refresh' asks %s.\n", due,
		        due == 1 ? "" : "s", due == 1 ? "it" : "them");
	else if (next) {
		clock_date(next, date, sizeof(date));
		fprintf(s->out, "Refreshers: none due now; the next on %s.\n", date);
	}
	refreshers_release(&all);
	return 0;
}

static int run_progress(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog_list(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	const struct term *t = &s->term;
	const struct standing *row;
	const struct course *next;
	struct standing_summary sum;
	struct progress p;
	struct report r;
	time_t now = clock_now();
	char *total_text, *bar, *line;
	int rc = -1;

	(void)args;
	if (!st)
		return -1;
	if (progress_load_catalog(st, cat, s->me->id, now, &p, err) < 0)
		goto out;
	row = progress_row(&p, 0);
	fprintf(s->out, "Progress for %s\n\n", s->me->name);
	report_init(&r, "progress", progress_columns, PROGRESS_COLUMNS);
	report_set_table(&r, progress_table);
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct standing *ms = &row[i];
		char *best = ms->scored ? xasprintf("%d%%", (int)ms->best_percent) : xstrdup("-");
		char *tries = xasprintf("%d", ms->attempts);
		char *secs = xasprintf("%ld", ms->seconds);
		char *note = progress_note(cat->courses[i], ms);
		const char *cells[PROGRESS_COLUMNS] = {cat->courses[i]->id,
		                                       standing_state_name(ms->state),
		                                       best,
		                                       tries,
		                                       secs,
		                                       note};

		report_add_row(&r, cells);
		free(best);
		free(tries);
		free(secs);
		free(note);
	}
	report_print(&r, REPORT_TABLE, t, s->out);
	report_release(&r);
	standing_summarise(row, cat->ncourses, &sum);
	total_text = report_duration(sum.seconds);
	bar = term_bar(cat->ncourses ? (double)sum.passed / (double)cat->ncourses : 0, 20);
	line = xasprintf("%s %zu of %zu modules passed; %s spent in all.", bar, sum.passed,
	                 cat->ncourses, total_text);
	fputc('\n', s->out);
	term_wrap(t, s->out, line, 2, "");
	fputc('\n', s->out);
	free(line);
	free(bar);
	free(total_text);
	if (reminders_print(s, s->out, err) < 0 || print_duties(s, st, cat, now, err) < 0)
		goto out;
	progress_print_locked_out(&p, 0, s->out);
	next = standing_next(cat, row);
	if (next) {
		char *head = xasprintf("Next: %sstart %s%s ", term_on(t, TERM_BOLD), next->id,
		                       term_off(t));
		line = xasprintf("(%s)", next->title);
		term_wrap(t, s->out, line, 2, head);
		free(line);
		free(head);
	}
	if (print_refreshers(s, st, now, err) < 0)
		goto out;
	rc = 0;
out:
	progress_release(&p);
	return rc;
}

const struct cmd_entry cmd_progress_entry = {
        .paged = true,
        .name = "progress",
        .min_args = 0,
        .max_args = 0,
        .list = true,
        .need = CMD_NEED_LEARNER,
        .usage = "",
        .help = "your modules, scores, time spent, what is next",
        .run = run_progress,
};
