/*
 * The event log as a hash chain, and its verification. Each event's hash
 * covers its own content and the hash of the event before it, so changing,
 * inserting or removing any event (with the sqlite3 shell, say, after
 * dropping the triggers) breaks the chain from that point. The tables that
 * mirror events (answers, acknowledgements) are checked against them too.
 */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "merkle.h"
#include "store-private.h"
#include "util.h"
#include "store-events.h"
#include "store-publish.h"

/* Members of events' JSON the queries below read (store-private.h). */
#define EVENT_NAME              STORE_SQL_JSON("e.data", "name")
#define NAMED_NAME              STORE_SQL_JSON("n.data", "name")
#define EVENT_VERSION           STORE_SQL_JSON("e.data", "version")
#define EVENT_PUBLICATION       STORE_SQL_JSON("e.data", "publication")
#define CHECKPOINT_VALID        STORE_SQL_JSON_VALID("data")
#define CHECKPOINT_SIZE         STORE_SQL_JSON("data", "size")
#define CHECKPOINT_NOTE_IS_TEXT STORE_SQL_JSON_IS_TEXT("data", "note")

/* What an event's hash covers. Never change this: every hash in every
 * database depends on it. */
void store_event_hash(long long id, const char *at, const char *kind, long long actor,
                      long long learner, const char *subject, const char *data, const char *prev,
                      char out[DIGEST_SHA256_HEX])
{
	/* "upskill-event-1\n" prev "\n" id "\n" at "\n" kind "\n" actor "\n"
	 * learner "\n" subject "\n" data, an actor or learner of 0 (none) as
	 * nothing: hashed in parts, with no copy and no printf. */
	char nid[24], nactor[24], nlearner[24];
	size_t lid = (size_t)(util_put_int(nid, id) - nid);
	size_t lactor = actor > 0 ? (size_t)(util_put_int(nactor, actor) - nactor) : 0;
	size_t llearner = learner > 0 ? (size_t)(util_put_int(nlearner, learner) - nlearner) : 0;
	const char *subj = subject ? subject : "";
	const void *parts[] = {"upskill-event-1\n",
	                       prev,
	                       "\n",
	                       nid,
	                       "\n",
	                       at,
	                       "\n",
	                       kind,
	                       "\n",
	                       nactor,
	                       "\n",
	                       nlearner,
	                       "\n",
	                       subj,
	                       "\n",
	                       data};
	const size_t lens[] = {16, strlen(prev), 1, lid,      1, strlen(at),   1, strlen(kind),
	                       1,  lactor,       1, llearner, 1, strlen(subj), 1, strlen(data)};
	unsigned char digest[32];

	digest_sha256_parts(parts, lens, sizeof(lens) / sizeof(lens[0]), digest);
	digest_hex(digest, out);
}

/* s (NULL as "") into out of size n, cut to fit: what snprintf's "%s"
 * did, without formatting, for every event appended. */
static void copy_bounded(char *out, size_t n, const char *s)
{
	size_t len = s ? strnlen(s, n - 1) : 0;

	memcpy(out, s ? s : "", len);
	out[len] = '\0';
}

/* The last event's id, hash and time ("" and 0 for an empty log). */
static int chain_tail(struct store *st, long long *id, char hash[DIGEST_SHA256_HEX], char at[32],
                      char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	*id = 0;
	hash[0] = '\0';
	at[0] = '\0';
	if (store_prepare(st, "SELECT id, hash, at FROM events ORDER BY id DESC LIMIT 1", &stmt,
	                  err) < 0)
		return -1;
	switch (db_step(stmt)) {
	case DB_ROW: {
		const char *h = db_column_text(stmt, 1);
		const char *t = db_column_text(stmt, 2);
		*id = db_column_int64(stmt, 0);
		copy_bounded(hash, DIGEST_SHA256_HEX, h);
		copy_bounded(at, 32, t);
		rc = 0;
		break;
	}
	case DB_DONE:
		rc = 0;
		break;
	default:
		store_db_error(st, err, "cannot read the event log");
	}
	db_finalize(stmt);
	return rc;
}

