/*
 * GIFT, Moodle's plain-text question format, read by a recursive-descent
 * parser and written from a module. The grammar, as Moodle's importer
 * (question/format/gift/format.php) reads it:
 *
 *   file      = { blank-line | comment | category | question }
 *   comment   = "//" ... end of line      ("// [id:X] [tag:Y]" name a question)
 *   category  = "$CATEGORY:" path
 *   question  = lines up to a blank line:
 *               [ "::" title "::" ] [ "[" format "]" ] text [ "{" answers "}" [ text ] ]
 *   answers   = ""                                  essay
 *             | ("T" | "TRUE" | "F" | "FALSE") [ "#" fb [ "#" fb ] ]
 *             | "#" number-answers                  numerical
 *             | { ("=" | "~") [ "%" weight "%" ] text [ "->" text ] [ "#" fb ] }
 *               [ "####" general-feedback ]
 *   number    = value [ ":" tolerance ] | min ".." max
 *
 * Text escapes special characters with a backslash: \~ \= \# \{ \} \: \\,
 * and \n is a line break. Every problem is reported with its line and
 * column; the mapping onto upskill's types is interop.c's.
 */
#include "gift.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quiz.h"

/* The parser: the whole text, where it is, and the start of each line so
 * an offset can be told as line and column. */
struct gift {
	struct bank *b;
	const char *s;
	size_t len;
	size_t pos;
	size_t *lines; /* offsets where lines start */
	size_t nlines;
	size_t end; /* the end of the question being read */
	bool bad;   /* the question being read has a problem */
};

