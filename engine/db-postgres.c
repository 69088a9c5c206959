/*
 * The database driver (db.h) for PostgreSQL through libpq: the only file
 * that includes libpq-fe.h, and the one that opens libpq, when a record on
 * a server is first opened (dynlib.h). The store's SQL is SQLite's with a few named
 * forms; pgsql.c turns each statement into PostgreSQL's once, when it is
 * first prepared, and the statement is kept, prepared on the server under
 * a name, for the life of the connection (as db-sqlite.c keeps its own).
 *
 * The differences this file names:
 * - write transactions: BEGIN, then a transaction-scoped advisory lock on
 *   the record (its schema), so writers queue as SQLite's BEGIN IMMEDIATE
 *   makes them, under READ COMMITTED: no "could not serialize" can reach a
 *   user and each writer sees every commit made before its lock;
 * - durability: synchronous_commit = on for every connection;
 * - the id of the row just inserted: lastval() (LAST_INSERT_ID_SQL);
 * - the schema version and application id: a one-row table, upskill_meta,
 *   beside the record's tables (SQLite keeps them in its header);
 * - the schema listing: pg_catalog, each object as a line of text;
 * - values come back as text: booleans as 1 and 0, and double precision
 *   as SQLite writes a REAL ("%.15g" with ".0" when whole), so a report
 *   reads the same from either engine.
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-driver.h"
#include "dynlib.h"
#include "pgsql.h"
#include "util.h"

/* Type oids from PostgreSQL's catalogue (pg_type.dat), which never change. */
#define OID_BOOL   16
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_INT2   21
#define OID_INT4   23
#define OID_TEXT   25
#define OID_FLOAT4 700
#define OID_FLOAT8 701

#define LAST_INSERT_ID_SQL "SELECT lastval()"
/* The advisory lock a write transaction takes: upskill's application id
 * and the record's schema, so records in other schemas do not queue. */
#define WRITE_LOCK_SQL "BEGIN; SELECT pg_advisory_xact_lock(1970238315, hashtext(current_schema()))"
#define META_TABLE     "upskill_meta"

struct db_stmt {
	struct db_stmt_head head; /* first: db.c finds the driver through it */
	struct db *db;
	struct db_cached cached; /* keyed by the store's text */
	char *pgsql;             /* as PostgreSQL reads it */
	char name[32];
	bool prepared;
	int nparams;
	char **values;
	int *lengths;
	int *formats;
	unsigned int *types;
	PGresult *res;
	int row;            /* the current row; -1 before the first step */
	int nrows, nfields; /* of res: asked once, not for every column read */
	/* db_stream: the rows come through a cursor, STREAM_BATCH at a time,
	 * in a transaction begun for it (own_transaction) when none was open. */
	bool stream, cursor_open, own_transaction, last_batch;
	/* Of res, found once when it comes: its boolean and floating point
	 * columns (of the first 64; the others are asked each time), and the
	 * locale's decimal separator (the server's is '.'). */
	uint64_t bools, floats;
	char point;
	char numbuf[64];
};

struct db {
	struct db_head head; /* first: db.c finds the driver through it */
	PGconn *conn;
	char *conninfo;
	char *errmsg;
	long long changes;
	struct db_cache cache;
	long long prepared;
	long long names;
	bool scratch;
	bool full;      /* the last failure was 53100, disk_full */
	bool streaming; /* a stream's own transaction is open (pg_stream) */
};

/* libpq's functions this file calls, opened by pq_load. */
#define LIBPQ "libpq.so.5"
/* clang-format off */
#define LIBPQ_FUNCTIONS(X) \
	X(backendPID) \
	X(clear) \
	X(cmdStatus) \
	X(cmdTuples) \
	X(connectdb) \
	X(errorMessage) \
	X(exec) \
	X(execParams) \
	X(execPrepared) \
	X(finish) \
	X(fname) \
	X(ftype) \
	X(getisnull) \
	X(getlength) \
	X(getvalue) \
	X(nfields) \
	X(ntuples) \
	X(prepare) \
	X(resultErrorField) \
	X(resultErrorMessage) \
	X(resultStatus) \
	X(status) \
	X(transactionStatus)
/* clang-format on */
static struct {
#define LIBPQ_SLOT(name) __typeof__(PQ##name) *name;
	LIBPQ_FUNCTIONS(LIBPQ_SLOT)
#undef LIBPQ_SLOT
} libpq;

