/*
 * Policy reminders: shown when a learner signs in, and in progress.
 */
#include "reminders.h"

#include <stdlib.h>

#include "catalog.h"
#include "clock.h"
#include "policy.h"
#include "session.h"
#include "util.h"

int reminders_print(struct session *s, char **err)
{
	struct catalog *cat = session_catalog_list(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	const struct term *t = &s->term;
	time_t now = clock_now();

	if (!st)
		return -1;
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *c = cat->courses[i];
		struct compliance_result r;
		char *msg, *label = NULL;

		if (!c->policy)
			continue;
		if (policy_compliance(st, c, s->me->id, now, REMINDER_DAYS, &r, err) < 0)
			return -1;
		msg = NULL;
		switch (r.state) {
		case COMPLIANCE_COMPLIANT:
			break;
		case COMPLIANCE_EXPIRING:
			label = xasprintf("%sReminder:%s ", term_on(t, TERM_WARN), term_off(t));
			msg = xasprintf("your training on '%s' %s: take the quiz again ('quiz %s') "
			                "and acknowledge the policy ('ack %s').",
			                c->id, r.reason, c->id, c->id);
			break;
		case COMPLIANCE_OVERDUE:
			label = xasprintf("%sOverdue:%s ", term_on(t, TERM_BAD), term_off(t));
			msg = xasprintf("'%s': %s. 'start %s', then 'ack %s'.", c->id, r.reason,
			                c->id, c->id);
			break;
		case COMPLIANCE_NEVER:
			label = xasprintf("%sTo do:%s ", term_on(t, TERM_WARN), term_off(t));
			msg = xasprintf("you have not been trained on '%s' yet: 'start %s', then "
			                "'ack %s'.",
			                c->id, c->id, c->id);
			break;
		}
		if (msg)
			term_wrap(t, s->out, msg, 2, label);
		free(msg);
		free(label);
		label = NULL;
	}
	return 0;
}
