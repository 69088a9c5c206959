/*
 * upskill lint: item-writing checks over loaded modules. Every check is a
 * pure function of the structs course.c hands back; only lint_files()
 * loads files. Text is compared as "content words": ASCII letters lower
 * cased, apostrophes dropped, other punctuation a break, common English
 * words left out and a plural cut, so "Replies" meets "reply" but the
 * check stays simple enough to explain in docs/writing-items.md.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "quiz.h"

static const char *const check_names[LINT_NCHECKS] = {
        [LINT_LONGEST_KEY] = "longest-key",       [LINT_KEY_IN_HINT] = "key-in-hint",
        [LINT_KEY_IN_STEM] = "key-in-stem",       [LINT_UNEVEN_CHOICES] = "uneven-choices",
        [LINT_ALL_NONE_ABOVE] = "all-none-above", [LINT_DUPLICATE_STEM] = "duplicate-stem",
        [LINT_SHORT_FORMS] = "short-forms",       [LINT_OFF_LESSONS] = "off-lessons",
};

/* Words that carry no content of their own. */
static const char *const stop_words[] = {
        "a",    "about", "after",  "all",    "also",  "an",    "and",   "any",   "are",   "as",
        "at",   "be",    "been",   "before", "being", "both",  "but",   "by",    "can",   "could",
        "did",  "do",    "does",   "each",   "for",   "from",  "had",   "has",   "have",  "he",
        "her",  "his",   "how",    "i",      "if",    "in",    "into",  "is",    "it",    "its",
        "just", "many",  "may",    "more",   "most",  "much",  "must",  "my",    "no",    "not",
        "of",   "on",    "one",    "only",   "or",    "other", "our",   "out",   "over",  "own",
        "same", "she",   "should", "so",     "some",  "such",  "than",  "that",  "the",   "their",
        "them", "then",  "there",  "these",  "they",  "this",  "those", "to",    "too",   "up",
        "us",   "very",  "was",    "we",     "were",  "what",  "when",  "where", "which", "while",
        "who",  "whom",  "why",    "will",   "with",  "would", "you",   "your",  NULL,
};

void lint_result_init(struct lint_result *r)
{
	strlist_init(&r->warnings);
	memset(r->counts, 0, sizeof r->counts);
}

void lint_result_release(struct lint_result *r)
{
	strlist_release(&r->warnings);
	memset(r->counts, 0, sizeof r->counts);
}

const char *lint_check_name(enum lint_check c)
{
	return (unsigned)c < LINT_NCHECKS ? check_names[c] : "?";
}

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static bool is_stop_word(const char *w)
{
	for (const char *const *s = stop_words; *s; s++)
		if (strcmp(*s, w) == 0)
			return true;
	return false;
}

/*
 * Text as lower-case words separated by single spaces: apostrophes
 * (straight or typographic) dropped, every other ASCII non-alphanumeric a
 * break. The caller frees it.
 */
static char *flatten(const char *s)
{
	struct strbuf sb;
	bool gap = false;

	strbuf_init(&sb);
	while (*s) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'' || c == '`') {
			s++;
			continue;
		}
		if (strncmp(s, "\xe2\x80\x98", 3) == 0 || strncmp(s, "\xe2\x80\x99", 3) == 0) {
			s += 3;
			continue;
		}
		if (!is_word_byte(c)) {
			gap = true;
			s++;
			continue;
		}
		if (gap && sb.len)
			strbuf_addc(&sb, ' ');
		gap = false;
		strbuf_addc(&sb, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		s++;
	}
	return strbuf_detach(&sb);
}

static void add_words(const char *text, struct strlist *out)
{
	char *flat, *save = NULL;

	if (!text)
		return;
	flat = flatten(text);
	for (char *w = strtok_r(flat, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		bool digits = w[0] >= '0' && w[0] <= '9';

		if ((n < 3 && !digits) || is_stop_word(w))
			continue;
		/* A plural: "replies" meets "reply", "posts" meets "post"; "access",
		 * "status" and "analysis" stay themselves. */
		if (!digits && n > 4 && strcmp(w + n - 3, "ies") == 0) {
			w[n - 3] = 'y';
			w[n - 2] = '\0';
		} else if (!digits && n > 4 && w[n - 1] == 's' && w[n - 2] != 's' &&
		           w[n - 2] != 'u' && w[n - 2] != 'i') {
			w[n - 1] = '\0';
		}
		if (!strlist_has(out, w))
			strlist_add(out, w);
	}
	free(flat);
}

void lint_words(const char *text, struct strlist *out)
{
	add_words(text, out);
}

static size_t shared(const struct strlist *a, const struct strlist *b)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		n += strlist_has(b, a->items[i]);
	return n;
}

