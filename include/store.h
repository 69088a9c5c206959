/*
 * The record: learners, attempts, answers and the event log in one SQLite
 * database. This header holds opening the store and its people (store.c);
 * each other concern has its own: store-learning.h, store-policy.h,
 * store-facts.h, store-reports.h, store-duties.h and store-events.h. Only
 * store*.c include SQLite; nothing of it leaks through these headers.
 */
#ifndef UPSKILL_STORE_H
#define UPSKILL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct store;

enum role {
	ROLE_STAFF,
	ROLE_CONSULTANT,
};

/* Longest learner name accepted, in bytes. */
#define STORE_NAME_MAX 100

struct learner {
	long long id;
	char *name;
	enum role role;
	bool active;
	char *created_at; /* UTC, ISO 8601 */
};

/* Opens (creating if needed) the database at path and brings its schema up to
 * date. A database written by a newer upskill, or a file that is not an
 * upskill database, is refused. The folder must exist. */
int store_open(const char *path, struct store **out, char **err);

/* Like store_open, but migrates no further than version; for tests of the
 * migrations themselves. */
int store_open_version(const char *path, int version, struct store **out, char **err);
/* Like store_open, for db copy to fill (store-copy.h): a new record gets
 * no test mark of its own (the copy brings the source's), and the test
 * hooks are neither honoured nor refused until it is opened again. */
int store_open_bare(const char *path, struct store **out, char **err);
/* Opens an existing record only to read it (verify): nothing is made or
 * written, not even the -wal and -shm files where they cannot be, so a
 * record archived on a folder or medium that cannot be written can be
 * read. A missing record is made as store_open makes it; one of an older
 * schema is brought up to date first when it can be written, and refused
 * with the reason when not. */
int store_open_read(const char *path, struct store **out, char **err);
void store_close(struct store *st);

/* The schema version this program writes, and the one a store is at. */
int store_latest_version(void);
/* The first schema version whose migration has no PostgreSQL form
 * (store-postgres.c), or 0 when every one has. */
int store_pg_missing(void);
int store_version(struct store *st);
/* Statements prepared since the store opened: each distinct statement once,
 * as they are kept until store_close (db.h). For tests and the benchmark. */
long long store_statements_prepared(struct store *st);

/* Whether this is a test record, made under a test hook (hooks.h): its
 * times may have been set by UPSKILL_NOW. */
bool store_is_test_record(struct store *st);

/* Where "now" comes from, for tests that need a fixed clock. */
void store_set_clock(struct store *st, time_t (*now)(void));

const char *role_name(enum role r);
/* Parses "staff" or "consultant"; -1 if neither. */
int role_parse(const char *s, enum role *out);

/* Checks a learner name: 1 to STORE_NAME_MAX bytes of valid UTF-8, no control
 * characters, not blank, no leading or trailing spaces. */
int store_name_check(const char *name, char **err);

/* Adds a learner, by actor (the consultant; 0 for none), with an event
 * naming them; a name already taken (ignoring case) is refused. */
int store_learner_add(struct store *st, const char *name, enum role role, long long actor,
                      long long *id, char **err);
/* What a look-up returns when there is nothing to find: not a failure of
 * the record, which is -1. */
#define STORE_NOT_FOUND 1
/* What a write returns when exactly that is in the record already. */
#define STORE_EXISTS 2

/* Finds a learner by name, ignoring case. Returns 0 and fills *out (release
 * it with learner_release); STORE_NOT_FOUND with "no learner named 'x'"; or
 * -1 if the record cannot be read. */
int store_learner_find(struct store *st, const char *name, struct learner *out, char **err);
/* Deactivates (or reactivates) a learner, with an event naming who did it
 * (actor, 0 if nobody signed in). Their records all stay. */
int store_learner_set_active(struct store *st, const char *name, bool active, long long actor,
                             char **err);
/* Renames a learner (a typo in a name blocks it for ever otherwise), with
 * a learner.name event by actor holding the new name and the old; their
 * records all follow, as they are kept by id. A name taken by someone
 * else, in any case, is refused; a change of case alone is allowed. */
int store_learner_rename(struct store *st, const char *name, const char *new_name, long long actor,
                         char **err);
/* ---- accounts (store.c) ---- */

/* Adds a consultant with a passphrase hash in one transaction; actor is the
 * consultant adding them (0 for the first, made by init). */
int store_consultant_add(struct store *st, const char *name, const char *hash, long long actor,
                         long long *id, char **err);
/* A person's stored credential hash (NULL if none is set) and whether it
 * is a one-time set-up code. */
int store_passphrase_get(struct store *st, long long learner, char **hash, bool *setup, char **err);
/* Sets a person's credential (an argon2id hash; setup for a one-time code
 * given by a consultant), with an event by actor that never holds it. */
int store_credential_set(struct store *st, long long learner, const char *hash, bool setup,
                         long long actor, char **err);
/* Adds a member of staff with the hash of their one-time set-up code, in
 * one transaction, by actor. */
int store_staff_add(struct store *st, const char *name, const char *setup_hash, long long actor,
                    long long *id, char **err);
int store_consultant_count(struct store *st, int *n, char **err);

/* All learners, sorted by name; the caller frees with learners_free. */
int store_learner_list(struct store *st, struct learner **out, size_t *n, char **err);
/* Names of active learners starting with prefix (ignoring case), sorted;
 * the caller frees each name and the array. */
int store_learner_names(struct store *st, const char *prefix, char ***names, size_t *n, char **err);

void learner_release(struct learner *l);

void learners_free(struct learner *list, size_t n);

#endif
