/*
 * A large organisation for the benchmark whose record is real: LEARNERS
 * staff, each with one finished attempt on each of the catalogue's modules
 * (20 for the reports at 5,000 to 20,000 learners; 40 and 80 to show the
 * cost in modules; scores spread so that some pass and some fail), and the policy
 * modules acknowledged by two learners in three. Every row is written by
 * the store's own functions against the publications init made, so every
 * learner, attempt and acknowledgement has its chained event and the
 * record verifies, on SQLite or PostgreSQL alike (db copy takes it from
 * one to the other). Nothing is random. Durability is switched off on
 * SQLite for the run, which only makes writing faster: the file it leaves
 * is the same.
 *
 * usage: gen_org DB LEARNERS   (DB made by `upskill init` on the catalogue)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/store-private.h"
#include "store-learning.h"
#include "store-policy.h"

/* The most modules a catalogue here may have. */
#define MODULES_MOST 1000

struct publication {
	char *module, *version, *file_sha256, *policy_version, *text_sha256;
};

static void die(const char *what, const char *err)
{
	fprintf(stderr, "gen_org: %s: %s\n", what, err ? err : "failed");
	exit(1);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The publications init made, in module order (bench-000, bench-001, ...):
 * how many. */
static int read_publications(struct store *st, struct publication *pub)
{
	struct db_stmt *stmt = NULL;
	char *err = NULL;
	int n = 0;

	if (store_prepare(st,
	                  "SELECT module_id, version, file_sha256, policy_version, text_sha256"
	                  " FROM publications WHERE withdrawn_by IS NULL ORDER BY module_id",
	                  &stmt, &err) < 0)
		die("publications", err);
	while (db_step(stmt) == DB_ROW && n < MODULES_MOST) {
		pub[n].module = dup_or_null(db_column_text(stmt, 0));
		pub[n].version = dup_or_null(db_column_text(stmt, 1));
		pub[n].file_sha256 = dup_or_null(db_column_text(stmt, 2));
		pub[n].policy_version = dup_or_null(db_column_text(stmt, 3));
		pub[n].text_sha256 = dup_or_null(db_column_text(stmt, 4));
		n++;
	}
	db_finalize(stmt);
	if (n == 0)
		die("publications", "the record was not made on a benchmark catalogue");
	return n;
}

int main(int argc, char **argv)
{
	static struct publication pub[MODULES_MOST];
	struct store *st = NULL;
	char *err = NULL;
	long learners;
	int modules, step;

	if (argc != 3 || (learners = strtol(argv[2], NULL, 10)) < 1)
		die("usage", "gen_org DB LEARNERS");
	if (store_open(argv[1], &st, &err) < 0)
		die(argv[1], err);
	if (strstr(argv[1], "://") == NULL && store_exec(st, "PRAGMA synchronous=OFF", &err) < 0)
		die(argv[1], err);
	modules = read_publications(st, pub);
	/* Each learner's attempts go through every module once, in an order
	 * of their own: a step prime to the count (13 for 20, 40 and 80). */
	step = modules % 13 ? 13 : 1;
	for (long i = 1; i <= learners; i++) {
		char name[32];
		long long who;

		snprintf(name, sizeof(name), "Learner %05ld", i);
		if (store_learner_add(st, name, ROLE_STAFF, 1, &who, &err) < 0)
			die(name, err);
		for (int j = 1; j <= modules; j++) {
			const struct publication *p = &pub[(i * 7 + j * step) % modules];
			int s = (int)((i + j) % 21);
			long long attempt;

			if (store_attempt_start(st, who, p->module, p->version, p->file_sha256,
			                        p->policy_version, (unsigned long long)j, "v1",
			                        &attempt, &err) < 0 ||
			    store_attempt_finish(st, attempt, p->version, p->file_sha256, s, 20,
			                         s * 5.0, s * 5 >= 80, NULL, &err) < 0)
				die(name, err);
			if (p->policy_version && i % 3 != 0 &&
			    store_ack_add(st, who, p->module, p->policy_version, p->text_sha256,
			                  false, &err) < 0)
				die(name, err);
		}
	}
	store_close(st);
	for (int m = 0; m < modules; m++) {
		free(pub[m].module);
		free(pub[m].version);
		free(pub[m].file_sha256);
		free(pub[m].policy_version);
		free(pub[m].text_sha256);
	}
	return 0;
}
