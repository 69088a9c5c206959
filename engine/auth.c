/*
 * Signing in: see auth.h.
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "hooks.h"
#include "secret.h"
#include "session.h"
#include "util.h"

#define AUTH_FAILED "sign-in failed: no such person, a wrong passphrase, or an account closed"

unsigned auth_delay(int failures)
{
	int over = failures - AUTH_FREE_FAILURES;

	if (over < 0)
		return 0;
	if (over >= 5)
		return AUTH_MAX_DELAY;
	return 1u << over; /* 1, 2, 4, 8, 16, then the cap */
}

/* A one-time code for a person's first sign-in: twelve characters from an
 * alphabet without look-alikes (0/O, 1/I), 60 bits, as XXXX-XXXX-XXXX. On
 * a test record UPSKILL_SEED makes them repeatable, so scripted tests can
 * type them. */
void auth_setup_code(char out[AUTH_CODE_SIZE])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	static unsigned long long counter;
	const char *seed = hooks_seed();
	unsigned long long state = seed ? strtoull(seed, NULL, 10) * 7919 + ++counter * 104729 : 0;
	size_t k = 0;

	for (int i = 0; i < 12; i++) {
		unsigned v;
		if (seed) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			v = (unsigned)(state >> 59);
		} else {
			v = crypto_random_below(32);
		}
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = alphabet[v];
	}
	out[k] = '\0';
}

/* A set-up code as typed, in any case, with or without its dashes or
 * spaces, in the form it was hashed in: true and out set, or false when
 * typed is not twelve such characters. */
static bool canonical_code(const char *typed, char out[AUTH_CODE_SIZE])
{
	char bare[12];
	size_t n = 0;

	for (const char *p = typed; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (n == 12)
			return false;
		bare[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	}
	if (n != 12)
		return false;
	snprintf(out, AUTH_CODE_SIZE, "%.4s-%.4s-%.4s", bare, bare + 4, bare + 8);
	return true;
}

/* At the first sign-in with a set-up code, the person chooses their own
 * passphrase, which replaces the code. */
static int choose_own(struct session *s, struct store *st, const struct learner *l,
                      const char *code, char **err)
{
	char hash[CRYPTO_PASSPHRASE_HASH];
	char *pass = NULL;
	int rc;

	fprintf(s->out, "First sign-in: choose your own passphrase to replace the set-up code.\n");
	fflush(s->out);
	if (secret_read_new(s, l->name, AUTH_NEW_PASSPHRASE_ENV, &pass, err) < 0)
		return -1;
	if (strcmp(pass, code) == 0) {
		secret_free(pass);
		return util_error(err, "choose a passphrase of your own, not the set-up code");
	}
	rc = crypto_passphrase_hash(pass, hash);
	secret_free(pass);
	if (rc < 0)
		return util_error(err, "not enough memory to hash the passphrase");
	return store_credential_set(st, l->id, hash, false, l->id, err);
}

int auth_sign_in(struct session *s, const char *name, char **err)
{
	struct store *st = session_store(s, err);
	struct learner *l = NULL;
	char *pass = NULL, *hash = NULL, *prompt = NULL, *miss = NULL;
	bool found, ok = false, setup = false;
	char code[AUTH_CODE_SIZE];
	const char *typed;
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

	/* Anyone, or nobody: the same questions, the same time taken. */
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
	typed = pass;
	if (found && store_passphrase_get(st, l->id, &hash, &setup, err) < 0)
		goto out;
	if (hash && setup && canonical_code(pass, code))
		typed = code;
	if (hash)
		ok = crypto_passphrase_check(hash, typed);
	else
		crypto_passphrase_dummy_check(pass);
	if (store_login_result(st, name, ok, err) < 0)
		goto out;
	/* A deactivated account fails as a wrong passphrase does: the answer
	 * says nothing of which accounts exist or were closed. */
	if (!ok || !l->active) {
		util_error(err, AUTH_FAILED);
		goto out;
	}
	if (setup && choose_own(s, st, l, typed, err) < 0)
		goto out;
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
