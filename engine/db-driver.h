/*
 * What db.c and the engine drivers (db-sqlite.c, db-postgres.c) share and
 * nothing else sees: each driver's table of functions. Every driver's
 * struct db starts with a struct db_head and every struct db_stmt with a
 * struct db_stmt_head, so db.c can find the table without knowing the rest.
 */
#ifndef UPSKILL_DB_DRIVER_H
#define UPSKILL_DB_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct db_ops {
	const char *name;
	int (*open)(const char *path, const struct db_open_options *opt, struct db **out);
	void (*close)(struct db *db);
	const char *(*errmsg)(const struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **stmt);
	void (*finalize)(struct db_stmt *stmt);
	void (*reset)(struct db_stmt *stmt);
	void (*bind_int64)(struct db_stmt *stmt, int i, long long v);
	void (*bind_double)(struct db_stmt *stmt, int i, double v);
	void (*bind_text)(struct db_stmt *stmt, int i, const char *s);
	/* NULL: copied as bind_text copies it */
	void (*bind_text_kept)(struct db_stmt *stmt, int i, const char *s);
	void (*bind_blob)(struct db_stmt *stmt, int i, const void *p, size_t n);
	void (*bind_null)(struct db_stmt *stmt, int i);
	void (*stream)(struct db_stmt *stmt); /* NULL: rows are read as stepped anyway */
	enum db_result (*step)(struct db_stmt *stmt);
	long long (*column_int64)(struct db_stmt *stmt, int i);
	double (*column_double)(struct db_stmt *stmt, int i);
	const char *(*column_text)(struct db_stmt *stmt, int i);
	const void *(*column_blob)(struct db_stmt *stmt, int i, size_t *n);
	bool (*column_is_null)(struct db_stmt *stmt, int i);
	int (*column_count)(struct db_stmt *stmt);
	const char *(*column_name)(struct db_stmt *stmt, int i);
	enum db_type (*column_type)(struct db_stmt *stmt, int i);
	long long (*changes)(struct db *db);
	long long (*last_insert_id)(struct db *db);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	bool (*in_transaction)(struct db *db);
	/* NULL: reads are not put in one snapshot (db_read_pair) */
	int (*read_pair)(struct db *db, struct db **sibling);
	int (*data_version)(struct db *db, unsigned *version); /* NULL: cannot tell */
	int (*schema_version)(struct db *db, int *version);
	int (*application_id)(struct db *db, int *id);
	int (*set_schema_version)(struct db *db, int version, int application_id);
	int (*table_count)(struct db *db, int *n);
	int (*ids_follow)(struct db *db, const char *table);
	const char *(*schema_query)(const struct db *db);
	int (*open_scratch)(struct db *like, struct db **out);
	long long (*prepare_count)(const struct db *db);
	int (*backup)(struct db *db, const char *path);
	bool (*full)(const struct db *db);
};

struct db_head {
	const struct db_ops *ops;
};

struct db_stmt_head {
	struct db *db;
};

/* The prepared statements a driver keeps for the life of a connection,
 * because preparing is most of what a short statement costs (issue 17
 * measured 64% of an answer's CPU): a hash table keyed by the SQL text
 * (db-cache.c). Each driver's statement holds a struct db_cached. A
 * statement whose SQL is already handed out (a query run inside the loop of
 * another), or one past DB_CACHE_MAX, is not kept: its sql stays NULL and
 * the driver frees it when it is given back. */
#define DB_CACHE_SLOTS 256
#define DB_CACHE_MAX   192

struct db_cached {
	char *sql;              /* the key; NULL for a statement not kept */
	bool in_use;            /* handed out and not yet given back */
	struct db_cached *next; /* the next in the same slot */
};

struct db_cache {
	struct db_cached *slots[DB_CACHE_SLOTS];
	struct db_cached *by_address[DB_CACHE_SLOTS]; /* the last found at an address */
	int kept;
};

/* A kept statement of sql not in use, now marked in use; NULL if there is
 * none, with *busy telling whether one is kept but handed out. */
struct db_cached *db_cache_take(struct db_cache *c, const char *sql, bool *busy);
/* Marks a statement just prepared in use and keeps it under sql, unless
 * busy (from db_cache_take) or the cache is full. */
void db_cache_keep(struct db_cache *c, struct db_cached *e, const char *sql, bool busy);
/* Gives every kept statement to drop, and empties the cache. */
void db_cache_clear(struct db_cache *c, void (*drop)(struct db_cached *e));

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_postgres_ops;

#endif
