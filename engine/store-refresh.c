/*
 * Refreshers in the record. A card is not stored: it is the answer in the
 * learner's first passing attempt, then each refresher answer, one row of
 * refresh_answers and one "refresh.answer" event each, with the memory
 * state and the due time it left. verify checks every row against its
 * event and replays each card's history with refresh.c, so a state that
 * does not follow from the answers shows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "store-private.h"
#include "store-events.h"
#include "store-refresh.h"
#include "util.h"

/* The first passing attempt of each learner at each module: the card's
 * first review. A later attempt moves nothing. */
#define FIRST_PASS(learner, module)                                                                \
	"(SELECT min(f.id) FROM attempts f WHERE f.learner_id = " learner                          \
	" AND f.module_id = " module " AND f.passed = 1 AND f.finished_at IS NOT NULL)"

/* The answers of those attempts, for the learners who rule picks. */
#define FIRST_ANSWERS(rule)                                                                        \
	"SELECT t.learner_id, t.module_id, a.question_id, a.fraction, t.finished_at"               \
	" FROM attempts t JOIN answers a ON a.attempt_id = t.id"                                   \
	" WHERE " rule " AND (?2 = '' OR t.module_id = ?2)"                                        \
	" AND t.id = " FIRST_PASS("t.learner_id", "t.module_id")

/* The last refresher answer of each card, with the count of answers and of
 * right ones, for the learners who rule picks. */
#define LAST_ANSWERS(rule)                                                                         \
	"SELECT r.learner_id, r.module_id, r.question_id, r.stability, r.difficulty,"              \
	" r.reviewed_at, r.due_at, (SELECT count(*) FROM refresh_answers x"                        \
	" WHERE x.learner_id = r.learner_id AND x.module_id = r.module_id"                         \
	" AND x.question_id = r.question_id), (SELECT count(*) FROM refresh_answers x"             \
	" WHERE x.learner_id = r.learner_id AND x.module_id = r.module_id"                         \
	" AND x.question_id = r.question_id AND x.rating = 3)"                                     \
	" FROM refresh_answers r WHERE " rule " AND (?2 = '' OR r.module_id = ?2)"                 \
	" AND r.id = (SELECT max(y.id) FROM refresh_answers y"                                     \
	" WHERE y.learner_id = r.learner_id AND y.module_id = r.module_id"                         \
	" AND y.question_id = r.question_id)"

static void fact_release(void *item)
{
	struct refresh_fact *f = item;

	free(f->module);
	free(f->question);
	free(f->first_at);
	free(f->reviewed_at);
	free(f->due_at);
}

void refresh_facts_free(struct refresh_fact *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fact_release(&list[i]);
	free(list);
}

static void first_row(struct db_stmt *stmt, void *item)
{
	struct refresh_fact *f = item;

	f->learner = db_column_int64(stmt, 0);
	f->module = store_column_dup(stmt, 1);
	f->question = store_column_dup(stmt, 2);
	f->first_fraction = db_column_double(stmt, 3);
	f->first_at = store_column_dup(stmt, 4);
}

static void last_row(struct db_stmt *stmt, void *item)
{
	struct refresh_fact *f = item;

	f->learner = db_column_int64(stmt, 0);
	f->module = store_column_dup(stmt, 1);
	f->question = store_column_dup(stmt, 2);
	f->stability = db_column_double(stmt, 3);
	f->difficulty = db_column_double(stmt, 4);
	f->reviewed_at = store_column_dup(stmt, 5);
	f->due_at = store_column_dup(stmt, 6);
	f->reviews = db_column_int(stmt, 7);
	f->right = db_column_int(stmt, 8);
}

static int fact_cmp(const void *a, const void *b)
{
	const struct refresh_fact *x = a, *y = b;
	int c;

	if (x->learner != y->learner)
		return x->learner < y->learner ? -1 : 1;
	c = strcmp(x->module, y->module);
	return c ? c : strcmp(x->question, y->question);
}

static int collect(struct store *st, const char *sql, long long learner, const char *module,
                   void (*row)(struct db_stmt *, void *), struct refresh_fact **out, size_t *n,
                   char **err)
{
	struct db_stmt *stmt = NULL;

	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	/* Both always bound, so that PostgreSQL knows their types: 0 and ''
	 * for everyone and every module. */
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module ? module : "");
	if (store_collect(st, stmt, sizeof(**out), row, fact_release, out, n,
	                  "cannot read refreshers", err) < 0)
		return -1;
	/* Sorted here, byte by byte, so the merge below never depends on an
	 * engine's collation. */
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), fact_cmp);
	return 0;
}

int store_refresh_facts(struct store *st, long long learner, const char *module,
                        struct refresh_fact **out, size_t *n, char **err)
{
	struct refresh_fact *last = NULL;
	size_t nlast = 0, k = 0;

