/*
 * init NAME: creates the first consultant account, the one that adds staff
 * and reads reports, with a passphrase; refused once a consultant exists.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "catalog.h"
#include "cmd.h"
#include "crypto.h"
#include "publish.h"
#include "secret.h"
#include "session.h"
#include "util.h"

/* A new organisation starts with the modules it was set up with published,
 * so that its staff's work counts from the first day. */
static void publish_loaded(struct session *s, struct store *st)
{
	struct catalog *cat;
	char *err = NULL;
	size_t done = 0;

	cat = session_catalog(s, &err);
	if (!cat) {
		fprintf(s->out,
		        "Nothing published (%s): run 'publish --all' once the modules are "
		        "in place.\n",
		        err);
		free(err);
		return;
	}
	for (size_t i = 0; i < cat->ncourses; i++) {
		if (publish_course(st, s->me->id, cat->courses[i], NULL, &err) < 0) {
			fprintf(stderr, "error: %s\n", err);
			free(err);
			err = NULL;
			continue;
		}
		done++;
	}
	fprintf(s->out, "Published the %zu module%s in '%s'; see 'publish'.\n", done,
	        done == 1 ? "" : "s", s->courses_dir);
}

int cmd_init_consultant(struct session *s, const char *name, char **err)
{
	struct store *st = session_store(s, err);
	char hash[CRYPTO_PASSPHRASE_HASH];
	char *pass = NULL, *miss = NULL;
	struct learner *l;
	int consultants;

	if (!st || store_consultant_count(st, &consultants, err) < 0)
		return -1;
	if (consultants > 0)
		return util_error(err, "init: this organisation has a consultant already; sign in "
		                       "as one to add people");
	if (cmd_name_check(name, err) < 0)
		return -1;
	if (secret_read_new(s, name, AUTH_PASSPHRASE_ENV, &secret_default_rule, &pass, err) < 0)
		return -1;
	if (crypto_passphrase_hash(pass, hash) < 0) {
		secret_free(pass);
		return util_error(err, "init: not enough memory to hash the passphrase");
	}
	secret_free(pass);
	if (store_consultant_add(st, name, hash, 0, NULL, err) < 0)
		return -1;
	l = xcalloc(1, sizeof(*l));
	if (store_learner_find(st, name, l, &miss) != 0) {
		free(l);
		util_error(err, "%s", miss);
		free(miss);
		return -1;
	}
	session_sign_in(s, l);
	fprintf(s->out, "created consultant '%s'. Add staff with 'learner add NAME'.\n", name);
	publish_loaded(s, st);
	cmd_greet(s);
	return 0;
}

static int run_init(struct session *s, const struct cmd_args *args, char **err)
{
	return cmd_init_consultant(s, args->argv[0], err);
}

const struct cmd_entry cmd_init_entry = {
        .name = "init",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .usage = "NAME",
        .help = "create the first consultant account, with a passphrase",
        .run = run_init,
};

void cmd_first_run(struct session *s)
{
	struct store *st;
	char *err = NULL, *line = NULL;
	int consultants = 1;

	st = session_store(s, &err);
	if (!st || store_consultant_count(st, &consultants, &err) < 0 || consultants > 0) {
		if (err)
			fprintf(stderr, "error: %s\n", err);
		free(err);
		return;
	}
	fprintf(s->out, "\nThis organisation has no consultant account yet. The consultant adds "
	                "staff,\nsigns duties over and reads the reports. Create it now?\n");
	/* Asked again after a refused name, so that typing 'help' here (as the
	 * banner suggests) explains rather than creating anyone. */
	while (session_ask(s, "Consultant's name (Enter to skip): ", &line) == INPUT_LINE) {
		if (line[0] == '\0') {
			fprintf(s->out, "Skipped: 'init NAME' creates it later.\n");
			break;
		}
		if (cmd_name_check(line, &err) == 0) {
			/* A passphrase too short or typed differently twice is asked
			 * for again, three times in all; Ctrl-C gives up at once. */
			for (int tries = 1; cmd_init_consultant(s, line, &err) < 0; tries++) {
				bool cancelled = err && strcmp(err, "cancelled") == 0;
				fprintf(stderr, "error: %s\n", err ? err : "init failed");
				free(err);
				err = NULL;
				if (cancelled || tries == 3) {
					fprintf(s->out, "'init %s' creates it later.\n", line);
					break;
				}
				fprintf(s->out, "Try again.\n");
			}
			break;
		}
		fprintf(stderr, "error: %s\n", err);
		free(err);
		err = NULL;
		free(line);
		line = NULL;
	}
	free(err);
	free(line);
}