static int pq_load(char **err)
{
	static void *loaded;
	void *lib;

	if (loaded)
		return 0;
	if (!(lib = dynlib_open(LIBPQ, "libpq5", err)))
		return -1;
#define LIBPQ_LOAD(name)                                                                           \
	if (dynlib_sym(lib, LIBPQ, "PQ" #name, &libpq.name, sizeof(libpq.name), err) < 0)          \
		return -1;
	LIBPQ_FUNCTIONS(LIBPQ_LOAD)
#undef LIBPQ_LOAD
	loaded = lib;
	return 0;
}

static void set_error(struct db *db, const char *msg)
{
	char *copy = xstrdup(msg ? msg : "unknown error");
	size_t n = strlen(copy);

	while (n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == ' '))
		copy[--n] = '\0';
	free(db->errmsg);
	db->errmsg = copy;
}

/* The server's message for a failed result: its primary text only, as
 * SQLite gives a trigger's message, or the connection's. */
static void take_error(struct db *db, const PGresult *res)
{
	const char *m = res ? libpq.resultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? libpq.resultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	db->full = state && strcmp(state, "53100") == 0;
	if (!m && res && *libpq.resultErrorMessage(res))
		m = libpq.resultErrorMessage(res);
	set_error(db, m ? m : libpq.errorMessage(db->conn));
}

static int run(struct db *db, const char *sql)
{
	PGresult *res = libpq.exec(db->conn, sql);
	ExecStatusType st = libpq.resultStatus(res);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		take_error(db, res);
		rc = -1;
	}
	libpq.clear(res);
	return rc;
}

static int pg_open(const char *path, const struct db_open_options *opt, struct db **out)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int busy_ms = opt->busy_ms;
	char *settings;
	int rc;

	db->head.ops = &db_postgres_ops;
	db->conninfo = xstrdup(path);
	*out = db;
	if (pq_load(&settings) < 0) {
		set_error(db, settings);
		free(settings);
		return -1;
	}
	db->conn = libpq.connectdb(path);
	if (!db->conn || libpq.status(db->conn) != CONNECTION_OK) {
		set_error(db, db->conn ? libpq.errorMessage(db->conn) : "out of memory");
		return -1;
	}
	/* Every commit durable before it returns; a lock waited for as long
	 * as SQLite's busy timeout waits; notices kept off the terminal. No
	 * JIT: the reports' queries are estimated dear (their correlated
	 * subqueries) but run in tens of milliseconds, and compiling them took
	 * three times as long as running them (make bench, pg part). */
	settings = xasprintf("SET synchronous_commit = on; SET client_encoding = 'UTF8';"
	                     " SET client_min_messages = warning; SET lock_timeout = %d;"
	                     " SET extra_float_digits = 1; SET jit = off;"
	                     " SET default_transaction_read_only = %s",
	                     busy_ms, opt->read_only ? "on" : "off");
	rc = run(db, settings);
	free(settings);
	if (rc < 0)
		return -1;
	return 0;
}

static bool pg_in_transaction(struct db *db);
static void stream_end(struct db_stmt *s, bool ok);

static void stmt_clear(struct db_stmt *s)
{
	libpq.clear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = s->nfields = 0;
}

static void stmt_free(struct db_stmt *s)
{
	stmt_clear(s);
	for (int i = 0; i < s->nparams; i++)
		free(s->values[i]);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->types);
	free(s->cached.sql);
	free(s->pgsql);
	free(s);
}

static struct db_stmt *stmt_of(struct db_cached *e)
{
	return (struct db_stmt *)(void *)((char *)e - offsetof(struct db_stmt, cached));
}

static void kept_free(struct db_cached *e)
{
	stmt_free(stmt_of(e));
}

static void pg_close(struct db *db)
{
	db_cache_clear(&db->cache, kept_free);
	if (db->conn)
		libpq.finish(db->conn);
	free(db->conninfo);
	free(db->errmsg);
	free(db);
}

static const char *pg_errmsg(const struct db *db)
{
	return db->errmsg ? db->errmsg : "not an error";
}

