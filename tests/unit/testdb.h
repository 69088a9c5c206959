/*
 * Where a unit test keeps its record: the file it names, or, when make
 * test-pg runs the tests with UPSKILL_TEST_PG set to its private server's
 * connection string, a new database on that server (made with psql), so
 * the same tests run on both engines. Included by the tests that open a
 * store; static inline, as each test file is its own program.
 */
#ifndef UPSKILL_TEST_TESTDB_H
#define UPSKILL_TEST_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

/* Writes the --db for a new record into out: file itself, or a new
 * PostgreSQL database. */
static inline void testdb_path(char *out, size_t n, const char *file)
{
	const char *base = getenv("UPSKILL_TEST_PG");
	static int seq;
	char *cmd;

	if (!base || !*base) {
		snprintf(out, n, "%s", file);
		return;
	}
	snprintf(out, n, "%s/unit_%d_%d", base, (int)getpid(), ++seq);
	cmd = xasprintf("psql -qX -v ON_ERROR_STOP=1 -d '%s/postgres'"
	                " -c 'CREATE DATABASE unit_%d_%d' >/dev/null",
	                base, (int)getpid(), seq);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot make a database on %s\n", base);
		abort();
	}
	free(cmd);
}

#endif
