/*
 * The command table. One table drives dispatch, help, usage errors and tab
 * completion; each command lives in its own engine/cmd-*.c file and
 * exports one struct cmd_entry.
 */
#ifndef UPSKILL_CMD_H
#define UPSKILL_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct session;

/* Who may run a command. */
enum cmd_need {
	CMD_NEED_NOTHING,
	CMD_NEED_LEARNER,    /* anyone signed in */
	CMD_NEED_CONSULTANT, /* a signed-in consultant */
};

/* What the positional arguments complete to at the prompt. */
enum cmd_complete {
	CMD_COMPLETE_NONE,
	CMD_COMPLETE_MODULE,
	CMD_COMPLETE_LEARNER,
	CMD_COMPLETE_FILE,
};

#define CMD_MAX_OPTIONS 8
#define CMD_UNLIMITED   (-1)

/* The arguments a command receives: positional ones, and the --options its
 * entry declared, already split off and checked. */
struct cmd_args {
	int argc;
	char **argv;
	size_t nopts;
	struct {
		const char *name; /* as declared, without "--" or ":" */
		char *value;      /* NULL for a flag */
	} opts[CMD_MAX_OPTIONS];
	char *joined; /* the last argument, when words were joined into it */
};

struct cmd_entry {
	const char *name; /* "learner" */
	const char *sub;  /* "add", or NULL for a command with no subcommands */
	int min_args;     /* positional arguments */
	int max_args;     /* or CMD_UNLIMITED */
	/* The last argument takes the rest of the words, joined by spaces, so
	 * that "login Priya Shah" needs no quotes. */
	bool rest;
	/* NULL-terminated; "role:" takes a value, "overdue" is a flag. */
	const char *const *options;
	enum cmd_need need;
	enum cmd_complete complete;
	/* Output that may run long (a listing, a report): at a terminal it
	 * goes through the pager when taller than the window (pager.h). Never
	 * for a command that asks questions. */
	bool paged;
	/* What it reads of the modules is their heads (ids, titles, versions,
	 * pages' titles, policies, quiz settings and question counts): files
	 * the record holds as published are read only that far (session.h). */
	bool heads;
	/* It shows the catalogue's list (session_catalog_list): the course
	 * folder is read on a thread of its own as it starts, beside its
	 * sign-in or whatever else comes first (session_scan_ahead). */
	bool list;
	const char *usage; /* arguments only: "NAME [--role staff|consultant]" */
	const char *help;  /* one line */
	int (*run)(struct session *s, const struct cmd_args *args, char **err);
};

/* All commands, in the order help lists them; NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* Splits a line into words the way a shell would for plain words and quotes:
 * 'single', "double" with \" and \\, and backslash escapes outside quotes.
 * The caller frees each word and the array (cmd_words_free). */
int cmd_split(const char *line, char ***words, int *nwords, char **err);
void cmd_words_free(char **words, int nwords);

/* Finds the entry named by the first words: exact names win, otherwise a
 * unique prefix. *used gets how many words named it (1 or 2). */
int cmd_lookup(char **words, int nwords, const struct cmd_entry **out, int *used, char **err);

/* Runs one line. An empty line or a comment (#) does nothing. Returns 0, or
 * -1 with *err set to a one-line message. */
int cmd_run_line(struct session *s, const char *line, char **err);
/* Runs one command already split into words (the one-shot form). */
int cmd_run_words(struct session *s, char **words, int nwords, char **err);

/* Prints how to use the command the words name ("learner add"), or every
 * subcommand of a family ("report"): for "help WORDS" and "WORDS --help". */
int cmd_help_for(struct session *s, char **words, int nwords, char **err);
/* The value of option name, NULL if absent; cmd_flag for flags. */
const char *cmd_opt(const struct cmd_args *args, const char *name);
bool cmd_flag(const struct cmd_args *args, const char *name);

/* Checks a new person's name: store_name_check's rules, and no command or
 * word the prompt understands ("help", "quit", "skip"…, in any case), which
 * could not be told from the command when typed at a question. */
int cmd_name_check(const char *name, char **err);

/* "learner add NAME [--role staff|consultant]" */
char *cmd_usage(const struct cmd_entry *e);

/*
 * Completion for the prompt: the n-th candidate (from 0) for the word being
 * typed, given the words before it; NULL when there are no more. The caller
 * frees the result.
 */
char *cmd_complete(struct session *s, char **before, int nbefore, const char *word, int n,
                   bool *want_files);

/* The module named id (exactly, or by unique prefix) in the session's
 * catalogue, or NULL with "no module 'x' (did you mean 'y'?)". */
struct course;
const struct course *cmd_find_module(struct session *s, const char *id, char **err);

/* Creates the first consultant and signs them in (init, and the first run
 * of the prompt). */
int cmd_init_consultant(struct session *s, const char *name, char **err);
/* On the first run of the prompt on a database without a consultant,
 * offers to create one. */
void cmd_first_run(struct session *s);
/* After an event that earns a receipt (an ack, a handover): the receipt of
 * learner's latest event of kind, signing a checkpoint first when
 * UPSKILL_CHECKPOINT_KEY names a secret key; otherwise one line saying how
 * to get it later. Problems are said, never failed on: the event stands. */
void cmd_receipt_offer(struct session *s, long long learner, const char *kind);

/* export xapi [--since DATE] (cmd-xapi.c), which export's entry hands on
 * to when its argument is "xapi" and no --format is given. */
int cmd_export_xapi(struct session *s, const struct cmd_args *args, char **err);

/* After signing in: who is signed in, and staff's policy reminders. */
void cmd_greet(struct session *s);

#endif
