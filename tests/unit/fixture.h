/*
 * A session for the unit tests that run commands: a temporary folder with a
 * database in it, the session's output captured in memory (no colour, 80
 * columns), signing someone in as auth.c would after a good passphrase, and
 * running a line. Included by the test files that need it; each is its own
 * program, so the functions are static inline.
 */
#ifndef UPSKILL_TEST_FIXTURE_H
#define UPSKILL_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "session.h"
#include "testdb.h"
#include "util.h"

struct session_fixture {
	char dir[64];
	char db[160];
	char *output;
	size_t size;
	FILE *out;
	struct session *s;
};

/* A new temporary folder (/tmp/upskill-TAG-XXXXXX) and the database path in
 * it; the session is opened by fixture_open. */
static inline void fixture_dir(struct session_fixture *f, const char *tag)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/upskill-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(f->dir));
	char *file = xasprintf("%s/test.db", f->dir);

	testdb_path(f->db, sizeof(f->db), file);
	free(file);
}

static inline void fixture_open(struct session_fixture *f, const char *courses)
{
	f->out = open_memstream(&f->output, &f->size);
	f->s = session_new(f->db, courses, f->out);
	f->s->term.color = false;
	f->s->term.width = 80;
}

static inline void fixture_close(struct session_fixture *f)
{
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	session_free(f->s);
	fclose(f->out);
	free(f->output);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Signs name in directly: these tests are about commands, not passphrases. */
static inline void fixture_sign_in(struct session_fixture *f, const char *name)
{
	struct store *st = session_store(f->s, NULL);
	struct learner *l = xcalloc(1, sizeof(*l));
	char *err = NULL;

	assert_non_null(st);
	assert_int_equal(store_learner_find(st, name, l, &err), 0);
	session_sign_in(f->s, l);
}

/* Runs a line that must succeed and returns what it printed (the caller
 * frees it). */
static inline char *fixture_run(struct session_fixture *f, const char *line)
{
	char *err = NULL;

	fflush(f->out);
	rewind(f->out);
	f->size = 0;
	if (cmd_run_line(f->s, line, &err) != 0)
		fail_msg("'%s' failed: %s", line, err ? err : "(no message)");
	fflush(f->out);
	return xstrndup(f->output, f->size);
}

/* Runs a line that must fail with exactly message. */
static inline void fixture_fails(struct session_fixture *f, const char *line, const char *message)
{
	char *err = NULL;

	assert_int_equal(cmd_run_line(f->s, line, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, message);
	free(err);
}

#endif
