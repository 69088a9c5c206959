/*
 * The database driver (db.h) for SQLite: the only file that includes
 * sqlite3.h. Statements are kept for the life of the connection
 * (db-driver.h, db-cache.c), because preparing is most of what a short
 * statement costs (issue 17 measured 64% of an answer's CPU); BEGIN and
 * COMMIT too.
 * upskill never shares a connection between threads: a report's scan in
 * chunks (store-facts.c) reads on a second connection of its own
 * (sq_read_pair). So connections are opened without their mutex
 * (SQLITE_OPEN_NOMUTEX, SQLite's multi-thread mode) and SQLite does not
 * count its memory: both were taken on every allocation and column read.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-driver.h"
#include "util.h"

/* While another process turns a new file over to WAL, the settings report
 * busy without calling the busy handler; they are tried again this often. */
#define DB_RETRY_MS 10

struct db_stmt {
	struct db_stmt_head head; /* first: db.c finds the driver through it */
	sqlite3_stmt *stmt;
	struct db *db;
	struct db_cached cached;
	bool stream; /* the connection's page cache is small until finalized */
};

struct db {
	struct db_head head; /* first: db.c finds the driver through it */
	sqlite3 *handle;
	int cache_size; /* PRAGMA cache_size while streams run small; 0: none runs */
	char *errmsg;
	struct db_cache cache;
	long long prepared;
	bool full; /* the last failure was SQLITE_FULL */
};

/* Whether the last failure on handle was a full disk: SQLITE_FULL, or an
 * I/O error whose system error was ENOSPC or EDQUOT (the -shm file grown,
 * say, which SQLite reports as an I/O error). */
static bool full_disk(sqlite3 *handle)
{
	int code = sqlite3_errcode(handle) & 0xff, sys = sqlite3_system_errno(handle);

	return code == SQLITE_FULL || ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) &&
	                               (sys == ENOSPC || sys == EDQUOT));
}

static void set_error(struct db *db, const char *msg)
{
	free(db->errmsg);
	db->errmsg = xstrdup(msg ? msg : "unknown error");
	db->full = db->handle && full_disk(db->handle);
}

/* Before the first connection: no mutexes and no memory statistics (see
 * the top). Refused, harmlessly, if SQLite was already started. (SQLite's
 * page cache in one huge page, SQLITE_CONFIG_PAGECACHE, saved report
 * compliance 400 page faults but made the 800-module first screen 8%
 * slower, its floor 5% faster: not kept.) */
static void configure_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void take_error(struct db *db)
{
	set_error(db, sqlite3_errmsg(db->handle));
}

/* Runs sql (settings or a read) until it is not busy or busy_ms is spent:
 * while another process turns a new file over to WAL, settings and reads
 * report busy without calling the busy handler. */
static int exec_waiting(struct db *db, const char *sql, int busy_ms)
{
	int rc;

	for (int waited = 0;; waited += DB_RETRY_MS) {
		rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= busy_ms)
			return rc;
		sqlite3_sleep(DB_RETRY_MS);
	}
}

static int int_of_row(void *out, int ncols, char **values, char **names)
{
	(void)names;
	*(int *)out = ncols > 0 && values[0] ? atoi(values[0]) : 0;
	return 0;
}

/* One integer from a pragma or query, waiting as exec_waiting does. */
static int read_int(struct db *db, const char *sql, int busy_ms, int *out)
{
	int rc;

	*out = 0;
	for (int waited = 0;; waited += DB_RETRY_MS) {
		rc = sqlite3_exec(db->handle, sql, int_of_row, out, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= busy_ms)
			return rc;
		sqlite3_sleep(DB_RETRY_MS);
	}
}

/* Whether the file holds something other than an empty database or one of
 * application_id. Only its header and schema are read. */
static int is_foreign(struct db *db, int application_id, int busy_ms, bool *foreign)
{
	int id, version, objects, rc;

	*foreign = false;
	if ((rc = read_int(db, "PRAGMA application_id", busy_ms, &id)) != SQLITE_OK)
		return rc;
	if (id == application_id)
		return SQLITE_OK;
	if ((rc = read_int(db, "PRAGMA user_version", busy_ms, &version)) != SQLITE_OK ||
	    (rc = read_int(db, "SELECT count(*) FROM sqlite_schema", busy_ms, &objects)) !=
	            SQLITE_OK)
		return rc;
	*foreign = id != 0 || version != 0 || objects != 0;
	return SQLITE_OK;
}

