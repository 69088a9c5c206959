/*
 * setting [KEY [VALUE]] [--reason TEXT]: the organisation's settings for
 * credentials and policy deadlines (settings.h), shown, or changed on the record by a
 * consultant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "session.h"
#include "settings.h"
#include "store-access.h"
#include "term.h"
#include "util.h"

static int show(struct session *s, struct store *st, const struct setting_def *def, char **err)
{
	char *value = NULL;

	if (store_setting_get(st, def->key, NULL, &value, err) < 0)
		return -1;
	/* A setting with no default (the xAPI home page) reads "not set". The
	 * meaning wraps at word boundaries under its own column. */
	char *head = xasprintf("%-18s %-11s ", def->key,
	                       value ? value : (*def->fallback ? def->fallback : "-"));
	char *text = xasprintf("%s%s", def->help,
	                       value ? "" : (*def->fallback ? " (the default)" : " (not set)"));
	term_wrap(&s->term, s->out, text, 31, head);
	free(head);
	free(text);
	free(value);
	return 0;
}

/* What a change means for people, once it is on the record. */
static void explain(struct session *s, const char *key, const char *value)
{
	if (strcmp(key, SETTING_XAPI_HOME_PAGE) == 0) {
		fprintf(s->out, "xAPI statements now name people as accounts on %s.\n", value);
	} else if (strcmp(key, SETTING_POLICY_GRACE_DAYS) == 0) {
		fprintf(s->out,
		        "%s is now %s: whoever was compliant when a major policy version was "
		        "published has %s days from then to acknowledge and pass it.\n",
		        key, value, value);
	} else if (strcmp(key, SETTING_STAFF_CREDENTIAL) != 0) {
		fprintf(s->out, "%s is now %s: credentials chosen from now on must meet it.\n", key,
		        value);
	} else if (strcmp(value, "none") == 0) {
		fprintf(s->out, "staff now sign in by name alone (a kiosk); every acknowledgement "
		                "made so is "
		                "marked in reports as made without a credential.\n");
	} else {
		fprintf(s->out,
		        "staff now sign in with a %s; those who already have a passphrase keep it "
		        "until it is reset, and new set-up codes ask for a %s.\n",
		        strcmp(value, "pin") == 0 ? "PIN" : "passphrase",
		        strcmp(value, "pin") == 0 ? "PIN" : "passphrase");
	}
}

static int run_setting(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const char *reason = cmd_opt(args, "reason");
	const struct setting_def *def = NULL;

	if (!st)
		return -1;
	if (args->argc == 0) {
		for (size_t i = 0; i < settings_count; i++)
			if (show(s, st, &settings_defs[i], err) < 0)
				return -1;
		return 0;
	}
	def = setting_find(args->argv[0]);
	if (!def)
		return util_error(err, "setting: no setting '%s' ('setting' lists them)",
		                  args->argv[0]);
	if (args->argc == 1)
		return show(s, st, def, err);
	if (setting_check(def, args->argv[1], err) < 0)
		return -1;
	if (setting_needs_reason(def, args->argv[1]) && (!reason || !*reason))
		return util_error(err,
		                  "setting: say why staff need no credential, with --reason TEXT");
	if (store_setting_set(st, def->key, args->argv[1], reason, s->me->id, err) < 0)
		return -1;
	explain(s, def->key, args->argv[1]);
	return 0;
}

static const char *const setting_options[] = {"reason:", NULL};

const struct cmd_entry cmd_setting_entry = {
        .name = "setting",
        .max_args = 2,
        .options = setting_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[KEY [VALUE]] [--reason TEXT]",
        .help = "show or change the organisation's settings, on the record",
        .run = run_setting,
};
