/*
 * The rules of a learner's standing: pure functions of facts and a clock.
 * See standing.h.
 */
#include "standing.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "quiz.h"
#include "util.h"

const char *standing_state_name(enum standing_state s)
{
	switch (s) {
	case STANDING_NOT_STARTED:
		return "not started";
	case STANDING_READING:
		return "reading";
	case STANDING_QUIZ_OPEN:
		return "quiz under way";
	case STANDING_PASSED:
		return "passed";
	case STANDING_FAILED:
		return "failed";
	case STANDING_NO_ATTEMPTS:
		return "no attempts left";
	case STANDING_LOCKED:
		return "locked";
	case STANDING_EXPIRED:
		return "expired";
	}
	return "?";
}

/* How many questions the open attempt asks: its stored plan's, or what the
 * quiz asks now when the plan cannot be read. */
const struct standing_rare *standing_rare_of(const struct standing_facts *f)
{
	static const struct standing_rare none;

	return f->rare ? f->rare : &none;
}

static size_t open_questions(const struct course *c, const struct standing_facts *f)
{
	const struct standing_rare *r = standing_rare_of(f);
	size_t n = c->quiz.draw ? c->quiz.draw : c->quiz.nquestions;
	struct quiz_plan *plan;
	char *why = NULL;

	/* A module given for a list, its questions still in the catalogue
	 * cache (catalog.h), is one whose file has not changed since it was
	 * cached: what the quiz asks now is what the plan asks, unless the file
	 * changed during the attempt and before it was cached. */
	if (!r->plan || (!c->quiz.questions && c->quiz.nquestions))
		return n;
	plan = quiz_plan_parse(&c->quiz, r->seed, r->plan, &why);
	if (plan)
		n = plan->nitems + plan->removed.n;
	quiz_plan_free(plan);
	free(why);
	return n;
}

static int compare_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;

	return (x > y) - (x < y);
}

time_t standing_period_start(const struct compliance_fact *passes, size_t n, int valid_months,
                             time_t now)
{
	/* Nearly everyone has passed a policy a few times at most: their
	 * times are sorted on the stack, not in an allocation per person. */
	time_t few[8], *at = n <= 8 ? few : xcalloc(n, sizeof(*at)), start = 0, until = 0;

	for (size_t i = 0; i < n; i++)
		at[i] = passes[i].at;
	if (n > 1)
		qsort(at, n, sizeof(*at), compare_time);
	for (size_t i = 0; i < n && at[i] <= now; i++) {
		time_t end = clock_add_months(at[i], valid_months);
		/* A pass made after the one before ran out: that one's end
		 * began a period. */
		if (i > 0 && at[i] >= until && until <= now)
			start = until;
		if (i == 0 || end > until)
			until = end;
	}
	if (n && until <= now && at[0] <= now)
		start = until;
	if (at != few)
		free(at);
	return start;
}

/* The allowance of attempts in the current period. */
static void allowance(const struct course *c, const struct standing_facts *f, time_t now,
                      struct standing *out)
{
	const struct standing_rare *r = standing_rare_of(f);
	long granted = 0;
	bool covered;

	out->period_start = c->policy ? standing_period_start(r->policy_passes, r->npolicy_passes,
	                                                      f->valid_months, now)
	                              : 0;
	for (size_t i = 0; i < f->nused; i++)
		out->period_attempts +=
		        (i ? f->used_more[i - 1] : f->used_first) >= out->period_start;
	for (size_t i = 0; i < r->ngrants; i++)
		if (r->grants[i].at >= out->period_start && r->grants[i].n > 0)
			granted += r->grants[i].n;
	out->granted = granted > INT_MAX ? INT_MAX : (int)granted;
	out->attempts_left = quiz_attempts_left(&c->quiz, out->period_attempts, out->granted);
	/* Locked out is a fact of now, whatever a report's scope: a pass
	 * before it still frees the learner while it is valid. */
	covered = f->record_passed_at &&
	          (!c->policy || now < clock_add_months(f->record_passed_at, f->valid_months));
	out->locked_out = out->attempts_left == 0 && !out->passed_valid && !covered && !f->open;
}

