/*
 * The database driver (db.h): binding and reading every type, results of
 * a step, refused rows, transactions, the schema version, the kept
 * statements (prepared once, a statement in use never handed out twice),
 * and on a file, reads in one snapshot with a second connection beside
 * (db_read_pair).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

static int setup(void **state)
{
	struct db *db = NULL;

	assert_int_equal(db_open(":memory:", 1000, &db), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER,"
	                             " x REAL, s TEXT UNIQUE, b BLOB)"),
	                 0);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static void insert(struct db *db, long long n, double x, const char *s)
{
	struct db_stmt *st = NULL;

	assert_int_equal(db_prepare(db, "INSERT INTO t (n, x, s) VALUES (?, ?, ?)", &st), 0);
	db_bind_int64(st, 1, n);
	db_bind_double(st, 2, x);
	db_bind_text(st, 3, s);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

static void test_types(void **state)
{
	struct db *db = *state;
	struct db_stmt *st = NULL;
	char text[] = "copied";
	const unsigned char bytes[] = {0, 1, 2, 255};
	const void *p;
	size_t n;

	assert_int_equal(db_prepare(db, "INSERT INTO t (n, x, s, b) VALUES (?1, ?2, ?3, ?4)", &st),
	                 0);
	db_bind_int64(st, 1, 1LL << 40);
	db_bind_double(st, 2, 0.25);
	db_bind_text(st, 3, text);
	db_bind_blob(st, 4, bytes, sizeof(bytes));
	text[0] = 'X'; /* bound text is a copy */
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	assert_int_equal(db_last_insert_id(db), 1);
	assert_int_equal(db_changes(db), 1);

	assert_int_equal(db_prepare(db, "INSERT INTO t (n, s) VALUES (?, ?)", &st), 0);
	db_bind_null(st, 1);
	db_bind_text(st, 2, NULL);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	assert_int_equal(db_prepare(db, "SELECT n, x, s, b FROM t ORDER BY id", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), 1LL << 40);
	assert_true(db_column_double(st, 1) == 0.25);
	assert_string_equal(db_column_text(st, 2), "copied");
	p = db_column_blob(st, 3, &n);
	assert_int_equal(n, sizeof(bytes));
	assert_memory_equal(p, bytes, sizeof(bytes));
	assert_false(db_column_is_null(st, 0));
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_column_is_null(st, 0));
	assert_true(db_column_is_null(st, 2));
	assert_null(db_column_text(st, 2));
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

/* Text bound kept is read where it lies until the statement is given back;
 * the kept statement then holds no pointer to it (ASan in make check would
 * see the freed text read). */