double lint_jaccard(const struct strlist *a, const struct strlist *b)
{
	size_t both = shared(a, b);
	size_t either = a->n + b->n - both;

	return either ? (double)both / (double)either : 0.0;
}

/* Characters (UTF-8 code points) in s. */
static size_t length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* True if needle's words appear in haystack as a run of whole words, and
 * needle flattens to at least min characters. */
static bool contains_run(const char *haystack, const char *needle, size_t min)
{
	char *h = flatten(haystack), *n = flatten(needle);
	bool found = false;
	size_t nl = strlen(n);

	if (nl >= min && nl > 0) {
		for (const char *p = strstr(h, n); p && !found; p = strstr(p + 1, n))
			found = (p == h || p[-1] == ' ') && (p[nl] == '\0' || p[nl] == ' ');
	}
	free(h);
	free(n);
	return found;
}

/* The same for text: a key of one or two letters ("a", "no") is not looked
 * for, since it would be found everywhere. */
static bool contains_words(const char *haystack, const char *needle)
{
	return contains_run(haystack, needle, 3);
}

static bool has_choices(const struct question *q)
{
	return q->type == Q_SINGLE || q->type == Q_MULTIPLE || q->type == Q_SCENARIO;
}

/* A warning waiting to be sorted into file and line order. */
struct pending {
	size_t course;
	int line;
	size_t seq;
	char *text;
};

struct linter {
	const struct course *const *courses;
	size_t ncourses;
	struct lint_result *r;
	struct pending *p;
	size_t np, cap;
};

static void warn(struct linter *l, size_t ci, const struct question *q, enum lint_check check,
                 const char *fmt, ...) UTIL_PRINTF(5, 6);

static void warn(struct linter *l, size_t ci, const struct question *q, enum lint_check check,
                 const char *fmt, ...)
{
	const struct course *c = l->courses[ci];
	struct pending *w;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	xgrow(&l->p, &l->cap, l->np + 1, sizeof *l->p);
	w = &l->p[l->np];
	w->course = ci;
	w->line = q ? q->line : c->line;
	w->seq = l->np++;
	w->text = xasprintf("%s:%d: %s [%s]", c->path, w->line, msg, check_names[check]);
	l->r->counts[check]++;
	free(msg);
}

static int pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->course != y->course)
		return x->course < y->course ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* "all of the above", "none of the above", "both of these"... */
static void check_above(struct linter *l, size_t ci, const struct question *q)
{
	static const char *const phrases[] = {"of the above",  "the above",     "all of these",
	                                      "none of these", "both of these", NULL};

	for (size_t i = 0; i < q->nchoices; i++) {
		for (const char *const *p = phrases; *p; p++) {
			if (contains_words(q->choices[i].text, *p)) {
				warn(l, ci, q, LINT_ALL_NONE_ABOVE,
				     "question '%s': choice \"%s\" is an all/none-of-the-above "
				     "option; write a mistake people really make instead",
				     q->id, q->choices[i].text);
				return;
			}
		}
	}
}

