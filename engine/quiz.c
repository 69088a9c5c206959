/*
 * Quiz rules: the seeded plan of an attempt, reading a learner's typed
 * answer, the canonical stored form, grading and the attempt state machine.
 * Pure code: no I/O, no SQL, no clock, no globals, so it is tested directly.
 * Nothing here depends on the locale either (no ctype, no strtod, and printed
 * numbers get their decimal point back), because
 * the prompt layer may switch locales for readline and a learner's "12.5"
 * must mean the same everywhere.
 */
#include "quiz.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_ascii_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* A letter's index (a = 0), or -1 if c is not an ASCII letter. */
static int letter_index(char c)
{
	return is_alpha(c) ? to_lower(c) - 'a' : -1;
}

static double absd(double x)
{
	return x < 0 ? -x : x;
}

static double maxd(double a, double b)
{
	return a > b ? a : b;
}

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (to_lower(*a) != to_lower(*b))
			return false;
	return *a == *b;
}

/* The bytes of the UTF-8 character at s, so messages never quote half of one. */
static size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	size_t i;

	for (i = 1; i < n && s[i]; i++)
		;
	return i;
}

/* One character of input, quoted in a message; safe to print (an escape
 * or a stray byte shows as '?'). */
static char *quote_char(const char *s)
{
	char *c = xstrndup(s, utf8_len(s));
	char *safe = util_printable(c, SIZE_MAX);

	free(c);
	return safe;
}

/* Input quoted in a message, cut short so a pasted paragraph stays readable,
 * and safe to print. */
static char *quote_text(const char *s)
{
	size_t n = 0;
	char *cut, *safe;

	while (s[n] && n < 24)
		n += utf8_len(s + n);
	cut = s[n] ? xasprintf("%.*s…", (int)n, s) : xstrdup(s);
	safe = util_printable(cut, SIZE_MAX);
	free(cut);
	return safe;
}

static char *trimmed(const char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static char last_letter(size_t n)
{
	return (char)('a' + (int)n - 1);
}

/* Module index -> display position; order NULL means module order. */
static size_t display_pos(const size_t *order, size_t n, size_t index)
{
	if (!order)
		return index;
	for (size_t p = 0; p < n; p++)
		if (order[p] == index)
			return p;
	return index;
}

static size_t module_index(const size_t *order, size_t pos)
{
	return order ? order[pos] : pos;
}

/* How many things a question shows in an order of their own. */
static size_t display_count(const struct question *q)
{
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
	case Q_ORDERING:
		return q->nchoices;
	case Q_MATCHING:
		return q->npairs;
	case Q_SHORT:
	case Q_NUMERIC:
		return 0;
	}
	return 0;
}

