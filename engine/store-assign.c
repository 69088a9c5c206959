/*
 * Assignments in the record (store-assign.h): every change an event in
 * the chain, the table its mirror, and verify holding one to the other.
 */
#include "store-assign.h"

#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"

/* The JSON an assignment.set event carries, made from the row's fields so
 * that verify can build it again from the table. */
static char *set_data(const char *due, const char *reason)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"due\":");
	strbuf_add_json(&sb, due);
	strbuf_adds(&sb, ",\"reason\":");
	strbuf_add_json(&sb, reason ? reason : "");
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

/* Assigns one module to one person inside the caller's transaction. */
static int set_one(struct store *st, long long learner, const char *module, const char *due,
                   const char *reason, long long actor, struct store_assign_counts *counts,
                   char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32], *was = NULL, *data = NULL;
	bool found = false;
	int rc = -1;

	if (store_prepare(st,
	                  "SELECT due_on FROM assignments WHERE learner_id = ? AND module_id = ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	if (store_step_one(st, stmt, &found, "cannot read assignments", err) < 0)
		return -1;
	if (found)
		was = store_column_dup(stmt, 0);
	db_finalize(stmt);
	if (was && strcmp(was, due) == 0) {
		counts->same++;
		free(was);
		return 0;
	}
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO assignments (learner_id, module_id, due_on, reason,"
	                  " assigned_by, assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	                  " ON CONFLICT (learner_id, module_id) DO UPDATE SET due_on = ?3,"
	                  " reason = ?4, assigned_by = ?5, assigned_at = ?6",
	                  &stmt, err) < 0)
		goto out;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	db_bind_text(stmt, 3, due);
	db_bind_text(stmt, 4, reason ? reason : "");
	if (actor > 0)
		db_bind_int64(stmt, 5, actor);
	db_bind_text(stmt, 6, at);
	if (store_step_done(st, stmt, "cannot save the assignment", err) < 0)
		goto out;
	data = set_data(due, reason);
	if (store_event_append(st, "assignment.set", actor, learner, module, data, NULL, err) < 0)
		goto out;
	if (was)
		counts->moved++;
	else
		counts->added++;
	rc = 0;
out:
	free(data);
	free(was);
	return rc;
}

int store_assign_set(struct store *st, const long long *learners, size_t nl,
                     const char *const *modules, size_t nm, const char *due, const char *reason,
                     long long actor, struct store_assign_counts *counts, char **err)
{
	memset(counts, 0, sizeof(*counts));
	if (store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < nl; i++)
		for (size_t m = 0; m < nm; m++)
			if (set_one(st, learners[i], modules[m], due, reason, actor, counts, err) <
			    0) {
				store_rollback(st);
				memset(counts, 0, sizeof(*counts));
				return -1;
			}
	return store_commit(st, err);
}

