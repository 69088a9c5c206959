/*
 * Policy training in the record: the versions of each policy published, in
 * order and with whether each was a minor correction (store-publish.c
 * records them), and learners' acknowledgements of an exact text.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-policy.h"

char *store_ack_data(const char *policy, const char *version, const char *text_hash, bool kiosk)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"policy\":");
	strbuf_add_json(&sb, policy);
	strbuf_adds(&sb, ",\"version\":");
	strbuf_add_json(&sb, version);
	strbuf_adds(&sb, ",\"text_sha256\":");
	strbuf_add_json(&sb, text_hash);
	/* Said only when so, so that acknowledgements from before kiosks
	 * existed read as they were logged. */
	if (kiosk)
		strbuf_adds(&sb, ",\"kiosk\":true");
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

static void version_row(struct db_stmt *stmt, void *item)
{
	struct policy_version *v = item;

	v->version = store_column_dup(stmt, 0);
	v->minor = db_column_int(stmt, 1) != 0;
	v->valid_months = db_column_int(stmt, 2);
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
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	/* Versions as published, each once (a policy module republished with
	 * a quiz corrected keeps its policy version) as first published,
	 * withdrawn ones left out. */
	if (store_prepare(st,
	                  "SELECT policy_version, minor, valid_months, text_sha256, at"
	                  " FROM publications p WHERE module_id = ?1 AND policy_version IS NOT NULL"
	                  " AND withdrawn_by IS NULL AND event_id = (SELECT min(event_id)"
	                  " FROM publications q WHERE q.module_id = ?1"
	                  " AND q.policy_version = p.policy_version AND q.withdrawn_by IS NULL)"
	                  " ORDER BY event_id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, policy);
	return store_collect(st, stmt, sizeof(**out), version_row, version_release, out, n,
	                     "cannot read policy versions", err);
}

int store_ack_add(struct store *st, long long learner, const char *policy, const char *version,
                  const char *text_hash, bool kiosk, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = NULL;
	long long event = 0;
	char at[32];

	if (store_begin(st, err) < 0)
		return -1;
	data = store_ack_data(policy, version, text_hash, kiosk);
	if (store_event_append(st, "ack", learner, learner, policy, data, &event, err) < 0)
		goto fail;
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO acknowledgements (learner_id, policy_id, version, text_hash,"
	                  " at, event_id, kiosk) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, learner);
	db_bind_text(stmt, 2, policy);
	db_bind_text(stmt, 3, version);
	db_bind_text(stmt, 4, text_hash);
	db_bind_text(stmt, 5, at);
	db_bind_int64(stmt, 6, event);
	db_bind_int(stmt, 7, kiosk);
	if (db_step(stmt) != DB_DONE) {
		store_db_error(st, err, "cannot record acknowledgement");
		goto fail;
	}
	db_finalize(stmt);
	free(data);
	return store_commit(st, err);
fail:
	db_finalize(stmt);
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