static void sort_sizes(size_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = a[i], j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

/*
 * Numbers are printed with "%.*g" and then any decimal separator the locale
 * chose is put back to '.', because course authors and stored answers use '.'.
 */
static void add_number(struct strbuf *sb, double x, int precision)
{
	char tmp[64];
	bool in_sep = false;

	if (isnan(x)) {
		strbuf_adds(sb, "nan");
		return;
	}
	if (isinf(x)) {
		strbuf_adds(sb, x < 0 ? "-inf" : "inf");
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.*g", precision, x);
	for (const char *p = tmp; *p; p++) {
		if (is_digit(*p) || *p == '-' || *p == '+' || *p == 'e') {
			strbuf_addc(sb, *p);
			in_sep = false;
		} else if (!in_sep) {
			strbuf_addc(sb, '.');
			in_sep = true;
		}
	}
}

/* strbuf_detach() leaves a fresh empty buffer behind; this frees it too. */
static char *sb_take(struct strbuf *sb)
{
	char *s = strbuf_detach(sb);

	strbuf_release(sb);
	return s;
}

static void add_with_unit(struct strbuf *sb, const char *unit)
{
	if (!unit)
		return;
	if (strcmp(unit, "%") != 0)
		strbuf_addc(sb, ' ');
	strbuf_adds(sb, unit);
}

/* ---- decimal numbers, read without strtod (see the top of the file) ---- */

enum decimal_status {
	DECIMAL_OK,
	DECIMAL_NONE,  /* no number here */
	DECIMAL_COMMA, /* a comma that is not a thousands separator: "3,5" */
	DECIMAL_RANGE, /* too large to hold */
};

static double power_of_ten(int k)
{
	/* Exact up to 1e22, so short decimals convert correctly rounded. */
	static const double exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	double r = 1;

	if (k > 400)
		return HUGE_VAL;
	while (k > 22) {
		r *= 1e22;
		k -= 22;
	}
	return r * exact[k];
}

/* Adds one digit to a mantissa of at most 19 significant digits; the rest
 * only move the decimal exponent, which is plenty for answers people type. */
static void add_digit(uint64_t *mant, int *sig, int *exp10, char d, bool fraction)
{
	if (*sig < 19) {
		*mant = *mant * 10 + (uint64_t)(d - '0');
		if (*mant > 0)
			(*sig)++;
		if (fraction)
			(*exp10)--;
	} else if (!fraction) {
		(*exp10)++;
	}
}

/*
 * Reads [sign] digits [. digits] [e [sign] digits] at s; with grouping,
 * commas may separate thousands ("1,000"). *end is where the number stops,
 * canon gets its plain decimal form ("-1000", "0.5").
 */
static enum decimal_status parse_decimal(const char *s, bool grouping, const char **end,
                                         double *value, struct strbuf *canon)
{
	const char *p = s;
	bool neg = false, grouped = false;
	uint64_t mant = 0;
	int sig = 0, exp10 = 0;
	size_t group = 0, nint = 0, nfrac = 0;
	struct strbuf ints;
	double v;

	if (*p == '+') {
		p++;
	} else if (*p == '-') {
		neg = true;
		p++;
	} else if (strncmp(p, "\xe2\x88\x92", 3) == 0) { /* U+2212 MINUS SIGN */
		neg = true;
		p += 3;
	}

	strbuf_init(&ints);
	for (;;) {
		if (is_digit(*p)) {
			strbuf_addc(&ints, *p++);
			group++;
			continue;
		}
		if (*p == ',' && grouping && group > 0 && is_digit(p[1])) {
			/* Only ",ddd" after a first group of one to three digits is a
			 * thousands separator; anything else is likely a decimal comma. */
			bool three = is_digit(p[2]) && is_digit(p[3]) && !is_digit(p[4]);
			if (three && (grouped ? group == 3 : group <= 3)) {
				grouped = true;
				group = 0;
				p++;
				continue;
			}
			strbuf_release(&ints);
			return DECIMAL_COMMA;
		}
		break;
	}
	nint = ints.len;

	if (neg)
		strbuf_addc(canon, '-');
	{
		size_t z = 0;
		while (z + 1 < nint && ints.buf[z] == '0')
			z++;
		strbuf_adds(canon, nint ? ints.buf + z : "0");
	}
	for (size_t i = 0; i < nint; i++)
		add_digit(&mant, &sig, &exp10, ints.buf[i], false);
	strbuf_release(&ints);

	if (*p == '.' && (nint > 0 || is_digit(p[1]))) {
		p++;
		if (is_digit(*p))
			strbuf_addc(canon, '.');
		for (; is_digit(*p); p++, nfrac++) {
			strbuf_addc(canon, *p);
			add_digit(&mant, &sig, &exp10, *p, true);
		}
	}
	if (nint == 0 && nfrac == 0)
		return DECIMAL_NONE;
	if ((*p == 'e' || *p == 'E') &&
	    (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
		bool eneg = p[1] == '-';
		int e = 0;

		p += is_digit(p[1]) ? 1 : 2;
		for (; is_digit(*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		strbuf_addf(canon, "e%s%d", eneg ? "-" : "", e);
		exp10 += eneg ? -e : e;
	}

	v = (double)mant;
	if (mant != 0 && exp10 > 0)
		v *= power_of_ten(exp10);
	else if (mant != 0 && exp10 < 0)
		v /= power_of_ten(-exp10);
	if (!isfinite(v))
		return DECIMAL_RANGE;
	*value = neg ? -v : v;
	*end = p;
	return DECIMAL_OK;
}

/* ---- random numbers ---- */

void quiz_rng_init(struct quiz_rng *rng, uint64_t seed)
{
	rng->state = seed;
}

/* splitmix64 (Steele, Lea, Flood): tiny, fast, and defined bit for bit. */
uint64_t quiz_rng_next(struct quiz_rng *rng)
{
	uint64_t z = (rng->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

size_t quiz_rng_below(struct quiz_rng *rng, size_t n)
{
	uint64_t bound = (uint64_t)n;
	/* Values below 2^64 mod n would make low results a little likelier. */
	uint64_t threshold = (UINT64_C(0) - bound) % bound;
	uint64_t r;

	assert(n > 0);
	do
		r = quiz_rng_next(rng);
	while (r < threshold);
	return (size_t)(r % bound);
}

static void rng_shuffle(struct quiz_rng *rng, size_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = quiz_rng_below(rng, i);
		size_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* ---- plans ---- */

static uint64_t id_hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static bool is_identity(const size_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != i)
			return false;
	return true;
}

/*
 * The display order of one question. Each question gets its own generator,
 * seeded from the attempt's seed and its id, so its order does not depend on
 * which other questions were drawn, and a stored order that no longer fits
 * can be made afresh on its own.
 */
static void make_order(const struct question *q, unsigned shuffle, uint64_t seed,
                       struct quiz_plan_item *item)
{
	size_t n = display_count(q);
	bool mix = false, avoid_identity = false;
	struct quiz_rng rng;

	item->question = q;
	item->order = NULL;
	item->norder = n;
	if (n == 0)
		return;
	assert(n <= QUIZ_MAX_CHOICES);
	item->order = xmalloc(n * sizeof(*item->order));
	for (size_t i = 0; i < n; i++)
		item->order[i] = i;

	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
		mix = (shuffle & SHUFFLE_CHOICES) != 0;
		break;
	case Q_ORDERING:
	case Q_MATCHING:
		/* Shown in the right order the question would answer itself. */
		mix = avoid_identity = true;
		break;
	case Q_TRUEFALSE:
	case Q_SHORT:
	case Q_NUMERIC:
		break;
	}
	if (!mix)
		return;
	quiz_rng_init(&rng, seed ^ id_hash(q->id));
	do
		rng_shuffle(&rng, item->order, n);
	while (avoid_identity && n >= 2 && is_identity(item->order, n));
}

static struct quiz_plan *plan_alloc(const struct quiz *quiz)
{
	struct quiz_plan *plan = xcalloc(1, sizeof(*plan));

	plan->quiz = quiz;
	strlist_init(&plan->removed);
	strlist_init(&plan->reshuffled);
	return plan;
}

struct quiz_plan *quiz_plan_new(const struct quiz *quiz, uint64_t seed)
{
	struct quiz_plan *plan = plan_alloc(quiz);
	size_t n = quiz->nquestions;
	size_t take = quiz->draw > 0 && quiz->draw < n ? quiz->draw : n;
	size_t *idx = xmalloc((n ? n : 1) * sizeof(*idx));
	struct quiz_rng rng;

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	quiz_rng_init(&rng, seed);
	if (take < n || (quiz->shuffle & SHUFFLE_QUESTIONS)) {
		/* A partial Fisher-Yates: the first take places are a uniform
		 * sample, already in random order. */
		for (size_t i = 0; i < take; i++) {
			size_t j = i + quiz_rng_below(&rng, n - i);
			size_t t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
	}
	if (!(quiz->shuffle & SHUFFLE_QUESTIONS))
		sort_sizes(idx, take);

	plan->items = xcalloc(take, sizeof(*plan->items));
	plan->nitems = take;
	for (size_t i = 0; i < take; i++)
		make_order(&quiz->questions[idx[i]], quiz->shuffle, seed, &plan->items[i]);
	free(idx);
	return plan;
}

void quiz_plan_free(struct quiz_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nitems; i++)
		free(plan->items[i].order);
	free(plan->items);
	strlist_release(&plan->removed);
	strlist_release(&plan->reshuffled);
	free(plan);
}

static struct quiz_plan *plan_copy(const struct quiz_plan *src)
{
	struct quiz_plan *plan = plan_alloc(src->quiz);

	plan->items = xcalloc(src->nitems, sizeof(*plan->items));
	plan->nitems = src->nitems;
	for (size_t i = 0; i < src->nitems; i++) {
		const struct quiz_plan_item *s = &src->items[i];
		struct quiz_plan_item *d = &plan->items[i];

		d->question = s->question;
		d->norder = s->norder;
		if (s->norder) {
			d->order = xmalloc(s->norder * sizeof(*d->order));
			memcpy(d->order, s->order, s->norder * sizeof(*d->order));
		}
	}
	for (size_t i = 0; i < src->removed.n; i++)
		strlist_add(&plan->removed, src->removed.items[i]);
	for (size_t i = 0; i < src->reshuffled.n; i++)
		strlist_add(&plan->reshuffled, src->reshuffled.items[i]);
	return plan;
}

char *quiz_plan_format(const struct quiz_plan *plan)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "v1");
	for (size_t i = 0; i < plan->nitems; i++) {
		const struct quiz_plan_item *it = &plan->items[i];

		strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, it->question->id);
		if (it->norder)
			strbuf_addc(&sb, ':');
		for (size_t p = 0; p < it->norder; p++)
			strbuf_addc(&sb, (char)('a' + (int)it->order[p]));
	}
	return sb_take(&sb);
}

static const struct question *find_question(const struct quiz *quiz, const char *id)
{
	for (size_t i = 0; i < quiz->nquestions; i++)
		if (strcmp(quiz->questions[i].id, id) == 0)
			return &quiz->questions[i];
	return NULL;
}

/* Whether letters (a = 0) name each of 0..n-1 exactly once. */
static bool letters_fit(const char *letters, size_t n)
{
	bool seen[QUIZ_MAX_CHOICES] = {false};

	if (strlen(letters) != n)
		return false;
	for (size_t p = 0; p < n; p++) {
		size_t v = (size_t)(letters[p] - 'a');
		if (v >= n || seen[v])
			return false;
		seen[v] = true;
	}
	return true;
}

struct quiz_plan *quiz_plan_parse(const struct quiz *quiz, uint64_t seed, const char *text,
                                  char **err)
{
	struct quiz_plan *plan = plan_alloc(quiz);
	struct strlist ids;
	char *id = NULL, *ord = NULL;
	size_t cap = 0;
	const char *p = text;

	strlist_init(&ids);
	if (strncmp(p, "v1", 2) != 0 || (p[2] && p[2] != ' ')) {
		util_error(err, "not a stored quiz plan: it should start with 'v1'");
		goto fail;
	}
	/* One token a turn: "id" or "id:letters"; each turn frees its copies. */
	for (p += 2;; free(id), free(ord), id = ord = NULL) {
		const char *tok, *colon;
		const struct question *q;
		struct quiz_plan_item *it;
		size_t len, n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && *p != ' ')
			p++;
		len = (size_t)(p - tok);
		colon = memchr(tok, ':', len);
		id = xstrndup(tok, colon ? (size_t)(colon - tok) : len);
		ord = colon ? xstrndup(colon + 1, (size_t)(p - colon - 1)) : NULL;
		if (!*id) {
			util_error(err, "stored quiz plan: a question without an id");
			goto fail;
		}
		if (strlist_has(&ids, id)) {
			util_error(err, "stored quiz plan: question '%s' appears twice", id);
			goto fail;
		}
		strlist_add(&ids, id);
		for (const char *c = ord; c && *c; c++) {
			if (*c < 'a' || *c > 'z') {
				util_error(err,
				           "stored quiz plan: the order of '%s' is not letters",
				           id);
				goto fail;
			}
		}

		q = find_question(quiz, id);
		if (!q) {
			strlist_add(&plan->removed, id);
			continue;
		}
		xgrow(&plan->items, &cap, plan->nitems + 1, sizeof(*plan->items));
		it = &plan->items[plan->nitems++];
		n = display_count(q);
		if (n == 0 && !ord) {
			it->question = q;
			it->order = NULL;
			it->norder = 0;
		} else if (n > 0 && ord && letters_fit(ord, n)) {
			it->question = q;
			it->norder = n;
			it->order = xmalloc(n * sizeof(*it->order));
			for (size_t k = 0; k < n; k++)
				it->order[k] = (size_t)(ord[k] - 'a');
		} else {
			/* Its choices were added, removed or retyped since. */
			make_order(q, quiz->shuffle, seed, it);
			strlist_add(&plan->reshuffled, id);
		}
	}
	strlist_release(&ids);
	return plan;

fail:
	free(id);
	free(ord);
	strlist_release(&ids);
	quiz_plan_free(plan);
	return NULL;
}

/* ---- responses ---- */

void quiz_response_init(struct quiz_response *r)
{
	r->type = Q_SINGLE;
	r->picks = NULL;
	r->npicks = 0;
	r->text = NULL;
	r->number = 0;
}

void quiz_response_release(struct quiz_response *r)
{
	free(r->picks);
	free(r->text);
	quiz_response_init(r);
}

static void response_copy(struct quiz_response *dst, const struct quiz_response *src)
{
	quiz_response_init(dst);
	dst->type = src->type;
	dst->number = src->number;
	dst->npicks = src->npicks;
	if (src->npicks) {
		dst->picks = xmalloc(src->npicks * sizeof(*dst->picks));
		memcpy(dst->picks, src->picks, src->npicks * sizeof(*dst->picks));
	}
	if (src->text)
		dst->text = xstrdup(src->text);
}

static void set_picks(struct quiz_response *r, const size_t *picks, size_t n)
{
	r->picks = xmalloc((n ? n : 1) * sizeof(*r->picks));
	memcpy(r->picks, picks, n * sizeof(*r->picks));
	r->npicks = n;
}

/* Whether r is a well-formed answer to q, whoever built it. */
static int response_check(const struct question *q, const struct quiz_response *r, char **err)
{
	size_t n = display_count(q);
	bool seen[QUIZ_MAX_CHOICES] = {false};

	if (r->type != q->type)
		return util_error(err, "the answer is for another type of question");
	switch (q->type) {
	case Q_SINGLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		if (r->npicks != 1)
			return util_error(err, "it needs exactly one choice");
		if (r->picks[0] >= n)
			return util_error(err, "choice %zu is not one of its %zu", r->picks[0], n);
		return 0;
	case Q_MULTIPLE:
		if (r->npicks == 0)
			return util_error(err, "it needs at least one choice");
		for (size_t i = 0; i < r->npicks; i++) {
			if (r->picks[i] >= n)
				return util_error(err, "choice %zu is not one of its %zu",
				                  r->picks[i], n);
			if (i > 0 && r->picks[i] <= r->picks[i - 1])
				return util_error(err, "its choices must be in order, each once");
		}
		return 0;
	case Q_ORDERING:
	case Q_MATCHING:
		if (r->npicks != n || n > QUIZ_MAX_CHOICES)
			return util_error(err, "it needs all %zu items", n);
		for (size_t i = 0; i < n; i++) {
			if (r->picks[i] >= n || seen[r->picks[i]])
				return util_error(err, "it must name each of its %zu items once",
				                  n);
			seen[r->picks[i]] = true;
		}
		return 0;
	case Q_SHORT:
		if (!r->text)
			return util_error(err, "it has no text");
		return 0;
	case Q_NUMERIC:
		if (!isfinite(r->number))
			return util_error(err, "it is not a finite number");
		return 0;
	}
	return util_error(err, "unknown question type");
}

/* ---- reading typed input ---- */

static int parse_single(const struct question *q, const size_t *order, const char *input,
                        struct quiz_response *r, char **err)
{
	size_t n = q->nchoices, letters = 0;
	char *t = trimmed(input), *quoted = NULL;
	size_t len = strlen(t);
	bool only_letters = true;
	size_t pick;
	int ret = -1;

	/* "b)" and "b." are how the choices are shown, so people copy them. */
	if (len == 2 && (t[1] == ')' || t[1] == '.'))
		t[--len] = '\0';
	if (len == 1 && is_alpha(t[0])) {
		size_t li = (size_t)letter_index(t[0]);
		if (li >= n) {
			util_error(err, "'%c' is not one of the choices a–%c", t[0],
			           last_letter(n));
			goto out;
		}
		pick = module_index(order, li);
		set_picks(r, &pick, 1);
		ret = 0;
		goto out;
	}
	if (len == 0) {
		util_error(err, "type the letter of your choice, a–%c", last_letter(n));
		goto out;
	}
	for (const char *c = t; *c; c++) {
		if (is_alpha(*c) && (size_t)letter_index(*c) < n)
			letters++;
		else if (!is_space(*c) && *c != ',')
			only_letters = false;
	}
	if (only_letters && letters > 1) {
		util_error(err, "only one choice is allowed here; type one letter, a–%c",
		           last_letter(n));
		goto out;
	}
	quoted = quote_text(t);
	util_error(err, "'%s' is not one of the choices a–%c", quoted, last_letter(n));
out:
	free(quoted);
	free(t);
	return ret;
}

static size_t choice_named(const struct question *q, const char *name, size_t fallback)
{
	for (size_t i = 0; i < q->nchoices; i++)
		if (eq_nocase(q->choices[i].text, name))
			return i;
	return fallback;
}

static int parse_truefalse(const struct question *q, const size_t *order, const char *input,
                           struct quiz_response *r, char **err)
{
	static const char *const yes[] = {"t", "true", "y", "yes"};
	static const char *const no[] = {"f", "false", "n", "no"};
	char *t = trimmed(input), *quoted = NULL;
	size_t pick = (size_t)-1;
	int ret = -1;

	if (q->nchoices < 2) {
		util_error(err, "question '%s' has no true/false choices", q->id);
		goto out;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (eq_nocase(t, yes[i]))
			pick = choice_named(q, "true", 0);
		if (eq_nocase(t, no[i]))
			pick = choice_named(q, "false", 1);
	}
	if (eq_nocase(t, "a") || eq_nocase(t, "a)"))
		pick = module_index(order, 0);
	if (eq_nocase(t, "b") || eq_nocase(t, "b)"))
		pick = module_index(order, 1);
	if (pick == (size_t)-1) {
		if (!*t) {
			util_error(err, "type t for true or f for false");
		} else {
			quoted = quote_text(t);
			util_error(err, "'%s' is not true or false; type t or f", quoted);
		}
		goto out;
	}
	set_picks(r, &pick, 1);
	ret = 0;
out:
	free(quoted);
	free(t);
	return ret;
}

static int parse_multiple(const struct question *q, const size_t *order, const char *input,
                          struct quiz_response *r, char **err)
{
	size_t n = q->nchoices, count = 0;
	bool seen[QUIZ_MAX_CHOICES] = {false};
	size_t picks[QUIZ_MAX_CHOICES];

	for (const char *p = input; *p; p++) {
		int li;

		if (is_space(*p) || *p == ',')
			continue;
		li = letter_index(*p);
		if (li < 0 || (size_t)li >= n) {
			char *c = quote_char(p);
			util_error(err, "'%s' is not one of the choices a–%c", c, last_letter(n));
			free(c);
			return -1;
		}
		if (seen[li])
			return util_error(err, "choice '%c' appears twice", to_lower(*p));
		seen[li] = true;
		count++;
	}
	if (count == 0)
		return util_error(err, "type the letters of all the choices that apply, like a c");
	count = 0;
	for (size_t p = 0; p < n; p++)
		if (seen[p])
			picks[count++] = module_index(order, p);
	sort_sizes(picks, count);
	set_picks(r, picks, count);
	return 0;
}

static int parse_ordering(const struct question *q, const size_t *order, const char *input,
                          struct quiz_response *r, char **err)
{
	size_t n = q->nchoices, count = 0;
	bool seen[QUIZ_MAX_CHOICES] = {false};
	size_t seq[QUIZ_MAX_CHOICES];
	bool numbers = false;
	const char *p = input;

	while (*p) {
		const char *start = p;
		size_t li;

		if (is_space(*p) || *p == ',') {
			p++;
			continue;
		}
		if (is_alpha(*p)) {
			li = (size_t)letter_index(*p++);
			if (li >= n)
				return util_error(err, "'%c' is not one of the items a–%c", *start,
				                  last_letter(n));
		} else if (is_digit(*p)) {
			size_t v = 0;
			/* With nine items or fewer "3142" can only mean 3 1 4 2. */
			if (n <= 9) {
				v = (size_t)(*p++ - '0');
			} else {
				for (; is_digit(*p); p++)
					v = v < 1000 ? v * 10 + (size_t)(*p - '0') : v;
			}
			numbers = true;
			if (v < 1 || v > n)
				return util_error(err, "'%.*s' is not one of the items 1–%zu",
				                  (int)(p - start), start, n);
			li = v - 1;
		} else {
			char *c = quote_char(p);
			util_error(err, "'%s' is not one of the items a–%c", c, last_letter(n));
			free(c);
			return -1;
		}
		if (seen[li])
			return util_error(err, "item '%.*s' appears twice", (int)(p - start),
			                  start);
		seen[li] = true;
		seq[count++] = module_index(order, li);
	}
	if (count == 0)
		return util_error(err, "type the items in their right order, like c a b");
	for (size_t i = 0; i < n; i++) {
		if (seen[i])
			continue;
		if (numbers)
			return util_error(err, "item %zu is missing; put all %zu items in order",
			                  i + 1, n);
		return util_error(err, "item '%c' is missing; put all %zu items in order",
		                  (char)('a' + (int)i), n);
	}
	set_picks(r, seq, n);
	return 0;
}

static int parse_matching(const struct question *q, const size_t *order, const char *input,
                          struct quiz_response *r, char **err)
{
	size_t n = q->npairs;
	size_t match[QUIZ_MAX_CHOICES], picks[QUIZ_MAX_CHOICES];
	bool have[QUIZ_MAX_CHOICES] = {false};
	size_t used_by[QUIZ_MAX_CHOICES] = {0}; /* right -> left + 1 */
	const char *p = input;
	bool any = false;

	for (;;) {
		const char *start;
		size_t v = 0, ri;

		while (is_space(*p) || *p == ',' || *p == ';')
			p++;
		if (!*p)
			break;
		if (!is_digit(*p)) {
			char *c = quote_char(p);
			if (is_alpha(*p))
				util_error(
				        err,
				        "'%s' has no item number before it; write pairs like 1b 2a",
				        c);
			else
				util_error(err,
				           "'%s' is not understood here; write pairs like 1b 2a",
				           c);
			free(c);
			return -1;
		}
		start = p;
		for (; is_digit(*p); p++)
			v = v < 1000 ? v * 10 + (size_t)(*p - '0') : v;
		if (v < 1 || v > n)
			return util_error(err, "there is no item %.*s; the items are 1–%zu",
			                  (int)(p - start), start, n);
		while (*p == ' ' || *p == '\t' || *p == '-' || *p == '=' || *p == ':' ||
		       *p == '>' || *p == ')' || *p == '.')
			p++;
		if (!is_alpha(*p))
			return util_error(err, "missing a match for %zu", v);
		ri = (size_t)letter_index(*p);
		if (ri >= n)
			return util_error(err, "'%c' is not one of the choices a–%c", *p,
			                  last_letter(n));
		if (have[v - 1])
			return util_error(err, "item %zu is matched twice", v);
		if (used_by[ri])
			return util_error(err,
			                  "'%c' is matched to both %zu and %zu; each goes with "
			                  "one item",
			                  to_lower(*p), used_by[ri], v);
		p++;
		have[v - 1] = true;
		used_by[ri] = v;
		match[v - 1] = ri;
		any = true;
	}
	if (!any)
		return util_error(err, "write the pairs, like 1b 2a");
	for (size_t i = 0; i < n; i++) {
		if (!have[i])
			return util_error(err, "missing a match for %zu", i + 1);
		picks[i] = module_index(order, match[i]);
	}
	set_picks(r, picks, n);
	return 0;
}

static int parse_short(const char *input, struct quiz_response *r, char **err)
{
	const char *p = input;

	while (is_space(*p))
		p++;
	if (!*p)
		return util_error(err, "the answer is empty");
	if (!util_utf8_valid(input, strlen(input), NULL))
		return util_error(err, "the answer is not valid UTF-8 text");
	/* It is kept in the record and shown again by review. */
	if (strlen(input) > QUIZ_MAX_ANSWER_BYTES)
		return util_error(err, "the answer is too long (at most %d characters)",
		                  QUIZ_MAX_ANSWER_BYTES);
	if (util_find_control(input, "\t"))
		return util_error(err, "the answer contains a control character");
	r->text = xstrdup(input);
	return 0;
}

/* Whether what follows a number names the question's unit: "hours", or
 * "hour" for one. */
static bool unit_matches(const char *rest, const char *unit)
{
	size_t n = strlen(unit);

	if (eq_nocase(rest, unit))
		return true;
	if (n < 2 || to_lower(unit[n - 1]) != 's' || strlen(rest) != n - 1)
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (to_lower(rest[i]) != to_lower(unit[i]))
			return false;
	return true;
}

static int parse_numeric(const struct question *q, const char *input, struct quiz_response *r,
                         char **err)
{
	char *t = trimmed(input), *quoted = NULL;
	struct strbuf canon;
	const char *end = NULL, *rest;
	double v = 0;
	int ret = -1;

	strbuf_init(&canon);
	switch (parse_decimal(t, true, &end, &v, &canon)) {
	case DECIMAL_OK:
		break;
	case DECIMAL_NONE:
		util_error(err, "expected a number, like 12 or 3.5");
		goto out;
	case DECIMAL_COMMA:
		quoted = quote_text(t);
		util_error(err, "'%s' is not a number; write decimals with a point, like 3.5",
		           quoted);
		goto out;
	case DECIMAL_RANGE:
		util_error(err, "that number is too large");
		goto out;
	}
	rest = end;
	while (is_space(*rest))
		rest++;
	if (*rest && strcmp(rest, "%") != 0 && !(q->unit && unit_matches(rest, q->unit))) {
		quoted = quote_text(rest);
		if (q->unit)
			util_error(err, "'%s' is not the unit here; answer in %s", quoted, q->unit);
		else
			util_error(err, "expected a number, like 12 or 3.5");
		goto out;
	}
	r->number = v;
	r->text = sb_take(&canon);
	ret = 0;
out:
	strbuf_release(&canon);
	free(quoted);
	free(t);
	return ret;
}

int quiz_parse_input(const struct question *q, const size_t *order, const char *input,
                     struct quiz_response *r, char **err)
{
	int ret = -1;

	quiz_response_init(r);
	r->type = q->type;
	/* The loader's schema already holds these; the letters and the fixed
	 * arrays below rely on them. */
	if (display_count(q) > QUIZ_MAX_CHOICES)
		return util_error(err, "question '%s' has more than %d choices", q->id,
		                  QUIZ_MAX_CHOICES);
	if (display_count(q) == 0 && q->type != Q_SHORT && q->type != Q_NUMERIC)
		return util_error(err, "question '%s' has no choices", q->id);
	switch (q->type) {
	case Q_SINGLE:
	case Q_SCENARIO:
		ret = parse_single(q, order, input, r, err);
		break;
	case Q_TRUEFALSE:
		ret = parse_truefalse(q, order, input, r, err);
		break;
	case Q_MULTIPLE:
		ret = parse_multiple(q, order, input, r, err);
		break;
	case Q_ORDERING:
		ret = parse_ordering(q, order, input, r, err);
		break;
	case Q_MATCHING:
		ret = parse_matching(q, order, input, r, err);
		break;
	case Q_SHORT:
		ret = parse_short(input, r, err);
		break;
	case Q_NUMERIC:
		ret = parse_numeric(q, input, r, err);
		break;
	}
	if (ret < 0)
		quiz_response_release(r);
	return ret;
}

char *quiz_input_help(const struct question *q)
{
	size_t n = display_count(q);

	switch (q->type) {
	case Q_SINGLE:
	case Q_SCENARIO:
		return xasprintf("type one letter, a–%c", last_letter(n));
	case Q_TRUEFALSE:
		return xstrdup("type t for true or f for false");
	case Q_MULTIPLE:
		return xstrdup("type the letters of all the choices that apply, like a c");
	case Q_ORDERING:
		return xasprintf("type all %zu letters in the right order, like %s", n,
		                 n >= 3 ? "c a b" : "b a");
	case Q_MATCHING:
		return xasprintf("type a letter after each number 1–%zu, like 1b 2a", n);
	case Q_SHORT:
		return xstrdup("type your answer");
	case Q_NUMERIC:
		if (q->unit)
			return xasprintf("type a number (in %s)", q->unit);
		return xstrdup("type a number");
	}
	return xstrdup("");
}

/* ---- the stored form ---- */

char *quiz_response_encode(const struct question *q, const struct quiz_response *r)
{
	struct strbuf sb;

	strbuf_init(&sb);
	switch (q->type) {
	case Q_SHORT:
		strbuf_adds(&sb, r->text ? r->text : "");
		break;
	case Q_NUMERIC:
		if (r->text)
			strbuf_adds(&sb, r->text);
		else
			add_number(&sb, r->number, 17);
		break;
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
	case Q_ORDERING:
	case Q_MATCHING:
		for (size_t i = 0; i < r->npicks; i++)
			strbuf_addf(&sb, "%s%zu", i ? "," : "", r->picks[i]);
		break;
	}
	return sb_take(&sb);
}

/* "2,0,1" -> picks; strict, since only this file writes it. */
static int decode_picks(const char *s, struct quiz_response *r)
{
	size_t cap = 0;

	if (!*s)
		return -1;
	for (;;) {
		size_t v = 0;

		if (!is_digit(*s))
			return -1;
		for (; is_digit(*s); s++) {
			if (v > 1000)
				return -1;
			v = v * 10 + (size_t)(*s - '0');
		}
		xgrow(&r->picks, &cap, r->npicks + 1, sizeof(*r->picks));
		r->picks[r->npicks++] = v;
		if (!*s)
			return 0;
		if (*s++ != ',')
			return -1;
	}
}

int quiz_response_decode(const struct question *q, const char *stored, struct quiz_response *r,
                         char **err)
{
	char *why = NULL, *quoted = quote_text(stored);
	struct strbuf canon;
	const char *end = NULL;
	int ret = -1;

	quiz_response_init(r);
	r->type = q->type;
	strbuf_init(&canon);
	switch (q->type) {
	case Q_SHORT:
		r->text = xstrdup(stored);
		break;
	case Q_NUMERIC:
		if (parse_decimal(stored, false, &end, &r->number, &canon) != DECIMAL_OK || *end) {
			util_error(err, "stored answer '%s' to question '%s' is not a number",
			           quoted, q->id);
			goto out;
		}
		r->text = sb_take(&canon);
		break;
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
	case Q_ORDERING:
	case Q_MATCHING:
		if (decode_picks(stored, r) < 0) {
			util_error(err,
			           "stored answer '%s' to question '%s' is not a list of numbers",
			           quoted, q->id);
			goto out;
		}
		break;
	}
	if (response_check(q, r, &why) < 0) {
		util_error(err, "stored answer '%s' no longer fits question '%s': %s", quoted,
		           q->id, why);
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		quiz_response_release(r);
	strbuf_release(&canon);
	free(why);
	free(quoted);
	return ret;
}

/* ---- readable forms ---- */

static void add_line_break(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addc(sb, '\n');
}

static void add_choice(struct strbuf *sb, const struct question *q, const size_t *order,
                       size_t index)
{
	size_t pos = display_pos(order, q->nchoices, index);

	strbuf_addf(sb, "%c) %s", (char)('a' + (int)pos), q->choices[index].text);
}

/* Adds the module indexes in picks, one a line, in the order they were shown. */
static void add_choices_shown(struct strbuf *sb, const struct question *q, const size_t *order,
                              const size_t *picks, size_t npicks)
{
	for (size_t p = 0; p < q->nchoices; p++) {
		size_t index = module_index(order, p);
		for (size_t k = 0; k < npicks; k++) {
			if (picks[k] == index) {
				add_line_break(sb);
				add_choice(sb, q, order, index);
				break;
			}
		}
	}
}

static void add_match(struct strbuf *sb, const struct question *q, const size_t *order, size_t left,
                      size_t right)
{
	size_t pos = display_pos(order, q->npairs, right);

	add_line_break(sb);
	strbuf_addf(sb, "%zu. %s → %c) %s", left + 1, q->pairs[left].left, (char)('a' + (int)pos),
	            q->pairs[right].right);
}

char *quiz_render_response(const struct question *q, const size_t *order,
                           const struct quiz_response *r)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (response_check(q, r, NULL) < 0)
		return sb_take(&sb);
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		add_choices_shown(&sb, q, order, r->picks, r->npicks);
		break;
	case Q_ORDERING:
		for (size_t k = 0; k < r->npicks; k++) {
			add_line_break(&sb);
			add_choice(&sb, q, order, r->picks[k]);
		}
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < r->npicks; i++)
			add_match(&sb, q, order, i, r->picks[i]);
		break;
	case Q_SHORT:
		strbuf_adds(&sb, r->text);
		break;
	case Q_NUMERIC:
		if (r->text)
			strbuf_adds(&sb, r->text);
		else
			add_number(&sb, r->number, 15);
		add_with_unit(&sb, q->unit);
		break;
	}
	return sb_take(&sb);
}

