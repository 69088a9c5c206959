/*
 * Refreshers from the record: the facts of store-refresh.c made into cards
 * by refresh.c's rules, matched to the catalogue's modules and questions,
 * and ordered by when each is due.
 */
#include "refreshers.h"

#include <stdlib.h>
#include <string.h>

#include "store-refresh.h"
#include "util.h"

static const struct question *find_question(const struct course *c, const char *id)
{
	for (size_t i = 0; i < c->quiz.nquestions; i++)
		if (strcmp(c->quiz.questions[i].id, id) == 0)
			return &c->quiz.questions[i];
	return NULL;
}

static int by_due(const void *a, const void *b)
{
	const struct refresher *x = a, *y = b;
	int c;

	if (x->card.due != y->card.due)
		return x->card.due < y->card.due ? -1 : 1;
	if (x->learner != y->learner)
		return x->learner < y->learner ? -1 : 1;
	c = strcmp(x->course->id, y->course->id);
	if (c)
		return c;
	/* Within a module, in the module's own order. */
	return x->question < y->question ? -1 : x->question > y->question;
}

int refreshers_load(struct store *st, const struct catalog *cat, long long learner,
                    const char *module, struct refreshers *out, char **err)
{
	struct refresh_fact *facts = NULL;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (store_refresh_facts(st, learner, module, &facts, &n, err) < 0)
		return -1;
	out->items = xcalloc(n + 1, sizeof(*out->items));
	for (size_t i = 0; i < n; i++) {
		const struct course *c = catalog_find(cat, facts[i].module);
		const struct question *q = c ? find_question(c, facts[i].question) : NULL;
		struct refresher *r = &out->items[out->n];

		if (!q)
			continue;
		if (refresh_fact_card(&facts[i], &r->card) < 0) {
			util_error(err,
			           "refresher of '%s' on '%s': a time in the record is not one",
			           facts[i].question, facts[i].module);
			refresh_facts_free(facts, n);
			refreshers_release(out);
			return -1;
		}
		r->learner = facts[i].learner;
		r->course = c;
		r->question = q;
		r->reviews = facts[i].reviews;
		r->right = facts[i].right;
		out->n++;
	}
	refresh_facts_free(facts, n);
	qsort(out->items, out->n, sizeof(*out->items), by_due);
	return 0;
}

void refreshers_release(struct refreshers *r)
{
	free(r->items);
	memset(r, 0, sizeof(*r));
}

size_t refreshers_due(const struct refreshers *r, time_t now, time_t *next)
{
	size_t due = 0;

	if (next)
		*next = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (refresh_is_due(&r->items[i].card, now))
			due++;
		else if (next && (!*next || r->items[i].card.due < *next))
			*next = r->items[i].card.due;
	}
	return due;
}
