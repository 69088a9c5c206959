/*
 * A large record whose event chain is real, for timing verify: LEARNERS
 * staff, each with one attempt of ANSWERS answers, every row written by the
 * store's own functions (so every answer has its chained event, as in use).
 * Durability is switched off for the run, which only makes writing faster:
 * the file it leaves is the same.
 *
 * usage: gen_events DB LEARNERS ANSWERS
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../engine/store-private.h"
#include "store-learning.h"

static void die(const char *what, const char *err)
{
	fprintf(stderr, "gen_events: %s: %s\n", what, err ? err : "failed");
	exit(1);
}

int main(int argc, char **argv)
{
	struct store *st = NULL;
	char *err = NULL;
	long learners, answers;

	if (argc != 4)
		die("usage", "gen_events DB LEARNERS ANSWERS");
	learners = strtol(argv[2], NULL, 10);
	answers = strtol(argv[3], NULL, 10);
	if (store_open(argv[1], &st, &err) < 0 ||
	    store_exec(st, "PRAGMA synchronous=OFF", &err) < 0)
		die(argv[1], err);
	for (long i = 0; i < learners; i++) {
		char name[32], question[32];
		long long who, attempt;

		snprintf(name, sizeof(name), "Learner %06ld", i);
		if (store_learner_add(st, name, ROLE_STAFF, 0, &who, &err) < 0 ||
		    store_attempt_start(st, who, "bench-module", "1.0", "bench", NULL,
		                        (unsigned long long)i, "v1", &attempt, &err) < 0)
			die(name, err);
		for (long q = 0; q < answers; q++) {
			snprintf(question, sizeof(question), "q%04ld", q);
			if (store_answer_add(st, attempt, question, "0", q % 3 ? 1.0 : 0.0, 1,
			                     "1.0", "bench", 5, &err) < 0)
				die(question, err);
		}
	}
	store_close(st);
	return 0;
}