static void test_kept_text(void **state)
{
	struct db *db = *state;
	struct db_stmt *st = NULL;
	char *text = strdup("kept");
	const char *sql = "INSERT INTO t (n, s) VALUES (?1, ?2)";

	assert_int_equal(db_prepare(db, sql, &st), 0);
	db_bind_int64(st, 1, 1);
	db_bind_text_kept(st, 2, text);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	free(text);
	assert_int_equal(db_prepare(db, sql, &st), 0);
	db_bind_int64(st, 1, 2);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	assert_int_equal(db_prepare(db, sql, &st), 0);
	db_bind_int64(st, 1, 3);
	db_bind_text_kept(st, 2, NULL);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	assert_int_equal(db_prepare(db, "SELECT s FROM t ORDER BY n", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "kept");
	assert_int_equal(db_step(st), DB_ROW);
	assert_null(db_column_text(st, 0));
	assert_int_equal(db_step(st), DB_ROW);
	assert_null(db_column_text(st, 0));
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

static void test_refused_and_errors(void **state)
{
	struct db *db = *state;
	struct db_stmt *st = NULL;

	insert(db, 1, 1, "one");
	assert_int_equal(db_prepare(db, "INSERT INTO t (n, x, s) VALUES (?, ?, ?)", &st), 0);
	db_bind_int64(st, 1, 2);
	db_bind_double(st, 2, 2);
	db_bind_text(st, 3, "one");
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	assert_non_null(strstr(db_errmsg(db), "UNIQUE"));
	db_finalize(st);

	assert_int_equal(db_prepare(db, "SELECT missing FROM nowhere", &st), -1);
	assert_null(st);
	assert_non_null(strstr(db_errmsg(db), "no such"));
	assert_int_equal(db_exec(db, "NOT SQL"), -1);
	assert_non_null(strstr(db_errmsg(db), "syntax"));
}

static void test_transactions(void **state)
{
	struct db *db = *state;
	struct db_stmt *st = NULL;

	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), 0);
	assert_true(db_in_transaction(db));
	insert(db, 1, 1, "gone");
	db_rollback(db);
	assert_false(db_in_transaction(db));
	db_rollback(db); /* none under way: nothing happens */
	assert_int_equal(db_begin(db), 0);
	insert(db, 2, 2, "kept");
	assert_int_equal(db_commit(db), 0);

	assert_int_equal(db_prepare(db, "SELECT group_concat(s) FROM t", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "kept");
	db_finalize(st);
}

static void test_schema_version(void **state)
{
	struct db *db = *state;
	int v = -1, id = -1, n = -1;

	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(db_table_count(db, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_set_schema_version(db, 7, 0x75707331), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(db_application_id(db, &id), 0);
	assert_int_equal(v, 7);
	assert_int_equal(id, 0x75707331);
}

/* The second prepare of the same SQL is the kept statement, reset and with
 * its bindings cleared; the same SQL asked for while in use is another
 * statement, so an outer loop is not disturbed. */
static void test_kept_statements(void **state)
{
	struct db *db = *state;
	struct db_stmt *a = NULL, *b = NULL, *again = NULL;
	const char *sql = "SELECT s FROM t WHERE n >= ? ORDER BY n";
	long long before;
	int rows = 0;

	insert(db, 1, 1, "one");
	insert(db, 2, 2, "two");
	before = db_prepare_count(db);
	insert(db, 3, 3, "three");
	assert_int_equal(db_prepare_count(db), before);

	assert_int_equal(db_prepare(db, sql, &a), 0);
	db_bind_int64(a, 1, 1);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_prepare(db, sql, &b), 0);
	assert_ptr_not_equal(a, b);
	db_bind_int64(b, 1, 3);
	assert_int_equal(db_step(b), DB_ROW);
	assert_string_equal(db_column_text(b, 0), "three");
	db_finalize(b);
	assert_string_equal(db_column_text(a, 0), "one");
	while (db_step(a) == DB_ROW)
		rows++;
	assert_int_equal(rows, 2);
	db_finalize(a);

	before = db_prepare_count(db);
	assert_int_equal(db_prepare(db, sql, &again), 0);
	assert_ptr_equal(again, a);
	assert_int_equal(db_prepare_count(db), before);
	/* bindings were cleared: NULL matches nothing */
	assert_int_equal(db_step(again), DB_DONE);
	db_reset(again);
	db_bind_int64(again, 1, 2);
	assert_int_equal(db_step(again), DB_ROW);
	assert_string_equal(db_column_text(again, 0), "two");
	db_finalize(again);
	db_finalize(NULL);
}

/* SQL made on the fly cannot grow the kept statements without bound. */
static void test_many_statements(void **state)
{
	struct db *db = *state;

	for (int i = 0; i < 1000; i++) {
		struct db_stmt *st = NULL;
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_int_equal(db_prepare(db, sql, &st), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_column_int(st, 0), i);
		db_finalize(st);
	}
	assert_int_equal(db_prepare_count(db), 1000);
}

/* A database in a file of its own folder, for what only a file has: other
 * connections to it (db_read_pair). Its table t holds one row. */
struct on_file {
	char dir[32];
	char path[64];
	struct db *db;
};

static int setup_file(void **state)
{
	struct on_file *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/upskill-db-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/record", f->dir);
	assert_int_equal(db_open(f->path, 1000, &f->db), 0);
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER,"
	                                " x REAL, s TEXT UNIQUE, b BLOB)"),
	                 0);
	insert(f->db, 1, 1, "first");
	*state = f;
	return 0;
}

