/*
 * The record as the consultant's reports read it: set-based queries over
 * attempts, answers, lesson pages and acknowledgements, aggregated in SQL
 * where SQL does it well, so a report over thousands of learners is a few
 * queries and never one per person. Which modules a report covers comes in
 * as one bound JSON array, read with json_each.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"

/* When an attempt last saw activity: its finish or, while under way, its
 * latest answer (or its start). coalesce stops at the first value, so the
 * lookup of answers runs for open attempts only. */
#define ATTEMPT_AT(a)                                                                              \
	"coalesce(" a ".finished_at, (SELECT max(answered_at) FROM answers WHERE"                  \
	" attempt_id = " a ".id), " a ".started_at)"

/* The modules of a scope as a JSON array, or NULL for all of them. */
static char *scope_json(const struct store_scope *scope)
{
	struct strbuf sb;

	if (!scope || !scope->modules)
		return NULL;
	strbuf_init(&sb);
	strbuf_addc(&sb, '[');
	for (size_t i = 0; i < scope->nmodules; i++) {
		if (i)
			strbuf_addc(&sb, ',');
		strbuf_add_json(&sb, scope->modules[i]);
	}
	strbuf_addc(&sb, ']');
	return strbuf_detach(&sb);
}

/* Activity counts from since; "" (before every time) when there is none. */
static const char *scope_since(const struct store_scope *scope)
{
	return scope && scope->since ? scope->since : "";
}

static char *dup_or_null(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? NULL : store_column_dup(stmt, col);
}

static const char learners_sql[] =
        "WITH scope(module_id) AS (SELECT value FROM json_each(?1)),"
        " att AS (SELECT learner_id, module_id, finished_at IS NOT NULL AS finished,"
        "  coalesce(passed, 0) AS passed, percent, seconds, " ATTEMPT_AT("attempts") " AS at"
        "  FROM attempts WHERE module_id IN scope),"
        " per AS (SELECT learner_id, module_id, max(finished AND passed) AS passed,"
        "  max(CASE WHEN finished THEN percent END) AS best, sum(seconds) AS seconds,"
        "  max(at) AS last FROM att WHERE at >= ?2 GROUP BY learner_id, module_id"
        "  UNION ALL"
        "  SELECT learner_id, module_id, 0, NULL, seconds, updated_at FROM lesson_progress"
        "  WHERE module_id IN scope AND updated_at >= ?2),"
        " mods AS (SELECT learner_id, max(passed) AS passed, max(best) AS best,"
        "  sum(seconds) AS seconds, max(last) AS last FROM per GROUP BY learner_id, module_id),"
        " people AS (SELECT learner_id, count(*) AS started, sum(passed) AS passed,"
        "  count(best) AS scored, avg(best) AS average, sum(seconds) AS seconds,"
        "  max(last) AS last FROM mods GROUP BY learner_id),"
        " acks AS (SELECT learner_id, max(at) AS last FROM acknowledgements"
        "  WHERE policy_id IN scope AND at >= ?2 GROUP BY learner_id)"
        " SELECT l.id, l.name, coalesce(p.started, 0), coalesce(p.passed, 0),"
        "  coalesce(p.scored, 0), coalesce(p.average, 0), coalesce(p.seconds, 0),"
        "  nullif(max(coalesce(p.last, ''), coalesce(a.last, '')), '')"
        " FROM learners l LEFT JOIN people p ON p.learner_id = l.id"
        " LEFT JOIN acks a ON a.learner_id = l.id"
        " WHERE l.active = 1 AND l.role = 'staff' ORDER BY l.name";

int store_report_learners(struct store *st, const struct store_scope *scope,
                          struct store_learner_summary **out, size_t *n, char **err)
{
	sqlite3_stmt *stmt = NULL;
	struct store_learner_summary *list = NULL;
	size_t count = 0, cap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	if (!modules) {
		util_error(err, "internal error: a learners report needs its modules");
		return -1;
	}
	if (store_prepare(st, learners_sql, &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, modules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, scope_since(scope), -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_learner_summary *l;
		xgrow(&list, &cap, count + 1, sizeof(*list));
		l = &list[count++];
		l->learner_id = sqlite3_column_int64(stmt, 0);
		l->name = store_column_dup(stmt, 1);
		l->started = sqlite3_column_int(stmt, 2);
		l->passed = sqlite3_column_int(stmt, 3);
		l->scored = sqlite3_column_int(stmt, 4);
		l->average = sqlite3_column_double(stmt, 5);
		l->seconds = (long)sqlite3_column_int64(stmt, 6);
		l->last = dup_or_null(stmt, 7);
	}
	sqlite3_finalize(stmt);
	free(modules);
	if (step != SQLITE_DONE) {
		learner_summaries_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

void learner_summaries_free(struct store_learner_summary *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].last);
	}
	free(list);
}

