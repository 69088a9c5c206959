/*
 * Tests for import and export (engine/interop.c, moodle.c, gift.c): HTML
 * made plain, Moodle's fractions, the GIFT parser type by type and its
 * errors with line and column, the checks on Moodle files, the streaming
 * reader's report of every XML error, and the round trip of every shipped
 * module through Moodle XML (every question, key and feedback) and GIFT
 * (what GIFT can say).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "course.h"
#include "gift.h"
#include "interop.h"
#include "moodle.h"
#include "quiz.h"
#include "util.h"

/* ----- helpers ----- */

static char *write_temp(const char *text)
{
	char *path = xstrdup("/tmp/upskill-interop-XXXXXX");
	int fd = mkstemp(path);
	size_t n = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

static bool has_line(const struct strlist *l, const char *want)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], want) == 0)
			return true;
	fprintf(stderr, "missing [%s] in:\n", want);
	for (size_t i = 0; i < l->n; i++)
		fprintf(stderr, "  %s\n", l->items[i]);
	return false;
}

static const struct question *item(const struct bank *b, size_t i)
{
	assert_true(i < b->nitems);
	return &b->items[i].q;
}

/* ----- text ----- */

static void test_html_text(void **state)
{
	char *t;

	(void)state;
	t = interop_html_text("<p>One &amp; <b>two</b></p><p>Three&nbsp;four</p>"
	                      "<ul><li>a</li><li>b &lt;c&gt;</li></ul><p>x&#233;&#x41;</p>"
	                      "<script>alert(1)</script>end<br>line");
	assert_string_equal(t, "One & two\n\nThree four\n\n- a\n- b <c>\n\nx\u00e9A\n\nend\nline");
	free(t);
	t = interop_html_text("  a   <!-- gone --> b < c ");
	assert_string_equal(t, "a b < c");
	free(t);
	t = interop_html_text("");
	assert_string_equal(t, "");
	free(t);
	/* As a real export has them (tests/interop/moodle-real): an ordered
	 * list whose letters the question names, "type = \"a\"" spaced as an
	 * editor left it, a start, a nested list, and no-break spaces
	 * (U+00A0) around text and alone in a paragraph. */
	t = interop_html_text(
	        "<p>Which of \u00a0A, B and C?</p><ol type=\"A\"><li>I never lie.</li>"
	        "<li>A lies.</li></ol><ol type = 'a' start=\"3\"><li>c</li>"
	        "<li>d<ul><li>x</li></ul></li><li>e</li></ol><ol><li>one</li></ol>"
	        "<ol type=\"i\" start=\"4\"><li>iv</li><li>v</li></ol>"
	        "<ol type=\"I\" start=\"9\"><li>IX</li></ol>"
	        "<p>\u00a0</p><p>x\u00a0\u00b0</p>");
	assert_string_equal(t,
	                    "Which of A, B and C?\n\nA. I never lie.\nB. A lies.\n\nc. c\nd. d\n\n"
	                    "- x\n\ne. e\n\n1. one\n\niv. iv\nv. v\n\nIX. IX\n\nx \u00b0");
	free(t);
}

static void test_slug_and_fractions(void **state)
{
	char *s;

	(void)state;
	s = interop_slug("Grant's Tomb (Short answer)");
	assert_string_equal(s, "grant-s-tomb-short-answer");
	free(s);
	s = interop_slug("reply-speed");
	assert_string_equal(s, "reply-speed");
	free(s);
	assert_null(interop_slug("???"));
	assert_true(interop_fraction_ok(100));
	assert_true(interop_fraction_ok(33.33333));
	assert_true(interop_fraction_ok(-50));
	assert_true(interop_fraction_ok(0));
	assert_false(interop_fraction_ok(45));
	assert_false(interop_fraction_ok(101));
}

/* ----- GIFT ----- */

