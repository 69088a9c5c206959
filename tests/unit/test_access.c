/*
 * Who may try to sign in and when: sign-in turns spaced by the failures
 * counted and queued no further than the bound, counted from the moment a
 * turn is taken and cleared by a good sign-in; the organisation's settings
 * mirrored by events that verify checks; and the rules a new passphrase
 * or PIN must meet.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "secret.h"
#include "settings.h"
#include "store.h"
#include "store-access.h"
#include "store-events.h"

struct fixture {
	char path[64];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	int fd;

	strcpy(f->path, "/tmp/upskill-access-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st, &err), 0);
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

/* Takes a turn under name at now; the wait, or -1 when refused. */
static long turn(struct fixture *f, const char *name, time_t now)
{
	char *err = NULL;
	long wait = -2;
	int failures = -1;

	assert_int_equal(store_sign_in_turn(f->st, name, now, now - AUTH_WINDOW, auth_delay,
	                                    AUTH_MAX_QUEUE, &wait, &failures, &err),
	                 0);
	return wait;
}

/* Tries arriving all at once (as from processes side by side) queue: the
 * free ones at once, then 1, 2, 4, 8 and 16 seconds apart, and past the
 * bound they are refused, never queued further. */
static void test_turns_queue_side_by_side(void **state)
{
	struct fixture *f = *state;
	const time_t t = 1800000000;
	const long expected[] = {0, 0, 0, 1, 3, 7, 15, 31, -1, -1};

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		assert_int_equal(turn(f, "Cat", t), expected[i]);
	/* Refused tries are not counted: eight turns were taken. */
	int n = 0;
	char *err = NULL;
	assert_int_equal(store_sign_in_failures(f->st, "CAT", t - AUTH_WINDOW, &n, &err), 0);
	assert_int_equal(n, 8);
	/* Another name has its own turns. */
	assert_int_equal(turn(f, "Dee", t), 0);
}

/* Nobody waits longer than the bound, however many tries came before. */
static void test_turns_bounded(void **state)
{
	struct fixture *f = *state;
	time_t t = 1800000000;

	for (int i = 0; i < 200; i++) {
		long w = turn(f, "Cat", t);
		assert_true(w <= AUTH_MAX_QUEUE);
		t += i % 3; /* tries faster than the turns */
	}
	/* Once the turns queued have passed, a try waits at most the
	 * longest delay. */
	long w = turn(f, "Cat", t + AUTH_MAX_QUEUE);
	assert_true(w >= 0 && w <= AUTH_MAX_DELAY);
}

/* One after another, each waiting its turn: the delays double from the
 * fourth try and stop at the longest; a good sign-in clears them. */
static void test_turns_one_by_one(void **state)
{
	struct fixture *f = *state;
	time_t t = 1800000000;
	const long expected[] = {0, 0, 0, 1, 2, 4, 8, 16, 30, 30};
	char *err = NULL;

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		long w = turn(f, "cat", t);
		assert_int_equal(w, expected[i]);
		t += w + 1;
	}
	assert_int_equal(store_sign_in_cleared(f->st, "Cat", &err), 0);
	assert_int_equal(turn(f, "cat", t), 0);
	/* Failures older than the window no longer count. */
	for (int i = 0; i < 5; i++)
		turn(f, "cat", t);
	assert_int_equal(turn(f, "cat", t + AUTH_WINDOW + AUTH_MAX_QUEUE + 1), 0);
}

/* A turn left far in the future (a clock set back) does not hold anyone
 * past the bound. */
static void test_turns_clock_set_back(void **state)
{
	struct fixture *f = *state;
	time_t t = 1800000000;

	for (int i = 0; i < 8; i++)
		turn(f, "cat", t + 100000);
	long w = turn(f, "cat", t);
	assert_true(w >= 0 && w <= AUTH_MAX_DELAY);
}

/* Nothing typed as a name is kept in the clear. */
static void test_names_hashed(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	turn(f, "Hunter2 typed as a name", 1800000000);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*) FROM login_failures, sign_in_turns"
	                                    " WHERE login_failures.name LIKE '%Hunter%'"
	                                    " OR sign_in_turns.name LIKE '%Hunter%'",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* Settings read their default until set; a setting is an event, and a
 * row changed without one is found by verify. */
