/*
 * The rules between other systems' question banks and upskill modules: the
 * checks Moodle does not make (fractions off its list, a single-answer
 * question with no right answer, multi-answer fractions not adding to 100),
 * the mapping of each Moodle type onto an upskill one, HTML to plain text,
 * and the module files the questions end up in. Reading the formats is
 * moodle.c's and gift.c's; this file knows neither.
 */
#include "interop.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ----- raw questions ----- */

void raw_init(struct raw_question *r)
{
	memset(r, 0, sizeof(*r));
}

void raw_release(struct raw_question *r)
{
	for (size_t i = 0; i < r->nanswers; i++) {
		free(r->answers[i].text);
		free(r->answers[i].right);
		free(r->answers[i].feedback);
	}
	free(r->answers);
	for (size_t i = 0; i < r->nhints; i++)
		free(r->hints[i]);
	free(r->hints);
	for (size_t i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	free(r->type_name);
	free(r->name);
	free(r->idnumber);
	free(r->text);
	free(r->general_feedback);
	free(r->unit);
	raw_init(r);
}

struct raw_answer *raw_answer_add(struct raw_question *r)
{
	struct raw_answer *a;

	xgrow(&r->answers, &r->answers_cap, r->nanswers + 1, sizeof(*r->answers));
	a = &r->answers[r->nanswers++];
	memset(a, 0, sizeof(*a));
	return a;
}

/* ----- the bank ----- */

void bank_init(struct bank *b, const char *path)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->category = xstrdup("");
	strlist_init(&b->errors);
	strlist_init(&b->notes);
}

static void question_free_heap(struct question *q)
{
	free(q->id);
	free(q->situation);
	free(q->prompt);
	for (size_t i = 0; i < q->nchoices; i++) {
		free(q->choices[i].text);
		free(q->choices[i].feedback);
	}
	free(q->choices);
	for (size_t i = 0; i < q->naccepted; i++)
		free(q->accepted[i]);
	free(q->accepted);
	free(q->unit);
	for (size_t i = 0; i < q->npairs; i++) {
		free(q->pairs[i].left);
		free(q->pairs[i].right);
	}
	free(q->pairs);
	for (size_t i = 0; i < q->nhints; i++)
		free(q->hints[i]);
	free(q->hints);
	free(q->feedback);
}

void bank_release(struct bank *b)
{
	for (size_t i = 0; i < b->nitems; i++) {
		struct bank_item *it = &b->items[i];

		question_free_heap(&it->q);
		free(it->category);
		free(it->name);
		for (size_t j = 0; j < it->ntags; j++)
			free(it->tags[j]);
		free(it->tags);
	}
	free(b->items);
	free(b->category);
	strlist_release(&b->errors);
	strlist_release(&b->notes);
}

static void bank_error(struct bank *b, int line, int col, const char *fmt, ...) UTIL_PRINTF(4, 5);

static void bank_error(struct bank *b, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_addf(&b->errors, "%s:%d:%d: %s", b->path, line, col, msg);
	free(msg);
}

static void bank_warn(struct bank *b, int line, int col, const char *fmt, ...) UTIL_PRINTF(4, 5);

static void bank_warn(struct bank *b, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_addf(&b->notes, "%s:%d:%d: warning: %s", b->path, line, col, msg);
	free(msg);
}

/* ----- text ----- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static bool is_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* A copy of s with XML-invisible controls (C0 but tab and newline, DEL, C1)
 * made spaces: upskill's loader refuses them in course text. */
static char *clean(const char *s)
{
	char *out = xstrdup(s ? s : "");
	unsigned char *p = (unsigned char *)out;

	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			*p = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = ' ';
			p[1] = ' ';
			p++;
		}
	}
	return out;
}

/* Text with white space collapsed, as upskill's loader will see it. */
static char *collapsed(const char *s)
{
	struct strbuf sb;
	bool space = false;

	strbuf_init(&sb);
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addc(&sb, ' ');
		space = false;
		strbuf_addc(&sb, *s);
	}
	return strbuf_detach(&sb);
}