static void test_gift_types(void **state)
{
	static const char text[] =
	        "// a comment\n"
	        "$CATEGORY: $course$/top/Tombs\n"
	        "\n"
	        "// [id:tomb] [tag:history]\n"
	        "::Tomb::Who's buried in Grant's tomb?{~Grant#No. =no one#Right! ~Jefferson"
	        " ####Nobody is buried; they are entombed.}\n"
	        "\n"
	        "Grant is {~buried =entombed ~living} in Grant's tomb.\n"
	        "\n"
	        "::TF::Grant is buried in Grant's tomb.{FALSE#wrong fb#right fb}\n"
	        "\n"
	        "Who's buried in Grant's tomb?{=no one =nobody}\n"
	        "\n"
	        "When was Ulysses S. Grant born?{#1822:5}\n"
	        "\n"
	        "Pi?{#3.141..3.142}\n"
	        "\n"
	        "Match the countries.{=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}\n"
	        "\n"
	        "Which are primes?{~%50%2 ~%50%3 ~%-100%4}\n"
	        "\n"
	        "Write an essay.{}\n"
	        "\n"
	        "Escaped \\{braces\\} and a \\: colon.{T}\n"
	        "\n"
	        "How do you write 1?{One#Yes}\n"
	        "\n"
	        "A number from 1 to 5?{#\n=3:2\n~#Completely wrong}\n"
	        "\n"
	        "Coffee?{~shop -> order =powder -> add water}\n";
	struct bank b;
	const struct question *q;

	(void)state;
	bank_init(&b, "t.gift");
	assert_int_equal(gift_import_text(text, strlen(text), &b), 0);
	assert_int_equal(b.errors.n, 0);
	assert_int_equal(b.nitems, 12);
	assert_int_equal(b.nskipped, 1);
	assert_true(has_line(&b.notes, "t.gift:21: skipped essay question 'Write an essay.'"));

	q = item(&b, 0);
	assert_int_equal(q->type, Q_SINGLE);
	assert_string_equal(q->id, "tomb");
	assert_string_equal(b.items[0].category, "$course$/top/Tombs");
	assert_int_equal(b.items[0].ntags, 1);
	assert_string_equal(b.items[0].tags[0], "history");
	assert_int_equal(q->nchoices, 3);
	assert_string_equal(q->choices[1].text, "no one");
	assert_true(q->choices[1].correct);
	assert_string_equal(q->choices[1].feedback, "Right!");
	assert_string_equal(q->choices[0].feedback, "No.");
	assert_string_equal(q->feedback, "Nobody is buried; they are entombed.");

	q = item(&b, 1);
	assert_int_equal(q->type, Q_SINGLE);
	assert_string_equal(q->prompt, "Grant is _____ in Grant's tomb.");

	q = item(&b, 2);
	assert_int_equal(q->type, Q_TRUEFALSE);
	assert_false(q->choices[0].correct); /* True */
	assert_true(q->choices[1].correct);  /* False */
	/* The first feedback is for a wrong answer: here, True. */
	assert_string_equal(q->choices[0].feedback, "wrong fb");
	assert_string_equal(q->choices[1].feedback, "right fb");

	q = item(&b, 3);
	assert_int_equal(q->type, Q_SHORT);
	assert_int_equal(q->naccepted, 2);
	assert_string_equal(q->accepted[1], "nobody");

	q = item(&b, 4);
	assert_int_equal(q->type, Q_NUMERIC);
	assert_true(q->answer == 1822 && q->tolerance == 5);
	q = item(&b, 5);
	assert_true(fabs(q->answer - 3.1415) < 1e-9 && fabs(q->tolerance - 0.0005) < 1e-9);

	q = item(&b, 6);
	assert_int_equal(q->type, Q_MATCHING);
	assert_int_equal(q->npairs, 3);
	assert_string_equal(q->pairs[2].left, "Japan");
	assert_string_equal(q->pairs[2].right, "Tokyo");

	q = item(&b, 7);
	assert_int_equal(q->type, Q_MULTIPLE);
	assert_true(q->choices[0].correct && q->choices[1].correct && !q->choices[2].correct);

	q = item(&b, 8);
	assert_int_equal(q->type, Q_TRUEFALSE);
	assert_string_equal(q->prompt, "Escaped {braces} and a : colon.");

	q = item(&b, 9);
	assert_int_equal(q->type, Q_SHORT);
	assert_int_equal(q->naccepted, 1);
	assert_string_equal(q->accepted[0], "One");
	q = item(&b, 10);
	assert_int_equal(q->type, Q_NUMERIC);
	assert_true(q->answer == 3 && q->tolerance == 2);
	q = item(&b, 11);
	assert_int_equal(q->type, Q_SINGLE);
	assert_string_equal(q->choices[0].text, "shop -> order");
	assert_string_equal(q->choices[1].text, "powder -> add water");
	assert_true(q->choices[1].correct);
	bank_release(&b);
}

