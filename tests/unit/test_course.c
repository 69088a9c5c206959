/*
 * Tests for the course loader (engine/course.c): the structs built from the
 * example module for every question type, defaults and white space, policy
 * modules and programmes; every bad file under tests/courses/bad/ against the
 * exact errors in its .err file (and against xmllint's verdict); and the
 * refusals that keep untrusted files harmless: DOCTYPEs, entity bombs,
 * external entities, oversized, empty and non-UTF-8 files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "course.h"
#include "digest.h"
#include "util.h"

#define BAD_DIR "tests/courses/bad"
#define SECRET  "XXE-SECRET-7f3a"

/* ----- helpers ----- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static char *join_lines(const struct strlist *l)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < l->n; i++) {
		strbuf_adds(&sb, l->items[i]);
		strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

/* Loads a file that must be a valid module. */
static struct course *load_good(const char *path)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *all;

	strlist_init(&errors);
	if (course_load_file(path, &c, &p, &errors) != 0) {
		all = join_lines(&errors);
		print_error("%s", all);
		free(all);
		fail_msg("'%s' did not load", path);
	}
	assert_null(p);
	assert_int_equal(errors.n, 0);
	strlist_release(&errors);
	return c;
}

/* Loads from memory what must be refused, and returns the errors joined. */
static char *load_bad_memory(const char *name, const char *data, size_t len)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *all;

	strlist_init(&errors);
	assert_int_equal(course_load_memory(name, data, len, &c, &p, &errors), -1);
	assert_null(c);
	assert_null(p);
	all = join_lines(&errors);
	strlist_release(&errors);
	return all;
}

/* ----- the example module ----- */

static int setup_example(void **state)
{
	*state = load_good("tests/courses/good/example.xml");
	return 0;
}

static int teardown_course(void **state)
{
	course_free(*state);
	return 0;
}

static void test_example_module(void **state)
{
	const struct course *c = *state;
	const struct page *pg;
	const struct block *b;

	assert_string_equal(c->path, "tests/courses/good/example.xml");
	assert_int_equal(c->line, 2);
	assert_int_equal(c->format, 1);
	assert_string_equal(c->id, "example-basics");
	assert_string_equal(c->version, "1.0");
	assert_string_equal(c->title, "Replying to comments");
	assert_string_equal(c->topic, "engagement");
	assert_string_equal(c->summary, "How to answer the people who talk to you, and how fast.");
	assert_int_equal(c->minutes, 10);
	assert_int_equal(c->nrequires, 0);
	assert_null(c->policy);

	assert_int_equal(c->npages, 1);
	pg = &c->pages[0];
	assert_string_equal(pg->title, "Why replies matter");
	assert_int_equal(pg->nblocks, 5);
	b = pg->blocks;
	assert_int_equal(b[0].kind, BLOCK_HEADING);
	assert_string_equal(b[0].text, "People notice silence");
	assert_int_equal(b[1].kind, BLOCK_PARAGRAPH);
	assert_string_equal(b[1].text,
	                    "A comment left unanswered for a week tells everyone reading "
	                    "that nobody is listening.");
	assert_int_equal(b[2].kind, BLOCK_LIST);
	assert_null(b[2].text);
	assert_int_equal(b[2].nitems, 2);
	assert_string_equal(b[2].items[0], "Reply within one working day.");
	assert_string_equal(b[2].items[1], "Sign your reply with your first name.");
	assert_int_equal(b[3].kind, BLOCK_KEY);
	assert_string_equal(b[3].text, "A short, human reply beats a perfect one sent late.");
	assert_int_equal(b[4].kind, BLOCK_EXAMPLE);
	assert_string_equal(b[4].text, "A question on a Saturday");
	assert_int_equal(b[4].ninner, 1);
	assert_int_equal(b[4].inner[0].kind, BLOCK_PARAGRAPH);
	assert_string_equal(b[4].inner[0].text,
	                    "A customer asks on Saturday whether the shop opens on Monday. Jo "
	                    "answers on Saturday afternoon: \"Yes, from 9 \xe2\x80\x94 see you "
	                    "then! Jo\".");
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(b[i].ninner, 0);
		assert_null(b[i].inner);
	}

	assert_int_equal(c->quiz.pass_mark, 75);
	assert_int_equal(c->quiz.attempts, 3);
	assert_int_equal(c->quiz.shuffle, SHUFFLE_BOTH);
	assert_int_equal(c->quiz.draw, 7);
	assert_int_equal(c->quiz.feedback, FEEDBACK_IMMEDIATE);
	assert_int_equal(c->quiz.nquestions, 8);
}

/* The fields every question has, and that those of other types are empty. */
static void check_question(const struct question *q, const char *id, enum question_type type,
                           int line, double weight)
{
	assert_string_equal(q->id, id);
	assert_int_equal(q->type, type);
	assert_int_equal(q->line, line);
	assert_float_equal(q->weight, weight, 1e-9);
	assert_non_null(q->prompt);
	if (type != Q_SCENARIO)
		assert_null(q->situation);
	if (type != Q_SHORT) {
		assert_int_equal(q->naccepted, 0);
		assert_false(q->case_sensitive);
	}
	if (type != Q_NUMERIC) {
		assert_null(q->unit);
		assert_float_equal(q->answer, 0, 0);
		assert_float_equal(q->tolerance, 0, 0);
	}
	if (type != Q_MATCHING)
		assert_int_equal(q->npairs, 0);
	if (type == Q_SHORT || type == Q_NUMERIC || type == Q_MATCHING)
		assert_int_equal(q->nchoices, 0);
}

static void check_choice(const struct choice *ch, const char *text, bool correct,
                         const char *feedback)
{
	assert_string_equal(ch->text, text);
	assert_int_equal(ch->correct, correct);
	if (feedback)
		assert_string_equal(ch->feedback, feedback);
	else
		assert_null(ch->feedback);
}

