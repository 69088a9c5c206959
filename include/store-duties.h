/*
 * The duty register in the record (store-duties.c): duties, each learner's
 * stage on each, practice logged, and the timeline of moves.
 */
#ifndef UPSKILL_STORE_DUTIES_H
#define UPSKILL_STORE_DUTIES_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"
#include "duty.h"

/* A move of a duty between stages, from the event log. */
struct duty_move {
	char *at;
	char *kind; /* duty.stage, duty.handover or duty.takeback */
	char *duty;
	char *learner;
	char *actor;
	char *from;
	char *to;
	char *note;
};

/* Adds a duty, or replaces an existing one's definition (stages kept). */
int store_duty_put(struct store *st, const struct duty *d, long long actor, bool *created,
                   char **err);
/* The same for n duties in one transaction: all or none. */
int store_duty_put_all(struct store *st, const struct duty *list, size_t n, long long actor,
                       int *added, int *updated, char **err);
/* Takes a duty out of the register, with an event (duty.remove) naming who
 * and its title; its definitions stay in the log. Refused once anyone has
 * a stage in it or any move or practice was logged for it. */
int store_duty_remove(struct store *st, const char *duty, long long actor, char **err);
/* Whether any duty was ever added (an empty register is then one emptied
 * on purpose, not a new record's). */
int store_duty_ever(struct store *st, bool *ever, char **err);
/* The register in order; free with duties_free. */
int store_duty_list(struct store *st, struct duty **out, size_t *n, char **err);
/* A learner's stage on a duty (DUTY_NONE if not started). */
int store_duty_stage(struct store *st, long long learner, const char *duty, enum duty_stage *out,
                     char **err);
/* Who holds a duty (handed over), or 0 and NULL: then the consultant does. */
int store_duty_holder(struct store *st, const char *duty, long long *learner, char **name,
                      char **err);
/* Moves a learner's duty from one stage to another, with an event naming
 * who moved it and why; refused if the stage changed meanwhile, or if
 * someone else holds the duty when handing over. The caller checks
 * readiness first (duty.h). */
int store_duty_move(struct store *st, long long learner, const char *duty, enum duty_stage from,
                    enum duty_stage to, long long actor, const char *note, char **err);
/* Logs a supervised practice session. */
int store_duty_practice_add(struct store *st, long long learner, const char *duty, const char *note,
                            long long actor, char **err);
int store_duty_practice_count(struct store *st, long long learner, const char *duty, int *n,
                              char **err);
/* Every stage move, oldest first. */
int store_duty_timeline(struct store *st, struct duty_move **out, size_t *n, char **err);
/* The time of the first event: when the engagement began ("" if none). */
int store_first_event(struct store *st, char at[32], char **err);
void duties_free(struct duty *list, size_t n);
void duty_moves_free(struct duty_move *list, size_t n);

#endif
