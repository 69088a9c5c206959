/*
 * Publications in the record (store-publish.h): which module files the
 * organisation made count, as events, and their withdrawal.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "util.h"
#include "store-publish.h"

char *store_publish_data(const struct publish_request *r)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"version\":");
	strbuf_add_json(&sb, r->version);
	strbuf_adds(&sb, ",\"file_sha256\":");
	strbuf_add_json(&sb, r->file_sha256);
	if (r->policy_version) {
		strbuf_adds(&sb, ",\"policy_version\":");
		strbuf_add_json(&sb, r->policy_version);
		strbuf_addf(&sb, ",\"change\":\"%s\",\"valid_months\":%d,\"text_sha256\":",
		            r->minor ? "minor" : "major", r->valid_months);
		strbuf_add_json(&sb, r->text_sha256 ? r->text_sha256 : "");
	}
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

int store_publication_live(struct store *st, const char *module, const char *version, long long *id,
                           char **file_sha256, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	*id = 0;
	*file_sha256 = NULL;
	if (store_prepare(
	            st,
	            "SELECT event_id, file_sha256 FROM publications WHERE module_id = ?"
	            " AND version = ? AND withdrawn_by IS NULL ORDER BY event_id DESC LIMIT 1",
	            &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, module);
	db_bind_text(stmt, 2, version);
	rc = store_step_one(st, stmt, &found, "cannot read publications", err);
	if (rc == 0 && found) {
		*id = db_column_int64(stmt, 0);
		*file_sha256 = store_column_dup(stmt, 1);
	}
	db_finalize(stmt);
	return rc;
}

int store_published_files(struct store *st, struct strlist *out, char **err)
{
	struct db_stmt *stmt = NULL;
	int step;

	if (store_prepare(st,
	                  "SELECT DISTINCT file_sha256 FROM publications"
	                  " WHERE file_sha256 IS NOT NULL",
	                  &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW)
		strlist_add(out, db_column_text(stmt, 0));
	if (step != DB_DONE) {
		store_db_error(st, err, "cannot read publications");
		db_finalize(stmt);
		return -1;
	}
	db_finalize(stmt);
	/* In C: a server's collation need not be byte order. */
	strlist_sort(out);
	return 0;
}

static int latest_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_latest *)a)->module,
	              ((const struct store_latest *)b)->module);
}

int store_published_latest(struct store *st, struct store_latest **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct store_latest *v = NULL;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT module_id, version, coalesce(file_sha256, ''),"
	                  " CASE WHEN policy_version IS NULL THEN 0 ELSE 1 END FROM publications p"
	                  " WHERE withdrawn_by IS NULL AND event_id = (SELECT max(event_id)"
	                  " FROM publications q WHERE q.module_id = p.module_id"
	                  " AND q.withdrawn_by IS NULL)",
	                  &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		xgrow(&v, &cap, *n + 1, sizeof(*v));
		v[*n].module = store_column_dup(stmt, 0);
		v[*n].version = store_column_dup(stmt, 1);
		v[*n].file = store_column_dup(stmt, 2);
		v[(*n)++].policy = db_column_int(stmt, 3) != 0;
	}
	db_finalize(stmt);
	if (step != DB_DONE) {
		store_latest_free(v, *n);
		*n = 0;
		return store_db_error(st, err, "cannot read publications");
	}
	/* In C: a server's collation need not be byte order. */
	if (*n > 1)
		qsort(v, *n, sizeof(*v), latest_cmp);
	*out = v;
	return 0;
}

void store_latest_free(struct store_latest *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].module);
		free(v[i].version);
		free(v[i].file);
	}
	free(v);
}

