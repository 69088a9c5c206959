/*
 * A strict JSON reader (json.h): recursive descent over the text, with the
 * depth bounded so that no input can exhaust the stack.
 */
#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct reader {
	const char *s;
	size_t len, pos;
	char *err; /* the first error, owned */
};

static int fail(struct reader *r, const char *why)
{
	if (!r->err)
		r->err = xasprintf("at byte %zu: %s", r->pos, why);
	return -1;
}

static void skip_space(struct reader *r)
{
	while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
	                           r->s[r->pos] == '\r' || r->s[r->pos] == '\n'))
		r->pos++;
}

static bool take(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
		return false;
	r->pos += n;
	return true;
}

static int hex4(struct reader *r, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = r->pos < r->len ? r->s[r->pos] : '\0';
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return fail(r, "a \\u escape needs four hex digits");
		*out = *out * 16 + d;
		r->pos++;
	}
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
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

/* An escape after the backslash, into sb. */
static int escape(struct reader *r, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char c = r->pos < r->len ? r->s[r->pos] : '\0';
	const char *at = c ? strchr(from, c) : NULL;
	unsigned cp, low;

	if (at) {
		strbuf_addc(sb, to[at - from]);
		r->pos++;
		return 0;
	}
	if (c != 'u')
		return fail(r, "unknown escape in a string");
	r->pos++;
	if (hex4(r, &cp) < 0)
		return -1;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(r, "a lone low surrogate in a string");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (!take(r, "\\u") || hex4(r, &low) < 0 || low < 0xdc00 || low > 0xdfff)
			return fail(r, "a high surrogate without its low one");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	if (cp == 0)
		return fail(r, "a NUL character in a string");
	add_utf8(sb, cp);
	return 0;
}

static char *string(struct reader *r)
{
	struct strbuf sb;
	size_t bad;

	strbuf_init(&sb);
	r->pos++; /* the opening quote */
	for (;;) {
		unsigned char c;
		if (r->pos >= r->len) {
			fail(r, "a string does not end");
			goto bad;
		}
		c = (unsigned char)r->s[r->pos];
		if (c == '"') {
			r->pos++;
			break;
		}
		if (c < 0x20) {
			fail(r, "a control character in a string");
			goto bad;
		}
		if (c == '\\') {
			r->pos++;
			if (escape(r, &sb) < 0)
				goto bad;
			continue;
		}
		strbuf_addc(&sb, (char)c);
		r->pos++;
	}
	if (!util_utf8_valid(sb.buf, sb.len, &bad)) {
		fail(r, "a string that is not UTF-8");
		goto bad;
	}
	return strbuf_detach(&sb);
bad:
	strbuf_release(&sb);
	return NULL;
}

static int number(struct reader *r, struct json *out)
{
	size_t start = r->pos;
	const char *s = r->s;

#define AT(c) (r->pos < r->len && s[r->pos] == (c))
#define DIGIT (r->pos < r->len && s[r->pos] >= '0' && s[r->pos] <= '9')
	if (AT('-'))
		r->pos++;
	if (AT('0')) {
		r->pos++;
	} else if (DIGIT) {
		while (DIGIT)
			r->pos++;
	} else {
		return fail(r, "a number needs digits");
	}
	if (AT('.')) {
		r->pos++;
		if (!DIGIT)
			return fail(r, "a fraction needs digits");
		while (DIGIT)
			r->pos++;
	}
	if (AT('e') || AT('E')) {
		r->pos++;
		if (AT('+') || AT('-'))
			r->pos++;
		if (!DIGIT)
			return fail(r, "an exponent needs digits");
		while (DIGIT)
			r->pos++;
	}
#undef AT
#undef DIGIT
	out->type = JSON_NUMBER;
	out->text = xstrndup(s + start, r->pos - start);
	return 0;
}

static int value(struct reader *r, struct json *out, int depth);

