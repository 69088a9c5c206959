/*
 * A whole record copied into a new one (store-copy.h), so an organisation
 * can move from SQLite to PostgreSQL, or back, without losing its history.
 * Rows are copied as they are, ids and hashes included, table by table in
 * an order that puts every row after the rows it refers to; the event log
 * is only ever inserted into, so its triggers stay in place. Nothing is
 * committed until the copy verifies and ends at the same head as the
 * source.
 */
#include "store-copy.h"

#include <stdlib.h>
#include <string.h>

#include "store-events.h"
#include "store-private.h"
#include "util.h"

/* Every table of the record, each after those it refers to. A table this
 * list lacks (a migration added it) is refused, never skipped. */
static const char *const TABLES[] = {
        "learners",         "events",         "attempts",      "answers",      "lesson_progress",
        "acknowledgements", "login_failures", "duties",        "duty_modules", "duty_stages",
        "duty_practice",    "publications",   "sign_in_turns", "settings",     "xapi_sent",
        "refresh_answers",  "assignments",
};
#define TABLE_COUNT (sizeof(TABLES) / sizeof(TABLES[0]))

static bool known_table(const char *name)
{
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (strcmp(TABLES[i], name) == 0)
			return true;
	return false;
}

/* Every table the record holds must be one the copy knows. */
static int tables_known(struct store *st, const char *side, char **err)
{
	struct db_stmt *stmt = NULL;
	int step, rc = 0;

	if (store_prepare(st, db_schema_query(st->db), &stmt, err) < 0)
		return -1;
	while (rc == 0 && (step = db_step(stmt)) == DB_ROW) {
		const char *type = db_column_text(stmt, 0), *name = db_column_text(stmt, 1);
		if (strcmp(type, "table") == 0 && !known_table(name))
			rc = util_error(
			        err, "db copy: the %s has a table '%s' that db copy does not know",
			        side, name);
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_db_error(st, err, "db copy: cannot read the schema");
	db_finalize(stmt);
	return rc;
}

static int count_rows(struct store *st, const char *table, long long *n, char **err)
{
	struct db_stmt *stmt = NULL;
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	bool found = false;
	int rc = store_prepare(st, sql, &stmt, err);

	free(sql);
	if (rc < 0)
		return -1;
	rc = store_step_one(st, stmt, &found, "db copy: cannot count rows", err);
	*n = found ? db_column_int64(stmt, 0) : 0;
	db_finalize(stmt);
	return rc;
}

/* The INSERT for a row of table shaped as stmt's. */
static char *insert_sql(const char *table, struct db_stmt *stmt)
{
	struct strbuf sb;
	int n = db_column_count(stmt);

	strbuf_init(&sb);
	strbuf_addf(&sb, "INSERT INTO %s (", table);
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", db_column_name(stmt, i));
	strbuf_adds(&sb, ") VALUES (");
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s?%d", i ? ", " : "", i + 1);
	strbuf_adds(&sb, ")");
	return strbuf_detach(&sb);
}

static void bind_like(struct db_stmt *to, int i, struct db_stmt *from, int col)
{
	const void *p;
	size_t n;

	switch (db_column_type(from, col)) {
	case DB_INTEGER:
		db_bind_int64(to, i, db_column_int64(from, col));
		break;
	case DB_FLOAT:
		db_bind_double(to, i, db_column_double(from, col));
		break;
	case DB_TEXT:
		db_bind_text(to, i, db_column_text(from, col));
		break;
	case DB_BLOB:
		p = db_column_blob(from, col, &n);
		db_bind_blob(to, i, p, n);
		break;
	default:
		db_bind_null(to, i);
	}
}

static int copy_table(struct store *from, struct store *to, const char *table, char **err)
{
	struct db_stmt *rows = NULL, *ins = NULL;
	char *sql = xasprintf("SELECT * FROM %s ORDER BY 1", table), *insert = NULL;
	int step, rc = store_prepare(from, sql, &rows, err);

	free(sql);
	if (rc < 0)
		return -1;
	while (rc == 0 && (step = db_step(rows)) == DB_ROW) {
		if (!insert)
			insert = insert_sql(table, rows);
		if (store_prepare(to, insert, &ins, err) < 0) {
			rc = -1;
			break;
		}
		for (int i = 0; i < db_column_count(rows); i++)
			bind_like(ins, i + 1, rows, i);
		if (db_step(ins) != DB_DONE)
			rc = util_error(err, "db copy: a row of '%s' was refused by the copy: %s",
			                table, db_errmsg(to->db));
		db_finalize(ins);
		ins = NULL;
	}
	if (rc == 0 && step != DB_DONE)
		rc = util_error(err, "db copy: cannot read '%s' from the source: %s", table,
		                db_errmsg(from->db));
	db_finalize(rows);
	free(insert);
	if (rc == 0 && db_ids_follow(to->db, table) < 0)
		rc = util_error(err, "db copy: cannot set the ids of '%s': %s", table,
		                db_errmsg(to->db));
	return rc;
}

/* Verifies st, naming it side in the message. */
static int verified(struct store *st, const char *side, struct store_verify *v, char **err)
{
	int rc = store_verify_with(st, v, NULL, NULL, err);

	if (rc < 0)
		return -1;
	if (rc > 0) {
		util_error(err, "db copy: the %s does not verify: %s%s", side,
		           v->broken_id ? "" : "record not as upskill keeps it: ", v->problem);
		store_verify_release(v);
		return -1;
	}
	return 0;
}

int store_copy(struct store *from, struct store *to, long long *events, char head[65], char **err)
{
	struct store_verify vf = {0}, vt = {0};

	if (verified(from, "source", &vf, err) < 0)
		return -1;
	if (vf.events == 0) {
		util_error(err, "db copy: the source holds no record (no events)");
		goto fail;
	}
	if (tables_known(from, "source", err) < 0 || tables_known(to, "target", err) < 0)
		goto fail;
	for (size_t i = 0; i < TABLE_COUNT; i++) {
		long long n = 0;
		if (count_rows(to, TABLES[i], &n, err) < 0)
			goto fail;
		if (n > 0) {
			util_error(err,
			           "db copy: the target is not empty ('%s' has %lld row%s): "
			           "a record is only ever copied into a new one",
			           TABLES[i], n, n == 1 ? "" : "s");
			goto fail;
		}
	}
	if (store_begin(to, err) < 0)
		goto fail;
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (copy_table(from, to, TABLES[i], err) < 0)
			goto rollback;
	/* The copy, still uncommitted, must verify and end where the source
	 * does; otherwise nothing of it is kept. */
	if (verified(to, "copy", &vt, err) < 0)
		goto rollback;
	if (vt.events != vf.events || strcmp(vt.head, vf.head) != 0) {
		util_error(err,
		           "db copy: the copy ends at event %lld, head %.16s..., not at the "
		           "source's %lld, %.16s...",
		           vt.events, vt.head, vf.events, vf.head);
		goto rollback;
	}
	if (store_commit(to, err) < 0)
		goto fail;
	*events = vf.events;
	memcpy(head, vf.head, 65);
	store_verify_release(&vf);
	store_verify_release(&vt);
	return 0;
rollback:
	store_rollback(to);
fail:
	store_verify_release(&vf);
	store_verify_release(&vt);
	return -1;
}