char *quiz_render_answer(const struct question *q, const size_t *order)
{
	struct strbuf sb;

	strbuf_init(&sb);
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		for (size_t p = 0; p < q->nchoices; p++) {
			size_t index = module_index(order, p);
			if (q->choices[index].correct) {
				add_line_break(&sb);
				add_choice(&sb, q, order, index);
			}
		}
		break;
	case Q_ORDERING:
		for (size_t i = 0; i < q->nchoices; i++) {
			add_line_break(&sb);
			add_choice(&sb, q, order, i);
		}
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs; i++)
			add_match(&sb, q, order, i, i);
		break;
	case Q_SHORT:
		if (q->naccepted)
			strbuf_adds(&sb, q->accepted[0]);
		for (size_t i = 1; i < q->naccepted; i++)
			strbuf_addf(&sb, "%s%s", i == 1 ? " (also accepted: " : ", ",
			            q->accepted[i]);
		if (q->naccepted > 1)
			strbuf_addc(&sb, ')');
		break;
	case Q_NUMERIC:
		add_number(&sb, q->answer, 15);
		add_with_unit(&sb, q->unit);
		if (q->tolerance > 0) {
			strbuf_adds(&sb, " (anything from ");
			add_number(&sb, q->answer - q->tolerance, 15);
			strbuf_adds(&sb, " to ");
			add_number(&sb, q->answer + q->tolerance, 15);
			strbuf_adds(&sb, " counts)");
		}
		break;
	}
	return sb_take(&sb);
}

