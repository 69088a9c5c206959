/*
 * The duty register in the record: duties and what proves readiness for
 * them, each person's stage, supervised practice, and every move as an
 * event, so the handover timeline is read straight from the chained log.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-duties.h"

/* What the queries below read of a move's event, and a duty's modules and
 * minimum scores as one string (store-private.h). */
#define MOVE_FROM STORE_SQL_JSON("e.data", "from")
#define MOVE_TO   STORE_SQL_JSON("e.data", "to")
#define MOVE_NOTE STORE_SQL_JSON("e.data", "note")
#define DUTY_MODULES                                                                               \
	STORE_SQL_GROUP_CONCAT("module_id || " STORE_SQL_CHAR(31) " || min_score",                 \
	                       STORE_SQL_CHAR(30))

/* The JSON a duty's definition is logged as. */
static char *duty_data(const struct duty *d)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"title\":");
	strbuf_add_json(&sb, d->title);
	strbuf_adds(&sb, ",\"modules\":[");
	for (size_t i = 0; i < d->nmodules; i++) {
		strbuf_adds(&sb, i ? ",{\"module\":" : "{\"module\":");
		strbuf_add_json(&sb, d->modules[i].module);
		strbuf_addf(&sb, ",\"min_score\":%d}", d->modules[i].min_score);
	}
	strbuf_adds(&sb, "],\"policy\":");
	if (d->policy)
		strbuf_add_json(&sb, d->policy);
	else
		strbuf_adds(&sb, "null");
	strbuf_addf(&sb, ",\"practice\":%d}", d->practice);
	return strbuf_detach(&sb);
}