static void test_gift_errors(void **state)
{
	static const char text[] = "Good?{T}\n"
	                           "\n"
	                           "How many?{#twelve}\n"
	                           "\n"
	                           "Odd weight?{=%45%yes ~no}\n"
	                           "\n"
	                           "Unclosed {=a ~b\n"
	                           "\n"
	                           "Huh?{T#a#b#c}\n"
	                           "\n"
	                           "Which two?{~%50%a ~%25%b ~c}\n"
	                           "\n"
	                           "None right?{~a ~b}\n";
	struct bank b;

	(void)state;
	bank_init(&b, "bad.gift");
	assert_int_equal(gift_import_text(text, strlen(text), &b), -1);
	assert_true(has_line(&b.errors, "bad.gift:3:12: question 'How many?': the numeric answer "
	                                "'twelve' is not a number (Moodle would take any answer as "
	                                "right)"));
	assert_true(has_line(&b.errors, "bad.gift:5:1: question 'Odd weight?' is single-answer but "
	                                "no answer is worth 100%"));
	assert_true(has_line(
	        &b.errors, "bad.gift:5:13: question 'Odd weight?': fraction 45% is not one Moodle "
	                   "allows (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, "
	                   "33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, "
	                   "or minus one of them)"));
	assert_true(has_line(&b.errors,
	                     "bad.gift:7:10: '{' is not closed before the end of the question"));
	assert_true(has_line(&b.errors, "bad.gift:9:11: unexpected '#' in the answers"));
	assert_true(has_line(&b.errors,
	                     "bad.gift:11:1: question 'Which two?' allows several answers "
	                     "but its positive fractions add up to 75%, not 100%"));
	assert_true(has_line(&b.errors,
	                     "bad.gift:13:1: question 'None right?' allows several "
	                     "answers but its positive fractions add up to 0%, not 100%"));
	assert_int_equal(b.errors.n, 7);
	assert_int_equal(b.nbad, 6);
	assert_int_equal(b.nitems, 1); /* the good one is kept, for --skip-bad */
	bank_release(&b);
}

/* ----- Moodle XML ----- */

static const char moodle_head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n";

