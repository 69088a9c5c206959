/*
 * Signing in: see auth.h.
 */
#include "auth.h"

#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "secret.h"
#include "session.h"
#include "util.h"

#define AUTH_FAILED "sign-in failed: no such consultant, a wrong passphrase, or an account closed"

unsigned auth_delay(int failures)
{
	int over = failures - AUTH_FREE_FAILURES;

	if (over < 0)
		return 0;
	if (over >= 5)
		return AUTH_MAX_DELAY;
	return 1u << over; /* 1, 2, 4, 8, 16, then the cap */
}

/* Staff sign in by name alone. */
static int sign_in_staff(struct session *s, struct learner *l, char **err)
{
	if (!l->active)
		return util_error(err,
		                  "'%s' has been deactivated; a consultant can reactivate them",
		                  l->name);
	session_sign_in(s, l);
	return 0;
}

int auth_sign_in(struct session *s, const char *name, char **err)
{
	struct store *st = session_store(s, err);
	struct learner *l = NULL;
	char *pass = NULL, *hash = NULL, *prompt = NULL, *miss = NULL;
	bool found, ok = false;
	int failures = 0, rc = -1;
	unsigned delay;

	if (!st)
		return -1;
	l = xcalloc(1, sizeof(*l));
	rc = store_learner_find(st, name, l, &miss);
	if (rc < 0) {
		util_error(err, "%s", miss);
		free(miss);
		rc = -1;
		goto out;
	}
	found = rc == 0;
	rc = -1;
	free(miss);
	if (found && l->role == ROLE_STAFF) {
		if (sign_in_staff(s, l, err) < 0)
			goto out;
		return 0;
	}

	/* A consultant, or nobody: the same questions, the same time taken. */
	if (store_login_failures(st, name, clock_now() - AUTH_WINDOW, &failures, err) < 0)
		goto out;
	delay = auth_delay(failures);
	if (delay) {
		fprintf(s->out, "(%d failed sign-ins as '%s' lately: waiting %u second%s)\n",
		        failures, name, delay, delay == 1 ? "" : "s");
		fflush(s->out);
		sleep(delay);
	}
	prompt = xasprintf("Passphrase for %s: ", name);
	if (secret_read(s, prompt, AUTH_PASSPHRASE_ENV, &pass, err) < 0)
		goto out;
	if (found) {
		if (store_passphrase_get(st, l->id, &hash, err) < 0)
			goto out;
		ok = hash && crypto_passphrase_check(hash, pass);
	} else {
		crypto_passphrase_dummy_check(pass);
	}
	if (store_login_result(st, name, ok, err) < 0)
		goto out;
	/* A deactivated account fails as a wrong passphrase does: the answer
	 * says nothing of which accounts exist or were closed. */
	if (!ok || !l->active) {
		util_error(err, AUTH_FAILED);
		goto out;
	}
	session_sign_in(s, l);
	l = NULL;
	rc = 0;
out:
	if (l) {
		learner_release(l);
		free(l);
	}
	secret_free(pass);
	free(hash);
	free(prompt);
	return rc;
}
