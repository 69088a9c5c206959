/*
 * Signing in: see auth.h.
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "hooks.h"
#include "secret.h"
#include "session.h"
#include "settings.h"
#include "store-access.h"
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

int auth_rules(struct store *st, enum role role, struct secret_rule *rule, bool *kiosk, char **err)
{
	char *kind = NULL, *length = NULL;
	int rc = -1;

	*rule = secret_default_rule;
	if (kiosk)
		*kiosk = false;
	if (store_setting_get(st, SETTING_STAFF_CREDENTIAL, "passphrase", &kind, err) < 0)
		return -1;
	rule->pin = role == ROLE_STAFF && strcmp(kind, "pin") == 0;
	if (store_setting_get(
	            st, rule->pin ? SETTING_PIN_LENGTH : SETTING_PASSPHRASE_LENGTH,
	            setting_find(rule->pin ? SETTING_PIN_LENGTH : SETTING_PASSPHRASE_LENGTH)
	                    ->fallback,
	            &length, err) < 0)
		goto out;
	rule->min = atoi(length);
	if (!rule->pin && rule->min < SECRET_MIN_LENGTH)
		rule->min = SECRET_MIN_LENGTH;
	if (kiosk)
		*kiosk = role == ROLE_STAFF && strcmp(kind, "none") == 0;
	rc = 0;
out:
	free(kind);
	free(length);
	return rc;
}

/* At the first sign-in with a set-up code, the person chooses their own
 * passphrase (or PIN, where the organisation chose PINs for staff), which
 * replaces the code. */
static int choose_own(struct session *s, struct store *st, const struct learner *l,
                      const char *code, char **err)
{
	char hash[CRYPTO_PASSPHRASE_HASH];
	struct secret_rule rule;
	char *pass = NULL;
	int rc;

	if (auth_rules(st, l->role, &rule, NULL, err) < 0)
		return -1;
	fprintf(session_note(s), "First sign-in: choose your own %s to replace the set-up code.\n",
	        rule.pin ? "PIN" : "passphrase");
	fflush(s->out);
	if (secret_read_new(s, l->name, AUTH_NEW_PASSPHRASE_ENV, &rule, &pass, err) < 0)
		return -1;
	char again[AUTH_CODE_SIZE];
	if (strcmp(pass, code) == 0 || (canonical_code(pass, again) && strcmp(again, code) == 0)) {
		secret_free(pass);
		return util_error(err, "choose a passphrase of your own, not the set-up code");
	}
	rc = crypto_passphrase_hash(pass, hash);
	secret_free(pass);
	if (rc < 0)
		return util_error(err, "not enough memory to hash the passphrase");
	return store_credential_set(st, l->id, hash, false, l->id, err);
}

/* Sleeps the whole of seconds: a signal (a resized window, Ctrl-C) does
 * not cut the wait short and let the check run early. */
static void wait_whole(long seconds)
{
	struct timespec now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	for (;;) {
		struct timespec left;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			return;
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		nanosleep(&left, NULL);
	}
}

/* Waits for this try's turn under name: every try counts as a failure
 * until it succeeds, and turns are spaced across processes (store-access.h). */
static int wait_turn(struct session *s, struct store *st, long long learner, const char *name,
                     const char *shown, char **err)
{
	time_t now = clock_now();
	long wait;
	int failures;

	if (store_sign_in_turn(st, learner, name, now, now - AUTH_WINDOW, auth_delay,
	                       AUTH_MAX_QUEUE, &wait, &failures, err) < 0)
		return -1;
	if (wait < 0)
		return util_error(err,
		                  "sign-in as '%s' is being tried too often: try again in a minute",
		                  shown);
	if (wait > 0) {
		fprintf(s->out, "(%d failed sign-ins as '%s' lately: waiting %ld second%s)\n",
		        failures, shown, wait, wait == 1 ? "" : "s");
		fflush(s->out);
		wait_whole(wait);
	}
	return 0;
}

int auth_sign_in(struct session *s, const char *name, char **err)
{
	struct store *st = session_store(s, err);
	struct learner *l = NULL;
	char *pass = NULL, *hash = NULL, *prompt = NULL, *miss = NULL, *shown = NULL;
	bool found, ok = false, setup = false, kiosk = false, staff_pin;
	struct secret_rule rule;
	char code[AUTH_CODE_SIZE];
	const char *typed;
	int rc = -1;

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

	/* At a kiosk, an active member of staff gives only their name. */
	if (auth_rules(st, ROLE_STAFF, &rule, &kiosk, err) < 0)
		goto out;
	staff_pin = rule.pin;
	if (found && kiosk && l->active && l->role == ROLE_STAFF) {
		session_sign_in(s, l);
		s->kiosk = true;
		l = NULL;
		rc = 0;
		goto out;
	}

	/* Anyone, or nobody: the same questions, the same time taken. The
	 * prompt is the same for every name, so it tells nothing; the turn is
	 * taken once the credential is typed, so a try abandoned at the
	 * prompt costs nothing and one killed while it waits still counts. */
	shown = util_printable(name, 200);
	prompt = xasprintf("%s for %s: ", staff_pin ? "Passphrase or PIN" : "Passphrase", shown);
	if (secret_read(s, prompt, AUTH_PASSPHRASE_ENV, &pass, err) < 0)
		goto out;
	if (wait_turn(s, st, found ? l->id : 0, name, shown, err) < 0)
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
	/* A deactivated account fails as a wrong passphrase does: the answer
	 * says nothing of which accounts exist or were closed. */
	if (!ok || !l->active) {
		util_error(err, AUTH_FAILED);
		goto out;
	}
	if (store_sign_in_cleared(st, l->id, err) < 0)
		goto out;
	if (setup) {
		bool still_setup;
		if (choose_own(s, st, l, typed, err) < 0)
			goto out;
		free(hash);
		hash = NULL;
		if (store_passphrase_get(st, l->id, &hash, &still_setup, err) < 0)
			goto out;
	}
	session_sign_in(s, l);
	s->credential = hash;
	hash = NULL;
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
	free(shown);
	return rc;
}
