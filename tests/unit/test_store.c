/*
 * The store: migrations from an empty file and from every earlier version,
 * refusal of newer or foreign databases, learners stored verbatim, and the
 * append-only event log, statements prepared once for the life of the
 * store, and the facts of standing read for everyone (in chunks on two
 * threads, when the record is large) as they are read for one learner.
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
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "store-events.h"
#include "store-facts.h"
#include "store-learning.h"
#include "store-policy.h"
#include "store-publish.h"
#include "util.h"

struct fixture {
	char path[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int fd;

	strcpy(f->path, "/tmp/upskill-test-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path); /* start from no file at all */
	*state = f;
	return 0;
}

/* Removes the record at path, with its -wal and -shm. */
static void remove_record(const char *path)
{
	char side[80];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	remove_record(f->path);
	free(f);
	return 0;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Runs a query that must fail, and returns sqlite's message for it. */
static char *raw_exec_fails(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL, *copy;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK);
	copy = strdup(msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	return copy;
}

/* The first n columns of sql's first row, through a connection of its own. */
static void raw_ints(const char *path, const char *sql, int *out, int n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	for (int i = 0; i < n; i++)
		out[i] = sqlite3_column_int(stmt, i);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static int raw_int(const char *path, const char *sql)
{
	int v;

	raw_ints(path, sql, &v, 1);
	return v;
}

static void test_migrate_from_empty(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_null(err);
	assert_int_equal(store_version(st), store_latest_version());
	assert_true(store_latest_version() >= 3);
	store_close(st);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), store_latest_version());
	assert_int_equal(
	        raw_int(f->path,
	                "SELECT count(*) FROM sqlite_schema WHERE name IN "
	                "('learners', 'attempts', 'answers', 'events', 'lesson_progress')"),
	        5);
	/* Opening again changes nothing. */
	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_version(st), store_latest_version());
	store_close(st);
}

/* A record kept by the version before publishing (schema 8): a person
 * added when learner.add did not log the name, and a policy version seen
 * by a report, each with its chained event, written as that version did. */
static void test_migrate_publications(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct store_verify v;
	struct policy_version *versions = NULL;
	size_t n = 0;
	char *err = NULL, *sql;
	char h1[65], h2[65];
	const char *policy_data = "{\"version\":\"1.0\",\"change\":\"major\",\"valid_months\":12,"
	                          "\"text_sha256\":\"abc\"}";

	assert_int_equal(store_open_version(f->path, 8, &st, &err), 0);
	store_close(st);
	store_event_hash(1, "2025-01-01T00:00:00Z", "learner.add", 0, 1, "staff", "{}", "", h1);
	store_event_hash(2, "2025-01-02T00:00:00Z", "policy.version", 0, 0, "rules", policy_data,
	                 h1, h2);
	sql = xasprintf("INSERT INTO learners (name, role, created_at)"
	                " VALUES ('Old Timer', 'staff', '2025-01-01T00:00:00Z');"
	                "INSERT INTO events VALUES (1, '2025-01-01T00:00:00Z', 'learner.add', NULL,"
	                " 1, 'staff', '{}', '', '%s');"
	                "INSERT INTO events VALUES (2, '2025-01-02T00:00:00Z', 'policy.version',"
	                " NULL, NULL, 'rules', '%s', '%s', '%s');"
	                "INSERT INTO policy_versions VALUES ('rules', '1.0', 1, 0, 12, 'abc',"
	                " '2025-01-02T00:00:00Z');",
	                h1, policy_data, h1, h2);
	raw_exec(f->path, sql);
	free(sql);

	assert_int_equal(store_open(f->path, &st, &err), 0);
	/* The version moved to publications, with its event; the name logged. */
	assert_int_equal(store_policy_versions(st, "rules", &versions, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(versions[0].version, "1.0");
	assert_int_equal(versions[0].valid_months, 12);
	policy_versions_free(versions, n);
	assert_int_equal(store_verify(st, &v, &err), 0);
	assert_int_equal(v.events, 3);
	store_verify_release(&v);
	store_close(st);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM events WHERE kind = 'learner.name'"
	                                  " AND json_extract(data, '$.name') = 'Old Timer'"),
	                 1);
	/* And a renamed person now shows. */
	raw_exec(f->path, "UPDATE learners SET name = 'New Name'");
	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_verify(st, &v, &err), 1);
	assert_int_equal(v.broken_id, 1);
	store_verify_release(&v);
	store_close(st);
}

/* The hash an event is chained with, against digests taken by sha256sum
 * of the text it covers (store-events.c): a change here breaks every
 * record ever written. */
static void test_event_hash_vectors(void **state)
{
	char h[65];

	(void)state;
	store_event_hash(7, "2026-03-02T09:00:00Z", "answer", 3, 12, "voice", "{\"a\":1}", "abc",
	                 h);
	assert_string_equal(h, "95b627b6179d597be73032c9b9d152882a1d1626ae86e485f7c5d371075a7a40");
	/* No actor, no learner, no subject: empty lines. */
	store_event_hash(1, "2025-01-01T00:00:00Z", "policy.version", 0, 0, NULL, "{}", "", h);
	assert_string_equal(h, "1b1abbdf7170be6cf8c01f5c99ac4f265b26272e6351e0c5964838d55c9b6809");
}

