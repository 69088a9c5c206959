/*
 * lint.c: each item-writing check on small made-up modules, with the cases
 * that must warn and those that must not, and the warnings' file:line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course.h"
#include "lint.h"
#include "util.h"

#define LESSON_DEFAULT                                                                             \
	"<p>Reply to every comment within one working day, and sign replies with your "            \
	"name.</p>"

/* A module named name (also its file name in messages) with one lesson and
 * the quiz body given; the quiz starts on line 7. */
static struct course *module(const char *name, const char *lesson, const char *quiz)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *xml = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                      "<module id=\"m\" version=\"1.0\" topic=\"engagement\" "
	                      "minutes=\"5\">\n"
	                      "<title>T</title>\n"
	                      "<summary>S</summary>\n"
	                      "<lesson title=\"L\">%s</lesson>\n"
	                      "<quiz pass=\"60\">\n"
	                      "%s\n"
	                      "</quiz>\n"
	                      "</module>\n",
	                      lesson ? lesson : LESSON_DEFAULT, quiz);

	strlist_init(&errors);
	if (course_load_memory(name, xml, strlen(xml), &c, &p, &errors) != 0) {
		for (size_t i = 0; i < errors.n; i++)
			fprintf(stderr, "%s\n", errors.items[i]);
		fail_msg("test module '%s' did not load", name);
	}
	strlist_release(&errors);
	free(xml);
	return c;
}

/* Lints the modules; r is the caller's to release. */
static void lint(struct lint_result *r, struct course **c, size_t n)
{
	lint_result_init(r);
	lint_courses((const struct course *const *)c, n, r);
}

static size_t count_one(const char *name, const char *lesson, const char *quiz,
                        enum lint_check check)
{
	struct course *c = module(name, lesson, quiz);
	struct lint_result r;
	size_t n;

	lint(&r, &c, 1);
	n = r.counts[check];
	lint_result_release(&r);
	course_free(c);
	return n;
}

static bool has_warning(const struct lint_result *r, const char *text)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		if (strcmp(r->warnings.items[i], text) == 0)
			return true;
	return false;
}

static void dump(const struct lint_result *r)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		fprintf(stderr, "  %s\n", r->warnings.items[i]);
}

/* A single-choice question, one line, key first. */
#define SINGLE(id, key, o1, o2)                                                                    \
	"<single id=\"" id "\"><prompt>Which reply suits a question about opening "                \
	"times?</prompt><choice correct=\"true\">" key "</choice><choice>" o1                      \
	"</choice><choice>" o2 "</choice></single>\n"

static void test_longest_key(void **state)
{
	struct course *c;
	struct lint_result r;

	(void)state;
	/* Key longest in 2 of 4 (50%, over 35%): both warn, at their lines. */
	c = module("long.xml", NULL,
	           SINGLE("q1", "Reply with the hours today", "Ignore it", "Delete it")
	                   SINGLE("q2", "Sign the reply with a name", "Say nothing", "Post a meme")
	                           SINGLE("q3", "Thank them", "Wait a week before answering",
	                                  "Send them elsewhere")
	                                   SINGLE("q4", "Answer", "Leave it for the manager",
	                                          "Move it to email"));
	lint(&r, &c, 1);
	assert_int_equal(r.counts[LINT_LONGEST_KEY], 2);
	if (!has_warning(&r, "long.xml:7: question 'q1': the key is the longest choice, as in 2 "
	                     "of the module's 4 single-choice and scenario questions (more than "
	                     "35%) [longest-key]")) {
		dump(&r);
		fail_msg("no longest-key warning for q1 at line 7");
	}
	assert_true(has_warning(&r, "long.xml:8: question 'q2': the key is the longest choice, as "
	                            "in 2 of the module's 4 single-choice and scenario questions "
	                            "(more than 35%) [longest-key]"));
	lint_result_release(&r);
	course_free(c);

	/* 1 of 3 (33%, not over 35%): no warning. */
	assert_int_equal(
	        count_one("ok.xml", NULL,
	                  SINGLE("q1", "Reply with the hours today", "Ignore it", "Delete it")
	                          SINGLE("q2", "Sign it", "Say nothing at all", "Post a meme")
	                                  SINGLE("q3", "Thank them",
	                                         "Wait a week "
	                                         "first",
	                                         "Send them "
	                                         "elsewhere"),
	                  LINT_LONGEST_KEY),
	        0);
	/* Too few items to judge: 2 of 2 longest is not warned. */
	assert_int_equal(count_one("few.xml", NULL,
	                           SINGLE("q1", "Reply with the hours today", "Ignore it",
	                                  "Delete it") SINGLE("q2", "Sign the reply with a name",
	                                                      "Say nothing", "Post a meme"),
	                           LINT_LONGEST_KEY),
	                 0);
}