int store_event_append(struct store *st, const char *kind, long long actor, long long learner,
                       const char *subject, const char *data, long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32], last_at[32], prev[DIGEST_SHA256_HEX], hash[DIGEST_SHA256_HEX];
	long long last, new_id;
	unsigned version = 0;
	bool versioned;
	int rc = -1;

	if (!data)
		data = "{}";
	/* The caller holds the write lock (BEGIN IMMEDIATE), so nobody can
	 * append between reading the tail and writing after it. The tail this
	 * connection committed last is still the tail while the data version
	 * has not moved since: no other connection has changed the database
	 * (SQLite counts theirs when this transaction began) and this one has
	 * committed nothing else (events are only written here: db copy's
	 * rows go into a new record that has appended nothing). The first
	 * append of a transaction takes it from there, not from a query (3% of
	 * an answer, issue 17); the next one reads its predecessor back. */
	versioned = db_in_transaction(st->db) && db_data_version(st->db, &version) == 0;
	if (versioned && st->tail_known && !st->appended_known && version == st->tail_version) {
		last = st->tail.id;
		memcpy(prev, st->tail.hash, sizeof(prev));
		memcpy(last_at, st->tail.at, sizeof(last_at));
	} else if (chain_tail(st, &last, prev, last_at, err) < 0) {
		return -1;
	}
	new_id = last + 1;
	store_now_iso(st, at);
	/* Time in the record only goes forward: a clock set back (by hand,
	 * or by a machine that lost its time) would back-date what follows. */
	if (strcmp(at, last_at) < 0)
		return util_error(err,
		                  "this machine's clock reads %s, before the record's last event "
		                  "(%s): nothing was recorded; set the clock right and try again",
		                  at, last_at);
	store_event_hash(new_id, at, kind, actor, learner, subject, data, prev, hash);
	if (store_prepare(st,
	                  "INSERT INTO events (id, at, kind, actor_id, learner_id, subject, data,"
	                  " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto out;
	/* Every text bound lives until the step below (db_bind_text_kept). */
	db_bind_int64(stmt, 1, new_id);
	db_bind_text_kept(stmt, 2, at);
	db_bind_text_kept(stmt, 3, kind);
	if (actor > 0)
		db_bind_int64(stmt, 4, actor);
	if (learner > 0)
		db_bind_int64(stmt, 5, learner);
	db_bind_text_kept(stmt, 6, subject);
	db_bind_text_kept(stmt, 7, data);
	db_bind_text_kept(stmt, 8, prev);
	db_bind_text_kept(stmt, 9, hash);
	if (db_step(stmt) != DB_DONE) {
		store_db_error(st, err, "cannot record event");
		goto out;
	}
	if (id)
		*id = new_id;
	st->appended.id = new_id;
	memcpy(st->appended.hash, hash, sizeof(hash));
	memcpy(st->appended.at, at, sizeof(at));
	st->appended_known = versioned;
	st->appended_version = version;
	rc = 0;
out:
	db_finalize(stmt);
	return rc;
}

void store_tail_end(struct store *st, bool committed, unsigned version_before)
{
	unsigned after;

	/* Kept only for an event appended in the transaction just committed
	 * (the data version it saw is the one the commit began from), with
	 * the version the commit left. */
	st->tail_known = committed && st->appended_known &&
	                 version_before == st->appended_version &&
	                 db_data_version(st->db, &after) == 0;
	if (st->tail_known) {
		st->tail = st->appended;
		st->tail_version = after;
	}
	st->appended_known = false;
}

int store_head(struct store *st, long long *count, char head[DIGEST_SHA256_HEX], char **err)
{
	long long last;
	char at[32];

	if (chain_tail(st, &last, head, at, err) < 0)
		return -1;
	*count = last;
	return 0;
}

static const char *text_or_empty(struct db_stmt *stmt, int col)
{
	const char *s = db_column_text(stmt, col);
	return s ? s : "";
}

/* How often the chain walk reports progress, in events. */
#define VERIFY_PROGRESS_EVERY 8192

/* Walks the chain in order; the first event whose link or hash is wrong. */
static int verify_chain(struct store *st, struct store_verify *v, store_verify_progress *progress,
                        void *ctx, char **err)
{
	long long total = 0;

	struct db_stmt *stmt = NULL;
	char prev[DIGEST_SHA256_HEX] = "", hash[DIGEST_SHA256_HEX], prev_at[32] = "";
	long long expected = 1;
	int step, rc = -1;

	if (store_prepare(
	            st,
	            "SELECT id, at, kind, actor_id, learner_id, subject, data, prev_hash, hash"
	            " FROM events ORDER BY id",
	            &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		long long id = db_column_int64(stmt, 0);
		const char *at = text_or_empty(stmt, 1), *kind = text_or_empty(stmt, 2);
		const char *stored_prev = text_or_empty(stmt, 7);
		const char *stored = text_or_empty(stmt, 8);

		if (id != expected && expected == 1 && id > 1) {
			v->broken_id = expected;
			v->problem =
			        xasprintf("the log does not begin at its first event: events 1 "
			                  "to %lld were removed from it",
			                  id - 1);
			rc = 1;
			goto out;
		}
		if (id != expected) {
			v->broken_id = expected;
			v->problem = xasprintf("event %lld is missing: it was removed from the log",
			                       expected);
			rc = 1;
			goto out;
		}
		if (strcmp(stored_prev, prev) != 0) {
			v->broken_id = id;
			v->problem =
			        xasprintf("event %lld (%s, %s) does not follow the event before "
			                  "it: the log was changed there",
			                  id, kind, at);
			rc = 1;
			goto out;
		}
		store_event_hash(id, at, kind, db_column_int64(stmt, 3), db_column_int64(stmt, 4),
		                 db_column_text(stmt, 5), text_or_empty(stmt, 6), prev, hash);
		if (strcmp(hash, stored) != 0) {
			v->broken_id = id;
			v->problem =
			        xasprintf("event %lld (%s, %s) does not match its hash: it was "
			                  "changed after it was written",
			                  id, kind, at);
			rc = 1;
			goto out;
		}
		/* The program never writes an event dated before the last one. */
		if (strcmp(at, prev_at) < 0) {
			v->broken_id = id;
			v->problem = xasprintf("event %lld (%s, %s) is dated before the event "
			                       "before it (%s): it was back-dated",
			                       id, kind, at, prev_at);
			rc = 1;
			goto out;
		}
		snprintf(prev_at, sizeof(prev_at), "%.31s", at);
		memcpy(prev, hash, sizeof(prev));
		if (progress && expected % VERIFY_PROGRESS_EVERY == 0) {
			if (!total) {
				char last[DIGEST_SHA256_HEX], last_at[32];
				if (chain_tail(st, &total, last, last_at, err) < 0)
					goto out;
			}
			progress(ctx, expected, total);
		}
		expected++;
	}
	if (step != DB_DONE) {
		store_db_error(st, err, "cannot read the event log");
		goto out;
	}
	v->events = expected - 1;
	memcpy(v->head, prev, sizeof(prev));
	rc = 0;
out:
	db_finalize(stmt);
	return rc;
}

/* Rows against the events that logged them (store-private.h). */
int store_verify_mirror(struct store *st, const char *query, char *(*data_of)(struct db_stmt *),
                        const char *what, struct store_verify *v, char **err)
{
	struct db_stmt *stmt = NULL;
	int step, rc = -1;

	if (store_prepare(st, query, &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		long long event = db_column_int64(stmt, 0);
		const char *logged = db_column_text(stmt, 1);
		bool has_row = db_column_int(stmt, 2) != 0;
		char *implied;

		if (event == 0) {
			/* broken_id 0: the row, not an event, is what is wrong. */
			v->problem =
			        xasprintf("a%s %s in the record has no event that logged it: it "
			                  "was added or changed outside upskill",
			                  strchr("aeiou", what[0]) ? "n" : "", what);
			rc = 1;
			goto out;
		}
		if (!has_row) {
			v->broken_id = event;
			v->problem = xasprintf("the %s logged as event %lld is missing from the "
			                       "record: it was deleted",
			                       what, event);
			rc = 1;
			goto out;
		}
		implied = data_of(stmt);
		if (!logged || strcmp(implied, logged) != 0) {
			v->broken_id = event;
			v->problem = xasprintf("the %s logged as event %lld differs from the "
			                       "record: the record was changed",
			                       what, event);
			free(implied);
			rc = 1;
			goto out;
		}
		free(implied);
	}
	if (step != DB_DONE) {
		store_db_error(st, err, "cannot check the record against the log");
		goto out;
	}
	rc = 0;
out:
	db_finalize(stmt);
	return rc;
}

static char *answer_row_data(struct db_stmt *stmt)
{
	return store_answer_data(db_column_int64(stmt, 3), text_or_empty(stmt, 4),
	                         text_or_empty(stmt, 5), db_column_double(stmt, 6),
	                         db_column_double(stmt, 7), text_or_empty(stmt, 8));
}

/* Attempt rows: who, which module, when and what the event says. */
static char *start_row_data(struct db_stmt *stmt)
{
	char *json = store_start_data(db_column_int64(stmt, 3), text_or_empty(stmt, 6));
	char *all = xasprintf("%lld|%s|%s|%s", db_column_int64(stmt, 4), text_or_empty(stmt, 5),
	                      text_or_empty(stmt, 7), json);

	free(json);
	return all;
}

static char *finish_row_data(struct db_stmt *stmt)
{
	char *json = store_finish_data(db_column_int64(stmt, 3), db_column_double(stmt, 7),
	                               db_column_double(stmt, 8), db_column_double(stmt, 9),
	                               db_column_int(stmt, 10), db_column_int64(stmt, 11),
	                               db_column_int(stmt, 12));
	char *all = xasprintf("%lld|%s|%s|%s", db_column_int64(stmt, 4), text_or_empty(stmt, 5),
	                      text_or_empty(stmt, 6), json);

	free(json);
	return all;
}

/* An attempt event as the rows above put it. */
#define EVENT_AS_ROW  "e.learner_id || '|' || e.subject || '|' || e.at || '|' || e.data"
#define EVENT_ATTEMPT STORE_SQL_JSON("e.data", "attempt")
/* The attempts events of a kind name, as a subquery for NOT IN. Events
 * drive the joins to attempts (by primary key) and rows without an event
 * are found against this set, built once: an index on the expression would
 * not serve a join on it, and a join from attempts to events scanned every
 * event of the kind once per attempt. Answers' events without their row
 * are found as a difference of sets (EXCEPT) instead: with no index on
 * answers' events, NOT IN is a set built once on SQLite but, past
 * work_mem, a scan of every answer per event on PostgreSQL, and a join
 * made SQLite scan every event. */
#define ATTEMPTS_LOGGED(kind)                                                                      \
	"SELECT " EVENT_ATTEMPT " FROM events e WHERE e.kind = '" kind "' AND " EVENT_ATTEMPT      \
	" IS NOT NULL"

/* An acknowledgement: who, when, and what the event says. */
static char *ack_row_data(struct db_stmt *stmt)
{
	char *json = store_ack_data(text_or_empty(stmt, 3), text_or_empty(stmt, 4),
	                            text_or_empty(stmt, 5), db_column_int(stmt, 8) != 0);
	char *all = xasprintf("%lld|%s|%s", db_column_int64(stmt, 6), text_or_empty(stmt, 7), json);

	free(json);
	return all;
}

/* A publication: the kind, module and time of its event and what the event
 * says; a policy version seen before publishing existed has no file hash
 * and was logged as "policy.version". */
static char *publication_row_data(struct db_stmt *stmt)
{
	const char *module = text_or_empty(stmt, 4), *at = text_or_empty(stmt, 11);
	char *json, *all;

	if (db_column_is_null(stmt, 6)) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_adds(&sb, "{\"version\":");
		strbuf_add_json(&sb, text_or_empty(stmt, 7));
		strbuf_addf(&sb, ",\"change\":\"%s\",\"valid_months\":%d,\"text_sha256\":",
		            db_column_int(stmt, 8) ? "minor" : "major", db_column_int(stmt, 9));
		strbuf_add_json(&sb, text_or_empty(stmt, 10));
		strbuf_addc(&sb, '}');
		all = xasprintf("policy.version|%s|%s|%s", module, at, sb.buf);
		strbuf_release(&sb);
		return all;
	}
	struct publish_request r = {
	        .module = module,
	        .version = text_or_empty(stmt, 5),
	        .file_sha256 = text_or_empty(stmt, 6),
	        .policy_version = db_column_text(stmt, 7),
	        .minor = db_column_int(stmt, 8) != 0,
	        .valid_months = db_column_int(stmt, 9),
	        .text_sha256 = text_or_empty(stmt, 10),
	};
	json = store_publish_data(&r);
	all = xasprintf("module.publish|%s|%s|%s", module, at, json);
	free(json);
	return all;
}

/* A withdrawal: the module, version and publication it took back. */
static char *withdrawal_row_data(struct db_stmt *stmt)
{
	return xasprintf("%s|%s|%lld", text_or_empty(stmt, 3), text_or_empty(stmt, 4),
	                 db_column_int64(stmt, 5));
}

/* A person: role, when added, name and whether active, as the events that
 * added, named and (de)activated them say. */
static char *person_row_data(struct db_stmt *stmt)
{
	return xasprintf("%s|%s|%s|%d", text_or_empty(stmt, 3), text_or_empty(stmt, 4),
	                 text_or_empty(stmt, 5), db_column_int(stmt, 6));
}

/* An attempt that counts was taken on what its publication published: the
 * same module, version and policy version (which compliance reads). */
static int publication_match(struct store *st, struct store_verify *v, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	if (store_prepare(st,
	                  "SELECT a.id, a.publication FROM attempts a JOIN publications p"
	                  " ON p.event_id = a.publication WHERE a.module_id != p.module_id"
	                  " OR a.module_version != p.version"
	                  " OR coalesce(a.policy_version, '') != coalesce(p.policy_version, '')"
	                  " ORDER BY a.id LIMIT 1",
	                  &stmt, err) < 0)
		return -1;
	rc = store_step_one(st, stmt, &found, "cannot check attempts", err);
	if (rc == 0 && found) {
		v->broken_id = db_column_int64(stmt, 1);
		v->problem = xasprintf("attempt %lld is not of the module version published as "
		                       "event %lld: the record was changed",
		                       db_column_int64(stmt, 0), v->broken_id);
		rc = 1;
	}
	db_finalize(stmt);
	return rc;
}

int store_verify(struct store *st, struct store_verify *v, char **err)
{
	return store_verify_with(st, v, NULL, NULL, err);
}

/* A log with no event at all in a record that holds people: every event
 * was deleted, which is said as such (not as some row with no event). */
static int empty_log(struct store *st, struct store_verify *v, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	long long people = 0;
	int rc;

	if (store_prepare(st, "SELECT count(*) FROM learners", &stmt, err) < 0)
		return -1;
	rc = store_step_one(st, stmt, &found, "cannot count people", err);
	if (rc == 0 && found)
		people = db_column_int64(stmt, 0);
	db_finalize(stmt);
	if (rc < 0)
		return -1;
	if (people == 0)
		return 0;
	v->problem = xasprintf("its event log is empty, yet it holds %lld %s: every event was "
	                       "deleted outside upskill",
	                       people, people == 1 ? "person" : "people");
	return 1;
}

int store_verify_with(struct store *st, struct store_verify *v, store_verify_progress *progress,
                      void *ctx, char **err)
{
	int rc;

	memset(v, 0, sizeof(*v));
	/* A trigger or view added to the database could change what is
	 * written or read from now on, whatever the chain says. */
	rc = store_schema_check(st, &v->problem, err);
	if (rc != 0)
		return rc;
	rc = verify_chain(st, v, progress, ctx, err);
	if (rc != 0)
		return rc;
	if (v->events == 0 && (rc = empty_log(st, v, err)) != 0)
		return rc;
	/* Rows joined to their events, then events whose row is gone; ordered
	 * by event so the first problem in the log is the one reported. */
	/* Every attempt against its start, every finished one against its
	 * finish: who, which module, when, the version, the score and the pass
	 * that compliance and readiness read. These two, alone of the queries
	 * by kind, leave out STORE_SQL_NOT_ANSWER: events_by_attempt, which
	 * they read, holds each event's attempt, so SQLite takes it from the
	 * index, not the event's JSON; events_by_kind, an even choice to the
	 * planner once they name its term, cost three times as much. */
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, " EVENT_AS_ROW ", CASE WHEN a.id IS NULL THEN 0 ELSE 1 END, a.id,"
	        " a.learner_id, a.module_id, a.module_version, a.started_at FROM events e"
	        " LEFT JOIN attempts a ON a.id = " EVENT_ATTEMPT " WHERE e.kind = 'attempt.start'"
	        " UNION ALL SELECT 0, NULL, 1, a.id, a.learner_id, a.module_id, a.module_version,"
	        " a.started_at FROM attempts a WHERE a.id NOT IN (" ATTEMPTS_LOGGED(
	                "attempt.start") ") ORDER BY 1",
	        start_row_data, "attempt", v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, " EVENT_AS_ROW ", CASE WHEN a.id IS NULL THEN 0 ELSE 1 END, a.id,"
	        " a.learner_id, a.module_id, a.finished_at, a.score, a.max_score, a.percent, "
	        "a.passed,"
	        " a.publication, a.practice FROM events e LEFT JOIN attempts a ON a.id "
	        "= " EVENT_ATTEMPT " AND a.finished_at IS NOT NULL WHERE e.kind = 'attempt.finish'"
	        " UNION ALL SELECT 0, NULL, 1, a.id, a.learner_id, a.module_id, a.finished_at, "
	        "a.score,"
	        " a.max_score, a.percent, a.passed, a.publication, a.practice FROM attempts a"
	        " WHERE a.finished_at IS NOT NULL AND a.id NOT IN (" ATTEMPTS_LOGGED(
	                "attempt.finish") ") ORDER BY 1",
	        finish_row_data, "finished attempt", v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, e.data, 1, a.attempt_id, a.question_id, a.response,"
	        " a.fraction, a.weight, a.module_version FROM answers a"
	        " LEFT JOIN events e ON e.id = a.event_id AND e.kind = 'answer'"
	        " UNION ALL SELECT e.id, e.data, 0, 0, '', '', 0, 0, '' FROM events e"
	        " WHERE e.id IN (SELECT id FROM events WHERE kind = 'answer'"
	        " EXCEPT SELECT event_id FROM answers) ORDER BY 1",
	        answer_row_data, "answer", v, err);
	if (rc != 0)
		return rc;
	/* Who people are: a name, role or active flag changed in the table,
	 * or a person added without an event, shows here. A name is the one
	 * last logged: the add's, or a later learner.name event's (a rename,
	 * or the upgrade that first logged names). */
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, e.subject || '|' || e.at || '|' || coalesce((SELECT " NAMED_NAME
	        " FROM events n WHERE n.learner_id = l.id AND n.kind = "
	        "'learner.name'" STORE_SQL_NOT_ANSWER " ORDER BY n.id DESC LIMIT 1), " EVENT_NAME
	        ", '') || '|' || coalesce((SELECT CASE WHEN a.kind ="
	        " 'learner.activate' THEN 1 ELSE 0 END FROM events a WHERE a.learner_id = l.id AND "
	        "a.kind IN"
	        " ('learner.activate', 'learner.deactivate')" STORE_SQL_NOT_ANSWER
	        " ORDER BY a.id DESC LIMIT 1), 1),"
	        " 1, l.role, l.created_at, l.name, l.active FROM learners l LEFT JOIN events e"
	        " ON e.learner_id = l.id AND e.kind = 'learner.add'" STORE_SQL_NOT_ANSWER
	        " UNION ALL SELECT e.id, NULL, 0, '', '', '', 0 FROM events e"
	        " WHERE e.kind = 'learner.add'" STORE_SQL_NOT_ANSWER " AND NOT EXISTS"
	        " (SELECT 1 FROM learners l WHERE l.id = e.learner_id) ORDER BY 1",
	        person_row_data, "person", v, err);
	if (rc != 0)
		return rc;
	/* What counts: each publication and withdrawal against its event. */
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, e.kind || '|' || e.subject || '|' || e.at || '|' || e.data, 1,"
	        " p.event_id, p.module_id, p.version, p.file_sha256, p.policy_version, p.minor,"
	        " p.valid_months, p.text_sha256, p.at FROM publications p LEFT JOIN events e"
	        " ON e.id = p.event_id AND e.kind IN ('module.publish', 'policy.version')"
	        " UNION ALL SELECT e.id, NULL, 0, 0, '', '', '', '', 0, 0, '', '' FROM events e"
	        " WHERE e.kind IN ('module.publish', 'policy.version')" STORE_SQL_NOT_ANSWER
	        " AND NOT EXISTS"
	        " (SELECT 1 FROM publications p WHERE p.event_id = e.id) ORDER BY 1",
	        publication_row_data, "publication", v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_mirror(
	        st,
	        "SELECT e.id, e.subject || '|' || " EVENT_VERSION " || '|' || " EVENT_PUBLICATION
	        ", 1, p.module_id, p.version, p.event_id"
	        " FROM publications p LEFT JOIN events e ON e.id = p.withdrawn_by"
	        " AND e.kind = 'module.withdraw' WHERE p.withdrawn_by IS NOT NULL"
	        " UNION ALL SELECT e.id, NULL, 0, '', '', 0 FROM events e"
	        " WHERE e.kind = 'module.withdraw'" STORE_SQL_NOT_ANSWER " AND NOT EXISTS"
	        " (SELECT 1 FROM publications p WHERE p.withdrawn_by = e.id) ORDER BY 1",
	        withdrawal_row_data, "withdrawal", v, err);
	if (rc != 0)
		return rc;
	rc = publication_match(st, v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_duties(st, v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_refresh(st, v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_assignments(st, v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_settings(st, v, err);
	if (rc != 0)
		return rc;
	rc = store_verify_credentials(st, v, err);
	if (rc != 0)
		return rc;
	return store_verify_mirror(
	        st,
	        "SELECT e.id, e.learner_id || '|' || e.at || '|' || e.data, 1, k.policy_id,"
	        " k.version, k.text_hash, k.learner_id, k.at, k.kiosk"
	        " FROM acknowledgements k LEFT JOIN events e ON e.id = k.event_id"
	        " AND e.kind = 'ack'"
	        " UNION ALL SELECT e.id, NULL, 0, '', '', '', 0, '', 0 FROM events e"
	        " WHERE e.kind = 'ack'" STORE_SQL_NOT_ANSWER " AND NOT EXISTS"
	        " (SELECT 1 FROM acknowledgements k WHERE k.event_id = e.id) ORDER BY 1",
	        ack_row_data, "acknowledgement", v, err);
}

void store_verify_release(struct store_verify *v)
{
	free(v->problem);
	v->problem = NULL;
}

int store_event_find_hash(struct store *st, const char *hash, long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	int step, rows = 0;

	*id = 0;
	if (store_prepare(st,
	                  "SELECT id FROM events WHERE substr(hash, 1, CAST(? AS INTEGER)) = ? "
	                  "ORDER BY id LIMIT 2",
	                  &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, (long long)strlen(hash));
	db_bind_text(stmt, 2, hash);
	while ((step = db_step(stmt)) == DB_ROW)
		if (rows++ == 0)
			*id = db_column_int64(stmt, 0);
	if (step != DB_DONE) {
		store_db_error(st, err, "cannot read the event log");
		db_finalize(stmt);
		return -1;
	}
	db_finalize(stmt);
	if (rows > 1)
		*id = -1;
	return 0;
}

int store_event_leaves(struct store *st, struct merkle_hash **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct merkle_hash *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT id, hash FROM events ORDER BY id", &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		const char *hex = db_column_text(stmt, 1);
		struct merkle_hash raw;
		if (!hex || merkle_from_hex(hex, &raw) < 0) {
			util_error(err, "event %lld has no valid hash", db_column_int64(stmt, 0));
			db_finalize(stmt);
			free(list);
			return -1;
		}
		xgrow(&list, &cap, count + 1, sizeof(*list));
		merkle_leaf_hash(raw.b, MERKLE_HASH, &list[count++]);
	}
	db_finalize(stmt);
	if (step != DB_DONE) {
		free(list);
		return store_db_error(st, err, "cannot read the event log");
	}
	*out = list;
	*n = count;
	return 0;
}

int store_checkpoint_record(struct store *st, long long actor, const char *data, char **err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (store_event_append(st, "checkpoint", actor, 0, NULL, data, NULL, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int store_event_get(struct store *st, long long id, struct store_event *out, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store_prepare(
	            st,
	            "SELECT id, at, kind, actor_id, learner_id, subject, data, prev_hash, hash"
	            " FROM events WHERE id = ?",
	            &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = store_step_one(st, stmt, &found, "cannot read the event log", err);
	if (rc == 0 && !found) {
		util_error(err, "the record has no event %lld", id);
		rc = STORE_NOT_FOUND;
	} else if (rc == 0) {
		out->id = db_column_int64(stmt, 0);
		out->at = xstrdup(text_or_empty(stmt, 1));
		out->kind = xstrdup(text_or_empty(stmt, 2));
		out->actor = db_column_int64(stmt, 3);
		out->learner = db_column_int64(stmt, 4);
		out->subject = xstrdup(text_or_empty(stmt, 5));
		out->data = xstrdup(text_or_empty(stmt, 6));
		out->prev = xstrdup(text_or_empty(stmt, 7));
		out->hash = xstrdup(text_or_empty(stmt, 8));
	}
	db_finalize(stmt);
	return rc;
}

void store_event_release(struct store_event *e)
{
	free(e->at);
	free(e->kind);
	free(e->subject);
	free(e->data);
	free(e->prev);
	free(e->hash);
	memset(e, 0, sizeof(*e));
}

int store_event_latest(struct store *st, long long learner, const char *const *kinds, long long *id,
                       char **err)
{
	struct db_stmt *stmt = NULL;
	struct strbuf sql;
	bool found = false;
	int rc, n = 0;

	*id = 0;
	strbuf_init(&sql);
	strbuf_adds(&sql, "SELECT max(id) FROM events WHERE learner_id = ? AND kind IN (");
	for (const char *const *k = kinds; *k; k++)
		strbuf_adds(&sql, n++ ? ", ?" : "?");
	/* No caller asks for answers, which the term would leave out. */
	strbuf_adds(&sql, ")" STORE_SQL_NOT_ANSWER);
	rc = store_prepare(st, sql.buf, &stmt, err);
	strbuf_release(&sql);
	if (rc < 0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	for (int i = 0; i < n; i++)
		db_bind_text(stmt, i + 2, kinds[i]);
	rc = store_step_one(st, stmt, &found, "cannot read the event log", err);
	if (rc == 0 && found)
		*id = db_column_int64(stmt, 0);
	db_finalize(stmt);
	return rc;
}

int store_checkpoint_covering(struct store *st, long long event, long long *id, char **data,
                              char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	*id = 0;
	*data = NULL;
	/* Checkpoints recorded before they carried their note cannot make a
	 * receipt. */
	if (store_prepare(
	            st,
	            "SELECT id, data FROM events WHERE kind = 'checkpoint'" STORE_SQL_NOT_ANSWER
	            " AND " CHECKPOINT_VALID " AND " CHECKPOINT_SIZE " >= ?"
	            " AND " CHECKPOINT_NOTE_IS_TEXT " ORDER BY id DESC LIMIT 1",
	            &stmt, err) < 0)
		return -1;
	db_bind_int64(stmt, 1, event);
	rc = store_step_one(st, stmt, &found, "cannot read the event log", err);
	if (rc == 0 && !found) {
		rc = STORE_NOT_FOUND;
	} else if (rc == 0) {
		*id = db_column_int64(stmt, 0);
		*data = xstrdup(text_or_empty(stmt, 1));
	}
	db_finalize(stmt);
	return rc;
}
