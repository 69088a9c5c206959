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

static void print_page(struct session *s, const struct course *c, size_t page)
{
	const struct term *t = &s->term;
	const struct page *p = &c->pages[page];

	fprintf(s->out, "\n%s%s%s, page %zu of %zu\n", term_on(t, TERM_DIM), c->title, term_off(t),
	        page + 1, c->npages);
	fprintf(s->out, "%s%s%s\n", term_on(t, TERM_TITLE), p->title, term_off(t));
	lesson_print_blocks(t, s->out, p->blocks, p->nblocks);
	fputc('\n', s->out);
}

int lesson_read(struct session *s, const struct course *c, enum lesson_end *end, char **err)
{
	struct store *st = session_store(s, err);
	struct lesson_state ls;
	bool found;
	size_t page = 0;

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
		bool last = page + 1 == c->npages;

		print_page(s, c, page);
		fflush(s->out);
		for (;;) {
			in = session_ask(s,
			                 last ? "[Enter] go to the quiz, [b] back, [q] stop > "
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
			if (page == 0)
				fprintf(s->out, "This is the first page.\n");
			else
				page--;
		} else if (last) {
			free(line);
			*end = LESSON_FINISHED;
			return store_lesson_set(st, s->me->id, c->id, 0, (int)c->npages, true,
			                        spent, err);
		} else {
			page++;
		}
		free(line);
		if (store_lesson_set(st, s->me->id, c->id, (int)page, (int)c->npages, false, spent,
		                     err) < 0)
			return -1;
	}
}
