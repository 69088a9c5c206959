/*
 * Where a learner stands on a module, a programme stage and the programme:
 * pure rules over the facts the caller gathers (progress.c loads them from
 * the record for one learner or for everyone, with the same code) and a
 * clock the caller passes in. Like compliance.c, no I/O, so each boundary
 * is tested directly; every view of a learner's standing (progress, courses,
 * the reports, readiness for duties) reads it from here.
 */
#ifndef UPSKILL_STANDING_H
#define UPSKILL_STANDING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "catalog.h"
#include "compliance.h"

enum standing_state {
	STANDING_NOT_STARTED,
	STANDING_READING,   /* lessons begun, quiz not yet */
	STANDING_QUIZ_OPEN, /* an attempt is under way */
	STANDING_PASSED,
	STANDING_FAILED,      /* last attempt failed; attempts remain */
	STANDING_NO_ATTEMPTS, /* locked out: not passed (or the pass ran out), and
	                         every attempt allowed in the period is used */
	STANDING_LOCKED,      /* not started, and a prerequisite is not passed */
	STANDING_EXPIRED,     /* passed, but longer ago than a policy allows */
};

/* Attempts a consultant granted on top of a quiz's limit (learner grant). */
struct standing_grant {
	time_t at;
	int n;
};

/* What few cells hold (struct standing_facts): an attempt under way, a
 * policy module's dated facts, grants of attempts. */
struct standing_rare {
	size_t answered; /* answers in the attempt under way (open) */
	unsigned long long seed;
	const char *plan; /* its stored plan: how many questions it asks */
	/* Policy modules only: the acknowledgements and passes, oldest first,
	 * the whole record. */
	struct compliance_fact *acks;
	size_t nacks;
	struct compliance_fact *policy_passes;
	size_t npolicy_passes;
	struct standing_grant *grants;
	size_t ngrants;
};

/* What the record holds of one learner on one module: the activity in
 * scope (a report's --since) and, for a policy module, every
 * acknowledgement and pass, whatever the scope, for compliance. Strings and
 * arrays are owned by whoever filled it in (progress.c).
 *
 * A report holds one for every learner and module (400,000 at 20,000
 * learners), fresh memory that was a fifth of report learners' time: so
 * what few cells have is apart (rare, NULL for none; standing_rare_of),
 * the latest activity is a time, not its text (the record writes every
 * time in one form, clock_iso), and the fields are ordered to leave no
 * padding: 104 bytes, where the order they were thought of in took 216. */
struct standing_facts {
	time_t last_activity;       /* the latest in scope; 0 if none */
	long seconds;               /* on lessons and quizzes */
	double best;                /* the best finished percent (finished > 0) */
	double last;                /* the latest finished attempt's percent */
	time_t passed_at;           /* the latest pass (0: none) */
	const char *passed_version; /* the module version it was passed under */
	/* The allowance of attempts, from the whole record whatever the
	 * scope: when each finished attempt finished (practice ones too: every
	 * attempt spends one), and the grants, each oldest first. The first
	 * attempt's time is used_first, the others' used_more[0..nused-2]: most
	 * people finish a module once, and a record of 100,000 attempts then
	 * makes no allocation for them. */
	time_t used_first;
	time_t record_passed_at; /* the latest pass that counts, whatever the scope */
	int page;                /* reached, 0-based */
	int finished;            /* finished attempts */
	int passes;              /* passed attempts */
	/* Policy modules only: the validity in months of the version last
	 * published (from the record, never from the file read). */
	int valid_months;
	unsigned nused; /* finished attempts, practice ones too (see used_first) */
	bool lesson;    /* a lesson page was turned */
	bool read_all;  /* every page seen at least once */
	bool open;      /* an attempt is under way */
	time_t *used_more;
	struct standing_rare *rare; /* NULL: none of it */
};

/* f's rare facts, all zero where it has none. */
const struct standing_rare *standing_rare_of(const struct standing_facts *f);