static int pg_exec(struct db *db, const char *sql)
{
	char *pgsql = pgsql_rewrite(sql, NULL);
	int rc = run(db, pgsql);

	free(pgsql);
	return rc;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	bool busy;
	struct db_cached *kept = db_cache_take(&db->cache, sql, &busy);
	struct db_stmt *s;

	*out = kept ? stmt_of(kept) : NULL;
	if (kept)
		return 0;
	s = xcalloc(1, sizeof(*s));
	s->head.db = db;
	s->db = db;
	s->row = -1;
	s->pgsql = pgsql_rewrite(sql, &s->nparams);
	if (s->nparams > 0) {
		s->values = xcalloc((size_t)s->nparams, sizeof(*s->values));
		s->lengths = xcalloc((size_t)s->nparams, sizeof(*s->lengths));
		s->formats = xcalloc((size_t)s->nparams, sizeof(*s->formats));
		s->types = xcalloc((size_t)s->nparams, sizeof(*s->types));
	}
	/* Prepared on the server at its first step, when the types of its
	 * bindings are known. */
	/* A statement not kept is deallocated on the server when given back. */
	snprintf(s->name, sizeof(s->name), "u%lld", ++db->names);
	db_cache_keep(&db->cache, &s->cached, sql, busy);
	*out = s;
	return 0;
}

static void clear_bindings(struct db_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
	}
}

static void pg_finalize(struct db_stmt *s)
{
	stream_end(s, true);
	s->stream = false;
	if (!s->cached.sql) {
		if (s->prepared) {
			char *sql = xasprintf("DEALLOCATE %s", s->name);
			libpq.clear(libpq.exec(s->db->conn, sql));
			free(sql);
		}
		stmt_free(s);
		return;
	}
	stmt_clear(s);
	clear_bindings(s);
	s->cached.in_use = false;
}

static void pg_reset(struct db_stmt *s)
{
	stream_end(s, true);
	stmt_clear(s);
}

/* Stores a binding; i from 1. A type is fixed by the first binding that
 * has one (the server prepares with it); NULL leaves it to the server. */
static void bind(struct db_stmt *s, int i, char *value, int len, int format, unsigned int type)
{
	if (i < 1 || i > s->nparams) {
		free(value);
		return;
	}
	free(s->values[i - 1]);
	s->values[i - 1] = value;
	s->lengths[i - 1] = len;
	s->formats[i - 1] = format;
	if (!s->prepared && type)
		s->types[i - 1] = type;
}

/* A double as text whatever the locale's decimal separator. */
static void format_double(double v, char *buf, size_t n)
{
	const char *dp = localeconv()->decimal_point;

	snprintf(buf, n, "%.17g", v);
	if (dp && dp[0] && dp[0] != '.')
		for (char *p = buf; *p; p++)
			if (*p == dp[0])
				*p = '.';
}

static void pg_bind_int64(struct db_stmt *s, int i, long long v)
{
	bind(s, i, xasprintf("%lld", v), 0, 0, OID_INT8);
}

static void pg_bind_double(struct db_stmt *s, int i, double v)
{
	char buf[64];

	format_double(v, buf, sizeof(buf));
	bind(s, i, xstrdup(buf), 0, 0, OID_FLOAT8);
}

static void pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	/* Text is left for the server to type from where it is used, as
	 * SQLite's text takes the affinity of what it meets. */
	bind(s, i, v ? xstrdup(v) : NULL, 0, 0, 0);
}

static void pg_bind_blob(struct db_stmt *s, int i, const void *p, size_t n)
{
	char *copy = xmalloc(n ? n : 1);

	memcpy(copy, p, n);
	bind(s, i, copy, (int)n, 1, OID_BYTEA);
}

static void pg_bind_null(struct db_stmt *s, int i)
{
	bind(s, i, NULL, 0, 0, 0);
}

static enum db_result classify(struct db *db, PGresult *res)
{
	const char *state = libpq.resultErrorField(res, PG_DIAG_SQLSTATE);

	take_error(db, res);
	if (state && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (state && (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
	              strcmp(state, "40P01") == 0))
		return DB_BUSY;
	return DB_ERROR;
}

/* Whether a failure was a parameter the server could not type: 42P18
 * (indeterminate) or 42P08 (ambiguous, as in "$1 IS NULL"). */
static bool untyped(const char *state)
{
	return state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0);
}

