/*
 * Policy training in the record: the versions of each policy seen, in
 * order and with whether each was a minor correction, and learners'
 * acknowledgements of an exact text.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-policy.h"

char *store_ack_data(const char *policy, const char *version, const char *text_hash)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"policy\":");
	strbuf_add_json(&sb, policy);
	strbuf_adds(&sb, ",\"version\":");
	strbuf_add_json(&sb, version);
	strbuf_adds(&sb, ",\"text_sha256\":");
	strbuf_add_json(&sb, text_hash);
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

/* Records a version the first time it is seen, with an event; the order of
 * first sight is the order of versions. Call inside a write transaction. */
static int policy_seen(struct store *st, const char *policy, const char *version, bool minor,
                       int valid_months, const char *text_hash, char **err)
{
	sqlite3_stmt *stmt = NULL;
	struct strbuf data;
	char at[32];
	int rc;

	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT OR IGNORE INTO policy_versions (policy_id, version, seq, minor,"
	                  " valid_months, text_hash, first_seen) VALUES (?1, ?2, (SELECT"
	                  " coalesce(max(seq), 0) + 1 FROM policy_versions WHERE policy_id = ?1),"
	                  " ?3, ?4, ?5, ?6)",
	                  &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, policy, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, version, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, minor);
	sqlite3_bind_int(stmt, 4, valid_months);
	sqlite3_bind_text(stmt, 5, text_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, at, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot record policy version");
	if (sqlite3_changes(st->db) == 0)
		return 0;
	strbuf_init(&data);
	strbuf_adds(&data, "{\"version\":");
	strbuf_add_json(&data, version);
	strbuf_addf(&data, ",\"change\":\"%s\",\"valid_months\":%d,\"text_sha256\":",
	            minor ? "minor" : "major", valid_months);
	strbuf_add_json(&data, text_hash);
	strbuf_addc(&data, '}');
	rc = store_event_append(st, "policy.version", 0, 0, policy, data.buf, NULL, err);
	strbuf_release(&data);
	return rc;
}

int store_policy_seen(struct store *st, const char *policy, const char *version, bool minor,
                      int valid_months, const char *text_hash, char **err)
{
	sqlite3_stmt *stmt = NULL;
	int known;

	/* Usually known already: a read, not a write lock, decides. */
	if (store_prepare(st, "SELECT 1 FROM policy_versions WHERE policy_id = ? AND version = ?",
	                  &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, policy, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, version, -1, SQLITE_STATIC);
	known = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	if (known)
		return 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (policy_seen(st, policy, version, minor, valid_months, text_hash, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

static void version_row(sqlite3_stmt *stmt, void *item)
{
	struct policy_version *v = item;

	v->version = store_column_dup(stmt, 0);
	v->minor = sqlite3_column_int(stmt, 1) != 0;
	v->valid_months = sqlite3_column_int(stmt, 2);
	v->text_hash = store_column_dup(stmt, 3);
	v->first_seen = store_column_dup(stmt, 4);
}

static void version_release(void *item)
{
	struct policy_version *v = item;

	free(v->version);
	free(v->text_hash);
	free(v->first_seen);
}

int store_policy_versions(struct store *st, const char *policy, struct policy_version **out,
                          size_t *n, char **err)
{
	sqlite3_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT version, minor, valid_months, text_hash, first_seen FROM"
	                  " policy_versions WHERE policy_id = ? ORDER BY seq",
	                  &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, policy, -1, SQLITE_STATIC);
	return store_collect(st, stmt, sizeof(**out), version_row, version_release, out, n,
	                     "cannot read policy versions", err);
}

int store_ack_add(struct store *st, long long learner, const char *policy, const char *version,
                  bool minor, int valid_months, const char *text_hash, char **err)
{
	sqlite3_stmt *stmt = NULL;
	char *data = NULL;
	long long event = 0;
	char at[32];

	if (store_begin(st, err) < 0)
		return -1;
	if (policy_seen(st, policy, version, minor, valid_months, text_hash, err) < 0)
		goto fail;
	data = store_ack_data(policy, version, text_hash);
	if (store_event_append(st, "ack", learner, learner, policy, data, &event, err) < 0)
		goto fail;
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO acknowledgements (learner_id, policy_id, version, text_hash,"
	                  " at, event_id) VALUES (?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	sqlite3_bind_int64(stmt, 1, learner);
	sqlite3_bind_text(stmt, 2, policy, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, text_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 6, event);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		store_db_error(st, err, "cannot record acknowledgement");
		goto fail;
	}
	sqlite3_finalize(stmt);
	free(data);
	return store_commit(st, err);
fail:
	sqlite3_finalize(stmt);
	free(data);
	store_rollback(st);
	return -1;
}

void policy_versions_free(struct policy_version *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		version_release(&list[i]);
	free(list);
}