static void test_example_single(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[0];

	check_question(q, "reply-speed", Q_SINGLE, 20, 2);
	assert_string_equal(q->prompt, "How soon should a question on your page get an answer?");
	assert_int_equal(q->nchoices, 3);
	check_choice(&q->choices[0], "Within a week", false,
	             "A week is long enough for the asker to go elsewhere.");
	check_choice(&q->choices[1], "Within one working day", true,
	             "Yes: people expect an answer the same or next working day.");
	check_choice(&q->choices[2], "Only when there are several to answer at once", false, NULL);
	assert_int_equal(q->nhints, 1);
	assert_string_equal(q->hints[0], "Think of how long you would wait yourself.");
	assert_string_equal(q->feedback, "Speed shows that real people are listening.");
}

static void test_example_multiple(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[1];

	check_question(q, "reply-good", Q_MULTIPLE, 28, 1);
	assert_string_equal(q->prompt, "Which make a good reply? Pick all that apply.");
	assert_int_equal(q->nchoices, 3);
	check_choice(&q->choices[0], "It answers the question asked", true, NULL);
	check_choice(&q->choices[1], "It is signed by the person replying", true, NULL);
	check_choice(&q->choices[2], "It adds a link to this week's offer", false,
	             "A sales pitch in a reply reads as not listening.");
	assert_int_equal(q->nhints, 0);
	assert_null(q->feedback);
}

static void test_example_truefalse(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[2];

	check_question(q, "reply-delete", Q_TRUEFALSE, 34, 1);
	assert_string_equal(q->prompt,
	                    "Deleting a critical but fair comment is the safest response.");
	assert_int_equal(q->nchoices, 2);
	check_choice(&q->choices[0], "True", false,
	             "Deleting fair criticism usually makes it louder.");
	check_choice(&q->choices[1], "False", true, NULL);
	assert_null(q->feedback);
}

static void test_example_short(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[3];

	check_question(q, "reply-sign", Q_SHORT, 37, 1);
	assert_string_equal(q->prompt,
	                    "What do you add at the end of a reply so people know who answered?");
	assert_false(q->case_sensitive);
	assert_int_equal(q->naccepted, 3);
	assert_string_equal(q->accepted[0], "your name");
	assert_string_equal(q->accepted[1], "name");
	assert_string_equal(q->accepted[2], "initials");
}

static void test_example_numeric(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[4];

	check_question(q, "reply-hours", Q_NUMERIC, 43, 1);
	assert_string_equal(q->prompt,
	                    "Roughly how many hours is \"one working day\" for a weekday reply?");
	assert_float_equal(q->answer, 24, 1e-9);
	assert_float_equal(q->tolerance, 4, 1e-9);
	assert_string_equal(q->unit, "hours");
}

static void test_example_ordering(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[5];

	check_question(q, "reply-steps", Q_ORDERING, 46, 1);
	assert_string_equal(q->prompt, "Put the steps for a complaint in order.");
	/* Written, and so correct, order. */
	assert_int_equal(q->nchoices, 3);
	check_choice(&q->choices[0], "Read the whole comment", false, NULL);
	check_choice(&q->choices[1], "Reply publicly and briefly", false, NULL);
	check_choice(&q->choices[2], "Move the details to a private message", false, NULL);
}

static void test_example_matching(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[6];

	check_question(q, "reply-who", Q_MATCHING, 52, 1);
	assert_string_equal(q->prompt, "Match each message to who answers it.");
	assert_int_equal(q->npairs, 2);
	assert_string_equal(q->pairs[0].left, "A question about opening hours");
	assert_string_equal(q->pairs[0].right, "Whoever is on duty");
	assert_string_equal(q->pairs[1].left, "A complaint about a refund");
	assert_string_equal(q->pairs[1].right, "The manager");
}

static void test_example_scenario(void **state)
{
	const struct question *q = &((const struct course *)*state)->quiz.questions[7];

	check_question(q, "reply-viral", Q_SCENARIO, 57, 1);
	assert_string_equal(q->situation, "A photo of a mistake in your window display is being "
	                                  "shared with mocking comments.");
	assert_string_equal(q->prompt, "What do you do first?");
	assert_int_equal(q->nchoices, 2);
	check_choice(&q->choices[0], "Reply with good humour and fix the display", true,
	             "Owning it with a smile usually ends the joke.");
	check_choice(&q->choices[1], "Ignore it until it dies down", false,
	             "The thread notices the silence and the joke grows.");
}

/* ----- defaults, white space, policy, programme ----- */

static void test_defaults_and_white_space(void **state)
{
	struct course *c = load_good("tests/courses/good/minimal-defaults.xml");
	const struct question *q;

	(void)state;
	assert_int_equal(c->format, 1);
	assert_int_equal(c->minutes, 15);
	assert_string_equal(c->topic, "newsletters"); /* unknown, but no typo */
	assert_string_equal(c->title, "Defaults everywhere");
	assert_string_equal(c->summary,
	                    "Nothing optional is written, so the loader fills in the defaults.");
	assert_string_equal(c->pages[0].title, "A page");
	assert_string_equal(c->pages[0].blocks[0].text, "One paragraph, over two lines.");
	/* CDATA is text, not markup; character references are decoded. */
	assert_string_equal(c->pages[0].blocks[1].text,
	                    "Fish & chips <b>not bold</b>, & more \xc3\xa9t\xc3\xa9.");
	assert_null(c->policy);

	assert_int_equal(c->quiz.pass_mark, 80);
	assert_int_equal(c->quiz.attempts, 0);
	assert_int_equal(c->quiz.shuffle, SHUFFLE_NONE);
	assert_int_equal(c->quiz.draw, 0);
	assert_int_equal(c->quiz.feedback, FEEDBACK_IMMEDIATE);
	assert_int_equal(c->quiz.nquestions, 4);

	q = &c->quiz.questions[0];
	assert_float_equal(q->weight, 1, 0);
	/* correct=" 1 " is xs:boolean true once white space is collapsed. */
	check_choice(&q->choices[0], "This", false, NULL);
	check_choice(&q->choices[1], "That", true, NULL);
	q = &c->quiz.questions[1];
	assert_float_equal(q->answer, -2.5, 1e-12);
	assert_float_equal(q->tolerance, 0, 0);
	assert_null(q->unit);
	q = &c->quiz.questions[2];
	assert_true(q->case_sensitive);
	assert_string_equal(q->accepted[0], "Jo Bloggs");
	q = &c->quiz.questions[3];
	check_choice(&q->choices[0], "True", true, NULL);
	check_choice(&q->choices[1], "False", false, NULL);
	course_free(c);
}

