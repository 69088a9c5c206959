/*
 * The store's SQL as PostgreSQL reads it (engine/pgsql.c): placeholders,
 * each named SQLite form and its PostgreSQL twin, strings and quoted names
 * left alone; and every SQLite migration has its PostgreSQL form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pgsql.h"
#include "store.h"

static void rewrites(const char *sql, const char *want, int want_params)
{
	int n = -1;
	char *got = pgsql_rewrite(sql, &n);

	assert_string_equal(got, want);
	assert_int_equal(n, want_params);
	free(got);
}

static void test_placeholders(void **state)
{
	(void)state;
	rewrites("SELECT 1", "SELECT 1", 0);
	rewrites("INSERT INTO t (a, b) VALUES (?, ?)", "INSERT INTO t (a, b) VALUES ($1, $2)", 2);
	rewrites("SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2);
	/* A bare ? is one more than the highest so far, as in SQLite. */
	rewrites("SELECT ?3, ?", "SELECT $3, $4", 4);
	/* Strings and quoted names keep their question marks. */
	rewrites("SELECT 'a?b', \"c?\" FROM t WHERE x = ?",
	         "SELECT 'a?b', \"c?\" FROM t WHERE x = $1", 1);
	rewrites("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1", 1);
}

static void test_json(void **state)
{
	(void)state;
	rewrites("SELECT json_extract(e.data, '$.name') FROM events e",
	         "SELECT ((e.data)::json ->> 'name') FROM events e", 0);
	/* Members compared with numbers come back as numbers. */
	rewrites("WHERE json_extract(e.data, '$.attempt') = a.id",
	         "WHERE ((e.data)::json ->> 'attempt')::bigint = a.id", 0);
	rewrites("json_valid(data) AND json_type(data, '$.note') = 'text'",
	         "upskill_json_valid(data) AND upskill_json_type((data), 'note') = 'text'", 0);
	rewrites("x IN (SELECT value FROM json_each(?1))",
	         "x IN (SELECT value FROM json_array_elements_text(($1)::json))", 1);
	/* A call not of the named form is left for the server to refuse. */
	rewrites("json_extract(data, ?)", "json_extract(data, $1)", 1);
}

static void test_other_forms(void **state)
{
	(void)state;
	rewrites("SELECT group_concat(a || char(31) || b, char(30))",
	         "SELECT string_agg(a || chr(31) || b, chr(30))", 0);
	rewrites("WHERE name COLLATE NOCASE = ? COLLATE NOCASE ORDER BY name COLLATE NOCASE",
	         "WHERE lower(name COLLATE \"C\") = lower($1 COLLATE \"C\")"
	         " ORDER BY lower(name COLLATE \"C\")",
	         1);
	/* Words that only start like a form are not it. */
	rewrites("SELECT chars, json_typeof(x), characters",
	         "SELECT chars, json_typeof(x), characters", 0);
	rewrites("SELECT 1e5, t.char_count", "SELECT 1e5, t.char_count", 0);
}

static void test_every_migration_has_a_postgres_form(void **state)
{
	(void)state;
	assert_int_equal(store_pg_missing(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_placeholders),
	        cmocka_unit_test(test_json),
	        cmocka_unit_test(test_other_forms),
	        cmocka_unit_test(test_every_migration_has_a_postgres_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