/* Whether the folder path is in can be written to (a file made there). */
static bool folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	bool ok = access(dir, W_OK) == 0;

	free(dir);
	return ok;
}

/* path as a file: URI with the query given, for the options only a URI can
 * set: '%', '?' and '#' are escaped, and a path beginning "//" is kept from
 * being read as an authority. */
static char *file_uri(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *uri = xmalloc(n * 3 + strlen(query) + 16), *p = uri;

	p += sprintf(p, "file:%s", path[0] == '/' && path[1] == '/' ? "//" : "");
	for (const char *c = path; *c; c++) {
		if (*c == '%' || *c == '?' || *c == '#')
			p += sprintf(p, "%%%02X", (unsigned char)*c);
		else
			*p++ = *c;
	}
	sprintf(p, "?%s", query);
	return uri;
}

/* Opens path only to read it: nothing is made, no journal mode is set. A
 * WAL file needs its -shm beside it, or a folder it can be made in; on a
 * folder or medium that cannot be written (an archived record) without one,
 * the file is read as immutable: nobody can be writing it there. */
static int open_read_only(struct db *db, const char *path, int busy_ms)
{
	const int flags =
	        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	char *uri = file_uri(path, "mode=ro");
	int rc, objects;

	rc = sqlite3_open_v2(uri, &db->handle, flags, NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db->handle, busy_ms);
		rc = read_int(db, "SELECT count(*) FROM sqlite_schema", busy_ms, &objects);
	}
	if (rc != SQLITE_OK && rc != SQLITE_NOTADB && !folder_writable(path)) {
		sqlite3_close(db->handle);
		db->handle = NULL;
		uri = file_uri(path, "mode=ro&immutable=1");
		rc = sqlite3_open_v2(uri, &db->handle, flags, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = read_int(db, "SELECT count(*) FROM sqlite_schema", busy_ms, &objects);
	}
	if (rc != SQLITE_OK) {
		set_error(db, db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(db->handle, 1);
	return 0;
}

static int sq_open(const char *path, const struct db_open_options *opt, struct db **out)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int busy_ms = opt->busy_ms;
	bool foreign = false;
	int rc;

	configure_once();
	db->head.ops = &db_sqlite_ops;
	*out = db;
	if (opt->read_only)
		return open_read_only(db, path, busy_ms);
	rc = sqlite3_open_v2(path, &db->handle,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
	                             SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		set_error(db, db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_busy_timeout(db->handle, busy_ms);
	sqlite3_extended_result_codes(db->handle, 1);
	/* FULL makes each commit durable before the learner is told it counted.
	 * Several processes opening a new database at once wait in
	 * exec_waiting while one of them turns it over to WAL. A file that is
	 * somebody else's database is not turned over (that would write its
	 * header): it is left as found, for the caller to refuse. */
	rc = exec_waiting(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", busy_ms);
	if (rc == SQLITE_OK && opt->application_id)
		rc = is_foreign(db, opt->application_id, busy_ms, &foreign);
	if (rc == SQLITE_OK && !foreign)
		rc = exec_waiting(db, "PRAGMA journal_mode = WAL", busy_ms);
	if (rc != SQLITE_OK) {
		take_error(db);
		return -1;
	}
	return 0;
}

static struct db_stmt *stmt_of(struct db_cached *e)
{
	return (struct db_stmt *)(void *)((char *)e - offsetof(struct db_stmt, cached));
}

static void stmt_free(struct db_cached *e)
{
	struct db_stmt *s = stmt_of(e);

	sqlite3_finalize(s->stmt);
	free(s->cached.sql);
	free(s);
}

static void sq_close(struct db *db)
{
	if (!db)
		return;
	db_cache_clear(&db->cache, stmt_free);
	sqlite3_close(db->handle);
	free(db->errmsg);
	free(db);
}

static const char *sq_errmsg(const struct db *db)
{
	return db->errmsg ? db->errmsg : "not an error";
}

static int sq_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
		set_error(db, msg ? msg : sqlite3_errmsg(db->handle));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	bool busy;
	struct db_cached *kept = db_cache_take(&db->cache, sql, &busy);
	struct db_stmt *s;
	sqlite3_stmt *stmt = NULL;

	*out = kept ? stmt_of(kept) : NULL;
	if (kept)
		return 0;
	if (sqlite3_prepare_v2(db->handle, sql, -1, &stmt, NULL) != SQLITE_OK) {
		take_error(db);
		sqlite3_finalize(stmt);
		return -1;
	}
	db->prepared++;
	s = xcalloc(1, sizeof(*s));
	s->head.db = db;
	s->stmt = stmt;
	s->db = db;
	db_cache_keep(&db->cache, &s->cached, sql, busy);
	*out = s;
	return 0;
}

static void stream_end(struct db_stmt *s);

static void sq_finalize(struct db_stmt *s)
{
	if (!s)
		return;
	stream_end(s);
	if (!s->cached.sql) {
		stmt_free(&s->cached);
		return;
	}
	sqlite3_reset(s->stmt);
	sqlite3_clear_bindings(s->stmt);
	s->cached.in_use = false;
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(s->stmt);
}

static void sq_bind_int64(struct db_stmt *s, int i, long long v)
{
	sqlite3_bind_int64(s->stmt, i, (sqlite3_int64)v);
}

static void sq_bind_double(struct db_stmt *s, int i, double v)
{
	sqlite3_bind_double(s->stmt, i, v);
}

static void sq_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->stmt, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->stmt, i);
}

static void sq_bind_text_kept(struct db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->stmt, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s->stmt, i);
}

