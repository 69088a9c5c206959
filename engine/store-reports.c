/*
 * The record as the consultant's reports read it: set-based queries over
 * attempts, answers, lesson pages and acknowledgements, aggregated in SQL
 * where SQL does it well, so a report over thousands of learners is a few
 * queries and never one per person. Which modules a report covers comes in
 * as one bound JSON array, read with json_each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"

/* When an attempt last saw activity: its finish or, while under way, its
 * latest answer (or its start). Answers are appended in the order given, so
 * the latest is the one with the highest id, which the (attempt, question)
 * index holds without a visit to each row; and coalesce stops at the first
 * value, so only open attempts look at answers at all. */
#define ATTEMPT_AT(a)                                                                              \
	"coalesce(" a ".finished_at, (SELECT answered_at FROM answers WHERE id = (SELECT max(id)"  \
	" FROM answers WHERE attempt_id = " a ".id)), " a ".started_at)"

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

/* Finding a learner's row and a module's cell while folding rows in. */
struct learner_slot {
	long long id;
	size_t at;
};

struct module_slot {
	const char *id;
	size_t at;
};

static int compare_learner_slot(const void *a, const void *b)
{
	const struct learner_slot *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int compare_module_slot(const void *a, const void *b)
{
	return strcmp(((const struct module_slot *)a)->id, ((const struct module_slot *)b)->id);
}

struct progress_fold {
	const char *since; /* "" for the whole record */
	struct store_progress *list;
	size_t n;
	/* Learner ids are a table's INTEGER PRIMARY KEY, so small and dense:
	 * by_id[id] is the learner's place in list + 1 (0: not in the report),
	 * for ids up to max_id; larger ids (never seen in practice) are found
	 * in learners, sorted by id. */
	size_t *by_id;
	long long max_id;
	struct learner_slot *learners; /* sorted by id */
	struct module_slot *modules;   /* sorted by id */
	size_t nmodules;
};

/* The cell for (learner, module), or NULL when either is not in the report
 * (a consultant's attempt, a module outside the scope). */
static struct store_progress *fold_learner(struct progress_fold *f, long long learner)
{
	struct learner_slot key = {.id = learner}, *hit;

	if (learner >= 0 && learner <= f->max_id)
		return f->by_id[learner] ? &f->list[f->by_id[learner] - 1] : NULL;
	hit = bsearch(&key, f->learners, f->n, sizeof(key), compare_learner_slot);
	return hit ? &f->list[hit->at] : NULL;
}

static struct store_progress_cell *fold_cell(struct progress_fold *f, struct store_progress *p,
                                             const char *module)
{
	struct module_slot key = {.id = module}, *hit;

	if (!p || !module)
		return NULL;
	hit = bsearch(&key, f->modules, f->nmodules, sizeof(key), compare_module_slot);
	return hit ? &p->cells[hit->at] : NULL;
}

static void fold_last(struct store_progress *p, const unsigned char *at)
{
	if (at && strcmp((const char *)at, p->last) > 0)
		snprintf(p->last, sizeof(p->last), "%s", (const char *)at);
}

/* Runs sql with the scope bound (?1 the modules, ?2 since) and hands each
 * row to fold. */
static int fold_rows(struct store *st, const char *sql, const char *modules, const char *since,
                     struct progress_fold *f, void (*fold)(struct progress_fold *, sqlite3_stmt *),
                     char **err)
{
	sqlite3_stmt *stmt = NULL;
	int step;

	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, modules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, since, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		fold(f, stmt);
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE)
		return store_db_error(st, err, "cannot read the record for the report");
	return 0;
}

/* learner, module, finished, passed, percent, seconds, when */
static void fold_attempt(struct progress_fold *f, sqlite3_stmt *stmt)
{
	struct store_progress *p = fold_learner(f, sqlite3_column_int64(stmt, 0));
	struct store_progress_cell *c = fold_cell(f, p, (const char *)sqlite3_column_text(stmt, 1));
	const unsigned char *at = sqlite3_column_text(stmt, 6);

	/* Filtered here, not in SQL, so the time is worked out once per row. */
	if (!c || !at || strcmp((const char *)at, f->since) < 0)
		return;
	c->started = true;
	c->seconds += (long)sqlite3_column_int64(stmt, 5);
	if (sqlite3_column_int(stmt, 2)) {
		double percent = sqlite3_column_double(stmt, 4);
		c->finished++;
		c->passes += sqlite3_column_int(stmt, 3) != 0;
		if (!c->scored || percent > c->best)
			c->best = percent;
		c->scored = true;
	}
	fold_last(p, at);
}

/* learner, module, seconds, updated */
static void fold_lesson(struct progress_fold *f, sqlite3_stmt *stmt)
{
	struct store_progress *p = fold_learner(f, sqlite3_column_int64(stmt, 0));
	struct store_progress_cell *c = fold_cell(f, p, (const char *)sqlite3_column_text(stmt, 1));

	if (!c)
		return;
	c->started = true;
	c->seconds += (long)sqlite3_column_int64(stmt, 2);
	fold_last(p, sqlite3_column_text(stmt, 3));
}

