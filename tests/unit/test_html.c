/*
 * HTML escaping: the five characters that end an element or an attribute,
 * a name written like a script, control characters shown not sent, and
 * anchor ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "html.h"

static void text_is(const char *s, const char *want)
{
	struct strbuf sb;
	char *got;

	strbuf_init(&sb);
	html_add_text(&sb, s);
	got = strbuf_detach(&sb);
	assert_string_equal(got, want);
	free(got);
}

static void test_text(void **state)
{
	(void)state;
	text_is("Ann", "Ann");
	text_is("", "");
	text_is(NULL, "");
	text_is("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	text_is("Bo, \"B\" O'Li & co", "Bo, &quot;B&quot; O&#39;Li &amp; co");
	text_is("&amp;", "&amp;amp;");
	text_is("\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	text_is("a\x1b[31mb", "a^[[31mb"); /* ESC shown in caret notation */
	text_is("a\xc2\x9b"
	        "b",
	        "a&lt;U+009B&gt;b");         /* C1, then escaped */
	text_is("Zo\xc3\xab", "Zo\xc3\xab"); /* UTF-8 kept */
}

static void test_id(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	html_add_id(&sb, "person", 0);
	strbuf_adds(&sb, " ");
	html_add_id(&sb, "person", 12);
	assert_string_equal(sb.buf, "person-0 person-12");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_text),
	        cmocka_unit_test(test_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