static void test_moodle_checks(void **state)
{
	char *text = xasprintf(
	        "%s"
	        "<question type=\"category\"><category><text>$course$/top/Checks</text>"
	        "</category></question>\n"
	        "<question type=\"multichoice\"><name><text>no-right</text></name>\n"
	        "<questiontext "
	        "format=\"html\"><text><![CDATA[<p>Pick</p>]]></text></questiontext>\n"
	        "<single>true</single>\n"
	        "<answer fraction=\"50\"><text>a</text></answer>\n"
	        "<answer fraction=\"0\"><text>b</text></answer></question>\n"
	        "<question type=\"multichoice\"><name><text>off-list</text></name>\n"
	        "<questiontext><text>Pick</text></questiontext><single>true</single>\n"
	        "<answer fraction=\"100\"><text>a</text></answer>\n"
	        "<answer fraction=\"-45\"><text>b</text></answer></question>\n"
	        "<question type=\"multichoice\"><name><text>sum</text></name>\n"
	        "<questiontext><text>Pick two</text></questiontext><single>false</single>\n"
	        "<answer fraction=\"50\"><text>a</text></answer>\n"
	        "<answer fraction=\"40\"><text>b</text></answer></question>\n"
	        "<question type=\"calculated\"><name><text>calc</text></name>"
	        "<questiontext><text>x</text></questiontext></question>\n"
	        "<question type=\"multianswer\"><name><text>cloze</text></name>"
	        "<questiontext><text>x</text></questiontext></question>\n"
	        "<question type=\"shortanswer\"><name><text>Capital</text></name>\n"
	        "<questiontext><text>Capital of France?</text></questiontext><usecase>1</usecase>\n"
	        "<answer fraction=\"100\"><text>Paris</text><feedback><text>Yes</text></feedback>"
	        "</answer><hint><text>Starts with P</text></hint>"
	        "<tags><tag><text>geo</text></tag></tags></question>\n"
	        "</quiz>\n",
	        moodle_head);
	char *path = write_temp(text);
	struct bank b;
	char *want;

	(void)state;
	bank_init(&b, path);
	assert_int_equal(moodle_import(path, &b), 0);
	want = xasprintf("%s:4:1: question 'no-right' is single-answer but no answer is worth "
	                 "100%%",
	                 path);
	assert_true(has_line(&b.errors, want));
	free(want);
	want = xasprintf("%s:12:1: question 'off-list': fraction -45%% is not one Moodle allows "
	                 "(100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, "
	                 "20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, or minus one of them)",
	                 path);
	assert_true(has_line(&b.errors, want));
	free(want);
	want = xasprintf("%s:13:1: question 'sum' allows several answers but its positive "
	                 "fractions add up to 90%%, not 100%%",
	                 path);
	assert_true(has_line(&b.errors, want));
	free(want);
	assert_int_equal(b.errors.n, 3);
	want = xasprintf("%s:17: skipped calculated question 'calc'", path);
	assert_true(has_line(&b.notes, want));
	free(want);
	want = xasprintf("%s:18: skipped multianswer question 'cloze'", path);
	assert_true(has_line(&b.notes, want));
	free(want);
	assert_int_equal(b.nitems, 1);
	assert_int_equal(b.items[0].q.type, Q_SHORT);
	assert_true(b.items[0].q.case_sensitive);
	assert_string_equal(b.items[0].q.id, "capital");
	assert_string_equal(b.items[0].q.hints[0], "Starts with P");
	assert_string_equal(b.items[0].tags[0], "geo");
	assert_string_equal(b.items[0].category, "$course$/top/Checks");
	bank_release(&b);
	unlink(path);
	free(path);
	free(text);
}

/* A malformed file: every XML error, with line and column, not the first. */
static void test_moodle_malformed(void **state)
{
	char *path = write_temp("<?xml version=\"1.0\"?>\n<quiz>\n"
	                        "<question type=\"truefalse\"><name><text>a</name>\n"
	                        "<questiontext><text>x & y</text></questiontext>\n"
	                        "</question>\n</quiz>\n");
	struct bank b;

	(void)state;
	bank_init(&b, path);
	assert_int_equal(moodle_import(path, &b), -1);
	assert_true(b.errors.n >= 2);
	for (size_t i = 0; i < b.errors.n; i++) {
		int line = 0, col = 0;
		char rest[16];

		/* path:line:col: message */
		assert_true(util_starts_with(b.errors.items[i], path));
		assert_int_equal(
		        sscanf(b.errors.items[i] + strlen(path), ":%d:%d:%15s", &line, &col, rest),
		        3);
		assert_true(line >= 3 && col > 0);
	}
	bank_release(&b);
	unlink(path);
	free(path);

	/* Cut off inside its root: libxml2 calls that "Extra content at the
	 * end of the document"; the message says what is left open. */
	path = write_temp("<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"truefalse\">\n"
	                  "    <name><text>a</text></name>\n    <questiontext>\n");
	bank_init(&b, path);
	assert_int_equal(moodle_import(path, &b), -1);
	{
		char *want =
		        xasprintf("%s:5:19: the file ends before it closes <questiontext> (5:5), "
		                  "<question> (3:3), <quiz> (2:1)",
		                  path);

		assert_true(has_line(&b.errors, want));
		free(want);
	}
	bank_release(&b);
	unlink(path);
	free(path);
}

