/*
 * Terminal output: wrapping, colour and bars. Text wrapped here is shown
 * with its control characters made visible (util_visible).
 */
#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"

void term_init(struct term *t, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	const char *columns = getenv("COLUMNS");
	int fd = fileno(out);
	bool tty = fd >= 0 && isatty(fd);
	struct winsize ws;

	t->color = tty && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
	t->width = 0;
	t->rows = 0;
	if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		t->width = ws.ws_col;
		t->rows = ws.ws_row;
	} else if (columns && atoi(columns) > 0)
		t->width = atoi(columns);
	else if (tty)
		t->width = 80;
	if (t->width && t->width < 20)
		t->width = 20;
}

const char *term_on(const struct term *t, enum term_style style)
{
	if (!t->color)
		return "";
	switch (style) {
	case TERM_BOLD:
		return "\033[1m";
	case TERM_DIM:
		return "\033[2m";
	case TERM_GOOD:
		return "\033[32m";
	case TERM_BAD:
		return "\033[31m";
	case TERM_WARN:
		return "\033[33m";
	case TERM_TITLE:
		return "\033[1;36m";
	case TERM_PLAIN:
		break;
	}
	return "";
}

const char *term_off(const struct term *t)
{
	return t->color ? "\033[0m" : "";
}

void term_wrap(const struct term *t, FILE *out, const char *text, int indent, const char *first)
{
	/* Course text, names, notes and answers all pass here: no control
	 * character of theirs reaches the terminal raw. (first is the
	 * program's own, and may hold its colours.) */
	char *shown = util_visible(text, true);
	const char *p = shown;
	struct strbuf sb;
	size_t col;
	bool line_empty = true;

	/* The text is made whole and written once: out may be unbuffered
	 * (stderr), where a write a word cost a system call a word (16
	 * reminders were 433 of them). */
	strbuf_init(&sb);
	strbuf_reserve(&sb, strlen(shown) + (first ? strlen(first) : 0) + (size_t)indent + 2);
	if (first) {
		strbuf_adds(&sb, first);
		col = util_width(first);
	} else {
		strbuf_add_spaces(&sb, (size_t)abs(indent));
		col = (size_t)indent;
	}
	while (*p) {
		const char *end;
		size_t w;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		end = p;
		while (*end && *end != ' ' && *end != '\t' && *end != '\n')
			end++;
		w = util_width_n(p, (size_t)(end - p));
		if (t->width && !line_empty && col + 1 + w > (size_t)t->width) {
			strbuf_addc(&sb, '\n');
			strbuf_add_spaces(&sb, (size_t)abs(indent));
			col = (size_t)indent;
			line_empty = true;
		}
		if (!line_empty) {
			strbuf_addc(&sb, ' ');
			col++;
		}
		strbuf_add(&sb, p, (size_t)(end - p));
		col += w;
		line_empty = false;
		p = end;
	}
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	free(shown);
}

void term_puts(FILE *out, const char *s)
{
	char *shown = util_visible(s, true);

	fputs(shown, out);
	free(shown);
}

char *term_bar(double share, int width)
{
	struct strbuf sb;
	int filled;

	if (share < 0)
		share = 0;
	if (share > 1)
		share = 1;
	filled = (int)(share * width + 0.5);
	strbuf_init(&sb);
	strbuf_addc(&sb, '[');
	for (int i = 0; i < width; i++)
		strbuf_addc(&sb, i < filled ? '#' : '.');
	strbuf_addc(&sb, ']');
	return strbuf_detach(&sb);
}