/* Prepares s on the server under its name; a
 * parameter whose type the server cannot tell from its use (a NULL or text
 * bound to "? IS NULL") is taken as text. Inside a transaction the tries
 * are made under a savepoint, since a failed one would abort it. */
static int server_prepare(struct db_stmt *s, PGresult **failed)
{
	struct db *db = s->db;
	bool txn = libpq.transactionStatus(db->conn) == PQTRANS_INTRANS;

	if (txn && run(db, "SAVEPOINT upskill_prepare") < 0)
		return -1;
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *res = libpq.prepare(db->conn, s->name, s->pgsql, s->nparams,
		                              (const Oid *)s->types);
		const char *state = libpq.resultErrorField(res, PG_DIAG_SQLSTATE);
		if (libpq.resultStatus(res) == PGRES_COMMAND_OK) {
			libpq.clear(res);
			if (txn && run(db, "RELEASE SAVEPOINT upskill_prepare") < 0)
				return -1;
			s->prepared = true;
			db->prepared++;
			return 0;
		}
		if (txn)
			libpq.clear(libpq.exec(db->conn, "ROLLBACK TO SAVEPOINT upskill_prepare"));
		if (attempt == 0 && untyped(state)) {
			libpq.clear(res);
			for (int i = 0; i < s->nparams; i++)
				if (!s->types[i])
					s->types[i] = OID_TEXT;
			continue;
		}
		if (txn)
			libpq.clear(libpq.exec(db->conn, "RELEASE SAVEPOINT upskill_prepare"));
		*failed = res;
		return -1;
	}
	return -1;
}

/* res, a result with rows, as the statement's: what its columns reads need
 * to know of it is found once, not per value. */
static void take_result(struct db_stmt *s, PGresult *res)
{
	const char *dp = localeconv()->decimal_point;

	s->res = res;
	s->row = 0;
	s->nrows = libpq.ntuples(res);
	s->nfields = libpq.nfields(res);
	s->bools = s->floats = 0;
	for (int i = 0; i < s->nfields && i < 64; i++) {
		unsigned int type = libpq.ftype(res, i);
		if (type == OID_BOOL)
			s->bools |= (uint64_t)1 << i;
		else if (type == OID_FLOAT8 || type == OID_FLOAT4)
			s->floats |= (uint64_t)1 << i;
	}
	s->point = dp && dp[0] ? dp[0] : '.';
}

/* Rows a cursor gives at a time: enough that a batch's round trip costs
 * little, few enough that its memory is used again by the next. */
#define STREAM_BATCH 4096

static void pg_stream(struct db_stmt *s)
{
	s->stream = true;
}

/* Closes a stream's cursor, and ends the transaction begun for it: committed
 * when it was read to the end or reset (it only read), rolled back after a
 * failure. */
static void stream_end(struct db_stmt *s, bool ok)
{
	struct db *db = s->db;

	if (s->cursor_open && ok) {
		char *sql = xasprintf("CLOSE %s_c", s->name);
		libpq.clear(libpq.exec(db->conn, sql));
		free(sql);
	}
	s->cursor_open = false;
	if (s->own_transaction) {
		libpq.clear(libpq.exec(db->conn, ok ? "COMMIT" : "ROLLBACK"));
		s->own_transaction = db->streaming = false;
	}
}

/* The cursor's next batch into s->res. */
static enum db_result stream_fetch(struct db_stmt *s)
{
	struct db *db = s->db;
	char *sql = xasprintf("FETCH FORWARD %d FROM %s_c", STREAM_BATCH, s->name);
	PGresult *res;
	enum db_result rc;

	stmt_clear(s);
	res = libpq.exec(db->conn, sql);
	free(sql);
	if (libpq.resultStatus(res) != PGRES_TUPLES_OK) {
		rc = classify(db, res);
		libpq.clear(res);
		stream_end(s, false);
		return rc;
	}
	take_result(s, res);
	s->last_batch = s->nrows < STREAM_BATCH;
	if (s->nrows > 0)
		return DB_ROW;
	stream_end(s, true);
	return DB_DONE;
}

/* A stream's first step: its cursor declared with the bindings, in the
 * transaction open or in one of its own. */
static enum db_result stream_open(struct db_stmt *s)
{
	struct db *db = s->db;
	PGresult *res;
	char *sql;
	enum db_result rc;