static void sq_bind_blob(struct db_stmt *s, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(s->stmt, i, p, (sqlite3_uint64)n, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(s->stmt, i);
}

static enum db_result sq_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->stmt);

	switch (rc & 0xff) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		take_error(s->db);
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
		take_error(s->db);
		return DB_BUSY;
	default:
		take_error(s->db);
		return DB_ERROR;
	}
}

static long long sq_column_int64(struct db_stmt *s, int i)
{
	return (long long)sqlite3_column_int64(s->stmt, i);
}

static double sq_column_double(struct db_stmt *s, int i)
{
	return sqlite3_column_double(s->stmt, i);
}

static const char *sq_column_text(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->stmt, i);
}

static const void *sq_column_blob(struct db_stmt *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(s->stmt, i);

	*n = (size_t)sqlite3_column_bytes(s->stmt, i);
	return p;
}

static bool sq_column_is_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(s->stmt, i) == SQLITE_NULL;
}

static int sq_column_count(struct db_stmt *s)
{
	return sqlite3_column_count(s->stmt);
}

static const char *sq_column_name(struct db_stmt *s, int i)
{
	return sqlite3_column_name(s->stmt, i);
}

static enum db_type sq_column_type(struct db_stmt *s, int i)
{
	switch (sqlite3_column_type(s->stmt, i)) {
	case SQLITE_INTEGER:
		return DB_INTEGER;
	case SQLITE_FLOAT:
		return DB_FLOAT;
	case SQLITE_TEXT:
		return DB_TEXT;
	case SQLITE_BLOB:
		return DB_BLOB;
	default:
		return DB_NULL;
	}
}

/* SQLite gives a new row the highest id plus one already. */
static int sq_ids_follow(struct db *db, const char *table)
{
	(void)db;
	(void)table;
	return 0;
}

static long long sq_changes(struct db *db)
{
	return (long long)sqlite3_changes(db->handle);
}

static long long sq_last_insert_id(struct db *db)
{
	return (long long)sqlite3_last_insert_rowid(db->handle);
}

/* A statement of no rows, kept like any other: parsing BEGIN and COMMIT
 * every time cost an answer a tenth of its instructions. */
static int run_kept(struct db *db, const char *sql)
{
	struct db_stmt *s;
	int rc;

	if (sq_prepare(db, sql, &s) < 0)
		return -1;
	rc = sqlite3_step(s->stmt);
	if (rc != SQLITE_DONE)
		take_error(db);
	sq_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sq_begin(struct db *db)
{
	return run_kept(db, "BEGIN IMMEDIATE");
}

static int sq_commit(struct db *db)
{
	return run_kept(db, "COMMIT");
}

static void sq_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->handle))
		sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
}