/* Adds or replaces one duty inside the caller's transaction. */
static int duty_put(struct store *st, const struct duty *d, long long actor, bool *created,
                    char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32], *data = NULL;
	bool exists;

	store_now_iso(st, at);
	if (store_prepare(st, "SELECT 1 FROM duties WHERE id = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, d->id);
	exists = db_step(stmt) == DB_ROW;
	db_finalize(stmt);
	if (store_prepare(st,
	                  exists ? "UPDATE duties SET title = ?2, summary = ?3, policy = ?4,"
	                           " practice = ?5, updated_at = ?6 WHERE id = ?1"
	                         : "INSERT INTO duties (id, title, summary, policy, practice,"
	                           " updated_at, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	                           " (SELECT coalesce(max(position), 0) + 1 FROM duties))",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, d->id);
	db_bind_text(stmt, 2, d->title);
	db_bind_text(stmt, 3, d->summary);
	db_bind_text(stmt, 4, d->policy);
	db_bind_int(stmt, 5, d->practice);
	db_bind_text(stmt, 6, at);
	if (store_step_done(st, stmt, "cannot save duty", err) < 0)
		goto fail;
	if (store_prepare(st, "DELETE FROM duty_modules WHERE duty_id = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, d->id);
	if (store_step_done(st, stmt, "cannot save duty", err) < 0)
		goto fail;
	for (size_t i = 0; i < d->nmodules; i++) {
		if (store_prepare(
		            st,
		            "INSERT INTO duty_modules (duty_id, module_id, min_score, position)"
		            " VALUES (?, ?, ?, ?)",
		            &stmt, err) < 0)
			goto fail;
		db_bind_text(stmt, 1, d->id);
		db_bind_text(stmt, 2, d->modules[i].module);
		db_bind_int(stmt, 3, d->modules[i].min_score);
		db_bind_int64(stmt, 4, (long long)i);
		if (db_step(stmt) != DB_DONE) {
			db_finalize(stmt);
			util_error(err, "duty '%s' names module '%s' twice", d->id,
			           d->modules[i].module);
			goto fail;
		}
		db_finalize(stmt);
	}
	data = duty_data(d);
	if (store_event_append(st, exists ? "duty.edit" : "duty.add", actor, 0, d->id, data, NULL,
	                       err) < 0)
		goto fail;
	free(data);
	if (created)
		*created = !exists;
	return 0;
fail:
	free(data);
	return -1;
}

/* One count from a query with one text parameter. */
static int count_of(struct store *st, const char *sql, const char *param, long long *n, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	*n = 0;
	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, param);
	rc = store_step_one(st, stmt, &found, "cannot read the duty register", err);
	if (rc == 0 && found)
		*n = db_column_int64(stmt, 0);
	db_finalize(stmt);
	return rc;
}

int store_duty_remove(struct store *st, const char *duty, long long actor, char **err)
{
	struct db_stmt *stmt = NULL;
	char *title = NULL, *data = NULL;
	long long moves = 0, practice = 0;
	bool found = false;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_prepare(st, "SELECT title FROM duties WHERE id = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, duty);
	if (store_step_one(st, stmt, &found, "cannot read the duty register", err) < 0) {
		db_finalize(stmt);
		goto fail;
	}
	title = found ? store_column_dup(stmt, 0) : NULL;
	db_finalize(stmt);
	if (!found) {
		util_error(err, "no duty '%s' ('duty list' shows them)", duty);
		goto fail;
	}
	/* Anyone's stage, any move or practice ever logged: the duty has a
	 * history of its own then, and stays (edit it instead). */
	if (count_of(st,
	             "SELECT count(*) FROM events WHERE subject = ?1 AND kind IN"
	             " ('duty.stage', 'duty.handover', 'duty.takeback', "
	             "'duty.practice')" STORE_SQL_NOT_ANSWER,
	             duty, &moves, err) < 0 ||
	    count_of(st,
	             "SELECT (SELECT count(*) FROM duty_stages WHERE duty_id = ?1)"
	             " + (SELECT count(*) FROM duty_practice WHERE duty_id = ?1)",
	             duty, &practice, err) < 0)
		goto fail;
	if (moves + practice > 0) {
		util_error(err,
		           "duty remove: '%s' has been started (stages or practice are logged for "
		           "it): it stays in the register; 'duty edit' changes it",
		           duty);
		goto fail;
	}
	if (store_prepare(st, "DELETE FROM duty_modules WHERE duty_id = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, duty);
	if (store_step_done(st, stmt, "cannot remove duty", err) < 0)
		goto fail;
	if (store_prepare(st, "DELETE FROM duties WHERE id = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, duty);
	if (store_step_done(st, stmt, "cannot remove duty", err) < 0)
		goto fail;
	{
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_adds(&sb, "{\"title\":");
		strbuf_add_json(&sb, title);
		strbuf_addc(&sb, '}');
		data = strbuf_detach(&sb);
	}
	if (store_event_append(st, "duty.remove", actor, 0, duty, data, NULL, err) < 0)
		goto fail;
	free(title);
	free(data);
	return store_commit(st, err);
fail:
	free(title);
	free(data);
	store_rollback(st);
	return -1;
}

int store_duty_ever(struct store *st, bool *ever, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc;

	*ever = false;
	if (store_prepare(st,
	                  "SELECT 1 FROM events WHERE kind = 'duty.add'" STORE_SQL_NOT_ANSWER
	                  " LIMIT 1",
	                  &stmt, err) < 0)
		return -1;
	rc = store_step_one(st, stmt, ever, "cannot read the event log", err);
	db_finalize(stmt);
	return rc;
}

int store_duty_put(struct store *st, const struct duty *d, long long actor, bool *created,
                   char **err)
{
	int added = 0;

	if (store_duty_put_all(st, d, 1, actor, &added, NULL, err) < 0)
		return -1;
	if (created)
		*created = added == 1;
	return 0;
}

int store_duty_put_all(struct store *st, const struct duty *list, size_t n, long long actor,
                       int *added, int *updated, char **err)
{
	if (added)
		*added = 0;
	if (updated)
		*updated = 0;
	if (store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool created = false;
		if (duty_put(st, &list[i], actor, &created, err) < 0) {
			store_rollback(st);
			return -1;
		}
		if (created && added)
			(*added)++;
		else if (!created && updated)
			(*updated)++;
	}
	return store_commit(st, err);
}

/* Reads the modules of each duty in list. */
static int load_modules(struct store *st, struct duty *list, size_t n, char **err)
{
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *stmt = NULL;
		size_t cap = 0;
		int step;

		if (store_prepare(st,
		                  "SELECT module_id, min_score FROM duty_modules WHERE duty_id = ?"
		                  " ORDER BY position",
		                  &stmt, err) < 0)
			return -1;
		db_bind_text(stmt, 1, list[i].id);
		while ((step = db_step(stmt)) == DB_ROW) {
			struct duty_module *m;
			xgrow(&list[i].modules, &cap, list[i].nmodules + 1, sizeof(*m));
			m = &list[i].modules[list[i].nmodules++];
			m->module = store_column_dup(stmt, 0);
			m->min_score = db_column_int(stmt, 1);
		}
		db_finalize(stmt);
		if (step != DB_DONE)
			return store_db_error(st, err, "cannot read duties");
	}
	return 0;
}

int store_duty_list(struct store *st, struct duty **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct duty *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT id, title, summary, policy, practice FROM duties"
	                  " ORDER BY position",
	                  &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		struct duty *d;
		xgrow(&list, &cap, count + 1, sizeof(*list));
		d = &list[count++];
		memset(d, 0, sizeof(*d));
		d->id = store_column_dup(stmt, 0);
		d->title = store_column_dup(stmt, 1);
		d->summary = store_column_dup(stmt, 2);
		d->policy = store_column_dup(stmt, 3);
		d->practice = db_column_int(stmt, 4);
	}
	db_finalize(stmt);
	if (step != DB_DONE || load_modules(st, list, count, err) < 0) {
		duties_free(list, count);
		return step != DB_DONE ? store_db_error(st, err, "cannot read duties") : -1;
	}
	*out = list;
	*n = count;
	return 0;
}

int store_duty_stage(struct store *st, long long learner, const char *duty, enum duty_stage *out,
                     char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc = -1;

	*out = DUTY_NONE;
	if (store_prepare(st, "SELECT stage FROM duty_stages WHERE learner_id = ? AND duty_id = ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, duty);
	rc = store_step_one(st, stmt, &found, "cannot read duty stages", err);
	if (rc == 0 && found) {
		*out = (enum duty_stage)db_column_int(stmt, 0);
	}
	db_finalize(stmt);
	return rc;
}

/* The learner holding duty (stage handed over), or 0 and no name. */
static int holder(struct store *st, const char *duty, long long *learner, char **name, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc = -1;

	*learner = 0;
	*name = NULL;
	if (store_prepare(st,
	                  "SELECT s.learner_id, l.name FROM duty_stages s JOIN learners l ON"
	                  " l.id = s.learner_id WHERE s.duty_id = ? AND s.stage = 4",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, duty);
	rc = store_step_one(st, stmt, &found, "cannot read duty stages", err);
	if (rc == 0 && found) {
		*learner = db_column_int64(stmt, 0);
		*name = store_column_dup(stmt, 1);
	}
	db_finalize(stmt);
	return rc;
}

int store_duty_holder(struct store *st, const char *duty, long long *learner, char **name,
                      char **err)
{
	return holder(st, duty, learner, name, err);
}

int store_duty_move(struct store *st, long long learner, const char *duty, enum duty_stage from,
                    enum duty_stage to, long long actor, const char *note, char **err)
{
	struct db_stmt *stmt = NULL;
	struct strbuf data;
	enum duty_stage now_at;
	long long owner = 0;
	char *owner_name = NULL;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	/* Checked again under the write lock: someone may have moved it since
	 * the caller looked. */
	if (store_duty_stage(st, learner, duty, &now_at, err) < 0)
		goto fail;
	if (now_at != from) {
		util_error(err, "the stage changed meanwhile (now %s); look again",
		           duty_stage_name(now_at));
		goto fail;
	}
	if (to == DUTY_HANDED_OVER) {
		if (holder(st, duty, &owner, &owner_name, err) < 0)
			goto fail;
		if (owner && owner != learner) {
			util_error(err,
			           "'%s' is held by %s: a duty has one owner; take it back first",
			           duty, owner_name);
			goto fail;
		}
	}
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO duty_stages (learner_id, duty_id, stage, since)"
	                  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (learner_id, duty_id)"
	                  " DO UPDATE SET stage = ?3, since = ?4",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, duty);
	db_bind_int(stmt, 3, (int)to);
	db_bind_text(stmt, 4, at);
	if (store_step_done(st, stmt, "cannot move duty", err) < 0)
		goto fail;
	strbuf_init(&data);
	strbuf_adds(&data, "{\"duty\":");
	strbuf_add_json(&data, duty);
	strbuf_addf(&data, ",\"from\":\"%s\",\"to\":\"%s\",\"note\":", duty_stage_name(from),
	            duty_stage_name(to));
	strbuf_add_json(&data, note ? note : "");
	strbuf_addc(&data, '}');
	rc = store_event_append(st,
	                        to == DUTY_HANDED_OVER     ? "duty.handover"
	                        : from == DUTY_HANDED_OVER ? "duty.takeback"
	                                                   : "duty.stage",
	                        actor, learner, duty, data.buf, NULL, err);
	strbuf_release(&data);
	if (rc < 0)
		goto fail;
	free(owner_name);
	return store_commit(st, err);
fail:
	free(owner_name);
	store_rollback(st);
	return -1;
}

int store_duty_practice_add(struct store *st, long long learner, const char *duty, const char *note,
                            long long actor, char **err)
{
	struct db_stmt *stmt = NULL;
	struct strbuf data;
	long long event = 0;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	strbuf_init(&data);
	strbuf_adds(&data, "{\"duty\":");
	strbuf_add_json(&data, duty);
	strbuf_adds(&data, ",\"note\":");
	strbuf_add_json(&data, note);
	strbuf_addc(&data, '}');
	rc = store_event_append(st, "duty.practice", actor, learner, duty, data.buf, &event, err);
	strbuf_release(&data);
	if (rc < 0)
		goto fail;
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO duty_practice (learner_id, duty_id, note, at, logged_by,"
	                  " event_id) VALUES (?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, duty);
	db_bind_text(stmt, 3, note);
	db_bind_text(stmt, 4, at);
	if (actor > 0)
		db_bind_int64(stmt, 5, actor);
	db_bind_int64(stmt, 6, event);
	if (store_step_done(st, stmt, "cannot log practice", err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_duty_practice_count(struct store *st, long long learner, const char *duty, int *n,
                              char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	if (store_prepare(st,
	                  "SELECT count(*) FROM duty_practice WHERE learner_id = ? AND duty_id = ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, duty);
	if (db_step(stmt) == DB_ROW) {
		*n = db_column_int(stmt, 0);
		rc = 0;
	} else {
		store_db_error(st, err, "cannot count practice");
	}
	db_finalize(stmt);
	return rc;
}

static void move_row(struct db_stmt *stmt, void *item)
{
	struct duty_move *m = item;

	m->at = store_column_dup(stmt, 0);
	m->kind = store_column_dup(stmt, 1);
	m->duty = store_column_dup(stmt, 2);
	m->learner = store_column_dup(stmt, 3);
	m->actor = store_column_dup(stmt, 4);
	m->from = store_column_dup(stmt, 5);
	m->to = store_column_dup(stmt, 6);
	m->note = store_column_dup(stmt, 7);
}

static void move_release(void *item)
{
	struct duty_move *m = item;

	free(m->at);
	free(m->kind);
	free(m->duty);
	free(m->learner);
	free(m->actor);
	free(m->from);
	free(m->to);
	free(m->note);
}

int store_duty_timeline(struct store *st, struct duty_move **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT e.at, e.kind, e.subject, l.name, coalesce(a.name, ''),"
	                  " " MOVE_FROM ", " MOVE_TO ", " MOVE_NOTE " FROM events e"
	                  " JOIN learners l ON l.id = e.learner_id"
	                  " LEFT JOIN learners a ON a.id = e.actor_id"
	                  " WHERE e.kind IN ('duty.stage', 'duty.handover', "
	                  "'duty.takeback')" STORE_SQL_NOT_ANSWER " ORDER BY e.id",
	                  &stmt, err) < 0)
		return -1;
	return store_collect(st, stmt, sizeof(**out), move_row, move_release, out, n,
	                     "cannot read the handover timeline", err);
}

int store_first_event(struct store *st, char at[32], char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc = -1;

	at[0] = '\0';
	if (store_prepare(st, "SELECT at FROM events ORDER BY id LIMIT 1", &stmt, err) < 0)
		return -1;
	rc = store_step_one(st, stmt, &found, "cannot read the event log", err);
	if (rc == 0 && found) {
		snprintf(at, 32, "%s", db_column_text(stmt, 0));
	}
	db_finalize(stmt);
	return rc;
}

void duties_free(struct duty *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		duty_release(&list[i]);
	free(list);
}

void duty_moves_free(struct duty_move *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		move_release(&list[i]);
	free(list);
}

/* ---- verify ---- */

static const char *column_text(struct db_stmt *stmt, int col)
{
	const char *s = db_column_text(stmt, col);
	return s ? s : "";
}

/* A duty's definition as its rows give it: title, policy, practice, and
 * its modules as "module US score RS ..." from the query. */
static char *duty_row_data(struct db_stmt *stmt)
{
	struct duty d = {0};
	struct duty_module *m = NULL;
	char *list = xstrdup(column_text(stmt, 7)), *save = NULL, *json;
	size_t cap = 0;

	d.title = (char *)column_text(stmt, 4);
	d.policy = db_column_is_null(stmt, 5) ? NULL : (char *)column_text(stmt, 5);
	d.practice = db_column_int(stmt, 6);
	for (char *entry = strtok_r(list, "\x1e", &save); entry;
	     entry = strtok_r(NULL, "\x1e", &save)) {
		char *sep = strchr(entry, '\x1f');
		xgrow(&m, &cap, d.nmodules + 1, sizeof(*m));
		m[d.nmodules].module = entry;
		m[d.nmodules].min_score = sep ? atoi(sep + 1) : -1;
		if (sep)
			*sep = '\0';
		d.nmodules++;
	}
	d.modules = m;
	json = duty_data(&d);
	free(m);
	free(list);
	return json;
}

/* A person's stage in a duty, and since when, as the last move says. */
static char *stage_row_data(struct db_stmt *stmt)
{
	return xasprintf("%s|%s", duty_stage_name((enum duty_stage)db_column_int(stmt, 3)),
	                 column_text(stmt, 4));
}

/* Supervised practice: whose, which duty, logged by whom, when, the note. */
static char *practice_row_data(struct db_stmt *stmt)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%lld|%s|", db_column_int64(stmt, 3), column_text(stmt, 4));
	if (db_column_int64(stmt, 5) > 0)
		strbuf_addf(&sb, "%lld", db_column_int64(stmt, 5));
	strbuf_addf(&sb, "|%s|{\"duty\":", column_text(stmt, 6));
	strbuf_add_json(&sb, column_text(stmt, 4));
	strbuf_adds(&sb, ",\"note\":");
	strbuf_add_json(&sb, column_text(stmt, 7));
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

int store_verify_duties(struct store *st, struct store_verify *v, char **err)
{
	int rc;

	/* Each duty against its last definition: what readiness needs. */
	rc = store_verify_mirror(
	        st,
	        "WITH last AS (SELECT subject, max(id) AS id FROM events"
	        " WHERE kind IN ('duty.add', 'duty.edit', 'duty.remove')" STORE_SQL_NOT_ANSWER
	        " GROUP BY subject)"
	        " SELECT e.id, e.data, 1, d.id, d.title, d.policy, d.practice,"
	        " (SELECT " DUTY_MODULES " FROM"
	        " (SELECT module_id, min_score FROM duty_modules WHERE duty_id = d.id"
	        " ORDER BY position) AS m) FROM duties d LEFT JOIN last l ON l.subject = d.id"
	        " LEFT JOIN events e ON e.id = l.id AND e.kind != 'duty.remove'"
	        " UNION ALL SELECT l.id, NULL, 0, '', '', NULL, 0, '' FROM last l"
	        " JOIN events e ON e.id = l.id AND e.kind != 'duty.remove'"
	        " WHERE NOT EXISTS (SELECT 1 FROM duties d WHERE d.id = l.subject) ORDER BY 1",
	        duty_row_data, "duty", v, err);
	if (rc != 0)
		return rc;
	/* Each person's stage against their last move in that duty. */
	rc = store_verify_mirror(
	        st,
	        "WITH last AS (SELECT learner_id, subject, max(id) AS id FROM events"
	        " WHERE kind IN ('duty.stage', 'duty.handover', "
	        "'duty.takeback')" STORE_SQL_NOT_ANSWER " GROUP BY learner_id, subject)"
	        " SELECT e.id, " MOVE_TO " || '|' || e.at, 1, s.stage, s.since"
	        " FROM duty_stages s LEFT JOIN last l ON l.learner_id = s.learner_id"
	        " AND l.subject = s.duty_id LEFT JOIN events e ON e.id = l.id"
	        " UNION ALL SELECT l.id, NULL, 0, 0, '' FROM last l WHERE NOT EXISTS"
	        " (SELECT 1 FROM duty_stages s WHERE s.learner_id = l.learner_id"
	        " AND s.duty_id = l.subject) ORDER BY 1",
	        stage_row_data, "duty stage", v, err);
	if (rc != 0)
		return rc;
	return store_verify_mirror(
	        st,
	        "SELECT e.id, e.learner_id || '|' || e.subject || '|' || coalesce(CAST(e.actor_id "
	        "AS TEXT), '')"
	        " || '|' || e.at || '|' || e.data, 1, p.learner_id, p.duty_id, p.logged_by, p.at,"
	        " p.note FROM duty_practice p LEFT JOIN events e ON e.id = p.event_id"
	        " AND e.kind = 'duty.practice'"
	        " UNION ALL SELECT e.id, NULL, 0, 0, '', 0, '', '' FROM events e"
	        " WHERE e.kind = 'duty.practice'" STORE_SQL_NOT_ANSWER " AND NOT EXISTS"
	        " (SELECT 1 FROM duty_practice p WHERE p.event_id = e.id) ORDER BY 1",
	        practice_row_data, "practice session", v, err);
}
