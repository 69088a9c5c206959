/*
 * The database driver: what the store needs of a SQL engine, and nothing
 * of any engine's own types. db-sqlite.c implements it for SQLite (the only
 * file that includes sqlite3.h), db-postgres.c for PostgreSQL (the only
 * file that includes libpq-fe.h); db.c picks one at db_open and sends
 * every call to it.
 *
 * SQL uses `?` or `?N` placeholders (N from 1). Statements are prepared
 * once per connection and kept, keyed by their SQL text, until db_close:
 * db_prepare hands out the kept statement, db_finalize resets it, clears
 * its bindings and puts it back. A statement still in use when the same
 * SQL is asked for again is prepared afresh and really finalized after.
 */
#ifndef UPSKILL_DB_H
#define UPSKILL_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_stmt;

/* What db_step returns. DB_CONSTRAINT is a refused row (a unique, check,
 * foreign-key or trigger refusal); DB_BUSY a lock not had in time. */
enum db_result { DB_ROW, DB_DONE, DB_CONSTRAINT, DB_BUSY, DB_ERROR };

/* What a value of the current row is, for code that copies rows whatever
 * their table (db copy). */
enum db_type { DB_NULL, DB_INTEGER, DB_FLOAT, DB_TEXT, DB_BLOB };

/*
 * Every function that can fail returns 0 or -1 (db_step a result) and
 * leaves the engine's message in db_errmsg; callers add what they were
 * doing.
 */

/* Whether path names a PostgreSQL database (postgresql:// or postgres://
 * URLs, and libpq's key=value strings starting service=, host= or dbname=)
 * rather than a SQLite file. */
bool db_is_server(const char *path);

/* Opens (making it if missing) the database at path; ":memory:" is a
 * private database in memory. Links are not followed; a lock is waited
 * for up to busy_ms; foreign keys are enforced and every commit is durable
 * before it returns. *out is the caller's, to db_close, even on failure
 * (for its message) when not NULL. */
int db_open(const char *path, int busy_ms, struct db **out);
/* How db_open_with opens a database. */
struct db_open_options {
	int busy_ms;
	/* Not 0: a SQLite file holding anything but an empty database or one
	 * of this application id is left exactly as it was found (not turned
	 * over to WAL), for the caller to refuse. */
	int application_id;
	/* Only read: nothing is made or written. On SQLite the file must
	 * exist; a WAL file in a folder that cannot be written, with no -shm
	 * beside it, is read as immutable. On PostgreSQL every transaction is
	 * read-only. */
	bool read_only;
};
int db_open_with(const char *path, const struct db_open_options *opt, struct db **out);
/* Finalizes every kept statement and closes; db_close(NULL) is a no-op. */
void db_close(struct db *db);
/* An empty database of like's engine, for building a reference schema,
 * whose contents are thrown away at db_close: SQLite's ":memory:", and on
 * PostgreSQL a schema made inside a transaction that is never committed.
 * *out as for db_open. */
int db_open_scratch(struct db *like, struct db **out);

/* The engine's message for the last failure on db (prepare, step, exec),
 * owned by db, valid until the next call on db. */
const char *db_errmsg(const struct db *db);
/* The engine's name: "sqlite" or "postgresql". */
const char *db_engine(const struct db *db);

/* Runs one or more statements with no parameters. */
int db_exec(struct db *db, const char *sql);

/* *stmt gets the kept statement for sql (borrowed: give it back with
 * db_finalize). */
int db_prepare(struct db *db, const char *sql, struct db_stmt **stmt);
/* Gives a statement back (reset, bindings cleared); NULL is a no-op. */
void db_finalize(struct db_stmt *stmt);
/* Resets a statement to run again; its bindings stay. */
void db_reset(struct db_stmt *stmt);

/* Bindings by place, from 1, before the first step or after a reset.
 * Text and blobs are copied; NULL text binds NULL. */
void db_bind_int64(struct db_stmt *stmt, int i, long long v);
void db_bind_int(struct db_stmt *stmt, int i, int v);
void db_bind_double(struct db_stmt *stmt, int i, double v);
void db_bind_text(struct db_stmt *stmt, int i, const char *s);
/* Text the caller keeps, unchanged, until the statement is given back,
 * reset or bound again at i: not copied where the engine need not copy it
 * (SQLite). For the statements every answer runs, whose text lives in the
 * function that steps them; copying it was 4% of an answer (issue 17). */
