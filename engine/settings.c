/*
 * The organisation's settings: see settings.h.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct setting_def settings_defs[] = {
        {SETTING_STAFF_CREDENTIAL, "passphrase", "passphrase, pin or none",
         "what staff sign in with (none: a kiosk, marked on every acknowledgement)"},
        {SETTING_PASSPHRASE_LENGTH, "10", "10 to 64", "the shortest new passphrase, in characters"},
        {SETTING_PIN_LENGTH, "6", "6 to 12", "the shortest new PIN, in digits"},
        {SETTING_XAPI_HOME_PAGE, "", "an http:// or https:// URL",
         "the organisation's home page, naming its people in xAPI statements"},
        {SETTING_POLICY_GRACE_DAYS, "30", "0 to 365",
         "days a new major policy version gives those compliant before it"},
};
const size_t settings_count = sizeof(settings_defs) / sizeof(settings_defs[0]);

const struct setting_def *setting_find(const char *key)
{
	for (size_t i = 0; i < settings_count; i++)
		if (strcmp(settings_defs[i].key, key) == 0)
			return &settings_defs[i];
	return NULL;
}

/* A whole number from lo to hi, written plainly. */
static bool in_range(const char *value, long lo, long hi)
{
	char *end;
	long n;

	if (!*value || strspn(value, "0123456789") != strlen(value) || strlen(value) > 3)
		return false;
	n = strtol(value, &end, 10);
	return *end == '\0' && n >= lo && n <= hi;
}

/* An absolute http(s) URL of printable ASCII without spaces or quotes, as
 * an xAPI account's homePage must be an IRL. */
static bool is_home_page(const char *value)
{
	size_t len = strlen(value);

	if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0)
		return false;
	if (len > 200 || len <= (value[4] == 's' ? 8u : 7u))
		return false;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p <= ' ' || *p >= 127 || strchr("\"<>\\{}|^`", *p))
			return false;
	return true;
}

int setting_check(const struct setting_def *def, const char *value, char **err)
{
	bool ok;

	if (strcmp(def->key, SETTING_STAFF_CREDENTIAL) == 0)
		ok = strcmp(value, "passphrase") == 0 || strcmp(value, "pin") == 0 ||
		     strcmp(value, "none") == 0;
	else if (strcmp(def->key, SETTING_PASSPHRASE_LENGTH) == 0)
		ok = in_range(value, 10, 64);
	else if (strcmp(def->key, SETTING_XAPI_HOME_PAGE) == 0)
		ok = is_home_page(value);
	else if (strcmp(def->key, SETTING_POLICY_GRACE_DAYS) == 0)
		ok = in_range(value, 0, 365);
	else
		ok = in_range(value, 6, 12);
	if (!ok)
		return util_error(err, "'%s' is not a value for %s (%s)", value, def->key,
		                  def->values);
	return 0;
}

bool setting_needs_reason(const struct setting_def *def, const char *value)
{
	return strcmp(def->key, SETTING_STAFF_CREDENTIAL) == 0 && strcmp(value, "none") == 0;
}