static void test_policy_module(void **state)
{
	struct course *c = load_good("tests/courses/good/policy-module.xml");
	const struct policy *p = c->policy;
	const struct question *q = &c->quiz.questions[0];

	(void)state;
	assert_int_equal(c->minutes, 25);
	assert_int_equal(c->nrequires, 1);
	assert_string_equal(c->requires[0], "example-basics");
	assert_int_equal(c->requires_line[0], 5);
	assert_non_null(p);
	assert_string_equal(p->version, "2024.2");
	assert_int_equal(p->valid_months, 6);
	assert_true(p->minor);
	assert_int_equal(p->nblocks, 4);
	assert_int_equal(p->blocks[0].kind, BLOCK_HEADING);
	assert_string_equal(p->blocks[0].text, "1. Scope");
	assert_int_equal(p->blocks[2].kind, BLOCK_LIST);
	assert_int_equal(p->blocks[2].nitems, 2);
	assert_string_equal(p->blocks[2].items[1], "Personal accounts that mention work");
	assert_int_equal(p->blocks[3].kind, BLOCK_KEY);

	assert_int_equal(c->quiz.pass_mark, 100);
	assert_int_equal(c->quiz.attempts, 0);
	assert_int_equal(c->quiz.shuffle, SHUFFLE_QUESTIONS);
	assert_int_equal(c->quiz.feedback, FEEDBACK_END);
	assert_float_equal(q->weight, 0.5, 1e-12);
	assert_int_equal(q->nhints, 2);
	assert_string_equal(q->hints[1], "Look at the list.");
	assert_string_equal(q->feedback, "Both kinds of account are covered.");
	course_free(c);

	c = load_good("tests/courses/good/policy-defaults.xml");
	assert_string_equal(c->policy->version, "1");
	assert_int_equal(c->policy->valid_months, 12);
	assert_false(c->policy->minor);
	assert_int_equal(c->quiz.attempts, 2);
	assert_int_equal(c->quiz.shuffle, SHUFFLE_CHOICES);
	course_free(c);
}

static void test_programme(void **state)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_file("tests/courses/good/programme.xml", &c, &p, &errors), 0);
	assert_null(c);
	assert_non_null(p);
	assert_string_equal(p->path, "tests/courses/good/programme.xml");
	assert_int_equal(p->line, 2);
	assert_string_equal(p->id, "good-week");
	assert_string_equal(p->title, "A short week");
	assert_null(p->summary);
	assert_int_equal(p->nstages, 2);
	assert_string_equal(p->stages[0].label, "Day 1");
	assert_int_equal(p->stages[0].nmodules, 2);
	assert_string_equal(p->stages[0].modules[0], "example-basics");
	assert_int_equal(p->stages[0].modules_line[0], 5);
	assert_string_equal(p->stages[0].modules[1], "minimal-defaults");
	assert_int_equal(p->stages[0].modules_line[1], 6);
	assert_string_equal(p->stages[1].label, "Day 2");
	assert_int_equal(p->stages[1].nmodules, 1);
	assert_string_equal(p->stages[1].modules[0], "policy-module");
	assert_int_equal(p->stages[1].modules_line[0], 9);
	programme_free(p);
	strlist_release(&errors);
}

static void test_load_memory(void **state)
{
	static const char xml[] =
	        "<module id='m' version='1' topic='voice'><title>T</title><summary>S</summary>"
	        "<lesson title='L'><p>P</p></lesson><quiz draw='1'><truefalse id='q' "
	        "answer='false'><prompt>P</prompt></truefalse></quiz></module>";
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *all;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_memory("inline", xml, sizeof(xml) - 1, &c, &p, &errors), 0);
	assert_string_equal(c->path, "inline");
	assert_int_equal(c->quiz.draw, 1);
	course_free(c);
	strlist_release(&errors);

	/* The name given is the one messages use; a module root needs its attributes. */
	all = load_bad_memory("inline", "<module/>", 9);
	assert_string_equal(
	        all, "inline:1: Element 'module': The attribute 'id' is required but missing.\n"
	             "inline:1: Element 'module': The attribute 'version' is required but "
	             "missing.\n"
	             "inline:1: Element 'module': The attribute 'topic' is required but "
	             "missing.\n"
	             "inline:1: Element 'module': Missing child element(s). Expected is ( "
	             "title ).\n");
	free(all);
}

/* A short answer's synonym groups load as written, after its accepted
 * answers; a group of fewer than two members, or with an empty one, is an
 * error at the question's line. */