static const struct {
	const char *name;
	const char *utf8;
} entities[] = {
        {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
        {"apos", "'"},        {"nbsp", " "},        {"ndash", "\u2013"},  {"mdash", "\u2014"},
        {"hellip", "\u2026"}, {"lsquo", "\u2018"},  {"rsquo", "\u2019"},  {"ldquo", "\u201c"},
        {"rdquo", "\u201d"},  {"laquo", "\u00ab"},  {"raquo", "\u00bb"},  {"copy", "\u00a9"},
        {"reg", "\u00ae"},    {"trade", "\u2122"},  {"euro", "\u20ac"},   {"pound", "\u00a3"},
        {"deg", "\u00b0"},    {"times", "\u00d7"},  {"divide", "\u00f7"}, {"middot", "\u00b7"},
        {"bull", "\u2022"},   {"eacute", "\u00e9"}, {"egrave", "\u00e8"}, {"agrave", "\u00e0"},
        {"auml", "\u00e4"},   {"ouml", "\u00f6"},   {"uuml", "\u00fc"},   {"szlig", "\u00df"},
        {"ccedil", "\u00e7"}, {"le", "\u2264"},     {"ge", "\u2265"},     {"ne", "\u2260"},
        {"plusmn", "\u00b1"}, {"frac12", "\u00bd"}, {"larr", "\u2190"},   {"rarr", "\u2192"},
};

static void add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		strbuf_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addc(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addc(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addc(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Decodes the entity at *p (just after '&'); false, leaving *p, if it is
 * not one. */
static bool entity(struct strbuf *sb, const char **p)
{
	const char *s = *p, *semi = strchr(s, ';');

	if (!semi || semi - s > 10 || semi == s)
		return false;
	if (*s == '#') {
		char *end;
		unsigned long cp = s[1] == 'x' || s[1] == 'X' ? strtoul(s + 2, &end, 16)
		                                              : strtoul(s + 1, &end, 10);
		if (end != semi)
			return false;
		add_utf8(sb, cp);
		*p = semi + 1;
		return true;
	}
	for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		size_t n = strlen(entities[i].name);

		if ((size_t)(semi - s) == n && strncmp(s, entities[i].name, n) == 0) {
			strbuf_adds(sb, entities[i].utf8);
			*p = semi + 1;
			return true;
		}
	}
	return false;
}

/* What an HTML tag does to the text around it. */
enum brk { BRK_NONE, BRK_LINE, BRK_PARA, BRK_ITEM, BRK_SKIP };

static enum brk tag_break(const char *name, size_t n, bool closing)
{
	static const char *const paras[] = {"p",  "div", "h1", "h2",    "h3",         "h4",  "h5",
	                                    "h6", "ul",  "ol", "table", "blockquote", "pre", NULL};
	static const char *const lines[] = {"br", "tr", "dt", "dd", NULL};

	for (size_t i = 0; paras[i]; i++)
		if (strlen(paras[i]) == n && strncasecmp(name, paras[i], n) == 0)
			return BRK_PARA;
	for (size_t i = 0; lines[i]; i++)
		if (strlen(lines[i]) == n && strncasecmp(name, lines[i], n) == 0)
			return BRK_LINE;
	if (n == 2 && strncasecmp(name, "li", 2) == 0)
		return closing ? BRK_LINE : BRK_ITEM;
	if ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
	    (n == 5 && strncasecmp(name, "style", 5) == 0))
		return closing ? BRK_NONE : BRK_SKIP;
	return BRK_NONE;
}

/* The value of attribute attr in the tag text [from, to), in out (at most
 * size - 1 bytes, quoted or not, "type = \"a\"" too); false if it is not
 * there. */
static bool tag_attr(const char *from, const char *to, const char *attr, char *out, size_t size)
{
	size_t n = strlen(attr);

	for (const char *p = from; p + n <= to; p++) {
		const char *v;
		char quote = 0;
		size_t len = 0;

		if (strncasecmp(p, attr, n) != 0 || !isspace((unsigned char)p[-1]))
			continue;
		v = p + n;
		while (v < to && isspace((unsigned char)*v))
			v++;
		if (v >= to || *v != '=')
			continue;
		v++;
		while (v < to && isspace((unsigned char)*v))
			v++;
		if (v < to && (*v == '"' || *v == '\''))
			quote = *v++;
		while (v + len < to && len + 1 < size &&
		       (quote ? v[len] != quote : !isspace((unsigned char)v[len]) && v[len] != '/'))
			len++;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

/* An open list: an ordered one numbers its items as its type says (1, a,
 * A, i or I), an unordered one marks them "- ". */
struct html_list {
	bool ordered;
	char type;
	long next;
};

#define HTML_LISTS 16

/* The marker of an ordered list's n-th item, as a browser shows it. */
static void add_marker(struct strbuf *sb, char type, long n)
{
	static const struct {
		int value;
		const char *digits;
	} roman[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
	             {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
	             {5, "v"},    {4, "iv"},   {1, "i"}};

	if ((type == 'a' || type == 'A') && n > 0) {
		char letters[16];
		int len = 0;

		for (long k = n; k > 0 && len < (int)sizeof(letters); k = (k - 1) / 26)
			letters[len++] = (char)((type == 'a' ? 'a' : 'A') + (k - 1) % 26);
		while (len > 0)
			strbuf_addc(sb, letters[--len]);
	} else if ((type == 'i' || type == 'I') && n > 0 && n < 4000) {
		long k = n;

		for (size_t i = 0; i < sizeof(roman) / sizeof(roman[0]); i++)
			for (; k >= roman[i].value; k -= roman[i].value)
				for (const char *d = roman[i].digits; *d; d++)
					strbuf_addc(sb, type == 'i'
					                        ? *d
					                        : (char)toupper((unsigned char)*d));
	} else {
		strbuf_addf(sb, "%ld", n);
	}
	strbuf_adds(sb, ". ");
}

/* A list opens or closes: the stack of open lists follows. Lists nested
 * deeper than HTML_LISTS are counted but not numbered. */
static void list_tag(struct html_list *lists, int *depth, const char *name, size_t n, bool closing,
                     const char *attrs, const char *close)
{
	bool ordered = n == 2 && strncasecmp(name, "ol", 2) == 0;
	char value[16];

	if (!ordered && !(n == 2 && strncasecmp(name, "ul", 2) == 0))
		return;
	if (closing) {
		if (*depth > 0)
			(*depth)--;
		return;
	}
	if (*depth < HTML_LISTS) {
		struct html_list *l = &lists[*depth];

		l->ordered = ordered;
		l->type = '1';
		l->next = 1;
		if (ordered && tag_attr(attrs, close, "type", value, sizeof(value)) &&
		    strlen(value) == 1 && strchr("1aAiI", value[0]))
			l->type = value[0];
		if (ordered && tag_attr(attrs, close, "start", value, sizeof(value))) {
			char *end;
			long start = strtol(value, &end, 10);

			if (end != value && *end == '\0')
				l->next = start;
		}
	}
	(*depth)++;
}

/* Adds a break: at most one blank line, none at the start. */
static void add_break(struct strbuf *sb, int newlines)
{
	int have = 0;

	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	if (sb->len == 0)
		return;
	for (size_t i = sb->len; i > 0 && sb->buf[i - 1] == '\n'; i--)
		have++;
	for (; have < newlines; have++)
		strbuf_addc(sb, '\n');
}

char *interop_html_text(const char *html)
{
	struct strbuf sb;
	const char *p = html ? html : "";
	struct html_list lists[HTML_LISTS];
	int depth = 0;

	strbuf_init(&sb);
	while (*p) {
		if (*p == '<') {
			bool closing = p[1] == '/';
			const char *name = p + 1 + closing, *close;
			size_t n = 0;

			if (strncmp(p, "<!--", 4) == 0) {
				close = strstr(p + 4, "-->");
				p = close ? close + 3 : p + strlen(p);
				continue;
			}
			while (isalnum((unsigned char)name[n]))
				n++;
			close = strchr(p, '>');
			if (!close || (n == 0 && !closing && name[0] != '!')) {
				/* A lone '<' is text. */
				strbuf_addc(&sb, *p++);
				continue;
			}
			list_tag(lists, &depth, name, n, closing, name + n, close);
			switch (tag_break(name, n, closing)) {
			case BRK_PARA:
				add_break(&sb, 2);
				break;
			case BRK_LINE:
				add_break(&sb, 1);
				break;
			case BRK_ITEM:
				add_break(&sb, 1);
				if (depth > 0 && depth <= HTML_LISTS && lists[depth - 1].ordered)
					add_marker(&sb, lists[depth - 1].type,
					           lists[depth - 1].next++);
				else
					strbuf_adds(&sb, "- ");
				break;
			case BRK_SKIP: {
				char closer[16];
				const char *stop;

				snprintf(closer, sizeof(closer), "</%.*s", (int)n, name);
				stop = strstr(close, closer);
				close = stop ? strchr(stop, '>') : NULL;
				if (!close)
					close = p + strlen(p) - 1;
				break;
			}
			case BRK_NONE:
				if (n == 3 && strncasecmp(name, "img", 3) == 0)
					strbuf_adds(&sb, " [image] ");
				break;
			}
			p = close + 1;
		} else if (*p == '&') {
			p++;
			if (!entity(&sb, &p))
				strbuf_addc(&sb, '&');
		} else if (isspace((unsigned char)*p) ||
		           ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)) {
			/* A no-break space (U+00A0, as HTML editors leave them,
			 * "<p>\u00a0</p>") is a space, as &nbsp; is. */
			if (sb.len > 0 && sb.buf[sb.len - 1] != ' ' && sb.buf[sb.len - 1] != '\n')
				strbuf_addc(&sb, ' ');
			p += isspace((unsigned char)*p) ? 1 : 2;
		} else {
			/* A run of plain text at once: most of a question bank is. */
			size_t n = strcspn(p, "<& \t\n\r\f\v\xc2");

			strbuf_add(&sb, p, n ? n : 1);
			p += n ? n : 1;
		}
	}
	/* No space at the start of a line or at the end; in place, since
	 * the text only gets shorter. */
	if (!sb.buf)
		return xstrdup("");
	{
		size_t out = 0;

		for (size_t i = 0; i < sb.len; i++) {
			char c = sb.buf[i];

			if (c == ' ' && (out == 0 || sb.buf[out - 1] == '\n'))
				continue;
			if (c == '\n')
				while (out > 0 && sb.buf[out - 1] == ' ')
					out--;
			sb.buf[out++] = c;
		}
		while (out > 0 && (sb.buf[out - 1] == ' ' || sb.buf[out - 1] == '\n'))
			out--;
		sb.buf[out] = '\0';
		sb.len = out;
	}
	return strbuf_detach(&sb);
}

char *interop_slug(const char *name)
{
	struct strbuf sb;
	bool dash = false;

	strbuf_init(&sb);
	for (const char *p = name ? name : ""; *p && sb.len < 64; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) && c < 0x80) {
			if (dash && sb.len > 0 && sb.len < 63)
				strbuf_addc(&sb, '-');
			dash = false;
			strbuf_addc(&sb, (char)tolower(c));
		} else if (c == '_' && sb.len > 0) {
			strbuf_addc(&sb, '_');
		} else {
			dash = true;
		}
	}
	while (sb.len > 0 && (sb.buf[sb.len - 1] == '-' || sb.buf[sb.len - 1] == '_'))
		sb.buf[--sb.len] = '\0';
	if (sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* ----- fractions ----- */

/* The grades Moodle's editing form offers (question/engine/lib.php,
 * question_bank::fraction_options_full), as percentages. */
static const double moodle_fractions[] = {
        100, 90, 83.33333, 80,       75,       70,   66.66667, 60, 50, 40, 33.33333,
        30,  25, 20,       16.66667, 14.28571, 12.5, 11.11111, 10, 5,  0,
};

bool interop_fraction_ok(double f)
{
	double a = fabs(f);

	for (size_t i = 0; i < sizeof(moodle_fractions) / sizeof(moodle_fractions[0]); i++)
		if (fabs(a - moodle_fractions[i]) < 0.0005)
			return true;
	return false;
}

/* ----- mapping ----- */

static bool has_tag(const struct raw_question *r, const char *tag)
{
	for (size_t i = 0; i < r->ntags; i++)
		if (strcmp(r->tags[i], tag) == 0)
			return true;
	return false;
}

static const char *name_of(const struct raw_question *r)
{
	return r->name && *r->name ? r->name : "(no name)";
}

static void choice_push(struct question *q, const char *text, bool correct, const char *feedback)
{
	q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof(*q->choices));
	q->choices[q->nchoices].text = clean(text);
	q->choices[q->nchoices].correct = correct;
	q->choices[q->nchoices].feedback = is_blank(feedback) ? NULL : clean(feedback);
	q->nchoices++;
}

/* Answers upskill would take for the same text (after collapsing spaces)
 * must differ: its loader refuses a repeated choice. */
static bool repeats(struct bank *b, const struct raw_question *r, const char *what,
                    const char *const *texts, size_t n, const int *lines, const int *cols)
{
	bool bad = false;

	for (size_t i = 1; i < n; i++) {
		char *a = collapsed(texts[i]);

		for (size_t j = 0; j < i; j++) {
			char *c = collapsed(texts[j]);
			bool same = strcmp(a, c) == 0;

			free(c);
			if (same) {
				bank_error(b, lines[i], cols[i],
				           "question '%s' has the %s '%s' twice", name_of(r), what,
				           a);
				bad = true;
				break;
			}
		}
		free(a);
	}
	return bad;
}

/* Checks every answer's fraction; false if one is off Moodle's list. */
static bool fractions_ok(struct bank *b, const struct raw_question *r)
{
	bool ok = true;

	for (size_t i = 0; i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];

		if (a->has_fraction && !interop_fraction_ok(a->fraction)) {
			bank_error(
			        b, a->line, a->col,
			        "question '%s': fraction %g%% is not one Moodle allows "
			        "(100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, "
			        "30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, or "
			        "minus one of them)",
			        name_of(r), a->fraction);
			ok = false;
		}
	}
	return ok;
}

static bool map_choice(struct bank *b, const struct raw_question *r, struct question *q)
{
	const char **texts = xcalloc(r->nanswers + 1, sizeof(*texts));
	int *lines = xcalloc(r->nanswers + 1, sizeof(int)),
	    *cols = xcalloc(r->nanswers + 1, sizeof(int));
	size_t nright = 0;
	double positive = 0, first_positive = -1;
	bool ok = fractions_ok(b, r), unequal = false;

	for (size_t i = 0; i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];

		texts[i] = a->text ? a->text : "";
		lines[i] = a->line;
		cols[i] = a->col;
		if (is_blank(a->text)) {
			bank_error(b, a->line, a->col, "question '%s' has an answer with no text",
			           name_of(r));
			ok = false;
		}
		if (a->fraction > 0) {
			positive += a->fraction;
			if (first_positive < 0)
				first_positive = a->fraction;
			else if (fabs(first_positive - a->fraction) > 0.0005)
				unequal = true;
		}
		if (r->single && a->fraction >= 99.9995)
			nright++;
	}
	if (r->nanswers < 2 || r->nanswers > 26) {
		bank_error(b, r->line, r->col,
		           "question '%s' has %zu answers; upskill needs 2 to 26", name_of(r),
		           r->nanswers);
		ok = false;
	}
	if (ok && repeats(b, r, "answer", texts, r->nanswers, lines, cols))
		ok = false;
	if (r->single) {
		if (nright == 0) {
			bank_error(b, r->line, r->col,
			           "question '%s' is single-answer but no answer is worth 100%%",
			           name_of(r));
			ok = false;
		} else if (nright > 1) {
			bank_error(b, r->line, r->col,
			           "question '%s' has %zu answers worth 100%%; upskill's single "
			           "choice "
			           "has exactly one right answer",
			           name_of(r), nright);
			ok = false;
		}
		for (size_t i = 0; ok && i < r->nanswers; i++)
			if (r->answers[i].fraction > 0 && r->answers[i].fraction < 99.9995)
				bank_warn(b, r->answers[i].line, r->answers[i].col,
				          "question '%s': partial credit (%g%%) for '%s' is not "
				          "kept; "
				          "it counts as wrong",
				          name_of(r), r->answers[i].fraction, r->answers[i].text);
	} else {
		if (fabs(positive - 100) > 0.01) {
			bank_error(
			        b, r->line, r->col,
			        "question '%s' allows several answers but its positive fractions "
			        "add up to %g%%, not 100%%",
			        name_of(r), positive);
			ok = false;
		} else if (unequal) {
			bank_warn(b, r->line, r->col,
			          "question '%s': unequal fractions become equal credit for each "
			          "right "
			          "answer",
			          name_of(r));
		}
	}
	if (ok) {
		bool scenario = r->single && has_tag(r, INTEROP_SCENARIO_TAG);
		const char *split = scenario && r->text ? strstr(r->text, "\n\n") : NULL;

		for (size_t i = 0; i < r->nanswers; i++)
			if (scenario && is_blank(r->answers[i].feedback))
				scenario = false;
		if (scenario && split) {
			const char *last = split;

			while ((split = strstr(last + 2, "\n\n")))
				last = split;
			q->type = Q_SCENARIO;
			q->situation = xstrndup(r->text, (size_t)(last - r->text));
			free(q->prompt);
			q->prompt = clean(last + 2);
		} else {
			q->type = r->single ? Q_SINGLE : Q_MULTIPLE;
		}
		for (size_t i = 0; i < r->nanswers; i++) {
			const struct raw_answer *a = &r->answers[i];

			choice_push(q, a->text,
			            r->single ? a->fraction >= 99.9995 : a->fraction > 0,
			            a->feedback);
		}
	}
	free(texts);
	free(lines);
	free(cols);
	return ok;
}

static bool map_truefalse(struct bank *b, const struct raw_question *r, struct question *q)
{
	int answer = -1;
	const char *fb[2] = {NULL, NULL}; /* false, true */

	for (size_t i = 0; i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];
		int value;

		if (a->text && strcasecmp(a->text, "true") == 0)
			value = 1;
		else if (a->text && strcasecmp(a->text, "false") == 0)
			value = 0;
		else {
			bank_error(b, a->line, a->col,
			           "question '%s': a true/false answer must be 'true' or 'false', "
			           "not '%s'",
			           name_of(r), a->text ? a->text : "");
			return false;
		}
		fb[value] = a->feedback;
		if (a->fraction >= 99.9995) {
			if (answer >= 0 && answer != value) {
				bank_error(b, a->line, a->col,
				           "question '%s': both answers are worth 100%%",
				           name_of(r));
				return false;
			}
			answer = value;
		}
	}
	if (answer < 0) {
		bank_error(b, r->line, r->col,
		           "question '%s' is true/false but neither answer is "
		           "worth 100%%",
		           name_of(r));
		return false;
	}
	q->type = Q_TRUEFALSE;
	/* As the loader makes them: True, then False; feedback by answer given. */
	choice_push(q, "True", answer == 1, fb[1]);
	choice_push(q, "False", answer == 0, fb[0]);
	return true;
}

