/*
 * What xAPI needs from the record (store-xapi.c): the events that become
 * statements, read from the event log, and the bookkeeping of which
 * statements an LRS has accepted. That bookkeeping (table xapi_sent) is not
 * part of the hash chain: it says what was delivered, not what happened,
 * and losing it only means statements are sent again (an LRS keeps one copy
 * of a statement id).
 */
#ifndef UPSKILL_STORE_XAPI_H
#define UPSKILL_STORE_XAPI_H

#include <stddef.h>

#include "store-events.h"
#include "util.h"

/* The events of the kinds xAPI speaks of (attempt.start, answer,
 * attempt.finish, ack, duty.handover), in log order, those dated at or
 * after since ("" or NULL for all). The caller releases each with
 * store_event_release and frees the array. */
int store_xapi_events(struct store *st, const char *since, struct store_event **out, size_t *n,
                      char **err);

/* The statement ids already accepted by the LRS at lrs, appended to ids
 * (sorted, so strlist lookups can bisect). */
int store_xapi_sent(struct store *st, const char *lrs, struct strlist *ids, char **err);

/* Marks n statements (ids[i] made from events[i]) accepted by lrs, all in
 * one transaction, dated now. */
int store_xapi_mark_sent(struct store *st, const char *lrs, const char *const *ids,
                         const long long *events, size_t n, char **err);

#endif