static void test_load_synonyms(void **state)
{
	static const char xml[] =
	        "<module id='m' version='1' topic='law'><title>T</title><summary>S</summary>"
	        "<lesson title='L'><p>P</p></lesson><quiz><short id='s'><prompt>P</prompt>"
	        "<accept>content calendar</accept><synonyms>calendar, schedule, plan"
	        "</synonyms><synonyms>content, posts</synonyms></short></quiz></module>";
	static const char bad[] =
	        "<module id='m' version='1' topic='law'><title>T</title><summary>S</summary>"
	        "<lesson title='L'><p>P</p></lesson><quiz>\n<short id='s'><prompt>P</prompt>"
	        "<accept>a</accept><synonyms>calendar</synonyms><synonyms>plan, , diary"
	        "</synonyms></short></quiz></module>";
	static const char order[] =
	        "<module id='m' version='1' topic='law'><title>T</title><summary>S</summary>"
	        "<lesson title='L'><p>P</p></lesson><quiz><short id='s'><prompt>P</prompt>"
	        "<synonyms>a, b</synonyms><accept>a</accept></short></quiz></module>";
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	const struct question *q;
	char *all;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_memory("inline", xml, sizeof(xml) - 1, &c, &p, &errors), 0);
	q = &c->quiz.questions[0];
	assert_int_equal(q->nsynonyms, 2);
	assert_string_equal(q->synonyms[0], "calendar, schedule, plan");
	assert_string_equal(q->synonyms[1], "content, posts");
	course_free(c);
	strlist_release(&errors);

	all = load_bad_memory("inline", bad, sizeof(bad) - 1);
	assert_string_equal(all, "inline:2: question 's': synonyms 'calendar' needs two or more "
	                         "words or phrases, separated by commas, none of them empty\n"
	                         "inline:2: question 's': synonyms 'plan, , diary' needs two or "
	                         "more words or phrases, separated by commas, none of them "
	                         "empty\n");
	free(all);
	/* The schema wants them after the accepted answers. */
	all = load_bad_memory("inline", order, sizeof(order) - 1);
	assert_non_null(strstr(all, "synonyms"));
	free(all);
}

static void test_type_names_and_topics(void **state)
{
	(void)state;
	assert_string_equal(course_type_name(Q_SINGLE), "single choice");
	assert_string_equal(course_type_name(Q_MULTIPLE), "multiple response");
	assert_string_equal(course_type_name(Q_TRUEFALSE), "true/false");
	assert_string_equal(course_type_name(Q_SHORT), "short answer");
	assert_string_equal(course_type_name(Q_NUMERIC), "numeric");
	assert_string_equal(course_type_name(Q_ORDERING), "ordering");
	assert_string_equal(course_type_name(Q_MATCHING), "matching");
	assert_string_equal(course_type_name(Q_SCENARIO), "scenario");
	assert_string_equal(course_known_topics[0], "strategy");
	assert_string_equal(course_known_topics[4], "handover");
	assert_string_equal(course_known_topics[5], "content");
	assert_string_equal(course_known_topics[8], "law");
	assert_null(course_known_topics[9]);
}

/* ----- the bad files ----- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the *.xml files in BAD_DIR, sorted. */
static void bad_fixtures(struct strlist *names)
{
	DIR *d = opendir(BAD_DIR);
	struct dirent *de;

	assert_non_null(d);
	strlist_init(names);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".xml") == 0)
			strlist_add(names, de->d_name);
	}
	closedir(d);
	qsort(names->items, names->n, sizeof(*names->items), name_cmp);
	assert_true(names->n >= 30);
}

/* Each NAME.xml has NAME.err with exactly the lines the loader reports.
 * libxml2 must print nothing of its own, so stderr is caught meanwhile. */
static void test_bad_files(void **state)
{
	struct strlist names, got;
	char stderr_path[] = "/tmp/upskill-test-stderr-XXXXXX";
	int saved_fd, tmp_fd;
	char *printed;

	(void)state;
	bad_fixtures(&names);
	strlist_init(&got);
	fflush(stderr);
	saved_fd = dup(2);
	tmp_fd = mkstemp(stderr_path);
	assert_true(saved_fd >= 0 && tmp_fd >= 0);
	dup2(tmp_fd, 2);
	for (size_t i = 0; i < names.n; i++) {
		struct course *c = NULL;
		struct programme *p = NULL;
		struct strlist errors;
		char *path = xasprintf("%s/%s", BAD_DIR, names.items[i]);
		int ret;

		strlist_init(&errors);
		ret = course_load_file(path, &c, &p, &errors);
		strlist_addf(&got, "%d %s\n%s", ret, c || p ? "set" : "none",
		             errors.n ? "" : "(no errors)\n");
		for (size_t k = 0; k < errors.n; k++) {
			char *joined = xasprintf("%s%s\n", got.items[got.n - 1], errors.items[k]);

			free(got.items[got.n - 1]);
			got.items[got.n - 1] = joined;
		}
		course_free(c);
		programme_free(p);
		strlist_release(&errors);
		free(path);
	}
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	close(tmp_fd);
	printed = read_text(stderr_path);
	unlink(stderr_path);
	assert_non_null(printed);
	assert_string_equal(printed, "");
	free(printed);

	for (size_t i = 0; i < names.n; i++) {
		char *err_path = xasprintf("%s/%.*s.err", BAD_DIR,
		                           (int)(strlen(names.items[i]) - 4), names.items[i]);
		char *want_errors = read_text(err_path);
		char *want;

		if (!want_errors)
			fail_msg("'%s' has no .err file beside it", names.items[i]);
		want = xasprintf("-1 none\n%s", want_errors);
		assert_string_equal(got.items[i], want);
		free(want);
		free(want_errors);
		free(err_path);
	}
	strlist_release(&got);
	strlist_release(&names);
}

/* Runs xmllint on path; its schema messages, as "file:line: message", go
 * to lines. Returns its exit status, or -1 if it could not run. */
static int run_xmllint(const char *path, struct strlist *lines)
{
	char out_path[] = "/tmp/upskill-test-xmllint-XXXXXX";
	int fd = mkstemp(out_path);
	char *cmd, *text, *line, *save = NULL;
	int status;

	assert_true(fd >= 0);
	close(fd);
	cmd = xasprintf("xmllint --noout --schema courses/upskill-course.xsd '%s' 2>'%s'", path,
	                out_path);
	status = system(cmd);
	free(cmd);
	text = read_text(out_path);
	unlink(out_path);
	assert_non_null(text);
	/* "FILE:LINE: element NAME: Schemas validity error : MESSAGE" */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *mark = strstr(line, ": Schemas validity error : ");
		const char *colon = mark ? strchr(line + strlen(path) + 1, ':') : NULL;

		if (colon)
			strlist_addf(lines, "%.*s %s", (int)(colon + 1 - line), line,
			             mark + strlen(": Schemas validity error : "));
	}
	free(text);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status);
}

/* xmllint must agree with the loader's schema verdict: it refuses xml-* and
 * schema-* files with the same schema messages, and accepts check-* files,
 * which only the loader's own checks refuse. */
