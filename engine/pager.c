/*
 * Long output through $PAGER at a terminal: a command's output is held in
 * memory while it runs and shown once it is done, through the pager only
 * when it would not fit the window.
 */
#include "pager.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "session.h"
#include "util.h"

/* Used when PAGER is unset: -R passes colours through. */
#define PAGER_DEFAULT      "less -R"
#define PAGER_DEFAULT_PATH "/usr/bin/less"

struct pager {
	FILE *tty; /* the session's own output, put back at the end */
	char *buf;
	size_t len;
};

struct pager *pager_begin(struct session *s)
{
	struct pager *p;
	int fd = fileno(s->out);

	if (fd < 0 || !isatty(fd) || s->script)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->tty = s->out;
	fflush(p->tty);
	s->out = open_memstream(&p->buf, &p->len);
	if (!s->out) {
		s->out = p->tty;
		free(p);
		return NULL;
	}
	return p;
}

/* The window's height in lines, 0 if it cannot be told. */
static size_t window_rows(FILE *tty)
{
	struct winsize ws;

	if (ioctl(fileno(tty), TIOCGWINSZ, &ws) == 0)
		return ws.ws_row;
	return 0;
}

/* Hands the text to the pager; false if there is none to run. */
static bool page(const char *text, size_t len)
{
	const char *pager = getenv("PAGER");
	struct sigaction ignore = {.sa_handler = SIG_IGN}, saved;
	FILE *pipe;

	if (!pager || !*pager) {
		if (access(PAGER_DEFAULT_PATH, X_OK) != 0)
			return false;
		pager = PAGER_DEFAULT;
	}
	/* Quitting the pager early closes the pipe: that is no error. */
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &saved);
	pipe = popen(pager, "w");
	if (pipe) {
		fwrite(text, 1, len, pipe);
		pclose(pipe);
	}
	sigaction(SIGPIPE, &saved, NULL);
	return pipe != NULL;
}

void pager_end(struct session *s, struct pager *p)
{
	size_t lines = 0, rows;

	if (!p)
		return;
	fclose(s->out);
	s->out = p->tty;
	for (size_t i = 0; i < p->len; i++)
		lines += p->buf[i] == '\n';
	rows = window_rows(p->tty);
	if (!(rows && lines >= rows && page(p->buf, p->len)))
		fwrite(p->buf, 1, p->len, p->tty);
	fflush(p->tty);
	free(p->buf);
	free(p);
}
