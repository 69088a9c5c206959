/*
 * Learners' standing from the record: the facts of one learner, or of every
 * member of staff, loaded with the same code (store-facts.c), and the rules
 * of standing.c and compliance.c applied to them. Every view of where
 * someone stands reads it from here: progress, courses, start and quiz,
 * reminders, the reports and readiness for duties.
 */
#ifndef UPSKILL_PROGRESS_H
#define UPSKILL_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "catalog.h"
#include "compliance.h"
#include "standing.h"
#include "store-facts.h"
#include "store.h"
#include "store-policy.h"

struct progress {
	const struct course **modules; /* borrowed from the catalogue; the array is owned */
	size_t nmodules;
	struct store_person *people;
	size_t npeople;
	struct strpool strings;    /* the people's names and their facts' strings */
	struct standing *standing; /* npeople rows of nmodules: see progress_row */
	/* For compliance: each policy module's versions on record (NULL and 0
	 * for the other modules). */
	struct policy_version **versions;
	size_t *nversions;
	/* The same as compliance.c reads them (nversions[m] each), made once
	 * rather than for each person. */
	struct compliance_version **rule_versions;
	/* The organisation's grace period after a major policy version, in
	 * days (settings.h), read once with the facts. */
	int grace_days;
};

/*
 * Loads the standing of learner (0: every member of staff, sorted by name)
 * on the n modules, with activity from since (NULL: the whole record), as
 * of now; prerequisites among the n modules are applied. Release with
 * progress_release, also after a failure.
 */
int progress_load(struct store *st, const struct course *const *modules, size_t n,
                  long long learner, const char *since, time_t now, struct progress *out,
                  char **err);
/* The same without the standings (p->standing stays NULL, progress_row is
 * not to be used): each person's row is made when asked, with
 * progress_row_into, so a report over everyone holds one row at a time. */
int progress_load_facts(struct store *st, const struct course *const *modules, size_t n,
                        long long learner, const char *since, struct progress *out, char **err);
/* Person i's standings as of now, one per module, into row (p->nmodules
 * of them), prerequisites applied: what progress_load keeps. */
void progress_row_into(const struct progress *p, size_t i, time_t now, struct standing *row);
/* The same on every module of the catalogue, in its order: the standings
 * of progress_row(p, 0) then match cat->courses. */
int progress_load_catalog(struct store *st, const struct catalog *cat, long long learner,
                          time_t now, struct progress *out, char **err);
void progress_release(struct progress *p);
/* Learner's standing on module c alone (prerequisites not judged), as of
 * now: what the quiz reads for the attempts still allowed. */
int progress_one(struct store *st, const struct course *c, long long learner, time_t now,
                 struct standing *out, char **err);

/* Person i's standings, one per module. */
const struct standing *progress_row(const struct progress *p, size_t i);
/* Where module id is among p's modules, or -1. */
long progress_module(const struct progress *p, const char *id);
/* For each module person i is locked out of (standing.h), a line to out
 * saying what to do; how many there were. */
size_t progress_print_locked_out(const struct progress *p, size_t i, FILE *out);
/* Person i's latest activity in scope, ISO ("" if none). */
void progress_last_activity(const struct progress *p, size_t i, char out[32]);
/*
 * Person i's compliance with policy module m (compliance.c's rules over the
 * whole record). Call policy_note_version first, before progress_load, so
 * that the current version is on record.
 */
void progress_compliance(const struct progress *p, size_t i, size_t m, time_t now, int within_days,
                         struct compliance_result *out);

#endif
