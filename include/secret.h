/*
 * Reading a passphrase: never echoed at a terminal, and in scripts taken
 * from a file descriptor, an environment variable or the script itself.
 */
#ifndef UPSKILL_SECRET_H
#define UPSKILL_SECRET_H

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

/* For a new passphrase: at a terminal it is asked twice and must match;
 * at least SECRET_MIN_LENGTH characters. */
int secret_read_new(struct session *s, const char *who, const char *env, char **out, char **err);

/* Overwrites and frees a passphrase. */
void secret_free(char *p);

#endif