static bool map_short(struct bank *b, const struct raw_question *r, struct question *q)
{
	bool ok = fractions_ok(b, r);

	q->type = Q_SHORT;
	q->case_sensitive = r->usecase;
	for (size_t i = 0; ok && i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];

		if (a->fraction < 99.9995) {
			if (a->fraction > 0)
				bank_warn(
				        b, a->line, a->col,
				        "question '%s': partial credit (%g%%) for '%s' is not kept",
				        name_of(r), a->fraction, a->text ? a->text : "");
			continue;
		}
		if (is_blank(a->text)) {
			bank_error(b, a->line, a->col, "question '%s' has an answer with no text",
			           name_of(r));
			ok = false;
			continue;
		}
		if (strchr(a->text, '*')) {
			bank_warn(
			        b, a->line, a->col,
			        "question '%s': the answer '%s' uses Moodle's wildcard '*', which "
			        "upskill does not have; it is left out",
			        name_of(r), a->text);
			continue;
		}
		q->accepted = xrealloc(q->accepted, (q->naccepted + 1) * sizeof(*q->accepted));
		q->accepted[q->naccepted++] = clean(a->text);
	}
	if (ok && q->naccepted == 0) {
		bank_error(b, r->line, r->col,
		           "question '%s' has no answer worth 100%% that upskill "
		           "can check",
		           name_of(r));
		ok = false;
	}
	return ok;
}