static int teardown_file(void **state)
{
	struct on_file *f = *state;
	char side[80];

	db_close(f->db);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	rmdir(f->dir);
	free(f);
	return 0;
}

static long long count_rows(struct db *db)
{
	struct db_stmt *st = NULL;
	long long n;

	assert_int_equal(db_prepare(db, "SELECT count(*) FROM t", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

/* A row inserted and committed through a connection of its own. */
static void insert_beside(const char *path, long long n, const char *s)
{
	struct db *other = NULL;

	assert_int_equal(db_open(path, 1000, &other), 0);
	insert(other, n, n, s);
	db_close(other);
}

/* The pair reads one snapshot: a row another connection commits after it
 * began is seen by neither connection, whoever reads first, until the read
 * ends. */
static void test_read_pair_one_snapshot(void **state)
{
	struct on_file *f = *state;
	struct db *sibling = NULL;

	assert_int_equal(db_read_pair(f->db, &sibling), 0);
	assert_non_null(sibling);
	assert_true(db_in_transaction(f->db));
	assert_true(db_in_transaction(sibling));
	/* Neither has read the table yet: the snapshot is taken when the
	 * pair begins, not at the first read. */
	insert_beside(f->path, 2, "second");
	assert_int_equal(count_rows(sibling), 1);
	assert_int_equal(count_rows(f->db), 1);
	insert_beside(f->path, 3, "third");
	assert_int_equal(count_rows(f->db), 1);
	assert_int_equal(count_rows(sibling), 1);
	db_read_end(f->db, sibling);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(count_rows(f->db), 3);
}

/* Commits a row at a time through a connection of its own until told to
 * stop, a moment apart so that the pair's lock can be had between them.
 * No assertions here: cmocka's may only fail on the test's own thread. */
struct writer {
	const char *path;
	atomic_bool stop;
	int commits, failures;
};

static void *write_rows(void *arg)
{
	struct writer *w = arg;
	struct db *db = NULL;

	/* Not durable: the more commits, the likelier one falls between
	 * the pair's two beginnings if nothing kept it out. */
	if (db_open(w->path, 1000, &db) < 0 || db_exec(db, "PRAGMA synchronous = OFF") < 0) {
		w->failures++;
		db_close(db);
		return NULL;
	}
	while (!atomic_load(&w->stop)) {
		struct db_stmt *st = NULL;
		if (db_prepare(db, "INSERT INTO t (n) VALUES (0)", &st) < 0 ||
		    db_step(st) != DB_DONE)
			w->failures++;
		else
			w->commits++;
		db_finalize(st);
		usleep(50);
	}
	db_close(db);
	return NULL;
}

/* While another connection commits all the time, the two connections of
 * every pair still begin in the same snapshot: nothing commits between
 * their beginnings (the third connection's lock, sq_read_pair). */
static void test_read_pair_while_writing(void **state)
{
	struct on_file *f = *state;
	struct writer w = {.path = f->path};
	long long mine = 0, beside = 0;
	int pairs = 0, differ = 0;
	pthread_t thread;

	atomic_init(&w.stop, false);
	assert_int_equal(pthread_create(&thread, NULL, write_rows, &w), 0);
	for (int i = 0; i < 300; i++) {
		struct db *sibling = NULL;
		assert_int_equal(db_read_pair(f->db, &sibling), 0);
		if (sibling) {
			long long a = count_rows(f->db), b = count_rows(sibling);
			pairs++;
			if (a != b && !differ++) {
				mine = a;
				beside = b;
			}
		}
		db_read_end(f->db, sibling);
	}
	atomic_store(&w.stop, true);
	pthread_join(thread, NULL);
	assert_int_equal(w.failures, 0);
	assert_true(w.commits > 0);
	assert_true(pairs > 0);
	if (differ)
		fail_msg("%d of %d pairs read two snapshots (first: %lld rows and %lld)", differ,
		         pairs, mine, beside);
}

/* A writer holding the lock the whole time: the pair does not wait for it
 * longer than a moment, and db reads alone, in a snapshot of its own. */
static void test_read_pair_writer_holds_lock(void **state)
{
	struct on_file *f = *state;
	struct db *writer = NULL, *sibling = f->db; /* anything but NULL: it must be set */
	struct timespec t0, t1;
	double ms;

	assert_int_equal(db_open(f->path, 1000, &writer), 0);
	assert_int_equal(db_begin(writer), 0);
	insert(writer, 2, 2, "not yet");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(db_read_pair(f->db, &sibling), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_null(sibling);
	assert_true(db_in_transaction(f->db));
	if (ms > 1000)
		fail_msg("db_read_pair waited %.0f ms for a lock it could not have", ms);
	assert_int_equal(count_rows(f->db), 1);
	assert_int_equal(db_commit(writer), 0);
	db_close(writer);
	assert_int_equal(count_rows(f->db), 1);
	db_read_end(f->db, NULL);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(count_rows(f->db), 2);
}

/* No sibling asked for: db reads in one snapshot alone. db in a
 * transaction already: nothing is begun, and its transaction goes on. */
static void test_read_pair_alone(void **state)
{
	struct on_file *f = *state;
	struct db *sibling = f->db;

	assert_int_equal(db_read_pair(f->db, NULL), 0);
	assert_true(db_in_transaction(f->db));
	insert_beside(f->path, 2, "second");
	assert_int_equal(count_rows(f->db), 1);
	db_read_end(f->db, NULL);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(count_rows(f->db), 2);

	assert_int_equal(db_begin(f->db), 0);
	insert(f->db, 3, 3, "third");
	assert_int_equal(db_read_pair(f->db, &sibling), 1);
	assert_null(sibling);
	assert_true(db_in_transaction(f->db));
	insert(f->db, 4, 4, "fourth");
	assert_int_equal(db_commit(f->db), 0);
	assert_false(db_in_transaction(f->db));
	/* Both rows were the write transaction's, committed with it. */
	insert_beside(f->path, 5, "fifth");
	assert_int_equal(count_rows(f->db), 5);
}

/* Where no second connection can be had, db reads alone: a database in
 * memory (no file to open again) and one opened only to read. */
static void test_read_pair_no_sibling(void **state)
{
	struct on_file *f = *state;
	const struct db_open_options ro = {.busy_ms = 1000, .read_only = true};
	struct db *memory = NULL, *reader = NULL, *sibling = f->db;

	assert_int_equal(db_open(":memory:", 1000, &memory), 0);
	assert_int_equal(db_read_pair(memory, &sibling), 0);
	assert_null(sibling);
	assert_true(db_in_transaction(memory));
	db_read_end(memory, NULL);
	assert_false(db_in_transaction(memory));
	db_close(memory);

	assert_int_equal(db_open_with(f->path, &ro, &reader), 0);
	sibling = f->db;
	assert_int_equal(db_read_pair(reader, &sibling), 0);
	assert_null(sibling);
	assert_true(db_in_transaction(reader));
	insert_beside(f->path, 2, "second");
	assert_int_equal(count_rows(reader), 1);
	db_read_end(reader, NULL);
	assert_int_equal(count_rows(reader), 2);
	db_close(reader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_types, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_kept_text, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refused_and_errors, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_schema_version, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_kept_statements, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_many_statements, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_read_pair_one_snapshot, setup_file,
	                                        teardown_file),
	        cmocka_unit_test_setup_teardown(test_read_pair_while_writing, setup_file,
	                                        teardown_file),
	        cmocka_unit_test_setup_teardown(test_read_pair_writer_holds_lock, setup_file,
	                                        teardown_file),
	        cmocka_unit_test_setup_teardown(test_read_pair_alone, setup_file, teardown_file),
	        cmocka_unit_test_setup_teardown(test_read_pair_no_sibling, setup_file,
	                                        teardown_file),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
