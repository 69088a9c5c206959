/*
 * Signing in. Staff sign in by name; a consultant, who can see and change
 * other people's records, also gives a passphrase checked against a salted
 * argon2id hash. A name with no account is asked for a passphrase too and
 * fails with the same message, and repeated failures slow down.
 */
#ifndef UPSKILL_AUTH_H
#define UPSKILL_AUTH_H

struct session;

/* Failures that come free before sign-ins under a name start to wait. */
#define AUTH_FREE_FAILURES 3
/* How far back failures count, and the longest wait, in seconds. */
#define AUTH_WINDOW    900
#define AUTH_MAX_DELAY 30

/* The environment variable a script may put a consultant's passphrase in. */
#define AUTH_PASSPHRASE_ENV "UPSKILL_PASSPHRASE"
/* And the one for a new consultant's passphrase. */
#define AUTH_NEW_PASSPHRASE_ENV "UPSKILL_NEW_PASSPHRASE"

/* Signs in as name; on failure -1 and a message that says no more than
 * it must. */
int auth_sign_in(struct session *s, const char *name, char **err);

/* Seconds to wait before checking a sign-in after failures earlier. */
unsigned auth_delay(int failures);

#endif