void standing_module(const struct course *c, const struct standing_facts *f, time_t now,
                     struct standing *out)
{
	memset(out, 0, sizeof(*out));
	out->pages = (int)c->npages;
	out->questions = c->quiz.draw ? c->quiz.draw : c->quiz.nquestions;
	out->page = f->page;
	out->read_all = f->read_all;
	out->seconds = f->seconds;
	out->attempts = f->finished;
	out->passes = f->passes;
	out->scored = f->finished > 0;
	out->best_percent = out->scored ? f->best : 0;
	out->last_percent = out->scored ? f->last : 0;
	out->started = f->lesson || f->finished > 0 || f->open;
	out->passed_ever = f->passes > 0;
	out->passed_at = out->passed_ever ? f->passed_at : 0;
	out->passed_current =
	        out->passed_ever && f->passed_version && strcmp(f->passed_version, c->version) == 0;
	out->passed_valid = out->passed_ever;
	if (out->passed_ever && c->policy) {
		out->expires_at = clock_add_months(f->passed_at, f->valid_months);
		out->passed_valid = now < out->expires_at;
	}
	if (f->open) {
		out->answered = standing_rare_of(f)->answered;
		out->questions = open_questions(c, f);
	}

	allowance(c, f, now, out);

	if (out->passed_valid)
		out->state = STANDING_PASSED;
	else if (out->locked_out)
		out->state = STANDING_NO_ATTEMPTS;
	else if (out->passed_ever)
		out->state = STANDING_EXPIRED;
	else if (f->open)
		out->state = STANDING_QUIZ_OPEN;
	else if (f->finished > 0)
		out->state = STANDING_FAILED;
	else if (f->lesson)
		out->state = STANDING_READING;
	else
		out->state = STANDING_NOT_STARTED;
}

void standing_days(const struct standing *s, struct standing_days *out)
{
	out->passed[0] = out->expires[0] = '\0';
	if (s->passed_at)
		clock_date(s->passed_at, out->passed, sizeof(out->passed));
	if (s->expires_at)
		clock_date(s->expires_at, out->expires, sizeof(out->expires));
}

static const struct standing *find(const struct course *const *modules, const struct standing *s,
                                   size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(modules[i]->id, id) == 0)
			return &s[i];
	return NULL;
}

void standing_lock(const struct course *const *modules, size_t n, struct standing *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct course *c = modules[i];

		if (out[i].state != STANDING_NOT_STARTED && out[i].state != STANDING_READING)
			continue;
		for (size_t k = 0; k < c->nrequires; k++) {
			const struct standing *pre = find(modules, out, n, c->requires[k]);
			if (pre && !pre->passed_ever) {
				out[i].state = STANDING_LOCKED;
				out[i].locked_by = c->requires[k];
				break;
			}
		}
	}
}

bool standing_is_passed(const struct standing *s)
{
	return s->passed_valid;
}

bool standing_is_failed(const struct standing *s)
{
	return s->attempts > 0 && !s->passed_ever;
}

void standing_summarise(const struct standing *s, size_t n, struct standing_summary *out)
{
	double sum = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (standing_is_passed(&s[i]))
			out->passed++;
		else if (s[i].started)
			out->in_progress++;
		else
			out->not_started++;
		if (s[i].scored) {
			out->scored++;
			sum += s[i].best_percent;
		}
		out->seconds += s[i].seconds;
	}
	out->mean_best = out->scored ? sum / (double)out->scored : 0;
}

static bool offered(const struct standing *s)
{
	return !standing_is_passed(s) && s->state != STANDING_LOCKED &&
	       s->state != STANDING_NO_ATTEMPTS;
}

const struct course *standing_next(const struct catalog *cat, const struct standing *by_course)
{
	const struct course *const *all = (const struct course *const *)cat->courses;

	for (size_t p = 0; p < cat->nprogrammes; p++) {
		const struct programme *prog = cat->programmes[p];
		for (size_t g = 0; g < prog->nstages; g++) {
			for (size_t m = 0; m < prog->stages[g].nmodules; m++) {
				const char *id = prog->stages[g].modules[m];
				const struct standing *s = find(all, by_course, cat->ncourses, id);
				if (s && offered(s))
					return cat->courses[s - by_course];
			}
		}
	}
	for (size_t i = 0; i < cat->ncourses; i++)
		if (offered(&by_course[i]))
			return cat->courses[i];
	return NULL;
}

void standing_stage(const struct stage *sg, const struct course *const *modules,
                    const struct standing *s, size_t n, size_t *done, size_t *total)
{
	*done = *total = 0;
	for (size_t m = 0; m < sg->nmodules; m++) {
		const struct standing *one = find(modules, s, n, sg->modules[m]);
		if (!one)
			continue;
		(*total)++;
		*done += standing_is_passed(one);
	}
}

bool standing_on_track(const struct programme *p, size_t day, const struct course *const *modules,
                       const struct standing *s, size_t n)
{
	for (size_t g = 0; g < p->nstages && g < day; g++) {
		size_t done, total;
		standing_stage(&p->stages[g], modules, s, n, &done, &total);
		if (done < total)
			return false;
	}
	return true;
}