const struct store_latest *store_latest_find(const struct store_latest *v, size_t n,
                                             const char *module)
{
	struct store_latest key = {.module = (char *)module};

	return n ? bsearch(&key, v, n, sizeof(*v), latest_cmp) : NULL;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int policy_text_used(struct store *st, const struct publish_request *r, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	if (store_prepare(st,
	                  "SELECT 1 FROM publications WHERE module_id = ? AND policy_version = ?"
	                  " AND coalesce(text_sha256, '') != ? LIMIT 1",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, r->module);
	db_bind_text(stmt, 2, r->policy_version);
	db_bind_text(stmt, 3, r->text_sha256 ? r->text_sha256 : "");
	rc = store_step_one(st, stmt, &found, "cannot read publications", err);
	db_finalize(stmt);
	if (rc == 0 && found)
		rc = util_error(err,
		                "policy version %s of '%s' was published before with other text "
		                "(withdrawn or not): give the changed policy a new version",
		                r->policy_version, r->module);
	return rc;
}

/* Refuses a version already published with other content. */
static int publish_check(struct store *st, const struct publish_request *r, char **err)
{
	long long id;
	char *file;
	int rc = 0;

	if (store_publication_live(st, r->module, r->version, &id, &file, err) < 0)
		return -1;
	if (id && same(file, r->file_sha256))
		rc = STORE_EXISTS;
	else if (id)
		rc = util_error(err,
		                "version %s of '%s' is published already with other content: "
		                "give the changed module a new version, or withdraw %s first",
		                r->version, r->module, r->version);
	free(file);
	if (rc != 0 || !r->policy_version)
		return rc;
	/* A policy version means one text for good: published with another
	 * text before, even if withdrawn since, its number cannot be reused,
	 * or acknowledgements of the old words would seem to be of the new. */
	return policy_text_used(st, r, err);
}

int store_publish(struct store *st, long long actor, const struct publish_request *r, long long *id,
                  char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = NULL;
	long long event = 0;
	char at[32];
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	rc = publish_check(st, r, err);
	if (rc != 0)
		goto fail;
	rc = -1;
	data = store_publish_data(r);
	if (store_event_append(st, "module.publish", actor, 0, r->module, data, &event, err) < 0)
		goto fail;
	store_now_iso(st, at);
	if (store_prepare(st,
	                  "INSERT INTO publications (event_id, module_id, version, file_sha256,"
	                  " policy_version, minor, valid_months, text_sha256, at)"
	                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, event);
	db_bind_text(stmt, 2, r->module);
	db_bind_text(stmt, 3, r->version);
	db_bind_text(stmt, 4, r->file_sha256);
	db_bind_text(stmt, 5, r->policy_version);
	db_bind_int(stmt, 6, r->policy_version && r->minor);
	db_bind_int(stmt, 7, r->policy_version ? r->valid_months : 0);
	db_bind_text(stmt, 8, r->policy_version ? r->text_sha256 : NULL);
	db_bind_text(stmt, 9, at);
	rc = store_step_done(st, stmt, "cannot record the publication", err);
	stmt = NULL;
	if (rc < 0)
		goto fail;
	free(data);
	if (id)
		*id = event;
	return store_commit(st, err);
fail:
	db_finalize(stmt);
	free(data);
	store_rollback(st);
	return rc;
}

int store_withdraw(struct store *st, long long actor, const char *module, const char *version,
                   const char *reason, char **err)
{
	struct db_stmt *stmt = NULL;
	struct strbuf data;
	long long id, event = 0;
	char *file = NULL;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_publication_live(st, module, version, &id, &file, err) < 0)
		goto fail;
	if (!id) {
		util_error(err, "version %s of '%s' is not published", version, module);
		goto fail;
	}
	strbuf_init(&data);
	strbuf_adds(&data, "{\"version\":");
	strbuf_add_json(&data, version);
	strbuf_addf(&data, ",\"publication\":%lld,\"reason\":", id);
	strbuf_add_json(&data, reason);
	strbuf_addc(&data, '}');
	if (store_event_append(st, "module.withdraw", actor, 0, module, data.buf, &event, err) <
	    0) {
		strbuf_release(&data);
		goto fail;
	}
	strbuf_release(&data);
	if (store_prepare(st, "UPDATE publications SET withdrawn_by = ? WHERE event_id = ?", &stmt,
	                  err) < 0)
		goto fail;
	db_bind_int64(stmt, 1, event);
	db_bind_int64(stmt, 2, id);
	if (store_step_done(st, stmt, "cannot record the withdrawal", err) < 0)
		goto fail;
	free(file);
	return store_commit(st, err);
fail:
	free(file);
	store_rollback(st);
	return -1;
}

int store_publication_find(struct store *st, const char *module, const char *version,
                           const char *file_sha256, long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	*id = 0;
	if (store_prepare(st,
	                  "SELECT event_id FROM publications WHERE module_id = ? AND version = ?"
	                  " AND file_sha256 = ? AND withdrawn_by IS NULL",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text_kept(stmt, 1, module);
	db_bind_text_kept(stmt, 2, version);
	db_bind_text_kept(stmt, 3, file_sha256);
	rc = store_step_one(st, stmt, &found, "cannot read publications", err);
	if (rc == 0 && found)
		*id = db_column_int64(stmt, 0);
	db_finalize(stmt);
	return rc;
}
