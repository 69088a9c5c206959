/*
 * The compliance rules. See compliance.h.
 */
#include "compliance.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

const char *compliance_state_name(enum compliance_state s)
{
	switch (s) {
	case COMPLIANCE_COMPLIANT:
		return "compliant";
	case COMPLIANCE_EXPIRING:
		return "expiring";
	case COMPLIANCE_OVERDUE:
		return "overdue";
	case COMPLIANCE_NEVER:
		return "never trained";
	case COMPLIANCE_TRAINING:
		return "in training";
	}
	return "?";
}

/* Whether a fact about version counts for the version at index target: it
 * is that one, or only minor corrections came after it up to target. */
static bool counts_for(const struct compliance_facts *f, const char *version, size_t target)
{
	size_t i;

	for (i = 0; i <= target; i++)
		if (strcmp(f->versions[i].version, version) == 0)
			break;
	if (i > target)
		return false;
	for (size_t k = i + 1; k <= target; k++)
		if (!f->versions[k].minor)
			return false;
	return true;
}

/* The latest fact that counts for the version at index target and was
 * made no later than before, or NULL. */
static const struct compliance_fact *latest_for(const struct compliance_facts *f,
                                                const struct compliance_fact *facts, size_t n,
                                                size_t target, time_t before)
{
	const struct compliance_fact *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (facts[i].at <= before && counts_for(f, facts[i].version, target) &&
		    (!best || facts[i].at >= best->at))
			best = &facts[i];
	return best;
}

/* The latest fact that counts for the current version, or NULL. */
static const struct compliance_fact *latest(const struct compliance_facts *f,
                                            const struct compliance_fact *facts, size_t n)
{
	if (!f->nversions)
		return NULL;
	return latest_for(f, facts, n, f->nversions - 1, (time_t)INT64_MAX);
}

/* The end of the grace period the latest major version gives this person,
 * or 0 when it gives none: no grace set, no version before it, or they
 * were not compliant with the version before it when it was published. */
static time_t grace_until(const struct compliance_facts *f, size_t *major)
{
	const struct compliance_fact *ack, *pass;
	time_t published;
	size_t m = f->nversions;

	if (f->grace_days <= 0 || f->nversions < 2)
		return 0;
	while (--m > 0 && f->versions[m].minor)
		;
	published = f->versions[m].published;
	if (m == 0 || published == 0)
		return 0;
	ack = latest_for(f, f->acks, f->nacks, m - 1, published);
	pass = latest_for(f, f->passes, f->npasses, m - 1, published);
	if (!ack || !pass || clock_add_months(ack->at, f->valid_months) <= published ||
	    clock_add_months(pass->at, f->valid_months) <= published)
		return 0;
	*major = m;
	return published + (time_t)f->grace_days * 86400;
}

static void date_of(time_t t, char buf[11])
{
	char iso[32];

	clock_iso(t, iso, sizeof(iso));
	snprintf(buf, 11, "%.10s", iso);
}

static void evaluate(const struct compliance_facts *f, time_t now, int within_days,
                     struct compliance_result *r)
{
	const char *current = f->nversions ? f->versions[f->nversions - 1].version : "";
	const struct compliance_fact *ack = latest(f, f->acks, f->nacks);
	const struct compliance_fact *pass = latest(f, f->passes, f->npasses);
	time_t ack_until, pass_until, deadline;
	size_t major = 0;
	char date[11];

