/*
 * report handover: how far the organisation's social-media work has come
 * back in-house. Duties handed back (n of m), who is ready for what next and
 * what each still needs, and the timeline of moves since the engagement
 * began. A table shows all three; CSV and JSON carry the readiness rows, or
 * with --timeline the timeline.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "handover.h"
#include "report-request.h"
#include "report.h"
#include "session.h"
#include "util.h"
#include "store-duties.h"

static const struct report_column readiness_columns[] = {
        {.key = "learner"}, {.key = "duty"},  {.key = "stage"},
        {.key = "next"},    {.key = "ready"}, {.key = "still_needs"},
};

static const struct report_column timeline_columns[] = {
        {.key = "at"}, {.key = "duty"}, {.key = "learner"}, {.key = "from"},
        {.key = "to"}, {.key = "by"},   {.key = "note"},
};

/* One row per staff member and duty they have started and not yet hold. */
static int add_readiness(struct session *s, struct store *st, const struct catalog *cat,
                         const struct duty *duties, size_t n, struct report *r, int *handed,
                         char **err)
{
	struct learner *people = NULL;
	size_t npeople = 0;
	time_t now = clock_now();
	int rc = -1;

	(void)s;
	*handed = 0;
	if (store_learner_list(st, &people, &npeople, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		long long owner;
		char *holder = NULL;

		if (store_duty_holder(st, duties[i].id, &owner, &holder, err) < 0)
			goto out;
		if (owner)
			(*handed)++;
		free(holder);
	}
	for (size_t p = 0; p < npeople; p++) {
		if (people[p].role != ROLE_STAFF || !people[p].active)
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct duty *d = &duties[i];
			struct strlist missing;
			struct strbuf needs;
			enum duty_stage stage, next;
			const char *cells[6];

			if (store_duty_stage(st, people[p].id, d->id, &stage, err) < 0)
				goto out;
			if (stage == DUTY_NONE || stage == DUTY_HANDED_OVER)
				continue;
			next = (enum duty_stage)(stage + 1);
			strlist_init(&missing);
			if (handover_check(st, cat, d, people[p].id, stage, next, false, now,
			                   &missing, err) < 0) {
				strlist_release(&missing);
				goto out;
			}
			strbuf_init(&needs);
			for (size_t k = 0; k < missing.n; k++)
				strbuf_addf(&needs, "%s%s", k ? "; " : "", missing.items[k]);
			cells[0] = people[p].name;
			cells[1] = d->id;
			cells[2] = duty_stage_name(stage);
			cells[3] = duty_stage_name(next);
			cells[4] = missing.n ? "no" : "yes";
			cells[5] = needs.buf;
			report_add_row(r, cells);
			strbuf_release(&needs);
			strlist_release(&missing);
		}
	}
	rc = 0;
out:
	learners_free(people, npeople);
	return rc;
}

static int add_timeline(struct store *st, struct report *r, char **err)
{
	struct duty_move *moves = NULL;
	size_t n = 0;

	if (store_duty_timeline(st, &moves, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *cells[7] = {moves[i].at,   moves[i].duty, moves[i].learner,
		                        moves[i].from, moves[i].to,   moves[i].actor,
		                        moves[i].note};
		report_add_row(r, cells);
	}
	duty_moves_free(moves, n);
	return 0;
}

static int run_report_handover(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	struct report_request q;
	enum report_format format;
	struct report readiness, timeline;
	struct duty *duties = NULL;
	char began[32], count[16], total[16];
	size_t n = 0;
	int handed = 0, rc = -1;

	if (!st)
		return -1;
	if (report_request_init(&q, "report handover", s, args, err) < 0) {
		report_request_release(&q);
		return -1;
	}
	format = q.format;
	report_init(&readiness, "handover", readiness_columns, 6);
	report_init(&timeline, "handover-timeline", timeline_columns, 7);
	if (store_duty_list(st, &duties, &n, err) < 0 ||
	    add_readiness(s, st, cat, duties, n, &readiness, &handed, err) < 0 ||
	    add_timeline(st, &timeline, err) < 0 || store_first_event(st, began, err) < 0)
		goto out;
	snprintf(count, sizeof(count), "%d", handed);
	snprintf(total, sizeof(total), "%zu", n);
	if (format != REPORT_TABLE) {
		struct report *r = cmd_flag(args, "timeline") ? &timeline : &readiness;
		report_add_meta(r, "duties_handed_back", count, true);
		report_add_meta(r, "duties", total, true);
		report_add_meta(r, "engagement_began", began, false);
		if (report_request_trace(r, &q, st, err) < 0)
			goto out;
		if (report_add_record_head(r, st, err) < 0)
			goto out;
		report_print(r, format, &s->term, s->out);
	} else {
		const struct term *t = &s->term;
		char *bar = term_bar(n ? (double)handed / (double)n : 0, 20);
		char *head =
		        xasprintf("%sDuties handed back:%s ", term_on(t, TERM_TITLE), term_off(t));
		char *line = xasprintf("%s %d of %zu (since %.10s)", bar, handed, n,
		                       began[0] ? began : "-");
		term_wrap(t, s->out, line, 2, head);
		fputc('\n', s->out);
		free(line);
		free(head);
		free(bar);
		if (!cmd_flag(args, "timeline")) {
			fprintf(s->out, "%sWho is ready for what next%s\n", term_on(t, TERM_TITLE),
			        term_off(t));
			if (report_rows(&readiness))
				report_print(&readiness, format, t, s->out);
			else
				term_wrap(t, s->out,
				          "nobody has started a duty yet: 'duty stage NAME DUTY "
				          "observing'",
				          2, "");
			fputc('\n', s->out);
		}
		fprintf(s->out, "%sTimeline%s\n", term_on(t, TERM_TITLE), term_off(t));
		if (report_add_record_head(&timeline, st, err) < 0)
			goto out;
		if (report_rows(&timeline))
			report_print(&timeline, format, t, s->out);
		else
			fprintf(s->out, "no moves yet\n");
	}
	rc = 0;
out:
	report_request_release(&q);
	duties_free(duties, n);
	report_release(&readiness);
	report_release(&timeline);
	return rc;
}

static const char *const handover_options[] = {"format:", "timeline", NULL};

const struct cmd_entry cmd_report_handover_entry = {
        .paged = true,
        .name = "report",
        .sub = "handover",
        .min_args = 0,
        .max_args = 0,
        .options = handover_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--timeline] [--format table|csv|json]",
        .help = "duties handed back, who is ready for what next, and the timeline",
        .run = run_report_handover,
};