static void test_bad_files_agree_with_xmllint(void **state)
{
	struct strlist names;

	(void)state;
	if (system("command -v xmllint >/dev/null 2>&1") != 0)
		skip();
	bad_fixtures(&names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.items[i];
		char *path = xasprintf("%s/%s", BAD_DIR, name);
		struct strlist lint, ours;
		struct course *c;
		struct programme *p;
		int status;

		strlist_init(&lint);
		strlist_init(&ours);
		status = run_xmllint(path, &lint);
		assert_int_not_equal(status, -1);
		if (util_starts_with(name, "check-")) {
			if (status != 0)
				fail_msg("xmllint refuses '%s', which only the loader should",
				         path);
		} else if (util_starts_with(name, "xml-") || util_starts_with(name, "schema-")) {
			if (status == 0)
				fail_msg("xmllint accepts '%s'", path);
		}
		if (util_starts_with(name, "schema-")) {
			char *want, *have;

			course_load_file(path, &c, &p, &ours);
			/* The loader's own messages start in lower case. */
			for (size_t k = ours.n; k-- > 0;) {
				const char *msg = strchr(strchr(ours.items[k], ':') + 1, ':') + 2;

				if (*msg >= 'a' && *msg <= 'z') {
					free(ours.items[k]);
					memmove(&ours.items[k], &ours.items[k + 1],
					        (ours.n - k - 1) * sizeof(*ours.items));
					ours.n--;
				}
			}
			want = join_lines(&lint);
			have = join_lines(&ours);
			assert_string_equal(have, want);
			free(want);
			free(have);
		}
		strlist_release(&lint);
		strlist_release(&ours);
		free(path);
	}
	strlist_release(&names);
}

/* ----- untrusted files ----- */

static void test_external_entities_never_read(void **state)
{
	static const char *const files[] = {
	        BAD_DIR "/file-xxe-local.xml",
	        BAD_DIR "/file-xxe-passwd.xml",
	        BAD_DIR "/schema-xinclude.xml",
	};
	/* The same attack from memory, with the DOCTYPE further down. */
	static const char inline_xxe[] =
	        "<?xml version='1.0'?>\n<!-- a comment first -->\n\n"
	        "<!DOCTYPE module [<!ENTITY s SYSTEM 'tests/courses/bad/xxe-secret.txt'>]>\n"
	        "<module id='m' version='1' topic='voice'><title>&s;</title></module>";
	char *secret = read_text(BAD_DIR "/xxe-secret.txt");
	char *passwd = read_text("/etc/passwd");
	char *passwd_line = passwd ? xstrndup(passwd, strcspn(passwd, "\n")) : NULL;
	char *all;

	(void)state;
	assert_non_null(secret);
	assert_non_null(strstr(secret, SECRET));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct course *c = NULL;
		struct programme *p = NULL;
		struct strlist errors;

		strlist_init(&errors);
		assert_int_equal(course_load_file(files[i], &c, &p, &errors), -1);
		assert_true(errors.n > 0);
		all = join_lines(&errors);
		assert_null(strstr(all, SECRET));
		assert_null(strstr(all, "root:"));
		if (passwd_line && *passwd_line)
			assert_null(strstr(all, passwd_line));
		free(all);
		strlist_release(&errors);
	}
	all = load_bad_memory("inline", inline_xxe, sizeof(inline_xxe) - 1);
	assert_string_equal(
	        all, "inline:4: DOCTYPE is not allowed in a course file (entities are refused)\n");
	free(all);
	/* Without a DOCTYPE an entity is merely undefined. */
	all = load_bad_memory("inline", "<module>&s;</module>", 20);
	assert_string_equal(all, "inline:1: Entity 's' not defined\n");
	free(all);
	free(secret);
	free(passwd);
	free(passwd_line);
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_billion_laughs_refused_fast(void **state)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	long rss_before = max_rss_kb();
	double start = now(), elapsed;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_file(BAD_DIR "/file-billion-laughs.xml", &c, &p, &errors), -1);
	elapsed = now() - start;
	assert_int_equal(errors.n, 1);
	assert_string_equal(errors.items[0],
	                    BAD_DIR "/file-billion-laughs.xml:2: DOCTYPE is not "
	                            "allowed in a course file (entities are refused)");
	if (elapsed >= 1.0)
		fail_msg("billion laughs took %.3f s to refuse", elapsed);
	/* Expanded, it would be gigabytes; refused, the peak barely moves. */
	assert_true(max_rss_kb() - rss_before < 64 * 1024);
	strlist_release(&errors);
}

static void test_huge_file_refused_by_size(void **state)
{
	char path[] = "/tmp/upskill-test-huge-XXXXXX";
	int fd = mkstemp(path);
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *want;
	double start, elapsed;

	(void)state;
	assert_true(fd >= 0);
	/* Sparse, so making it costs nothing; reading it all would still show. */
	assert_int_equal(ftruncate(fd, 50 * 1024 * 1024), 0);
	close(fd);
	strlist_init(&errors);
	start = now();
	assert_int_equal(course_load_file(path, &c, &p, &errors), -1);
	elapsed = now() - start;
	unlink(path);
	want = xasprintf("%s:1: file is 50.0 MB, over the 4 MB limit for a course file", path);
	assert_int_equal(errors.n, 1);
	assert_string_equal(errors.items[0], want);
	if (elapsed >= 0.1)
		fail_msg("a 50 MB file took %.3f s to refuse", elapsed);
	free(want);
	strlist_release(&errors);
}