/* A number as Moodle and GIFT write it: a dot for the decimal point,
 * whatever the locale of this process. */
bool interop_number(const char *s, double *out)
{
	locale_t c, old;
	char *end;
	double v;

	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+' ||
		      *p == 'e' || *p == 'E' || isspace((unsigned char)*p)))
			return false;
	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	old = c ? uselocale(c) : (locale_t)0;
	v = strtod(s, &end);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	while (isspace((unsigned char)*end))
		end++;
	if (*end || end == s || !isfinite(v))
		return false;
	*out = v;
	return true;
}

void interop_add_number(struct strbuf *sb, double v, int decimals)
{
	char buf[400];
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	char *e;

	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	e = buf + strlen(buf) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	strbuf_adds(sb, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static bool map_numerical(struct bank *b, const struct raw_question *r, struct question *q)
{
	bool ok = fractions_ok(b, r), found = false;

	q->type = Q_NUMERIC;
	for (size_t i = 0; i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];
		double v;

		if (a->text && strcmp(a->text, "*") == 0)
			continue;
		if (!interop_number(a->text, &v)) {
			bank_error(b, a->line, a->col,
			           "question '%s': the numeric answer '%s' is not a number (Moodle "
			           "would take any answer as right)",
			           name_of(r), a->text ? a->text : "");
			ok = false;
			continue;
		}
		if (a->tolerance < 0 || !isfinite(a->tolerance)) {
			bank_error(b, a->line, a->col,
			           "question '%s': the tolerance of '%s' is negative", name_of(r),
			           a->text);
			ok = false;
			continue;
		}
		if (a->fraction < 99.9995)
			continue;
		if (found) {
			bank_warn(
			        b, a->line, a->col,
			        "question '%s': only the first right answer is kept; '%s' is left "
			        "out",
			        name_of(r), a->text);
			continue;
		}
		found = true;
		q->answer = v;
		q->tolerance = a->tolerance;
	}
	if (ok && !found) {
		bank_error(b, r->line, r->col, "question '%s' has no numeric answer worth 100%%",
		           name_of(r));
		ok = false;
	}
	if (ok && !is_blank(r->unit))
		q->unit = clean(r->unit);
	return ok;
}

static bool map_matching(struct bank *b, const struct raw_question *r, struct question *q)
{
	const char **lefts = xcalloc(r->nanswers + 1, sizeof(*lefts));
	int *lines = xcalloc(r->nanswers + 1, sizeof(int)),
	    *cols = xcalloc(r->nanswers + 1, sizeof(int));
	size_t n = 0;
	bool ok = true;

	q->type = Q_MATCHING;
	for (size_t i = 0; i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];

		if (is_blank(a->right)) {
			bank_error(b, a->line, a->col,
			           "question '%s' has a pair with no right-hand side", name_of(r));
			ok = false;
			continue;
		}
		if (is_blank(a->text)) {
			bank_warn(b, a->line, a->col,
			          "question '%s': the extra answer '%s' (a distractor) is not kept",
			          name_of(r), a->right);
			continue;
		}
		lefts[n] = a->text;
		lines[n] = a->line;
		cols[n] = a->col;
		n++;
	}
	if (ok && (n < 2 || n > 26)) {
		bank_error(b, r->line, r->col, "question '%s' has %zu pairs; upskill needs 2 to 26",
		           name_of(r), n);
		ok = false;
	}
	if (ok && repeats(b, r, "left-hand side", lefts, n, lines, cols))
		ok = false;
	for (size_t i = 0; ok && i < r->nanswers; i++) {
		const struct raw_answer *a = &r->answers[i];

		if (is_blank(a->text))
			continue;
		q->pairs = xrealloc(q->pairs, (q->npairs + 1) * sizeof(*q->pairs));
		q->pairs[q->npairs].left = clean(a->text);
		q->pairs[q->npairs].right = clean(a->right);
		q->npairs++;
	}
	free(lefts);
	free(lines);
	free(cols);
	return ok;
}