static void check_uneven(struct linter *l, size_t ci, const struct question *q)
{
	size_t lo = (size_t)-1, hi = 0;

	if (q->nchoices < 2)
		return;
	for (size_t i = 0; i < q->nchoices; i++) {
		size_t n = length(q->choices[i].text);

		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	if (lo > 0 && (double)hi > LINT_UNEVEN_RATIO * (double)lo)
		warn(l, ci, q, LINT_UNEVEN_CHOICES,
		     "question '%s': choices very uneven in length (%zu to %zu characters, "
		     "more than %.0f times)",
		     q->id, lo, hi, LINT_UNEVEN_RATIO);
}

/* The stem: the situation of a scenario and the prompt. */
static char *stem_text(const struct question *q)
{
	return xasprintf("%s %s", q->situation ? q->situation : "", q->prompt ? q->prompt : "");
}

/* The words of choice k that no other choice of q uses. */
static void own_words(const struct question *q, size_t k, struct strlist *out)
{
	struct strlist others;

	strlist_init(&others);
	add_words(q->choices[k].text, out);
	for (size_t i = 0; i < q->nchoices; i++)
		if (i != k)
			add_words(q->choices[i].text, &others);
	/* Keep only the words no other choice uses. */
	for (size_t i = 0; i < out->n;) {
		if (strlist_has(&others, out->items[i])) {
			free(out->items[i]);
			out->items[i] = out->items[--out->n];
		} else {
			i++;
		}
	}
	strlist_release(&others);
}

/* A hint that shares more of the key's own words than any distractor's. */
static bool hint_points_at(const struct question *q, size_t key, const char *hint, size_t *nshared)
{
	struct strlist hw, kw;
	size_t best_other = 0;

	strlist_init(&hw);
	strlist_init(&kw);
	add_words(hint, &hw);
	own_words(q, key, &kw);
	*nshared = shared(&kw, &hw);
	for (size_t i = 0; i < q->nchoices; i++) {
		struct strlist ow;
		size_t n;

		if (i == key)
			continue;
		strlist_init(&ow);
		own_words(q, i, &ow);
		n = shared(&ow, &hw);
		best_other = n > best_other ? n : best_other;
		strlist_release(&ow);
	}
	strlist_release(&hw);
	strlist_release(&kw);
	return *nshared >= LINT_HINT_KEY_WORDS && *nshared > best_other;
}

static void check_give_away(struct linter *l, size_t ci, const struct question *q)
{
	char *stem = stem_text(q);
	bool stem_done = false, hint_done = false;

	if (has_choices(q)) {
		for (size_t k = 0; k < q->nchoices; k++) {
			if (!q->choices[k].correct)
				continue;
			if (!stem_done && contains_words(stem, q->choices[k].text)) {
				warn(l, ci, q, LINT_KEY_IN_STEM,
				     "question '%s': the stem contains the key \"%s\"", q->id,
				     q->choices[k].text);
				stem_done = true;
			}
			for (size_t h = 0; h < q->nhints && !hint_done; h++) {
				size_t n = 0;

				if (contains_words(q->hints[h], q->choices[k].text)) {
					warn(l, ci, q, LINT_KEY_IN_HINT,
					     "question '%s': the hint contains the key \"%s\"",
					     q->id, q->choices[k].text);
					hint_done = true;
				} else if (q->type != Q_MULTIPLE &&
				           hint_points_at(q, k, q->hints[h], &n)) {
					warn(l, ci, q, LINT_KEY_IN_HINT,
					     "question '%s': the hint shares %zu words with the "
					     "key "
					     "that no other choice has",
					     q->id, n);
					hint_done = true;
				}
			}
		}
	} else if (q->type == Q_SHORT) {
		for (size_t a = 0; a < q->naccepted; a++) {
			if (!stem_done && contains_words(stem, q->accepted[a])) {
				warn(l, ci, q, LINT_KEY_IN_STEM,
				     "question '%s': the stem contains the answer \"%s\"", q->id,
				     q->accepted[a]);
				stem_done = true;
			}
			for (size_t h = 0; h < q->nhints && !hint_done; h++) {
				if (contains_words(q->hints[h], q->accepted[a])) {
					warn(l, ci, q, LINT_KEY_IN_HINT,
					     "question '%s': the hint contains the answer \"%s\"",
					     q->id, q->accepted[a]);
					hint_done = true;
				}
			}
		}
	} else if (q->type == Q_NUMERIC) {
		char num[64];

		snprintf(num, sizeof num, "%g", q->answer);
		for (size_t h = 0; h < q->nhints && !hint_done; h++) {
			/* Both sides flattened: "1.5" is found as "1 5" in "1.5%". */
			if (contains_run(q->hints[h], num, 1)) {
				warn(l, ci, q, LINT_KEY_IN_HINT,
				     "question '%s': the hint contains the answer %s", q->id, num);
				hint_done = true;
			}
		}
	}
	free(stem);
}

/* Distinct accepted forms (quiz_short_forms): the grader's smoothing applied,
 * each synonym group multiplying the forms its members appear in. */
static void check_short_forms(struct linter *l, size_t ci, const struct question *q)
{
	struct strlist forms;

	quiz_short_forms(q, &forms, LINT_SHORT_MIN_FORMS);
	if (forms.n < LINT_SHORT_MIN_FORMS)
		warn(l, ci, q, LINT_SHORT_FORMS,
		     "question '%s': the short answer accepts %zu distinct form%s; accept at "
		     "least %d phrasings a reader of the lesson would write",
		     q->id, forms.n, forms.n == 1 ? "" : "s", LINT_SHORT_MIN_FORMS);
	strlist_release(&forms);
}

static void add_blocks(const struct block *b, size_t n, struct strlist *out)
{
	for (size_t i = 0; i < n; i++) {
		add_words(b[i].text, out);
		for (size_t k = 0; k < b[i].nitems; k++)
			add_words(b[i].items[k], out);
		add_blocks(b[i].inner, b[i].ninner, out);
	}
}

/* The words of what the question asks for: its keyed choices, accepted
 * answers, ordered items or pairs, or (true/false, numeric) its prompt. */
static void answer_words(const struct question *q, struct strlist *out)
{
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
		for (size_t i = 0; i < q->nchoices; i++)
			if (q->choices[i].correct)
				add_words(q->choices[i].text, out);
		break;
	case Q_SHORT:
		for (size_t i = 0; i < q->naccepted; i++)
			add_words(q->accepted[i], out);
		break;
	case Q_ORDERING:
		for (size_t i = 0; i < q->nchoices; i++)
			add_words(q->choices[i].text, out);
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs; i++) {
			add_words(q->pairs[i].left, out);
			add_words(q->pairs[i].right, out);
		}
		break;
	case Q_TRUEFALSE:
	case Q_NUMERIC:
		add_words(q->prompt, out);
		break;
	}
}