	*out = NULL;
	*n = 0;
	/* One learner's through the index on attempts by learner; everyone's
	 * in one pass. */
	if (collect(st, learner ? FIRST_ANSWERS("t.learner_id = ?1") : FIRST_ANSWERS("?1 = 0"),
	            learner, module, first_row, out, n, err) < 0)
		return -1;
	if (collect(st, learner ? LAST_ANSWERS("r.learner_id = ?1") : LAST_ANSWERS("?1 = 0"),
	            learner, module, last_row, &last, &nlast, err) < 0) {
		refresh_facts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	for (size_t i = 0; i < *n && k < nlast; i++) {
		struct refresh_fact *f = &(*out)[i];
		while (k < nlast && fact_cmp(&last[k], f) < 0)
			k++;
		if (k < nlast && fact_cmp(&last[k], f) == 0) {
			f->reviews = last[k].reviews;
			f->right = last[k].right;
			f->stability = last[k].stability;
			f->difficulty = last[k].difficulty;
			f->reviewed_at = last[k].reviewed_at;
			f->due_at = last[k].due_at;
			last[k].reviewed_at = last[k].due_at = NULL;
		}
	}
	refresh_facts_free(last, nlast);
	return 0;
}

int refresh_fact_card(const struct refresh_fact *f, struct refresh_card *c)
{
	time_t at;

	memset(c, 0, sizeof(*c));
	if (f->reviews == 0) {
		if (!f->first_at || clock_parse(f->first_at, &at) < 0)
			return -1;
		refresh_first(c, f->first_fraction, at);
		return 0;
	}
	if (!f->reviewed_at || !f->due_at || clock_parse(f->reviewed_at, &c->reviewed) < 0 ||
	    clock_parse(f->due_at, &c->due) < 0)
		return -1;
	c->state.stability = f->stability;
	c->state.difficulty = f->difficulty;
	c->interval = (int)((c->due - c->reviewed) / 86400);
	return 0;
}

/* The event's data, made from the row's columns too, so verify can compare. */
static char *answer_data(const char *question, const char *version, const char *response,
                         double fraction, int rating, int elapsed, double stability,
                         double difficulty, const char *due)
{
	struct strbuf data;

	strbuf_init(&data);
	strbuf_adds(&data, "{\"question\":");
	strbuf_add_json(&data, question);
	strbuf_adds(&data, ",\"version\":");
	strbuf_add_json(&data, version);
	strbuf_adds(&data, ",\"response\":");
	strbuf_add_json(&data, response);
	strbuf_addf(&data,
	            ",\"fraction\":%.4f,\"rating\":%d,\"elapsed_days\":%d,\"stability\":%.6f,"
	            "\"difficulty\":%.6f,\"due\":",
	            fraction, rating, elapsed, stability, difficulty);
	strbuf_add_json(&data, due);
	strbuf_addc(&data, '}');
	return strbuf_detach(&data);
}

int store_refresh_add(struct store *st, long long learner, const char *module, const char *version,
                      const char *question, const char *response, double fraction,
                      const struct refresh_card *before, struct refresh_card *after, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = NULL;
	char at[32], due[32];
	long long event = 0;
	time_t now;
	int elapsed;

	if (store_begin(st, err) < 0)
		return -1;
	now = store_now(st);
	clock_iso(now, at, sizeof(at));
	/* Stored to the precision the event carries, so that the row, the
	 * event and a replay of the history all agree. */
	fraction = round(fraction * 10000) / 10000;
	elapsed = refresh_elapsed_days(before, now);
	*after = *before;
	refresh_review(after, fraction, now);
	after->state.stability = round(after->state.stability * 1e6) / 1e6;
	after->state.difficulty = round(after->state.difficulty * 1e6) / 1e6;
	clock_iso(after->due, due, sizeof(due));
	data = answer_data(question, version, response, fraction, (int)refresh_rating(fraction),
	                   elapsed, after->state.stability, after->state.difficulty, due);
	if (store_event_append(st, "refresh.answer", learner, learner, module, data, &event, err) <
	    0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT INTO refresh_answers (learner_id, module_id, question_id,"
	                  " module_version, response, fraction, rating, elapsed_days, stability,"
	                  " difficulty, reviewed_at, due_at, event_id)"
	                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	db_bind_text(stmt, 3, question);
	db_bind_text(stmt, 4, version);
	db_bind_text(stmt, 5, response);
	db_bind_double(stmt, 6, fraction);
	db_bind_int(stmt, 7, (int)refresh_rating(fraction));
	db_bind_int(stmt, 8, elapsed);
	db_bind_double(stmt, 9, after->state.stability);
	db_bind_double(stmt, 10, after->state.difficulty);
	db_bind_text(stmt, 11, at);
	db_bind_text(stmt, 12, due);
	db_bind_int64(stmt, 13, event);
	if (store_step_done(st, stmt, "cannot record the refresher answer", err) < 0)
		goto fail;
	free(data);
	return store_commit(st, err);
fail:
	free(data);
	store_rollback(st);
	return -1;
}

static const char *text_or_empty(struct db_stmt *stmt, int col)
{
	const char *t = db_column_text(stmt, col);

	return t ? t : "";
}

/* A row as its event should read: who, which module, when, and the data. */
static char *row_data(struct db_stmt *stmt)
{
	char *json = answer_data(
	        text_or_empty(stmt, 6), text_or_empty(stmt, 7), text_or_empty(stmt, 8),
	        db_column_double(stmt, 9), db_column_int(stmt, 10), db_column_int(stmt, 11),
	        db_column_double(stmt, 12), db_column_double(stmt, 13), text_or_empty(stmt, 14));
	char *all = xasprintf("%lld|%s|%s|%s", db_column_int64(stmt, 3), text_or_empty(stmt, 4),
	                      text_or_empty(stmt, 5), json);

	free(json);
	return all;
}

static bool near(double a, double b)
{
	return fabs(a - b) <= 1e-5 * (fabs(b) > 1 ? fabs(b) : 1);
}

/* Each card's history replayed from its first review: every row's memory
 * state, elapsed days and due time must be the ones refresh.c gives. */
static int replay(struct store *st, struct store_verify *v, char **err)
{
	struct db_stmt *stmt = NULL;
	struct refresh_card card;
	long long learner = 0;
	char *module = NULL, *question = NULL;
	int step, rc = -1;

	if (store_prepare(
	            st,
	            "SELECT r.event_id, r.learner_id, r.module_id, r.question_id, r.fraction,"
	            " r.reviewed_at, r.elapsed_days, r.stability, r.difficulty, r.due_at,"
	            " (SELECT a.fraction FROM answers a WHERE a.question_id = r.question_id"
	            " AND a.attempt_id = " FIRST_PASS(
	                    "r.learner_id",
	                    "r.module_id") "),"
	                                   " (SELECT t.finished_at FROM attempts t"
	                                   " WHERE t.id = " FIRST_PASS(
	                                           "r.learner_id",
	                                           "r.module_id") ")"
	                                                          " FROM refresh_answers r ORDER "
	                                                          "BY r.learner_id, r.module_id, "
	                                                          "r.question_id, r.id",
	            &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		long long event = db_column_int64(stmt, 0);
		const char *m = text_or_empty(stmt, 2), *q = text_or_empty(stmt, 3);
		struct refresh_card before;
		char due[32];
		time_t at;

		if (!module || learner != db_column_int64(stmt, 1) || strcmp(module, m) != 0 ||
		    strcmp(question, q) != 0) {
			learner = db_column_int64(stmt, 1);
			free(module);
			free(question);
			module = xstrdup(m);
			question = xstrdup(q);
			if (db_column_is_null(stmt, 10) || db_column_is_null(stmt, 11) ||
			    clock_parse(text_or_empty(stmt, 11), &at) < 0) {
				v->broken_id = event;
				v->problem = xasprintf("the refresher answer logged as event %lld "
				                       "has no passed quiz before it: the record "
				                       "was changed",
				                       event);
				rc = 1;
				goto out;
			}
			refresh_first(&card, db_column_double(stmt, 10), at);
		}
		before = card;
		if (clock_parse(text_or_empty(stmt, 5), &at) < 0)
			at = 0;
		refresh_review(&card, db_column_double(stmt, 4), at);
		clock_iso(card.due, due, sizeof(due));
		if (db_column_int(stmt, 6) != refresh_elapsed_days(&before, at) ||
		    !near(db_column_double(stmt, 7), card.state.stability) ||
		    !near(db_column_double(stmt, 8), card.state.difficulty) ||
		    strcmp(text_or_empty(stmt, 9), due) != 0) {
			v->broken_id = event;
			v->problem = xasprintf("the refresher answer logged as event %lld does "
			                       "not follow from the answers before it: the "
			                       "record was changed",
			                       event);
			rc = 1;
			goto out;
		}
		/* Carried on from the state as stored (rounded), as the
		 * refresh command does. */
		card.state.stability = db_column_double(stmt, 7);
		card.state.difficulty = db_column_double(stmt, 8);
	}
	if (step != DB_DONE) {
		store_db_error(st, err, "cannot replay refreshers");
		goto out;
	}
	rc = 0;
out:
	free(module);
	free(question);
	db_finalize(stmt);
	return rc;
}

int store_verify_refresh(struct store *st, struct store_verify *v, char **err)
{
	int rc = store_verify_mirror(
	        st,
	        "SELECT e.id, e.learner_id || '|' || e.subject || '|' || e.at || '|' || e.data, 1,"
	        " r.learner_id, r.module_id, r.reviewed_at, r.question_id, r.module_version,"
	        " r.response, r.fraction, r.rating, r.elapsed_days, r.stability, r.difficulty,"
	        " r.due_at FROM refresh_answers r LEFT JOIN events e ON e.id = r.event_id"
	        " AND e.kind = 'refresh.answer'"
	        " UNION ALL SELECT e.id, NULL, 0, 0, '', '', '', '', '', 0, 0, 0, 0, 0, ''"
	        " FROM events e WHERE e.kind = 'refresh.answer'" STORE_SQL_NOT_ANSWER
	        " AND NOT EXISTS"
	        " (SELECT 1 FROM refresh_answers r WHERE r.event_id = e.id) ORDER BY 1",
	        row_data, "refresher answer", v, err);

	if (rc != 0)
		return rc;
	return replay(st, v, err);
}