static void test_moodle_doctype_refused(void **state)
{
	char *path =
	        write_temp("<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"aaaa\">]>\n"
	                   "<quiz><question type=\"description\"><name><text>&a;</text></name>"
	                   "<questiontext><text>&a;</text></questiontext></question></quiz>\n");
	struct bank b;
	char *want;

	(void)state;
	bank_init(&b, path);
	assert_int_equal(moodle_import(path, &b), -1);
	want = xasprintf("%s:2:16: DOCTYPE is not allowed (entities are refused)", path);
	assert_true(has_line(&b.errors, want));
	free(want);
	assert_int_equal(b.nitems, 0);
	bank_release(&b);
	unlink(path);
	free(path);
}

/* ----- the round trip ----- */

static void same_question(const struct question *a, const struct question *b, bool gift)
{
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->type, b->type);
	assert_string_equal(a->prompt, b->prompt);
	if (a->type == Q_SCENARIO)
		assert_string_equal(a->situation, b->situation);
	if (a->nchoices != b->nchoices ||
	    (a->nchoices && a->choices[0].correct != b->choices[0].correct))
		fprintf(stderr, "question '%s' (type %d)\n", a->id, a->type);
	assert_int_equal(a->nchoices, b->nchoices);
	for (size_t i = 0; i < a->nchoices; i++) {
		assert_string_equal(a->choices[i].text, b->choices[i].text);
		assert_int_equal(a->choices[i].correct, b->choices[i].correct);
		if (a->choices[i].feedback)
			assert_string_equal(a->choices[i].feedback, b->choices[i].feedback);
		else
			assert_null(b->choices[i].feedback);
	}
	/* Synonyms come back as the answers they add, after the accepted ones. */
	{
		struct strlist extra;

		quiz_short_synonym_forms(a, &extra, INTEROP_SYNONYM_FORMS);
		assert_int_equal(a->naccepted + extra.n, b->naccepted);
		for (size_t i = 0; i < a->naccepted; i++)
			assert_string_equal(a->accepted[i], b->accepted[i]);
		for (size_t i = 0; i < extra.n; i++)
			assert_string_equal(extra.items[i], b->accepted[a->naccepted + i]);
		strlist_release(&extra);
	}
	assert_int_equal(a->npairs, b->npairs);
	for (size_t i = 0; i < a->npairs; i++) {
		assert_string_equal(a->pairs[i].left, b->pairs[i].left);
		assert_string_equal(a->pairs[i].right, b->pairs[i].right);
	}
	if (a->type == Q_NUMERIC) {
		assert_true(fabs(a->answer - b->answer) < 1e-9);
		assert_true(fabs(a->tolerance - b->tolerance) < 1e-9);
	}
	if (a->feedback)
		assert_string_equal(a->feedback, b->feedback);
	else
		assert_null(b->feedback);
	if (gift)
		return;
	/* What GIFT cannot say, Moodle XML keeps. */
	assert_true(fabs(a->weight - b->weight) < 1e-9);
	assert_int_equal(a->case_sensitive, b->case_sensitive);
	if (a->type == Q_NUMERIC && a->unit)
		assert_string_equal(a->unit, b->unit);
	assert_int_equal(a->nhints, b->nhints);
	for (size_t i = 0; i < a->nhints; i++)
		assert_string_equal(a->hints[i], b->hints[i]);
}

/* The modules made from b load with upskill's loader, and hold the same
 * questions as c. */
