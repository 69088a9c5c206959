/*
 * A session: what one run of upskill works with. The store and the catalogue
 * are opened on first use, so commands that need neither (help, validate)
 * touch no database.
 */
#ifndef UPSKILL_SESSION_H
#define UPSKILL_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"
#include "term.h"

struct catalog;
struct catalog_scan;

enum input_status {
	INPUT_LINE,      /* a line was read */
	INPUT_EOF,       /* end of input: Ctrl-D, or the end of a script */
	INPUT_INTERRUPT, /* Ctrl-C: abandon what was being asked */
};

/* Where commands read further lines from (answers to a question, say): the
 * readline prompt on a terminal, the next line of a script otherwise. */
struct input {
	/* Reads one line without its newline into *line (the caller frees it). */
	enum input_status (*read)(struct input *in, const char *prompt, char **line);
	void *ctx;
};

/* What a session's catalogue holds; each kind serves the kinds before it. */
enum session_catalog_kind {
	/* Read (in part) from the compiled cache: good for lists, not for what
	 * grades, counts or reports (session_catalog_list). */
	SESSION_CATALOG_LIST,
	/* From the files, each checked; the files the record holds as published
	 * read for their heads only (course.h, course_vouched). */
	SESSION_CATALOG_HEADS,
	/* From the files, each checked and whole. */
	SESSION_CATALOG_WHOLE,
};

struct session {
	char *db_path;
	bool db_named; /* given with --db or UPSKILL_DB, not the default */
	char *courses_dir;
	FILE *out;          /* everything a command prints goes here */
	struct input *in;   /* NULL when there is nothing to ask (one-shot) */
	bool interactive;   /* a person at a terminal */
	struct term term;   /* how to print for out: width, colour */
	bool quit;          /* set by 'quit' */
	struct learner *me; /* the signed-in learner, or NULL */
	bool kiosk;         /* me signed in at a kiosk, with no credential */
	char *credential;   /* the stored hash me signed in with, or NULL: a reset
	                       or any other change to it ends the session */
	int passphrase_fd;  /* --passphrase-fd, or -1 */
	bool timer;         /* --timer: say how long each command took */
	bool keep_going;    /* --keep-going: a script runs on after a failed line */
	bool script;        /* running the lines of a script on standard input */
	bool oneshot;       /* one command from the shell (upskill COMMAND ARGS) */
	struct store *store;
	bool store_read_only; /* opened by session_store_read */
	struct catalog *catalog;
	enum session_catalog_kind catalog_kind; /* what catalog holds */
	/* Set while a command runs whose entry says its modules' heads are
	 * enough (cmd.h): session_catalog may then give SESSION_CATALOG_HEADS. */
	bool catalog_heads_enough;
	/* Catalogues replaced by a fuller one while commands ran, kept until
	 * the outermost ends (running: report html runs others), so that the
	 * modules a command already holds stay valid. */
	struct catalog **retired;
	size_t nretired;
	int running;
	/* The course folder being read for the running command's list
	 * (session_scan_ahead), or NULL. */
	struct catalog_scan *scan;
};

/* A session over the given paths (copied); out is borrowed. */
struct session *session_new(const char *db_path, const char *courses_dir, FILE *out);
void session_free(struct session *s);

/* Runs a command's body: run(s, args, err), then frees the catalogues
 * retired while it ran, unless it runs inside another command. */
struct cmd_args;
int session_run(struct session *s, int (*run)(struct session *, const struct cmd_args *, char **),
                const struct cmd_args *args, char **err);

/* Starts reading the course folder on a thread of its own, for a command
 * about to run whose entry says it lists the catalogue (cmd.h): its first
 * session_catalog_list then takes what was read. A no-op if a list is
 * loaded or being read. What the command does not take is thrown away as
 * it ends (session_run): the next reads the folder as it is then. */
void session_scan_ahead(struct session *s);

/* The store, opened (and its folder created) on first use. */
struct store *session_store(struct session *s, char **err);
/* The store for a command that only reads it (verify): opened read-only
 * (store_open_read) unless it is open already; a later session_store
 * opens it again to write. */
struct store *session_store_read(struct session *s, char **err);

/* The store only if its database exists already (none is created); NULL
 * with "no record at 'path'" otherwise. For commands that check a record
 * they are given and must not make one. */
struct store *session_store_existing(struct session *s, char **err);

/* Whoever is signed in, checked against the record again: someone
 * deactivated (or changed) since they signed in is signed out, with -1
 * and a message saying so. Run before every command. */
int session_recheck(struct session *s, char **err);

/* The catalogue, loaded on first use; NULL with *err if the folder cannot be
 * read. Files that fail to load are listed in the catalogue, not here. It
 * is read from the course files themselves, never the compiled cache: the
 * cache is a file any program of the user's can write, and what grades an
 * answer, counts toward compliance or goes in a report must be the file
 * whose SHA-256 the record keeps. While a command whose modules' heads are
 * enough runs (catalog_heads_enough), the files the record holds as
 * published are read for their heads only. */
struct catalog *session_catalog(struct session *s, char **err);

/* The same for a command that only shows a learner their own list of
 * modules (ids, titles, counts, prerequisites, policies), read from the
 * compiled cache where it can be: modules may lack their lesson blocks and
 * question array (catalog.h). The next session_catalog loads the files
 * afresh in its place. */
struct catalog *session_catalog_list(struct session *s, char **err);

/* Signs in as l (taken over by the session), or out when l is NULL. */
void session_sign_in(struct session *s, struct learner *l);

/* Asks for one line; INPUT_EOF when there is no input to ask. */
enum input_status session_ask(struct session *s, const char *prompt, char **line);
/* Where messages about the session go (signed in, signed out, reminders at
 * sign-in): the output itself at a terminal; otherwise standard error, so
 * a script's output is only the data it asked for. What was written to the
 * output so far is flushed first, to keep the two in order. */
FILE *session_note(struct session *s);
/* The record this session opens, as a person should see it: the path, or a
 * connection string without its password. The caller frees it. */
char *session_record_shown(const struct session *s);

#endif
