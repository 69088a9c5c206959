/*
 * A learner's standing on each module, from the record and the catalogue.
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "quiz.h"
#include "util.h"

const char *progress_state_name(enum module_state s)
{
	switch (s) {
	case STATE_NOT_STARTED:
		return "not started";
	case STATE_READING:
		return "reading";
	case STATE_QUIZ_OPEN:
		return "quiz under way";
	case STATE_PASSED:
		return "passed";
	case STATE_FAILED:
		return "failed";
	case STATE_NO_ATTEMPTS:
		return "no attempts left";
	case STATE_LOCKED:
		return "locked";
	case STATE_EXPIRED:
		return "expired";
	}
	return "?";
}

/* Whether learner has ever passed module. */
static int has_passed(struct store *st, long long learner, const char *module, bool *passed,
                      char **err)
{
	struct attempt *list = NULL;
	size_t n = 0;

	*passed = false;
	if (store_attempt_list(st, learner, module, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (list[i].finished_at && list[i].passed)
			*passed = true;
	attempts_free(list, n);
	return 0;
}

int progress_check_prerequisites(struct store *st, const struct catalog *cat, long long learner,
                                 const struct course *c, time_t now, char **err)
{
	(void)now;
	(void)cat;
	for (size_t i = 0; i < c->nrequires; i++) {
		bool passed;
		if (has_passed(st, learner, c->requires[i], &passed, err) < 0)
			return -1;
		if (!passed)
			return util_error(err, "'%s' needs '%s' passed first", c->id,
			                  c->requires[i]);
	}
	return 0;
}

int progress_status(struct store *st, const struct catalog *cat, long long learner,
                    const struct course *c, time_t now, struct module_status *out, char **err)
{
	struct attempt *list = NULL;
	struct lesson_state lesson;
	bool found, open = false;
	size_t n = 0;
	int rc = -1;

	(void)cat;
	memset(out, 0, sizeof(*out));
	out->pages = (int)c->npages;
	out->questions = c->quiz.draw ? c->quiz.draw : c->quiz.nquestions;
	if (store_lesson_get(st, learner, c->id, &lesson, &found, err) < 0)
		return -1;
	if (found) {
		out->page = lesson.page;
		out->read_all = lesson.read_all;
		out->seconds = lesson.seconds;
	}
	if (store_attempt_list(st, learner, c->id, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct attempt *a = &list[i];
		out->seconds += a->seconds;
		if (!a->finished_at) {
			struct answer *answers = NULL;
			size_t nanswers = 0;
			struct quiz_plan *plan;
			char *perr = NULL;

			open = true;
			if (store_answer_list(st, a->id, &answers, &nanswers, err) < 0)
				goto out;
			answers_free(answers, nanswers);
			out->answered = nanswers;
			plan = quiz_plan_parse(&c->quiz, a->seed, a->plan, &perr);
			if (plan)
				out->questions = plan->nitems + plan->removed.n;
			quiz_plan_free(plan);
			free(perr);
			continue;
		}
		out->attempts++;
		out->last_percent = a->percent;
		if (a->percent > out->best_percent)
			out->best_percent = a->percent;
		if (a->passed)
			snprintf(out->passed_at, sizeof(out->passed_at), "%s", a->finished_at);
	}

	if (out->passed_at[0]) {
		out->state = STATE_PASSED;
		if (c->policy) {
			time_t passed;
			if (clock_parse(out->passed_at, &passed) == 0) {
				time_t expires = clock_add_months(passed, c->policy->valid_months);
				clock_iso(expires, out->expires_at, sizeof(out->expires_at));
				if (now >= expires)
					out->state = STATE_EXPIRED;
			}
		}
	} else if (open) {
		out->state = STATE_QUIZ_OPEN;
	} else if (out->attempts > 0) {
		out->state = quiz_attempts_left(&c->quiz, out->attempts) == 0 ? STATE_NO_ATTEMPTS
		                                                              : STATE_FAILED;
	} else if (found) {
		out->state = STATE_READING;
	} else {
		out->state = STATE_NOT_STARTED;
	}
	if (out->state == STATE_NOT_STARTED || out->state == STATE_READING) {
		for (size_t i = 0; i < c->nrequires; i++) {
			bool passed;
			if (has_passed(st, learner, c->requires[i], &passed, err) < 0)
				goto out;
			if (!passed) {
				out->state = STATE_LOCKED;
				out->locked_by = c->requires[i];
				break;
			}
		}
	}
	rc = 0;
out:
	attempts_free(list, n);
	return rc;
}

/* Whether the next-module search should offer c. */
static int is_open_for(struct store *st, const struct catalog *cat, long long learner,
                       const struct course *c, time_t now, bool *wanted, char **err)
{
	struct module_status ms;

	if (progress_status(st, cat, learner, c, now, &ms, err) < 0)
		return -1;
	*wanted = ms.state != STATE_PASSED && ms.state != STATE_LOCKED &&
	          ms.state != STATE_NO_ATTEMPTS;
	return 0;
}

const struct course *progress_next(struct store *st, const struct catalog *cat, long long learner,
                                   time_t now, char **err)
{
	bool wanted;

	for (size_t p = 0; p < cat->nprogrammes; p++) {
		const struct programme *prog = cat->programmes[p];
		for (size_t s = 0; s < prog->nstages; s++) {
			for (size_t m = 0; m < prog->stages[s].nmodules; m++) {
				const struct course *c =
				        catalog_find(cat, prog->stages[s].modules[m]);
				if (!c)
					continue;
				if (is_open_for(st, cat, learner, c, now, &wanted, err) < 0)
					return NULL;
				if (wanted)
					return c;
			}
		}
	}
	for (size_t i = 0; i < cat->ncourses; i++) {
		if (is_open_for(st, cat, learner, cat->courses[i], now, &wanted, err) < 0)
			return NULL;
		if (wanted)
			return cat->courses[i];
	}
	return NULL;
}