static void check_off_lessons(struct linter *l, size_t ci, const struct question *q,
                              const struct strlist *lessons)
{
	struct strlist aw;
	struct strbuf missing;
	size_t found = 0, listed = 0;

	strlist_init(&aw);
	strbuf_init(&missing);
	answer_words(q, &aw);
	/* Figures are worked out, not taught: only words count. */
	for (size_t i = 0; i < aw.n;) {
		if (strpbrk(aw.items[i], "0123456789")) {
			free(aw.items[i]);
			aw.items[i] = aw.items[--aw.n];
		} else {
			i++;
		}
	}
	for (size_t i = 0; i < aw.n; i++) {
		if (strlist_has(lessons, aw.items[i])) {
			found++;
		} else if (listed++ < 5) {
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", aw.items[i]);
		}
	}
	if (aw.n > 0 && (double)found < LINT_LESSON_MIN_SHARE * (double)aw.n)
		warn(l, ci, q, LINT_OFF_LESSONS,
		     "question '%s': only %zu of the %zu words of its answer appear in the "
		     "lessons (not: %s%s)",
		     q->id, found, aw.n, missing.buf ? missing.buf : "", listed > 5 ? ", ..." : "");
	strbuf_release(&missing);
	strlist_release(&aw);
}

/* The key of a single-choice or scenario question is longer than every
 * other choice. */
static bool key_is_longest(const struct question *q)
{
	size_t key = 0, others = 0;
	bool have_key = false;

	for (size_t i = 0; i < q->nchoices; i++) {
		size_t n = length(q->choices[i].text);

		if (q->choices[i].correct && !have_key) {
			key = n;
			have_key = true;
		} else if (n > others) {
			others = n;
		}
	}
	return have_key && key > others;
}

static void check_longest(struct linter *l, size_t ci)
{
	const struct quiz *z = &l->courses[ci]->quiz;
	size_t n = 0, longest = 0;

	for (size_t i = 0; i < z->nquestions; i++) {
		const struct question *q = &z->questions[i];

		if ((q->type == Q_SINGLE || q->type == Q_SCENARIO) && q->nchoices >= 2) {
			n++;
			longest += key_is_longest(q);
		}
	}
	if (n < LINT_LONGEST_MIN_ITEMS || (double)longest <= LINT_LONGEST_SHARE * (double)n)
		return;
	for (size_t i = 0; i < z->nquestions; i++) {
		const struct question *q = &z->questions[i];

		if ((q->type == Q_SINGLE || q->type == Q_SCENARIO) && q->nchoices >= 2 &&
		    key_is_longest(q))
			warn(l, ci, q, LINT_LONGEST_KEY,
			     "question '%s': the key is the longest choice, as in %zu of the "
			     "module's %zu single-choice and scenario questions (more than %.0f%%)",
			     q->id, longest, n, LINT_LONGEST_SHARE * 100.0);
	}
}

