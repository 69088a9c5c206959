/*
 * Refreshers in the record (store-refresh.c): cards start at the first
 * passing attempt only, a refresher answer is a row and an event that
 * verify checks, and verify replays each card's history, so a state that
 * does not follow from the answers before it is named even when its row
 * and its event agree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store-events.h"
#include "store-learning.h"
#include "store-refresh.h"
#include "testdb.h"
#include "util.h"

#define DAY 86400
static time_t fixed_now = 1772445600; /* 2026-03-02T10:00:00Z */

static time_t test_clock(void)
{
	return fixed_now;
}

struct fixture {
	char file[64];
	char path[256];
	struct store *st;
	long long ann;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	int fd;

	strcpy(f->file, "/tmp/upskill-refresh-XXXXXX");
	fd = mkstemp(f->file);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->file);
	testdb_path(f->path, sizeof(f->path), f->file);
	fixed_now = 1772445600;
	assert_int_equal(store_open(f->path, &f->st, &err), 0);
	store_set_clock(f->st, test_clock);
	assert_int_equal(store_learner_add(f->st, "Ann", ROLE_STAFF, 0, &f->ann, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];

	store_close(f->st);
	unlink(f->file);
	snprintf(side, sizeof(side), "%s-wal", f->file);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->file);
	unlink(side);
	free(f);
	return 0;
}

/* One finished attempt at "memo" with answers q1 and q2 graded so. */
static void attempt(struct fixture *f, double q1, double q2, bool passed)
{
	long long id = 0;
	char *err = NULL;

	assert_int_equal(store_attempt_start(f->st, f->ann, "memo", "1.0", "sha", NULL, 1,
	                                     "v1 q1 q2", &id, &err),
	                 0);
	assert_int_equal(store_answer_add(f->st, id, "q1", "0", q1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_answer_add(f->st, id, "q2", "0", q2, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_attempt_finish(f->st, id, "1.0", "sha", q1 + q2, 2, 50 * (q1 + q2),
	                                      passed, NULL, &err),
	                 0);
	assert_null(err);
}

static int verify(struct fixture *f, char **problem)
{
	struct store_verify v;
	char *err = NULL;
	int rc = store_verify(f->st, &v, &err);

	assert_null(err);
	*problem = v.problem ? xstrdup(v.problem) : NULL;
	store_verify_release(&v);
	return rc;
}

static void test_first_pass_only(void **state)
{
	struct fixture *f = *state;
	struct refresh_fact *facts = NULL;
	size_t n = 0;
	char *err = NULL;

	attempt(f, 0, 0, false);
	assert_int_equal(store_refresh_facts(f->st, f->ann, NULL, &facts, &n, &err), 0);
	assert_int_equal(n, 0); /* no pass, no cards */
	fixed_now += DAY;
	attempt(f, 1, 0, true);
	fixed_now += DAY;
	attempt(f, 1, 1, true); /* a later pass moves nothing */
	assert_int_equal(store_refresh_facts(f->st, 0, "memo", &facts, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(facts[0].question, "q1");
	assert_true(facts[0].first_fraction == 1.0);
	assert_true(facts[1].first_fraction == 0.0);
	assert_string_equal(facts[0].first_at, "2026-03-03T10:00:00Z");
	assert_int_equal(facts[0].reviews, 0);
	refresh_facts_free(facts, n);
	assert_int_equal(store_refresh_facts(f->st, f->ann + 1, NULL, &facts, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_refresh_facts(f->st, 0, "other", &facts, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void test_answers_and_replay(void **state)
{
	struct fixture *f = *state;
	struct refresh_fact *facts = NULL;
	struct refresh_card card, after, forged;
	char *err = NULL, *problem = NULL;
	size_t n = 0;

	attempt(f, 1, 0, true);
	assert_int_equal(store_refresh_facts(f->st, f->ann, NULL, &facts, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(refresh_fact_card(&facts[0], &card), 0);
	assert_true(card.due == fixed_now + 2 * DAY);
	refresh_facts_free(facts, n);

	/* Answered right when due: the card it leaves is written, and verify
	 * agrees with it. */
	fixed_now = card.due;
	assert_int_equal(store_refresh_add(f->st, f->ann, "memo", "1.0", "q1", "0", 1.0, &card,
	                                   &after, &err),
	                 0);
	assert_true(after.due > fixed_now + 2 * DAY);
	assert_int_equal(verify(f, &problem), 0);
	assert_null(problem);
	assert_int_equal(store_refresh_facts(f->st, f->ann, "memo", &facts, &n, &err), 0);
	assert_int_equal(facts[0].reviews, 1);
	assert_int_equal(facts[0].right, 1);
	assert_int_equal(refresh_fact_card(&facts[0], &card), 0);
	assert_true(card.due == after.due);
	refresh_facts_free(facts, n);

	/* A card that is not the one its history gives: its row and event
	 * agree, but the replay shows it. */
	forged = card;
	forged.state.stability = 400;
	fixed_now += DAY;
	assert_int_equal(store_refresh_add(f->st, f->ann, "memo", "1.0", "q1", "0", 1.0, &forged,
	                                   &after, &err),
	                 0);
	assert_int_equal(verify(f, &problem), 1);
	assert_non_null(strstr(problem, "does not follow from the answers before it"));
	free(problem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_first_pass_only, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_answers_and_replay, setup, teardown),
	};

	return cmocka_run_group_tests_name("store_refresh", tests, NULL, NULL);
}
