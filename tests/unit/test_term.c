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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wrap_once),
	        cmocka_unit_test(test_wrap_unlimited),
	        cmocka_unit_test(test_wrap_long_word_and_controls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
