/*
 * Handing duties back, from the record: the evidence a person has for a
 * duty (best scores, policy compliance, practice logged), checked with the
 * pure rules in duty.c, and loading a duty plan into the register.
 */
#ifndef UPSKILL_HANDOVER_H
#define UPSKILL_HANDOVER_H

#include <time.h>

#include "catalog.h"
#include "duty.h"
#include "store.h"

/* The default plan, relative to the courses folder. */
#define HANDOVER_DEFAULT_PLAN "duties/plan.xml"

/*
 * What learner still needs to move duty d from one stage to another, into
 * missing (empty when the move may go ahead). -1 with *err only if the
 * record cannot be read.
 */
int handover_check(struct store *st, const struct catalog *cat, const struct duty *d,
                   long long learner, enum duty_stage from, enum duty_stage to, bool has_reason,
                   time_t now, struct strlist *missing, char **err);

/*
 * Loads a duty plan file into the register: each duty added or its
 * definition replaced (stages and practice kept). Every problem, including
 * modules and policies that are not in the catalogue, goes to errors as
 * file:line, and then nothing is loaded.
 */
int handover_load_plan(struct store *st, const struct catalog *cat, const char *path,
                       long long actor, struct strlist *errors, int *added, int *updated);

#endif
