/*
 * The tamper-evident record (store-events.c): the chain of events and its
 * check.
 */
#ifndef UPSKILL_STORE_EVENTS_H
#define UPSKILL_STORE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

struct store_verify {
	long long events;    /* events in an intact log */
	char head[65];       /* the last event's hash: quote it, and compare later */
	long long broken_id; /* the first event found broken */
	char *problem;       /* what is wrong with it; owned */
};

/* Checks that the schema is the one upskill made (problem set, broken_id
 * 0, if not), re-walks the hash chain and checks answers and
 * acknowledgements against the events they were logged as. 0 if all is well (events and head set),
 * 1 if not (broken_id and problem set), -1 on error. */
int store_verify(struct store *st, struct store_verify *v, char **err);
/* The same, telling progress (if not NULL) how far the chain walk has got,
 * now and then: done of total events. */
typedef void store_verify_progress(void *ctx, long long done, long long total);
int store_verify_with(struct store *st, struct store_verify *v, store_verify_progress *progress,
                      void *ctx, char **err);
void store_verify_release(struct store_verify *v);
/* The id of the event whose hash begins with hash (lower-case hex, a whole
 * hash or a prefix of one): 0 if none has it, -1 if more than one does. */
int store_event_find_hash(struct store *st, const char *hash, long long *id, char **err);
/* The Merkle leaf hash of each event, in order (the leaf's input is the
 * event's own chained hash, 32 bytes), for checkpoints; free *out. */
struct merkle_hash;
int store_event_leaves(struct store *st, struct merkle_hash **out, size_t *n, char **err);

/* Records that a checkpoint was signed (data: its size, root and signer,
 * as JSON), as an event by actor. */
int store_checkpoint_record(struct store *st, long long actor, const char *data, char **err);

/* One event as the log holds it. */
struct store_event {
	long long id;
	char *at;
	char *kind;
	long long actor;   /* 0 for none */
	long long learner; /* 0 for none */
	char *subject;     /* "" for none */
	char *data;
	char *prev; /* the hash of the event before, hex ("" for the first) */
	char *hash; /* its own, hex */
};

/* The hash an event must have: SHA-256 over its content and prev, as hex
 * into out (65 bytes). subject may be NULL; actor and learner 0 for none. */
void store_event_hash(long long id, const char *at, const char *kind, long long actor,
                      long long learner, const char *subject, const char *data, const char *prev,
                      char out[65]);
/* Reads event id: 0, or STORE_NOT_FOUND with "the record has no event N",
 * or -1. Release *out with store_event_release. */
int store_event_get(struct store *st, long long id, struct store_event *out, char **err);
void store_event_release(struct store_event *e);
/* The latest event about learner of one of kinds (NULL-terminated; never
 * "answer", which its query leaves out to read events_by_kind), or 0 in
 * *id when there is none. */
int store_event_latest(struct store *st, long long learner, const char *const *kinds, long long *id,
                       char **err);
/* The latest checkpoint event that covers event (its size is at least
 * event's id) and carries its signed note: its id and data (JSON; the
 * caller frees it), or STORE_NOT_FOUND when there is none. */
int store_checkpoint_covering(struct store *st, long long event, long long *id, char **data,
                              char **err);

/* The number of events and the hash of the last ("" when there are none). */
int store_head(struct store *st, long long *count, char head[65], char **err);

#endif