/* Exactly at the limit loads; one byte more does not. */
static void test_size_limit_boundary(void **state)
{
	static const char head[] = "<module id='big' version='1' topic='voice'><title>T</title>"
	                           "<summary>S</summary><lesson title='L'><p>";
	static const char tail[] = "</p></lesson><quiz><truefalse id='q' answer='true'><prompt>P"
	                           "</prompt></truefalse></quiz></module>";
	size_t len = COURSE_MAX_BYTES;
	char *data = xmalloc(len + 1);
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *all;

	(void)state;
	memcpy(data, head, sizeof(head) - 1);
	memset(data + sizeof(head) - 1, 'a', len - (sizeof(head) - 1) - (sizeof(tail) - 1));
	memcpy(data + len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	strlist_init(&errors);
	assert_int_equal(course_load_memory("big", data, len, &c, &p, &errors), 0);
	assert_int_equal(strlen(c->pages[0].blocks[0].text),
	                 len - (sizeof(head) - 1) - (sizeof(tail) - 1));
	course_free(c);
	strlist_release(&errors);

	data[len] = ' ';
	all = load_bad_memory("big", data, len + 1);
	assert_string_equal(all, "big:1: file is 4.1 MB, over the 4 MB limit for a course file\n");
	free(all);
	free(data);
}

static void test_encoding_and_emptiness(void **state)
{
	char *all;

	(void)state;
	all = load_bad_memory("m", "", 0);
	assert_string_equal(all, "m:1: file is empty; a course file holds a <module> or a "
	                         "<programme>\n");
	free(all);
	/* An overlong encoding of '/', a classic way round path checks. */
	all = load_bad_memory("m", "<module>\n\n\xc0\xaf</module>", 19);
	assert_string_equal(all, "m:3: not valid UTF-8 (byte 0xC0); course files must be UTF-8\n");
	free(all);
	/* UTF-16 starts with a byte order mark that is not UTF-8. */
	all = load_bad_memory("m", "\xff\xfe<\0m\0", 6);
	assert_string_equal(all, "m:1: not valid UTF-8 (byte 0xFF); course files must be UTF-8\n");
	free(all);
	/* Only white space: there is no document. */
	all = load_bad_memory("m", "  \n  \n", 6);
	assert_string_equal(all, "m:3: Start tag expected, '<' not found\n");
	free(all);
}

/* A declared encoding other than UTF-8 is ignored: the bytes were checked
 * as UTF-8 and are read as UTF-8. */
static void test_encoding_declaration_ignored(void **state)
{
	static const char xml[] =
	        "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
	        "<module id='m' version='1' topic='voice'><title>Caf\xc3\xa9</title><summary>S"
	        "</summary><lesson title='L'><p>P</p></lesson><quiz><truefalse id='q' "
	        "answer='true'><prompt>P</prompt></truefalse></quiz></module>";
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_memory("m", xml, sizeof(xml) - 1, &c, &p, &errors), 0);
	assert_string_equal(c->title, "Caf\xc3\xa9");
	course_free(c);
	strlist_release(&errors);
}

static void test_not_a_file(void **state)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;

	(void)state;
	strlist_init(&errors);
	assert_int_equal(course_load_file("tests/courses", &c, &p, &errors), -1);
	assert_int_equal(course_load_file("tests/courses/none.xml", &c, &p, &errors), -1);
	assert_int_equal(errors.n, 2);
	assert_string_equal(errors.items[0], "tests/courses: not a regular file");
	assert_string_equal(errors.items[1],
	                    "tests/courses/none.xml: cannot open: No such file or directory");
	strlist_release(&errors);
}

/* Lines past 65535, where libxml2 keeps element lines in 16 bits. */
static void test_big_line_numbers(void **state)
{
	struct strbuf sb;
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *all;

	(void)state;
	strbuf_init(&sb);
	strbuf_adds(&sb, "<module id='m' version='1' topic='voice'><title>T</title>"
	                 "<summary>S</summary><lesson title='L'><p>P</p>");
	for (int i = 0; i < 70000; i++)
		strbuf_addc(&sb, '\n');
	strbuf_adds(&sb, "<p>P</p></lesson><quiz>\n<single id='q'><prompt>P</prompt>"
	                 "<choice>A</choice><choice>B</choice></single>\n</quiz></module>");
	strlist_init(&errors);
	assert_int_equal(course_load_memory("m", sb.buf, sb.len, &c, &p, &errors), -1);
	all = join_lines(&errors);
	assert_string_equal(all, "m:70002: question 'q' is single choice but has no correct "
	                         "choice; it needs exactly one\n");
	free(all);
	strlist_release(&errors);
	strbuf_release(&sb);
}

/* A file with very many problems reports the first hundred and a count. */
static void test_error_cap(void **state)
{
	struct strbuf sb;
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;

	(void)state;
	strbuf_init(&sb);
	strbuf_adds(&sb, "<module id='m' version='1' topic='voice'><title>T</title>"
	                 "<summary>S</summary><lesson title='L'><p>P</p></lesson><quiz>\n");
	for (int i = 0; i < 150; i++)
		strbuf_addf(&sb,
		            "<single id='q%d'><prompt>P</prompt><choice>A</choice>"
		            "<choice>B</choice></single>\n",
		            i);
	strbuf_adds(&sb, "</quiz></module>");
	strlist_init(&errors);
	assert_int_equal(course_load_memory("m", sb.buf, sb.len, &c, &p, &errors), -1);
	assert_int_equal(errors.n, 101);
	assert_string_equal(errors.items[99], "m:101: question 'q99' is single choice but has no "
	                                      "correct choice; it needs exactly one");
	assert_string_equal(errors.items[100], "m: 50 more errors not shown");
	strlist_release(&errors);
	strbuf_release(&sb);
}

/* Numbers are read the same whatever LC_NUMERIC says. Few machines have a
 * locale with a decimal comma installed, so one is built for the test from
 * the sources in Debian's locales package, which the Makefile installs: a
 * machine without them fails here rather than skipping, since a skipped test
 * proves nothing. */
