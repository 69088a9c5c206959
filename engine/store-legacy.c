/*
 * For the move to the driver only: the store's helpers in SQLite's own
 * types, for the store-*.c files not yet moved (store-private.h). Removed
 * with the last of them.
 */
#define STORE_LEGACY_SQLITE
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"

void *db_sqlite_handle(struct db *db);

sqlite3 *store_legacy_handle(struct store *st)
{
	return db_sqlite_handle(st->db);
}

int store_legacy_db_error(struct store *st, char **err, const char *what)
{
	return util_error(err, "%s: %s", what, sqlite3_errmsg(store_legacy_handle(st)));
}

int store_legacy_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt, char **err)
{
	if (sqlite3_prepare_v2(store_legacy_handle(st), sql, -1, stmt, NULL) != SQLITE_OK)
		return store_legacy_db_error(st, err, "database error");
	return 0;
}

char *store_legacy_column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? xstrdup((const char *)s) : NULL;
}
int store_legacy_step_done(struct store *st, sqlite3_stmt *stmt, const char *what, char **err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_legacy_db_error(st, err, what);
	return 0;
}

int store_legacy_collect(struct store *st, sqlite3_stmt *stmt, size_t size,
                         void (*row)(sqlite3_stmt *stmt, void *item), void (*release)(void *item),
                         void *out, size_t *n, const char *what, char **err)
{
	char *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*(void **)out = NULL;
	*n = 0;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow(&list, &cap, count + 1, size);
		memset(list + count * size, 0, size);
		row(stmt, list + count * size);
		count++;
	}
	if (step != SQLITE_DONE) {
		store_legacy_db_error(st, err, what);
		sqlite3_finalize(stmt);
		for (size_t i = 0; i < count; i++)
			release(list + i * size);
		free(list);
		return -1;
	}
	sqlite3_finalize(stmt);
	*(void **)out = list;
	*n = count;
	return 0;
}

int store_legacy_step_one(struct store *st, sqlite3_stmt *stmt, bool *found, const char *what,
                          char **err)
{
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		*found = true;
		return 0;
	case SQLITE_DONE:
		*found = false;
		return 0;
	default:
		*found = false;
		return store_legacy_db_error(st, err, what);
	}
}
