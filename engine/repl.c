/*
 * The interactive prompt and the script reader. This is the only file that
 * includes readline. It uses readline's callback interface so that Ctrl-C
 * can cancel the line being typed (or the question being asked) without
 * leaving, and a closed terminal (SIGHUP) ends the session cleanly.
 */
#include "repl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "paths.h"
#include "private.h"
#include "session.h"
#include "util.h"

#define HISTORY_LINES 1000

/* An error quotes at most this many characters of one word typed. */
#define REPL_MAX_QUOTED 200

static volatile sig_atomic_t got_sigint;
static volatile sig_atomic_t got_hangup;
static volatile sig_atomic_t got_winch;

/* What the callback handed over: the line, or end of input. */
static char *cb_line;
static bool cb_done;

/* The session completion works for; readline's callbacks take no context. */
static struct session *completion_session;

static void on_signal(int sig)
{
	if (sig == SIGINT)
		got_sigint = 1;
	else if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_hangup = 1;
}

static void on_line(char *line)
{
	cb_line = line;
	cb_done = true;
	rl_callback_handler_remove();
}

static enum input_status readline_read(struct input *in, const char *prompt, char **line)
{
	enum input_status status = INPUT_EOF;

	(void)in;
	*line = NULL;
	cb_line = NULL;
	cb_done = false;
	got_sigint = 0;
	rl_callback_handler_install(prompt, on_line);
	while (!cb_done) {
		fd_set fds;
		int r;

		FD_ZERO(&fds);
		FD_SET(fileno(rl_instream), &fds);
		r = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
		if (got_hangup) {
			rl_callback_handler_remove();
			return INPUT_EOF;
		}
		if (got_sigint) {
			got_sigint = 0;
			/* With text typed, Ctrl-C clears it and asks again, as bash,
			 * psql and readline's own handler do; on an empty line it
			 * interrupts (a second Ctrl-C leaves a quiz). */
			if (rl_end > 0) {
				rl_replace_line("", 0);
				rl_point = 0;
				fputs("^C\n", rl_outstream);
				rl_on_new_line();
				rl_redisplay();
				continue;
			}
			rl_free_line_state();
			rl_callback_sigcleanup();
			rl_callback_handler_remove();
			fputc('\n', rl_outstream);
			return INPUT_INTERRUPT;
		}
		if (got_winch) {
			got_winch = 0;
			rl_resize_terminal();
		}
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rl_callback_handler_remove();
			return INPUT_EOF;
		}
		rl_callback_read_char();
	}
	if (cb_line) {
		*line = cb_line;
		status = INPUT_LINE;
	} else {
		fputc('\n', rl_outstream);
	}
	return status;
}

static struct input readline_input = {.read = readline_read};

/* Lines read from a script so far, answers to questions included, so an
 * error names the line it came from. */
static long plain_lines;
/* Lines refused as they were read, so the script still fails. */
static long plain_refused;

static enum input_status plain_read(struct input *in, const char *prompt, char **line)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)in;
	*line = NULL;
	if (prompt && *prompt && isatty(STDIN_FILENO)) {
		fputs(prompt, stdout);
		fflush(stdout);
	}
	for (;;) {
		n = getline(&buf, &cap, stdin);
		if (n < 0) {
			free(buf);
			return INPUT_EOF;
		}
		plain_lines++;
		/* A NUL byte would cut the line short without a word: "learner
		 * add Nul<NUL>Name" would add 'Nul'. Refuse the whole line. */
		if (!memchr(buf, '\0', (size_t)n))
			break;
		fflush(stdout);
		fprintf(stderr, "error: line %ld: the line holds a NUL byte; it was ignored\n",
		        plain_lines);
		plain_refused++;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	*line = buf;
	return INPUT_LINE;
}

static struct input plain_input = {.read = plain_read};

void repl_use_plain_input(struct session *s)
{
	s->in = &plain_input;
}

