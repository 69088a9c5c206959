/*
 * The prompt. On a terminal it is GNU readline with history and tab
 * completion; otherwise commands are read line by line from stdin with no
 * prompt, as the sqlite3 shell does, for scripts and tests.
 */
#ifndef UPSKILL_REPL_H
#define UPSKILL_REPL_H

struct session;

/* Runs commands until quit or end of input. Returns the exit status: 0, or
 * 1 if reading a script and any command failed. */
int repl_run(struct session *s);

/* Sets s->in to read from stdin without readline (for one-shot commands
 * that ask a question). */
void repl_use_plain_input(struct session *s);

/* Prints "error: [line N: ]message" on stderr after flushing s->out, with
 * whatever the message quotes made safe to show (lineno 0 for none). */
void repl_report(struct session *s, long lineno, const char *err);

#endif