static bool map_ordering(struct bank *b, const struct raw_question *r, struct question *q)
{
	const char **texts = xcalloc(r->nanswers + 1, sizeof(*texts));
	int *lines = xcalloc(r->nanswers + 1, sizeof(int)),
	    *cols = xcalloc(r->nanswers + 1, sizeof(int));
	bool ok = true;

	q->type = Q_ORDERING;
	for (size_t i = 0; i < r->nanswers; i++) {
		texts[i] = r->answers[i].text ? r->answers[i].text : "";
		lines[i] = r->answers[i].line;
		cols[i] = r->answers[i].col;
		if (is_blank(r->answers[i].text)) {
			bank_error(b, lines[i], cols[i], "question '%s' has an item with no text",
			           name_of(r));
			ok = false;
		}
	}
	if (r->nanswers < 2 || r->nanswers > 26) {
		bank_error(b, r->line, r->col, "question '%s' has %zu items; upskill needs 2 to 26",
		           name_of(r), r->nanswers);
		ok = false;
	}
	if (ok && repeats(b, r, "item", texts, r->nanswers, lines, cols))
		ok = false;
	for (size_t i = 0; ok && i < r->nanswers; i++)
		choice_push(q, r->answers[i].text, false, NULL);
	free(texts);
	free(lines);
	free(cols);
	return ok;
}