void db_bind_text_kept(struct db_stmt *stmt, int i, const char *s);
void db_bind_blob(struct db_stmt *stmt, int i, const void *p, size_t n);
void db_bind_null(struct db_stmt *stmt, int i);

/* Says that stmt's rows will be read once, in order, to the end or to a
 * reset, with no transaction begun or ended on the connection meanwhile:
 * a server may then send them a batch at a time rather than all at once
 * (PostgreSQL: through a cursor; SQLite reads rows as they are stepped).
 * A report's scans of 100,000 rows are; held whole, PostgreSQL's answer
 * was thousands of fresh pages (docs/performance.md). */
void db_stream(struct db_stmt *stmt);

enum db_result db_step(struct db_stmt *stmt);

/* Columns of the current row, from 0. Text and blobs are owned by the
 * statement and valid until the next step, reset or finalize: copy them. */
long long db_column_int64(struct db_stmt *stmt, int i);
int db_column_int(struct db_stmt *stmt, int i);
double db_column_double(struct db_stmt *stmt, int i);
const char *db_column_text(struct db_stmt *stmt, int i);
const void *db_column_blob(struct db_stmt *stmt, int i, size_t *n);
bool db_column_is_null(struct db_stmt *stmt, int i);
/* How many columns a row has, the name of one (owned by the statement,
 * valid until it is finalized), and what the current row holds in one. */
int db_column_count(struct db_stmt *stmt);
const char *db_column_name(struct db_stmt *stmt, int i);
enum db_type db_column_type(struct db_stmt *stmt, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE; the id of the last row
 * inserted. */
long long db_changes(struct db *db);
long long db_last_insert_id(struct db *db);

/* Write transactions take the write lock at once, so waiting happens at
 * the start and no lock upgrade can fail a commit. */
int db_begin(struct db *db);
int db_commit(struct db *db);
/* Rolls back the transaction under way, if any. */
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* Begins a read transaction on db, so that everything read until
 * db_read_end sees one snapshot, and where the engine can, opens *sibling:
 * a second connection to the same database reading in that same snapshot,
 * for another thread (a report's scan in chunks, store-facts.c).
 * sibling NULL asks for none. 0: begun, *sibling NULL where no second
 * connection could be had (a read-only record, a writer holding the lock
 * too long); 1: nothing begun, db is in a transaction already or the
 * engine reads otherwise (PostgreSQL); -1: an error, nothing begun. */
int db_read_pair(struct db *db, struct db **sibling);
/* Whether db_read_pair can give this engine a second connection. */
bool db_can_pair(struct db *db);
/* Ends what db_read_pair began: closes sibling and ends db's read. */
void db_read_end(struct db *db, struct db *sibling);
/* A number that changes whenever the database may have changed, by this
 * connection's commits or by another's (noticed when a transaction
 * starts); not by a rollback. 0, or -1 where the engine cannot tell
 * (PostgreSQL): whoever would trust what it read before must read again. */
int db_data_version(struct db *db, unsigned *version);

/* The engine differences the store's schema handling needs, each named. */
/* The schema version and the application id the record carries. */
int db_schema_version(struct db *db, int *version);
int db_application_id(struct db *db, int *id);
/* Records both, inside the migration's transaction. */
int db_set_schema_version(struct db *db, int version, int application_id);
/* After rows were inserted with their ids given (db copy), the next id
 * generated for table follows the highest: nothing to do on SQLite, the
 * identity's sequence set on PostgreSQL. */
int db_ids_follow(struct db *db, const char *table);
/* How many tables the database holds (0 for a new one). */
int db_table_count(struct db *db, int *n);
/* The SQL listing every table, index, trigger and view the program made,
 * as rows (type, name, sql), ordered by name. */
const char *db_schema_query(const struct db *db);

/* Copies the whole database, consistently while others write to it, to a
 * new file at path (SQLite's online backup; the file must not exist). -1
 * with the reason on PostgreSQL, whose own tools do it. */
int db_backup(struct db *db, const char *path);
/* Whether the last failure on db was a full disk (or a database grown to
 * the most pages it may hold). */
bool db_full(const struct db *db);

/* Statements prepared since open (not handed out from the cache): for
 * tests and the benchmark. */
long long db_prepare_count(const struct db *db);

#endif
