/*
 * Receipts: proof, for one event, that it is in a signed checkpoint of the
 * record. A receipt holds the event as the log keeps it (so its hash can
 * be recomputed from what it says), its place in the log, the checkpoint
 * note that covers it, and the Merkle inclusion proof from the event to
 * the note's signed root. Whoever holds the signer's public key can check
 * it with no database at all; with the record at hand, also that the
 * record still holds that event and still begins with the signed events.
 * Made from the record (the checkpoint events carry their notes), written
 * as text or JSON, and read back from JSON.
 */
#ifndef UPSKILL_RECEIPT_H
#define UPSKILL_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "checkpoint.h"
#include "merkle.h"
#include "store-events.h"

#define RECEIPT_FORMAT "upskill-receipt-1"
/* What receipt_make returns when no checkpoint covers the event yet. */
#define RECEIPT_NOT_COVERED 1

struct receipt {
	struct store_event event;     /* owned */
	uint64_t index;               /* the event's leaf in the tree: its id less one */
	long long checkpoint_event;   /* the event that recorded the checkpoint */
	struct checkpoint checkpoint; /* size and root, as the receipt states them */
	char *signer;                 /* as the receipt states it: checked only with the key */
	char *note;                   /* the signed checkpoint note */
	struct merkle_hash proof[MERKLE_MAX_PROOF];
	size_t nproof;
};

/* The receipt for event e (copied) from the record: proven against the
 * latest checkpoint the record holds that covers it. 0, or
 * RECEIPT_NOT_COVERED when none does yet, or -1 (the record no longer
 * matches the checkpoint, say). Release *out with receipt_release. */
int receipt_make(struct store *st, const struct store_event *e, struct receipt *out, char **err);
void receipt_release(struct receipt *r);

/* The receipt for people to read, and as JSON; the caller frees them. */
char *receipt_text(const struct receipt *r);
char *receipt_json(const struct receipt *r);
/* Reads a receipt from JSON (len bytes): -1 with why if it is none. */
int receipt_parse(const char *text, size_t len, struct receipt *out, char **err);

/* "event 7 (ack, policy policy-basics, at 2026-03-02T09:00:00Z)", safe to
 * print whatever the receipt holds; the caller frees it. */
char *receipt_summary(const struct receipt *r);

/* Checks a receipt on its own: the note is signed by key, the receipt's
 * size and root are the note's, the event's content gives its hash, and
 * the proof leads from it, at its index, to the signed root. -1 with what
 * failed. */
int receipt_check(const struct receipt *r, const struct checkpoint_key *key, char **err);
/* Checks a receipt (already through receipt_check) against a record: it
 * still holds the event with that hash, and its first events are still
 * those the checkpoint signed. */
int receipt_check_record(struct store *st, const struct receipt *r, char **err);

#endif
