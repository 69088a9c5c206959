/*
 * Who may try to sign in, and when; and the organisation's settings for
 * credentials (store-access.c).
 *
 * Sign-in turns: every try under a name (hashed, never kept as typed) takes
 * a turn in one write transaction, so processes running side by side queue
 * behind each other instead of each waiting on its own. A turn counts as a
 * failure from the moment it is taken (killing the process does not undo
 * it) and a good sign-in clears the name's failures. Turns are spaced by the
 * delay for the failures already counted, and never queued further ahead
 * than a bound, so nobody is ever made to wait longer than that bound.
 */
#ifndef UPSKILL_STORE_ACCESS_H
#define UPSKILL_STORE_ACCESS_H

#include <stdbool.h>
#include <time.h>

struct store;

/*
 * Takes a sign-in turn under name at now: failures since `since` are
 * counted, delay(failures) spaces this turn from now and from the turn
 * before. 0 and *wait set to the seconds to wait before checking the
 * credential (*failures to the failures counted before this one); or 0 with *wait -1 when the turn
 * would be more than max_wait seconds away (nothing is taken: try again later); -1 on error.
 */
int store_sign_in_turn(struct store *st, const char *name, time_t now, time_t since,
                       unsigned (*delay)(int failures), long max_wait, long *wait, int *failures,
                       char **err);
/* After a good sign-in: the name's failures and turns are let go. */
int store_sign_in_cleared(struct store *st, const char *name, char **err);
/* Failures counted under name since `since` (for tests and reports). */
int store_sign_in_failures(struct store *st, const char *name, time_t since, int *n, char **err);

/* Settings (settings.h names them): the value in force, or the default
 * when none was ever set; the caller frees it. */
int store_setting_get(struct store *st, const char *key, const char *fallback, char **value,
                      char **err);
/* Sets a setting, with an event by actor that carries the value and the
 * reason. */
int store_setting_set(struct store *st, const char *key, const char *value, const char *reason,
                      long long actor, char **err);

#endif
