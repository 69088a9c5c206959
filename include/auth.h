/*
 * Signing in. Everyone gives a passphrase, checked against a salted
 * argon2id hash: staff start with a one-time set-up code from a consultant
 * and choose their own passphrase at their first sign-in. A name with no
 * account, a wrong passphrase and a closed account cost the same check and
 * get the same message, and repeated failures slow down.
 */
#ifndef UPSKILL_AUTH_H
#define UPSKILL_AUTH_H

#include <stdbool.h>

#include "store.h"

struct session;
struct secret_rule;

/* Failures that come free before sign-ins under a name start to wait. */
#define AUTH_FREE_FAILURES 3
/* How far back failures count, and the longest wait, in seconds. */
#define AUTH_WINDOW    900
#define AUTH_MAX_DELAY 30
/* How far ahead a try may be queued behind others under the same name:
 * past that it is refused at once ("try again in a minute"), so nobody
 * ever waits longer than this. */
#define AUTH_MAX_QUEUE (2 * AUTH_MAX_DELAY)

/* The environment variable a script may put a consultant's passphrase in. */
#define AUTH_PASSPHRASE_ENV "UPSKILL_PASSPHRASE"
/* And the one for a new consultant's passphrase. */
#define AUTH_NEW_PASSPHRASE_ENV "UPSKILL_NEW_PASSPHRASE"

/* Signs in as name; on failure -1 and a message that says no more than
 * it must. */
int auth_sign_in(struct session *s, const char *name, char **err);

/* A one-time set-up code, "XXXX-XXXX-XXXX" and its NUL. */
#define AUTH_CODE_SIZE 15
void auth_setup_code(char out[AUTH_CODE_SIZE]);

/* What a new credential for someone of role must be, by the organisation's
 * settings (settings.h), and whether staff sign in at a kiosk. */
int auth_rules(struct store *st, enum role role, struct secret_rule *rule, bool *kiosk, char **err);

/* Seconds to wait before checking a sign-in after failures earlier. */
unsigned auth_delay(int failures);

#endif