static void where(const struct gift *g, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = g->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (g->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	/* Columns count characters, not bytes. */
	*col = 1;
	for (size_t i = g->lines[lo]; i < off && i < g->len; i++)
		if (((unsigned char)g->s[i] & 0xc0) != 0x80)
			(*col)++;
}

static void gift_error(struct gift *g, size_t off, const char *fmt, ...) UTIL_PRINTF(3, 4);

static void gift_error(struct gift *g, size_t off, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int line, col;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	where(g, off, &line, &col);
	strlist_addf(&g->b->errors, "%s:%d:%d: %s", g->b->path, line, col, msg);
	free(msg);
	g->bad = true;
}

static bool at(const struct gift *g, const char *lit)
{
	size_t n = strlen(lit);

	return g->pos + n <= g->end && strncmp(g->s + g->pos, lit, n) == 0;
}

static void skip_space(struct gift *g)
{
	while (g->pos < g->end && isspace((unsigned char)g->s[g->pos]))
		g->pos++;
}

static bool is_special(char c)
{
	return c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':';
}

/*
 * Reads text up to (not including) an unescaped character in stops, or
 * "->" when arrow is true, or the end; backslash escapes are undone.
 * Comment lines inside a question are left out. The caller frees it.
 */
static char *text_until(struct gift *g, const char *stops, bool arrow)
{
	struct strbuf sb;

	strbuf_init(&sb);
	while (g->pos < g->end) {
		char c = g->s[g->pos];

		if (c == '\\' && g->pos + 1 < g->end) {
			char n = g->s[g->pos + 1];

			if (is_special(n) || n == '\\')
				strbuf_addc(&sb, n);
			else if (n == 'n')
				strbuf_addc(&sb, '\n');
			else {
				strbuf_addc(&sb, c);
				strbuf_addc(&sb, n);
			}
			g->pos += 2;
			continue;
		}
		if (strchr(stops, c))
			break;
		if (arrow && at(g, "->"))
			break;
		strbuf_addc(&sb, c);
		g->pos++;
	}
	return strbuf_detach(&sb);
}

static char *trimmed(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
	return s;
}

/* Text in the question's format made plain. */
static char *formatted(char *s, const char *format)
{
	char *t;

	if (strcmp(format, "plain") == 0 || strcmp(format, "markdown") == 0)
		return trimmed(s);
	t = interop_html_text(s);
	free(s);
	return t;
}

/* "%50%" before an answer: the weight, or false (with an error) if it is
 * not a number. */
static bool weight(struct gift *g, struct raw_answer *a)
{
	size_t start = g->pos;
	char *w;
	bool ok;

	if (!at(g, "%"))
		return true;
	g->pos++;
	w = text_until(g, "%", false);
	if (g->pos >= g->end) {
		gift_error(g, start, "the weight '%%%s' has no closing '%%'", w);
		free(w);
		return false;
	}
	g->pos++;
	ok = interop_number(w, &a->fraction);
	if (!ok)
		gift_error(g, start, "the weight '%%%s%%' is not a number", w);
	a->has_fraction = ok;
	free(w);
	return ok;
}

/* "#feedback" after an answer, if there is one (not "####"). */
static char *feedback(struct gift *g, const char *format)
{
	if (!at(g, "#") || at(g, "####"))
		return NULL;
	g->pos++;
	return formatted(text_until(g, "=~#}", false), format);
}

/* One number answer: "value[:tolerance]" or "min..max". */
static void number_answer(struct gift *g, struct raw_answer *a, const char *format)
{
	size_t start = g->pos;
	char *t = trimmed(text_until(g, "=~#}", false));
	char *range = strstr(t, "..");
	char *colon = strchr(t, ':');
	double lo, hi;

	a->line = 0;
	where(g, start, &a->line, &a->col);
	if (range) {
		*range = '\0';
		if (interop_number(t, &lo) && interop_number(range + 2, &hi) && lo <= hi) {
			char buf[64];

			snprintf(buf, sizeof(buf), "%.17g", (lo + hi) / 2);
			a->text = xstrdup(buf);
			a->tolerance = (hi - lo) / 2;
		} else {
			*range = '.';
			a->text = xstrdup(t);
		}
	} else {
		if (colon) {
			*colon = '\0';
			if (!interop_number(colon + 1, &a->tolerance))
				gift_error(g, start, "the tolerance '%s' is not a number",
				           colon + 1);
		}
		a->text = xstrdup(trimmed(t));
	}
	/* A number that is not one is reported by the mapping (which Moodle's
	 * importer would take as "any answer is right"). */
	free(t);
	a->feedback = feedback(g, format);
}

static void numerical(struct gift *g, struct raw_question *r, const char *format)
{
	r->type = RAW_NUMERICAL;
	r->type_name = xstrdup("numerical");
	skip_space(g);
	if (!at(g, "=")) {
		struct raw_answer *a = raw_answer_add(r);

		a->fraction = 100;
		number_answer(g, a, format);
		return;
	}
	while (at(g, "=") || at(g, "~")) {
		struct raw_answer *a = raw_answer_add(r);

		if (at(g, "~")) {
			/* "~#feedback": what any other answer is told, as Moodle
			 * exports its "*" answer; worth nothing. */
			where(g, g->pos, &a->line, &a->col);
			g->pos++;
			skip_space(g);
			if (at(g, "#") && !at(g, "####")) {
				a->text = xstrdup("*");
				a->feedback = feedback(g, format);
			} else {
				number_answer(g, a, format);
			}
			skip_space(g);
			continue;
		}
		g->pos++;
		a->fraction = 100;
		if (!weight(g, a))
			return;
		number_answer(g, a, format);
		skip_space(g);
	}
}

static void truefalse(struct gift *g, struct raw_question *r, bool value, const char *format)
{
	struct raw_answer *t, *f;
	char *wrong = NULL, *right = NULL;

	r->type = RAW_TRUEFALSE;
	r->type_name = xstrdup("truefalse");
	/* Moodle: the first feedback is for a wrong answer, the second for a
	 * right one. */
	if (at(g, "#") && !at(g, "####")) {
		g->pos++;
		wrong = formatted(text_until(g, "#}", false), format);
		if (at(g, "#") && !at(g, "####")) {
			g->pos++;
			right = formatted(text_until(g, "#}", false), format);
		}
	}
	t = raw_answer_add(r);
	t->text = xstrdup("true");
	t->fraction = value ? 100 : 0;
	t->feedback = value ? right : wrong;
	f = raw_answer_add(r);
	f->text = xstrdup("false");
	f->fraction = value ? 0 : 100;
	f->feedback = value ? wrong : right;
}

/* "=a ~b ..." and "=a -> b ...": choices, short answers or pairs. */
static void choices(struct gift *g, struct raw_question *r, const char *format)
{
	bool any_tilde = false, any_equals = false, any_arrow = false;

	while (g->pos < g->end && (at(g, "=") || at(g, "~"))) {
		struct raw_answer *a = raw_answer_add(r);
		bool right = g->s[g->pos] == '=';

		where(g, g->pos, &a->line, &a->col);
		any_equals |= right;
		any_tilde |= !right;
		g->pos++;
		a->fraction = right ? 100 : 0;
		if (!weight(g, a))
			return;
		a->text = formatted(text_until(g, "=~#}", true), format);
		if (at(g, "->")) {
			g->pos += 2;
			any_arrow = true;
			a->right = trimmed(text_until(g, "=~#}", false));
		}
		a->feedback = feedback(g, format);
		skip_space(g);
	}
	if (any_arrow && any_tilde) {
		/* With wrong answers it is a choice, and "->" was text. */
		for (size_t i = 0; i < r->nanswers; i++) {
			struct raw_answer *a = &r->answers[i];

			if (a->right) {
				char *t = xasprintf("%s -> %s", a->text, a->right);

				free(a->text);
				free(a->right);
				a->text = t;
				a->right = NULL;
			}
		}
		any_arrow = false;
	}
	if (any_arrow) {
		r->type = RAW_MATCHING;
		r->type_name = xstrdup("matching");
		for (size_t i = 0; i < r->nanswers; i++)
			if (!r->answers[i].right)
				gift_error(g, g->pos, "question '%s' mixes pairs and other answers",
				           r->name ? r->name : "");
	} else if (any_tilde) {
		r->type = RAW_MULTICHOICE;
		r->type_name = xstrdup("multichoice");
		/* As Moodle decides: one answer is "=" right, or several have
		 * weights. */
		r->single = any_equals;
	} else {
		r->type = RAW_SHORTANSWER;
		r->type_name = xstrdup("shortanswer");
	}
}

/* The answer block, from just after "{" to "}". */
static void answers(struct gift *g, struct raw_question *r, const char *format)
{
	skip_space(g);
	if (at(g, "}")) {
		r->type = RAW_OTHER;
		r->type_name = xstrdup("essay");
	} else if (at(g, "#") && !at(g, "####")) {
		g->pos++;
		numerical(g, r, format);
	} else if (at(g, "=") || at(g, "~")) {
		choices(g, r, format);
	} else {
		size_t start = g->pos;
		char *word = trimmed(text_until(g, "#}", false));

		if (strcasecmp(word, "T") == 0 || strcasecmp(word, "TRUE") == 0)
			truefalse(g, r, true, format);
		else if (strcasecmp(word, "F") == 0 || strcasecmp(word, "FALSE") == 0)
			truefalse(g, r, false, format);
		else if (*word) {
			/* One right short answer needs no '='. */
			struct raw_answer *a = raw_answer_add(r);

			r->type = RAW_SHORTANSWER;
			r->type_name = xstrdup("shortanswer");
			where(g, start, &a->line, &a->col);
			a->fraction = 100;
			a->text = formatted(xstrdup(word), format);
			a->feedback = feedback(g, format);
		} else
			gift_error(g, start,
			           "an answer is missing: answers start with '=' or '~', a number "
			           "with '#', or are TRUE, FALSE or one short answer");
		free(word);
	}
	skip_space(g);
	if (at(g, "####")) {
		g->pos += 4;
		free(r->general_feedback);
		r->general_feedback = formatted(text_until(g, "}", false), format);
	}
	skip_space(g);
	if (!g->bad && !at(g, "}") && g->pos < g->end)
		gift_error(g, g->pos, "unexpected '%c' in the answers", g->s[g->pos]);
}

/* Comment lines before a question may name it: "// [id:X] [tag:Y]". */
static void comment_marks(const char *line, size_t n, char **id, struct strlist *tags)
{
	const char *p = line, *end = line + n;

	while (p < end) {
		const char *open = memchr(p, '[', (size_t)(end - p)), *close;

		if (!open)
			break;
		close = memchr(open, ']', (size_t)(end - open));
		if (!close)
			break;
		if (util_starts_with(open, "[id:") && close - open > 4) {
			free(*id);
			*id = xstrndup(open + 4, (size_t)(close - open - 4));
		} else if (util_starts_with(open, "[tag:") && close - open > 5) {
			char *t = xstrndup(open + 5, (size_t)(close - open - 5));

			strlist_add(tags, t);
			free(t);
		}
		p = close + 1;
	}
}

/* The end of the question starting at pos: the first blank line, or the
 * end of the text. */
static size_t block_end(const struct gift *g, size_t pos)
{
	size_t i = pos;

	while (i < g->len) {
		const char *nl = memchr(g->s + i, '\n', g->len - i);
		size_t next, j;

		if (!nl)
			return g->len;
		next = (size_t)(nl - g->s) + 1;
		for (j = next; j < g->len && g->s[j] != '\n' && isspace((unsigned char)g->s[j]);
		     j++)
			;
		if (j >= g->len || g->s[j] == '\n')
			return next;
		i = next;
	}
	return g->len;
}

static void question(struct gift *g, char *id, struct strlist *tags)
{
	struct raw_question r;
	char *before = NULL, *after = NULL;
	char format[16] = "moodle";
	size_t start = g->pos, open;

	raw_init(&r);
	g->bad = false;
	g->end = block_end(g, g->pos);
	where(g, start, &r.line, &r.col);
	r.idnumber = id;
	for (size_t i = 0; i < tags->n; i++) {
		xgrow(&r.tags, &r.tags_cap, r.ntags + 1, sizeof(*r.tags));
		r.tags[r.ntags++] = xstrdup(tags->items[i]);
	}
	if (at(g, "::")) {
		g->pos += 2;
		r.name = trimmed(text_until(g, ":", false));
		if (!at(g, "::")) {
			gift_error(g, start, "the title has no closing '::'");
			goto done;
		}
		g->pos += 2;
	}
	skip_space(g);
	if (at(g, "[")) {
		size_t fstart = g->pos;
		const char *close = memchr(g->s + g->pos, ']', g->end - g->pos);
		size_t n = close ? (size_t)(close - (g->s + g->pos)) - 1 : 0;

		if (!close || n >= sizeof(format)) {
			gift_error(g, fstart, "'[' starts a text format but has no closing ']'");
			goto done;
		}
		memcpy(format, g->s + g->pos + 1, n);
		format[n] = '\0';
		if (strcmp(format, "html") != 0 && strcmp(format, "moodle") != 0 &&
		    strcmp(format, "plain") != 0 && strcmp(format, "markdown") != 0) {
			gift_error(
			        g, fstart,
			        "unknown text format '[%s]': it is html, moodle, plain or markdown",
			        format);
			goto done;
		}
		g->pos += n + 2;
	}
	before = text_until(g, "{", false);
	if (g->pos >= g->end) {
		/* No answers: text only, a description. */
		r.type = RAW_DESCRIPTION;
		r.type_name = xstrdup("description");
		r.text = formatted(before, format);
		before = NULL;
		goto done;
	}
	open = g->pos++;
	answers(g, &r, format);
	if (g->bad)
		goto done;
	if (!at(g, "}")) {
		gift_error(g, open, "'{' is not closed before the end of the question");
		goto done;
	}
	g->pos++;
	after = trimmed(text_until(g, "", false));
	if (*after) {
		/* "Grant is {~buried =entombed} in Grant's tomb.": the answer
		 * fills a gap. */
		char *t = xasprintf("%s _____ %s", before, after);

		r.text = formatted(t, format);
	} else {
		r.text = formatted(before, format);
		before = NULL;
	}
	if (!r.name) {
		/* Moodle names an untitled question by its text. */
		r.name = xstrndup(r.text, 40);
	}
done:
	if (!g->bad) {
		interop_add(g->b, &r);
	} else {
		g->b->nbad++;
	}
	free(before);
	free(after);
	raw_release(&r);
	g->pos = g->end;
}

int gift_import_text(const char *text, size_t len, struct bank *b)
{
	struct gift g = {.b = b, .s = text, .len = len};
	size_t cap = 0, errors_before = b->errors.n;
	char *id = NULL;
	struct strlist tags;

	strlist_init(&tags);
	xgrow(&g.lines, &cap, 1, sizeof(*g.lines));
	g.lines[g.nlines++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n') {
			xgrow(&g.lines, &cap, g.nlines + 1, sizeof(*g.lines));
			g.lines[g.nlines++] = i + 1;
		}
	/* A byte-order mark is not text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		g.pos = 3;
	while (g.pos < len) {
		const char *nl;
		size_t n;

		g.end = len;
		skip_space(&g);
		if (g.pos >= len)
			break;
		nl = memchr(text + g.pos, '\n', len - g.pos);
		n = nl ? (size_t)(nl - (text + g.pos)) : len - g.pos;
		if (at(&g, "//")) {
			comment_marks(text + g.pos, n, &id, &tags);
			g.pos += n;
			continue;
		}
		if (at(&g, "$CATEGORY:")) {
			struct raw_question r;
			char *cat = xstrndup(text + g.pos + 10, n - 10);

			raw_init(&r);
			r.type = RAW_CATEGORY;
			r.text = trimmed(cat);
			interop_add(b, &r);
			raw_release(&r);
			g.pos += n;
			continue;
		}
		question(&g, id, &tags);
		id = NULL; /* the question took it */
		strlist_release(&tags);
		strlist_init(&tags);
	}
	free(id);
	strlist_release(&tags);
	free(g.lines);
	return b->errors.n > errors_before ? -1 : 0;
}