/* ---- grading ---- */

/*
 * Short answers are compared after: ASCII letters lower-cased (unless case
 * matters), apostrophes dropped so "don't" meets "dont", other punctuation
 * (ASCII, and the dashes, quotes, ellipsis and guillemets phones and word
 * processors type) turned into a space so "your-name" meets "your name"
 * (but never "yourname") and "my own." meets "my own", white space (the
 * Unicode spaces too) collapsed and trimmed. Other UTF-8 is compared byte
 * for byte, which is safe because only whole characters change.
 * grade_short() then drops articles from answers where case does not
 * matter (drop_articles) and puts one member of each synonym group for any
 * other (synonyms_apply).
 */

/* How many bytes at s are a UTF-8 space other than ASCII's (NO-BREAK
 * SPACE, the typographic spaces U+2000-U+200A, U+202F, U+205F, U+3000),
 * or 0. */
static size_t unicode_space(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xaf))
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* How many bytes at s are punctuation beyond ASCII that separates words:
 * the dashes U+2010-U+2015, double quotes U+201C-U+201F, the low single
 * quote U+201A, the ellipsis U+2026, guillemets, and inverted ! and ?; or
 * 0. */
static size_t unicode_punct(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xc2 && (u[1] == 0xab || u[1] == 0xbb || u[1] == 0xa1 || u[1] == 0xbf))
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x90 && u[2] <= 0x95) || (u[2] >= 0x9c && u[2] <= 0x9f) || u[2] == 0x9a ||
	     u[2] == 0xa6))
		return 3;
	return 0;
}
static char *normalise(const char *s, bool case_sensitive, bool keep_punct)
{
	struct strbuf sb;
	bool gap = false;
	size_t n;

	strbuf_init(&sb);
	while (*s) {
		char c = *s;

		if (!keep_punct && (c == '\'' || c == '`')) {
			s++;
			continue;
		}
		/* U+2018 and U+2019, the quotes phones type for an apostrophe. */
		if (!keep_punct &&
		    (strncmp(s, "\xe2\x80\x98", 3) == 0 || strncmp(s, "\xe2\x80\x99", 3) == 0)) {
			s += 3;
			continue;
		}
		/* ZERO WIDTH SPACE, pasted in from web pages, joins: it is dropped. */
		if (strncmp(s, "\xe2\x80\x8b", 3) == 0) {
			s += 3;
			continue;
		}
		n = unicode_space(s);
		if (!n && !keep_punct)
			n = unicode_punct(s);
		if (n) {
			gap = true;
			s += n;
			continue;
		}
		if (is_space(c) || (!keep_punct && is_ascii_punct(c))) {
			gap = true;
			s++;
			continue;
		}
		if (gap && sb.len)
			strbuf_addc(&sb, ' ');
		gap = false;
		strbuf_addc(&sb, case_sensitive ? c : to_lower(c));
		s++;
	}
	return sb_take(&sb);
}