static void test_numbers_ignore_locale(void **state)
{
	char dir[] = "/tmp/upskill-test-locale-XXXXXX";
	char *cmd;
	const char *set = NULL;
	bool decimal_comma;
	struct course *c;
	double weight;
	int built;

	(void)state;
	assert_non_null(mkdtemp(dir));
	cmd = xasprintf("localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
	built = system(cmd);
	free(cmd);
	if (built == 0) {
		setenv("LOCPATH", dir, 1);
		set = setlocale(LC_NUMERIC, "de_DE.UTF-8");
	}
	/* The test means something only where the C library now reads "2.5"
	 * as 2. */
	decimal_comma = set && strtod("2.5", NULL) == 2.0;
	c = load_good("tests/courses/good/policy-module.xml");
	weight = c->quiz.questions[0].weight;
	course_free(c);
	setlocale(LC_NUMERIC, "C");
	unsetenv("LOCPATH");
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	if (built != 0)
		fail_msg(
		        "localedef could not build de_DE.UTF-8 (is Debian's 'locales' installed?)");
	if (!decimal_comma)
		fail_msg("the de_DE.UTF-8 locale built for the test has no decimal comma");
	assert_float_equal(weight, 0.5, 1e-12);
}

/* The complete examples in docs/course-format.md must load, and the module
 * must be tests/courses/good/example.xml, which the tests above check. */
static void test_doc_example_loads(void **state)
{
	static const char *const markers[] = {"<!-- example: module -->",
	                                      "<!-- example: programme -->"};
	char *doc = read_text("docs/course-format.md");

	(void)state;
	assert_non_null(doc);
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		const char *start = strstr(doc, markers[i]);
		const char *end;
		struct course *c = NULL;
		struct programme *p = NULL;
		struct strlist errors;
		char *all;

		if (!start)
			fail_msg("docs/course-format.md has no '%s'", markers[i]);
		start = strstr(start, "```xml\n");
		assert_non_null(start);
		start += strlen("```xml\n");
		end = strstr(start, "\n```");
		assert_non_null(end);
		strlist_init(&errors);
		course_load_memory("docs/course-format.md", start, (size_t)(end - start) + 1, &c,
		                   &p, &errors);
		all = join_lines(&errors);
		assert_string_equal(all, "");
		assert_true(i == 0 ? c != NULL : p != NULL);
		if (i == 0) {
			char *example = read_text("tests/courses/good/example.xml");
			char *shown = xstrndup(start, (size_t)(end - start) + 1);

			assert_non_null(example);
			assert_string_equal(shown, example);
			free(example);
			free(shown);
		}
		free(all);
		course_free(c);
		programme_free(p);
		strlist_release(&errors);
	}
	free(doc);
}

static int cleanup(void **state)
{
	(void)state;
	course_cleanup();
	return 0;
}

/* A file the record vouches for (its bytes' SHA-256 among those published)
 * is not checked against the schema again; any other file still is, and
 * an edit of a vouched file is any other file. */
static void test_vouched_skips_only_the_schema(void **state)
{
	static const char xml[] =
	        "<module id='m' version='1' topic='voice'><title>T</title><summary>S</summary>"
	        "<lesson title='L'><p>P</p></lesson><quiz draw='1'><truefalse id='q' "
	        "answer='false'><prompt>P</prompt></truefalse></quiz><unknown/></module>";
	char dir[] = "/tmp/upskill-vouched.XXXXXX", path[64], hash[DIGEST_SHA256_HEX];
	char *hashes[2] = {(char *)"00", hash};
	struct course_vouched v = {hashes, 2, false};
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	FILE *out;

	(void)state;
	strlist_init(&errors);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.xml", dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(xml, out);
	fclose(out);
	/* Unknown to the schema, ignored by the tree walk. */
	assert_int_equal(course_load_file(path, &c, &p, &errors), -1);
	assert_true(errors.n > 0);
	assert_non_null(strstr(errors.items[0], "unknown"));
	strlist_release(&errors);
	strlist_init(&errors);
	digest_sha256_hex(xml, sizeof(xml) - 1, hash);
	if (strcmp(hashes[0], hashes[1]) > 0) {
		hashes[0] = hash;
		hashes[1] = (char *)"00";
	}
	assert_int_equal(course_load_file_vouched(path, &v, &c, &p, &errors), 0);
	assert_int_equal(errors.n, 0);
	assert_string_equal(c->sha256, hash);
	course_free(c);
	/* The tree walk's own checks still run on a vouched file: none here
	 * to break without changing the bytes, so an edit is the test. */
	out = fopen(path, "a");
	assert_non_null(out);
	fputs("\n", out);
	fclose(out);
	assert_int_equal(course_load_file_vouched(path, &v, &c, &p, &errors), -1);
	assert_non_null(strstr(errors.items[0], "unknown"));
	strlist_release(&errors);
	unlink(path);
	rmdir(dir);
}

/* What a head-only load keeps must be what a whole load reads. */
static void assert_same_head(const struct course *whole, const struct course *head)
{
	assert_string_equal(head->id, whole->id);
	assert_string_equal(head->version, whole->version);
	assert_string_equal(head->title, whole->title);
	assert_string_equal(head->topic, whole->topic);
	assert_string_equal(head->summary, whole->summary);
	assert_string_equal(head->sha256, whole->sha256);
	assert_int_equal(head->line, whole->line);
	assert_int_equal(head->minutes, whole->minutes);
	assert_int_equal(head->nrequires, whole->nrequires);
	for (size_t i = 0; i < whole->nrequires; i++)
		assert_string_equal(head->requires[i], whole -> requires[i]);
	assert_int_equal(head->npages, whole->npages);
	for (size_t i = 0; i < whole->npages; i++) {
		assert_string_equal(head->pages[i].title, whole->pages[i].title);
		assert_int_equal(head->pages[i].nblocks, 0);
	}
	assert_int_equal(head->policy != NULL, whole->policy != NULL);
	if (whole->policy) {
		assert_string_equal(head->policy->version, whole->policy->version);
		assert_int_equal(head->policy->valid_months, whole->policy->valid_months);
		assert_int_equal(head->policy->minor, whole->policy->minor);
		assert_int_equal(head->policy->nblocks, whole->policy->nblocks);
		for (size_t i = 0; i < whole->policy->nblocks; i++)
			if (whole->policy->blocks[i].text)
				assert_string_equal(head->policy->blocks[i].text,
				                    whole->policy->blocks[i].text);
	}
	assert_int_equal(head->quiz.pass_mark, whole->quiz.pass_mark);
	assert_int_equal(head->quiz.attempts, whole->quiz.attempts);
	assert_int_equal(head->quiz.shuffle, whole->quiz.shuffle);
	assert_int_equal(head->quiz.draw, whole->quiz.draw);
	assert_int_equal(head->quiz.feedback, whole->quiz.feedback);
	assert_int_equal(head->quiz.nquestions, whole->quiz.nquestions);
	assert_null(head->quiz.questions);
}

