/*
 * The database driver (db.h): binding and reading every type, results of
 * a step, refused rows, transactions, the schema version, and the kept
 * statements (prepared once, a statement in use never handed out twice).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
