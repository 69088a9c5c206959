/*
 * The lesson pager. Each page turn is saved at once, so closing the
 * terminal or a crash loses at most the page being read.
 */
#include "lesson.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "session.h"
#include "util.h"
#include "store-learning.h"

/* Time on one page counts up to this, so a page left open over lunch does
 * not count as an hour of study. */
#define LESSON_MAX_SECONDS_PER_PAGE 600

/* A mistyped page command is quoted back up to this many characters. */
#define LESSON_MAX_QUOTED 24

static void print_block(const struct term *t, FILE *out, const struct block *b, int indent)
{
	char *first;

	switch (b->kind) {
	case BLOCK_HEADING:
		fprintf(out, "\n%*s%s%s%s\n", indent, "", term_on(t, TERM_BOLD), b->text,
		        term_off(t));
		break;
	case BLOCK_PARAGRAPH:
		fputc('\n', out);
		term_wrap(t, out, b->text, indent, NULL);
		break;
	case BLOCK_LIST:
		fputc('\n', out);
		for (size_t i = 0; i < b->nitems; i++) {
			first = xasprintf("%*s  - ", indent, "");
			term_wrap(t, out, b->items[i], indent + 4, first);
			free(first);
		}
		break;
	case BLOCK_KEY:
		first = xasprintf("%*s%sKey point:%s ", indent, "", term_on(t, TERM_WARN),
		                  term_off(t));
		fputc('\n', out);
		term_wrap(t, out, b->text, indent + 2, first);
		free(first);
		break;
	case BLOCK_EXAMPLE:
		fprintf(out, "\n%*s%sExample%s%s%s\n", indent, "", term_on(t, TERM_BOLD),
		        b->text ? ": " : "", b->text ? b->text : "", term_off(t));
		for (size_t i = 0; i < b->ninner; i++)
			print_block(t, out, &b->inner[i], indent + 4);
		break;
	}
}

void lesson_print_blocks(const struct term *t, FILE *out, const struct block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_block(t, out, &blocks[i], 0);
}

/* At a terminal, a page taller than the window is shown a screenful at a
 * time, each under the page's heading (a blank line, the module and page,
 * the title), with room left for a blank line and the prompt under it
 * (ack does the same with a policy's sections and their headings). */
#define LESSON_HEAD_LINES 3
#define LESSON_FOOT_LINES 2

/* The lines a line of text takes at the terminal, wrapped at its width. */
static size_t line_rows(const struct term *t, const char *line, size_t len)
{
	char *copy = xasprintf("%.*s", (int)len, line);
	size_t w = util_width(copy);

	free(copy);
	if (t->width <= 0 || w == 0)
		return 1;
	return (w + (size_t)t->width - 1) / (size_t)t->width;
}

void lesson_view_make(struct session *s, const struct block *blocks, size_t n, size_t head_lines,
                      struct lesson_view *v)
{
	const struct term *t = &s->term;
	FILE *mem;
	size_t room, used = 0, pos = 0, prev = 0;
	bool prev_blank = false;

	memset(v, 0, sizeof(*v));
	v->nparts = 1;
	/* In a pipe, or a script: the whole page, as it always was. */
	if (!s->interactive || s->script || t->rows <= 0)
		return;
	if (!(mem = open_memstream(&v->text, &v->len))) {
		v->text = NULL;
		return;
	}
	lesson_print_blocks(t, mem, blocks, n);
	fclose(mem);
	room = (size_t)t->rows > head_lines + LESSON_FOOT_LINES + 1
	               ? (size_t)t->rows - head_lines - LESSON_FOOT_LINES
	               : 1;
	v->cut = xrealloc(NULL, 2 * sizeof(*v->cut));
	v->cut[0] = 0;
	v->nparts = 0;
	while (pos < v->len) {
		const char *nl = memchr(v->text + pos, '\n', v->len - pos);
		size_t end = nl ? (size_t)(nl - v->text) + 1 : v->len;
		size_t h = line_rows(t, v->text + pos, end - pos - (nl != NULL));
		size_t at = pos;

		if (used && used + h > room) {
			/* A blank line the screenful would end with opens the next
			 * one instead, as it opens the page. */
			if (prev_blank && used > 1) {
				at = prev;
				used = 1;
			} else {
				used = 0;
			}
			v->nparts++;
			v->cut = xrealloc(v->cut, (v->nparts + 2) * sizeof(*v->cut));
			v->cut[v->nparts] = at;
		}
		used += h;
		prev_blank = end - pos == 1 && v->text[pos] == '\n';
		prev = pos;
		pos = end;
	}
	v->nparts++;
	v->cut[v->nparts] = v->len;
}