void interop_add(struct bank *b, const struct raw_question *r)
{
	struct bank_item it;
	struct question *q = &it.q;
	bool ok = false;

	if (r->type == RAW_CATEGORY) {
		free(b->category);
		b->category = xstrdup(r->text ? r->text : "");
		return;
	}
	if (r->type == RAW_OTHER) {
		strlist_addf(&b->notes, "%s:%d: skipped %s question '%s'", b->path, r->line,
		             r->type_name ? r->type_name : "unknown", name_of(r));
		b->nskipped++;
		return;
	}
	memset(&it, 0, sizeof(it));
	it.line = r->line;
	if (is_blank(r->text)) {
		bank_error(b, r->line, r->col, "question '%s' has no text (once HTML is removed)",
		           name_of(r));
		b->nbad++;
		return;
	}
	q->prompt = clean(r->text);
	q->weight = 1;
	if (r->defaultgrade > 0) {
		if (r->defaultgrade > 100) {
			bank_error(b, r->line, r->col,
			           "question '%s': a default mark of %g is more than upskill's 100",
			           name_of(r), r->defaultgrade);
			question_free_heap(q);
			b->nbad++;
			return;
		}
		q->weight = r->defaultgrade;
	}
	switch (r->type) {
	case RAW_MULTICHOICE:
		ok = map_choice(b, r, q);
		break;
	case RAW_TRUEFALSE:
		ok = map_truefalse(b, r, q);
		break;
	case RAW_SHORTANSWER:
		ok = map_short(b, r, q);
		break;
	case RAW_NUMERICAL:
		ok = map_numerical(b, r, q);
		break;
	case RAW_MATCHING:
		ok = map_matching(b, r, q);
		break;
	case RAW_ORDERING:
		ok = map_ordering(b, r, q);
		break;
	case RAW_DESCRIPTION:
		it.page = true;
		ok = true;
		break;
	case RAW_CATEGORY:
	case RAW_OTHER:
		break;
	}
	if (!ok) {
		question_free_heap(q);
		b->nbad++;
		return;
	}
	for (size_t i = 0; i < r->nhints; i++) {
		if (is_blank(r->hints[i]))
			continue;
		q->hints = xrealloc(q->hints, (q->nhints + 1) * sizeof(*q->hints));
		q->hints[q->nhints++] = clean(r->hints[i]);
	}
	if (!is_blank(r->general_feedback))
		q->feedback = clean(r->general_feedback);
	it.name = dup_or_null(r->name);
	/* An id that is already a valid upskill id is kept as it is, so a
	 * module sent to Moodle and back keeps its question ids. */
	{
		char *slug = interop_slug(r->idnumber);

		if (!slug || strcmp(slug, r->idnumber) != 0) {
			free(slug);
			slug = interop_slug(r->name);
		}
		q->id = slug;
	}
	it.category = xstrdup(b->category);
	for (size_t i = 0; i < r->ntags; i++) {
		if (strcmp(r->tags[i], INTEROP_SCENARIO_TAG) == 0)
			continue;
		it.tags = xrealloc(it.tags, (it.ntags + 1) * sizeof(*it.tags));
		it.tags[it.ntags++] = clean(r->tags[i]);
	}
	xgrow(&b->items, &b->items_cap, b->nitems + 1, sizeof(*b->items));
	b->items[b->nitems++] = it;
	if (it.page)
		b->npages++;
	else
		b->counts[q->type]++;
}

/* ----- module files ----- */

