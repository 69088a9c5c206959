/*
 * Sign-in turns and the organisation's settings: see store-access.h.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "crypto.h"
#include "store-private.h"
#include "util.h"
#include "store-access.h"

/* What sign-ins are kept under: SHA-256 of the name as typed, with ASCII
 * letters folded as names are compared (NOCASE). */
static void name_key(const char *name, char out[CRYPTO_SHA256_HEX])
{
	char *folded = xstrdup(name);

	for (char *p = folded; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	crypto_sha256_hex(folded, strlen(folded), out);
	free(folded);
}

static int count_failures(struct store *st, const char *key, time_t since, int *n, char **err)
{
	sqlite3_stmt *stmt = NULL;
	char at[32];
	bool found;

	clock_iso(since, at, sizeof(at));
	if (store_prepare(st, "SELECT count(*) FROM login_failures WHERE name = ? AND at >= ?",
	                  &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, at, -1, SQLITE_STATIC);
	if (store_step_one(st, stmt, &found, "cannot read sign-in failures", err) < 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	*n = found ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return 0;
}

int store_sign_in_failures(struct store *st, const char *name, time_t since, int *n, char **err)
{
	char key[CRYPTO_SHA256_HEX];

	name_key(name, key);
	return count_failures(st, key, since, n, err);
}

/* The last turn taken under key, or 0. */
static int last_turn(struct store *st, const char *key, time_t *out, char **err)
{
	sqlite3_stmt *stmt = NULL;
	bool found;

	*out = 0;
	if (store_prepare(st, "SELECT at FROM sign_in_turns WHERE name = ?", &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (store_step_one(st, stmt, &found, "cannot read sign-in turns", err) < 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	if (found)
		*out = (time_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

int store_sign_in_turn(struct store *st, const char *name, time_t now, time_t since,
                       unsigned (*delay)(int failures), long max_wait, long *wait, int *failures,
                       char **err)
{
	sqlite3_stmt *stmt = NULL;
	char key[CRYPTO_SHA256_HEX], at[32];
	time_t last, turn;

	*wait = -1;
	name_key(name, key);
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
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, at, -1, SQLITE_STATIC);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	if (store_prepare(st, "INSERT OR REPLACE INTO sign_in_turns (name, at) VALUES (?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)turn);
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

int store_sign_in_cleared(struct store *st, const char *name, char **err)
{
	char key[CRYPTO_SHA256_HEX];
	sqlite3_stmt *stmt = NULL;

	name_key(name, key);
	if (store_begin(st, err) < 0)
		return -1;
	if (store_prepare(st, "DELETE FROM login_failures WHERE name = ?", &stmt, err) < 0)
		goto fail;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (store_step_done(st, stmt, "cannot record the sign-in", err) < 0)
		goto fail;
	if (store_prepare(st, "DELETE FROM sign_in_turns WHERE name = ?", &stmt, err) < 0)
		goto fail;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
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
	sqlite3_stmt *stmt = NULL;
	bool found;

	*value = NULL;
	if (store_prepare(st, "SELECT value FROM settings WHERE key = ?", &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (store_step_one(st, stmt, &found, "cannot read the settings", err) < 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	*value = found ? store_column_dup(stmt, 0) : fallback ? xstrdup(fallback) : NULL;
	sqlite3_finalize(stmt);
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
	sqlite3_stmt *stmt = NULL;
	char *data = store_setting_data(value, reason);
	long long event = 0;

	if (store_begin(st, err) < 0)
		goto out;
	if (store_event_append(st, "setting", actor, 0, key, data, &event, err) < 0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT OR REPLACE INTO settings (key, value, reason, event_id)"
	                  " VALUES (?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, event);
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
static char *setting_row_data(sqlite3_stmt *stmt)
{
	const unsigned char *key = sqlite3_column_text(stmt, 3);
	char *json = store_setting_data((const char *)sqlite3_column_text(stmt, 4),
	                                (const char *)sqlite3_column_text(stmt, 5));
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
	        " WHERE kind = 'setting' AND subject = s.key)"
	        " UNION ALL SELECT max(e.id), NULL, 0, '', '', '' FROM events e WHERE e.kind = "
	        "'setting'"
	        " AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = e.subject)"
	        " GROUP BY e.subject ORDER BY 1",
	        setting_row_data, "setting", v, err);
}

char *store_credential_data(const char *hash, bool setup)
{
	char digest[CRYPTO_SHA256_HEX];

	crypto_sha256_hex(hash ? hash : "", hash ? strlen(hash) : 0, digest);
	return xasprintf("{\"setup\":%s,\"sha256\":\"%s\"}", setup ? "true" : "false", digest);
}

/* A person's credential as their last credential event should say it. */
static char *credential_row_data(sqlite3_stmt *stmt)
{
	char *json = store_credential_data((const char *)sqlite3_column_text(stmt, 4),
	                                   sqlite3_column_int(stmt, 5) != 0);
	char *all = xasprintf("%lld|%s", sqlite3_column_int64(stmt, 3), json);

	free(json);
	return all;
}

int store_verify_credentials(struct store *st, struct store_verify *v, char **err)
{
	/* Each person whose last credential event carries a digest (all set
	 * since schema 12; older ones said only whether it was a code). */
	return store_verify_mirror(
	        st,
	        "SELECT e.id, e.learner_id || '|' || e.data, 1, l.id, l.passphrase, l.setup"
	        " FROM learners l JOIN events e ON e.id = (SELECT max(id) FROM events"
	        " WHERE kind = 'learner.credential' AND learner_id = l.id)"
	        " WHERE json_extract(e.data, '$.sha256') IS NOT NULL ORDER BY 1",
	        credential_row_data, "credential", v, err);
}