static void test_key_in_hint_or_stem(void **state)
{
	(void)state;
	/* The key word for word in a hint. */
	assert_int_equal(count_one("h1.xml", NULL,
	                           "<single id=\"q\"><prompt>What do you do first?</prompt>"
	                           "<choice correct=\"true\">Reply publicly</choice>"
	                           "<choice>Delete the comment</choice>"
	                           "<choice>Wait for Monday</choice>"
	                           "<hint>Reply publicly, then move it to a message.</hint>"
	                           "</single>",
	                           LINT_KEY_IN_HINT),
	                 1);
	/* A hint that shares the key's own words (publicly, details). */
	assert_int_equal(count_one("h2.xml", NULL,
	                           "<single id=\"q\"><prompt>What do you do first?</prompt>"
	                           "<choice correct=\"true\">Answer publicly and ask for the "
	                           "details by message</choice>"
	                           "<choice>Delete the comment at once</choice>"
	                           "<choice>Leave it until the manager is back</choice>"
	                           "<hint>Answer publicly first, then get the details "
	                           "privately.</hint></single>",
	                           LINT_KEY_IN_HINT),
	                 1);
	/* A hint that guides without telling. */
	assert_int_equal(count_one("h3.xml", NULL,
	                           "<single id=\"q\"><prompt>What do you do first?</prompt>"
	                           "<choice correct=\"true\">Answer publicly and ask for the "
	                           "details by message</choice>"
	                           "<choice>Delete the comment at once</choice>"
	                           "<choice>Leave it until the manager is back</choice>"
	                           "<hint>What do other readers see?</hint></single>",
	                           LINT_KEY_IN_HINT),
	                 0);
	/* A short answer in its own hint, and a numeric one. */
	assert_int_equal(count_one("h4.xml", NULL,
	                           "<short id=\"q\"><prompt>What do you sign replies "
	                           "with?</prompt><accept>your name</accept><accept>name</accept>"
	                           "<accept>initials</accept><hint>Your name or your "
	                           "initials.</hint></short>",
	                           LINT_KEY_IN_HINT),
	                 1);
	assert_int_equal(count_one("h5.xml", NULL,
	                           "<numeric id=\"q\" answer=\"1.5\"><prompt>27 clicks from 1,800 "
	                           "reached: what percentage?</prompt><hint>It is 1.5.</hint>"
	                           "</numeric>",
	                           LINT_KEY_IN_HINT),
	                 1);
	assert_int_equal(count_one("h6.xml", NULL,
	                           "<numeric id=\"q\" answer=\"1.5\"><prompt>27 clicks from 1,800 "
	                           "reached: what percentage?</prompt><hint>Clicks divided by "
	                           "reach, times 100.</hint></numeric>",
	                           LINT_KEY_IN_HINT),
	                 0);
	/* The stem repeats the key. */
	assert_int_equal(
	        count_one("s1.xml", NULL,
	                  "<scenario id=\"q\"><situation>The manager says to reply within "
	                  "one working day.</situation><prompt>What now?</prompt>"
	                  "<choice correct=\"true\" feedback=\"F\">Reply within one working "
	                  "day</choice><choice feedback=\"F\">Reply next "
	                  "week</choice></scenario>",
	                  LINT_KEY_IN_STEM),
	        1);
	assert_int_equal(
	        count_one("s2.xml", NULL,
	                  "<scenario id=\"q\"><situation>A customer asks about opening "
	                  "hours on Sunday.</situation><prompt>What now?</prompt>"
	                  "<choice correct=\"true\" feedback=\"F\">Reply within one working "
	                  "day</choice><choice feedback=\"F\">Reply next "
	                  "week</choice></scenario>",
	                  LINT_KEY_IN_STEM),
	        0);
	/* A key of a word or two letters is not looked for ("no" is in "not"). */
	assert_int_equal(count_one("s3.xml", NULL,
	                           "<single id=\"q\"><prompt>Is it ok to not answer at "
	                           "all?</prompt><choice correct=\"true\">No</choice>"
	                           "<choice>Yes</choice></single>",
	                           LINT_KEY_IN_STEM),
	                 0);
}