static bool sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->handle);
}

/* The pager's own count: moved by every commit of this connection and by
 * every change of another's that a transaction of this one has noticed. */
static int sq_data_version(struct db *db, unsigned *version)
{
	return sqlite3_file_control(db->handle, "main", SQLITE_FCNTL_DATA_VERSION, version) ==
	                       SQLITE_OK
	               ? 0
	               : -1;
}

/* One integer from a query of one row. */
static int query_int(struct db *db, const char *sql, int *out)
{
	struct db_stmt *s = NULL;
	int rc = -1;

	if (sq_prepare(db, sql, &s) < 0)
		return -1;
	switch (sq_step(s)) {
	case DB_ROW:
		*out = (int)sq_column_int64(s, 0);
		rc = 0;
		break;
	case DB_DONE:
		set_error(db, "no row");
		break;
	default:
		break;
	}
	sq_finalize(s);
	return rc;
}

/* How long the pair's lock (sq_read_pair) is waited for before the scan
 * goes on in one half: a writer holds it for a millisecond or so. */
#define PAIR_LOCK_MS 200

/* A connection to db's file for reading beside db, on another thread;
 * NULL if it cannot be opened. */
static sqlite3 *open_beside(struct db *db)
{
	const char *path = sqlite3_db_filename(db->handle, "main");
	sqlite3 *h = NULL;

	if (!path || !*path ||
	    sqlite3_open_v2(path, &h,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 1);
	return h;
}

/* A read transaction on db, begun now (BEGIN alone reads nothing). */
static int begin_read(struct db *db)
{
	int version;

	if (run_kept(db, "BEGIN") < 0)
		return -1;
	if (query_int(db, "PRAGMA schema_version", &version) < 0) {
		sq_rollback(db);
		return -1;
	}
	return 0;
}

/* Two connections can only begin in the same snapshot if nothing commits
 * between their first reads: a third connection takes the write lock
 * (BEGIN IMMEDIATE) while they begin, and lets it go at once. Where it
 * cannot be had (a read-only record, a writer holding it past
 * PAIR_LOCK_MS), db reads alone. */
static int sq_read_pair(struct db *db, struct db **out)
{
	struct db *b = NULL;
	sqlite3 *lock = NULL;
	int rc = -1;

	/* A library built without its own locks cannot be read from two
	 * threads at all. */
	if (out && sqlite3_threadsafe() && sqlite3_db_readonly(db->handle, "main") == 0 &&
	    (lock = open_beside(db))) {
		sqlite3_busy_timeout(lock, PAIR_LOCK_MS);
		if (sqlite3_exec(lock, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_close(lock);
			lock = NULL;
		}
	}
	if (begin_read(db) < 0)
		goto out;
	rc = 0;
	if (!lock)
		goto out;
	b = xcalloc(1, sizeof(*b));
	b->head.ops = &db_sqlite_ops;
	if (!(b->handle = open_beside(db))) {
		free(b);
		goto out;
	}
	sqlite3_busy_timeout(b->handle, PAIR_LOCK_MS);
	if (begin_read(b) < 0) {
		sq_close(b);
		goto out;
	}
	*out = b;
out:
	if (lock) {
		sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(lock);
	}
	return rc;
}

/* A streamed statement (a report's scan) reads each page once, in order:
 * SQLite's page cache (2 MB by default) would keep the first 500 of them,
 * each a fresh page of memory, where a few pages read again and again do
 * (at 20,000 learners: 445 of report learners' 1,350 page faults, and as
 * many pread calls either way). The cache is that small until the
 * statement is finalized. */
#define STREAM_CACHE_KIB 128

static void stream_begin(struct db_stmt *s)
{
	struct db *db = s->db;
	char sql[64];

	if (s->stream || db->cache_size)
		return;
	if (query_int(db, "PRAGMA cache_size", &db->cache_size) < 0 || !db->cache_size)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", STREAM_CACHE_KIB);
	sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	s->stream = true;
}

static void stream_end(struct db_stmt *s)
{
	struct db *db = s->db;
	char sql[64];

	if (!s->stream)
		return;
	s->stream = false;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", db->cache_size);
	sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	db->cache_size = 0;
}

static int sq_schema_version(struct db *db, int *version)
{
	return query_int(db, "PRAGMA user_version", version);
}

static int sq_application_id(struct db *db, int *id)
{
	return query_int(db, "PRAGMA application_id", id);
}

static int sq_set_schema_version(struct db *db, int version, int application_id)
{
	char *sql = xasprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version,
	                      application_id);
	int rc = sq_exec(db, sql);

	free(sql);
	return rc;
}

static int sq_table_count(struct db *db, int *n)
{
	return query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", n);
}

static const char *sq_schema_query(const struct db *db)
{
	(void)db;
	return "SELECT type, name, coalesce(sql, '') FROM sqlite_schema"
	       " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
}

static long long sq_prepare_count(const struct db *db)
{
	return db->prepared;
}

static int sq_open_scratch(struct db *like, struct db **out)
{
	const struct db_open_options opt = {.busy_ms = 1000};

	(void)like;
	return sq_open(":memory:", &opt, out);
}

/* SQLite's online backup, in one step: one read transaction, so the copy
 * is the database as it stood at one commit, and in WAL mode writers go on
 * meanwhile. The target (made empty by the caller, or missing) is written
 * with a rollback journal and synchronous FULL, and left in rollback-journal
 * mode: a single file. */
static int sq_backup(struct db *db, const char *path)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(
	        path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		set_error(db, to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		sqlite3_close(to);
		return -1;
	}
	sqlite3_exec(to, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	b = sqlite3_backup_init(to, "main", db->handle, "main");
	if (!b) {
		set_error(db, sqlite3_errmsg(to));
		sqlite3_close(to);
		return -1;
	}
	for (int waited = 0;; waited += DB_RETRY_MS) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= 30000)
			break;
		sqlite3_sleep(DB_RETRY_MS);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		free(db->errmsg);
		db->errmsg = xstrdup(sqlite3_errstr(rc));
		db->full = (rc & 0xff) == SQLITE_FULL;
		sqlite3_close(to);
		return -1;
	}
	/* The copy is one self-contained file, as an archive should be: page 1
	 * came from a WAL database, so it says WAL until told otherwise. */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		set_error(db, sqlite3_errmsg(to));
		sqlite3_close(to);
		return -1;
	}
	if (sqlite3_close(to) != SQLITE_OK) {
		set_error(db, "the copy could not be closed");
		return -1;
	}
	return 0;
}