static int array(struct reader *r, struct json *out, int depth)
{
	size_t cap = 0;

	out->type = JSON_ARRAY;
	r->pos++;
	skip_space(r);
	if (take(r, "]"))
		return 0;
	for (;;) {
		xgrow(&out->items, &cap, out->n + 1, sizeof(*out->items));
		memset(&out->items[out->n], 0, sizeof(*out->items));
		out->n++;
		if (value(r, &out->items[out->n - 1], depth + 1) < 0)
			return -1;
		skip_space(r);
		if (take(r, "]"))
			return 0;
		if (!take(r, ","))
			return fail(r, "expected ',' or ']' in an array");
	}
}

static int object(struct reader *r, struct json *out, int depth)
{
	size_t cap = 0, kcap = 0;

	out->type = JSON_OBJECT;
	r->pos++;
	skip_space(r);
	if (take(r, "}"))
		return 0;
	for (;;) {
		char *key;
		skip_space(r);
		if (r->pos >= r->len || r->s[r->pos] != '"')
			return fail(r, "expected a member name in quotes");
		if (!(key = string(r)))
			return -1;
		if (json_get(out, key)) {
			free(key);
			return fail(r, "a member named twice");
		}
		xgrow(&out->items, &cap, out->n + 1, sizeof(*out->items));
		xgrow(&out->keys, &kcap, out->n + 1, sizeof(*out->keys));
		memset(&out->items[out->n], 0, sizeof(*out->items));
		out->keys[out->n] = key;
		out->n++;
		skip_space(r);
		if (!take(r, ":"))
			return fail(r, "expected ':' after a member name");
		if (value(r, &out->items[out->n - 1], depth + 1) < 0)
			return -1;
		skip_space(r);
		if (take(r, "}"))
			return 0;
		if (!take(r, ","))
			return fail(r, "expected ',' or '}' in an object");
	}
}

static int value(struct reader *r, struct json *out, int depth)
{
	char c;

	if (depth > JSON_MAX_DEPTH)
		return fail(r, "nested too deep");
	skip_space(r);
	if (r->pos >= r->len)
		return fail(r, "expected a value");
	c = r->s[r->pos];
	if (c == '{')
		return object(r, out, depth);
	if (c == '[')
		return array(r, out, depth);
	if (c == '"') {
		out->type = JSON_STRING;
		out->text = string(r);
		return out->text ? 0 : -1;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(r, out);
	if (take(r, "true"))
		out->type = JSON_TRUE;
	else if (take(r, "false"))
		out->type = JSON_FALSE;
	else if (take(r, "null"))
		out->type = JSON_NULL;
	else
		return fail(r, "expected a value");
	return 0;
}

static void release(struct json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		release(&j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->text);
}

struct json *json_parse(const char *text, size_t len, char **err)
{
	struct reader r = {.s = text, .len = len};
	struct json *j = xcalloc(1, sizeof(*j));

	if (value(&r, j, 0) == 0) {
		skip_space(&r);
		if (r.pos < r.len)
			fail(&r, "more after the value");
	}
	if (r.err) {
		util_error(err, "%s", r.err);
		free(r.err);
		json_free(j);
		return NULL;
	}
	return j;
}

void json_free(struct json *j)
{
	if (!j)
		return;
	release(j);
	free(j);
}

const struct json *json_get(const struct json *j, const char *key)
{
	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (strcmp(j->keys[i], key) == 0)
			return &j->items[i];
	return NULL;
}

const char *json_get_string(const struct json *j, const char *key)
{
	const struct json *v = json_get(j, key);

	return v && v->type == JSON_STRING ? v->text : NULL;
}

int json_get_uint(const struct json *j, const char *key, uint64_t *out)
{
	const struct json *v = json_get(j, key);
	unsigned long long n;
	char *end;

	if (!v || v->type != JSON_NUMBER || v->text[0] < '0' || v->text[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(v->text, &end, 10);
	if (errno || *end || n > INT64_MAX)
		return -1;
	*out = (uint64_t)n;
	return 0;
}