static void test_uneven_and_above(void **state)
{
	(void)state;
	/* 9 to 40 characters: more than three times. */
	assert_int_equal(count_one("u1.xml", NULL,
	                           SINGLE("q", "Reply now",
	                                  "Wait until the manager is back next week", "Delete it"),
	                           LINT_UNEVEN_CHOICES),
	                 1);
	/* 9 to 26: uneven, but not very. */
	assert_int_equal(
	        count_one("u2.xml", NULL,
	                  SINGLE("q", "Reply now", "Wait until the manager is", "Delete it"),
	                  LINT_UNEVEN_CHOICES),
	        0);
	assert_int_equal(count_one("a1.xml", NULL,
	                           SINGLE("q", "Reply now", "None of the above", "Delete it"),
	                           LINT_ALL_NONE_ABOVE),
	                 1);
	assert_int_equal(count_one("a2.xml", NULL,
	                           "<multiple id=\"q\"><prompt>Which?</prompt>"
	                           "<choice correct=\"true\">Thank them</choice>"
	                           "<choice>All of these</choice></multiple>",
	                           LINT_ALL_NONE_ABOVE),
	                 1);
	/* "All" and "above" as ordinary words are fine. */
	assert_int_equal(count_one("a3.xml", NULL,
	                           SINGLE("q", "All staff read it", "Pin it above the till",
	                                  "None, it is private"),
	                           LINT_ALL_NONE_ABOVE),
	                 0);
}

static void test_duplicate_stems(void **state)
{
	struct course *c[2];
	struct lint_result r;

	(void)state;
	c[0] = module("one.xml", NULL,
	              "<truefalse id=\"a\" answer=\"true\"><prompt>Reply to every customer comment "
	              "within one working day.</prompt></truefalse>");
	c[1] = module("two.xml", NULL,
	              "<truefalse id=\"b\" answer=\"false\"><prompt>Reply to each customer comment "
	              "within one working day.</prompt></truefalse>\n"
	              "<truefalse id=\"c\" answer=\"false\"><prompt>Deleting fair criticism of "
	              "the shop keeps the page tidy.</prompt></truefalse>");
	lint(&r, c, 2);
	assert_int_equal(r.counts[LINT_DUPLICATE_STEM], 1);
	if (!has_warning(&r, "two.xml:7: question 'b': nearly the same stem as 'a' (one.xml:7), "
	                     "similarity 0.86 [duplicate-stem]")) {
		dump(&r);
		fail_msg("no duplicate-stem warning for b");
	}
	lint_result_release(&r);
	course_free(c[0]);
	course_free(c[1]);

	/* Short stems are not compared: too little to go on. */
	c[0] = module(
	        "one.xml", NULL,
	        "<truefalse id=\"a\" answer=\"true\"><prompt>Reply fast.</prompt></truefalse>"
	        "<truefalse id=\"b\" answer=\"true\"><prompt>Reply fast!</prompt></truefalse>");
	lint(&r, c, 1);
	assert_int_equal(r.counts[LINT_DUPLICATE_STEM], 0);
	lint_result_release(&r);
	course_free(c[0]);
}

