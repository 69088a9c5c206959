/*
 * The store's SQL as PostgreSQL reads it (pgsql.h). Each SQLite form the
 * store uses and PostgreSQL lacks is turned here and nowhere else:
 *
 *   ?, ?N                         $N (a bare ? is one more than the highest so far)
 *   json_extract(D, '$.k')        (D::json ->> 'k'), cast to bigint for the
 *                                 members that are numbers (NUMERIC_MEMBERS)
 *   json_valid(D)                 upskill_json_valid(D)      (the baseline's)
 *   json_type(D, '$.k')           upskill_json_type(D, 'k')  (SQLite's names)
 *   json_each(A)                  json_array_elements_text(A::json)
 *   group_concat(E, S)            string_agg(E, S)
 *   char(N)                       chr(N)
 *   X COLLATE NOCASE              lower(X COLLATE "C"), X a name or placeholder:
 *                                 ASCII letters folded, bytes compared, as NOCASE
 *
 * Strings and quoted names are copied as they are.
 */
#include "pgsql.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* The members of events' JSON that hold numbers and are compared with
 * numbers (SQLite's json_extract returns them as integers). */
static const char *const NUMERIC_MEMBERS[] = {"attempt", "publication", "size"};

struct rw {
	struct strbuf out;
	int max;
};

static void rewrite(struct rw *rw, const char *p, const char *end);

static bool is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* The end of a quoted string or name starting at p (its quote). */
static const char *skip_quoted(const char *p, const char *end)
{
	char q = *p++;

	while (p < end) {
		if (*p == q) {
			if (p + 1 < end && p[1] == q) {
				p += 2;
				continue;
			}
			return p + 1;
		}
		p++;
	}
	return end;
}

/* The end of the expression starting at p: the first ',' or unmatched ')'
 * outside parentheses and quotes. */
static const char *expr_end(const char *p, const char *end)
{
	int depth = 0;

	while (p < end) {
		if (*p == '\'' || *p == '"') {
			p = skip_quoted(p, end);
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			return p;
		else if (*p == ',' && depth == 0)
			return p;
		p++;
	}
	return end;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/* Whether p starts with word w (any case) followed by no word character. */
static bool starts_word(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && strncasecmp(p, w, n) == 0 &&
	       (p + n == end || !is_word(p[n]));
}

/* After an operand ending at p: the end of " COLLATE NOCASE", or NULL. */
static const char *nocase_after(const char *p, const char *end)
{
	const char *q = skip_space(p, end);

	if (q == p || !starts_word(q, end, "COLLATE"))
		return NULL;
	q = skip_space(q + 7, end);
	if (!starts_word(q, end, "NOCASE"))
		return NULL;
	return q + 6;
}

/* Reads "'$.key'" at p: the key's bounds and the end, or NULL. */
static const char *json_path(const char *p, const char *end, const char **key, size_t *len)
{
	const char *q;

	p = skip_space(p, end);
	if (end - p < 4 || strncmp(p, "'$.", 3) != 0)
		return NULL;
	q = memchr(p + 3, '\'', (size_t)(end - p - 3));
	if (!q)
		return NULL;
	*key = p + 3;
	*len = (size_t)(q - p - 3);
	return q + 1;
}

static bool numeric_member(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(NUMERIC_MEMBERS) / sizeof(NUMERIC_MEMBERS[0]); i++)
		if (strlen(NUMERIC_MEMBERS[i]) == len && strncmp(NUMERIC_MEMBERS[i], key, len) == 0)
			return true;
	return false;
}

/*
 * A call of the form NAME(D, '$.key') starting at args (after the '('):
 * D rewritten into rw, key and the end past ')' returned, or NULL if the
 * call is not of that form (then nothing is written).
 */
static const char *doc_and_key(struct rw *rw, const char *args, const char *end, const char **key,
                               size_t *len)
{
	const char *d_end = expr_end(args, end), *q;

	if (d_end == end || *d_end != ',')
		return NULL;
	q = json_path(d_end + 1, end, key, len);
	if (!q)
		return NULL;
	q = skip_space(q, end);
	if (q == end || *q != ')')
		return NULL;
	strbuf_addc(&rw->out, '(');
	rewrite(rw, args, d_end);
	strbuf_addc(&rw->out, ')');
	return q + 1;
}

/* A word at p (ending at w): its rewrite if it is one of the forms, and
 * where to go on from; NULL if it is copied as it is. */
static const char *rewrite_word(struct rw *rw, const char *p, const char *w, const char *end)
{
	size_t n = (size_t)(w - p);
	const char *open = skip_space(w, end), *after, *key;
	size_t len;
	bool call = open < end && *open == '(';

	if ((after = nocase_after(w, end))) {
		strbuf_adds(&rw->out, "lower(");
		strbuf_add(&rw->out, p, n);
		strbuf_adds(&rw->out, " COLLATE \"C\")");
		return after;
	}
	if (!call)
		return NULL;
	if (n == 12 && strncasecmp(p, "json_extract", n) == 0) {
		size_t mark = rw->out.len;
		bool num;
		strbuf_adds(&rw->out, "(");
		after = doc_and_key(rw, open + 1, end, &key, &len);
		if (!after) {
			rw->out.len = mark;
			rw->out.buf[mark] = '\0';
			return NULL;
		}
		num = numeric_member(key, len);
		strbuf_adds(&rw->out, "::json ->> '");
		strbuf_add(&rw->out, key, len);
		strbuf_adds(&rw->out, num ? "')::bigint" : "')");
		return after;
	}
	if (n == 9 && strncasecmp(p, "json_type", n) == 0) {
		size_t mark = rw->out.len;
		strbuf_adds(&rw->out, "upskill_json_type(");
		after = doc_and_key(rw, open + 1, end, &key, &len);
		if (!after) {
			rw->out.len = mark;
			rw->out.buf[mark] = '\0';
			return NULL;
		}
		strbuf_adds(&rw->out, ", '");
		strbuf_add(&rw->out, key, len);
		strbuf_adds(&rw->out, "')");
		return after;
	}
	if (n == 9 && strncasecmp(p, "json_each", n) == 0) {
		const char *a_end = expr_end(open + 1, end);
		if (a_end == end || *a_end != ')')
			return NULL;
		strbuf_adds(&rw->out, "json_array_elements_text((");
		rewrite(rw, open + 1, a_end);
		strbuf_adds(&rw->out, ")::json)");
		return a_end + 1;
	}
	if (n == 10 && strncasecmp(p, "json_valid", n) == 0) {
		strbuf_adds(&rw->out, "upskill_json_valid");
		return w;
	}
	if (n == 12 && strncasecmp(p, "group_concat", n) == 0) {
		strbuf_adds(&rw->out, "string_agg");
		return w;
	}
	if (n == 4 && strncasecmp(p, "char", n) == 0) {
		strbuf_adds(&rw->out, "chr");
		return w;
	}
	return NULL;
}

static void rewrite(struct rw *rw, const char *p, const char *end)
{
	while (p < end) {
		if (*p == '\'' || *p == '"') {
			const char *q = skip_quoted(p, end);
			strbuf_add(&rw->out, p, (size_t)(q - p));
			p = q;
		} else if (*p == '?') {
			const char *q = p + 1, *after;
			int num = 0;
			char mark[16];
			while (q < end && isdigit((unsigned char)*q))
				num = num * 10 + (*q++ - '0');
			if (q == p + 1)
				num = rw->max + 1;
			if (num > rw->max)
				rw->max = num;
			snprintf(mark, sizeof(mark), "$%d", num);
			if ((after = nocase_after(q, end))) {
				strbuf_addf(&rw->out, "lower(%s COLLATE \"C\")", mark);
				q = after;
			} else {
				strbuf_adds(&rw->out, mark);
			}
			p = q;
		} else if (is_word(*p) && !isdigit((unsigned char)*p)) {
			const char *w = p, *next;
			while (w < end && is_word(*w))
				w++;
			next = rewrite_word(rw, p, w, end);
			if (!next) {
				strbuf_add(&rw->out, p, (size_t)(w - p));
				next = w;
			}
			p = next;
		} else if (isdigit((unsigned char)*p)) {
			/* A number, copied whole so "1e5" is not taken for a word. */
			const char *w = p;
			while (w < end && is_word(*w))
				w++;
			strbuf_add(&rw->out, p, (size_t)(w - p));
			p = w;
		} else {
			strbuf_addc(&rw->out, *p++);
		}
	}
}

char *pgsql_rewrite(const char *sql, int *nparams)
{
	struct rw rw = {.max = 0};

	strbuf_init(&rw.out);
	rewrite(&rw, sql, sql + strlen(sql));
	if (nparams)
		*nparams = rw.max;
	return strbuf_detach(&rw.out);
}
