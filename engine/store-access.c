/*
 * Sign-in turns and the organisation's settings: see store-access.h.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "digest.h"
#include "store-private.h"
#include "util.h"
#include "store-access.h"
#include "store-events.h"

/* What sign-ins are kept under: a person's id for a name that has an
 * account; for any other name, only the first 16 bits of the SHA-256 of
 * the name as typed (ASCII letters folded as names are compared), so that
 * a passphrase typed into the name is never kept in a form that could be
 * checked against guesses: 65,536 names share each bucket. */
static void name_key(long long learner, const char *name, char out[DIGEST_SHA256_HEX])
{
	char *folded, digest[DIGEST_SHA256_HEX];

	if (learner > 0) {
		snprintf(out, DIGEST_SHA256_HEX, "learner:%lld", learner);
		return;
	}
	folded = xstrdup(name);
	for (char *p = folded; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	digest_sha256_hex(folded, strlen(folded), digest);
	free(folded);
	snprintf(out, DIGEST_SHA256_HEX, "unknown:%.4s", digest);
}

static int count_failures(struct store *st, const char *key, time_t since, int *n, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32];
	bool found;

	clock_iso(since, at, sizeof(at));
	if (store_prepare(st, "SELECT count(*) FROM login_failures WHERE name = ? AND at >= ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, key);
	db_bind_text(stmt, 2, at);
	if (store_step_one(st, stmt, &found, "cannot read sign-in failures", err) < 0) {
		db_finalize(stmt);
		return -1;
	}
	*n = found ? db_column_int(stmt, 0) : 0;
	db_finalize(stmt);
	return 0;
}

int store_sign_in_failures(struct store *st, long long learner, const char *name, time_t since,
                           int *n, char **err)
{
	char key[DIGEST_SHA256_HEX];

	name_key(learner, name, key);
	return count_failures(st, key, since, n, err);
}

/* The last turn taken under key, or 0. */
static int last_turn(struct store *st, const char *key, time_t *out, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found;

	*out = 0;
	if (store_prepare(st, "SELECT at FROM sign_in_turns WHERE name = ?", &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, key);
	if (store_step_one(st, stmt, &found, "cannot read sign-in turns", err) < 0) {
		db_finalize(stmt);
		return -1;
	}
	if (found)
		*out = (time_t)db_column_int64(stmt, 0);
	db_finalize(stmt);
	return 0;
}

int store_sign_in_turn(struct store *st, long long learner, const char *name, time_t now,
                       time_t since, unsigned (*delay)(int failures), long max_wait, long *wait,
                       int *failures, char **err)
{
	struct db_stmt *stmt = NULL;
	char key[DIGEST_SHA256_HEX], at[32];
	time_t last, turn;

	*wait = -1;
	name_key(learner, name, key);
	if (store_begin(st, err) < 0)
		return -1;
	if (count_failures(st, key, since, failures, err) < 0 || last_turn(st, key, &last, err) < 0)
		goto fail;
	/* A turn after the one before and after now, by the delay the
	 * failures so far call for; a turn left in the future by a clock set
	 * back counts from now. */
	turn = (last > now && last - now <= max_wait ? last : now) + (time_t)delay(*failures);
	if (turn - now > max_wait) {
		store_rollback(st);
		return 0;
	}
	clock_iso(now, at, sizeof(at));
	if (store_prepare(st, "INSERT INTO login_failures (name, at) VALUES (?, ?)", &stmt, err) <
	    0)
		goto fail;
	db_bind_text(stmt, 1, key);
	db_bind_text(stmt, 2, at);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT INTO sign_in_turns (name, at) VALUES (?1, ?2)"
	                  " ON CONFLICT (name) DO UPDATE SET at = ?2",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, key);
	db_bind_int64(stmt, 2, (long long)turn);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	if (store_commit(st, err) < 0)
		return -1;
	*wait = (long)(turn - now);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int store_sign_in_cleared(struct store *st, long long learner, char **err)
{
	char key[DIGEST_SHA256_HEX];
	struct db_stmt *stmt = NULL;

	name_key(learner, NULL, key);
	if (store_begin(st, err) < 0)
		return -1;
	if (store_prepare(st, "DELETE FROM login_failures WHERE name = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, key);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	if (store_prepare(st, "DELETE FROM sign_in_turns WHERE name = ?", &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, key);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_setting_get(struct store *st, const char *key, const char *fallback, char **value,
                      char **err)
{
	struct db_stmt *stmt = NULL;
	bool found;

	*value = NULL;
	if (store_prepare(st, "SELECT value FROM settings WHERE key = ?", &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, key);
	if (store_step_one(st, stmt, &found, "cannot read the settings", err) < 0) {
		db_finalize(stmt);
		return -1;
	}
	*value = found ? store_column_dup(stmt, 0) : fallback ? xstrdup(fallback) : NULL;
	db_finalize(stmt);
	return 0;
}

/* What a setting's event says: the value and the reason given. */
char *store_setting_data(const char *value, const char *reason)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"value\":");
	strbuf_add_json(&sb, value);
	strbuf_adds(&sb, ",\"reason\":");
	strbuf_add_json(&sb, reason ? reason : "");
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

int store_setting_set(struct store *st, const char *key, const char *value, const char *reason,
                      long long actor, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = store_setting_data(value, reason);
	long long event = 0;

	if (store_begin(st, err) < 0)
		goto out;
	if (store_event_append(st, "setting", actor, 0, key, data, &event, err) < 0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT INTO settings (key, value, reason, event_id)"
	                  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET value = ?2,"
	                  " reason = ?3, event_id = ?4",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, key);
	db_bind_text(stmt, 2, value);
	db_bind_text(stmt, 3, reason ? reason : "");
	db_bind_int64(stmt, 4, event);
	if (store_step_done(st, stmt, "cannot record the setting", err) < 0)
		goto fail;
	free(data);
	return store_commit(st, err);
fail:
	store_rollback(st);
out:
	free(data);
	return -1;
}

/* What verify holds the settings to: each row is the value and reason of
 * the last event that set its key, and every key set has its row. */
static char *setting_row_data(struct db_stmt *stmt)
{
	const char *key = db_column_text(stmt, 3);
	char *json = store_setting_data(db_column_text(stmt, 4), db_column_text(stmt, 5));
	char *all = xasprintf("%s|%s", key ? (const char *)key : "", json);

	free(json);
	return all;
}

int store_verify_settings(struct store *st, struct store_verify *v, char **err)
{
	return store_verify_mirror(
	        st,
	        "SELECT e.id, e.subject || '|' || e.data, 1, s.key, s.value, s.reason"
	        " FROM settings s LEFT JOIN events e ON e.id = s.event_id AND e.kind = 'setting'"
	        " AND e.subject = s.key AND e.id = (SELECT max(id) FROM events"
	        " WHERE kind = 'setting'" STORE_SQL_NOT_ANSWER " AND subject = s.key)"
	        " UNION ALL SELECT max(e.id), NULL, 0, '', '', '' FROM events e WHERE e.kind = "
	        "'setting'" STORE_SQL_NOT_ANSWER
	        " AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = e.subject)"
	        " GROUP BY e.subject ORDER BY 1",
	        setting_row_data, "setting", v, err);
}

char *store_credential_data(const char *hash, bool setup)
{
	char digest[DIGEST_SHA256_HEX];

	digest_sha256_hex(hash ? hash : "", hash ? strlen(hash) : 0, digest);
	return xasprintf("{\"setup\":%s,\"sha256\":\"%s\"}", setup ? "true" : "false", digest);
}

/* A person's credential as their last credential event should say it. */
static char *credential_row_data(struct db_stmt *stmt)
{
	char *json = store_credential_data(db_column_text(stmt, 4), db_column_int(stmt, 5) != 0);
	char *all = xasprintf("%lld|%s", db_column_int64(stmt, 3), json);

	free(json);
	return all;
}

/* A credential no event logged a digest of: set behind the record. */
static int credential_unlogged(struct store *st, struct store_verify *v, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found;

	if (store_prepare(
	            st,
	            "SELECT l.name FROM learners l WHERE l.passphrase IS NOT NULL"
	            " AND coalesce((SELECT " STORE_SQL_JSON(
	                    "e.data", "sha256") " IS NOT NULL"
	                                        " FROM events e WHERE e.kind = "
	                                        "'learner.credential'" STORE_SQL_NOT_ANSWER
	                                        " AND e.learner_id = l.id ORDER BY e.id DESC LIMIT "
	                                        "1), FALSE) = FALSE"
	                                        " ORDER BY l.id LIMIT 1",
	            &stmt, err) < 0)
		return -1;
	if (store_step_one(st, stmt, &found, "cannot read credentials", err) < 0) {
		db_finalize(stmt);
		return -1;
	}
	if (found) {
		char *shown = util_printable(db_column_text(stmt, 0), 100);
		free(v->problem);
		v->problem = xasprintf("the credential of '%s' has no event that logged it: it "
		                       "was set outside upskill",
		                       shown);
		free(shown);
	}
	db_finalize(stmt);
	return found ? 1 : 0;
}

int store_verify_credentials(struct store *st, struct store_verify *v, char **err)
{
	int rc = credential_unlogged(st, v, err);

	if (rc != 0)
		return rc;
	/* Each person's credential against their last credential event (every
	 * one carries a digest: since schema 12, and logged once at the
	 * upgrade to it for those set before). */
	return store_verify_mirror(
	        st,
	        "SELECT e.id, e.learner_id || '|' || e.data, 1, l.id, l.passphrase, l.setup"
	        " FROM learners l JOIN events e ON e.id = (SELECT max(id) FROM events"
	        " WHERE kind = 'learner.credential'" STORE_SQL_NOT_ANSWER " AND learner_id = l.id)"
	        " WHERE " STORE_SQL_JSON("e.data", "sha256") " IS NOT NULL ORDER BY 1",
	        credential_row_data, "credential", v, err);
}
