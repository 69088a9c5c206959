/*
 * Signed checkpoints of the record: the size of the event log and the root
 * of the Merkle tree over it (merkle.h), signed with an Ed25519 key that is
 * kept outside the database, so that whoever holds the public key can later
 * prove the record still holds what was checkpointed and has only grown.
 *
 * A checkpoint is a small text note in the style of the C2SP signed-note
 * and checkpoint formats: the origin line "upskill-record", the tree size,
 * the root in Base64, an empty line, then one signature line per signer:
 * "— NAME BASE64(key id, 4 bytes; Ed25519 signature, 64 bytes)". Key files
 * are one line each: "upskill-checkpoint-secret NAME BASE64(64-byte secret)"
 * (mode 0600) and "upskill-checkpoint-public NAME BASE64(32-byte key)".
 */
#ifndef UPSKILL_CHECKPOINT_H
#define UPSKILL_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "merkle.h"

#define CHECKPOINT_ORIGIN "upskill-record"
/* Where checkpoint (and ack and handover, to sign one at once) find the
 * secret key when --key is not given. */
#define CHECKPOINT_KEY_ENV "UPSKILL_CHECKPOINT_KEY"
/* A signer's name: letters, digits and "-._", 1 to 64 of them. */
#define CHECKPOINT_NAME_MAX 64

struct checkpoint {
	uint64_t size;
	struct merkle_hash root;
};

struct checkpoint_key {
	char name[CHECKPOINT_NAME_MAX + 1];
	uint8_t pub[CRYPTO_SIGN_PUBLIC];
	uint8_t secret[CRYPTO_SIGN_SECRET]; /* zero in a public key */
	bool has_secret;
};

/* -1 with a message unless name is a valid signer's name. */
int checkpoint_name_check(const char *name, char **err);

/* Makes a new key named name: the secret at path (created, mode 0600; an
 * existing file is refused) and the public key at path.pub. */
int checkpoint_keygen(const char *name, const char *path, char **err);
/* Reads a key file, secret or public; messages name the file. */
int checkpoint_key_read(const char *path, struct checkpoint_key *out, char **err);
/* Wipes a key's secret. */
void checkpoint_key_release(struct checkpoint_key *k);

/* The note for c signed by key (which must hold a secret); the caller
 * frees it. */
char *checkpoint_sign(const struct checkpoint *c, const struct checkpoint_key *key);

/* Reads a note's size and root without checking any signature: for
 * showing a note, never for trusting it. -1 with why if it is no note. */
int checkpoint_parse(const char *note, struct checkpoint *out, char **err);

/* Reads a note and checks the signature of key (by its name and key id)
 * over it: 0 and *out set, or -1 with why (not a checkpoint, no signature
 * by that key, a signature that does not verify). */
int checkpoint_open(const char *note, const struct checkpoint_key *key, struct checkpoint *out,
                    char **err);

/* The checkpoint of the record as it stands: its number of events and the
 * root of the tree over them. */
struct store;
int checkpoint_of(struct store *st, struct checkpoint *out, char **err);

/* Signs the record as it stands with key (which must hold a secret) and
 * records that it did as a checkpoint event by actor, whose data carries
 * the size, root, signer and the note itself. *c and *note (the caller
 * frees it) get what was signed. */
int checkpoint_record(struct store *st, long long actor, const struct checkpoint_key *key,
                      struct checkpoint *c, char **note, char **err);

/* Adds key's signature to note (signed by someone else, the auditor and
 * the consultant each holding a key) once the record is checked to still
 * begin with exactly the events it covers, and records the co-signed note:
 * 0 with *out (the caller frees it), or -1. */
int checkpoint_cosign(struct store *st, long long actor, const struct checkpoint_key *key,
                      const char *note, struct checkpoint *c, char **out, char **err);

/* Whether the record still begins with exactly the events signed covers:
 * 0 and *events set to how many it has now, or -1 naming what is wrong
 * (events removed, or the first ones rewritten). */
int checkpoint_check_record(struct store *st, const struct checkpoint *signed_c, size_t *events,
                            char **err);

#endif
