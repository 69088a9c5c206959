/*
 * refresh [MODULE]: asks the signed-in learner the refresher questions due
 * now, across every module they passed (or one), oldest due first and at
 * most REFRESH_SESSION_MAX at a time. Each answer is graded as a quiz
 * answer is, written to the record with the card it leaves (its FSRS
 * memory state and next due time), then its feedback is shown. Refreshers
 * never touch attempts: a pass, a score and compliance stay as they were.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "quiz-run.h"
#include "quiz.h"
#include "refreshers.h"
#include "session.h"
#include "store-refresh.h"
#include "util.h"

struct tally {
	size_t asked, right, partly, wrong, skipped;
};

/* "in 3 days (2026-03-05)" */
static char *when_text(time_t due, time_t now)
{
	char date[16];
	long days = (long)((due - now + 86399) / 86400);

	clock_date(due, date, sizeof(date));
	if (days <= 0)
		return xasprintf("now (%s)", date);
	return xasprintf("in %ld day%s (%s)", days, days == 1 ? "" : "s", date);
}

/* The question as a plan would show it: the module's quiz drawn whole with
 * a fresh seed, so its choices are in the order a quiz would give them. */
static struct quiz_plan *plan_for(const struct course *c, struct quiz *whole)
{
	*whole = c->quiz;
	whole->draw = 0;
	return quiz_plan_new(whole, quiz_new_seed());
}

/* Asks one card; 1 when the learner stops. */
static int ask(struct session *s, struct store *st, struct refresher *r, size_t number,
               size_t total, struct tally *t, char **err)
{
	struct quiz whole;
	struct quiz_plan *plan = plan_for(r->course, &whole);
	const struct quiz_plan_item *item = NULL;
	struct refresh_card after;
	struct quiz_response resp;
	enum quiz_reply reply;
	char last[16], *stored, *when;
	double fraction;
	int rc = -1;

	for (size_t i = 0; i < plan->nitems; i++)
		if (plan->items[i].question == r->question)
			item = &plan->items[i];
	if (!item) {
		quiz_plan_free(plan);
		return util_error(err, "internal error: '%s' is not in the quiz of '%s'",
		                  r->question->id, r->course->id);
	}
	clock_date(r->card.reviewed, last, sizeof(last));
	fprintf(s->out, "\nFrom '%s' (%s), last asked %s:\n", r->course->id, r->course->title,
	        last);
	quiz_show_question(s, item, number, total);
	reply = quiz_read_answer(s, item, NULL, NULL, &resp);
	if (reply == QUIZ_REPLY_STOP) {
		rc = 1;
		goto out;
	}
	if (reply == QUIZ_REPLY_SKIP) {
		t->skipped++;
		fprintf(s->out, "Skipped; it stays due.\n");
		rc = 0;
		goto out;
	}
	stored = quiz_response_encode(r->question, &resp);
	fraction = quiz_grade(r->question, &resp);
	/* The record first: feedback is only shown for an answer that is kept. */
	rc = store_refresh_add(st, s->me->id, r->course->id, r->course->version, r->question->id,
	                       stored, fraction, &r->card, &after, err);
	free(stored);
	if (rc == 0) {
		enum fsrs_rating g = refresh_rating(fraction);
		t->asked++;
		if (g == FSRS_GOOD)
			t->right++;
		else if (g == FSRS_HARD)
			t->partly++;
		else
			t->wrong++;
		quiz_show_feedback(s, item, &resp);
		when = when_text(after.due, after.reviewed);
		fprintf(s->out, "Asked again %s.\n", when);
		free(when);
		r->card = after;
	}
	quiz_response_release(&resp);
out:
	quiz_plan_free(plan);
	return rc;
}

static void say_next(struct session *s, const struct refreshers *all, time_t now)
{
	time_t next;
	size_t due = refreshers_due(all, now, &next);
	char *when;

	if (due) {
		fprintf(s->out, "%zu more due now: 'refresh' asks them.\n", due);
		return;
	}
	if (!next)
		return;
	when = when_text(next, now);
	fprintf(s->out, "The next refresher is due %s.\n", when);
	free(when);
}

static int run_refresh(struct session *s, const struct cmd_args *args, char **err)
{
	const struct course *only = NULL;
	struct catalog *cat = session_catalog(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	struct refreshers all = {0};
	struct tally t = {0};
	time_t now = clock_now();
	size_t due, total;
	int rc = -1;

	if (!st)
		return -1;
	if (args->argc == 1 && !(only = cmd_find_module(s, args->argv[0], err)))
		return -1;
	if (refreshers_load(st, cat, s->me->id, only ? only->id : NULL, &all, err) < 0)
		return -1;
	due = refreshers_due(&all, now, NULL);
	if (all.n == 0) {
		fprintf(s->out, "No refreshers%s yet: they begin when you pass a module's quiz.\n",
		        only ? " on this module" : "");
		rc = 0;
		goto out;
	}
	if (due == 0) {
		fprintf(s->out, "Nothing to refresh now. ");
		say_next(s, &all, now);
		rc = 0;
		goto out;
	}
	total = due < REFRESH_SESSION_MAX ? due : REFRESH_SESSION_MAX;
	if (total < due)
		fprintf(s->out, "Refreshers: %zu questions due; here are the %zu due longest.", due,
		        total);
	else
		fprintf(s->out, "Refreshers: %zu question%s due.", due, due == 1 ? "" : "s");
	fprintf(s->out, " They keep what you learned fresh and never change a pass. 'skip' "
	                "leaves one for later, 'q' stops.\n");
	/* The cards are oldest due first; an answered one moves out. */
	for (size_t i = 0; i < total; i++) {
		int r = ask(s, st, &all.items[i], i + 1, total, &t, err);
		if (r < 0)
			goto out;
		if (r > 0)
			break;
	}
	fprintf(s->out, "\nRefreshed %zu: %zu right, %zu partly right, %zu not right", t.asked,
	        t.right, t.partly, t.wrong);
	if (t.skipped)
		fprintf(s->out, "; %zu skipped", t.skipped);
	fprintf(s->out, ".\n");
	say_next(s, &all, now);
	rc = 0;
out:
	refreshers_release(&all);
	return rc;
}

const struct cmd_entry cmd_refresh_entry = {
        .name = "refresh",
        .min_args = 0,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "[MODULE]",
        .help = "answer the refresher questions due now (spaced to keep what you learned)",
        .run = run_refresh,
};