/* A learner's standing on one module. */
struct standing {
	enum standing_state state;
	bool started; /* a lesson page turned or an attempt begun, in scope */
	/* Three rules for "passed", each named:
	 *  - passed_ever: some attempt passed (what prerequisites ask for);
	 *  - passed_current: the latest pass was under the module's version now;
	 *  - passed_valid: passed, and for a policy module within its validity
	 *    (valid_months after the latest pass). This one is what "passed"
	 *    means in every count: progress, courses, report learners, modules
	 *    and programme, and the next module offered. */
	bool passed_ever;
	bool passed_current;
	bool passed_valid;
	int attempts;        /* finished */
	int passes;          /* passed attempts */
	bool scored;         /* a finished attempt: best and last mean something */
	double best_percent; /* best finished attempt */
	double last_percent; /* latest finished attempt */
	time_t passed_at;    /* the latest pass, 0 if none */
	time_t expires_at;   /* a policy pass's end of validity, 0 otherwise */
	int page;            /* lesson page reached (0-based) */
	int pages;           /* pages in the module now */
	bool read_all;
	size_t answered;       /* in the open attempt */
	size_t questions;      /* in the open attempt's plan, or asked per attempt */
	long seconds;          /* on lessons and quizzes */
	const char *locked_by; /* the first prerequisite not passed; borrowed */
	/* The allowance of attempts in the current validity period (see
	 * standing_period_start): attempts finished before it began do not
	 * count, nor grants made before it. */
	time_t period_start; /* 0: the whole record */
	int period_attempts; /* finished in the period */
	int granted;         /* granted in the period */
	int attempts_left;   /* QUIZ_ATTEMPTS_UNLIMITED when the quiz has no limit */
	bool locked_out;     /* not passed (or the pass ran out) and none left */
};

/*
 * When the current validity period of a module began: the latest moment
 * up to now at which the learner's passes (any order) stopped covering
 * them, a pass covering valid_months from when it was made. A pass renewed
 * before it ran out keeps the period going; 0 when no pass ever ran out (the
 * first period is the whole record before it). Only a policy module's
 * passes run out; for any other module the period is the whole record.
 */
time_t standing_period_start(const struct compliance_fact *passes, size_t n, int valid_months,
                             time_t now);

/* The standing on module c from its facts, as of now; prerequisites are
 * applied afterwards, by standing_lock. */
void standing_module(const struct course *c, const struct standing_facts *f, time_t now,
                     struct standing *out);

/* Locks each module of modules[] (n of them, out[i] the standing on
 * modules[i]) that is not started, or only being read, while one of its
 * prerequisites is not passed ever. A prerequisite outside modules[] is
 * not judged (a report narrowed to some modules). */
void standing_lock(const struct course *const *modules, size_t n, struct standing *out);

/* The "passed" of every count: standing->passed_valid. */
bool standing_is_passed(const struct standing *s);
/* Failed: finished attempts and no pass ever (attempts left or not). */
bool standing_is_failed(const struct standing *s);

/* A view's counts over n modules: passed (standing_is_passed), started but
 * not passed, not started; and the mean of the best scores where scored. */
struct standing_summary {
	size_t passed;
	size_t in_progress;
	size_t not_started;
	size_t scored;
	double mean_best; /* 0 when scored is 0 */
	long seconds;
};
void standing_summarise(const struct standing *s, size_t n, struct standing_summary *out);

/* The module to take next: the first of the programmes' stages, then of the
 * catalogue, that is neither passed, locked nor out of attempts; NULL when
 * none is. by_course[i] is the standing on cat->courses[i]. */
const struct course *standing_next(const struct catalog *cat, const struct standing *by_course);

/* One programme stage: how many of its modules the catalogue has, and how
 * many of those are passed. modules[] and s[] as for standing_lock. */
void standing_stage(const struct stage *sg, const struct course *const *modules,
                    const struct standing *s, size_t n, size_t *done, size_t *total);

/* On track on day (1-based): every stage up to that day complete. */
bool standing_on_track(const struct programme *p, size_t day, const struct course *const *modules,
                       const struct standing *s, size_t n);

/* The dates a view shows: the latest pass and, for a policy pass, the end
 * of its validity, as "2026-03-02" ("" when there is none). */
struct standing_days {
	char passed[11];
	char expires[11];
};
void standing_days(const struct standing *s, struct standing_days *out);

/* A word or two for a state: "not started", "passed", "locked"... */
const char *standing_state_name(enum standing_state s);

#endif
