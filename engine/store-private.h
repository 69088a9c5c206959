/*
 * What the store-*.c files share and nothing else sees: the connection and
 * small helpers around the database driver (db.h).
 */
#ifndef UPSKILL_STORE_PRIVATE_H
#define UPSKILL_STORE_PRIVATE_H

#include "db.h"
#include "digest.h"
#include "store.h"

/* The event log's last event: its id, hash and time. */
struct store_tail {
	long long id;
	char hash[DIGEST_SHA256_HEX];
	char at[32];
};

struct store {
	struct db *db;
	char *path;
	time_t (*now)(void);
	time_t txn_now;   /* the time of the write transaction under way */
	int schema;       /* the schema version it was opened at (migrated to) */
	bool test_record; /* made under a test hook (hooks.h) */
	bool bare;        /* opened for db copy to fill: no test mark of its own */
	/* The log's tail as this connection's last commit left it, while the
	 * database's data version is still tail_version (store-events.c),
	 * and the event appended in the transaction under way, if any. */
	bool tail_known, appended_known;
	unsigned tail_version, appended_version;
	struct store_tail tail, appended;
	/* The attempt last answered, with its learner and module, which no
	 * write changes (store-learning.c); 0 and NULL for none. */
	long long answering, answering_learner;
	char *answering_module;
};

/* After a commit (committed) or a rollback: what store_event_append may
 * take as the log's tail next. */
void store_tail_end(struct store *st, bool committed, unsigned version_before);

/* Sets *err to "what: the database's message" and returns -1. */
int store_db_error(struct store *st, char **err, const char *what);
int store_exec(struct store *st, const char *sql, char **err);
int store_prepare(struct store *st, const char *sql, struct db_stmt **stmt, char **err);
/* A copy of a text column, or NULL. */
char *store_column_dup(struct db_stmt *stmt, int col);
/* Steps a query that returns at most one row: 0 with *found set (on a row,
 * the caller reads its columns, then finalizes), or -1 with "what: sqlite's
 * message". */
int store_step_one(struct store *st, struct db_stmt *stmt, bool *found, const char *what,
                   char **err);

/* Whether the schema is exactly the one upskill's migrations make: 0, or
 * 1 with *problem (the caller frees it) naming the first object added,
 * missing or changed (a trigger that turns fails into passes, say); -1 on
 * error. */
int store_schema_check(struct store *st, char **problem, char **err);

/* Runs a prepared statement to its end and finalizes it. */
int store_step_done(struct store *st, struct db_stmt *stmt, const char *what, char **err);

/*
 * Steps a prepared query to its end, one item of size bytes a row (zeroed,
 * then filled by row), and finalizes it. *out gets the array and *n its
 * length; on failure what was read is released item by item and -1
 * returned with "what: the database's message".
 */
int store_collect(struct store *st, struct db_stmt *stmt, size_t size,
                  void (*row)(struct db_stmt *stmt, void *item), void (*release)(void *item),
                  void *out, size_t *n, const char *what, char **err);

/* A JSON array of n strings, for a query to read with json_each; the
 * caller frees it. */
char *store_json_array(const char *const *items, size_t n);

/*
 * Where the store's SQL differs between engines, each difference named
 * here and nowhere else; the SQLite forms. Everything else the store says
 * is portable SQL (upserts are written as INSERT ... ON CONFLICT (...) DO
 * UPDATE, which PostgreSQL shares). The differences the driver hides are
 * named in db.h: the schema version and application id (SQLite's pragmas),
 * the schema listing (sqlite_schema), the id of the row just inserted,
 * write transactions (BEGIN IMMEDIATE). The migrations' SQL is SQLite's;
 * PostgreSQL has its own list (store-postgres.c), because the SQLite text
 * is what store_schema_check holds a record to and must never change.
 * Each form below is SQLite's own SQL, which pgsql.c turns into its
 * PostgreSQL twin when a statement is prepared there; so is a case-blind
 * comparison or ordering of names, written "name COLLATE NOCASE" (and
 * "? COLLATE NOCASE" for the other side).
 */
/* A JSON document's member as SQL text or number: doc and key are SQL
 * string literals, key a plain member name. */
#define STORE_SQL_JSON(doc, key) "json_extract(" doc ", '$." key "')"
/* Whether doc is well-formed JSON, and whether its member key is a string. */
#define STORE_SQL_JSON_VALID(doc)        "json_valid(" doc ")"
#define STORE_SQL_JSON_IS_TEXT(doc, key) "json_type(" doc ", '$." key "') = 'text'"
/* The members of a bound JSON array of strings (store_json_array), as a
 * subquery for IN. */
#define STORE_SQL_IN_JSON(param) "(SELECT value FROM json_each(" param "))"
/* The values of expr in a group joined by sep (both SQL), and the
 * character with code n. */
#define STORE_SQL_GROUP_CONCAT(expr, sep) "group_concat(" expr ", " sep ")"
#define STORE_SQL_CHAR(n)                 "char(" #n ")"

/* The term every query that reads events by a constant kind adds to its
 * WHERE, or to the ON of its join to events: events_by_kind (kind,
 * learner_id) leaves answers out since schema 18, as an answer then writes
 * one page fewer, and SQLite uses a partial index only for a query that
 * holds the index's own term word for word (it does not prove kind <>
 * 'answer' from kind = 'ack'). Without it such a query is still right,
 * but scans the events. The column is left unqualified, as events is the
 * only table with a kind, so it names the events of the FROM it is in.
 * PostgreSQL proves the term itself, and is given the same text. A query
 * for answers cannot say it: those scan, as verify's do. Verify's queries
 * for attempt starts and finishes read events_by_attempt instead, and
 * leave it out (store-events.c says why). */
