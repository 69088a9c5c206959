/*
 * The facts of learners' standing, read from the record in one pass per
 * kind of fact (attempts, lesson pages, acknowledgements), for one learner
 * or for every member of staff with the same code: progress.c turns them
 * into standings with standing.c's rules.
 */
#ifndef UPSKILL_STORE_FACTS_H
#define UPSKILL_STORE_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "standing.h"
#include "store.h"

/* A learner and their facts on each module asked for. */
struct store_person {
	long long id;
	const char *name; /* in the strings given to store_facts_load */
	bool active;
	struct standing_facts *facts; /* one per module, in the order asked */
};

/*
 * The facts of learner (0: every member of staff, active or not, sorted by
 * name) on each of the n modules, with activity counted from since (an ISO
 * time; NULL for the whole record). An attempt counts from when it finished
 * or, while under way, from its latest answer (or its start); lesson reading
 * from the last page turned, with all of its time. Acknowledgements and
 * passes, which compliance reads, are always the whole record, and kept
 * only for the modules whose policy[i] is true. *out (n
 * entries in *npeople) is freed with store_people_free; its strings (names,
 * versions, plans) and its cells' arrays are put in strings, which must
 * outlive it.
 */
int store_facts_load(struct store *st, long long learner, const char *const *modules,
                     const bool *policy, size_t n, const char *since, struct strpool *strings,
                     struct store_person **out, size_t *npeople, char **err);
void store_people_free(struct store_person *list, size_t npeople);

#endif