static bool is_article(const char *w, size_t n)
{
	return (n == 1 && w[0] == 'a') || (n == 2 && strncmp(w, "an", 2) == 0) ||
	       (n == 3 && strncmp(w, "the", 3) == 0);
}

/*
 * Articles ("a", "an", "the") as whole words are dropped from an answer
 * that is not case-sensitive, after normalise(), so "the engagement rate"
 * meets "engagement rate" and "a content calendar" meets "content
 * calendar". An answer made only of articles keeps them. In place.
 */
static void drop_articles(char *s)
{
	char *out = s;
	bool any = false;

	for (const char *w = s; *w;) {
		size_t n = strcspn(w, " ");

		any = any || !is_article(w, n);
		w += n;
		w += *w == ' ';
	}
	if (!any)
		return;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, " ");

		if (!is_article(p, n)) {
			if (out != s)
				*out++ = ' ';
			memmove(out, p, n);
			out += n;
		}
		p += n;
		p += *p == ' ';
	}
	*out = '\0';
}

/* text normalised, and without its articles where case does not matter:
 * the form before synonyms. */
static char *plain_form(const struct question *q, const char *text)
{
	char *f = normalise(text, q->case_sensitive, false);

	if (!q->case_sensitive)
		drop_articles(f);
	return f;
}

