/*
 * HTML escaping for the report written for browsers (report-html.c) and
 * its charts (chart.c). Names and course text may hold anything, "<script>"
 * included; here it becomes text.
 */
#include "html.h"

#include <stdlib.h>

void html_add_text(struct strbuf *sb, const char *s)
{
	char *v = util_visible(s ? s : "", false);

	for (const char *p = v; *p; p++) {
		switch (*p) {
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
			strbuf_adds(sb, "&quot;");
			break;
		case '\'':
			strbuf_adds(sb, "&#39;");
			break;
		default:
			strbuf_addc(sb, *p);
		}
	}
	free(v);
}

void html_add_id(struct strbuf *sb, const char *prefix, size_t n)
{
	strbuf_addf(sb, "%s-%zu", prefix, n);
}