static void test_migrate_from_each_version(void **state)
{
	struct fixture *f = *state;

	for (int v = 1; v < store_latest_version(); v++) {
		struct store *st = NULL;
		struct learner l;
		char *err = NULL;

		unlink(f->path);
		assert_int_equal(store_open_version(f->path, v, &st, &err), 0);
		assert_int_equal(store_version(st), v);
		store_close(st);
		/* A learner written at version v, as that version would. */
		raw_exec(f->path, "INSERT INTO learners (name, role, created_at)"
		                  " VALUES ('Old Timer', 'staff', '2025-01-01T00:00:00Z')");

		assert_int_equal(store_open(f->path, &st, &err), 0);
		assert_null(err);
		assert_int_equal(store_version(st), store_latest_version());
		assert_int_equal(store_learner_find(st, "old timer", &l, &err), 0);
		assert_string_equal(l.name, "Old Timer");
		assert_string_equal(l.created_at, "2025-01-01T00:00:00Z");
		learner_release(&l);
		/* And the later tables work. */
		assert_int_equal(store_learner_add(st, "New Comer", ROLE_STAFF, 0, NULL, &err), 0);
		store_close(st);
	}
}

static void test_refuses_newer(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	char sql[64], expected[256];

	assert_int_equal(store_open(f->path, &st, &err), 0);
	store_close(st);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_latest_version() + 1);
	raw_exec(f->path, sql);
	assert_int_equal(store_open(f->path, &st, &err), -1);
	assert_null(st);
	snprintf(expected, sizeof(expected),
	         "database '%s' was written by a newer upskill (schema %d; this one knows up "
	         "to %d): upgrade upskill to use it",
	         f->path, store_latest_version() + 1, store_latest_version());
	assert_string_equal(err, expected);
	free(err);
	/* Nothing was changed by the refusal. */
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), store_latest_version() + 1);
}

/* A migration that fails (here the 17th, rerun on a record that has it
 * already: the indexes it drops are gone; the 18th would run again) is an
 * error naming the database, not a crash: the message once called itself
 * for ever. */
static void test_failed_migration(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	char prefix[128];

	assert_int_equal(store_open(f->path, &st, &err), 0);
	store_close(st);
	raw_exec(f->path, "PRAGMA user_version = 16");
	assert_int_equal(store_open(f->path, &st, &err), -1);
	assert_null(st);
	snprintf(prefix, sizeof(prefix), "database '%s': ", f->path);
	assert_non_null(err);
	assert_memory_equal(err, prefix, strlen(prefix));
	free(err);
	/* Rolled back whole: the version is where it was. */
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 16);
}

static void test_refuses_foreign(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	char expected[128];

	raw_exec(f->path, "CREATE TABLE recipes (name TEXT)");
	assert_int_equal(store_open(f->path, &st, &err), -1);
	snprintf(expected, sizeof(expected), "'%s' is not an upskill database", f->path);
	assert_string_equal(err, expected);
	free(err);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"), 1);
}