static void add_escaped(struct strbuf *sb, const char *s, bool attr)
{
	for (; *s; s++) {
		size_t n = strcspn(s, "&<>\"\n\t");

		if (n) {
			strbuf_add(sb, s, n);
			s += n - 1;
			continue;
		}
		switch (*s) {
		case '&':
			strbuf_adds(sb, "&amp;");
			break;
		case '<':
			strbuf_adds(sb, "&lt;");
			break;
		case '>':
			strbuf_adds(sb, "&gt;");
			break;
		case '"':
			strbuf_adds(sb, attr ? "&quot;" : "\"");
			break;
		case '\n':
		case '\t':
			strbuf_adds(sb, attr ? " " : (*s == '\n' ? "\n" : "\t"));
			break;
		default:
			strbuf_addc(sb, *s);
		}
	}
}

static void add_elem(struct strbuf *sb, const char *indent, const char *name, const char *text)
{
	strbuf_addf(sb, "%s<%s>", indent, name);
	add_escaped(sb, text, false);
	strbuf_addf(sb, "</%s>\n", name);
}

static void add_attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	add_escaped(sb, value, true);
	strbuf_addc(sb, '"');
}

/* A number as the schema's xs:decimal takes it: no exponent, a dot. */
static void add_decimal(struct strbuf *sb, const char *name, double v)
{
	struct strbuf n;

	strbuf_init(&n);
	interop_add_number(&n, v, 10);
	add_attr(sb, name, n.buf);
	strbuf_release(&n);
}

static const char *const tag_of[Q_TYPE_COUNT] = {
        [Q_SINGLE] = "single",     [Q_MULTIPLE] = "multiple", [Q_TRUEFALSE] = "truefalse",
        [Q_SHORT] = "short",       [Q_NUMERIC] = "numeric",   [Q_ORDERING] = "ordering",
        [Q_MATCHING] = "matching", [Q_SCENARIO] = "scenario",
};

static void write_question(struct strbuf *sb, const struct bank_item *it, const char *id)
{
	const struct question *q = &it->q;
	const char *tag = tag_of[q->type];

	if (it->ntags) {
		/* The course format has no tags; they are kept where a reader
		 * finds them ("--" may not appear in a comment). */
		strbuf_adds(sb, "    <!-- tags:");
		for (size_t i = 0; i < it->ntags; i++) {
			strbuf_addc(sb, ' ');
			for (const char *p = it->tags[i]; *p; p++)
				if (!(p[0] == '-' && (p[1] == '-' || p[1] == '\0')))
					strbuf_addc(sb, *p);
		}
		strbuf_adds(sb, " -->\n");
	}
	strbuf_addf(sb, "    <%s", tag);
	add_attr(sb, "id", id);
	if (q->weight != 1)
		add_decimal(sb, "weight", q->weight);
	if (q->type == Q_TRUEFALSE) {
		add_attr(sb, "answer", q->choices[0].correct ? "true" : "false");
		if (q->choices[0].feedback)
			add_attr(sb, "feedback-true", q->choices[0].feedback);
		if (q->choices[1].feedback)
			add_attr(sb, "feedback-false", q->choices[1].feedback);
	}
	if (q->type == Q_SHORT && q->case_sensitive)
		add_attr(sb, "case-sensitive", "true");
	if (q->type == Q_NUMERIC) {
		add_decimal(sb, "answer", q->answer);
		if (q->tolerance > 0)
			add_decimal(sb, "tolerance", q->tolerance);
		if (q->unit)
			add_attr(sb, "unit", q->unit);
	}
	strbuf_adds(sb, ">\n");
	if (q->type == Q_SCENARIO)
		add_elem(sb, "      ", "situation", q->situation);
	add_elem(sb, "      ", "prompt", q->prompt);
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
		for (size_t i = 0; i < q->nchoices; i++) {
			strbuf_adds(sb, "      <choice");
			if (q->choices[i].correct)
				add_attr(sb, "correct", "true");
			if (q->choices[i].feedback)
				add_attr(sb, "feedback", q->choices[i].feedback);
			strbuf_adds(sb, ">");
			add_escaped(sb, q->choices[i].text, false);
			strbuf_adds(sb, "</choice>\n");
		}
		break;
	case Q_SHORT:
		for (size_t i = 0; i < q->naccepted; i++)
			add_elem(sb, "      ", "accept", q->accepted[i]);
		break;
	case Q_ORDERING:
		for (size_t i = 0; i < q->nchoices; i++)
			add_elem(sb, "      ", "item", q->choices[i].text);
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs; i++) {
			strbuf_adds(sb, "      <pair");
			add_attr(sb, "left", q->pairs[i].left);
			add_attr(sb, "right", q->pairs[i].right);
			strbuf_adds(sb, "/>\n");
		}
		break;
	case Q_TRUEFALSE:
	case Q_NUMERIC:
		break;
	}
	for (size_t i = 0; i < q->nhints; i++)
		add_elem(sb, "      ", "hint", q->hints[i]);
	if (q->feedback)
		add_elem(sb, "      ", "feedback", q->feedback);
	strbuf_addf(sb, "    </%s>\n", tag);
}

/* A lesson page from a text-only item: blank lines part paragraphs, lines
 * starting "- " make a list. */