/*
 * The members of the question's synonym groups, each in plain_form(), as
 * one list: group g's members are members[start[g]] up to start[g + 1].
 * Members that come to nothing (punctuation only) are left out.
 */
struct synonyms {
	struct strlist members;
	size_t *start; /* nsynonyms + 1 */
	size_t ngroups;
};

static void synonyms_load(const struct question *q, struct synonyms *syn)
{
	strlist_init(&syn->members);
	syn->ngroups = q->nsynonyms;
	syn->start = xcalloc(q->nsynonyms + 1, sizeof(*syn->start));
	for (size_t g = 0; g < q->nsynonyms; g++) {
		const char *p = q->synonyms[g];

		syn->start[g] = syn->members.n;
		while (*p) {
			size_t len = strcspn(p, ",");
			char *raw = xstrndup(p, len), *f = plain_form(q, raw);

			if (f[0])
				strlist_add(&syn->members, f);
			free(f);
			free(raw);
			p += len;
			p += *p == ',';
		}
	}
	syn->start[q->nsynonyms] = syn->members.n;
}

static void synonyms_release(struct synonyms *syn)
{
	strlist_release(&syn->members);
	free(syn->start);
}

/* The longest member that f holds at p as whole words (p is at a word's
 * start), earlier groups winning a tie; its group in *group, or -1. */
static long synonym_at(const struct synonyms *syn, const char *p, size_t *group)
{
	long best = -1;
	size_t best_len = 0;

	for (size_t g = 0; g < syn->ngroups; g++)
		for (size_t m = syn->start[g]; m < syn->start[g + 1]; m++) {
			const char *w = syn->members.items[m];
			size_t len = strlen(w);

			if (len > best_len && strncmp(p, w, len) == 0 &&
			    (p[len] == '\0' || p[len] == ' ')) {
				best = (long)m;
				best_len = len;
				*group = g;
			}
		}
	return best;
}

/* f with every member of a synonym group in it (as whole words, longest
 * first, left to right) put as its group's first member. The caller frees
 * it. */
static char *synonyms_apply(const struct synonyms *syn, const char *f)
{
	struct strbuf sb;
	const char *p = f;

	strbuf_init(&sb);
	while (*p) {
		size_t g = 0, len;
		long m = synonym_at(syn, p, &g);

		if (sb.len)
			strbuf_addc(&sb, ' ');
		if (m >= 0) {
			strbuf_adds(&sb, syn->members.items[syn->start[g]]);
			len = strlen(syn->members.items[m]);
		} else {
			len = strcspn(p, " ");
			strbuf_add(&sb, p, len);
		}
		p += len;
		p += *p == ' ';
	}
	return sb_take(&sb);
}