int gift_import(struct bank *b)
{
	char *err = NULL;
	char *text = util_read_file(b->path, 64u * 1024 * 1024, &err);
	int ret;

	if (!text) {
		strlist_addf(&b->errors, "%s", err);
		free(err);
		return -1;
	}
	if (!util_utf8_valid(text, strlen(text), NULL)) {
		strlist_addf(&b->errors, "%s: is not UTF-8 text", b->path);
		free(text);
		return -1;
	}
	ret = gift_import_text(text, strlen(text), b);
	free(text);
	return ret;
}

/* ----- writing ----- */

/* Text with GIFT's special characters escaped; html makes it HTML first
 * (the characters HTML gives meaning escaped), for a "[html]" question. */
static void add_text(struct strbuf *sb, const char *s, bool html)
{
	for (; *s; s++) {
		if (html && *s == '&')
			strbuf_adds(sb, "&amp;");
		else if (html && *s == '<')
			strbuf_adds(sb, "&lt;");
		else if (html && *s == '>')
			strbuf_adds(sb, "&gt;");
		else if (is_special(*s) || *s == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, *s);
		} else if (*s == '\n')
			strbuf_adds(sb, "\\n");
		else
			strbuf_addc(sb, *s);
	}
}

static void add_feedback(struct strbuf *sb, const char *fb)
{
	if (!fb)
		return;
	strbuf_adds(sb, "#<p>");
	add_text(sb, fb, true);
	strbuf_adds(sb, "</p>");
}