static void write_page(struct strbuf *sb, const char *title, const char *text)
{
	const char *p = text;
	bool in_list = false;

	strbuf_adds(sb, "  <lesson");
	add_attr(sb, "title", title);
	strbuf_adds(sb, ">\n");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);

		if (util_starts_with(line, "- ") && !is_blank(line + 2)) {
			if (!in_list)
				strbuf_adds(sb, "    <list>\n");
			in_list = true;
			add_elem(sb, "      ", "item", line + 2);
		} else {
			if (in_list)
				strbuf_adds(sb, "    </list>\n");
			in_list = false;
			if (!is_blank(line))
				add_elem(sb, "    ", "p", line);
		}
		free(line);
		p += n + (nl ? 1 : 0);
	}
	if (in_list)
		strbuf_adds(sb, "    </list>\n");
	strbuf_adds(sb, "  </lesson>\n");
}

/* The last part of a category path: "$course$/top/Voice/Tone" is "Tone". */
static const char *category_leaf(const char *cat)
{
	const char *slash = strrchr(cat, '/');

	return slash ? slash + 1 : cat;
}

static char *unique_id(struct strlist *used, const char *want, const char *fallback, size_t n)
{
	char *base = want ? xstrdup(want) : xasprintf("%s%zu", fallback, n);
	char *id = xstrdup(base);

	for (int k = 2; strlist_has(used, id); k++) {
		free(id);
		/* Room for the suffix within 64 characters. */
		id = xasprintf("%.56s-%d", base, k);
	}
	strlist_add(used, id);
	free(base);
	return id;
}

static char *module_xml(const struct bank *b, const struct interop_options *o, const char *id,
                        const char *category, size_t *nq)
{
	struct strbuf sb;
	struct strlist used;
	const char *leaf = category_leaf(category);
	char *title = !is_blank(leaf) ? clean(leaf) : xstrdup(id);
	size_t npages = 0;

	strbuf_init(&sb);
	strlist_init(&used);
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<module");
	add_attr(&sb, "id", id);
	add_attr(&sb, "version", "1");
	add_attr(&sb, "topic", o->topic ? o->topic : "imported");
	strbuf_adds(&sb, ">\n");
	add_elem(&sb, "  ", "title", title);
	{
		char *summary = xasprintf("Questions imported from %s.", o->source);

		add_elem(&sb, "  ", "summary", summary);
		free(summary);
	}
	for (size_t i = 0; i < b->nitems; i++) {
		const struct bank_item *it = &b->items[i];

		if (!it->page || (!o->id && strcmp(it->category, category) != 0))
			continue;
		write_page(&sb, !is_blank(it->name) ? it->name : title, it->q.prompt);
		npages++;
	}
	if (npages == 0) {
		char *p = xasprintf("These questions were imported from %s%s%s.", o->source,
		                    *leaf ? ", category " : "", leaf);
		char *pc = clean(p);

		strbuf_adds(&sb, "  <lesson title=\"About these questions\">\n");
		add_elem(&sb, "    ", "p", pc);
		strbuf_adds(&sb, "  </lesson>\n");
		free(p);
		free(pc);
	}
	strbuf_adds(&sb, "  <quiz>\n");
	*nq = 0;
	for (size_t i = 0; i < b->nitems; i++) {
		const struct bank_item *it = &b->items[i];
		char *qid;

		if (it->page || (!o->id && strcmp(it->category, category) != 0))
			continue;
		qid = unique_id(&used, it->q.id, "q", *nq + 1);
		write_question(&sb, it, qid);
		free(qid);
		(*nq)++;
	}
	strbuf_adds(&sb, "  </quiz>\n</module>\n");
	strlist_release(&used);
	free(title);
	return strbuf_detach(&sb);
}

void interop_modules_free(struct interop_module *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].id);
		free(m[i].xml);
	}
	free(m);
}

int interop_modules(const struct bank *b, const struct interop_options *o,
                    struct interop_module **out, size_t *n, struct strlist *errors)
{
	struct strlist cats, ids;
	struct interop_module *mods = NULL;
	size_t nmods = 0;
	int ret = 0;

	*out = NULL;
	*n = 0;
	strlist_init(&cats);
	strlist_init(&ids);
	for (size_t i = 0; i < b->nitems; i++)
		if (!b->items[i].page && !strlist_has(&cats, b->items[i].category))
			strlist_add(&cats, b->items[i].category);
	if (o->id && cats.n > 1) {
		/* All in one module: the categories no longer matter. */
		strlist_release(&cats);
		strlist_init(&cats);
		strlist_add(&cats, "");
	}
	for (size_t i = 0; i < cats.n; i++) {
		struct interop_module *m;
		char *want, *id, *name;
		size_t before = errors->n;

		if (o->id) {
			want = xstrdup(o->id);
		} else {
			want = interop_slug(category_leaf(cats.items[i]));
			if (!want || strcmp(want, "top") == 0 || strcmp(want, "default") == 0) {
				char *base = xstrdup(o->source);
				char *dot = strrchr(base, '.');

				if (dot)
					*dot = '\0';
				free(want);
				want = interop_slug(base);
				free(base);
			}
		}
		id = unique_id(&ids, want, "imported-", i + 1);
		free(want);
		mods = xrealloc(mods, (nmods + 1) * sizeof(*mods));
		m = &mods[nmods++];
		m->id = id;
		m->xml = module_xml(b, o, id, cats.items[i], &m->nquestions);
		/* The file must load as any course file does. */
		name = xasprintf("%s.xml", id);
		if (course_check_memory(name, m->xml, strlen(m->xml), errors) < 0) {
			if (errors->n == before)
				strlist_addf(errors, "%s: the module made does not load", name);
			ret = -1;
		}
		free(name);
	}
	strlist_release(&cats);
	strlist_release(&ids);
	if (ret < 0) {
		interop_modules_free(mods, nmods);
		return -1;
	}
	*out = mods;
	*n = nmods;
	return 0;
}
