/*
 * A whole record copied into a new one, on either engine (db copy).
 */
#ifndef UPSKILL_STORE_COPY_H
#define UPSKILL_STORE_COPY_H

#include "store.h"

/* Copies every row of every table of from into to, which must hold no
 * row at all (opened with store_open_bare), in one transaction of to's
 * that is committed only once to verifies and has the same events and head
 * as from. from must verify first. *events gets the count and head (65
 * bytes) the last event's hash. 0, or -1 with *err naming the side and the
 * problem. */
int store_copy(struct store *from, struct store *to, long long *events, char head[65], char **err);

#endif
