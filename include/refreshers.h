/*
 * Refreshers from the record (refreshers.c): the cards of one learner or of
 * everyone, each with its module and question as the catalogue has them now,
 * for refresh, progress and report retention to share. A card whose module
 * or question the catalogue no longer has is left out: it cannot be asked.
 */
#ifndef UPSKILL_REFRESHERS_H
#define UPSKILL_REFRESHERS_H

#include <stddef.h>
#include <time.h>

#include "catalog.h"
#include "refresh.h"
#include "store.h"

struct refresher {
	long long learner;
	const struct course *course;     /* borrowed from the catalogue */
	const struct question *question; /* borrowed from the catalogue */
	struct refresh_card card;
	int reviews; /* refresher answers so far */
	int right;   /* of them, fully right */
};

struct refreshers {
	struct refresher *items; /* by due time, oldest first */
	size_t n;
};

/* The cards of learner (0: everyone) on module (NULL: every module). */
int refreshers_load(struct store *st, const struct catalog *cat, long long learner,
                    const char *module, struct refreshers *out, char **err);
void refreshers_release(struct refreshers *r);

/* How many are due at now; *next (if not NULL) gets the earliest due time
 * after now, or 0 when none is to come. */
size_t refreshers_due(const struct refreshers *r, time_t now, time_t *next);

#endif
