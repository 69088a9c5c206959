/*
 * search WORD...: where the courses speak of something: module titles and
 * summaries, lesson pages and the questions' wording (never their keys).
 * Every word must appear (in any case) in the same title, paragraph, list
 * item or question.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cmd.h"
#include "course.h"
#include "report.h"
#include "session.h"
#include "util.h"

/* Shown of a text around its first match, in characters. */
#define SEARCH_CONTEXT 70

struct hits {
	struct report *r;
	char *const *words;
	int nwords;
	size_t n;
};

/* The text around the first word's match, cut at word boundaries. */
static char *snippet(const char *text, const char *word)
{
	const char *at = strcasestr(text, word), *from = text, *to;
	size_t len = strlen(text);

	if (at && at - text > SEARCH_CONTEXT / 2) {
		from = at - SEARCH_CONTEXT / 2;
		while (from > text && from[-1] != ' ')
			from--;
	}
	to = from + SEARCH_CONTEXT < text + len ? from + SEARCH_CONTEXT : text + len;
	while (to < text + len && *to != ' ')
		to++;
	return xasprintf("%s%.*s%s", from > text ? "..." : "", (int)(to - from), from,
	                 to < text + len ? "..." : "");
}

static void look(struct hits *h, const struct course *c, const char *where, const char *text)
{
	char *shown;

	if (!text)
		return;
	for (int i = 0; i < h->nwords; i++)
		if (!strcasestr(text, h->words[i]))
			return;
	shown = snippet(text, h->words[0]);
	const char *cells[] = {c->id, where, shown};
	report_add_row(h->r, cells);
	free(shown);
	h->n++;
}

static void look_blocks(struct hits *h, const struct course *c, const char *where,
                        const struct block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		look(h, c, where, b[i].text);
		for (size_t k = 0; k < b[i].nitems; k++)
			look(h, c, where, b[i].items[k]);
		look_blocks(h, c, where, b[i].inner, b[i].ninner);
	}
}

static const struct report_column search_columns[] = {
        {.key = "module"},
        {.key = "where"},
        {.key = "text"},
};

static int run_search(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	struct report r;
	struct hits h = {.r = &r, .words = args->argv, .nwords = args->argc};

	if (!cat)
		return -1;
	for (int i = 0; i < args->argc; i++)
		if (!*args->argv[i])
			return util_error(err,
			                  "search: an empty word finds everything; give a word");
	report_init(&r, "search", search_columns, 3);
	for (size_t m = 0; m < cat->ncourses; m++) {
		const struct course *c = cat->courses[m];
		look(&h, c, "title", c->title);
		look(&h, c, "summary", c->summary);
		for (size_t p = 0; p < c->npages; p++) {
			char *where = xasprintf("lesson %zu: %s", p + 1, c->pages[p].title);
			look(&h, c, where, c->pages[p].title);
			look_blocks(&h, c, where, c->pages[p].blocks, c->pages[p].nblocks);
			free(where);
		}
		for (size_t q = 0; q < c->quiz.nquestions; q++) {
			const struct question *qu = &c->quiz.questions[q];
			char *where = xasprintf("question %s", qu->id);
			look(&h, c, where, qu->situation);
			look(&h, c, where, qu->prompt);
			free(where);
		}
	}
	if (h.n) {
		report_print(&r, REPORT_TABLE, &s->term, s->out);
	} else {
		struct strbuf all;
		strbuf_init(&all);
		for (int i = 0; i < args->argc; i++)
			strbuf_addf(&all, "%s'%s'", i ? " " : "", args->argv[i]);
		fprintf(s->out, "nothing in the courses has all of %s\n", all.buf);
		strbuf_release(&all);
	}
	report_release(&r);
	return 0;
}

const struct cmd_entry cmd_search_entry = {
        .name = "search",
        .min_args = 1,
        .max_args = CMD_UNLIMITED,
        .paged = true,
        .usage = "WORD...",
        .help = "where the courses speak of something: titles, lessons, questions",
        .run = run_search,
};
