/*
 * The record as the consultant's reports read it beyond standing (which
 * store-facts.c loads): answers for item analysis, one learner's history
 * and acknowledgements. Set-based queries, never one per person; which
 * modules a report covers comes in as one bound JSON array, read with
 * json_each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-reports.h"

/* The modules a report is limited to: the bound JSON array ?2
 * (store-private.h). */
#define MODULES STORE_SQL_IN_JSON("?2")
/* An attempt's time in the history (alias a), an open one's with its
 * answers'. */
#define SECONDS STORE_ATTEMPT_SECONDS("a")

/* Activity counts from since; "" (before every time) when there is none. */
static const char *scope_since(const struct store_scope *scope)
{
	return scope && scope->since ? scope->since : "";
}

static char *dup_or_null(struct db_stmt *stmt, int col)
{
	return db_column_is_null(stmt, col) ? NULL : store_column_dup(stmt, col);
}

/* The modules of a scope as a JSON array, or NULL for all of them. */
static char *scope_json(const struct store_scope *scope)
{
	if (!scope || !scope->modules)
		return NULL;
	return store_json_array(scope->modules, scope->nmodules);
}

int store_report_item_answers(struct store *st, const char *module, const char *since,
                              struct store_item_answer **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct store_item_answer *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT a.id, a.percent, an.question_id, an.response, an.fraction,"
	                  " an.module_version FROM attempts a"
	                  " JOIN learners l ON l.id = a.learner_id"
	                  " JOIN answers an ON an.attempt_id = a.id"
	                  " WHERE a.module_id = ?1 AND a.finished_at IS NOT NULL"
	                  " AND a.finished_at >= ?2 AND l.role = 'staff'"
	                  " AND " STORE_ATTEMPT_COUNTS("a") " ORDER BY an.question_id, a.id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, module);
	db_bind_text(stmt, 2, since ? since : "");
	while ((step = db_step(stmt)) == DB_ROW) {
		struct store_item_answer *a;
		xgrow(&list, &cap, count + 1, sizeof(*list));
		a = &list[count++];
		a->attempt_id = db_column_int64(stmt, 0);
		a->percent = db_column_double(stmt, 1);
		a->question_id = store_column_dup(stmt, 2);
		a->response = store_column_dup(stmt, 3);
		a->fraction = db_column_double(stmt, 4);
		a->module_version = store_column_dup(stmt, 5);
	}
	db_finalize(stmt);
	if (step != DB_DONE) {
		item_answers_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

void item_answers_free(struct store_item_answer *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].question_id);
		free(list[i].response);
		free(list[i].module_version);
	}
	free(list);
}

int store_report_history(struct store *st, long long learner, const struct store_scope *scope,
                         struct store_history **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct store_history *list = NULL;
	size_t count = 0, cap = 0, acap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	/* One query for every attempt and answer; an attempt without answers
	 * comes as one row with the answer's columns NULL. */
	if (store_prepare(
	            st,
	            "SELECT a.id, a.module_id, a.module_version, a.seed, a.plan, a.started_at,"
	            " a.finished_at, a.score, a.max_score, a.percent, a.passed, " SECONDS ","
	            " an.question_id, an.response, an.fraction, an.weight,"
	            " an.module_version, an.answered_at, a.number"
	            " FROM (SELECT *, row_number() OVER (PARTITION BY module_id ORDER BY id)"
	            " AS number FROM attempts WHERE learner_id = ?1) a"
	            " LEFT JOIN answers an ON an.attempt_id = a.id"
	            " WHERE (?2 IS NULL OR a.module_id IN " MODULES ")"
	            " AND " STORE_ATTEMPT_AT("a") " >= ?3 ORDER BY a.id, an.id",
	            &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, modules);
	db_bind_text(stmt, 3, scope_since(scope));
	while ((step = db_step(stmt)) == DB_ROW) {
		long long id = db_column_int64(stmt, 0);
		struct store_history *h;
		struct answer *an;

		if (count == 0 || list[count - 1].attempt.id != id) {
			struct attempt *a;
			xgrow(&list, &cap, count + 1, sizeof(*list));
			h = &list[count++];
			memset(h, 0, sizeof(*h));
			acap = 0;
			a = &h->attempt;
			a->id = id;
			a->learner_id = learner;
			a->module_id = store_column_dup(stmt, 1);
			a->module_version = store_column_dup(stmt, 2);
			a->seed = (unsigned long long)db_column_int64(stmt, 3);
			a->plan = store_column_dup(stmt, 4);
			a->started_at = store_column_dup(stmt, 5);
			a->finished_at = dup_or_null(stmt, 6);
			a->score = db_column_double(stmt, 7);
			a->max_score = db_column_double(stmt, 8);
			a->percent = db_column_double(stmt, 9);
			a->passed = db_column_int(stmt, 10) != 0;
			a->seconds = (long)db_column_int64(stmt, 11);
			h->number = db_column_int(stmt, 18);
		}
		h = &list[count - 1];
		if (db_column_is_null(stmt, 12))
			continue;
		xgrow(&h->answers, &acap, h->nanswers + 1, sizeof(*h->answers));
		an = &h->answers[h->nanswers++];
		an->question_id = store_column_dup(stmt, 12);
		an->response = store_column_dup(stmt, 13);
		an->fraction = db_column_double(stmt, 14);
		an->weight = db_column_double(stmt, 15);
		an->module_version = store_column_dup(stmt, 16);
		an->answered_at = store_column_dup(stmt, 17);
	}
	db_finalize(stmt);
	free(modules);
	if (step != DB_DONE) {
		histories_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

void histories_free(struct store_history *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		attempt_release(&list[i].attempt);
		answers_free(list[i].answers, list[i].nanswers);
	}
	free(list);
}

int store_report_acks(struct store *st, long long learner, const struct store_scope *scope,
                      struct store_ack **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct store_ack *list = NULL;
	size_t count = 0, cap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT policy_id, version, text_hash, at, kiosk FROM acknowledgements"
	                  " WHERE learner_id = ?1"
	                  " AND (?2 IS NULL OR policy_id IN " MODULES ")"
	                  " AND at >= ?3 ORDER BY id",
	                  &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, modules);
	db_bind_text(stmt, 3, scope_since(scope));
	while ((step = db_step(stmt)) == DB_ROW) {
		xgrow(&list, &cap, count + 1, sizeof(*list));
		list[count].policy_id = store_column_dup(stmt, 0);
		list[count].version = store_column_dup(stmt, 1);
		list[count].text_hash = store_column_dup(stmt, 2);
		list[count].at = store_column_dup(stmt, 3);
		list[count].kiosk = db_column_int(stmt, 4) != 0;
		count++;
	}
	db_finalize(stmt);
	free(modules);
	if (step != DB_DONE) {
		store_acks_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

void store_acks_free(struct store_ack *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].policy_id);
		free(list[i].version);
		free(list[i].text_hash);
		free(list[i].at);
	}
	free(list);
}