/* Every question of every module, with its stem's words, in order. */
struct stem {
	size_t course;
	const struct question *q;
	struct strlist words;
};

static void check_duplicates(struct linter *l)
{
	struct stem *stems = NULL;
	size_t n = 0, cap = 0;

	for (size_t ci = 0; ci < l->ncourses; ci++) {
		const struct quiz *z = &l->courses[ci]->quiz;

		for (size_t i = 0; i < z->nquestions; i++) {
			char *text = stem_text(&z->questions[i]);

			xgrow(&stems, &cap, n + 1, sizeof *stems);
			stems[n].course = ci;
			stems[n].q = &z->questions[i];
			strlist_init(&stems[n].words);
			add_words(text, &stems[n].words);
			free(text);
			n++;
		}
	}
	for (size_t j = 0; j < n; j++) {
		double best = 0;
		size_t bi = 0;

		if (stems[j].words.n < LINT_STEM_MIN_WORDS)
			continue;
		for (size_t i = 0; i < j; i++) {
			double sim;

			if (stems[i].words.n < LINT_STEM_MIN_WORDS)
				continue;
			sim = lint_jaccard(&stems[i].words, &stems[j].words);
			if (sim > best) {
				best = sim;
				bi = i;
			}
		}
		if (best >= LINT_STEM_JACCARD)
			warn(l, stems[j].course, stems[j].q, LINT_DUPLICATE_STEM,
			     "question '%s': nearly the same stem as '%s' (%s:%d), similarity %.2f",
			     stems[j].q->id, stems[bi].q->id, l->courses[stems[bi].course]->path,
			     stems[bi].q->line, best);
	}
	for (size_t i = 0; i < n; i++)
		strlist_release(&stems[i].words);
	free(stems);
}

void lint_courses(const struct course *const *courses, size_t n, struct lint_result *r)
{
	struct linter l = {.courses = courses, .ncourses = n, .r = r};

	for (size_t ci = 0; ci < n; ci++) {
		const struct course *c = courses[ci];
		struct strlist lessons;

		strlist_init(&lessons);
		for (size_t p = 0; p < c->npages; p++) {
			add_words(c->pages[p].title, &lessons);
			add_blocks(c->pages[p].blocks, c->pages[p].nblocks, &lessons);
		}
		if (c->policy)
			add_blocks(c->policy->blocks, c->policy->nblocks, &lessons);
		for (size_t i = 0; i < c->quiz.nquestions; i++) {
			const struct question *q = &c->quiz.questions[i];

			if (has_choices(q)) {
				check_above(&l, ci, q);
				check_uneven(&l, ci, q);
			}
			if (q->type == Q_SHORT)
				check_short_forms(&l, ci, q);
			check_give_away(&l, ci, q);
			check_off_lessons(&l, ci, q, &lessons);
		}
		check_longest(&l, ci);
		strlist_release(&lessons);
	}
	check_duplicates(&l);
	if (l.np)
		qsort(l.p, l.np, sizeof *l.p, pending_cmp);
	for (size_t i = 0; i < l.np; i++) {
		strlist_add(&r->warnings, l.p[i].text);
		free(l.p[i].text);
	}
	free(l.p);
}

int lint_files(const char *const *paths, size_t n, struct lint_result *r, struct strlist *errors)
{
	struct course **courses = xcalloc(n ? n : 1, sizeof *courses);
	size_t nc = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct course *c = NULL;
		struct programme *p = NULL;

		if (course_load_file(paths[i], &c, &p, errors) != 0) {
			rc = -1;
			continue;
		}
		if (c)
			courses[nc++] = c;
		programme_free(p);
	}
	lint_courses((const struct course *const *)courses, nc, r);
	for (size_t i = 0; i < nc; i++)
		course_free(courses[i]);
	free(courses);
	return rc;
}