static void modules_load(const struct bank *b, const struct course *c, bool gift)
{
	struct interop_options o = {.source = "round-trip"};
	struct interop_module *m = NULL;
	size_t n = 0;
	struct strlist errors;
	struct course *back = NULL;
	struct programme *p = NULL;
	size_t k = 0;

	strlist_init(&errors);
	if (interop_modules(b, &o, &m, &n, &errors) < 0)
		for (size_t i = 0; i < errors.n; i++)
			fprintf(stderr, "%s\n", errors.items[i]);
	assert_int_equal(errors.n, 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].id, c->id);
	assert_int_equal(
	        course_load_memory("back.xml", m[0].xml, strlen(m[0].xml), &back, &p, &errors), 0);
	for (size_t i = 0; i < c->quiz.nquestions; i++) {
		if (gift && c->quiz.questions[i].type == Q_ORDERING)
			continue;
		assert_true(k < back->quiz.nquestions);
		same_question(&c->quiz.questions[i], &back->quiz.questions[k++], gift);
	}
	assert_int_equal(k, back->quiz.nquestions);
	course_free(back);
	interop_modules_free(m, n);
	strlist_release(&errors);
}

static void round_trip(const char *file)
{
	struct strlist errors, notes;
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strbuf out;
	struct bank b;
	char *err = NULL, *path;
	size_t k = 0;

	strlist_init(&errors);
	strlist_init(&notes);
	assert_int_equal(course_load_file(file, &c, &p, &errors), 0);
	if (!c) {
		programme_free(p);
		strlist_release(&errors);
		return;
	}
	/* Moodle XML: everything. */
	strbuf_init(&out);
	assert_int_equal(moodle_export(c, &out, &err), 0);
	path = write_temp(out.buf);
	bank_init(&b, path);
	assert_int_equal(moodle_import(path, &b), 0);
	for (size_t i = 0; i < b.errors.n; i++)
		fprintf(stderr, "%s: %s\n", file, b.errors.items[i]);
	assert_int_equal(b.errors.n, 0);
	assert_int_equal(b.nitems, c->quiz.nquestions);
	for (size_t i = 0; i < b.nitems; i++)
		same_question(&c->quiz.questions[i], &b.items[i].q, false);
	modules_load(&b, c, false);
	bank_release(&b);
	unlink(path);
	free(path);
	strbuf_release(&out);

	/* GIFT: all but ordering questions, hints, weights, units, case. */
	strbuf_init(&out);
	gift_export(c, &out, &notes);
	bank_init(&b, file);
	assert_int_equal(gift_import_text(out.buf, out.len, &b), 0);
	for (size_t i = 0; i < c->quiz.nquestions; i++) {
		if (c->quiz.questions[i].type == Q_ORDERING)
			continue;
		assert_true(k < b.nitems);
		same_question(&c->quiz.questions[i], &b.items[k++].q, true);
	}
	assert_int_equal(k, b.nitems);
	if (k)
		modules_load(&b, c, true);
	bank_release(&b);
	strbuf_release(&out);
	strlist_release(&notes);
	strlist_release(&errors);
	course_free(c);
}

static void test_round_trip_shipped(void **state)
{
	struct dirent **names;
	int n = scandir("courses", &names, NULL, alphasort);
	int modules = 0;

	(void)state;
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);

		if (len > 4 && strcmp(name + len - 4, ".xml") == 0) {
			char *file = xasprintf("courses/%s", name);
			FILE *f = fopen(file, "r");
			char head[512] = "";

			if (f) {
				size_t got = fread(head, 1, sizeof(head) - 1, f);

				head[got] = '\0';
				fclose(f);
			}
			if (strstr(head, "<module")) {
				round_trip(file);
				modules++;
			}
			free(file);
		}
		free(names[i]);
	}
	free(names);
	assert_true(modules >= 9);
}

/* The example of docs/course-format.md has every question type. */
static void test_round_trip_every_type(void **state)
{
	(void)state;
	round_trip("tests/courses/good/example.xml");
}

static int cleanup(void **state)
{
	(void)state;
	course_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_html_text),
	        cmocka_unit_test(test_slug_and_fractions),
	        cmocka_unit_test(test_gift_types),
	        cmocka_unit_test(test_gift_errors),
	        cmocka_unit_test(test_moodle_checks),
	        cmocka_unit_test(test_moodle_malformed),
	        cmocka_unit_test(test_moodle_doctype_refused),
	        cmocka_unit_test(test_round_trip_shipped),
	        cmocka_unit_test(test_round_trip_every_type),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