static const char module_learners_sql[] =
        "WITH scope(module_id) AS (SELECT value FROM json_each(?1)),"
        " staff AS (SELECT id FROM learners WHERE role = 'staff'),"
        " att AS (SELECT learner_id, module_id, finished_at IS NOT NULL AS finished,"
        "  coalesce(passed, 0) AS passed, percent, seconds, " ATTEMPT_AT("attempts") " AS at"
        "  FROM attempts WHERE module_id IN scope AND learner_id IN staff),"
        " per AS (SELECT learner_id, module_id, sum(finished) AS finished,"
        "  sum(finished AND passed) AS passes,"
        "  max(CASE WHEN finished THEN percent END) AS best, sum(seconds) AS seconds"
        "  FROM att WHERE at >= ?2 GROUP BY learner_id, module_id"
        "  UNION ALL"
        "  SELECT learner_id, module_id, 0, 0, NULL, seconds FROM lesson_progress"
        "  WHERE module_id IN scope AND learner_id IN staff AND updated_at >= ?2)"
        " SELECT module_id, learner_id, sum(finished), sum(passes), max(best) IS NOT NULL,"
        "  coalesce(max(best), 0), sum(seconds)"
        " FROM per GROUP BY module_id, learner_id ORDER BY module_id, learner_id";

int store_report_module_learners(struct store *st, const struct store_scope *scope,
                                 struct store_module_learner **out, size_t *n, char **err)
{
	sqlite3_stmt *stmt = NULL;
	struct store_module_learner *list = NULL;
	size_t count = 0, cap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	if (!modules) {
		util_error(err, "internal error: a modules report needs its modules");
		return -1;
	}
	if (store_prepare(st, module_learners_sql, &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, modules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, scope_since(scope), -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_module_learner *m;
		xgrow(&list, &cap, count + 1, sizeof(*list));
		m = &list[count++];
		m->module_id = store_column_dup(stmt, 0);
		m->learner_id = sqlite3_column_int64(stmt, 1);
		m->finished = sqlite3_column_int(stmt, 2);
		m->passes = sqlite3_column_int(stmt, 3);
		m->scored = sqlite3_column_int(stmt, 4) != 0;
		m->best = sqlite3_column_double(stmt, 5);
		m->seconds = (long)sqlite3_column_int64(stmt, 6);
	}
	sqlite3_finalize(stmt);
	free(modules);
	if (step != SQLITE_DONE) {
		module_learners_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

void module_learners_free(struct store_module_learner *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].module_id);
	free(list);
}

/* Runs a query of (learner, version, time) rows about one policy. */
static int fact_list(struct store *st, const char *sql, const char *policy,
                     struct store_policy_fact **out, size_t *n, char **err)
{
	sqlite3_stmt *stmt = NULL;
	struct store_policy_fact *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, policy, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow(&list, &cap, count + 1, sizeof(*list));
		list[count].learner_id = sqlite3_column_int64(stmt, 0);
		list[count].version = store_column_dup(stmt, 1);
		list[count].at = store_column_dup(stmt, 2);
		count++;
	}
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE) {
		policy_facts_free(list, count);
		return store_db_error(st, err, "cannot read the record for the report");
	}
	*out = list;
	*n = count;
	return 0;
}

int store_report_policy_facts(struct store *st, const char *policy, struct store_policy_fact **acks,
                              size_t *nacks, struct store_policy_fact **passes, size_t *npasses,
                              char **err)
{
	*passes = NULL;
	*npasses = 0;
	/* The same facts store_acks and store_policy_passes give for one person. */
	if (fact_list(st,
	              "SELECT learner_id, version, at FROM acknowledgements WHERE policy_id = ?"
	              " ORDER BY learner_id, id",
	              policy, acks, nacks, err) < 0)
		return -1;
	if (fact_list(st,
	              "SELECT learner_id, coalesce(policy_version, ''), finished_at FROM attempts"
	              " WHERE module_id = ? AND passed = 1 ORDER BY learner_id, id",
	              policy, passes, npasses, err) < 0) {
		policy_facts_free(*acks, *nacks);
		*acks = NULL;
		*nacks = 0;
		return -1;
	}
	return 0;
}

