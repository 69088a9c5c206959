/*
 * Passphrase input. At a terminal, echo is turned off with termios for the
 * one line; elsewhere the passphrase comes from where a script can put it,
 * each with its risks documented in docs/consultant-guide.md.
 */
#include "secret.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "session.h"
#include "util.h"

void secret_free(char *p)
{
	if (!p)
		return;
	/* volatile, so the wipe is not optimised away before free. */
	for (volatile char *v = p; *v; v++)
		*v = '\0';
	free(p);
}

/* Wipes and releases a buffer that held a passphrase. */
static void secret_wipe(struct strbuf *sb)
{
	for (volatile char *v = sb->buf; v && v < sb->buf + sb->len; v++)
		*v = '\0';
	strbuf_release(sb);
}

/* One line from fd, byte by byte so nothing past the newline is consumed
 * (the next passphrase may follow it). */
static int read_fd_line(int fd, char **out, char **err)
{
	struct strbuf sb;
	char c;
	ssize_t n;

	strbuf_init(&sb);
	while ((n = read(fd, &c, 1)) == 1 && c != '\n')
		strbuf_addc(&sb, c);
	if (n < 0 || (n == 0 && sb.len == 0)) {
		strbuf_release(&sb);
		return util_error(err, "no passphrase could be read from file descriptor %d%s%s",
		                  fd, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
	}
	/* A NUL would cut the passphrase short without a word. */
	if (memchr(sb.buf, '\0', sb.len)) {
		secret_wipe(&sb);
		return util_error(err, "the passphrase on file descriptor %d holds a NUL byte", fd);
	}
	if (sb.len && sb.buf[sb.len - 1] == '\r')
		sb.buf[--sb.len] = '\0';
	*out = strbuf_detach(&sb);
	strbuf_release(&sb);
	return 0;
}

static int read_terminal(struct session *s, const char *prompt, char **out, char **err)
{
	struct termios saved, quiet;
	sigset_t winch, mask;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool interrupted;

	fprintf(s->out, "%s", prompt);
	fflush(s->out);
	if (tcgetattr(STDIN_FILENO, &saved) < 0)
		return util_error(err, "cannot turn off echo: %s", strerror(errno));
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	/* A resized window must not cut the passphrase short; Ctrl-C (or a
	 * hang-up) still does, and says so. */
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	sigprocmask(SIG_BLOCK, &winch, &mask);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	errno = 0;
	n = getline(&line, &cap, stdin);
	interrupted = n < 0 && errno == EINTR;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	fputc('\n', s->out);
	if (n < 0) {
		free(line);
		clearerr(stdin);
		return util_error(err, interrupted ? "cancelled" : "no passphrase given");
	}
	if (memchr(line, '\0', (size_t)n)) {
		for (volatile char *v = line; v < line + n; v++)
			*v = '\0';
		free(line);
		return util_error(err, "the passphrase holds a NUL byte");
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*out = line;
	return 0;
}

int secret_read(struct session *s, const char *prompt, const char *env, char **out, char **err)
{
	const char *value = env ? getenv(env) : NULL;
	char *line = NULL;

	*out = NULL;
	if (s->passphrase_fd >= 0)
		return read_fd_line(s->passphrase_fd, out, err);
	if (value) {
		*out = xstrdup(value);
		return 0;
	}
	if (isatty(STDIN_FILENO))
		return read_terminal(s, prompt, out, err);
	if (session_ask(s, NULL, &line) != INPUT_LINE)
		return util_error(err, "no passphrase given");
	*out = line;
	return 0;
}

const struct secret_rule secret_default_rule = {false, SECRET_MIN_LENGTH};

/* Whether a PIN is one digit repeated or a run up or down. */
static bool pin_trivial(const char *pin)
{
	bool same = true, up = true, down = true;

	for (size_t i = 1; pin[i]; i++) {
		same = same && pin[i] == pin[0];
		up = up && pin[i] == (char)(pin[i - 1] + 1);
		down = down && pin[i] == (char)(pin[i - 1] - 1);
	}
	return same || up || down;
}

int secret_check(const struct secret_rule *rule, const char *candidate, char **err)
{
	if (!rule->pin) {
		if (util_width(candidate) < (size_t)rule->min)
			return util_error(err,
			                  "a passphrase needs at least %d characters; a few words "
			                  "make a good one",
			                  rule->min);
		return 0;
	}
	if (strspn(candidate, "0123456789") != strlen(candidate) ||
	    strlen(candidate) < (size_t)rule->min)
		return util_error(err, "a PIN is at least %d digits and nothing else", rule->min);
	if (pin_trivial(candidate))
		return util_error(err,
		                  "a PIN cannot be one digit repeated or a run such as 123456");
	return 0;
}

int secret_read_new(struct session *s, const char *who, const char *env,
                    const struct secret_rule *rule, char **out, char **err)
{
	char *prompt = xasprintf("New %s for %s: ", rule->pin ? "PIN" : "passphrase", who);
	char *first = NULL, *again = NULL;
	int rc = -1;

	*out = NULL;
	if (secret_read(s, prompt, env, &first, err) < 0)
		goto out;
	if (secret_check(rule, first, err) < 0)
		goto out;
	if (isatty(STDIN_FILENO) && s->passphrase_fd < 0 && !(env && getenv(env))) {
		if (secret_read(s, "The same again: ", NULL, &again, err) < 0)
			goto out;
		if (strcmp(first, again) != 0) {
			util_error(err, "the two passphrases differ; nothing was changed");
			goto out;
		}
	}
	*out = first;
	first = NULL;
	rc = 0;
out:
	free(prompt);
	secret_free(first);
	secret_free(again);
	return rc;
}