/* Completion: hand readline one candidate at a time from the command
 * table, for the word being typed, given the words before it. */
static char **words_before;
static int nwords_before;

static char *generate(const char *text, int state)
{
	bool want_files = false;
	return cmd_complete(completion_session, words_before, nwords_before, text, state,
	                    &want_files);
}

/* A name with a space must be quoted to stay one word. Only what is put
 * on the line is quoted: the one match, whole, or the part several share
 * (quote opened, not closed), never a lone quote when they share nothing
 * ("login " then Tab lists the names). */
static void quote_insertion(char **matches)
{
	char *quoted;

	if (!matches || !matches[0] || !strchr(matches[0], ' ') || rl_completion_quote_character)
		return;
	quoted = matches[1] ? xasprintf("\"%s", matches[0]) : xasprintf("\"%s\"", matches[0]);
	free(matches[0]);
	matches[0] = quoted;
}

static char **complete(const char *text, int start, int end)
{
	char *head = xstrndup(rl_line_buffer, (size_t)start);
	char **words = NULL, **matches;
	int nwords = 0;
	bool want_files = false;
	char *probe;

	(void)end;
	rl_attempted_completion_over = 1;
	if (cmd_split(head, &words, &nwords, NULL) < 0) {
		free(head);
		return NULL;
	}
	free(head);
	probe = cmd_complete(completion_session, words, nwords, text, 0, &want_files);
	free(probe);
	if (want_files) {
		cmd_words_free(words, nwords);
		rl_attempted_completion_over = 0;
		return NULL;
	}
	words_before = words;
	nwords_before = nwords;
	matches = rl_completion_matches(text, generate);
	quote_insertion(matches);
	cmd_words_free(words, nwords);
	words_before = NULL;
	nwords_before = 0;
	return matches;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: select() must wake up to notice the signal. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
}

/* The history file is read and written only through the descriptor
 * history_open returns, never by its path (readline's history functions
 * take a path and would follow a link planted in its place). A file larger
 * than this is read from its last HISTORY_MAX_BYTES. */
#define HISTORY_MAX_BYTES (256 * 1024)

/* Loads the last HISTORY_LINES lines of the file open on fd into readline's
 * list, and cuts the file down to them if it held more. */
static void history_load(int fd)
{
	struct strbuf text;
	char buf[4096], *start, *p;
	struct stat sb;
	size_t lines = 0;
	bool cut = false;
	ssize_t n;

	strbuf_init(&text);
	if (fstat(fd, &sb) == 0 && sb.st_size > HISTORY_MAX_BYTES) {
		lseek(fd, sb.st_size - HISTORY_MAX_BYTES, SEEK_SET);
		cut = true;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&text, buf, (size_t)n);
	start = text.buf;
	/* A read that began mid-file began mid-line. */
	if (cut) {
		p = strchr(start, '\n');
		start = p ? p + 1 : start + strlen(start);
	}
	for (p = start; *p; p++)
		lines += *p == '\n';
	if (p > start && p[-1] != '\n')
		lines++;
	for (; lines > HISTORY_LINES; lines--) {
		start = strchr(start, '\n') + 1;
		cut = true;
	}
	for (p = start; *p;) {
		char *end = strchr(p, '\n');
		if (end)
			*end = '\0';
		if (*p)
			add_history(p);
		if (!end)
			break;
		*end = '\n';
		p = end + 1;
	}
	/* With O_APPEND, what is written after ftruncate starts the file. */
	if (cut && ftruncate(fd, 0) == 0) {
		n = write(fd, start, strlen(start));
		(void)n; /* A failed rewrite loses old history lines, nothing else. */
	}
	/* The next line appended must start a line of its own. */
	if (*start && start[strlen(start) - 1] != '\n') {
		n = write(fd, "\n", 1);
		(void)n;
	}
	strbuf_release(&text);
}

/* Opens the history file, creating it (and its folder) so that each line
 * can be appended as it is entered and survives a crash. A file that is not
 * safe to use (a link, someone else's) leaves the prompt without history,
 * with a warning. Returns the descriptor, or -1. */