char *quiz_short_form(const struct question *q, const char *text)
{
	char *f = plain_form(q, text), *out;
	struct synonyms syn;

	if (f[0] == '\0') {
		free(f);
		return normalise(text, q->case_sensitive, true);
	}
	if (q->nsynonyms == 0)
		return f;
	synonyms_load(q, &syn);
	out = synonyms_apply(&syn, f);
	synonyms_release(&syn);
	free(f);
	return out;
}

/* Adds to forms each way of writing f with synonyms swapped for one
 * another, from p on (prefix holds what comes before p), up to max forms. */
static void expand_forms(const struct synonyms *syn, const char *p, struct strbuf *prefix,
                         struct strlist *forms, size_t max)
{
	size_t keep = prefix->len, g = 0, len;
	long m;

	if (forms->n >= max)
		return;
	if (*p == '\0') {
		if (!strlist_has(forms, prefix->buf))
			strlist_add(forms, prefix->buf);
		return;
	}
	if (prefix->len)
		strbuf_addc(prefix, ' ');
	m = synonym_at(syn, p, &g);
	if (m < 0) {
		len = strcspn(p, " ");
		strbuf_add(prefix, p, len);
		p += len;
		expand_forms(syn, p + (*p == ' '), prefix, forms, max);
	} else {
		size_t at = prefix->len;

		len = strlen(syn->members.items[m]);
		p += len;
		p += *p == ' ';
		for (size_t k = syn->start[g]; k < syn->start[g + 1]; k++) {
			prefix->len = at;
			strbuf_adds(prefix, syn->members.items[k]);
			expand_forms(syn, p, prefix, forms, max);
		}
	}
	prefix->len = keep;
	prefix->buf[keep] = '\0';
}

size_t quiz_short_forms(const struct question *q, struct strlist *forms, size_t max)
{
	struct synonyms syn;
	struct strbuf prefix;

	strlist_init(forms);
	synonyms_load(q, &syn);
	strbuf_init(&prefix);
	for (size_t a = 0; a < q->naccepted && forms->n < max; a++) {
		char *f = plain_form(q, q->accepted[a]);

		if (f[0] == '\0') {
			free(f);
			f = normalise(q->accepted[a], q->case_sensitive, true);
			if (!strlist_has(forms, f))
				strlist_add(forms, f);
		} else {
			prefix.len = 0;
			prefix.buf[0] = '\0';
			expand_forms(&syn, f, &prefix, forms, max);
		}
		free(f);
	}
	strbuf_release(&prefix);
	synonyms_release(&syn);
	return forms->n;
}

size_t quiz_short_synonym_forms(const struct question *q, struct strlist *out, size_t max)
{
	struct strlist all;

	strlist_init(out);
	if (q->nsynonyms == 0)
		return 0;
	/* Room for every accepted answer's own form beside the new ones. */
	quiz_short_forms(q, &all, max + q->naccepted);
	for (size_t i = 0; i < all.n && out->n < max; i++) {
		bool own = false;

		for (size_t a = 0; a < q->naccepted && !own; a++) {
			char *f = plain_form(q, q->accepted[a]);

			own = strcmp(f, all.items[i]) == 0;
			free(f);
		}
		if (!own)
			strlist_add(out, all.items[i]);
	}
	strlist_release(&all);
	return out->n;
}

static double grade_short(const struct question *q, const char *text)
{
	struct synonyms syn;
	double got = 0;

	synonyms_load(q, &syn);
	for (size_t i = 0; i < q->naccepted && got == 0; i++) {
		char *want = normalise(q->accepted[i], q->case_sensitive, false);
		char *have = NULL;
		/* An answer that is all punctuation ("@", "#") keeps it. */
		bool keep = want[0] == '\0';

		if (keep) {
			free(want);
			want = normalise(q->accepted[i], q->case_sensitive, true);
		}
		have = normalise(text, q->case_sensitive, keep);
		if (!q->case_sensitive) {
			drop_articles(want);
			drop_articles(have);
		}
		if (!keep && syn.members.n) {
			char *w = synonyms_apply(&syn, want), *h = synonyms_apply(&syn, have);

			free(want);
			free(have);
			want = w;
			have = h;
		}
		if (have[0] && strcmp(have, want) == 0)
			got = 1;
		free(want);
		free(have);
	}
	synonyms_release(&syn);
	return got;
}

/*
 * Within tolerance, both bounds included. Decimal answers are not exact in
 * binary (0.4 - 0.3 > 0.1), so a margin of a millionth of a millionth of the
 * magnitude is allowed; far below anything a learner could type.
 */
static double grade_numeric(const struct question *q, double x)
{
	double diff = absd(x - q->answer);
	double eps = 1e-12 * maxd(maxd(absd(x), absd(q->answer)), q->tolerance);

	return diff <= q->tolerance + eps ? 1 : 0;
}

double quiz_grade(const struct question *q, const struct quiz_response *r)
{
	size_t right = 0, wrong = 0, ncorrect = 0;
	double f;

	if (response_check(q, r, NULL) < 0)
		return 0;
	switch (q->type) {
	case Q_SINGLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		return q->choices[r->picks[0]].correct ? 1 : 0;
	case Q_MULTIPLE:
		for (size_t i = 0; i < q->nchoices; i++)
			ncorrect += q->choices[i].correct;
		for (size_t k = 0; k < r->npicks; k++) {
			if (q->choices[r->picks[k]].correct)
				right++;
			else
				wrong++;
		}
		/* A question with no correct choice is answered by picking none. */
		if (ncorrect == 0)
			return wrong == 0 ? 1 : 0;
		if (wrong >= right)
			return 0;
		f = (double)(right - wrong) / (double)ncorrect;
		return f > 1 ? 1 : f;
	case Q_ORDERING:
		for (size_t k = 0; k < r->npicks; k++)
			right += r->picks[k] == k;
		return r->npicks ? (double)right / (double)r->npicks : 0;
	case Q_MATCHING:
		/* By text, so two pairs with the same right-hand side both count. */
		for (size_t i = 0; i < r->npicks; i++)
			right += strcmp(q->pairs[r->picks[i]].right, q->pairs[i].right) == 0;
		return r->npicks ? (double)right / (double)r->npicks : 0;
	case Q_SHORT:
		return grade_short(q, r->text);
	case Q_NUMERIC:
		return grade_numeric(q, r->number);
	}
	return 0;
}

void quiz_feedback_init(struct quiz_feedback *fb, const struct question *q, const size_t *order,
                        const struct quiz_response *r)
{
	fb->fraction = quiz_grade(q, r);
	fb->correct = fb->fraction >= 1;
	strlist_init(&fb->choices);
	fb->answer = quiz_render_answer(q, order);
	fb->general = q->feedback;
	if (response_check(q, r, NULL) < 0)
		return;
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		for (size_t p = 0; p < q->nchoices; p++) {
			size_t index = module_index(order, p);
			for (size_t k = 0; k < r->npicks; k++)
				if (r->picks[k] == index && q->choices[index].feedback)
					strlist_addf(&fb->choices, "%c) %s", (char)('a' + (int)p),
					             q->choices[index].feedback);
		}
		break;
	case Q_SHORT:
	case Q_NUMERIC:
	case Q_ORDERING:
	case Q_MATCHING:
		break;
	}
}

void quiz_feedback_release(struct quiz_feedback *fb)
{
	strlist_release(&fb->choices);
	free(fb->answer);
	fb->answer = NULL;
}

/* ---- one attempt ---- */

struct attempt_slot {
	bool answered;
	struct quiz_response response;
	double fraction;
	unsigned long skipped; /* 0, or when it was last skipped (a counter) */
	size_t hints;
};