void policy_facts_free(struct store_policy_fact *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].version);
		free(list[i].at);
	}
	free(list);
}

int store_report_item_answers(struct store *st, const char *module, const char *since,
                              struct store_item_answer **out, size_t *n, char **err)
{
	sqlite3_stmt *stmt = NULL;
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
	                  " ORDER BY an.question_id, a.id",
	                  &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, module, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, since ? since : "", -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_item_answer *a;
		xgrow(&list, &cap, count + 1, sizeof(*list));
		a = &list[count++];
		a->attempt_id = sqlite3_column_int64(stmt, 0);
		a->percent = sqlite3_column_double(stmt, 1);
		a->question_id = store_column_dup(stmt, 2);
		a->response = store_column_dup(stmt, 3);
		a->fraction = sqlite3_column_double(stmt, 4);
		a->module_version = store_column_dup(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE) {
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
	sqlite3_stmt *stmt = NULL;
	struct store_history *list = NULL;
	size_t count = 0, cap = 0, acap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	/* One query for every attempt and answer; an attempt without answers
	 * comes as one row with the answer's columns NULL. */
	if (store_prepare(st,
	                  "SELECT a.id, a.module_id, a.module_version, a.seed, a.plan, a.started_at,"
	                  " a.finished_at, a.score, a.max_score, a.percent, a.passed, a.seconds,"
	                  " an.question_id, an.response, an.fraction, an.weight,"
	                  " an.module_version, an.answered_at"
	                  " FROM attempts a LEFT JOIN answers an ON an.attempt_id = a.id"
	                  " WHERE a.learner_id = ?1"
	                  " AND (?2 IS NULL OR a.module_id IN (SELECT value FROM json_each(?2)))"
	                  " AND " ATTEMPT_AT("a") " >= ?3 ORDER BY a.id, an.id",
	                  &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, learner);
	sqlite3_bind_text(stmt, 2, modules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, scope_since(scope), -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(stmt, 0);
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
			a->seed = (unsigned long long)sqlite3_column_int64(stmt, 3);
			a->plan = store_column_dup(stmt, 4);
			a->started_at = store_column_dup(stmt, 5);
			a->finished_at = dup_or_null(stmt, 6);
			a->score = sqlite3_column_double(stmt, 7);
			a->max_score = sqlite3_column_double(stmt, 8);
			a->percent = sqlite3_column_double(stmt, 9);
			a->passed = sqlite3_column_int(stmt, 10) != 0;
			a->seconds = (long)sqlite3_column_int64(stmt, 11);
		}
		h = &list[count - 1];
		if (sqlite3_column_type(stmt, 12) == SQLITE_NULL)
			continue;
		xgrow(&h->answers, &acap, h->nanswers + 1, sizeof(*h->answers));
		an = &h->answers[h->nanswers++];
		an->question_id = store_column_dup(stmt, 12);
		an->response = store_column_dup(stmt, 13);
		an->fraction = sqlite3_column_double(stmt, 14);
		an->weight = sqlite3_column_double(stmt, 15);
		an->module_version = store_column_dup(stmt, 16);
		an->answered_at = store_column_dup(stmt, 17);
	}
	sqlite3_finalize(stmt);
	free(modules);
	if (step != SQLITE_DONE) {
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
	sqlite3_stmt *stmt = NULL;
	struct store_ack *list = NULL;
	size_t count = 0, cap = 0;
	char *modules = scope_json(scope);
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT policy_id, version, text_hash, at FROM acknowledgements"
	                  " WHERE learner_id = ?1"
	                  " AND (?2 IS NULL OR policy_id IN (SELECT value FROM json_each(?2)))"
	                  " AND at >= ?3 ORDER BY id",
	                  &stmt, err) < 0) {
		free(modules);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, learner);
	sqlite3_bind_text(stmt, 2, modules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, scope_since(scope), -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		xgrow(&list, &cap, count + 1, sizeof(*list));
		list[count].policy_id = store_column_dup(stmt, 0);
		list[count].version = store_column_dup(stmt, 1);
		list[count].text_hash = store_column_dup(stmt, 2);
		list[count].at = store_column_dup(stmt, 3);
		count++;
	}
	sqlite3_finalize(stmt);
	free(modules);
	if (step != SQLITE_DONE) {
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
