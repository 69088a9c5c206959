/*
 * Policy reminders: shown when a learner signs in, and in progress.
 */
#include "reminders.h"

#include <stdlib.h>

#include "assignment.h"

#include "catalog.h"
#include "clock.h"
#include "policy.h"
#include "progress.h"
#include "session.h"
#include "store-assign.h"
#include "util.h"

/* A line for each assignment of the learner's not yet done: due on a
 * date, or overdue. */
static int assignments_print(struct session *s, struct store *st, time_t now, FILE *out, char **err)
{
	const struct term *t = &s->term;
	struct store_assignment *list = NULL;
	size_t n = 0;

	if (store_assign_list(st, s->me->id, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum assignment_state state =
		        assignment_state(list[i].due, list[i].passed_at != NULL, now);
		bool late = state == ASSIGNMENT_OVERDUE;
		char *label, *msg;

		if (state == ASSIGNMENT_DONE)
			continue;
		label = xasprintf("%s%s:%s ", term_on(t, late ? TERM_BAD : TERM_WARN),
		                  late ? "Overdue" : "To do", term_off(t));
		msg = xasprintf("'%s' is assigned to you, %s %s: 'start %s'.", list[i].module,
		                late ? "was due" : "due", list[i].due, list[i].module);
		term_wrap(t, out, msg, 2, label);
		free(label);
		free(msg);
	}
	store_assignments_free(list, n);
	return 0;
}

int reminders_print(struct session *s, FILE *out, char **err)
{
	struct catalog *cat = session_catalog_list(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	const struct term *t = &s->term;
	time_t now = clock_now();
	const struct course **policies;
	struct progress p;
	size_t n = 0;
	int rc = -1;

	if (!st || assignments_print(s, st, now, out, err) < 0)
		return -1;
	/* Every policy module's facts in one load, not one load each: with
	 * a large library that was most of the time to the first screen. A
	 * policy's compliance reads only its own facts (progress_compliance). */
	policies = xcalloc(cat->ncourses + 1, sizeof(*policies));
	for (size_t i = 0; i < cat->ncourses; i++)
		if (cat->courses[i]->policy)
			policies[n++] = cat->courses[i];
	if (!n) {
		free(policies);
		return 0;
	}
	if (progress_load(st, policies, n, s->me->id, NULL, now, &p, err) < 0)
		goto out;
	if (p.npeople != 1) {
		util_error(err, "no learner with id %lld", s->me->id);
		goto out;
	}
	for (size_t m = 0; m < n; m++) {
		const struct course *c = policies[m];
		struct compliance_result r;
		char *msg = NULL, *label = NULL;

		progress_compliance(&p, 0, m, now, REMINDER_DAYS, &r);
		switch (r.state) {
		case COMPLIANCE_COMPLIANT:
			break;
		case COMPLIANCE_EXPIRING:
			label = xasprintf("%sReminder:%s ", term_on(t, TERM_WARN), term_off(t));
			/* A new major version, in its grace period: the reason
			 * says which and by when. */
			if (r.grace) {
				msg = xasprintf("'%s': %s: 'quiz %s', then 'ack %s'.", c->id,
				                r.reason, c->id, c->id);
				break;
			}
			msg = xasprintf("your training on '%s' %s: take the quiz again ('quiz %s') "
			                "and acknowledge the policy ('ack %s').",
			                c->id, r.reason, c->id, c->id);
			break;
		case COMPLIANCE_OVERDUE:
			label = xasprintf("%sOverdue:%s ", term_on(t, TERM_BAD), term_off(t));
			msg = xasprintf("'%s': %s. 'start %s', then 'ack %s'.", c->id, r.reason,
			                c->id, c->id);
			break;
		case COMPLIANCE_TRAINING:
			label = xasprintf("%sTo finish:%s ", term_on(t, TERM_WARN), term_off(t));
			msg = r.need_quiz
			              ? xasprintf("'%s': %s: 'quiz %s'.", c->id, r.reason, c->id)
			              : xasprintf("'%s': %s: 'ack %s'.", c->id, r.reason, c->id);
			break;
		case COMPLIANCE_NEVER:
			label = xasprintf("%sTo do:%s ", term_on(t, TERM_WARN), term_off(t));
			msg = xasprintf("you have not been trained on '%s' yet: 'start %s', then "
			                "'ack %s'.",
			                c->id, c->id, c->id);
			break;
		}
		if (msg)
			term_wrap(t, out, msg, 2, label);
		free(msg);
		free(label);
	}
	rc = 0;
out:
	progress_release(&p);
	free(policies);
	return rc;
}
