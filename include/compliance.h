/*
 * Whether a learner is compliant with a policy: pure rules over facts the
 * caller gathers (versions seen, acknowledgements, passes) and a clock the
 * caller passes in. No I/O, so the boundaries are tested directly.
 */
#ifndef UPSKILL_COMPLIANCE_H
#define UPSKILL_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A version of the policy, in the order versions appeared. */
struct compliance_version {
	const char *version;
	bool minor;       /* a minor correction of the version before it */
	time_t published; /* when the record first published it (0: unknown) */
};

/* An acknowledgement of, or a passed quiz under, a version. */
struct compliance_fact {
	const char *version;
	time_t at;
	bool kiosk; /* an acknowledgement made at a kiosk, without a credential */
};

struct compliance_facts {
	const struct compliance_version *versions; /* oldest first; the last is current */
	size_t nversions;
	int valid_months;
	int grace_days; /* after a major version, for those compliant before it (0: none) */
	const struct compliance_fact *acks;
	size_t nacks;
	const struct compliance_fact *passes;
	size_t npasses;
};

enum compliance_state {
	COMPLIANCE_COMPLIANT,
	COMPLIANCE_EXPIRING, /* compliant, but not for more than the days asked about */
	COMPLIANCE_OVERDUE,  /* trained once, not compliant now */
	COMPLIANCE_NEVER,    /* never acknowledged nor passed any version */
	COMPLIANCE_TRAINING, /* one of the two steps done for the current version,
	                        within its period, the other not yet */
};

struct compliance_result {
	enum compliance_state state;
	time_t until;     /* compliant until (0 when not compliant) */
	time_t expired;   /* for overdue by age: when it ran out (else 0) */
	char reason[160]; /* what is missing or when it ran out; "" when compliant */
	bool ack_kiosk;   /* the acknowledgement that counts was made at a kiosk: the
	                     reason says so, whatever the state */
	bool need_quiz;   /* in training: the quiz is the step left (else the
	                     acknowledgement) */
	bool grace;       /* expiring because a major version came and its grace
	                     period runs: both steps of it are to be done by until */
};

/*
 * A learner is compliant while they have acknowledged the current version
 * and passed its quiz, and neither is older than valid_months. An
 * acknowledgement or pass of an earlier version counts when every version
 * after it is a minor correction. Compliance lasts until the earlier of the
 * two plus valid_months (to the second); "expiring" when that is within
 * within_days of now. One step done (acknowledged, or passed) and not the
 * other is "in training" while the step done is within valid_months, and
 * "overdue" once it has run out: only then was something due and missed.
 * Nothing at all is "never trained".
 *
 * A major version gives whoever was compliant with the version before it
 * at the moment it was published grace_days from that moment to do both
 * steps of it: "expiring" until then (whatever within_days says, as
 * something is to be done; grace is set and until is the deadline), then
 * "overdue" with expired at the deadline. Without grace, or for anyone
 * else, a major version with neither step done is "overdue" at once.
 */
void compliance_evaluate(const struct compliance_facts *f, time_t now, int within_days,
                         struct compliance_result *r);

/* "compliant", "expiring", "in training", "overdue", "never trained". */
const char *compliance_state_name(enum compliance_state s);

#endif
