/*
 * Look-alike names. The map is deliberately small: the homoglyphs a person
 * is likely to type or paste in a name (Cyrillic and Greek capitals and
 * small letters drawn like Latin ones, digits like letters), not the whole
 * of Unicode's confusables.txt; a warning, not a refusal, rests on it.
 */
#include "lookalike.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct glyph {
	uint32_t cp;
	char latin;
};

/* Sorted by code point, for bsearch. */
static const struct glyph glyphs[] = {
        {0x0131, 'i'}, /* dotless i */
        {0x0391, 'a'}, {0x0392, 'b'}, {0x0395, 'e'}, {0x0396, 'z'}, {0x0397, 'h'}, {0x0399, 'i'},
        {0x039a, 'k'}, {0x039c, 'm'}, {0x039d, 'n'}, {0x039f, 'o'}, {0x03a1, 'p'}, {0x03a4, 't'},
        {0x03a5, 'y'}, {0x03a7, 'x'}, {0x03b1, 'a'}, {0x03b9, 'i'}, {0x03ba, 'k'}, {0x03bd, 'v'},
        {0x03bf, 'o'}, {0x03c1, 'p'}, {0x03c5, 'u'}, {0x03c7, 'x'}, {0x0405, 's'}, {0x0406, 'i'},
        {0x0408, 'j'}, {0x0410, 'a'}, {0x0412, 'b'}, {0x0415, 'e'}, {0x041a, 'k'}, {0x041c, 'm'},
        {0x041d, 'h'}, {0x041e, 'o'}, {0x0420, 'p'}, {0x0421, 'c'}, {0x0422, 't'}, {0x0423, 'y'},
        {0x0425, 'x'}, {0x0430, 'a'}, {0x0435, 'e'}, {0x043a, 'k'}, {0x043e, 'o'}, {0x0440, 'p'},
        {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'},
        {0x04bb, 'h'}, {0x0501, 'd'}, {0x051b, 'q'}, {0x051d, 'w'},
};

static int glyph_cmp(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key, other = ((const struct glyph *)elem)->cp;

	return cp < other ? -1 : cp > other;
}

/* The code point at *s (valid UTF-8 assumed; a stray byte is taken as it
 * is), moving *s past it. */
static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80) {
		cp = p[0];
		n = 1;
	} else if ((p[0] & 0xe0) == 0xc0 && p[1]) {
		cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0 && p[1] && p[2]) {
		cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		n = 3;
	} else if ((p[0] & 0xf8) == 0xf0 && p[1] && p[2] && p[3]) {
		cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
		     (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		n = 4;
	} else {
		cp = p[0];
		n = 1;
	}
	*s += n;
	return cp;
}

static bool is_zero_width(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff || cp == 0x00ad;
}

static bool is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x00a0 || cp == 0x202f || cp == 0x2007;
}

/* One character's Latin look, in lower case, or 0 when it has none. */
static char latin_of(uint32_t cp)
{
	const struct glyph *g;

	if (cp >= 0xff01 && cp <= 0xff5e) /* fullwidth ASCII */
		cp -= 0xfee0;
	if (cp < 0x80) {
		char c = (char)cp;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		return c;
	}
	g = bsearch(&cp, glyphs, sizeof(glyphs) / sizeof(glyphs[0]), sizeof(glyphs[0]), glyph_cmp);
	return g ? g->latin : 0;
}

char *lookalike_skeleton(const char *s)
{
	struct strbuf sb;
	bool space = false;

	strbuf_init(&sb);
	while (*s) {
		const char *start = s;
		uint32_t cp = next_cp(&s);
		char c;

		if (is_zero_width(cp))
			continue;
		if (is_space(cp)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addc(&sb, ' ');
		space = false;
		c = latin_of(cp);
		if (!c) {
			strbuf_add(&sb, start, (size_t)(s - start));
			continue;
		}
		/* Drawn alike in common fonts: 0 and o; 1, l, and I (which lower
		 * case has made i); "rn" and "m". */
		if (c == '0')
			c = 'o';
		else if (c == '1' || c == 'i')
			c = 'l';
		if (c == 'n' && sb.len && sb.buf[sb.len - 1] == 'r')
			sb.buf[sb.len - 1] = 'm';
		else
			strbuf_addc(&sb, c);
	}
	return strbuf_detach(&sb);
}

bool lookalike_is(const char *a, const char *b)
{
	char *x, *y;
	bool same;

	if (strcmp(a, b) == 0)
		return false;
	x = lookalike_skeleton(a);
	y = lookalike_skeleton(b);
	same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}
