/*
 * What xAPI needs from the record: see store-xapi.h.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "store-xapi.h"

static const char *text_or_empty(struct db_stmt *stmt, int col)
{
	const char *s = db_column_text(stmt, col);

	return s ? s : "";
}

static void event_row(struct db_stmt *stmt, void *item)
{
	struct store_event *e = item;

	e->id = db_column_int64(stmt, 0);
	e->at = xstrdup(text_or_empty(stmt, 1));
	e->kind = xstrdup(text_or_empty(stmt, 2));
	e->actor = db_column_int64(stmt, 3);
	e->learner = db_column_int64(stmt, 4);
	e->subject = xstrdup(text_or_empty(stmt, 5));
	e->data = xstrdup(text_or_empty(stmt, 6));
	e->prev = xstrdup(text_or_empty(stmt, 7));
	e->hash = xstrdup(text_or_empty(stmt, 8));
}

static void event_release(void *item)
{
	store_event_release(item);
}

int store_xapi_events(struct store *st, const char *since, struct store_event **out, size_t *n,
                      char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(
	            st,
	            "SELECT id, at, kind, actor_id, learner_id, subject, data, prev_hash, hash"
	            " FROM events WHERE kind IN ('attempt.start', 'answer', 'attempt.finish',"
	            " 'ack', 'duty.handover') AND at >= ? ORDER BY id",
	            &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, since ? since : "");
	return store_collect(st, stmt, sizeof(**out), event_row, event_release, out, n,
	                     "cannot read the event log", err);
}

int store_xapi_sent(struct store *st, const char *lrs, struct strlist *ids, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc;

	if (store_prepare(st,
	                  "SELECT statement_id FROM xapi_sent WHERE lrs = ? ORDER BY statement_id",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, lrs);
	while ((rc = db_step(stmt)) == DB_ROW)
		strlist_add(ids, text_or_empty(stmt, 0));
	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_db_error(st, err, "cannot read what was sent");
	return 0;
}

int store_xapi_mark_sent(struct store *st, const char *lrs, const char *const *ids,
                         const long long *events, size_t n, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32];

	if (store_begin(st, err) < 0)
		return -1;
	store_now_iso(st, at);
	for (size_t i = 0; i < n; i++) {
		/* Sent again (--resend, or a lost answer): the first date stays. */
		if (store_prepare(st,
		                  "INSERT INTO xapi_sent (lrs, statement_id, event_id, sent_at)"
		                  " VALUES (?, ?, ?, ?) ON CONFLICT (lrs, statement_id) DO NOTHING",
		                  &stmt, err) < 0)
			goto fail;
		db_bind_text(stmt, 1, lrs);
		db_bind_text(stmt, 2, ids[i]);
		db_bind_int64(stmt, 3, events[i]);
		db_bind_text(stmt, 4, at);
		if (store_step_done(st, stmt, "cannot mark statements sent", err) < 0)
			goto fail;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}