static void test_refuses_not_sqlite(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	FILE *fp = fopen(f->path, "w");

	fputs("this is a text file, not a database, and it is long enough to matter\n", fp);
	fclose(fp);
	assert_int_equal(store_open(f->path, &st, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a database"));
	free(err);
}

static void test_learner_round_trip(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct learner l, *list = NULL;
	size_t n = 0;
	long long id = 0;
	char *err = NULL;
	const char *names[] = {
	        "Robert'); DROP TABLE learners;--",
	        "Jane \"JJ\" O'Neil",
	        "semi;colon % _ \\ back",
	        "Zoë Ångström",
	};

	assert_int_equal(store_open(f->path, &st, &err), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(store_learner_add(st, names[i], ROLE_STAFF, 0, &id, &err), 0);
	assert_int_equal(store_learner_add(st, "Casey", ROLE_CONSULTANT, 0, &id, &err), 0);
	assert_true(id > 0);

	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(store_learner_find(st, names[i], &l, &err), 0);
		assert_string_equal(l.name, names[i]);
		assert_int_equal(l.role, ROLE_STAFF);
		assert_true(l.active);
		learner_release(&l);
	}
	assert_int_equal(store_learner_find(st, "casey", &l, &err), 0);
	assert_string_equal(l.name, "Casey");
	assert_int_equal(l.role, ROLE_CONSULTANT);
	learner_release(&l);

	assert_int_equal(store_learner_list(st, &list, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].name, "Casey");
	learners_free(list, n);
	store_close(st);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM learners"), 5);
}

/* Statements are prepared once and kept: after the first answer of an
 * attempt, more answers prepare nothing (issue 17: preparing was most of an
 * answer's CPU). */
static void test_statements_kept(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	long long learner = 0, attempt = 0, after_first;
	char *err = NULL, question[16];

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &learner, &err), 0);
	assert_int_equal(store_attempt_start(st, learner, "basics", "1.0", "sha", NULL, 1, "q1",
	                                     &attempt, &err),
	                 0);
	assert_int_equal(store_answer_add(st, attempt, "q0", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	after_first = store_statements_prepared(st);
	assert_true(after_first > 0);
	for (int i = 1; i < 20; i++) {
		snprintf(question, sizeof(question), "q%d", i);
		assert_int_equal(
		        store_answer_add(st, attempt, question, "a", 1, 1, "1.0", "sha", 1, &err),
		        0);
	}
	assert_int_equal(store_statements_prepared(st), after_first);
	assert_null(err);
	store_close(st);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM answers"), 20);
}

/* An answer's event follows the log's true tail whoever wrote it: this
 * connection keeps the tail it committed (store-events.c) and must drop it
 * when another connection appends, and never keep one rolled back. */
static void test_tail_across_connections(void **state)
{
	struct fixture *f = *state;
	struct store *a = NULL, *b = NULL;
	struct store_verify v;
	long long learner = 0, attempt = 0;
	char *err = NULL;

	assert_int_equal(store_open(f->path, &a, &err), 0);
	assert_int_equal(store_learner_add(a, "Ann", ROLE_STAFF, 0, &learner, &err), 0);
	assert_int_equal(store_attempt_start(a, learner, "basics", "1.0", "sha", NULL, 1, "q1",
	                                     &attempt, &err),
	                 0);
	assert_int_equal(store_answer_add(a, attempt, "q0", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_answer_add(a, attempt, "q1", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	/* Another connection appends between two answers of this one. */
	assert_int_equal(store_open(f->path, &b, &err), 0);
	assert_int_equal(store_learner_add(b, "Bea", ROLE_STAFF, 0, NULL, &err), 0);
	assert_int_equal(store_answer_add(a, attempt, "q2", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	/* An answer refused after its event was appended: rolled back. */
	assert_int_equal(store_answer_add(a, attempt, "q2", "b", 0, 1, "1.0", "sha", 1, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_answer_add(a, attempt, "q3", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_learner_add(b, "Cy", ROLE_STAFF, 0, NULL, &err), 0);
	assert_int_equal(store_answer_add(a, attempt, "q4", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_answer_add(a, attempt, "q5", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_null(err);
	store_close(b);
	assert_int_equal(store_verify(a, &v, &err), 0);
	assert_null(v.problem);
	store_verify_release(&v);
	store_close(a);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM answers"), 6);
	assert_int_equal(raw_int(f->path, "SELECT max(id) = count(*) FROM events"), 1);
}

/* The attempt answered last is not read again for each answer: an attempt
 * finished by another connection meanwhile still refuses the next answer,
 * and answers to two attempts in turn each go to their own. */
static void test_answer_attempt_kept(void **state)
{
	struct fixture *f = *state;
	struct store *a = NULL, *b = NULL;
	struct store_verify v;
	long long ann = 0, bea = 0, first = 0, second = 0;
	bool counted = false;
	char *err = NULL;

	assert_int_equal(store_open(f->path, &a, &err), 0);
	assert_int_equal(store_learner_add(a, "Ann", ROLE_STAFF, 0, &ann, &err), 0);
	assert_int_equal(store_learner_add(a, "Bea", ROLE_STAFF, 0, &bea, &err), 0);
	assert_int_equal(
	        store_attempt_start(a, ann, "basics", "1.0", "sha", NULL, 1, "q1", &first, &err),
	        0);
	assert_int_equal(
	        store_attempt_start(a, bea, "safety", "1.0", "sha", NULL, 1, "q1", &second, &err),
	        0);
	assert_int_equal(store_answer_add(a, first, "q0", "a", 1, 1, "1.0", "sha", 2, &err), 0);
	assert_int_equal(store_answer_add(a, second, "q0", "a", 1, 1, "1.0", "sha", 3, &err), 0);
	assert_int_equal(store_answer_add(a, first, "q1", "a", 1, 1, "1.0", "sha", 4, &err), 0);
	assert_int_equal(store_answer_add(a, first, "q2", "a", 1, 1, "1.0", "sha", 5, &err), 0);
	assert_int_equal(store_open(f->path, &b, &err), 0);
	assert_int_equal(
	        store_attempt_finish(b, first, "1.0", "sha", 3, 3, 100, true, &counted, &err), 0);
	store_close(b);
	assert_int_equal(store_answer_add(a, first, "q3", "a", 1, 1, "1.0", "sha", 1, &err), -1);
	assert_string_equal(err, "attempt 1 is already finished");
	free(err);
	err = NULL;
	assert_int_equal(store_answer_add(a, 99, "q3", "a", 1, 1, "1.0", "sha", 1, &err), -1);
	assert_string_equal(err, "no attempt 99");
	free(err);
	err = NULL;
	assert_int_equal(store_answer_add(a, second, "q1", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(store_verify(a, &v, &err), 0);
	store_verify_release(&v);
	store_close(a);
	/* The finished attempt took its answers' time; the open one's is
	 * still theirs, its own row not written by an answer. */
	assert_int_equal(raw_int(f->path, "SELECT seconds FROM attempts WHERE id = 1"), 11);
	assert_int_equal(raw_int(f->path, "SELECT seconds FROM attempts WHERE id = 2"), 0);
	assert_int_equal(raw_int(f->path, "SELECT sum(seconds) FROM answers WHERE attempt_id = 2"),
	                 4);
	assert_int_equal(raw_int(f->path,
	                         "SELECT count(*) FROM answers a JOIN events e"
	                         " ON e.id = a.event_id JOIN attempts t"
	                         " ON t.id = a.attempt_id WHERE e.learner_id = t.learner_id"
	                         " AND e.subject = t.module_id"),
	                 5);
}

/* The frames in path's write-ahead log, through a connection of its own
 * (the store stays open, so closing this one does not checkpoint): after
 * how (TRUNCATE, which must have emptied it, or PASSIVE, which reads it). */
static int wal_frames(const char *path, const char *how)
{
	char sql[64];
	int row[2];

	snprintf(sql, sizeof(sql), "PRAGMA wal_checkpoint(%s)", how);
	raw_ints(path, sql, row, 2);
	assert_int_equal(row[0], 0); /* not kept from it */
	return row[1];
}

/* An answer's commit writes a page of each b-tree it enters, each a frame
 * of the log written out before the commit returns: the answer's row and
 * its unique index, and its event. Not events_by_kind, which leaves
 * answers out since schema 18, nor the attempt's row, since schema 19
 * (the answer keeps its time in its own). */
static void test_answer_pages(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	long long learner = 0, attempt = 0;
	char *err = NULL;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &learner, &err), 0);
	assert_int_equal(store_attempt_start(st, learner, "basics", "1.0", "sha", NULL, 1, "q1",
	                                     &attempt, &err),
	                 0);
	/* The answer measured is not the attempt's first, as the bench's
	 * are not. */
	assert_int_equal(store_answer_add(st, attempt, "q0", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_int_equal(wal_frames(f->path, "TRUNCATE"), 0);
	assert_int_equal(store_answer_add(st, attempt, "q1", "a", 1, 1, "1.0", "sha", 1, &err), 0);
	assert_in_range(wal_frames(f->path, "PASSIVE"), 1, 3);
	assert_null(err);
	store_close(st);
}

static void test_learner_errors(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct learner l;
	char *err = NULL;
	char long_name[STORE_NAME_MAX + 2];

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, NULL, &err), 0);
	assert_int_equal(store_learner_add(st, "ANN", ROLE_STAFF, 0, NULL, &err), -1);
	assert_string_equal(err, "'ANN' is already here as 'Ann' (names are the same in any case)");
	free(err);
	err = NULL;

	assert_int_equal(store_learner_find(st, "Bea", &l, &err), STORE_NOT_FOUND);
	assert_string_equal(err, "no learner named 'Bea'");
	free(err);
	err = NULL;

	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(store_learner_add(st, long_name, ROLE_STAFF, 0, NULL, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_learner_add(st, "bad\xff", ROLE_STAFF, 0, NULL, &err), -1);
	assert_string_equal(err, "learner name is not valid UTF-8 (byte 4)");
	free(err);
	err = NULL;
	assert_int_equal(store_learner_add(st, "tab\there", ROLE_STAFF, 0, NULL, &err), -1);
	assert_string_equal(err, "learner name contains a control character");
	free(err);
	err = NULL;
	assert_int_equal(store_learner_add(st, " ", ROLE_STAFF, 0, NULL, &err), -1);
	assert_string_equal(err, "a learner name cannot be empty");
	free(err);
	store_close(st);
	/* Refused names left nothing behind, not even an event. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM learners"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM events"), 1);
}

static void test_events_append_only(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL, *msg;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, NULL, &err), 0);
	store_close(st);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM events WHERE kind = 'learner.add'"),
	                 1);
	msg = raw_exec_fails(f->path, "UPDATE events SET kind = 'x'");
	assert_string_equal(msg, "the event log is append-only");
	free(msg);
	msg = raw_exec_fails(f->path, "DELETE FROM events");
	assert_string_equal(msg, "the event log is append-only");
	free(msg);
	msg = raw_exec_fails(f->path, "DELETE FROM learners");
	assert_string_equal(msg, "learners are deactivated, never deleted");
	free(msg);
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* A program that calls store_open under a loose umask still gets a private
 * record: the database, and the -wal and -shm made with its mode. */
static void test_private_under_umask(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL, side[80];
	mode_t old = umask(022);

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(mode_of(f->path), 0600);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	assert_int_equal(mode_of(side), 0600);
	store_close(st);
	/* One an older upskill left open to others is made private. */
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(mode_of(f->path), 0600);
	store_close(st);
	umask(old);
}

static void test_refuses_link(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL, *want;

	assert_int_equal(symlink("/tmp/upskill-test-nowhere", f->path), 0);
	assert_int_equal(store_open(f->path, &st, &err), -1);
	assert_null(st);
	want = xasprintf("'%s' is a symbolic link: refusing to use it", f->path);
	assert_string_equal(err, want);
	assert_int_equal(access("/tmp/upskill-test-nowhere", F_OK), -1);
	free(want);
	free(err);
}

static void test_roles(void **state)
{
	enum role r;

	(void)state;
	assert_int_equal(role_parse("staff", &r), 0);
	assert_int_equal(r, ROLE_STAFF);
	assert_int_equal(role_parse("consultant", &r), 0);
	assert_int_equal(r, ROLE_CONSULTANT);
	assert_int_equal(role_parse("Consultant", &r), -1);
	assert_string_equal(role_name(ROLE_CONSULTANT), "consultant");
}

/* The last active consultant cannot be deactivated, so that someone can
 * always sign in and manage the record; the check holds under the write
 * lock, so two consultants deactivating each other cannot both win. */
static void test_last_consultant_stays(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	long long a, b;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_consultant_add(st, "Ada", "x", 0, &a, &err), 0);
	assert_int_equal(store_consultant_add(st, "Bea", "x", a, &b, &err), 0);
	assert_int_equal(store_learner_set_active(st, "Bea", false, a, &err), 0);
	assert_int_equal(store_learner_set_active(st, "Ada", false, b, &err), -1);
	assert_string_equal(err, "'Ada' is the last active consultant: add or reactivate another "
	                         "first, or nobody could manage this record");
	free(err);
	err = NULL;
	assert_int_equal(store_learner_set_active(st, "Bea", true, a, &err), 0);
	assert_int_equal(store_learner_set_active(st, "Ada", false, b, &err), 0);
	store_close(st);
}

/* A module file published by actor (the file's hash made up from its
 * name): its publication's event id. */
static long long publish(struct store *st, long long actor, const char *module, const char *version,
                         const char *policy_version, const char *text)
{
	struct publish_request r = {.module = module,
	                            .version = version,
	                            .policy_version = policy_version,
	                            .valid_months = 12,
	                            .text_sha256 = text};
	char file[64], *err = NULL;
	long long id = 0;

	snprintf(file, sizeof(file), "file of %s %s", module, version);
	r.file_sha256 = file;
	assert_int_equal(store_publish(st, actor, &r, &id, &err), 0);
	return id;
}

/* A policy's versions as published: each once, as first published and not
 * withdrawn (a module republished with its quiz corrected keeps its policy
 * version), oldest first; a version whose every publication was withdrawn
 * is left out, and one whose first was is dated by its next. Another
 * module's, and one with no policy, are not among them. */
static void test_policy_versions(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct policy_version *v = NULL;
	size_t n = 0;
	long long ada = 0;
	char *err = NULL;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_consultant_add(st, "Ada", "x", 0, &ada, &err), 0);
	publish(st, ada, "rules", "1.0", "1.0", "text 1.0");
	publish(st, ada, "other", "1.0", "1.0", "other text");
	publish(st, ada, "rules", "1.1", "1.0", "text 1.0");
	publish(st, ada, "rules", "2.0", "2.0", "text 2.0");
	publish(st, ada, "rules", "3.0", "3.0", "text 3.0");
	publish(st, ada, "rules", "3.5", NULL, NULL);
	publish(st, ada, "rules", "4.0", "4.0", "text 4.0");
	publish(st, ada, "rules", "4.1", "4.0", "text 4.0");
	/* Before 2.0 in the order of the text, after it in time. */
	publish(st, ada, "rules", "10.0", "10.0", "text 10.0");
	assert_int_equal(store_withdraw(st, ada, "rules", "2.0", "the wrong text", &err), 0);
	assert_int_equal(store_withdraw(st, ada, "rules", "4.0", "the wrong file", &err), 0);

	assert_int_equal(store_policy_versions(st, "rules", &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].version, "1.0");
	assert_string_equal(v[0].text_hash, "text 1.0");
	assert_string_equal(v[1].version, "3.0");
	assert_string_equal(v[2].version, "4.0");
	assert_int_equal(v[2].valid_months, 12);
	assert_non_null(v[2].first_seen);
	assert_string_equal(v[3].version, "10.0");
	policy_versions_free(v, n);

	assert_int_equal(store_policy_versions(st, "nothing", &v, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	store_close(st);
}

/* Attempts in the record of big_record, by id from 1; everyone's are read
 * in chunks of 2,048 ids on two threads from 32,768 ids (CHUNKS_FROM,
 * store-facts.c). */
#define BIG_ATTEMPTS 40000

/* The modules the facts are read on: more than a few, so everyone's are
 * read in one scan of the table (FEW_MODULES, store-facts.c); one asked
 * twice (its second cell stays empty) and one nobody attempted. */
static const char *const fold_modules[] = {"basics", "rules", "m2", "m3", "m4",     "m5",
                                           "m6",     "m7",    "m8", "m3", "nothing"};
static const bool fold_policy[] = {false, true,  false, false, false, false,
                                   false, false, false, false, false};
#define NFOLD (sizeof(fold_modules) / sizeof(fold_modules[0]))

/*
 * A record with every kind of row the fold of standing tells apart, its
 * BIG_ATTEMPTS attempts written in one transaction with SQL: 300 staff
 * (ids 2 to 301, some inactive) and one with an id far above the rest
 * (5000, found by search rather than by the direct table); each learner's
 * attempts spread over the whole id range, but learner 300's only below
 * the middle and 301's only above it, and the consultant's (id 1), which
 * a report leaves out, among them. Attempts pass and fail, some are
 * practice, percents, seconds and module versions vary, and they finish
 * over ten days, each half of the ids over all ten, so a learner's latest
 * attempt is not always their last; eight are under way, two with
 * answers. basics has a withdrawn publication beside a live one; the
 * policy rules has versions published (2.0 withdrawn), one registered
 * before publishing existed (0.9, no file) and one never registered (0.8).
 * Some attempts are on a module not asked about. Then lessons being read,
 * acknowledgements (some of a text never published) and grants of
 * attempts, on both sides of the middle of the ten days.
 */
static void big_record(const char *path)
{
	struct store *st = NULL;
	long long ada = 0, basics1, basics2, rules1, rules2, m2;
	char *err = NULL, *sql;

	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_consultant_add(st, "Ada", "x", 0, &ada, &err), 0);
	assert_int_equal(ada, 1);
	basics1 = publish(st, ada, "basics", "1.0", NULL, NULL);
	basics2 = publish(st, ada, "basics", "2.0", NULL, NULL);
	rules1 = publish(st, ada, "rules", "1.0", "1.0", "rules text 1.0");
	rules2 = publish(st, ada, "rules", "2.0", "2.0", "rules text 2.0");
	m2 = publish(st, ada, "m2", "1.0", NULL, NULL);
	assert_int_equal(store_withdraw(st, ada, "basics", "1.0", "the wrong file", &err), 0);
	assert_int_equal(store_withdraw(st, ada, "rules", "2.0", "the wrong text", &err), 0);
	store_close(st);

	/* Every time as the record writes them (ISO 8601 to the second), so
	 * many seconds into 2026. */
	sql = xasprintf(
	        "PRAGMA foreign_keys = ON; BEGIN;"
	        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 300)"
	        " INSERT INTO learners (id, name, role, active, created_at)"
	        " SELECT i + 1, printf('Staff %%03d', i), 'staff', i %% 17 <> 0,"
	        " '2025-12-01T09:00:00Z' FROM k;"
	        "INSERT INTO learners (id, name, role, created_at)"
	        " VALUES (5000, 'Far Away', 'staff', '2025-12-01T09:00:00Z');"
	        /* rules 0.9, registered before publishing existed: no file. */
	        "INSERT INTO events (at, kind, subject, data)"
	        " VALUES ('2025-06-01T00:00:00Z', 'policy.version', 'rules', '{}');"
	        "INSERT INTO publications (event_id, module_id, version, policy_version,"
	        " valid_months, text_sha256, at) VALUES (last_insert_rowid(), 'rules', '0.9',"
	        " '0.9', 12, 'rules text 0.9', '2025-06-01T00:00:00Z');"
	        /* The times wrap once: each half of the ids finishes over all
	         * ten days. Open attempts are of learners of distinct ids. */
	        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d),"
	        " a(i, learner, module, at, pass, open) AS (SELECT i,"
	        " CASE WHEN i %% 1009 = 0 THEN 5000 WHEN i %% 211 = 0 THEN 1"
	        " WHEN i %% 97 = 0 THEN CASE WHEN i < %d THEN 300 ELSE 301 END"
	        " ELSE 2 + i * 7 %% 298 END,"
	        " CASE i / 3 %% 10 WHEN 0 THEN 'basics' WHEN 1 THEN 'rules'"
	        " WHEN 9 THEN 'unlisted' ELSE 'm' || (i / 3 %% 10) END,"
	        " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01',"
	        " '+' || (i * 37 %% 800000 + i %% 7 * 3600) || ' seconds'),"
	        " i %% 5 <> 0 AND i %% 7 <> 3, i %% 4999 = 0 FROM k)"
	        " INSERT INTO attempts (id, learner_id, module_id, module_version, seed, plan,"
	        " started_at, finished_at, score, max_score, percent, passed, seconds,"
	        " policy_version, publication, practice)"
	        " SELECT i, learner, module, '1.' || (i %% 4), i, 'q' || (i %% 5), at,"
	        " CASE WHEN open THEN NULL ELSE at END,"
	        " CASE WHEN open THEN NULL ELSE i %% 11 END, CASE WHEN open THEN NULL ELSE 10 END,"
	        " CASE WHEN open THEN NULL WHEN pass THEN 70 + i %% 301 / 10.0"
	        " ELSE i %% 697 / 10.0 END,"
	        " CASE WHEN open THEN NULL ELSE pass END, i %% 600,"
	        " CASE WHEN module = 'rules' THEN CASE i %% 4 WHEN 0 THEN '1.0' WHEN 1 THEN '2.0'"
	        " WHEN 2 THEN '0.9' ELSE '0.8' END END,"
	        " CASE WHEN open OR i %% 13 = 0 THEN NULL"
	        " WHEN module = 'basics' THEN CASE i %% 2 WHEN 0 THEN %lld ELSE %lld END"
	        " WHEN module = 'rules' THEN CASE i %% 4 WHEN 0 THEN %lld WHEN 1 THEN %lld END"
	        " WHEN module = 'm2' AND i %% 3 = 0 THEN %lld END,"
	        " i %% 13 = 0 FROM a;"
	        "INSERT INTO answers (attempt_id, question_id, response, fraction, weight,"
	        " module_version, answered_at) VALUES"
	        " (4999, 'q1', 'a', 1, 1, '1.3', '2026-01-06T10:00:00Z'),"
	        " (4999, 'q2', 'b', 0, 1, '1.3', '2026-01-06T10:05:00Z'),"
	        " (9998, 'q1', 'a', 1, 1, '1.2', '2026-01-02T10:00:00Z');"
	        "INSERT INTO lesson_progress (learner_id, module_id, page, pages, read_all,"
	        " seconds, updated_at) SELECT id, 'm4', id %% 5, 5, id %% 5 = 4, id * 3,"
	        " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01',"
	        " '+' || (id * 3000) || ' seconds')"
	        " FROM learners WHERE id %% 3 = 0;"
	        "INSERT INTO events (at, kind, subject, data)"
	        " VALUES ('2026-01-02T00:00:00Z', 'policy.ack', 'rules', '{}');"
	        "INSERT INTO acknowledgements (learner_id, policy_id, version, text_hash, at,"
	        " event_id, kiosk) SELECT id, 'rules',"
	        " CASE id %% 3 WHEN 0 THEN '1.0' WHEN 1 THEN '2.0' ELSE '0.9' END,"
	        " CASE WHEN id %% 7 = 0 THEN 'altered' WHEN id %% 3 = 0 THEN 'rules text 1.0'"
	        " WHEN id %% 3 = 1 THEN 'rules text 2.0' ELSE 'rules text 0.9' END,"
	        " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01',"
	        " '+' || (id * 2500) || ' seconds'),"
	        " (SELECT max(id) FROM events), id %% 2"
	        " FROM learners WHERE id %% 4 <> 1;"
	        "INSERT INTO events (at, kind, learner_id, subject, data)"
	        " SELECT strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01',"
	        " '+' || (id * 2000) || ' seconds'), 'attempt.grant', id,"
	        " CASE id %% 2 WHEN 0 THEN 'basics' ELSE 'rules' END,"
	        " '{\"n\":' || (id %% 4) || '}' FROM learners WHERE id %% 5 = 0;"
	        "COMMIT;",
	        BIG_ATTEMPTS, BIG_ATTEMPTS / 2, basics1, basics2, rules1, rules2, m2);
	raw_exec(path, sql);
	free(sql);
}

/* The cell two loads' facts are compared on: a learner's on module m
 * (fold_modules), activity from since. */
struct cell_of {
	long long learner;
	size_t m;
	const char *since;
	const char *versus; /* what the other load was; NULL: the learner's alone */
};

static void facts_differ(const struct cell_of *at, const char *field)
{
	fail_msg("learner %lld, module %s (%zu), since %s: %s read for everyone differs from %s "
	         "%s",
	         at->learner, fold_modules[at->m], at->m, at->since ? at->since : "the start",
	         field, field, at->versus ? at->versus : "read alone");
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void same_dated(const struct cell_of *at, const char *field, const struct compliance_fact *a,
                       size_t na, const struct compliance_fact *b, size_t nb)
{
	if (na != nb)
		facts_differ(at, field);
	for (size_t i = 0; i < na; i++)
		if (!same_text(a[i].version, b[i].version) || a[i].at != b[i].at ||
		    a[i].kiosk != b[i].kiosk)
			facts_differ(at, field);
}

#define SAME(field)                                                                                \
	do {                                                                                       \
		if (a->field != b->field)                                                          \
			facts_differ(at, #field);                                                  \
	} while (0)

/* Every field of a cell, the rare ones too. */
static void same_facts(const struct cell_of *at, const struct standing_facts *a,
                       const struct standing_facts *b)
{
	const struct standing_rare *ra = standing_rare_of(a), *rb = standing_rare_of(b);

	SAME(last_activity);
	SAME(seconds);
	SAME(best);
	SAME(last);
	SAME(passed_at);
	if (!same_text(a->passed_version, b->passed_version))
		facts_differ(at, "passed_version");
	SAME(used_first);
	SAME(record_passed_at);
	SAME(page);
	SAME(finished);
	SAME(passes);
	SAME(valid_months);
	SAME(nused);
	SAME(lesson);
	SAME(read_all);
	SAME(open);
	for (unsigned i = 1; i < a->nused; i++)
		if (a->used_more[i - 1] != b->used_more[i - 1])
			facts_differ(at, "used_more");
	if (ra->answered != rb->answered || ra->seed != rb->seed || !same_text(ra->plan, rb->plan))
		facts_differ(at, "the attempt under way");
	same_dated(at, "acks", ra->acks, ra->nacks, rb->acks, rb->nacks);
	same_dated(at, "policy_passes", ra->policy_passes, ra->npolicy_passes, rb->policy_passes,
	           rb->npolicy_passes);
	if (ra->ngrants != rb->ngrants)
		facts_differ(at, "grants");
	for (size_t i = 0; i < ra->ngrants; i++)
		if (ra->grants[i].at != rb->grants[i].at || ra->grants[i].n != rb->grants[i].n)
			facts_differ(at, "grants");
}

#undef SAME

/* Everyone's facts (on enough modules to be read in one scan, in chunks
 * on this record) are each learner's read alone, in every field of every
 * cell. Returns every cell's finished attempts, counted. */
static long long everyone_as_alone(struct store *st, const char *since, size_t staff)
{
	struct store_person *all = NULL;
	struct strpool strings;
	size_t n = 0;
	long long used = 0;
	char *err = NULL;

	strpool_init(&strings);
	assert_int_equal(store_facts_load(st, 0, fold_modules, fold_policy, NFOLD, since, &strings,
	                                  &all, &n, &err),
	                 0);
	/* Every member of staff, and only they. */
	assert_int_equal(n, staff);
	for (size_t i = 0; i < n; i++) {
		struct store_person *one = NULL;
		struct strpool alone;
		size_t none = 0;

		strpool_init(&alone);
		assert_int_equal(store_facts_load(st, all[i].id, fold_modules, fold_policy, NFOLD,
		                                  since, &alone, &one, &none, &err),
		                 0);
		assert_int_equal(none, 1);
		assert_int_equal(one[0].id, all[i].id);
		assert_string_equal(one[0].name, all[i].name);
		assert_int_equal(one[0].active, all[i].active);
		for (size_t m = 0; m < NFOLD; m++) {
			const struct cell_of at = {.learner = all[i].id, .m = m, .since = since};
			same_facts(&at, &all[i].facts[m], &one[0].facts[m]);
			used += all[i].facts[m].nused;
		}
		store_people_free(one, none);
		strpool_release(&alone);
	}
	store_people_free(all, n);
	strpool_release(&strings);
	return used;
}

/* Everyone's facts loaded again and again come out the same each time:
 * which thread reads which chunk, and when, changes from one load to the
 * next (under make tsan, each load is another chance for the threads'
 * accesses to meet: a pool freed while its strings were still folded was
 * seen in 2 of 10 runs of this file with a single load). */
static void everyone_again(struct store *st, size_t times)
{
	struct store_person *first = NULL;
	struct strpool strings;
	size_t n = 0;
	char *err = NULL;

	strpool_init(&strings);
	assert_int_equal(store_facts_load(st, 0, fold_modules, fold_policy, NFOLD, NULL, &strings,
	                                  &first, &n, &err),
	                 0);
	for (size_t t = 0; t < times; t++) {
		struct store_person *again = NULL;
		struct strpool more;
		size_t m = 0;

		strpool_init(&more);
		assert_int_equal(store_facts_load(st, 0, fold_modules, fold_policy, NFOLD, NULL,
		                                  &more, &again, &m, &err),
		                 0);
		assert_int_equal(m, n);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < NFOLD; k++) {
				const struct cell_of at = {.learner = first[i].id,
				                           .m = k,
				                           .versus = "in the first load"};
				same_facts(&at, &again[i].facts[k], &first[i].facts[k]);
			}
		store_people_free(again, m);
		strpool_release(&more);
	}
	store_people_free(first, n);
	strpool_release(&strings);
}

/* Everyone's finished attempts, read in chunks of ids on two threads and
 * folded chunk after chunk, make the same facts as each learner's read
 * alone in one go: whatever their scope, and for learners whose attempts
 * are in every chunk, or only in the lower or the upper half of them. */
static void test_facts_in_chunks(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL;
	int finished;

	big_record(f->path);
	assert_int_equal(raw_int(f->path, "SELECT max(id) - min(id) + 1 FROM attempts"),
	                 BIG_ATTEMPTS);
	/* Staff's finished attempts on the modules asked about (each once),
	 * counted by SQL: every one is folded, once. */
	finished =
	        raw_int(f->path, "SELECT count(*) FROM attempts a JOIN learners l"
	                         " ON l.id = a.learner_id WHERE l.role = 'staff'"
	                         " AND a.finished_at IS NOT NULL AND a.module_id IN"
	                         " ('basics', 'rules', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8')");
	assert_true(finished > BIG_ATTEMPTS / 2);
	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(everyone_as_alone(st, NULL, 301), finished);
	assert_int_equal(everyone_as_alone(st, "2026-01-05T12:00:00Z", 301), finished);
	everyone_again(st, 12);
	store_close(st);
}

/* Attempt ids far apart (a row copied or edited in) are no more rows to
 * make room for: a room sized by the ids made a report of everyone die out
 * of memory asking for 36 TB (the first id here), or write past a room
 * whose size had overflowed to nothing (the second); and the chunks of
 * ids cover every id, negative ones too. */
static void test_facts_far_ids(void **state)
{
	/* The first and the last attempt's ids: far apart, or around 0 (an
	 * id like any other, not "no bound"). */
	static const char *const far[][2] = {
	        {"1", "1000000000001"},
	        {"1", "4611686018427387905"},
	        {"-40000", "40000"},
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		struct store *st = NULL;
		struct store_person *all = NULL;
		struct strpool strings;
		size_t n = 0;
		char *err = NULL, *sql;
		long long ann = 0;

		remove_record(f->path);
		assert_int_equal(store_open(f->path, &st, &err), 0);
		assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &ann, &err), 0);
		store_close(st);
		sql = xasprintf("INSERT INTO attempts (id, learner_id, module_id, module_version,"
		                " seed, plan, started_at, finished_at, percent, passed) VALUES"
		                " (%s, %lld, 'basics', '1.0', 1, 'q', '2026-01-01T09:00:00Z',"
		                " '2026-01-01T09:10:00Z', 40, 0),"
		                " (%s, %lld, 'basics', '1.1', 2, 'q', '2026-01-02T09:00:00Z',"
		                " '2026-01-02T09:10:00Z', 90, 1)",
		                far[i][0], ann, far[i][1], ann);
		raw_exec(f->path, sql);
		free(sql);

		assert_int_equal(store_open(f->path, &st, &err), 0);
		strpool_init(&strings);
		assert_int_equal(store_facts_load(st, 0, fold_modules, fold_policy, NFOLD, NULL,
		                                  &strings, &all, &n, &err),
		                 0);
		assert_int_equal(n, 1);
		assert_int_equal(all[0].facts[0].nused, 2);
		assert_int_equal(all[0].facts[0].finished, 2);
		assert_int_equal(all[0].facts[0].passes, 1);
		assert_true(all[0].facts[0].last == 90);
		assert_string_equal(all[0].facts[0].passed_version, "1.1");
		store_people_free(all, n);
		strpool_release(&strings);
		assert_int_equal(everyone_as_alone(st, NULL, 1), 2);
		store_close(st);
	}
}

/* Chunks of more rows than their first room (ROWS_ROOM_MOST, 65,536, in
 * store-facts.c) grow, on either thread: three chunks in a row of 66,000
 * attempts each, amid ids 6.4 billion apart, so that each thread reads at
 * least one of them into rows (a chunk read in its turn is folded as it is
 * read). Everyone's facts are each learner's read alone, every attempt
 * folded once. */
static void test_facts_rows_grow(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	char *err = NULL, *sql;
	long long ann = 0, bo = 0;
	/* The span 6.4e9 makes chunks of 100,000,001 ids: blocks start in
	 * chunks 10, 11 and 12. */
	const long long width = 100000001LL;

	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &ann, &err), 0);
	assert_int_equal(store_learner_add(st, "Bo", ROLE_STAFF, 0, &bo, &err), 0);
	store_close(st);
	sql = xasprintf(
	        "BEGIN;"
	        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 197999)"
	        " INSERT INTO attempts (id, learner_id, module_id, module_version, seed, plan,"
	        " started_at, finished_at, percent, passed, seconds)"
	        " SELECT 2 + (10 + i / 66000) * %lld + i %% 66000, CASE i %% 2 WHEN 0 THEN %lld"
	        " ELSE %lld END, CASE i / 2 %% 9 WHEN 0 THEN 'basics' WHEN 1 THEN 'rules'"
	        " ELSE 'm' || (i / 2 %% 9) END, '1.' || (i %% 5), i, 'q',"
	        " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01', '+' || (i * 37 %% 900000)"
	        " || ' seconds'), strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01',"
	        " '+' || (i * 37 %% 900000 + 60) || ' seconds'), i %% 97, i %% 3 = 0, i %% 600"
	        " FROM k;"
	        "INSERT INTO attempts (id, learner_id, module_id, module_version, seed, plan,"
	        " started_at, finished_at, percent, passed) VALUES"
	        " (1, %lld, 'basics', '1.0', 1, 'q', '2025-12-01T09:00:00Z',"
	        " '2025-12-01T09:10:00Z', 40, 0),"
	        " (6400000001, %lld, 'basics', '1.9', 2, 'q', '2026-02-01T09:00:00Z',"
	        " '2026-02-01T09:10:00Z', 95, 1);"
	        "COMMIT;",
	        width, ann, bo, ann, bo);
	raw_exec(f->path, sql);
	free(sql);
	assert_int_equal(raw_int(f->path, "SELECT max(id) - min(id) = 6400000000 FROM attempts"),
	                 1);
	assert_int_equal(store_open(f->path, &st, &err), 0);
	assert_int_equal(everyone_as_alone(st, NULL, 2),
	                 raw_int(f->path, "SELECT count(*) FROM attempts WHERE module_id IN"
	                                  " ('basics', 'rules', 'm2', 'm3', 'm4', 'm5', 'm6',"
	                                  " 'm7', 'm8')"));
	everyone_again(st, 2);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_event_hash_vectors),
	        cmocka_unit_test_setup_teardown(test_migrate_from_empty, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_migrate_from_each_version, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_migrate_publications, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_policy_versions, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_tail_across_connections, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_answer_attempt_kept, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_answer_pages, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_last_consultant_stays, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refuses_newer, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_failed_migration, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refuses_foreign, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refuses_not_sqlite, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_learner_round_trip, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_learner_errors, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_statements_kept, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_events_append_only, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_private_under_umask, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refuses_link, setup, teardown),
	        cmocka_unit_test(test_roles),
	        cmocka_unit_test_setup_teardown(test_facts_in_chunks, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_facts_far_ids, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_facts_rows_grow, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
