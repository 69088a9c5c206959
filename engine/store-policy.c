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

/* A publication of a policy version, with its event to put it in order. */
struct version_row {
	long long event;
	struct policy_version v;
};

static void version_row(struct db_stmt *stmt, void *item)
{
	struct version_row *row = item;

	row->event = db_column_int64(stmt, 0);
	row->v.version = store_column_dup(stmt, 1);
	row->v.minor = db_column_int(stmt, 2) != 0;
	row->v.valid_months = db_column_int(stmt, 3);
	row->v.text_hash = store_column_dup(stmt, 4);
	row->v.first_seen = store_column_dup(stmt, 5);
}

static void version_release(struct policy_version *v)
{
	free(v->version);
	free(v->text_hash);
	free(v->first_seen);
}

static void version_row_release(void *item)
{
	version_release(&((struct version_row *)item)->v);
}

static int by_event(const void *a, const void *b)
{
	long long x = ((const struct version_row *)a)->event;
	long long y = ((const struct version_row *)b)->event;

	return (x > y) - (x < y);
}

int store_policy_versions(struct store *st, const char *policy, struct policy_version **out,
                          size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct version_row *rows;
	size_t nrows;

	*out = NULL;
	*n = 0;
	/* Versions as published, each once (a policy module republished with
	 * a quiz corrected keeps its policy version) as first published,
	 * withdrawn ones left out. Put in order and each kept once here, not
	 * by the query: a sort and a subquery a row made the first screen's
	 * reminders, a query a policy, cost 11,000 instructions each. */
	if (store_prepare(st,
	                  "SELECT event_id, policy_version, minor, valid_months, text_sha256, at"
	                  " FROM publications WHERE module_id = ?1 AND policy_version IS NOT NULL"
	                  " AND withdrawn_by IS NULL",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, policy);
	if (store_collect(st, stmt, sizeof(*rows), version_row, version_row_release, &rows, &nrows,
	                  "cannot read policy versions", err) < 0)
		return -1;
	if (!nrows) {
		free(rows);
		return 0;
	}
	qsort(rows, nrows, sizeof(*rows), by_event);
	*out = xcalloc(nrows, sizeof(**out));
	for (size_t i = 0; i < nrows; i++) {
		bool seen = false;

		for (size_t k = 0; k < *n && !seen; k++)
			seen = strcmp((*out)[k].version, rows[i].v.version) == 0;
		if (seen)
			version_release(&rows[i].v);
		else
			(*out)[(*n)++] = rows[i].v;
	}
	free(rows);
	return 0;
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
