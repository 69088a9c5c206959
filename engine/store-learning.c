/*
 * The learning record: attempts, their answers, and the lesson page each
 * learner has reached. An answer and its event are written in one
 * transaction and committed (synchronous=FULL) before the caller shows any
 * feedback, so a crash after "correct!" can never lose the answer.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-learning.h"
#include "store-publish.h"

#define ATTEMPT_SECONDS STORE_ATTEMPT_SECONDS("attempts")
#define ATTEMPT_COLUMNS                                                                            \
	"id, learner_id, module_id, module_version, seed, plan, started_at, finished_at,"          \
	" score, max_score, percent, passed, " ATTEMPT_SECONDS ", practice"

static void attempt_from_row(struct db_stmt *stmt, struct attempt *a)
{
	a->id = db_column_int64(stmt, 0);
	a->learner_id = db_column_int64(stmt, 1);
	a->module_id = store_column_dup(stmt, 2);
	a->module_version = store_column_dup(stmt, 3);
	a->seed = (unsigned long long)db_column_int64(stmt, 4);
	a->plan = store_column_dup(stmt, 5);
	a->started_at = store_column_dup(stmt, 6);
	a->finished_at = store_column_dup(stmt, 7);
	a->score = db_column_double(stmt, 8);
	a->max_score = db_column_double(stmt, 9);
	a->percent = db_column_double(stmt, 10);
	a->passed = db_column_int(stmt, 11) != 0;
	a->seconds = (long)db_column_int64(stmt, 12);
	a->practice = db_column_int(stmt, 13) != 0;
}

/* Runs a query for at most one attempt. */
static int attempt_one(struct store *st, const char *sql, long long learner, const char *module,
                       struct attempt *out, bool *found, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*found = false;
	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	rc = store_step_one(st, stmt, found, "cannot read attempts", err);
	if (rc == 0 && *found) {
		attempt_from_row(stmt, out);
	}
	db_finalize(stmt);
	return rc;
}

int store_attempt_open(struct store *st, long long learner, const char *module, struct attempt *out,
                       bool *found, char **err)
{
	return attempt_one(st,
	                   "SELECT " ATTEMPT_COLUMNS " FROM attempts WHERE learner_id = ? AND"
	                   " module_id = ? AND finished_at IS NULL",
	                   learner, module, out, found, err);
}

int store_attempt_last(struct store *st, long long learner, const char *module, struct attempt *out,
                       bool *found, char **err)
{
	return attempt_one(st,
	                   "SELECT " ATTEMPT_COLUMNS " FROM attempts WHERE learner_id = ? AND"
	                   " module_id = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
	                   learner, module, out, found, err);
}

static void attempt_row(struct db_stmt *stmt, void *item)
{
	attempt_from_row(stmt, item);
}

static void attempt_item_release(void *item)
{
	attempt_release(item);
}

int store_attempt_list(struct store *st, long long learner, const char *module,
                       struct attempt **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT " ATTEMPT_COLUMNS " FROM attempts WHERE learner_id = ?1 AND"
	                  " (?2 IS NULL OR module_id = ?2) ORDER BY id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	if (module)
		db_bind_text(stmt, 2, module);
	return store_collect(st, stmt, sizeof(**out), attempt_row, attempt_item_release, out, n,
	                     "cannot list attempts", err);
}

int store_attempt_grant(struct store *st, long long learner, const char *module, int n,
                        const char *reason, long long actor, char **err)
{
	struct strbuf data;
	int rc;

	strbuf_init(&data);
	strbuf_addf(&data, "{\"n\":%d,\"reason\":", n);
	strbuf_add_json(&data, reason);
	strbuf_addc(&data, '}');
	rc = store_begin(st, err);
	if (rc == 0 && store_event_append(st, "attempt.grant", actor, learner, module, data.buf,
	                                  NULL, err) < 0) {
		store_rollback(st);
		rc = -1;
	} else if (rc == 0) {
		rc = store_commit(st, err);
	}
	strbuf_release(&data);
	return rc;
}