static int history_open(void)
{
	char *path = paths_history();
	char *err = NULL;
	int fd = -1;

	if (paths_make_parent(path, &err) == 0)
		fd = private_open(path, O_RDWR | O_CREAT | O_APPEND, &err);
	if (fd < 0) {
		char *safe = util_printable(err ? err : "unknown error", REPL_MAX_QUOTED);
		fprintf(stderr, "warning: no history this time: %s\n", safe);
		free(safe);
	} else {
		history_load(fd);
	}
	free(err);
	free(path);
	return fd;
}

/* Appends one line to the history file, in one write so that sessions
 * sharing the file do not interleave their lines. */
static void history_append(int fd, const char *line)
{
	char *text = xasprintf("%s\n", line);
	ssize_t n = write(fd, text, strlen(text));

	(void)n; /* Losing a history line is not worth interrupting anyone for. */
	free(text);
}

void repl_report(struct session *s, long lineno, const char *err)
{
	/* Messages quote what was typed, which may be anything. */
	char *safe = util_printable(err, REPL_MAX_QUOTED);

	fflush(s->out);
	if (lineno > 0)
		fprintf(stderr, "error: line %ld: %s\n", lineno, safe);
	else
		fprintf(stderr, "error: %s\n", safe);
	free(safe);
}

static int run_interactive(struct session *s)
{
	int history = history_open();
	char *line = NULL, *record;

	completion_session = s;
	rl_readline_name = "upskill";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = complete;
	rl_completer_quote_characters = "\"'";
	rl_basic_word_break_characters = " \t\n";
	stifle_history(HISTORY_LINES);
	install_signals();
	s->in = &readline_input;
	s->interactive = true;

	record = session_record_shown(s);
	fprintf(s->out,
	        "upskill %s: 'help' lists the commands, 'quit' or Ctrl-D leaves.\nrecord: %s\n",
	        UPSKILL_VERSION, record);
	free(record);
	cmd_first_run(s);
	while (!s->quit && !got_hangup) {
		enum input_status st = readline_read(&readline_input, "upskill> ", &line);
		char *err = NULL;

		if (st == INPUT_EOF)
			break;
		if (st == INPUT_INTERRUPT)
			continue;
		if (line[strspn(line, " \t")] != '\0') {
			add_history(line);
			if (history >= 0)
				history_append(history, line);
		}
		if (cmd_run_line(s, line, &err) < 0)
			repl_report(s, 0, err ? err : "command failed");
		free(err);
		free(line);
		line = NULL;
	}
	if (history >= 0)
		close(history);
	completion_session = NULL;
	return 0;
}

static int run_script(struct session *s)
{
	char *line = NULL;
	long lineno = 0;
	int status = 0;

	s->in = &plain_input;
	s->script = true;
	while (!s->quit && plain_read(&plain_input, NULL, &line) == INPUT_LINE) {
		char *err = NULL;

		lineno = plain_lines;
		if (cmd_run_line(s, line, &err) < 0) {
			repl_report(s, lineno, err ? err : "command failed");
			status = 1;
		}
		free(err);
		free(line);
		line = NULL;
		/* As psql -v ON_ERROR_STOP=1 and sqlite3 -bail do: the lines
		 * after a failed one were written expecting it to succeed (answers
		 * meant for a quiz that did not start would run as commands). */
		if ((status || plain_refused) && !s->keep_going) {
			int next = getc(stdin);
			/* Said only when there were lines left to skip. */
			if (next != EOF) {
				ungetc(next, stdin);
				fprintf(stderr,
				        "stopped at line %ld: the lines after it were not run "
				        "(--keep-going runs them)\n",
				        lineno);
			}
			break;
		}
	}
	return plain_refused ? 1 : status;
}

int repl_run(struct session *s)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return run_interactive(s);
	return run_script(s);
}