/* learner, latest acknowledgement */
static void fold_ack(struct progress_fold *f, sqlite3_stmt *stmt)
{
	struct store_progress *p = fold_learner(f, sqlite3_column_int64(stmt, 0));

	if (p)
		fold_last(p, sqlite3_column_text(stmt, 1));
}

/*
 * Each query is one pass over its table with the scope's modules as a bound
 * JSON array. Grouping by (learner, module) in SQL would cost a sort or an
 * index walk with a table lookup per attempt, several times these scans
 * (measured: some 300 ms against 50 ms for 5,000 learners and 100,000
 * attempts), so the rows are folded into the cells in C instead.
 */
static const char progress_attempts_sql[] =
        "SELECT learner_id, module_id, finished_at IS NOT NULL, coalesce(passed, 0), percent,"
        " seconds, " ATTEMPT_AT("attempts") " FROM attempts"
                                            " WHERE module_id IN (SELECT value FROM json_each(?1))";
static const char progress_lessons_sql[] =
        "SELECT learner_id, module_id, seconds, updated_at FROM lesson_progress"
        " WHERE module_id IN (SELECT value FROM json_each(?1)) AND updated_at >= ?2";
static const char progress_acks_sql[] =
        "SELECT learner_id, max(at) FROM acknowledgements"
        " WHERE policy_id IN (SELECT value FROM json_each(?1)) AND at >= ?2"
        " GROUP BY learner_id";

int store_report_progress(struct store *st, const struct store_scope *scope,
                          struct store_progress **out, size_t *n, char **err)
{
	struct progress_fold f = {0};
	sqlite3_stmt *stmt = NULL;
	char *modules = scope_json(scope);
	size_t cap = 0;
	int step, rc = -1;

	*out = NULL;
	*n = 0;
	if (!modules)
		return util_error(err, "internal error: a report needs its modules");
	if (store_prepare(
	            st, "SELECT id, name, active FROM learners WHERE role = 'staff' ORDER BY name",
	            &stmt, err) < 0)
		goto out;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_progress *p;
		xgrow(&f.list, &cap, f.n + 1, sizeof(*f.list));
		p = &f.list[f.n++];
		memset(p, 0, sizeof(*p));
		p->learner_id = sqlite3_column_int64(stmt, 0);
		p->name = store_column_dup(stmt, 1);
		p->active = sqlite3_column_int(stmt, 2) != 0;
		p->cells = xcalloc(scope->nmodules + 1, sizeof(*p->cells));
	}
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE) {
		store_db_error(st, err, "cannot read the record for the report");
		goto out;
	}
	f.learners = xcalloc(f.n + 1, sizeof(*f.learners));
	for (size_t i = 0; i < f.n; i++)
		f.learners[i] = (struct learner_slot){.id = f.list[i].learner_id, .at = i};
	qsort(f.learners, f.n, sizeof(*f.learners), compare_learner_slot);
	/* A direct table while it stays small next to the list itself. */
	f.max_id = f.n ? f.learners[f.n - 1].id : -1;
	if (f.max_id > (long long)(4 * f.n + 1024))
		f.max_id = 4 * (long long)f.n + 1024;
	f.by_id = xcalloc((size_t)(f.max_id + 2), sizeof(*f.by_id));
	for (size_t i = 0; i < f.n; i++)
		if (f.learners[i].id >= 0 && f.learners[i].id <= f.max_id)
			f.by_id[f.learners[i].id] = f.learners[i].at + 1;
	f.since = scope_since(scope);
	f.nmodules = scope->nmodules;
	f.modules = xcalloc(f.nmodules + 1, sizeof(*f.modules));
	for (size_t i = 0; i < f.nmodules; i++)
		f.modules[i] = (struct module_slot){.id = scope->modules[i], .at = i};
	qsort(f.modules, f.nmodules, sizeof(*f.modules), compare_module_slot);

	if (fold_rows(st, progress_attempts_sql, modules, scope_since(scope), &f, fold_attempt,
	              err) < 0 ||
	    fold_rows(st, progress_lessons_sql, modules, scope_since(scope), &f, fold_lesson, err) <
	            0 ||
	    fold_rows(st, progress_acks_sql, modules, scope_since(scope), &f, fold_ack, err) < 0)
		goto out;
	*out = f.list;
	*n = f.n;
	f.list = NULL;
	f.n = 0;
	rc = 0;
out:
	store_progress_free(f.list, f.n);
	free(f.by_id);
	free(f.learners);
	free(f.modules);
	free(modules);
	return rc;
}

void store_progress_free(struct store_progress *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].cells);
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
	if (store_prepare(
	            st,
	            "SELECT a.id, a.module_id, a.module_version, a.seed, a.plan, a.started_at,"
	            " a.finished_at, a.score, a.max_score, a.percent, a.passed, a.seconds,"
	            " an.question_id, an.response, an.fraction, an.weight,"
	            " an.module_version, an.answered_at, a.number"
	            " FROM (SELECT *, row_number() OVER (PARTITION BY module_id ORDER BY id)"
	            " AS number FROM attempts WHERE learner_id = ?1) a"
	            " LEFT JOIN answers an ON an.attempt_id = a.id"
	            " WHERE (?2 IS NULL OR a.module_id IN (SELECT value FROM json_each(?2)))"
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
			h->number = sqlite3_column_int(stmt, 18);
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
