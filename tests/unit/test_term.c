/*
 * Tests for terminal output (engine/term.c): term_wrap wraps at the width,
 * indents the lines after the first, shows control characters, and hands
 * its text to the stream in one write, so that on an unbuffered stream
 * (stderr, where the first screen's reminders go) a paragraph is one
 * system call, not one a word.
 */
#define _GNU_SOURCE /* fopencookie */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "util.h"

/* An unbuffered stream that counts the writes it is given. */
struct sink {
	struct strbuf got;
	size_t writes;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;

	strbuf_add(&s->got, buf, n);
	s->writes++;
	return (ssize_t)n;
}

static FILE *sink_open(struct sink *s)
{
	cookie_io_functions_t io = {.write = sink_write};
	FILE *fp;

	strbuf_init(&s->got);
	s->writes = 0;
	fp = fopencookie(s, "w", io);
	assert_non_null(fp);
	assert_int_equal(setvbuf(fp, NULL, _IONBF, 0), 0);
	return fp;
}

static void sink_close(struct sink *s, FILE *fp)
{
	assert_int_equal(fclose(fp), 0);
	strbuf_release(&s->got);
}

static void test_wrap_once(void **state)
{
	struct term t = {.color = false, .width = 20};
	struct sink s;
	FILE *fp = sink_open(&s);

	(void)state;
	term_wrap(&t, fp, "you have not been trained on 'bench-002' yet", 2, "To do: ");
	assert_string_equal(s.got.buf, "To do: you have not\n"
	                               "  been trained on\n"
	                               "  'bench-002' yet\n");
	assert_int_equal(s.writes, 1);
	sink_close(&s, fp);
}

static void test_wrap_unlimited(void **state)
{
	struct term t = {.color = false, .width = 0};
	struct sink s;
	FILE *fp = sink_open(&s);

	(void)state;
	term_wrap(&t, fp, "  two  words\n", 3, NULL);
	assert_string_equal(s.got.buf, "   two words\n");
	term_wrap(&t, fp, "", 0, "");
	assert_string_equal(s.got.buf, "   two words\n\n");
	assert_int_equal(s.writes, 2);
	sink_close(&s, fp);
}

/* A word longer than the width has a line of its own, uncut; a control
 * character is shown, not sent. */
static void test_wrap_long_word_and_controls(void **state)
{
	struct term t = {.color = false, .width = 20};
	struct sink s;
	FILE *fp = sink_open(&s);
	char *want;

	(void)state;
	term_wrap(&t, fp, "a bbbbbbbbbbbbbbbbbbbbbbbbb c\033[31m", 0, NULL);
	want = util_visible("a\nbbbbbbbbbbbbbbbbbbbbbbbbb\nc\033[31m\n", true);
	assert_string_equal(s.got.buf, want);
	free(want);
	sink_close(&s, fp);
}

/* Text that needs nothing shown differently comes back as it was, and any
 * that does is still shown: a control (a newline only where lines are not
 * kept, and a C1 control), bytes that are not UTF-8, each at the end of
 * eight bytes and past it. */
static void test_visible(void **state)
{
	static const struct {
		const char *in;
		bool lines;
		const char *want;
	} cases[] = {
	        {"plain words, longer than eight bytes", true,
	         "plain words, longer than eight bytes"},
	        {"caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 \xf0\x9f\x99\x82", false,
	         "caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 \xf0\x9f\x99\x82"},
	        {"two\nlines", true, "two\nlines"},
	        {"two\nlines", false, "two^Jlines"},
	        {"1234567\t9", true, "1234567^I9"},
	        {"12345678\x1b[31m", true, "12345678^[[31m"},
	        {"a\xc2\x9b b", true, "a<U+009B> b"},
	        {"1234567\xff", true, "1234567?"},
	        {"\xc3", false, "?"},
	        {"", true, ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = util_visible(cases[i].in, cases[i].lines);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wrap_once),
	        cmocka_unit_test(test_wrap_unlimited),
	        cmocka_unit_test(test_wrap_long_word_and_controls),
	        cmocka_unit_test(test_visible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