struct quiz_attempt {
	struct quiz_plan *plan;
	struct attempt_slot *slots;
	unsigned long skips;
	size_t nanswered;
};

struct quiz_attempt *quiz_attempt_new(const struct quiz_plan *plan)
{
	struct quiz_attempt *a = xcalloc(1, sizeof(*a));

	a->plan = plan_copy(plan);
	a->slots = xcalloc(plan->nitems, sizeof(*a->slots));
	for (size_t i = 0; i < plan->nitems; i++)
		quiz_response_init(&a->slots[i].response);
	return a;
}

void quiz_attempt_free(struct quiz_attempt *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->plan->nitems; i++)
		quiz_response_release(&a->slots[i].response);
	free(a->slots);
	quiz_plan_free(a->plan);
	free(a);
}

const struct quiz_plan *quiz_attempt_plan(const struct quiz_attempt *a)
{
	return a->plan;
}

static int slot_open(const struct quiz_attempt *a, size_t index, char **err)
{
	if (index >= a->plan->nitems)
		return util_error(err, "there is no question %zu in this attempt", index + 1);
	if (a->slots[index].answered)
		return util_error(err, "question '%s' is already answered",
		                  a->plan->items[index].question->id);
	return 0;
}

static void slot_record(struct quiz_attempt *a, size_t index, const struct quiz_response *r)
{
	struct attempt_slot *s = &a->slots[index];

	response_copy(&s->response, r);
	s->fraction = quiz_grade(a->plan->items[index].question, r);
	s->answered = true;
	a->nanswered++;
}

int quiz_attempt_restore(struct quiz_attempt *a, const char *question_id, const char *stored,
                         char **err)
{
	struct quiz_response r;
	size_t index;

	for (index = 0; index < a->plan->nitems; index++)
		if (strcmp(a->plan->items[index].question->id, question_id) == 0)
			break;
	if (index == a->plan->nitems)
		return util_error(err, "question '%s' is not part of this attempt", question_id);
	if (a->slots[index].answered)
		return util_error(err, "question '%s' already has an answer", question_id);
	if (quiz_response_decode(a->plan->items[index].question, stored, &r, err) < 0)
		return -1;
	slot_record(a, index, &r);
	quiz_response_release(&r);
	return 0;
}

bool quiz_attempt_next(const struct quiz_attempt *a, size_t *index)
{
	bool found = false;
	unsigned long oldest = 0;

	for (size_t i = 0; i < a->plan->nitems; i++) {
		const struct attempt_slot *s = &a->slots[i];

		if (s->answered)
			continue;
		if (!s->skipped) {
			*index = i;
			return true;
		}
		if (!found || s->skipped < oldest) {
			found = true;
			oldest = s->skipped;
			*index = i;
		}
	}
	return found;
}

int quiz_attempt_answer(struct quiz_attempt *a, size_t index, const struct quiz_response *r,
                        double *fraction, char **err)
{
	if (slot_open(a, index, err) < 0)
		return -1;
	if (response_check(a->plan->items[index].question, r, err) < 0)
		return -1;
	slot_record(a, index, r);
	*fraction = a->slots[index].fraction;
	return 0;
}

void quiz_attempt_resume_skips(struct quiz_attempt *a)
{
	size_t last = a->plan->nitems;

	for (size_t i = 0; i < a->plan->nitems; i++)
		if (a->slots[i].answered)
			last = i;
	if (last == a->plan->nitems)
		return;
	for (size_t i = 0; i < last; i++)
		if (!a->slots[i].answered && !a->slots[i].skipped)
			a->slots[i].skipped = ++a->skips;
}

int quiz_attempt_skip(struct quiz_attempt *a, size_t index, char **err)
{
	if (slot_open(a, index, err) < 0)
		return -1;
	/* A counter rather than a flag, so skipping again moves to the back. */
	a->slots[index].skipped = ++a->skips;
	return 0;
}

int quiz_attempt_hint(struct quiz_attempt *a, size_t index, const char **hint, char **err)
{
	const struct question *q;
	struct attempt_slot *s;

	if (index >= a->plan->nitems)
		return util_error(err, "there is no question %zu in this attempt", index + 1);
	q = a->plan->items[index].question;
	s = &a->slots[index];
	if (q->nhints == 0)
		return util_error(err, "this question has no hints");
	if (s->hints >= q->nhints)
		return util_error(err, "no more hints");
	*hint = q->hints[s->hints++];
	return 0;
}

size_t quiz_attempt_hints_shown(const struct quiz_attempt *a, size_t index)
{
	return index < a->plan->nitems ? a->slots[index].hints : 0;
}

bool quiz_attempt_is_answered(const struct quiz_attempt *a, size_t index)
{
	return index < a->plan->nitems && a->slots[index].answered;
}

const struct quiz_response *quiz_attempt_response(const struct quiz_attempt *a, size_t index)
{
	return quiz_attempt_is_answered(a, index) ? &a->slots[index].response : NULL;
}

double quiz_attempt_fraction(const struct quiz_attempt *a, size_t index)
{
	return quiz_attempt_is_answered(a, index) ? a->slots[index].fraction : 0;
}

size_t quiz_attempt_answered(const struct quiz_attempt *a)
{
	return a->nanswered;
}

bool quiz_attempt_is_finished(const struct quiz_attempt *a)
{
	return a->nanswered == a->plan->nitems;
}

void quiz_attempt_result(const struct quiz_attempt *a, struct quiz_result *res)
{
	const struct quiz_plan *plan = a->plan;

	res->score = 0;
	res->max = 0;
	res->percent = 0;
	res->missed = xcalloc(plan->nitems, sizeof(*res->missed));
	res->nmissed = 0;
	for (size_t i = 0; i < plan->nitems; i++) {
		double w = plan->items[i].question->weight;
		double f = a->slots[i].answered ? a->slots[i].fraction : 0;

		res->score += w * f;
		res->max += w;
		if (f < 1)
			res->missed[res->nmissed++] = i;
	}
	if (res->max > 0) {
		/* Rounded down to 0.1 so 79.96 is never shown as a pass of 80;
		 * the small margin absorbs sums like 0.1 + 0.2 landing just below
		 * their exact value. */
		double tenths = 1000.0 * res->score / res->max + 1e-6;
		res->percent = (double)(unsigned long long)tenths / 10.0;
		if (res->percent > 100)
			res->percent = 100;
	}
	res->passed = res->percent >= (double)plan->quiz->pass_mark;
}

void quiz_result_release(struct quiz_result *res)
{
	free(res->missed);
	res->missed = NULL;
	res->nmissed = 0;
}

/* ---- attempts allowed ---- */

int quiz_attempts_left(const struct quiz *quiz, int finished_attempts, int granted)
{
	long allowed;

	if (quiz->attempts <= 0)
		return QUIZ_ATTEMPTS_UNLIMITED;
	if (finished_attempts < 0)
		finished_attempts = 0;
	if (granted < 0)
		granted = 0;
	allowed = (long)quiz->attempts + granted;
	if (allowed > INT_MAX)
		allowed = INT_MAX;
	return finished_attempts >= allowed ? 0 : (int)(allowed - finished_attempts);
}

bool quiz_may_start(const struct quiz *quiz, int finished_attempts, int granted, char **reason)
{
	long allowed = (long)quiz->attempts + (granted > 0 ? granted : 0);

	if (quiz_attempts_left(quiz, finished_attempts, granted) != 0)
		return true;
	if (allowed == 1)
		util_error(reason, "the one attempt allowed has been used");
	else if (granted > 0)
		util_error(reason, "all %ld attempts have been used (%d of them granted)", allowed,
		           granted);
	else
		util_error(reason, "all %ld attempts have been used", allowed);
	return false;
}