void lesson_view_release(struct lesson_view *v)
{
	free(v->text);
	free(v->cut);
}

/* Shows part of the page (all of it in a pipe) under its heading. */
static void print_page(struct session *s, const struct course *c, size_t page,
                       const struct lesson_view *v, size_t part)
{
	const struct term *t = &s->term;
	const struct page *p = &c->pages[page];

	fprintf(s->out, "\n%s%s%s, page %zu of %zu", term_on(t, TERM_DIM), c->title, term_off(t),
	        page + 1, c->npages);
	if (v->nparts > 1)
		fprintf(s->out, " (screen %zu of %zu)", part + 1, v->nparts);
	fputc('\n', s->out);
	fprintf(s->out, "%s%s%s\n", term_on(t, TERM_TITLE), p->title, term_off(t));
	if (v->text)
		fwrite(v->text + v->cut[part], 1, v->cut[part + 1] - v->cut[part], s->out);
	else
		lesson_print_blocks(t, s->out, p->blocks, p->nblocks);
	fputc('\n', s->out);
}

int lesson_read(struct session *s, const struct course *c, enum lesson_end *end, char **err)
{
	struct store *st = session_store(s, err);
	struct lesson_state ls;
	bool found;
	size_t page = 0, part = 0;

	*end = LESSON_STOPPED;
	if (!st || store_lesson_get(st, s->me->id, c->id, &ls, &found, err) < 0)
		return -1;
	if (found && !ls.read_all && ls.page > 0 && (size_t)ls.page < c->npages) {
		page = (size_t)ls.page;
		fprintf(s->out, "Picking up where you left off, at page %zu of %zu.\n", page + 1,
		        c->npages);
	}
	for (;;) {
		time_t shown = clock_now();
		enum input_status in;
		char *line = NULL, *quoted;
		long spent;
		bool last = page + 1 == c->npages, more;
		struct lesson_view v;

		lesson_view_make(s, c->pages[page].blocks, c->pages[page].nblocks,
		                 LESSON_HEAD_LINES, &v);
		if (part >= v.nparts)
			part = v.nparts - 1;
		more = part + 1 < v.nparts;
		print_page(s, c, page, &v, part);
		lesson_view_release(&v);
		fflush(s->out);
		for (;;) {
			in = session_ask(s,
			                 more   ? "[Enter] more, [b] back, [q] stop > "
			                 : last ? "[Enter] go to the quiz, [b] back, [q] stop > "
			                        : "[Enter] next, [b] back, [q] stop > ",
			                 &line);
			if (in != INPUT_LINE)
				break;
			/* Letters and Enter only: anything else is asked again. */
			line[strcspn(line, " \t")] = '\0';
			if (strcmp(line, "") == 0 || strcmp(line, "n") == 0 ||
			    strcmp(line, "b") == 0 || strcmp(line, "q") == 0)
				break;
			quoted = util_printable(line, LESSON_MAX_QUOTED);
			fprintf(s->out,
			        "'%s' is not a page command: Enter or 'n' for the next page, "
			        "'b' to go back, 'q' to stop\n",
			        quoted);
			free(quoted);
			free(line);
			line = NULL;
		}
		spent = (long)(clock_now() - shown);
		if (spent < 0 || spent > LESSON_MAX_SECONDS_PER_PAGE)
			spent = spent < 0 ? 0 : LESSON_MAX_SECONDS_PER_PAGE;

		if (in != INPUT_LINE || strcmp(line, "q") == 0) {
			free(line);
			if (store_lesson_set(st, s->me->id, c->id, (int)page, (int)c->npages, false,
			                     spent, err) < 0)
				return -1;
			fprintf(s->out, "Stopped at page %zu of %zu; 'start %s' picks up here.\n",
			        page + 1, c->npages, c->id);
			return 0;
		}
		if (strcmp(line, "b") == 0) {
			if (part > 0)
				part--;
			else if (page == 0)
				fprintf(s->out, "This is the first page.\n");
			else
				page--;
		} else if (more) {
			part++;
		} else if (last) {
			free(line);
			*end = LESSON_FINISHED;
			return store_lesson_set(st, s->me->id, c->id, 0, (int)c->npages, true,
			                        spent, err);
		} else {
			page++;
			part = 0;
		}
		free(line);
		if (store_lesson_set(st, s->me->id, c->id, (int)page, (int)c->npages, false, spent,
		                     err) < 0)
			return -1;
	}
}