static bool sq_full(const struct db *db)
{
	return db->full;
}

const struct db_ops db_sqlite_ops = {
        .name = "sqlite",
        .open = sq_open,
        .close = sq_close,
        .errmsg = sq_errmsg,
        .exec = sq_exec,
        .prepare = sq_prepare,
        .finalize = sq_finalize,
        .reset = sq_reset,
        .bind_int64 = sq_bind_int64,
        .bind_double = sq_bind_double,
        .bind_text = sq_bind_text,
        .bind_text_kept = sq_bind_text_kept,
        .bind_blob = sq_bind_blob,
        .bind_null = sq_bind_null,
        .stream = stream_begin,
        .step = sq_step,
        .column_int64 = sq_column_int64,
        .column_double = sq_column_double,
        .column_text = sq_column_text,
        .column_blob = sq_column_blob,
        .column_is_null = sq_column_is_null,
        .column_count = sq_column_count,
        .column_name = sq_column_name,
        .column_type = sq_column_type,
        .changes = sq_changes,
        .last_insert_id = sq_last_insert_id,
        .begin = sq_begin,
        .commit = sq_commit,
        .rollback = sq_rollback,
        .in_transaction = sq_in_transaction,
        .read_pair = sq_read_pair,
        .data_version = sq_data_version,
        .schema_version = sq_schema_version,
        .application_id = sq_application_id,
        .set_schema_version = sq_set_schema_version,
        .table_count = sq_table_count,
        .ids_follow = sq_ids_follow,
        .schema_query = sq_schema_query,
        .open_scratch = sq_open_scratch,
        .prepare_count = sq_prepare_count,
        .backup = sq_backup,
        .full = sq_full,
};