static void test_short_forms(void **state)
{
	(void)state;
	assert_int_equal(count_one("f1.xml", NULL,
	                           "<short id=\"q\"><prompt>What do you sign with?</prompt>"
	                           "<accept>your name</accept></short>",
	                           LINT_SHORT_FORMS),
	                 1);
	/* Four spellings the grader takes as one. */
	assert_int_equal(
	        count_one("f2.xml", NULL,
	                  "<short id=\"q\"><prompt>What do you sign with?</prompt>"
	                  "<accept>your name</accept><accept>Your Name</accept>"
	                  "<accept>your-name</accept><accept>the your name</accept></short>",
	                  LINT_SHORT_FORMS),
	        1);
	assert_int_equal(count_one("f3.xml", NULL,
	                           "<short id=\"q\"><prompt>What do you sign with?</prompt>"
	                           "<accept>your name</accept><accept>name</accept>"
	                           "<accept>initials</accept></short>",
	                           LINT_SHORT_FORMS),
	                 0);
}

static void test_off_lessons(void **state)
{
	(void)state;
	/* Nothing of the key is taught. */
	assert_int_equal(count_one("o1.xml", NULL,
	                           SINGLE("q", "Boost the post with paid advertising", "Reply now",
	                                  "Sign it"),
	                           LINT_OFF_LESSONS),
	                 1);
	/* Taught, in other forms: "replies" and "names" meet "reply" and "name". */
	assert_int_equal(
	        count_one("o2.xml", "<p>Good replies are signed with names.</p>",
	                  SINGLE("q", "Sign the reply with a name", "Boost it", "Ignore it"),
	                  LINT_OFF_LESSONS),
	        0);
	/* Figures are not looked for. */
	assert_int_equal(count_one("o3.xml", NULL,
	                           "<numeric id=\"q\" answer=\"5\"><prompt>Reply within how many "
	                           "working days? 2024</prompt></numeric>",
	                           LINT_OFF_LESSONS),
	                 0);
}

static void test_words(void **state)
{
	struct strlist a, b;

	(void)state;
	strlist_init(&a);
	strlist_init(&b);
	lint_words("Don't delete the Replies; sign posts!", &a);
	assert_int_equal(a.n, 5);
	assert_string_equal(a.items[0], "dont");
	assert_string_equal(a.items[1], "delete");
	assert_string_equal(a.items[2], "reply");
	assert_string_equal(a.items[3], "sign");
	assert_string_equal(a.items[4], "post");
	lint_words("sign the post, delete spam", &b);
	/* {sign, post, delete} of {dont, delete, replies, sign, post, spam}. */
	assert_true(lint_jaccard(&a, &b) > 0.49 && lint_jaccard(&a, &b) < 0.51);
	strlist_release(&b);
	assert_true(lint_jaccard(&a, &b) == 0.0);
	strlist_release(&a);
	assert_true(lint_jaccard(&a, &b) == 0.0);
	assert_string_equal(lint_check_name(LINT_OFF_LESSONS), "off-lessons");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_longest_key),
	        cmocka_unit_test(test_key_in_hint_or_stem),
	        cmocka_unit_test(test_uneven_and_above),
	        cmocka_unit_test(test_duplicate_stems),
	        cmocka_unit_test(test_short_forms),
	        cmocka_unit_test(test_off_lessons),
	        cmocka_unit_test(test_words),
	};
	int rc = cmocka_run_group_tests_name("lint", tests, NULL, NULL);

	course_cleanup();
	return rc;
}