int store_assign_remove(struct store *st, long long learner, const char *module, const char *reason,
                        long long actor, char **err)
{
	struct db_stmt *stmt = NULL;
	struct strbuf data;
	bool found = false;
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_prepare(st, "SELECT 1 FROM assignments WHERE learner_id = ? AND module_id = ?",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	rc = store_step_one(st, stmt, &found, "cannot read assignments", err);
	db_finalize(stmt);
	if (rc < 0)
		goto fail;
	if (!found) {
		store_rollback(st);
		return STORE_NOT_FOUND;
	}
	if (store_prepare(st, "DELETE FROM assignments WHERE learner_id = ? AND module_id = ?",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	if (store_step_done(st, stmt, "cannot remove the assignment", err) < 0)
		goto fail;
	strbuf_init(&data);
	strbuf_adds(&data, "{\"reason\":");
	strbuf_add_json(&data, reason);
	strbuf_addc(&data, '}');
	rc = store_event_append(st, "assignment.remove", actor, learner, module, data.buf, NULL,
	                        err);
	strbuf_release(&data);
	if (rc < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

static void assignment_row(struct db_stmt *stmt, void *item)
{
	struct store_assignment *a = item;

	a->learner = db_column_int64(stmt, 0);
	a->name = store_column_dup(stmt, 1);
	a->active = db_column_int(stmt, 2) != 0;
	a->module = store_column_dup(stmt, 3);
	a->due = store_column_dup(stmt, 4);
	a->reason = store_column_dup(stmt, 5);
	a->assigned_by = store_column_dup(stmt, 6);
	a->assigned_at = store_column_dup(stmt, 7);
	a->passed_at = store_column_dup(stmt, 8);
}

static void assignment_release(void *item)
{
	struct store_assignment *a = item;

	free(a->name);
	free(a->module);
	free(a->due);
	free(a->reason);
	free(a->assigned_by);
	free(a->assigned_at);
	free(a->passed_at);
}

int store_assign_list(struct store *st, long long learner, struct store_assignment **out, size_t *n,
                      char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	/* Done is a pass that counts, at any time: one before the assignment
	 * was made answers it too. */
	if (store_prepare(
	            st,
	            "SELECT a.learner_id, l.name, l.active, a.module_id, a.due_on, a.reason,"
	            " coalesce(b.name, ''), a.assigned_at,"
	            " (SELECT max(t.finished_at) FROM attempts t WHERE t.learner_id ="
	            " a.learner_id AND t.module_id = a.module_id AND t.passed = 1 AND"
	            " " STORE_ATTEMPT_COUNTS(
	                    "t") ")"
	                         " FROM assignments a JOIN learners l ON l.id = a.learner_id"
	                         " LEFT JOIN learners b ON b.id = a.assigned_by"
	                         " WHERE ?1 = 0 OR a.learner_id = ?1"
	                         " ORDER BY l.name COLLATE NOCASE, l.id, a.due_on, a.module_id",
	            &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	return store_collect(st, stmt, sizeof(**out), assignment_row, assignment_release, out, n,
	                     "cannot read assignments", err);
}

void store_assignments_free(struct store_assignment *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assignment_release(&list[i]);
	free(list);
}

/* ---- verify ---- */

static const char *column_text(struct db_stmt *stmt, int col)
{
	const char *s = db_column_text(stmt, col);
	return s ? s : "";
}

/* An assignment as its row gives it: whose, which module, by whom, when,
 * and the event's JSON. */
static char *assignment_row_data(struct db_stmt *stmt)
{
	struct strbuf sb;
	char *data = set_data(column_text(stmt, 5), column_text(stmt, 6));

	strbuf_init(&sb);
	strbuf_addf(&sb, "%lld|%s|", db_column_int64(stmt, 3), column_text(stmt, 4));
	if (db_column_int64(stmt, 7) > 0)
		strbuf_addf(&sb, "%lld", db_column_int64(stmt, 7));
	strbuf_addf(&sb, "|%s|%s", column_text(stmt, 8), data);
	free(data);
	return strbuf_detach(&sb);
}

int store_verify_assignments(struct store *st, struct store_verify *v, char **err)
{
	/* Each row against the last event for its person and module, which
	 * must be an assignment.set; then each person and module whose last
	 * event is an assignment.set and has no row. */
	return store_verify_mirror(
	        st,
	        "WITH last AS (SELECT learner_id, subject, max(id) AS id FROM events"
	        " WHERE kind IN ('assignment.set', 'assignment.remove')" STORE_SQL_NOT_ANSWER
	        " GROUP BY learner_id, subject)"
	        " SELECT e.id, e.learner_id || '|' || e.subject || '|' ||"
	        " coalesce(CAST(e.actor_id AS TEXT), '') || '|' || e.at || '|' || e.data, 1,"
	        " a.learner_id, a.module_id, a.due_on, a.reason, a.assigned_by, a.assigned_at"
	        " FROM assignments a LEFT JOIN last l ON l.learner_id = a.learner_id"
	        " AND l.subject = a.module_id"
	        " LEFT JOIN events e ON e.id = l.id AND e.kind = 'assignment.set'"
	        " UNION ALL SELECT l.id, NULL, 0, 0, '', '', '', 0, '' FROM last l"
	        " JOIN events e ON e.id = l.id AND e.kind = 'assignment.set'"
	        " WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE"
	        " a.learner_id = l.learner_id AND a.module_id = l.subject) ORDER BY 1",
	        assignment_row_data, "assignment", v, err);
}