/* Loads path whole, then vouched for with heads, and compares the two. */
static void check_heads_of(const char *path)
{
	struct course *whole = NULL, *head = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	char *hashes[1];
	struct course_vouched v = {hashes, 1, true};

	strlist_init(&errors);
	assert_int_equal(course_load_file(path, &whole, &p, &errors), 0);
	if (!whole) { /* a programme: nothing is passed over */
		programme_free(p);
		strlist_release(&errors);
		return;
	}
	assert_non_null(whole->quiz.questions);
	hashes[0] = whole->sha256;
	assert_int_equal(course_load_file_vouched(path, &v, &head, &p, &errors), 0);
	assert_int_equal(errors.n, 0);
	assert_same_head(whole, head);
	course_free(head);
	/* Not vouched for: whole, heads or not. */
	hashes[0] = (char *)"00";
	assert_int_equal(course_load_file_vouched(path, &v, &head, &p, &errors), 0);
	assert_non_null(head->quiz.questions);
	assert_int_equal(head->quiz.nquestions, whole->quiz.nquestions);
	course_free(head);
	course_free(whole);
	strlist_release(&errors);
}

/* A file the record vouches for, read for its head (a report's catalogue),
 * gives the head a whole load gives, every shipped module and one written
 * to hold what the parser hands over besides elements (comments, CDATA,
 * processing instructions, references, empty elements) inside what is passed
 * over and after it; and it must still be well formed. */
static void test_vouched_heads(void **state)
{
	static const char xml[] =
	        "<module id='h' version='2' topic='policy'><title>T &amp; U</title>"
	        "<summary>S</summary><lesson title='One'><!-- c --><p>A &lt; B</p>"
	        "<example title='E'><p>X</p></example><?pi data?></lesson>"
	        "<lesson title='Two'><list><item>I</item></list></lesson>"
	        "<policy version='2.1' valid-months='6' change='minor'><p>Rule &#233;</p>"
	        "<!-- after --><list><item>J</item></list></policy>"
	        "<quiz pass='70' attempts='2' draw='2' shuffle='both' feedback='end'>"
	        "<matching id='m'><prompt><![CDATA[<b>]]></prompt><pair left='a' right='b'/>"
	        "<pair left='c' right='d'/></matching><!-- between -->"
	        "<truefalse id='t' answer='true'><prompt>P</prompt></truefalse>"
	        "<short id='s'><prompt>Q</prompt><accept>x</accept></short></quiz></module>";
	static const char broken[] =
	        "<module id='h' version='2' topic='voice'><title>T</title><summary>S</summary>"
	        "<quiz><truefalse id='t' answer='true'><prompt>P</truefalse></quiz></module>";
	char dir[] = "/tmp/upskill-heads.XXXXXX", path[64];
	struct strlist errors;
	struct course *c = NULL;
	struct programme *p = NULL;
	char hash[DIGEST_SHA256_HEX], *hashes[1] = {hash};
	struct course_vouched v = {hashes, 1, true};
	DIR *d;
	struct dirent *e;
	FILE *out;

	(void)state;
	assert_non_null(d = opendir("courses"));
	while ((e = readdir(d))) {
		char file[512];
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
			continue;
		snprintf(file, sizeof(file), "courses/%s", e->d_name);
		check_heads_of(file);
	}
	closedir(d);

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.xml", dir);
	assert_non_null(out = fopen(path, "w"));
	fputs(xml, out);
	fclose(out);
	check_heads_of(path);

	/* Passed over is not unread: a tag left open in the quiz still fails,
	 * vouched for or not. */
	assert_non_null(out = fopen(path, "w"));
	fputs(broken, out);
	fclose(out);
	digest_sha256_hex(broken, sizeof(broken) - 1, hash);
	strlist_init(&errors);
	assert_int_equal(course_load_file_vouched(path, &v, &c, &p, &errors), -1);
	assert_null(c);
	assert_true(errors.n > 0);
	strlist_release(&errors);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_example_module, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_single, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_multiple, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_truefalse, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_short, setup_example, teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_numeric, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_ordering, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_matching, setup_example,
	                                        teardown_course),
	        cmocka_unit_test_setup_teardown(test_example_scenario, setup_example,
	                                        teardown_course),
	        cmocka_unit_test(test_defaults_and_white_space),
	        cmocka_unit_test(test_policy_module),
	        cmocka_unit_test(test_programme),
	        cmocka_unit_test(test_load_memory),
	        cmocka_unit_test(test_load_synonyms),
	        cmocka_unit_test(test_type_names_and_topics),
	        cmocka_unit_test(test_bad_files),
	        cmocka_unit_test(test_bad_files_agree_with_xmllint),
	        cmocka_unit_test(test_external_entities_never_read),
	        cmocka_unit_test(test_billion_laughs_refused_fast),
	        cmocka_unit_test(test_huge_file_refused_by_size),
	        cmocka_unit_test(test_size_limit_boundary),
	        cmocka_unit_test(test_encoding_and_emptiness),
	        cmocka_unit_test(test_encoding_declaration_ignored),
	        cmocka_unit_test(test_not_a_file),
	        cmocka_unit_test(test_big_line_numbers),
	        cmocka_unit_test(test_error_cap),
	        cmocka_unit_test(test_numbers_ignore_locale),
	        cmocka_unit_test(test_doc_example_loads),
	        cmocka_unit_test(test_vouched_skips_only_the_schema),
	        cmocka_unit_test(test_vouched_heads),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