void gift_export(const struct course *c, struct strbuf *out, struct strlist *notes)
{
	strbuf_adds(out, "// upskill module '");
	strbuf_adds(out, c->id);
	strbuf_adds(out, "'\n$CATEGORY: $course$/top/");
	strbuf_adds(out, c->id);
	strbuf_adds(out, "\n\n");
	for (size_t i = 0; i < c->quiz.nquestions; i++) {
		const struct question *q = &c->quiz.questions[i];

		if (q->type == Q_ORDERING) {
			strlist_addf(
			        notes,
			        "%s: question '%s' is left out: GIFT has no ordering questions",
			        c->path, q->id);
			continue;
		}
		if (q->nhints)
			strlist_addf(notes, "%s: question '%s': GIFT has no hints; %zu left out",
			             c->path, q->id, q->nhints);
		if (q->weight != 1)
			strlist_addf(
			        notes,
			        "%s: question '%s': GIFT has no weights; its weight is left out",
			        c->path, q->id);
		if (q->type == Q_NUMERIC && q->unit)
			strlist_addf(notes,
			             "%s: question '%s': GIFT has no units; '%s' is left out",
			             c->path, q->id, q->unit);
		if (q->type == Q_SHORT && q->case_sensitive)
			strlist_addf(
			        notes,
			        "%s: question '%s': GIFT cannot say an answer is case-sensitive",
			        c->path, q->id);
		strbuf_addf(out, "// [id:%s]%s\n::", q->id,
		            q->type == Q_SCENARIO ? " [tag:" INTEROP_SCENARIO_TAG "]" : "");
		add_text(out, q->id, false);
		strbuf_adds(out, "::[html]<p>");
		if (q->type == Q_SCENARIO) {
			add_text(out, q->situation, true);
			strbuf_adds(out, "</p><p>");
		}
		add_text(out, q->prompt, true);
		strbuf_adds(out, "</p>{");
		switch (q->type) {
		case Q_SINGLE:
		case Q_SCENARIO:
		case Q_MULTIPLE: {
			size_t nright = 0;

			for (size_t k = 0; k < q->nchoices; k++)
				nright += q->choices[k].correct;
			for (size_t k = 0; k < q->nchoices; k++) {
				const struct choice *ch = &q->choices[k];

				if (q->type == Q_MULTIPLE) {
					strbuf_adds(out, "\n\t~%");
					interop_add_number(
					        out,
					        (ch->correct ? 100.0 : -100.0) / (double)nright, 5);
					strbuf_adds(out, "%");
				} else {
					strbuf_adds(out, ch->correct ? "\n\t=" : "\n\t~");
				}
				add_text(out, ch->text, true);
				add_feedback(out, ch->feedback);
			}
			break;
		}
		case Q_TRUEFALSE: {
			bool answer = q->choices[0].correct;
			const char *right =
			        answer ? q->choices[0].feedback : q->choices[1].feedback;
			const char *wrong =
			        answer ? q->choices[1].feedback : q->choices[0].feedback;

			strbuf_adds(out, answer ? "TRUE" : "FALSE");
			if (wrong || right) {
				strbuf_adds(out, "#");
				if (wrong)
					add_text(out, wrong, true);
				if (right) {
					strbuf_adds(out, "#");
					add_text(out, right, true);
				}
			}
			break;
		}
		case Q_SHORT:
			for (size_t k = 0; k < q->naccepted; k++) {
				strbuf_adds(out, "\n\t=");
				add_text(out, q->accepted[k], true);
			}
			/* GIFT has no synonyms: what they add is listed too. */
			{
				struct strlist extra;
				quiz_short_synonym_forms(q, &extra, INTEROP_SYNONYM_FORMS);
				for (size_t k = 0; k < extra.n; k++) {
					strbuf_adds(out, "\n\t=");
					add_text(out, extra.items[k], true);
				}
				strlist_release(&extra);
			}
			break;
		case Q_NUMERIC:
			strbuf_adds(out, "#");
			interop_add_number(out, q->answer, 10);
			strbuf_adds(out, ":");
			interop_add_number(out, q->tolerance, 10);
			break;
		case Q_MATCHING:
			for (size_t k = 0; k < q->npairs; k++) {
				strbuf_adds(out, "\n\t=");
				add_text(out, q->pairs[k].left, true);
				strbuf_adds(out, " -> ");
				add_text(out, q->pairs[k].right, false);
			}
			break;
		case Q_ORDERING:
			break;
		}
		if (q->feedback) {
			strbuf_adds(out, "\n\t####<p>");
			add_text(out, q->feedback, true);
			strbuf_adds(out, "</p>");
		}
		strbuf_adds(out,
		            q->type == Q_TRUEFALSE || q->type == Q_NUMERIC ? "}\n\n" : "\n}\n\n");
	}
}