static void test_settings_on_record(void **state)
{
	struct fixture *f = *state;
	struct store_verify v = {0};
	char *value = NULL, *err = NULL;
	sqlite3 *db = NULL;

	assert_int_equal(
	        store_setting_get(f->st, SETTING_STAFF_CREDENTIAL, "passphrase", &value, &err), 0);
	assert_string_equal(value, "passphrase");
	free(value);
	assert_int_equal(store_setting_set(f->st, SETTING_STAFF_CREDENTIAL, "pin", NULL, 0, &err),
	                 0);
	assert_int_equal(store_setting_set(f->st, SETTING_PIN_LENGTH, "8", "", 0, &err), 0);
	assert_int_equal(
	        store_setting_get(f->st, SETTING_STAFF_CREDENTIAL, "passphrase", &value, &err), 0);
	assert_string_equal(value, "pin");
	free(value);
	assert_int_equal(store_verify(f->st, &v, &err), 0);
	store_verify_release(&v);

	/* Turned into a kiosk behind the record's back. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE settings SET value = 'none' WHERE key = "
	                              "'staff-credential'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_verify(f->st, &v, &err), 1);
	assert_non_null(strstr(v.problem, "setting"));
	store_verify_release(&v);
}

/* A credential swapped in the table, without the event that sets one, is
 * found by verify: nobody can take over an account behind the record. */
static void test_credential_swapped(void **state)
{
	struct fixture *f = *state;
	struct store_verify v = {0};
	char *err = NULL;
	long long ann = 0;
	sqlite3 *db = NULL;

	assert_int_equal(store_staff_add(f->st, "Ann", "$argon2id$code", 0, &ann, &err), 0);
	assert_int_equal(store_credential_set(f->st, ann, "$argon2id$hers", false, ann, &err), 0);
	assert_int_equal(store_verify(f->st, &v, &err), 0);
	store_verify_release(&v);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE learners SET passphrase = '$argon2id$mine'", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_verify(f->st, &v, &err), 1);
	assert_non_null(strstr(v.problem, "credential"));
	store_verify_release(&v);
}

static void test_setting_values(void **state)
{
	const struct setting_def *kind = setting_find(SETTING_STAFF_CREDENTIAL);
	const struct setting_def *pin = setting_find(SETTING_PIN_LENGTH);
	char *err = NULL;

	(void)state;
	assert_non_null(kind);
	assert_null(setting_find("staff"));
	assert_int_equal(setting_check(kind, "none", &err), 0);
	assert_int_equal(setting_check(kind, "password", &err), -1);
	assert_non_null(strstr(err, "passphrase, pin or none"));
	free(err);
	err = NULL;
	assert_int_equal(setting_check(pin, "6", &err), 0);
	assert_int_equal(setting_check(pin, "5", &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(setting_check(pin, "6x", &err), -1);
	free(err);
	assert_true(setting_needs_reason(kind, "none"));
	assert_false(setting_needs_reason(kind, "pin"));
}

static void test_secret_rules(void **state)
{
	const struct secret_rule pin = {true, 6}, pass = {false, 12};
	char *err = NULL;

	(void)state;
	assert_int_equal(secret_check(&pin, "480316", &err), 0);
	const char *bad[] = {"48031", "480a16", "111111", "123456", "987654", "0123456789", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(secret_check(&pin, bad[i], &err), -1);
		free(err);
		err = NULL;
	}
	assert_int_equal(secret_check(&pass, "eleven char", &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(secret_check(&pass, "twelve chars", &err), 0);
	/* Characters, not bytes. */
	assert_int_equal(secret_check(&pass, "ééééééééééé", &err), -1);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_turns_queue_side_by_side, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_turns_bounded, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_turns_one_by_one, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_turns_clock_set_back, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_names_hashed, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_settings_on_record, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_credential_swapped, setup, teardown),
	        cmocka_unit_test(test_setting_values),
	        cmocka_unit_test(test_secret_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
