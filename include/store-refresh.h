/*
 * Refreshers in the record (store-refresh.c): the facts each card is made
 * of (the answer in the learner's first passing attempt, and the last
 * refresher answer with the memory state it left), and a refresher answer
 * written with its event. The rules are refresh.h's.
 */
#ifndef UPSKILL_STORE_REFRESH_H
#define UPSKILL_STORE_REFRESH_H

#include <stdbool.h>
#include <stddef.h>

#include "refresh.h"
#include "store.h"

/* One question of a module a learner passed. */
struct refresh_fact {
	long long learner;
	char *module;
	char *question;
	double first_fraction; /* the answer in the first passing attempt */
	char *first_at;        /* that attempt's finish */
	int reviews;           /* refresher answers since */
	int right;             /* of them, fully right */
	/* After the last refresher answer (reviews > 0): */
	double stability, difficulty;
	char *reviewed_at, *due_at;
};

/* Every card of learner (0: everyone) on module (NULL: every module),
 * ordered by learner, module and question. *out is the caller's, freed
 * with refresh_facts_free. */
int store_refresh_facts(struct store *st, long long learner, const char *module,
                        struct refresh_fact **out, size_t *n, char **err);
void refresh_facts_free(struct refresh_fact *list, size_t n);

/* The card a fact describes: its last memory state and when it is due. -1
 * if a stored time cannot be read. */
int refresh_fact_card(const struct refresh_fact *f, struct refresh_card *c);

/* A refresher answer to question of module (version as asked), graded
 * fraction, on the card as it was (before); *after gets the card it leaves,
 * reviewed now. The event and the row are committed together before this
 * returns. */
int store_refresh_add(struct store *st, long long learner, const char *module, const char *version,
                      const char *question, const char *response, double fraction,
                      const struct refresh_card *before, struct refresh_card *after, char **err);

#endif