#define STORE_SQL_NOT_ANSWER " AND kind <> 'answer'"

/* The schema on PostgreSQL (store-postgres.c): a new record starts from
 * the baseline, which makes schema STORE_PG_BASELINE at once; after it,
 * the twin of each SQLite migration (NULL for one not written yet). */
#define STORE_PG_BASELINE 12
extern const char *const store_pg_baseline[]; /* its parts, to NULL */
const char *store_pg_migration(int version);

/* When attempt a last saw activity: its finish or, while under way, its
 * latest answer (or its start). Answers are appended in the order given, so
 * the latest is the one with the highest id, which the (attempt, question)
 * index holds without a visit to each row; and coalesce stops at the first
 * value, so only open attempts look at answers at all. */
/* Whether a finished attempt counts: not practice, and not against a
 * publication since withdrawn (store-publish.h). */
#define STORE_ATTEMPT_COUNTS(t)                                                                    \
	"(" t ".practice = 0 AND coalesce((SELECT p.withdrawn_by IS NULL FROM publications p"      \
	" WHERE p.event_id = " t ".publication), TRUE))"
#define STORE_ATTEMPT_AT(a)                                                                        \
	"coalesce(" a ".finished_at, (SELECT answered_at FROM answers WHERE id = (SELECT max(id)"  \
	" FROM answers WHERE attempt_id = " a ".id)), " a ".started_at)"

/* The schema from which an answer keeps its time in its own row, not its
 * attempt's (migration 19): one page fewer for it to write. A record is
 * always brought up to it before it is used; only the migration tests
 * write records of an older schema, as upskill did then. */
#define STORE_SCHEMA_ANSWER_TIME 19

/* The time spent on attempt a (a table or alias of attempts): its row's,
 * and while it is open its answers' too; store_attempt_finish moves their
 * sum into the attempt's row. */
#define STORE_ATTEMPT_SECONDS(a)                                                                   \
	"(" a ".seconds + CASE WHEN " a ".finished_at IS NULL"                                     \
	" THEN (SELECT coalesce(sum(s.seconds), 0) FROM answers s WHERE s.attempt_id = " a ".id)"  \
	" ELSE 0 END)"

/* The current UTC time as ISO 8601, to the second. */
void store_now_iso(struct store *st, char buf[32]);
time_t store_now(struct store *st);

/* Write transactions: BEGIN IMMEDIATE takes the write lock at once, so the
 * busy timeout applies and no upgrade deadlock can fail a commit. */
int store_begin(struct store *st, char **err);
int store_commit(struct store *st, char **err);
void store_rollback(struct store *st);

/* Appends one event inside the caller's write transaction, chained to the
 * one before by its hash (store-events.c). actor and learner are learner
 * ids, 0 for none; data is JSON (NULL for "{}"). *id (if not NULL) gets the
 * new event's id. */
int store_event_append(struct store *st, const char *kind, long long actor, long long learner,
                       const char *subject, const char *data, long long *id, char **err);

/* The JSON an answer's event carries, made from the answer's row, so verify
 * can check one against the other; the caller frees it. */
char *store_answer_data(long long attempt, const char *question, const char *response,
                        double fraction, double weight, const char *version);

/* The same for an attempt's start and finish (store-learning.c). */
char *store_start_data(long long attempt, const char *version);
char *store_finish_data(long long attempt, double score, double max, double percent, bool passed,
                        long long publication, bool practice);

/* The same for an acknowledgement (store-policy.c). */
char *store_ack_data(const char *policy, const char *version, const char *text_hash, bool kiosk);

/* The same for a setting, and the settings against their events
 * (store-access.c). */
char *store_setting_data(const char *value, const char *reason);
struct store_verify;
int store_verify_settings(struct store *st, struct store_verify *v, char **err);
/* The same for a credential: whether it is a set-up code, and a digest of
 * the stored hash; and every person's credential against their last
 * credential event. */
char *store_credential_data(const char *hash, bool setup);
int store_verify_credentials(struct store *st, struct store_verify *v, char **err);

/*
 * For verify: rows that mirror an event must match it, and every such
 * event must have its row. query yields, for each row and then for each
 * event left without one, ordered by event: the event id (NULL for a row
 * no event logged), the event as the row should imply it, whether there
 * is a row, then the row's columns, from which data_of builds the same
 * string. 0, or 1 with v's problem set, or -1 (store-events.c).
 */
struct store_verify;
int store_verify_mirror(struct store *st, const char *query, char *(*data_of)(struct db_stmt *),
                        const char *what, struct store_verify *v, char **err);
/* The duty register, stages and practice against their events
 * (store-duties.c). */
int store_verify_duties(struct store *st, struct store_verify *v, char **err);
/* Refresher answers against their events, and each question's history
 * replayed (store-refresh.c). */
int store_verify_refresh(struct store *st, struct store_verify *v, char **err);
/* Assignments against their events (store-assign.c). */
int store_verify_assignments(struct store *st, struct store_verify *v, char **err);

#endif
