/*
 * Wrapping words into lines and shrinking a table's columns to a width:
 * the arithmetic of what fits where, apart from any terminal.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

/* The bytes of the longest prefix of s (at most n bytes) that takes at most
 * width columns, never cutting a UTF-8 sequence. */
static size_t prefix_bytes(const char *s, size_t n, size_t width)
{
	size_t used = 0, i = 0;

	while (i < n) {
		size_t next = i + 1;
		while (next < n && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		/* A combining mark (U+0300..U+036F) stays with its letter. */
		while (next + 1 < n &&
		       ((unsigned char)s[next] == 0xcc ||
		        ((unsigned char)s[next] == 0xcd && (unsigned char)s[next + 1] < 0xb0))) {
			next += 2;
			while (next < n && ((unsigned char)s[next] & 0xc0) == 0x80)
				next++;
		}
		if (used + 1 > width)
			break;
		used++;
		i = next;
	}
	return i;
}

static size_t span_width(const char *s, size_t n)
{
	return util_width_n(s, n);
}

static void line_clear(struct strbuf *line)
{
	line->len = 0;
	line->buf[0] = '\0';
}

/* Wraps one line (no newline in it) into lines. */
static void wrap_line(const char *p, const char *end, size_t width, struct strlist *lines)
{
	struct strbuf line;
	size_t col = 0;

	strbuf_init(&line);
	while (p < end) {
		const char *w_end;
		size_t w;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		w_end = p;
		while (w_end < end && *w_end != ' ' && *w_end != '\t')
			w_end++;
		w = span_width(p, (size_t)(w_end - p));
		if (width && line.len && col + 1 + w > width) {
			strlist_add(lines, line.buf);
			line_clear(&line);
			col = 0;
		}
		/* Only a word wider than the whole width is cut. */
		while (width && w > width) {
			size_t take = prefix_bytes(p, (size_t)(w_end - p), width);
			if (take == 0)
				take = 1;
			strbuf_add(&line, p, take);
			strlist_add(lines, line.buf);
			line_clear(&line);
			p += take;
			w = span_width(p, (size_t)(w_end - p));
		}
		if (line.len) {
			strbuf_addc(&line, ' ');
			col++;
		}
		strbuf_add(&line, p, (size_t)(w_end - p));
		col += w;
		p = w_end;
	}
	strlist_add(lines, line.len ? line.buf : "");
	strbuf_release(&line);
}

void layout_wrap(const char *text, size_t width, struct strlist *lines)
{
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		wrap_line(p, end, width, lines);
		if (!nl)
			break;
		p = nl + 1;
	}
}

size_t layout_longest_word(const char *text)
{
	size_t longest = 0, run = 0;
	const char *p = text;

	/* ASCII without escapes, as most of a report is, takes a column a
	 * byte: the longest run between separators, in one pass. */
	for (; *p && (unsigned char)*p < 0x80 && *p != 0x1b; p++) {
		run = *p == ' ' || *p == '\t' || *p == '\n' ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	if (!*p)
		return longest;
	longest = 0;
	p = text;
	while (*p) {
		size_t n = strcspn(p, " \t\n"), w;
		if (n) {
			w = span_width(p, n);
			if (w > longest)
				longest = w;
		}
		p += n;
		if (*p)
			p++;
	}
	return longest;
}

bool layout_fit(const size_t *natural, const size_t *least, const bool *wraps, size_t n, size_t gap,
                size_t width, size_t *out)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		out[i] = natural[i];
		total += out[i] + (i ? gap : 0);
	}
	if (width == 0)
		return true;
	while (total > width) {
		size_t widest = n, next = 0, target;
		for (size_t i = 0; i < n; i++)
			if (wraps[i] && out[i] > least[i] && (widest == n || out[i] > out[widest]))
				widest = i;
		if (widest == n)
			return false;
		/* Down to the next widest (so the two then shrink in turn), its
		 * least, or just enough, whichever comes first. */
		for (size_t i = 0; i < n; i++)
			if (i != widest && wraps[i] && out[i] > least[i] && out[i] > next)
				next = out[i];
		target = out[widest] - (total - width);
		if (target < next)
			target = next;
		if (target < least[widest])
			target = least[widest];
		if (target >= out[widest])
			target = out[widest] - 1;
		total -= out[widest] - target;
		out[widest] = target;
	}
	return true;
}