	if (!pg_in_transaction(db)) {
		if (run(db, "BEGIN") < 0)
			return DB_ERROR;
		s->own_transaction = db->streaming = true;
	}
	/* As server_prepare: a parameter the server cannot type is taken as
	 * text on a second try, under a savepoint since a failure aborts the
	 * transaction. */
	sql = xasprintf("DECLARE %s_c NO SCROLL CURSOR FOR %s", s->name, s->pgsql);
	if (run(db, "SAVEPOINT upskill_stream") < 0) {
		free(sql);
		stream_end(s, false);
		return DB_ERROR;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		res = libpq.execParams(db->conn, sql, s->nparams, s->types,
		                       (const char *const *)s->values, s->lengths, s->formats, 0);
		if (libpq.resultStatus(res) == PGRES_COMMAND_OK) {
			libpq.clear(res);
			s->cursor_open = run(db, "RELEASE SAVEPOINT upskill_stream") == 0;
			break;
		}
		libpq.clear(libpq.exec(db->conn, "ROLLBACK TO SAVEPOINT upskill_stream"));
		if (attempt == 0 && untyped(libpq.resultErrorField(res, PG_DIAG_SQLSTATE))) {
			libpq.clear(res);
			for (int i = 0; i < s->nparams; i++)
				if (!s->types[i])
					s->types[i] = OID_TEXT;
			continue;
		}
		libpq.clear(libpq.exec(db->conn, "RELEASE SAVEPOINT upskill_stream"));
		rc = classify(db, res);
		libpq.clear(res);
		free(sql);
		stream_end(s, false);
		return rc;
	}
	free(sql);
	if (!s->cursor_open) {
		stream_end(s, false);
		return DB_ERROR;
	}
	return stream_fetch(s);
}

static enum db_result pg_step(struct db_stmt *s)
{
	struct db *db = s->db;
	PGresult *res = NULL;
	enum db_result rc;

	if (s->res) {
		if (++s->row < s->nrows)
			return DB_ROW;
		if (s->cursor_open && !s->last_batch)
			return stream_fetch(s);
		stream_end(s, true);
		return DB_DONE;
	}
	if (s->stream)
		return stream_open(s);
	if (!s->prepared && server_prepare(s, &res) < 0) {
		if (!res)
			return DB_ERROR;
		rc = classify(db, res);
		libpq.clear(res);
		return rc;
	}
	res = libpq.execPrepared(db->conn, s->name, s->nparams, (const char *const *)s->values,
	                         s->lengths, s->formats, 0);
	switch (libpq.resultStatus(res)) {
	case PGRES_TUPLES_OK:
		take_result(s, res);
		return s->nrows > 0 ? DB_ROW : DB_DONE;
	case PGRES_COMMAND_OK:
		db->changes = atoll(libpq.cmdTuples(res));
		s->res = res;
		s->row = 0;
		s->nrows = s->nfields = 0;
		return DB_DONE;
	default:
		rc = classify(db, res);
		libpq.clear(res);
		return rc;
	}
}

static bool has_value(struct db_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < s->nfields &&
	       !libpq.getisnull(s->res, s->row, i);
}

static bool is_true(struct db_stmt *s, int i)
{
	return libpq.getvalue(s->res, s->row, i)[0] == 't';
}

static bool is_bool(const struct db_stmt *s, int i)
{
	return i < 64 ? (s->bools >> i & 1) != 0 : libpq.ftype(s->res, i) == OID_BOOL;
}

static bool is_float(const struct db_stmt *s, int i)
{
	unsigned int type;

	if (i < 64)
		return (s->floats >> i & 1) != 0;
	type = libpq.ftype(s->res, i);
	return type == OID_FLOAT8 || type == OID_FLOAT4;
}

/* An integer the server wrote: up to 18 digits by hand, as strtoll reads
 * them (a report reads some 500,000); anything else by strtoll. */