static void grant_row(struct db_stmt *stmt, void *item)
{
	struct store_grant *g = item;

	g->learner = store_column_dup(stmt, 0);
	g->module = store_column_dup(stmt, 1);
	g->at = store_column_dup(stmt, 2);
	g->by = store_column_dup(stmt, 3);
	g->data = store_column_dup(stmt, 4);
}

static void grant_release(void *item)
{
	struct store_grant *g = item;

	free(g->learner);
	free(g->module);
	free(g->at);
	free(g->by);
	free(g->data);
}

int store_grant_list(struct store *st, long long learner, struct store_grant **out, size_t *n,
                     char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT l.name, e.subject, e.at, a.name, e.data FROM events e"
	                  " JOIN learners l ON l.id = e.learner_id"
	                  " LEFT JOIN learners a ON a.id = e.actor_id"
	                  " WHERE e.kind = 'attempt.grant'" STORE_SQL_NOT_ANSWER
	                  " AND (?1 = 0 OR e.learner_id = ?1)"
	                  " ORDER BY e.id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	return store_collect(st, stmt, sizeof(**out), grant_row, grant_release, out, n,
	                     "cannot list grants", err);
}

void store_grants_free(struct store_grant *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		grant_release(&list[i]);
	free(list);
}

int store_attempt_start(struct store *st, long long learner, const char *module,
                        const char *version, const char *file_sha256, const char *policy_version,
                        unsigned long long seed, const char *plan, long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	long long published;
	char *data;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	store_now_iso(st, at);
	if (store_publication_find(st, module, version, file_sha256, &published, err) < 0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT INTO attempts (learner_id, module_id, module_version, seed, plan,"
	                  " started_at, policy_version, practice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int(stmt, 8, published == 0);
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	db_bind_text(stmt, 3, version);
	db_bind_int64(stmt, 4, (long long)seed);
	db_bind_text(stmt, 5, plan);
	db_bind_text(stmt, 6, at);
	db_bind_text(stmt, 7, policy_version);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc == DB_CONSTRAINT) {
		util_error(err, "an attempt at '%s' is already open", module);
		goto fail;
	}
	if (rc != DB_DONE) {
		store_db_error(st, err, "cannot start attempt");
		goto fail;
	}
	*id = db_last_insert_id(st->db);
	data = store_start_data(*id, version);
	rc = store_event_append(st, "attempt.start", learner, learner, module, data, NULL, err);
	free(data);
	if (rc < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* The learner and module of an attempt still open, for the writes that
 * belong to it and their events; a finished attempt takes no more. */
static int open_attempt(struct store *st, long long attempt, long long *learner, char **module,
                        bool *practice, char **err)
{
	struct db_stmt *stmt = NULL;
	bool open = false;
	int rc = -1;

	if (store_prepare(
	            st,
	            "SELECT learner_id, module_id, finished_at IS NULL, practice FROM attempts"
	            " WHERE id = ?",
	            &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, attempt);
	if (db_step(stmt) == DB_ROW) {
		*learner = db_column_int64(stmt, 0);
		*module = store_column_dup(stmt, 1);
		open = db_column_int(stmt, 2) != 0;
		*practice = db_column_int(stmt, 3) != 0;
		rc = open ? 0 : util_error(err, "attempt %lld is already finished", attempt);
	} else {
		util_error(err, "no attempt %lld", attempt);
	}
	db_finalize(stmt);
	return rc;
}

char *store_answer_data(long long attempt, const char *question, const char *response,
                        double fraction, double weight, const char *version)
{
	struct strbuf data;
	char num[24];

	strbuf_init(&data);
	strbuf_adds(&data, "{\"attempt\":");
	strbuf_add(&data, num, (size_t)(util_put_int(num, attempt) - num));
	strbuf_adds(&data, ",\"question\":");
	strbuf_add_json(&data, question);
	strbuf_adds(&data, ",\"response\":");
	strbuf_add_json(&data, response);
	/* Byte for byte what "%.4f" wrote: verify rebuilds this text to
	 * compare with the events of answers given long ago. */
	strbuf_adds(&data, ",\"fraction\":");
	strbuf_add_fixed4(&data, fraction);
	strbuf_adds(&data, ",\"weight\":");
	strbuf_add_fixed4(&data, weight);
	strbuf_adds(&data, ",\"version\":");
	strbuf_add_json(&data, version);
	strbuf_addc(&data, '}');
	return strbuf_detach(&data);
}

/* The attempt still open with its learner and module: ?3, ?4, ?5 when
 * its row is written, ?1, ?2, ?3 when it is only read. */
#define ATTEMPT_TIME_SQL                                                                           \
	"UPDATE attempts SET seconds = seconds + ?1,"                                              \
	" practice = CASE WHEN ?2 = 1 THEN 1 ELSE practice END"                                    \
	" WHERE id = ?3 AND finished_at IS NULL AND learner_id = ?4 AND module_id = ?5"
#define ATTEMPT_OPEN_SQL                                                                           \
	"SELECT 1 FROM attempts"                                                                   \
	" WHERE id = ?1 AND finished_at IS NULL AND learner_id = ?2 AND module_id = ?3"

/* Whether the attempt is open with the learner and module taken for it
 * (*open); on the way adds seconds to its time (a record older than
 * STORE_SCHEMA_ANSWER_TIME: 0 otherwise, the answer keeps its own) and
 * makes it practice if the file answered was not published. Only then is
 * the attempt's row written. */
static int answer_attempt(struct store *st, long long attempt, long seconds, bool practice,
                          bool *open, char **err)
{
	struct db_stmt *stmt = NULL;
	bool write = seconds || practice;
	int at = write ? 3 : 1, rc;

	if (store_prepare(st, write ? ATTEMPT_TIME_SQL : ATTEMPT_OPEN_SQL, &stmt, err) < 0)
		return -1;
	if (write) {
		db_bind_int64(stmt, 1, seconds);
		db_bind_int(stmt, 2, practice);
	}
	db_bind_int64(stmt, at, attempt);
	db_bind_int64(stmt, at + 1, st->answering_learner);
	db_bind_text_kept(stmt, at + 2, st->answering_module);
	if (!write) {
		rc = store_step_one(st, stmt, open, "cannot read the attempt", err);
		db_finalize(stmt);
		return rc;
	}
	if (store_step_done(st, stmt, "cannot record time", err) < 0)
		return -1;
	*open = db_changes(st->db) > 0;
	return 0;
}

/* An answer's row, with its time where the schema keeps it there. */
#define ANSWER_INSERT(time, times)                                                                 \
	"INSERT INTO answers (attempt_id, question_id, response, fraction, weight,"                \
	" module_version, answered_at, event_id" time ") VALUES (?, ?, ?, ?, ?, ?, ?, ?" times ")"

int store_answer_add(struct store *st, long long attempt, const char *question,
                     const char *response, double fraction, double weight, const char *version,
                     const char *file_sha256, long seconds, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = NULL;
	long long event = 0, published = 0;
	bool practice, open = false, own_time = st->schema >= STORE_SCHEMA_ANSWER_TIME;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	/* The learner and module of the attempt answered last are taken as
	 * they were read then (no write changes them): the update of its time
	 * checks them, and that it is still open, as it writes; read again
	 * when it finds no such row, which says why. One statement fewer for
	 * every answer but an attempt's first (issue 17). */
	for (int tries = 0;; tries++) {
		if (st->answering != attempt || tries > 0) {
			st->answering = 0;
			free(st->answering_module);
			st->answering_module = NULL;
			if (open_attempt(st, attempt, &st->answering_learner, &st->answering_module,
			                 &practice, err) < 0)
				goto fail;
			st->answering = attempt;
		}
		if (store_publication_find(st, st->answering_module, version, file_sha256,
		                           &published, err) < 0 ||
		    answer_attempt(st, attempt, own_time ? 0 : seconds, published == 0, &open,
		                   err) < 0)
			goto fail;
		if (open)
			break;
		if (tries > 0) {
			util_error(err, "cannot record time: attempt %lld was not found open",
			           attempt);
			goto fail;
		}
	}
	/* The event first, so the row can name it; both commit together. */
	data = store_answer_data(attempt, question, response, fraction, weight, version);
	if (store_event_append(st, "answer", st->answering_learner, st->answering_learner,
	                       st->answering_module, data, &event, err) < 0)
		goto fail;
	store_now_iso(st, at);
	if (store_prepare(st, own_time ? ANSWER_INSERT(", seconds", ", ?") : ANSWER_INSERT("", ""),
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, attempt);
	db_bind_text_kept(stmt, 2, question);
	db_bind_text_kept(stmt, 3, response);
	db_bind_double(stmt, 4, fraction);
	db_bind_double(stmt, 5, weight);
	db_bind_text_kept(stmt, 6, version);
	db_bind_text_kept(stmt, 7, at);
	db_bind_int64(stmt, 8, event);
	if (own_time)
		db_bind_int64(stmt, 9, seconds);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc == DB_CONSTRAINT) {
		util_error(err, "question '%s' is already answered in this attempt", question);
		goto fail;
	}
	if (rc != DB_DONE) {
		store_db_error(st, err, "cannot record answer");
		goto fail;
	}
	free(data);
	return store_commit(st, err);
fail:
	free(data);
	store_rollback(st);
	return -1;
}

static void answer_row(struct db_stmt *stmt, void *item)
{
	struct answer *a = item;

	a->question_id = store_column_dup(stmt, 0);
	a->response = store_column_dup(stmt, 1);
	a->fraction = db_column_double(stmt, 2);
	a->weight = db_column_double(stmt, 3);
	a->module_version = store_column_dup(stmt, 4);
	a->answered_at = store_column_dup(stmt, 5);
}

static void answer_release(void *item)
{
	struct answer *a = item;

	free(a->question_id);
	free(a->response);
	free(a->module_version);
	free(a->answered_at);
}

int store_answer_list(struct store *st, long long attempt, struct answer **out, size_t *n,
                      char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT question_id, response, fraction, weight, module_version,"
	                  " answered_at FROM answers WHERE attempt_id = ? ORDER BY id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, attempt);
	return store_collect(st, stmt, sizeof(**out), answer_row, answer_release, out, n,
	                     "cannot list answers", err);
}

/* Sets *other when the attempt was begun on a version other than version. */
static int begun_on(struct store *st, long long attempt, const char *version, bool *other,
                    char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	if (store_prepare(st, "SELECT module_version != ? FROM attempts WHERE id = ?", &stmt, err) <
	    0)
		return -1;
	db_bind_text(stmt, 1, version);
	db_bind_int64(stmt, 2, attempt);
	rc = store_step_one(st, stmt, &found, "cannot read the attempt", err);
	if (rc == 0 && found && db_column_int(stmt, 0))
		*other = true;
	db_finalize(stmt);
	return rc;
}

#define FINISH_SQL(time)                                                                           \
	"UPDATE attempts SET finished_at = ?1, score = ?2, max_score = ?3, percent = ?4,"          \
	" passed = ?5, publication = ?6, practice = ?7" time " WHERE id = ?8"

int store_attempt_finish(struct store *st, long long attempt, const char *version,
                         const char *file_sha256, double score, double max, double percent,
                         bool passed, bool *counted, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data;
	char *module = NULL;
	long long learner = 0, published = 0;
	bool practice = false;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	if (open_attempt(st, attempt, &learner, &module, &practice, err) < 0 ||
	    store_publication_find(st, module, version, file_sha256, &published, err) < 0)
		goto fail;
	/* Begun on one version and finished on another, it was not taken on
	 * any one published version: practice. */
	if (!practice && published && begun_on(st, attempt, version, &practice, err) < 0)
		goto fail;
	practice = practice || published == 0;
	if (practice)
		published = 0;
	store_now_iso(st, at);
	/* The answers' time joins the attempt's (STORE_ATTEMPT_SECONDS). */
	if (store_prepare(
	            st,
	            st->schema >= STORE_SCHEMA_ANSWER_TIME
	                    ? FINISH_SQL(", seconds = seconds + (SELECT coalesce(sum(s.seconds),"
	                                 " 0) FROM answers s WHERE s.attempt_id = ?8)")
	                    : FINISH_SQL(""),
	            &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, at);
	db_bind_double(stmt, 2, score);
	db_bind_double(stmt, 3, max);
	db_bind_double(stmt, 4, percent);
	db_bind_int(stmt, 5, passed);
	if (published)
		db_bind_int64(stmt, 6, published);
	db_bind_int(stmt, 7, practice);
	db_bind_int64(stmt, 8, attempt);
	if (store_step_done(st, stmt, "cannot finish attempt", err) < 0)
		goto fail;
	if (counted)
		*counted = !practice;
	data = store_finish_data(attempt, score, max, percent, passed, published, practice);
	rc = store_event_append(st, "attempt.finish", learner, learner, module, data, NULL, err);
	free(data);
	if (rc < 0)
		goto fail;
	free(module);
	return store_commit(st, err);
fail:
	free(module);
	store_rollback(st);
	return -1;
}

int store_lesson_get(struct store *st, long long learner, const char *module,
                     struct lesson_state *out, bool *found, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*found = false;
	if (store_prepare(st,
	                  "SELECT page, pages, read_all, seconds FROM lesson_progress"
	                  " WHERE learner_id = ? AND module_id = ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	rc = store_step_one(st, stmt, found, "cannot read lesson progress", err);
	if (rc == 0 && *found) {
		out->page = db_column_int(stmt, 0);
		out->pages = db_column_int(stmt, 1);
		out->read_all = db_column_int(stmt, 2) != 0;
		out->seconds = (long)db_column_int64(stmt, 3);
	}
	db_finalize(stmt);
	return rc;
}

int store_lesson_set(struct store *st, long long learner, const char *module, int page, int pages,
                     bool read_all, long seconds, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32];

	store_now_iso(st, at);
	if (store_prepare(
	            st,
	            "INSERT INTO lesson_progress (learner_id, module_id, page, pages, read_all,"
	            " seconds, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	            " ON CONFLICT (learner_id, module_id) DO UPDATE SET page = ?3,"
	            " pages = ?4, read_all = CASE WHEN ?5 > lesson_progress.read_all THEN ?5"
	            " ELSE lesson_progress.read_all END,"
	            " seconds = lesson_progress.seconds + ?6,"
	            " updated_at = ?7",
	            &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, module);
	db_bind_int(stmt, 3, page);
	db_bind_int(stmt, 4, pages);
	db_bind_int(stmt, 5, read_all);
	db_bind_int64(stmt, 6, seconds);
	db_bind_text(stmt, 7, at);
	return store_step_done(st, stmt, "cannot save lesson progress", err);
}

void attempt_release(struct attempt *a)
{
	if (!a)
		return;
	free(a->module_id);
	free(a->module_version);
	free(a->plan);
	free(a->started_at);
	free(a->finished_at);
	memset(a, 0, sizeof(*a));
}

void attempts_free(struct attempt *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		attempt_release(&list[i]);
	free(list);
}

void answers_free(struct answer *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		answer_release(&list[i]);
	free(list);
}

char *store_start_data(long long attempt, const char *version)
{
	struct strbuf data;

	strbuf_init(&data);
	strbuf_addf(&data, "{\"attempt\":%lld,\"version\":", attempt);
	strbuf_add_json(&data, version);
	strbuf_adds(&data, "}");
	return strbuf_detach(&data);
}

char *store_finish_data(long long attempt, double score, double max, double percent, bool passed,
                        long long publication, bool practice)
{
	struct strbuf data;

	strbuf_init(&data);
	strbuf_addf(&data,
	            "{\"attempt\":%lld,\"score\":%.4f,\"max\":%.4f,\"percent\":%.1f,"
	            "\"passed\":%s",
	            attempt, score, max, percent, passed ? "true" : "false");
	/* Attempts finished before publishing existed carry neither. */
	if (publication > 0)
		strbuf_addf(&data, ",\"publication\":%lld", publication);
	if (practice)
		strbuf_adds(&data, ",\"practice\":true");
	strbuf_addc(&data, '}');
	return strbuf_detach(&data);
}
