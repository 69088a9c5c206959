/*
 * The organisation's settings, kept in the record with an event each
 * (store-access.h): what staff sign in with, and how strong a new
 * credential must be. Pure: the names, defaults and what a value may be.
 */
#ifndef UPSKILL_SETTINGS_H
#define UPSKILL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* What staff sign in with: "passphrase" (the default), "pin", or "none":
 * a kiosk, where staff give only their name and every acknowledgement
 * made so is marked as such in reports. Consultants always use a
 * passphrase. */
#define SETTING_STAFF_CREDENTIAL "staff-credential"
/* The shortest new passphrase, in characters (10 to 64; default 10). */
#define SETTING_PASSPHRASE_LENGTH "passphrase-length"
/* The shortest new PIN, in digits (6 to 12; default 6). */
#define SETTING_PIN_LENGTH "pin-length"
/* The organisation's home page (an http or https URL; unset by default):
 * xAPI statements name people as accounts on it (docs/xapi.md). */
#define SETTING_XAPI_HOME_PAGE "xapi-home-page"

/* The days a major version of a policy gives those compliant with the
 * version before it to acknowledge and pass it (0 to 365; default 30;
 * 0: none, overdue at once). docs/compliance.md. */
#define SETTING_POLICY_GRACE_DAYS "policy-grace-days"

struct setting_def {
	const char *key;
	const char *fallback; /* the value when none was ever set */
	const char *values;   /* what it may be, for usage and errors */
	const char *help;     /* one line */
};

extern const struct setting_def settings_defs[];
extern const size_t settings_count;

/* The setting named key (exact), or NULL. */
const struct setting_def *setting_find(const char *key);
/* Whether value is allowed for def: 0, or -1 with a message naming both. */
int setting_check(const struct setting_def *def, const char *value, char **err);
/* Whether changing def to value needs a reason (a kiosk always does). */
bool setting_needs_reason(const struct setting_def *def, const char *value);

#endif
