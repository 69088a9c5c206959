/*
 * The database driver's dispatch (db.h): db_open picks the engine by what
 * it is given (a PostgreSQL connection string, or a file for SQLite), and
 * every other call goes to the engine the database was opened with. The
 * store never knows which it has.
 */
#include <string.h>

#include "db-driver.h"

static const struct db_ops *ops_of(const struct db *db)
{
	return ((const struct db_head *)(const void *)db)->ops;
}

static const struct db_ops *stmt_ops(const struct db_stmt *s)
{
	return ops_of(((const struct db_stmt_head *)(const void *)s)->db);
}

bool db_is_server(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0 ||
	       strncmp(path, "service=", 8) == 0 || strncmp(path, "host=", 5) == 0 ||
	       strncmp(path, "dbname=", 7) == 0;
}

int db_open_with(const char *path, const struct db_open_options *opt, struct db **out)
{
	const struct db_ops *ops = db_is_server(path) ? &db_postgres_ops : &db_sqlite_ops;

	return ops->open(path, opt, out);
}

int db_open(const char *path, int busy_ms, struct db **out)
{
	const struct db_open_options opt = {.busy_ms = busy_ms};

	return db_open_with(path, &opt, out);
}

int db_backup(struct db *db, const char *path)
{
	return ops_of(db)->backup(db, path);
}

bool db_full(const struct db *db)
{
	return ops_of(db)->full(db);
}

void db_close(struct db *db)
{
	if (db)
		ops_of(db)->close(db);
}

int db_open_scratch(struct db *like, struct db **out)
{
	return ops_of(like)->open_scratch(like, out);
}

const char *db_errmsg(const struct db *db)
{
	return ops_of(db)->errmsg(db);
}

const char *db_engine(const struct db *db)
{
	return ops_of(db)->name;
}

int db_exec(struct db *db, const char *sql)
{
	return ops_of(db)->exec(db, sql);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **stmt)
{
	return ops_of(db)->prepare(db, sql, stmt);
}

void db_finalize(struct db_stmt *stmt)
{
	if (stmt)
		stmt_ops(stmt)->finalize(stmt);
}

void db_reset(struct db_stmt *stmt)
{
	stmt_ops(stmt)->reset(stmt);
}

void db_bind_int64(struct db_stmt *stmt, int i, long long v)
{
	stmt_ops(stmt)->bind_int64(stmt, i, v);
}

void db_bind_int(struct db_stmt *stmt, int i, int v)
{
	stmt_ops(stmt)->bind_int64(stmt, i, v);
}

void db_bind_double(struct db_stmt *stmt, int i, double v)
{
	stmt_ops(stmt)->bind_double(stmt, i, v);
}

void db_bind_text(struct db_stmt *stmt, int i, const char *s)
{
	stmt_ops(stmt)->bind_text(stmt, i, s);
}

void db_bind_text_kept(struct db_stmt *stmt, int i, const char *s)
{
	const struct db_ops *ops = stmt_ops(stmt);

	(ops->bind_text_kept ? ops->bind_text_kept : ops->bind_text)(stmt, i, s);
}

void db_bind_blob(struct db_stmt *stmt, int i, const void *p, size_t n)
{
	stmt_ops(stmt)->bind_blob(stmt, i, p, n);
}

void db_bind_null(struct db_stmt *stmt, int i)
{
	stmt_ops(stmt)->bind_null(stmt, i);
}

void db_stream(struct db_stmt *stmt)
{
	if (stmt_ops(stmt)->stream)
		stmt_ops(stmt)->stream(stmt);
}

enum db_result db_step(struct db_stmt *stmt)
{
	return stmt_ops(stmt)->step(stmt);
}

long long db_column_int64(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_int64(stmt, i);
}

int db_column_int(struct db_stmt *stmt, int i)
{
	return (int)stmt_ops(stmt)->column_int64(stmt, i);
}

double db_column_double(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_double(stmt, i);
}

const char *db_column_text(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_text(stmt, i);
}

const void *db_column_blob(struct db_stmt *stmt, int i, size_t *n)
{
	return stmt_ops(stmt)->column_blob(stmt, i, n);
}

bool db_column_is_null(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_is_null(stmt, i);
}

int db_column_count(struct db_stmt *stmt)
{
	return stmt_ops(stmt)->column_count(stmt);
}

const char *db_column_name(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_name(stmt, i);
}

enum db_type db_column_type(struct db_stmt *stmt, int i)
{
	return stmt_ops(stmt)->column_type(stmt, i);
}

int db_ids_follow(struct db *db, const char *table)
{
	return ops_of(db)->ids_follow(db, table);
}

long long db_changes(struct db *db)
{
	return ops_of(db)->changes(db);
}

long long db_last_insert_id(struct db *db)
{
	return ops_of(db)->last_insert_id(db);
}

int db_begin(struct db *db)
{
	return ops_of(db)->begin(db);
}

int db_commit(struct db *db)
{
	return ops_of(db)->commit(db);
}

void db_rollback(struct db *db)
{
	ops_of(db)->rollback(db);
}

bool db_can_pair(struct db *db)
{
	return ops_of(db)->read_pair != NULL;
}

int db_read_pair(struct db *db, struct db **sibling)
{
	if (sibling)
		*sibling = NULL;
	if (!ops_of(db)->read_pair || db_in_transaction(db))
		return 1;
	return ops_of(db)->read_pair(db, sibling);
}

void db_read_end(struct db *db, struct db *sibling)
{
	db_close(sibling);
	/* A read that cannot be committed is still ended: a connection left
	 * in it would read this snapshot for good. */
	if (db_in_transaction(db) && ops_of(db)->commit(db) < 0)
		ops_of(db)->rollback(db);
}

bool db_in_transaction(struct db *db)
{
	return ops_of(db)->in_transaction(db);
}

int db_data_version(struct db *db, unsigned *version)
{
	const struct db_ops *ops = ops_of(db);

	return ops->data_version ? ops->data_version(db, version) : -1;
}

int db_schema_version(struct db *db, int *version)
{
	return ops_of(db)->schema_version(db, version);
}

int db_application_id(struct db *db, int *id)
{
	return ops_of(db)->application_id(db, id);
}

int db_set_schema_version(struct db *db, int version, int application_id)
{
	return ops_of(db)->set_schema_version(db, version, application_id);
}

int db_table_count(struct db *db, int *n)
{
	return ops_of(db)->table_count(db, n);
}

const char *db_schema_query(const struct db *db)
{
	return ops_of(db)->schema_query(db);
}

long long db_prepare_count(const struct db *db)
{
	return ops_of(db)->prepare_count(db);
}
