/*
 * Reading a passphrase: never echoed at a terminal, and in scripts taken
 * from a file descriptor, an environment variable or the script itself.
 */
#ifndef UPSKILL_SECRET_H
#define UPSKILL_SECRET_H

#include <stdbool.h>

struct session;

/* Shortest passphrase accepted for a new account. */
#define SECRET_MIN_LENGTH 10

/*
 * Reads one passphrase, from the first of: the next line of the file
 * descriptor given with --passphrase-fd; the environment variable env (if
 * env is not NULL and it is set); the terminal, with echo off, after
 * prompt; the next line of the script on standard input. *out is the
 * caller's to free (wipe it first: secret_free).
 */
int secret_read(struct session *s, const char *prompt, const char *env, char **out, char **err);

/* What a new credential must be: a passphrase of at least min characters,
 * or a PIN of at least min digits that is not one digit repeated nor a
 * run up or down (123456, 987654). */
struct secret_rule {
	bool pin;
	int min;
};
/* The rule for consultants, and for staff unless the organisation says
 * otherwise: a passphrase of SECRET_MIN_LENGTH characters. */
extern const struct secret_rule secret_default_rule;

/* Whether candidate meets rule: 0, or -1 with a message that says what a
 * good one looks like (never the candidate). */
int secret_check(const struct secret_rule *rule, const char *candidate, char **err);

/* For a new passphrase or PIN: at a terminal it is asked twice and must
 * match; it must meet rule. */
int secret_read_new(struct session *s, const char *who, const char *env,
                    const struct secret_rule *rule, char **out, char **err);

/* Overwrites and frees a passphrase. */
void secret_free(char *p);

#endif