static long long parse_int(const char *text)
{
	const char *p = text + (*text == '-');
	unsigned long long v = 0;
	int digits = 0;

	for (; *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
		v = v * 10 + (unsigned long long)(*p - '0');
	if (*p || digits == 0)
		return strtoll(text, NULL, 10);
	return *text == '-' ? -(long long)v : (long long)v;
}

static long long pg_column_int64(struct db_stmt *s, int i)
{
	if (!has_value(s, i))
		return 0;
	if (is_bool(s, i))
		return is_true(s, i);
	return parse_int(libpq.getvalue(s->res, s->row, i));
}

/* A number the server wrote ("." as separator) whatever the locale's
 * separator, point. */
static double parse_double(const char *text, char point)
{
	char buf[128];

	/* Copied only where the locale's separator is not the server's. */
	if (point == '.')
		return strtod(text, NULL);
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = point;
	return strtod(buf, NULL);
}

static double pg_column_double(struct db_stmt *s, int i)
{
	if (!has_value(s, i))
		return 0;
	if (is_bool(s, i))
		return is_true(s, i);
	return parse_double(libpq.getvalue(s->res, s->row, i), s->point);
}

/* A REAL as SQLite writes it: fifteen significant digits, and ".0" when
 * there would be no point. */
static const char *sqlite_real(struct db_stmt *s, double v)
{
	char *b = s->numbuf, *e;

	snprintf(b, sizeof(s->numbuf), "%.15g", v);
	for (char *p = b; *p; p++)
		if (*p == ',')
			*p = '.';
	if (strchr(b, '.') || strchr(b, 'n') || strchr(b, 'i'))
		return b;
	e = strchr(b, 'e');
	if (e) {
		memmove(e + 2, e, strlen(e) + 1);
		e[0] = '.';
		e[1] = '0';
	} else {
		strcat(b, ".0");
	}
	return b;
}

static const char *pg_column_text(struct db_stmt *s, int i)
{
	if (!has_value(s, i))
		return NULL;
	if (is_bool(s, i))
		return is_true(s, i) ? "1" : "0";
	if (is_float(s, i))
		return sqlite_real(s, parse_double(libpq.getvalue(s->res, s->row, i), s->point));
	return libpq.getvalue(s->res, s->row, i);
}

static const void *pg_column_blob(struct db_stmt *s, int i, size_t *n)
{
	*n = 0;
	if (!has_value(s, i))
		return NULL;
	*n = (size_t)libpq.getlength(s->res, s->row, i);
	return libpq.getvalue(s->res, s->row, i);
}

static bool pg_column_is_null(struct db_stmt *s, int i)
{
	return !has_value(s, i);
}

static int pg_column_count(struct db_stmt *s)
{
	return s->res ? libpq.nfields(s->res) : 0;
}

static const char *pg_column_name(struct db_stmt *s, int i)
{
	return s->res ? libpq.fname(s->res, i) : NULL;
}

static enum db_type pg_column_type(struct db_stmt *s, int i)
{
	if (!has_value(s, i))
		return DB_NULL;
	switch (libpq.ftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

/* The identity's sequence set to the highest id, so the next row
 * generated does not take one given by a copy. */
static int pg_ids_follow(struct db *db, const char *table)
{
	char *sql =
	        xasprintf("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = '%s'::regclass"
	                  " AND a.attidentity <> ''",
	                  table);
	PGresult *res = libpq.exec(db->conn, sql);
	int rc = 0;

	free(sql);
	if (libpq.resultStatus(res) != PGRES_TUPLES_OK) {
		take_error(db, res);
		libpq.clear(res);
		return -1;
	}
	if (libpq.ntuples(res) == 1) {
		const char *col = libpq.getvalue(res, 0, 0);
		sql = xasprintf("SELECT setval(pg_get_serial_sequence('%s', '%s'), max(%s))"
		                " FROM %s HAVING max(%s) IS NOT NULL",
		                table, col, col, table, col);
		rc = run(db, sql);
		free(sql);
	}
	libpq.clear(res);
	return rc;
}

static long long pg_changes(struct db *db)
{
	return db->changes;
}

/* One integer from a query of one row, or -1 with the message. */
static int query_ll(struct db *db, const char *sql, long long *out)
{
	PGresult *res = libpq.exec(db->conn, sql);
	int rc = -1;

	if (libpq.resultStatus(res) != PGRES_TUPLES_OK) {
		take_error(db, res);
	} else if (libpq.ntuples(res) != 1 || libpq.getisnull(res, 0, 0)) {
		set_error(db, "no row");
	} else {
		*out = strtoll(libpq.getvalue(res, 0, 0), NULL, 10);
		rc = 0;
	}
	libpq.clear(res);
	return rc;
}

static long long pg_last_insert_id(struct db *db)
{
	long long id = 0;

	if (query_ll(db, LAST_INSERT_ID_SQL, &id) < 0)
		return 0;
	return id;
}

static int pg_begin(struct db *db)
{
	/* A stream's transaction is its own (db_stream). */
	if (db->streaming) {
		set_error(db, "internal error: a transaction begun while a streamed read is open");
		return -1;
	}
	return run(db, WRITE_LOCK_SQL);
}

static int pg_commit(struct db *db)
{
	PGresult *res = libpq.exec(db->conn, "COMMIT");
	int rc = 0;

	if (libpq.resultStatus(res) != PGRES_COMMAND_OK) {
		take_error(db, res);
		rc = -1;
	} else if (strcmp(libpq.cmdStatus(res), "ROLLBACK") == 0) {
		/* A transaction that failed part way is rolled back by COMMIT. */
		set_error(db, "the transaction failed and was rolled back");
		rc = -1;
	}
	libpq.clear(res);
	return rc;
}

static bool pg_in_transaction(struct db *db)
{
	PGTransactionStatusType t = libpq.transactionStatus(db->conn);

	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static void pg_rollback(struct db *db)
{
	if (pg_in_transaction(db) && !db->scratch) {
		PGresult *res = libpq.exec(db->conn, "ROLLBACK");
		libpq.clear(res);
	}
}

static int meta_exists(struct db *db, bool *yes)
{
	long long n = 0;

	if (query_ll(db,
	             "SELECT count(*) FROM pg_class WHERE relname = '" META_TABLE "'"
	             " AND relnamespace = current_schema()::regnamespace",
	             &n) < 0)
		return -1;
	*yes = n > 0;
	return 0;
}

static int meta_read(struct db *db, const char *column, int *out)
{
	bool yes = false;
	long long v = 0;
	char *sql;
	int rc;

	*out = 0;
	if (meta_exists(db, &yes) < 0)
		return -1;
	if (!yes)
		return 0;
	sql = xasprintf("SELECT coalesce(max(%s), 0) FROM " META_TABLE, column);
	rc = query_ll(db, sql, &v);
	free(sql);
	*out = (int)v;
	return rc;
}

static int pg_schema_version(struct db *db, int *version)
{
	/* No schema to keep a record in (search_path names none that
	 * exists) is an error, not an empty record. */
	long long has = 0;

	if (query_ll(db, "SELECT count(current_schema())", &has) < 0)
		return -1;
	if (!has) {
		set_error(db, "no schema to keep the record in: the connection's search_path "
		              "names none that exists");
		return -1;
	}
	return meta_read(db, "version", version);
}

static int pg_application_id(struct db *db, int *id)
{
	return meta_read(db, "application_id", id);
}

static int pg_set_schema_version(struct db *db, int version, int application_id)
{
	char *sql =
	        xasprintf("CREATE TABLE IF NOT EXISTS " META_TABLE " (version integer NOT NULL,"
	                  " application_id integer NOT NULL);"
	                  " DELETE FROM " META_TABLE "; INSERT INTO " META_TABLE " VALUES (%d, %d)",
	                  version, application_id);
	int rc = run(db, sql);

	free(sql);
	return rc;
}

static int pg_table_count(struct db *db, int *n)
{
	long long v = 0;
	int rc = query_ll(db,
	                  "SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p')"
	                  " AND relnamespace = current_schema()::regnamespace",
	                  &v);

	*n = (int)v;
	return rc;
}

/* Every table (its columns, types, defaults and constraints), index,
 * trigger and function in the record's schema but the driver's own table,
 * as text with the schema's name taken out, by name. */
static const char *pg_schema_query(const struct db *db)
{
	(void)db;
	return "WITH ns AS (SELECT current_schema()::regnamespace AS oid,"
	       " quote_ident(current_schema()) || '.' AS prefix)"
	       " SELECT type, name, sql FROM (SELECT 'table' AS type, c.relname::text AS name,"
	       " (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
	       " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
	       " || CASE a.attidentity WHEN 'd' THEN ' identity' WHEN 'a' THEN ' always' ELSE '' "
	       "END"
	       " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
	       " || coalesce(' collate ' || co.collname, ''), ', ' ORDER BY a.attnum)"
	       " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid"
	       " AND d.adnum = a.attnum LEFT JOIN pg_collation co ON co.oid = a.attcollation"
	       " AND a.attcollation <> 100"
	       " WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)"
	       " || coalesce((SELECT '; ' || string_agg(k.conname || ' '"
	       " || replace(pg_get_constraintdef(k.oid), ns.prefix, ''), '; '"
	       " ORDER BY k.conname COLLATE \"C\") FROM pg_constraint k WHERE k.conrelid = c.oid),"
	       " '')"
	       " FROM pg_class c, ns WHERE c.relnamespace = ns.oid AND c.relkind = 'r'"
	       " AND c.relname <> '" META_TABLE "'"
	       " UNION ALL SELECT 'index', c.relname::text, replace(pg_get_indexdef(c.oid),"
	       " ns.prefix, '') FROM pg_class c, ns WHERE c.relnamespace = ns.oid"
	       " AND c.relkind = 'i'"
	       " UNION ALL SELECT 'trigger', t.tgname::text, replace(pg_get_triggerdef(t.oid),"
	       " ns.prefix, '') FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid, ns"
	       " WHERE c.relnamespace = ns.oid AND NOT t.tgisinternal"
	       " UNION ALL SELECT 'function', p.proname || '(' || pg_get_function_arguments(p.oid)"
	       " || ')', p.prosrc FROM pg_proc p, ns WHERE p.pronamespace = ns.oid"
	       " UNION ALL SELECT 'view', c.relname::text, pg_get_viewdef(c.oid) FROM pg_class c, "
	       "ns"
	       " WHERE c.relnamespace = ns.oid AND c.relkind IN ('v', 'm')"
	       ") AS o (type, name, sql) ORDER BY name COLLATE \"C\"";
}

/* A schema of its own, made in a transaction never committed, on a second
 * connection to the same database: what upskill's migrations make, to
 * hold a record's schema to, gone when the connection closes. */
static int pg_open_scratch(struct db *like, struct db **out)
{
	const struct db_open_options opt = {.busy_ms = 30000};
	struct db *db;
	char *sql;
	int rc;

	if (pg_open(like->conninfo, &opt, out) < 0)
		return -1;
	db = *out;
	db->scratch = true;
	sql = xasprintf("BEGIN; CREATE SCHEMA upskill_scratch_%d;"
	                " SET LOCAL search_path = upskill_scratch_%d",
	                libpq.backendPID(db->conn), libpq.backendPID(db->conn));
	rc = run(db, sql);
	free(sql);
	return rc;
}

static long long pg_prepare_count(const struct db *db)
{
	return db->prepared;
}

static int pg_backup(struct db *db, const char *path)
{
	(void)path;
	set_error(db, "a PostgreSQL record is backed up with pg_dump, or copied to a SQLite file "
	              "with 'db copy'");
	return -1;
}

static bool pg_full(const struct db *db)
{
	return db->full;
}

const struct db_ops db_postgres_ops = {
        .name = "postgresql",
        .open = pg_open,
        .close = pg_close,
        .errmsg = pg_errmsg,
        .exec = pg_exec,
        .prepare = pg_prepare,
        .finalize = pg_finalize,
        .reset = pg_reset,
        .bind_int64 = pg_bind_int64,
        .bind_double = pg_bind_double,
        .bind_text = pg_bind_text,
        .bind_blob = pg_bind_blob,
        .bind_null = pg_bind_null,
        .stream = pg_stream,
        .step = pg_step,
        .column_int64 = pg_column_int64,
        .column_double = pg_column_double,
        .column_text = pg_column_text,
        .column_blob = pg_column_blob,
        .column_is_null = pg_column_is_null,
        .column_count = pg_column_count,
        .column_name = pg_column_name,
        .column_type = pg_column_type,
        .changes = pg_changes,
        .last_insert_id = pg_last_insert_id,
        .begin = pg_begin,
        .commit = pg_commit,
        .rollback = pg_rollback,
        .in_transaction = pg_in_transaction,
        .schema_version = pg_schema_version,
        .application_id = pg_application_id,
        .set_schema_version = pg_set_schema_version,
        .table_count = pg_table_count,
        .ids_follow = pg_ids_follow,
        .schema_query = pg_schema_query,
        .open_scratch = pg_open_scratch,
        .prepare_count = pg_prepare_count,
        .backup = pg_backup,
        .full = pg_full,
};
