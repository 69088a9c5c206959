/*
 * The duty register in the store: definitions replaced without losing
 * stages, one owner per duty enforced by the record itself, a stale move
 * refused, and every move an event in the timeline.
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
#include "store-duties.h"
#include "testdb.h"

struct fixture {
	char path[64];
	char db[160];
	struct store *st;
	long long ann, bo, cat;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct duty_module m = {(char *)"basics", 80, 0};
	struct duty d = {.id = (char *)"replies",
	                 .title = (char *)"Replying",
	                 .modules = &m,
	                 .nmodules = 1,
	                 .practice = 2};
	char *err = NULL;
	int fd;

	strcpy(f->path, "/tmp/upskill-duties-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	testdb_path(f->db, sizeof(f->db), f->path);
	assert_int_equal(store_open(f->db, &f->st, &err), 0);
	assert_int_equal(store_learner_add(f->st, "Ann", ROLE_STAFF, 0, &f->ann, &err), 0);
	assert_int_equal(store_learner_add(f->st, "Bo", ROLE_STAFF, 0, &f->bo, &err), 0);
	assert_int_equal(store_learner_add(f->st, "Cat", ROLE_CONSULTANT, 0, &f->cat, &err), 0);
	assert_int_equal(store_duty_put(f->st, &d, f->cat, NULL, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];

	store_close(f->st);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

/* Walks a learner up to a stage, one move at a time. */
static void walk(struct fixture *f, long long who, enum duty_stage to)
{
	char *err = NULL;

	for (enum duty_stage s = DUTY_NONE; s < to; s++)
		assert_int_equal(
		        store_duty_move(f->st, who, "replies", s, s + 1, f->cat, NULL, &err), 0);
}

static void test_one_owner(void **state)
{
	struct fixture *f = *state;
	long long owner = 0;
	char *name = NULL, *err = NULL;

	walk(f, f->ann, DUTY_HANDED_OVER);
	walk(f, f->bo, DUTY_INDEPENDENT);
	assert_int_equal(store_duty_holder(f->st, "replies", &owner, &name, &err), 0);
	assert_int_equal(owner, f->ann);
	assert_string_equal(name, "Ann");
	free(name);

	assert_int_equal(store_duty_move(f->st, f->bo, "replies", DUTY_INDEPENDENT,
	                                 DUTY_HANDED_OVER, f->cat, NULL, &err),
	                 -1);
	assert_string_equal(err,
	                    "'replies' is held by Ann: a duty has one owner; take it back first");
	free(err);
	err = NULL;

	/* Taken back, it can go to Bo. */
	assert_int_equal(store_duty_move(f->st, f->ann, "replies", DUTY_HANDED_OVER,
	                                 DUTY_INDEPENDENT, f->cat, "lapsed", &err),
	                 0);
	assert_int_equal(store_duty_move(f->st, f->bo, "replies", DUTY_INDEPENDENT,
	                                 DUTY_HANDED_OVER, f->cat, NULL, &err),
	                 0);
	assert_int_equal(store_duty_holder(f->st, "replies", &owner, &name, &err), 0);
	assert_int_equal(owner, f->bo);
	free(name);
}

static void test_stale_move_refused(void **state)
{
	struct fixture *f = *state;
	enum duty_stage stage;
	char *err = NULL;

	walk(f, f->ann, DUTY_ASSISTED);
	/* Someone looked when Ann was observing; she has moved on since. */
	assert_int_equal(store_duty_move(f->st, f->ann, "replies", DUTY_OBSERVING, DUTY_ASSISTED,
	                                 f->cat, NULL, &err),
	                 -1);
	assert_string_equal(err, "the stage changed meanwhile (now assisted); look again");
	free(err);
	assert_int_equal(store_duty_stage(f->st, f->ann, "replies", &stage, &err), 0);
	assert_int_equal(stage, DUTY_ASSISTED);
}

static void test_edit_keeps_stages(void **state)
{
	struct fixture *f = *state;
	struct duty_module m[] = {{(char *)"basics", 90, 0}, {(char *)"advanced", 70, 0}};
	struct duty d = {.id = (char *)"replies",
	                 .title = (char *)"Replying to comments",
	                 .modules = m,
	                 .nmodules = 2,
	                 .policy = (char *)"rules",
	                 .practice = 3};
	struct duty *list = NULL;
	enum duty_stage stage;
	bool created = true;
	size_t n = 0;
	char *err = NULL;

	walk(f, f->ann, DUTY_ASSISTED);
	assert_int_equal(store_duty_practice_add(f->st, f->ann, "replies", "with me", f->cat, &err),
	                 0);
	assert_int_equal(store_duty_put(f->st, &d, f->cat, &created, &err), 0);
	assert_false(created);
	assert_int_equal(store_duty_list(f->st, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].title, "Replying to comments");
	assert_int_equal(list[0].nmodules, 2);
	assert_string_equal(list[0].modules[1].module, "advanced");
	assert_int_equal(list[0].modules[0].min_score, 90);
	assert_string_equal(list[0].policy, "rules");
	assert_int_equal(list[0].practice, 3);
	duties_free(list, n);
	assert_int_equal(store_duty_stage(f->st, f->ann, "replies", &stage, &err), 0);
	assert_int_equal(stage, DUTY_ASSISTED);
	int practice = 0;
	assert_int_equal(store_duty_practice_count(f->st, f->ann, "replies", &practice, &err), 0);
	assert_int_equal(practice, 1);
}

static void test_timeline(void **state)
{
	struct fixture *f = *state;
	struct duty_move *moves = NULL;
	size_t n = 0;
	char *err = NULL;

	walk(f, f->ann, DUTY_HANDED_OVER);
	assert_int_equal(store_duty_move(f->st, f->ann, "replies", DUTY_HANDED_OVER,
	                                 DUTY_INDEPENDENT, f->cat, "policy lapsed", &err),
	                 0);
	assert_int_equal(store_duty_timeline(f->st, &moves, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(moves[0].from, "not started");
	assert_string_equal(moves[0].to, "observing");
	assert_string_equal(moves[3].kind, "duty.handover");
	assert_string_equal(moves[4].kind, "duty.takeback");
	assert_string_equal(moves[4].note, "policy lapsed");
	assert_string_equal(moves[4].learner, "Ann");
	assert_string_equal(moves[4].actor, "Cat");
	duty_moves_free(moves, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_one_owner, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_stale_move_refused, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_edit_keeps_stages, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_timeline, setup, teardown),
	};
	return cmocka_run_group_tests_name("store-duties", tests, NULL, NULL);
}
