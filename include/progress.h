/*
 * Where a learner stands on each module, worked out from the record and the
 * catalogue: not started, reading, quiz in progress, passed, failed, locked
 * by a prerequisite, expired, or out of attempts. The catalogue, progress
 * and courses commands all read it from here.
 */
#ifndef UPSKILL_PROGRESS_H
#define UPSKILL_PROGRESS_H

#include <stdbool.h>
#include <time.h>

#include "catalog.h"
#include "store.h"

enum module_state {
	STATE_NOT_STARTED,
	STATE_READING,   /* lessons begun, quiz not yet */
	STATE_QUIZ_OPEN, /* an attempt is under way */
	STATE_PASSED,
	STATE_FAILED,      /* last attempt failed; attempts remain */
	STATE_NO_ATTEMPTS, /* failed, and every attempt allowed is used */
	STATE_LOCKED,      /* a prerequisite is not passed */
	STATE_EXPIRED,     /* passed, but longer ago than a policy allows */
};

struct module_status {
	enum module_state state;
	int attempts;          /* finished attempts */
	double best_percent;   /* best finished attempt, 0 if none */
	double last_percent;   /* last finished attempt */
	char passed_at[32];    /* date of the latest pass, "" if none */
	char expires_at[32];   /* for a passed policy module, "" otherwise */
	int page;              /* lesson page reached (0-based) */
	int pages;             /* pages in the module now */
	bool read_all;         /* every lesson page seen at least once */
	size_t answered;       /* in the open attempt */
	size_t questions;      /* in the open attempt's plan, or drawn per attempt */
	long seconds;          /* time spent on lessons and quizzes */
	const char *locked_by; /* the first prerequisite not passed; borrowed */
};

/* Works out the status of module c for learner, as of now. */
int progress_status(struct store *st, const struct catalog *cat, long long learner,
                    const struct course *c, time_t now, struct module_status *out, char **err);

/* A word or two for a state: "not started", "passed", "locked"... */
const char *progress_state_name(enum module_state s);

/* The module a learner should take next: the first in the programme (or
 * the catalogue, without one) that is not passed and not locked; NULL when
 * all are done. */
const struct course *progress_next(struct store *st, const struct catalog *cat, long long learner,
                                   time_t now, char **err);

/* Whether learner may start c: 0, or -1 with the reason ("needs
 * 'strategy-foundations' passed first"). */
int progress_check_prerequisites(struct store *st, const struct catalog *cat, long long learner,
                                 const struct course *c, time_t now, char **err);

#endif