	memset(r, 0, sizeof(*r));
	if (f->nacks == 0 && f->npasses == 0) {
		r->state = COMPLIANCE_NEVER;
		snprintf(r->reason, sizeof(r->reason), "never acknowledged nor passed");
		return;
	}
	/* One step done for the current version and not the other: in
	 * training while the step done is within its period (nothing was
	 * missed yet), overdue once it has run out. Someone in the grace
	 * period of a new major version has until its end for the other step:
	 * doing one step does not buy a year. */
	if (!ack != !pass) {
		const struct compliance_fact *done = ack ? ack : pass;
		time_t done_until = clock_add_months(done->at, f->valid_months);
		time_t grace = grace_until(f, &major);
		bool by_grace = grace != 0 && grace < done_until;
		const char *other = ack ? "its quiz not passed" : "not acknowledged";

		if (by_grace)
			done_until = grace;
		/* Formatted only for the reasons that say it (most do not). */
		if (by_grace || now >= done_until)
			date_of(done_until, date);
		r->need_quiz = ack != NULL;
		if (now < done_until) {
			r->state = COMPLIANCE_TRAINING;
			if (by_grace)
				snprintf(r->reason, sizeof(r->reason),
				         "%s version %s, %s: due by %s",
				         ack ? "acknowledged" : "passed the quiz for", current,
				         other, date);
			else if (ack)
				snprintf(r->reason, sizeof(r->reason),
				         "acknowledged version %s, its quiz not passed yet",
				         current);
			else
				snprintf(r->reason, sizeof(r->reason),
				         "quiz for version %s passed, not acknowledged yet",
				         current);
			return;
		}
		r->state = COMPLIANCE_OVERDUE;
		r->expired = done_until;
		if (by_grace)
			snprintf(r->reason, sizeof(r->reason), "%s version %s, %s by %s",
			         ack ? "acknowledged" : "passed the quiz for", current, other,
			         date);
		else if (ack)
			snprintf(r->reason, sizeof(r->reason),
			         "acknowledgement ran out on %s with the quiz for version %s not "
			         "passed",
			         date, current);
		else
			snprintf(r->reason, sizeof(r->reason),
			         "quiz pass ran out on %s with version %s not acknowledged", date,
			         current);
		return;
	}
	if (!ack && !pass && (deadline = grace_until(f, &major)) != 0) {
		char published[11];

		date_of(f->versions[major].published, published);
		date_of(deadline, date);
		if (now < deadline) {
			r->state = COMPLIANCE_EXPIRING;
			r->grace = true;
			r->until = deadline;
			snprintf(r->reason, sizeof(r->reason),
			         "version %s published %s: acknowledge and pass by %s",
			         f->versions[major].version, published, date);
			return;
		}
		r->state = COMPLIANCE_OVERDUE;
		r->expired = deadline;
		snprintf(r->reason, sizeof(r->reason),
		         "version %s published %s: not acknowledged nor passed by %s",
		         f->versions[major].version, published, date);
		return;
	}
	if (!ack || !pass) {
		r->state = COMPLIANCE_OVERDUE;
		if (!ack && !pass)
			snprintf(r->reason, sizeof(r->reason),
			         "version %s not acknowledged, its quiz not passed", current);
		else if (!ack)
			snprintf(r->reason, sizeof(r->reason), "version %s not acknowledged",
			         current);
		else
			snprintf(r->reason, sizeof(r->reason), "quiz for version %s not passed",
			         current);
		return;
	}
	ack_until = clock_add_months(ack->at, f->valid_months);
	pass_until = clock_add_months(pass->at, f->valid_months);
	r->until = ack_until < pass_until ? ack_until : pass_until;
	if (now >= r->until) {
		r->state = COMPLIANCE_OVERDUE;
		r->expired = r->until;
		date_of(r->until, date);
		snprintf(r->reason, sizeof(r->reason), "%s ran out on %s",
		         ack_until <= pass_until ? "acknowledgement" : "quiz pass", date);
		r->until = 0;
		return;
	}
	if (now + (time_t)within_days * 86400 >= r->until) {
		r->state = COMPLIANCE_EXPIRING;
		date_of(r->until, date);
		snprintf(r->reason, sizeof(r->reason), "runs out on %s", date);
		return;
	}
	r->state = COMPLIANCE_COMPLIANT;
}

void compliance_evaluate(const struct compliance_facts *f, time_t now, int within_days,
                         struct compliance_result *r)
{
	const struct compliance_fact *ack = latest(f, f->acks, f->nacks);
	size_t len;

	evaluate(f, now, within_days, r);
	/* Whoever reads a report must see that nobody proved who they were. */
	r->ack_kiosk = ack && ack->kiosk;
	if (r->ack_kiosk) {
		len = strlen(r->reason);
		snprintf(r->reason + len, sizeof(r->reason) - len,
		         "%sacknowledged at a kiosk, with no credential", len ? "; " : "");
	}
}
