/*
 * Fitting text to a width: words wrapped at spaces and newlines, a word cut
 * only when wider than the whole width, UTF-8 never cut inside a character;
 * table columns shrunk widest first, never below their least, and a table
 * that cannot fit said so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "layout.h"

/* Wraps text to width and checks the lines, joined by '|'. */
static void wraps_to(const char *text, size_t width, const char *want)
{
	struct strlist lines;
	struct strbuf got;

	strlist_init(&lines);
	strbuf_init(&got);
	layout_wrap(text, width, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		if (i)
			strbuf_addc(&got, '|');
		strbuf_adds(&got, lines.items[i]);
		assert_true(width == 0 || util_width(lines.items[i]) <= width);
	}
	assert_string_equal(got.len ? got.buf : "", want);
	strbuf_release(&got);
	strlist_release(&lines);
}

static void test_wrap(void **state)
{
	(void)state;
	wraps_to("never acknowledged nor passed", 12, "never|acknowledged|nor passed");
	wraps_to("never acknowledged nor passed", 29, "never acknowledged nor passed");
	wraps_to("never acknowledged nor passed", 28, "never acknowledged nor|passed");
	wraps_to("  a   b  ", 8, "a b");
	wraps_to("", 8, "");
	wraps_to("one\ntwo three", 8, "one|two|three");
	wraps_to("one\n\ntwo", 8, "one||two");
	/* No width: only newlines break. */
	wraps_to("a long line that is not cut", 0, "a long line that is not cut");
	wraps_to("a\nb", 0, "a|b");
	/* A word wider than the width is the only one cut. */
	wraps_to("engagement-rhythm is", 8, "engageme|nt-rhyth|m is");
	/* Columns, not bytes: é is two bytes and one column, never split. */
	wraps_to("\xc3\xa9\xc3\xa9\xc3\xa9 caf\xc3\xa9", 3,
	         "\xc3\xa9\xc3\xa9\xc3\xa9|caf|\xc3\xa9");
	wraps_to("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 2, "\xc3\xa9\xc3\xa9|\xc3\xa9\xc3\xa9");
	/* A combining mark stays with its letter. */
	wraps_to("e\xcc\x81"
	         "e\xcc\x81"
	         "e",
	         1, "e\xcc\x81|e\xcc\x81|e");
}

static void test_longest_word(void **state)
{
	(void)state;
	assert_int_equal(layout_longest_word("never acknowledged nor passed"), 12);
	assert_int_equal(layout_longest_word(""), 0);
	assert_int_equal(layout_longest_word("a\nbbb  cc"), 3);
	assert_int_equal(layout_longest_word("caf\xc3\xa9"), 4);
	/* Plain ASCII takes a shorter way: the same widths either way. */
	assert_int_equal(layout_longest_word("a\tbbbb cc\n"), 4);
	assert_int_equal(layout_longest_word("abcdefgh caf\xc3\xa9"), 8);
	assert_int_equal(layout_longest_word("ab caf\xc3\xa9s"), 5);
	assert_int_equal(layout_longest_word("\x1b[1mbold\x1b[0m it"), 4);
	assert_int_equal(layout_longest_word("a\rb c"), 3);
}

static void test_fit(void **state)
{
	size_t natural[] = {11, 13, 7, 13, 29}, least[] = {8, 13, 7, 8, 12}, out[5];
	bool wraps[] = {true, true, false, true, true};

	(void)state;
	/* Fits as it is: nothing changes; no limit: nothing changes. */
	assert_true(layout_fit(natural, least, wraps, 5, 2, 200, out));
	assert_int_equal(out[4], 29);
	assert_true(layout_fit(natural, least, wraps, 5, 2, 0, out));
	assert_int_equal(out[4], 29);
	/* 81 wide at 73: the widest gives up room first; at 60 the widest
	 * shrink in turn. */
	assert_true(layout_fit(natural, least, wraps, 5, 2, 73, out));
	assert_int_equal(out[0] + out[1] + out[2] + out[3] + out[4] + 8, 73);
	assert_int_equal(out[4], 21);
	assert_true(layout_fit(natural, least, wraps, 5, 2, 60, out));
	assert_int_equal(out[0] + out[1] + out[2] + out[3] + out[4] + 8, 60);
	for (size_t i = 0; i < 5; i++)
		assert_true(out[i] >= least[i]);
	assert_int_equal(out[2], 7); /* does not wrap: kept */
	/* Every column at its least is 48 + 8: 55 cannot fit. */
	assert_false(layout_fit(natural, least, wraps, 5, 2, 55, out));
	assert_true(layout_fit(natural, least, wraps, 5, 2, 56, out));
	assert_memory_equal(out, least, sizeof(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wrap),
	        cmocka_unit_test(test_longest_word),
	        cmocka_unit_test(test_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
