/*
 * People, for a signed-in consultant: learner add NAME [--role
 * staff|consultant] (staff get a one-time set-up code), learner list,
 * learner deactivate / activate NAME, learner reset NAME (a new code),
 * learner grant NAME MODULE [N] --reason TEXT (more attempts at a quiz).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "cmd.h"
#include "course.h"
#include "crypto.h"
#include "lookalike.h"
#include "report.h"
#include "secret.h"
#include "session.h"
#include "store-learning.h"
#include "util.h"

/* The first existing name that name looks like (a copy the caller frees),
 * or NULL: a look-alike is allowed, since two people may be called so, but
 * the consultant is told. */
static int find_lookalike(struct store *st, const char *name, char **alike, char **err)
{
	struct learner *list = NULL;
	size_t n = 0;

	*alike = NULL;
	if (store_learner_list(st, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && !*alike; i++)
		if (lookalike_is(name, list[i].name))
			*alike = xstrdup(list[i].name);
	learners_free(list, n);
	return 0;
}

/* A set-up code, shown once to the consultant who made it. */
static void print_code(struct session *s, const char *name, const char *code)
{
	fprintf(s->out, "set-up code for '%s': %s (give it in person; works once)\n", name, code);
}

static int run_add(struct session *s, const struct cmd_args *args, char **err)
{
	const char *role_arg = cmd_opt(args, "role");
	enum role role = ROLE_STAFF;
	struct store *st;
	char *alike = NULL;

	if (role_arg && role_parse(role_arg, &role) < 0)
		return util_error(err, "learner add: unknown role '%s' (staff or consultant)",
		                  role_arg);
	st = session_store(s, err);
	if (!st || cmd_name_check(args->argv[0], err) < 0 ||
	    find_lookalike(st, args->argv[0], &alike, err) < 0)
		return -1;
	if (role == ROLE_CONSULTANT) {
		/* A consultant can see everyone's records: a passphrase from the start. */
		char hash[CRYPTO_PASSPHRASE_HASH];
		struct secret_rule rule;
		char *pass = NULL;
		int rc;

		if (auth_rules(st, ROLE_CONSULTANT, &rule, NULL, err) < 0 ||
		    secret_read_new(s, args->argv[0], AUTH_NEW_PASSPHRASE_ENV, &rule, &pass, err) <
		            0)
			goto fail;
		rc = crypto_passphrase_hash(pass, hash);
		secret_free(pass);
		if (rc < 0) {
			util_error(err, "learner add: not enough memory to hash the passphrase");
			goto fail;
		}
		if (store_consultant_add(st, args->argv[0], hash, s->me->id, NULL, err) < 0)
			goto fail;
	} else {
		char code[AUTH_CODE_SIZE], hash[CRYPTO_PASSPHRASE_HASH];

		auth_setup_code(code);
		if (crypto_passphrase_hash(code, hash) < 0) {
			util_error(err, "learner add: not enough memory to hash the set-up code");
			goto fail;
		}
		if (store_staff_add(st, args->argv[0], hash, s->me->id, NULL, err) < 0)
			goto fail;
		fprintf(s->out, "added %s '%s'\n", role_name(role), args->argv[0]);
		print_code(s, args->argv[0], code);
		goto done;
	}
	fprintf(s->out, "added %s '%s'\n", role_name(role), args->argv[0]);
done:
	if (alike)
		fprintf(s->out, "warning: '%s' looks like the existing name '%s'\n", args->argv[0],
		        alike);
	free(alike);
	return 0;
fail:
	free(alike);
	return -1;
}

static const char *const add_options[] = {"role:", NULL};

const struct cmd_entry cmd_learner_add_entry = {
        .name = "learner",
        .sub = "add",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .options = add_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "NAME [--role staff|consultant]",
        .help = "add a learner (staff unless --role consultant)",
        .run = run_add,
};

static const struct report_column list_columns[] = {
        {.key = "name"},
        {.key = "role"},
        {.key = "status"},
        {.key = "added", .date = true},
};

static int run_list(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct learner *list = NULL;
	struct report r;
	size_t n = 0;

	(void)args;
	if (!st || store_learner_list(st, &list, &n, err) < 0)
		return -1;
	if (n == 0) {
		fprintf(s->out, "no learners yet: add one with 'learner add NAME'\n");
		return 0;
	}
	report_init(&r, "learner list", list_columns, 4);
	for (size_t i = 0; i < n; i++) {
		const char *cells[] = {list[i].name, role_name(list[i].role),
		                       list[i].active ? "active" : "inactive", list[i].created_at};
		report_add_row(&r, cells);
	}
	report_print(&r, REPORT_TABLE, &s->term, s->out);
	report_release(&r);
	learners_free(list, n);
	return 0;
}

const struct cmd_entry cmd_learner_list_entry = {
        .paged = true,
        .name = "learner",
        .sub = "list",
        .need = CMD_NEED_CONSULTANT,
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "list everyone with their role and status",
        .run = run_list,
};

static int run_rename(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const char *old = args->argv[0], *new_name = args->argv[1];
	char *alike = NULL;

	if (!st || cmd_name_check(new_name, err) < 0)
		return -1;
	if (strcasecmp(old, new_name) != 0 && find_lookalike(st, new_name, &alike, err) < 0)
		return -1;
	if (store_learner_rename(st, old, new_name, s->me->id, err) < 0) {
		free(alike);
		return -1;
	}
	fprintf(s->out, "renamed '%s' to '%s'; their records follow\n", old, new_name);
	if (alike && strcasecmp(alike, old) != 0)
		fprintf(s->out, "warning: '%s' looks like the existing name '%s'\n", new_name,
		        alike);
	free(alike);
	return 0;
}

const struct cmd_entry cmd_learner_rename_entry = {
        .name = "learner",
        .sub = "rename",
        .min_args = 2,
        .max_args = 2,
        .rest = true,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME NEW-NAME",
        .help = "correct a name (quote NAME if it has spaces); every record follows",
        .run = run_rename,
};

static int set_active(struct session *s, const struct cmd_args *args, bool active, char **err)
{
	struct store *st = session_store(s, err);

	if (!st ||
	    store_learner_set_active(st, args->argv[0], active, s->me ? s->me->id : 0, err) < 0)
		return -1;
	fprintf(s->out, "%s '%s'%s\n", active ? "reactivated" : "deactivated", args->argv[0],
	        active ? "" : "; their records are kept");
	return 0;
}

static int run_deactivate(struct session *s, const struct cmd_args *args, char **err)
{
	if (s->me && strcasecmp(s->me->name, args->argv[0]) == 0)
		return util_error(err, "learner deactivate: you cannot deactivate yourself");
	return set_active(s, args, false, err);
}

const struct cmd_entry cmd_learner_deactivate_entry = {
        .name = "learner",
        .sub = "deactivate",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME",
        .help = "stop someone signing in; every record of theirs is kept",
        .run = run_deactivate,
};

static int run_activate(struct session *s, const struct cmd_args *args, char **err)
{
	return set_active(s, args, true, err);
}

/* A forgotten passphrase, or a person added before everyone had one: a
 * new set-up code replaces whatever they had. */
static int run_reset(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	char code[AUTH_CODE_SIZE], hash[CRYPTO_PASSPHRASE_HASH];
	struct learner l;
	int rc;

	if (!st)
		return -1;
	if (strcasecmp(s->me->name, args->argv[0]) == 0)
		return util_error(err, "learner reset: not yourself; another consultant can do it");
	if (store_learner_find(st, args->argv[0], &l, err) != 0)
		return -1;
	auth_setup_code(code);
	rc = crypto_passphrase_hash(code, hash) < 0
	             ? util_error(err, "learner reset: not enough memory to hash the code")
	             : store_credential_set(st, l.id, hash, true, s->me->id, err);
	if (rc == 0) {
		fprintf(s->out, "reset the passphrase of '%s'; their old one no longer works\n",
		        l.name);
		print_code(s, l.name, code);
	}
	learner_release(&l);
	return rc;
}

const struct cmd_entry cmd_learner_reset_entry = {
        .name = "learner",
        .sub = "reset",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME",
        .help = "give someone a new one-time set-up code for their passphrase",
        .run = run_reset,
};

/* The most one grant gives: more is a typing mistake, not a second chance. */
#define GRANT_MAX 10

/* learner grant NAME MODULE [N] --reason "TEXT": more attempts at a quiz
 * in the learner's current validity period (standing.h), as an event. */
static int run_grant(struct session *s, const struct cmd_args *args, char **err)
{
	const char *reason = cmd_opt(args, "reason"), *count = args->argc > 2 ? args->argv[2] : "1";
	const struct course *c;
	struct store *st;
	struct learner l;
	char *end = NULL;
	long n;
	int rc;

	errno = 0;
	n = strtol(count, &end, 10);
	if (!isdigit((unsigned char)count[0]) || *end || errno || n < 1 || n > GRANT_MAX)
		return util_error(err, "learner grant: '%s' is not a number of attempts (1 to %d)",
		                  count, GRANT_MAX);
	while (reason && isspace((unsigned char)*reason))
		reason++;
	if (!reason || !*reason)
		return util_error(err, "learner grant: give the reason, as --reason \"TEXT\"; it "
		                       "stays in the record");
	if (!(c = cmd_find_module(s, args->argv[1], err)))
		return -1;
	if (c->quiz.attempts <= 0)
		return util_error(err, "learner grant: '%s' allows unlimited attempts already",
		                  c->id);
	if (!(st = session_store(s, err)) || store_learner_find(st, args->argv[0], &l, err) != 0)
		return -1;
	rc = store_attempt_grant(st, l.id, c->id, (int)n, reason, s->me->id, err);
	if (rc == 0)
		fprintf(s->out, "granted '%s' %ld more attempt%s at '%s'; it is in the record\n",
		        l.name, n, n == 1 ? "" : "s", c->id);
	learner_release(&l);
	return rc;
}

static const char *const grant_options[] = {"reason:", NULL};

const struct cmd_entry cmd_learner_grant_entry = {
        .name = "learner",
        .sub = "grant",
        .min_args = 2,
        .max_args = 3,
        .options = grant_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME MODULE [N] --reason \"TEXT\"",
        .help = "give a learner N more attempts (default 1) at a quiz, with a reason",
        .run = run_grant,
};

const struct cmd_entry cmd_learner_activate_entry = {
        .name = "learner",
        .sub = "activate",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .need = CMD_NEED_CONSULTANT,
        .usage = "NAME",
        .help = "let a deactivated learner sign in again",
        .run = run_activate,
};
