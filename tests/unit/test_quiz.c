/*
 * Quiz rules, tested on questions built as structs (no XML): grading of every
 * type, reading typed answers and their error messages, the stored form under
 * a shuffled display, seeded plans and their stored form, the attempt state
 * machine and the attempts limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "quiz.h"

/* ---- building questions ---- */

static void q_init(struct question *q, enum question_type type, const char *id)
{
	memset(q, 0, sizeof(*q));
	q->type = type;
	q->id = xstrdup(id);
	q->weight = 1;
	q->prompt = xstrdup("prompt");
}

static void q_choice(struct question *q, const char *text, bool correct, const char *feedback)
{
	q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof(*q->choices));
	q->choices[q->nchoices].text = xstrdup(text);
	q->choices[q->nchoices].correct = correct;
	q->choices[q->nchoices].feedback = feedback ? xstrdup(feedback) : NULL;
	q->nchoices++;
}

static void q_accept(struct question *q, const char *text)
{
	q->accepted = xrealloc(q->accepted, (q->naccepted + 1) * sizeof(*q->accepted));
	q->accepted[q->naccepted++] = xstrdup(text);
}

static void q_pair(struct question *q, const char *left, const char *right)
{
	q->pairs = xrealloc(q->pairs, (q->npairs + 1) * sizeof(*q->pairs));
	q->pairs[q->npairs].left = xstrdup(left);
	q->pairs[q->npairs].right = xstrdup(right);
	q->npairs++;
}

static void q_hint(struct question *q, const char *text)
{
	q->hints = xrealloc(q->hints, (q->nhints + 1) * sizeof(*q->hints));
	q->hints[q->nhints++] = xstrdup(text);
}

static void q_release(struct question *q)
{
	free(q->id);
	free(q->prompt);
	free(q->situation);
	free(q->feedback);
	free(q->unit);
	for (size_t i = 0; i < q->nchoices; i++) {
		free(q->choices[i].text);
		free(q->choices[i].feedback);
	}
	free(q->choices);
	for (size_t i = 0; i < q->naccepted; i++)
		free(q->accepted[i]);
	free(q->accepted);
	for (size_t i = 0; i < q->nsynonyms; i++)
		free(q->synonyms[i]);
	free(q->synonyms);
	for (size_t i = 0; i < q->npairs; i++) {
		free(q->pairs[i].left);
		free(q->pairs[i].right);
	}
	free(q->pairs);
	for (size_t i = 0; i < q->nhints; i++)
		free(q->hints[i]);
	free(q->hints);
}

static void make_single(struct question *q, const char *id)
{
	q_init(q, Q_SINGLE, id);
	q_choice(q, "Within a week", false, "A week is long enough for the asker to go elsewhere.");
	q_choice(q, "Within one working day", true, "Yes: people expect an answer soon.");
	q_choice(q, "Only when there are several", false, NULL);
	q->feedback = xstrdup("Speed shows that real people are listening.");
}

static void make_multiple(struct question *q, const char *id)
{
	q_init(q, Q_MULTIPLE, id);
	q_choice(q, "It answers the question", true, NULL);
	q_choice(q, "It is signed", true, "Yes, a name makes it human.");
	q_choice(q, "It adds an offer", false, "A sales pitch reads as not listening.");
	q_choice(q, "It is in capitals", false, NULL);
}

static void make_truefalse(struct question *q, const char *id, bool answer)
{
	q_init(q, Q_TRUEFALSE, id);
	q_choice(q, "True", answer, "Deleting fair criticism usually makes it louder.");
	q_choice(q, "False", !answer, NULL);
}

static void make_short(struct question *q, const char *id)
{
	q_init(q, Q_SHORT, id);
	q_accept(q, "your name");
	q_accept(q, "name");
	q_accept(q, "initials");
}

static void make_numeric(struct question *q, const char *id, double answer, double tolerance,
                         const char *unit)
{
	q_init(q, Q_NUMERIC, id);
	q->answer = answer;
	q->tolerance = tolerance;
	q->unit = unit ? xstrdup(unit) : NULL;
}

static void make_ordering(struct question *q, const char *id, size_t n)
{
	static const char *const items[] = {"Read", "Reply", "Move", "Close", "Log"};

	q_init(q, Q_ORDERING, id);
	for (size_t i = 0; i < n; i++)
		q_choice(q, items[i], false, NULL);
}

static void make_matching(struct question *q, const char *id, size_t n)
{
	static const char *const left[] = {"Opening hours", "Refund", "Abuse", "Press"};
	static const char *const right[] = {"On duty", "Manager", "Moderator", "Director"};

	q_init(q, Q_MATCHING, id);
	for (size_t i = 0; i < n; i++)
		q_pair(q, left[i], right[i]);
}

static void make_scenario(struct question *q, const char *id)
{
	q_init(q, Q_SCENARIO, id);
	q->situation = xstrdup("A photo of a mistake is being shared.");
	q_choice(q, "Reply with good humour", true, "Owning it usually ends the joke.");
	q_choice(q, "Ignore it", false, "The joke grows.");
}

static void quiz_init_n(struct quiz *z, size_t n)
{
	memset(z, 0, sizeof(*z));
	z->pass_mark = 75;
	z->questions = xcalloc(n, sizeof(*z->questions));
	z->nquestions = n;
}

static void quiz_release(struct quiz *z)
{
	for (size_t i = 0; i < z->nquestions; i++)
		q_release(&z->questions[i]);
	free(z->questions);
}

/* A quiz of n single-choice questions "q1".."qn" with four choices each. */
static void make_pool(struct quiz *z, size_t n)
{
	quiz_init_n(z, n);
	for (size_t i = 0; i < n; i++) {
		char id[24];
		struct question *q = &z->questions[i];

		snprintf(id, sizeof(id), "q%zu", i + 1);
		q_init(q, Q_SINGLE, id);
		q_choice(q, "w", false, NULL);
		q_choice(q, "x", true, NULL);
		q_choice(q, "y", false, NULL);
		q_choice(q, "z", false, NULL);
	}
}

/* One question of every type, like the example course. */
static void make_mixed(struct quiz *z)
{
	quiz_init_n(z, 8);
	make_single(&z->questions[0], "speed");
	z->questions[0].weight = 2;
	make_multiple(&z->questions[1], "good");
	make_truefalse(&z->questions[2], "delete", false);
	make_short(&z->questions[3], "sign");
	make_numeric(&z->questions[4], "hours", 24, 4, "hours");
	make_ordering(&z->questions[5], "steps", 4);
	make_matching(&z->questions[6], "who", 3);
	make_scenario(&z->questions[7], "viral");
	q_hint(&z->questions[0], "Think of how long you would wait.");
	q_hint(&z->questions[0], "Less than two days.");
}

/* Parses input that must parse, and grades it. */
static double grade_input(const struct question *q, const size_t *order, const char *input)
{
	struct quiz_response r;
	char *err = NULL;
	double f;

	if (quiz_parse_input(q, order, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	f = quiz_grade(q, &r);
	quiz_response_release(&r);
	return f;
}

/* Parses input that must fail, and checks the message. */
static void expect_error(const struct question *q, const size_t *order, const char *input,
                         const char *message)
{
	struct quiz_response r;
	char *err = NULL;

	assert_int_equal(quiz_parse_input(q, order, input, &r, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, message);
	assert_null(r.picks);
	assert_null(r.text);
	free(err);
}

/* Parses input that must parse into these module indexes. */
static void expect_picks(const struct question *q, const size_t *order, const char *input,
                         const size_t *want, size_t n)
{
	struct quiz_response r;
	char *err = NULL;

	if (quiz_parse_input(q, order, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	assert_int_equal(r.npicks, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(r.picks[i], want[i]);
	quiz_response_release(&r);
}

/* ---- random numbers ---- */

static void test_rng_reference_values(void **state)
{
	/* splitmix64's published output for seed 1234567: any change here would
	 * reshuffle every stored attempt's fresh orders. */
	static const uint64_t want[] = {6457827717110365317u, 3203168211198807973u,
	                                9817491932198370423u, 4593380528125082431u,
	                                16408922859458223821u};
	struct quiz_rng rng;

	(void)state;
	quiz_rng_init(&rng, 1234567);
	for (size_t i = 0; i < 5; i++)
		assert_true(quiz_rng_next(&rng) == want[i]);
	quiz_rng_init(&rng, 99);
	for (int i = 0; i < 1000; i++)
		assert_true(quiz_rng_below(&rng, 7) < 7);
	assert_int_equal(quiz_rng_below(&rng, 1), 0);
}

/* ---- grading ---- */

static void test_grade_single_scenario_truefalse(void **state)
{
	struct question s, sc, tf;

	(void)state;
	make_single(&s, "s");
	make_scenario(&sc, "sc");
	make_truefalse(&tf, "tf", false);
	assert_true(grade_input(&s, NULL, "b") == 1);
	assert_true(grade_input(&s, NULL, "a") == 0);
	assert_true(grade_input(&s, NULL, "c") == 0);
	assert_true(grade_input(&sc, NULL, "a") == 1);
	assert_true(grade_input(&sc, NULL, "b") == 0);
	assert_true(grade_input(&tf, NULL, "f") == 1);
	assert_true(grade_input(&tf, NULL, "t") == 0);
	q_release(&s);
	q_release(&sc);
	q_release(&tf);
}

static void test_grade_multiple_partial(void **state)
{
	struct question q;

	(void)state;
	make_multiple(&q, "m"); /* a and b are correct */
	assert_true(grade_input(&q, NULL, "a b") == 1);
	assert_true(grade_input(&q, NULL, "a") == 0.5);
	assert_true(grade_input(&q, NULL, "a b c") == 0.5);
	assert_true(grade_input(&q, NULL, "a c") == 0);
	assert_true(grade_input(&q, NULL, "c") == 0);
	/* More wrong than right never goes below zero. */
	assert_true(grade_input(&q, NULL, "a c d") == 0);
	assert_true(grade_input(&q, NULL, "c d") == 0);
	assert_true(grade_input(&q, NULL, "a b c d") == 0);
	q_release(&q);
}

static void test_grade_numeric_bounds(void **state)
{
	struct question q, z, d;

	(void)state;
	make_numeric(&q, "n", 24, 4, "hours");
	assert_true(grade_input(&q, NULL, "24") == 1);
	assert_true(grade_input(&q, NULL, "20") == 1);
	assert_true(grade_input(&q, NULL, "28") == 1);
	assert_true(grade_input(&q, NULL, "28 hours") == 1);
	assert_true(grade_input(&q, NULL, "19.999") == 0);
	assert_true(grade_input(&q, NULL, "28.001") == 0);
	assert_true(grade_input(&q, NULL, "-24") == 0);

	make_numeric(&z, "z", 12, 0, NULL);
	assert_true(grade_input(&z, NULL, "12") == 1);
	assert_true(grade_input(&z, NULL, "12.0") == 1);
	assert_true(grade_input(&z, NULL, "12.000001") == 0);
	assert_true(grade_input(&z, NULL, "11.999999") == 0);

	/* 0.4 - 0.3 is a little more than 0.1 in binary. */
	make_numeric(&d, "d", 0.3, 0.1, NULL);
	assert_true(grade_input(&d, NULL, "0.4") == 1);
	assert_true(grade_input(&d, NULL, "0.2") == 1);
	assert_true(grade_input(&d, NULL, "0.41") == 0);
	assert_true(grade_input(&d, NULL, "0.19") == 0);
	q_release(&q);
	q_release(&z);
	q_release(&d);
}

static void test_grade_short_normalised(void **state)
{
	struct question q, cs, at;

	(void)state;
	make_short(&q, "s");
	assert_true(grade_input(&q, NULL, "your name") == 1);
	assert_true(grade_input(&q, NULL, "Your  Name!") == 1);
	assert_true(grade_input(&q, NULL, "  YOUR\tname  ") == 1);
	assert_true(grade_input(&q, NULL, "your-name") == 1);
	assert_true(grade_input(&q, NULL, "Initials.") == 1);
	assert_true(grade_input(&q, NULL, "yourname") == 0);
	assert_true(grade_input(&q, NULL, "your names") == 0);
	assert_true(grade_input(&q, NULL, "!!!") == 0);
	/* Articles do not matter, on either side; other words still do. */
	assert_true(grade_input(&q, NULL, "the initials") == 1);
	assert_true(grade_input(&q, NULL, "A name") == 1);
	assert_true(grade_input(&q, NULL, "an  initials.") == 1);
	assert_true(grade_input(&q, NULL, "the") == 0);
	assert_true(grade_input(&q, NULL, "then name") == 0);
	assert_true(grade_input(&q, NULL, "name a") == 1);
	assert_true(grade_input(&q, NULL, "a name of the day") == 0);

	q_init(&cs, Q_SHORT, "cs");
	q_accept(&cs, "NATO");
	q_accept(&cs, "don't");
	cs.case_sensitive = true;
	assert_true(grade_input(&cs, NULL, "NATO") == 1);
	assert_true(grade_input(&cs, NULL, " NATO. ") == 1);
	assert_true(grade_input(&cs, NULL, "nato") == 0);
	assert_true(grade_input(&cs, NULL, "dont") == 1);
	assert_true(grade_input(&cs, NULL, "don\xe2\x80\x99t") == 1);
	assert_true(grade_input(&cs, NULL, "Don't") == 0);
	/* Case-sensitive answers keep their articles. */
	assert_true(grade_input(&cs, NULL, "the NATO") == 0);
	{
		char *f = quiz_short_form(&q, " The  Your-Name! ");

		assert_string_equal(f, "your name");
		free(f);
		f = quiz_short_form(&cs, "the NATO.");
		assert_string_equal(f, "the NATO");
		free(f);
	}

	/* An answer made only of punctuation is compared with it kept. */
	q_init(&at, Q_SHORT, "at");
	q_accept(&at, "@");
	assert_true(grade_input(&at, NULL, " @ ") == 1);
	assert_true(grade_input(&at, NULL, "#") == 0);
	/* An accepted answer that is only an article is compared whole. */
	q_accept(&at, "The");
	assert_true(grade_input(&at, NULL, "the") == 1);
	assert_true(grade_input(&at, NULL, "a") == 0);
	q_release(&q);
	q_release(&cs);
	q_release(&at);
}

static void q_synonyms(struct question *q, const char *group)
{
	q->synonyms = xrealloc(q->synonyms, (q->nsynonyms + 1) * sizeof(*q->synonyms));
	q->synonyms[q->nsynonyms++] = xstrdup(group);
}

/* Punctuation of any kind and repeated spaces do not matter: a full stop,
 * a phone's dashes and quotes, an ellipsis, a no-break space. */
static void test_grade_short_punctuation(void **state)
{
	struct question q;
	struct strlist forms;

	(void)state;
	q_init(&q, Q_SHORT, "own");
	q_accept(&q, "views expressed are my own");
	q_accept(&q, "my views are my own");
	q_accept(&q, "opinions are my own");
	assert_true(grade_input(&q, NULL, "views expressed are my own.") == 1);
	assert_true(grade_input(&q, NULL, "Views   expressed are  my own!!") == 1);
	assert_true(grade_input(&q, NULL, "\xe2\x80\x9cviews expressed are my own\xe2\x80\x9d") ==
	            1);
	assert_true(grade_input(&q, NULL, "views expressed are my own\xe2\x80\xa6") == 1);
	assert_true(grade_input(&q, NULL,
	                        "views\xe2\x80\x94"
	                        "expressed are my own") == 1);
	assert_true(grade_input(&q, NULL,
	                        "views\xe2\x80\xaf expressed\xc2\xa0"
	                        "are my own") == 1);
	assert_true(grade_input(&q, NULL, "views expressed are my\xe2\x80\x8bown") == 0);
	assert_true(grade_input(&q, NULL, "views expressed are mine") == 0);
	/* The forms lint counts are those the grader tells apart. */
	q_accept(&q, "Views expressed are my own.");
	assert_int_equal(quiz_short_forms(&q, &forms, 10), 3);
	strlist_release(&forms);
	q_release(&q);
}

/* A synonym group lets its members stand for one another, as whole words
 * or phrases, on either side; it multiplies the distinct forms. */
static void test_grade_short_synonyms(void **state)
{
	struct question q, cs;
	struct strlist forms;
	char *f;

	(void)state;
	q_init(&q, Q_SHORT, "cal");
	q_accept(&q, "content calendar");
	assert_int_equal(quiz_short_forms(&q, &forms, 10), 1);
	strlist_release(&forms);
	assert_true(grade_input(&q, NULL, "content schedule") == 0);
	q_synonyms(&q, "calendar, schedule, plan");
	q_synonyms(&q, "content,posts, social media posts");
	assert_true(grade_input(&q, NULL, "content schedule") == 1);
	assert_true(grade_input(&q, NULL, "A content plan.") == 1);
	assert_true(grade_input(&q, NULL, "posts calendar") == 1);
	assert_true(grade_input(&q, NULL, "Social media posts plan") == 1);
	assert_true(grade_input(&q, NULL, "social media plan") == 0);
	assert_true(grade_input(&q, NULL, "content plans") == 0);
	assert_true(grade_input(&q, NULL, "content") == 0);
	assert_true(grade_input(&q, NULL, "plan content") == 0);
	/* 3 members x 3 members. */
	assert_int_equal(quiz_short_forms(&q, &forms, 100), 9);
	assert_true(strlist_has(&forms, "social media posts schedule"));
	strlist_release(&forms);
	/* The cap holds. */
	assert_int_equal(quiz_short_forms(&q, &forms, 4), 4);
	strlist_release(&forms);
	/* What the groups add, for exports with no synonyms: all but the
	 * accepted answer's own form. */
	assert_int_equal(quiz_short_synonym_forms(&q, &forms, 100), 8);
	assert_false(strlist_has(&forms, "content calendar"));
	assert_true(strlist_has(&forms, "posts plan"));
	strlist_release(&forms);
	/* Two texts with one form are graded alike. */
	f = quiz_short_form(&q, "the Posts Schedule!");
	assert_string_equal(f, "content calendar");
	free(f);

	/* Case-sensitive: members are compared in their case. */
	q_init(&cs, Q_SHORT, "cs");
	cs.case_sensitive = true;
	q_accept(&cs, "UK GDPR");
	q_synonyms(&cs, "UK GDPR, DPA 2018");
	assert_true(grade_input(&cs, NULL, "DPA 2018") == 1);
	assert_true(grade_input(&cs, NULL, "dpa 2018") == 0);
	q_release(&q);
	q_release(&cs);
}

static void test_grade_ordering_matching_partial(void **state)
{
	struct question o, m, dup;

	(void)state;
	make_ordering(&o, "o", 4);
	assert_true(grade_input(&o, NULL, "a b c d") == 1);
	assert_true(grade_input(&o, NULL, "a b d c") == 0.5);
	assert_true(grade_input(&o, NULL, "b a d c") == 0);
	assert_true(grade_input(&o, NULL, "a c b d") == 0.5);

	make_matching(&m, "m", 4);
	assert_true(grade_input(&m, NULL, "1a 2b 3c 4d") == 1);
	assert_true(grade_input(&m, NULL, "1a 2b 3d 4c") == 0.5);
	assert_true(grade_input(&m, NULL, "1b 2a 3c 4d") == 0.5);
	assert_true(grade_input(&m, NULL, "1d 2a 3b 4c") == 0);

	/* Two pairs with the same right-hand side: either letter is right. */
	q_init(&dup, Q_MATCHING, "dup");
	q_pair(&dup, "Question", "On duty");
	q_pair(&dup, "Thanks", "On duty");
	q_pair(&dup, "Refund", "Manager");
	assert_true(grade_input(&dup, NULL, "1b 2a 3c") == 1);
	q_release(&o);
	q_release(&m);
	q_release(&dup);
}

static void test_grade_wrong_type_is_zero(void **state)
{
	struct question s;
	struct quiz_response r;
	size_t pick = 1;

	(void)state;
	make_single(&s, "s");
	quiz_response_init(&r);
	r.type = Q_MULTIPLE;
	r.picks = &pick;
	r.npicks = 1;
	assert_true(quiz_grade(&s, &r) == 0);
	r.type = Q_SINGLE;
	assert_true(quiz_grade(&s, &r) == 1);
	pick = 7; /* out of range */
	assert_true(quiz_grade(&s, &r) == 0);
	q_release(&s);
}

/* ---- reading typed input ---- */

static void test_parse_single(void **state)
{
	struct question q, four;
	const size_t order[] = {2, 0, 1}; /* a = choice 2, b = 0, c = 1 */
	const size_t zero[] = {0}, one[] = {1}, two[] = {2};

	(void)state;
	make_single(&q, "s");
	expect_picks(&q, order, "b", zero, 1);
	expect_picks(&q, order, "  B  ", zero, 1);
	expect_picks(&q, order, "b)", zero, 1);
	expect_picks(&q, order, "c", one, 1);
	expect_picks(&q, order, "a", two, 1);
	expect_picks(&q, NULL, "a", zero, 1);
	expect_error(&q, order, "d", "'d' is not one of the choices a–c");
	expect_error(&q, order, "", "type the letter of your choice, a–c");
	expect_error(&q, order, "a b", "only one choice is allowed here; type one letter, a–c");
	expect_error(&q, order, "ab", "only one choice is allowed here; type one letter, a–c");
	expect_error(&q, order, "yes", "'yes' is not one of the choices a–c");
	expect_error(&q, order, "2", "'2' is not one of the choices a–c");
	expect_error(&q, order, "this answer is a whole sentence long",
	             "'this answer is a whole s…' is not one of the choices a–c");

	make_multiple(&four, "four");
	four.type = Q_SINGLE;
	expect_error(&four, NULL, "e", "'e' is not one of the choices a–d");
	/* A question without choices (never from a valid file) is refused. */
	four.nchoices = 0;
	expect_error(&four, NULL, "a", "question 'four' has no choices");
	four.nchoices = 4;
	q_release(&q);
	q_release(&four);
}

static void test_parse_truefalse(void **state)
{
	struct question q;
	const size_t t[] = {0}, f[] = {1};

	(void)state;
	make_truefalse(&q, "tf", true);
	expect_picks(&q, NULL, "t", t, 1);
	expect_picks(&q, NULL, "True", t, 1);
	expect_picks(&q, NULL, " y ", t, 1);
	expect_picks(&q, NULL, "YES", t, 1);
	expect_picks(&q, NULL, "a", t, 1);
	expect_picks(&q, NULL, "f", f, 1);
	expect_picks(&q, NULL, "false", f, 1);
	expect_picks(&q, NULL, "n", f, 1);
	expect_picks(&q, NULL, "no", f, 1);
	expect_picks(&q, NULL, "B", f, 1);
	expect_error(&q, NULL, "maybe", "'maybe' is not true or false; type t or f");
	expect_error(&q, NULL, "c", "'c' is not true or false; type t or f");
	expect_error(&q, NULL, " ", "type t for true or f for false");
	q_release(&q);
}

static void test_parse_multiple(void **state)
{
	struct question q;
	const size_t ac[] = {0, 2}, rev_ab[] = {2, 3};
	const size_t reversed[] = {3, 2, 1, 0};

	(void)state;
	make_multiple(&q, "m");
	expect_picks(&q, NULL, "a c", ac, 2);
	expect_picks(&q, NULL, "a,c", ac, 2);
	expect_picks(&q, NULL, "a, c", ac, 2);
	expect_picks(&q, NULL, "ac", ac, 2);
	expect_picks(&q, NULL, " C A ", ac, 2);
	expect_picks(&q, reversed, "a b", rev_ab, 2);
	expect_error(&q, NULL, "a e", "'e' is not one of the choices a–d");
	expect_error(&q, NULL, "a a", "choice 'a' appears twice");
	expect_error(&q, NULL, "a, A", "choice 'a' appears twice");
	expect_error(&q, NULL, "a-c", "'-' is not one of the choices a–d");
	expect_error(&q, NULL, "a é", "'é' is not one of the choices a–d");
	expect_error(&q, NULL, " , ", "type the letters of all the choices that apply, like a c");
	q_release(&q);
}

static void test_parse_short(void **state)
{
	struct question q;
	struct quiz_response r;
	char *err = NULL;

	(void)state;
	make_short(&q, "s");
	assert_int_equal(quiz_parse_input(&q, NULL, "  Your Name! ", &r, &err), 0);
	assert_string_equal(r.text, "  Your Name! ");
	quiz_response_release(&r);
	expect_error(&q, NULL, "   ", "the answer is empty");
	expect_error(&q, NULL, "caf\xe9", "the answer is not valid UTF-8 text");
	q_release(&q);
}

static void expect_number(const struct question *q, const char *input, double value,
                          const char *text)
{
	struct quiz_response r;
	char *err = NULL;

	if (quiz_parse_input(q, NULL, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	assert_true(r.number == value);
	assert_string_equal(r.text, text);
	quiz_response_release(&r);
}

static void test_parse_numeric(void **state)
{
	struct question q, plain;

	(void)state;
	make_numeric(&q, "n", 24, 4, "hours");
	expect_number(&q, "12", 12, "12");
	expect_number(&q, " 12.5 ", 12.5, "12.5");
	expect_number(&q, "-3", -3, "-3");
	expect_number(&q, "+3", 3, "3");
	expect_number(&q,
	              "\xe2\x88\x92"
	              "3",
	              -3, "-3");
	expect_number(&q, "1,000", 1000, "1000");
	expect_number(&q, "1,234,567.5", 1234567.5, "1234567.5");
	expect_number(&q, "12%", 12, "12");
	expect_number(&q, "12 hours", 12, "12");
	expect_number(&q, "12hours", 12, "12");
	expect_number(&q, "1 hour", 1, "1");
	expect_number(&q, "12 HOURS", 12, "12");
	expect_number(&q, ".5", 0.5, "0.5");
	expect_number(&q, "007", 7, "7");
	expect_number(&q, "0.3", 0.3, "0.3");
	expect_number(&q, "2e3", 2000, "2e3");
	expect_error(&q, NULL, "abc", "expected a number, like 12 or 3.5");
	expect_error(&q, NULL, "", "expected a number, like 12 or 3.5");
	expect_error(&q, NULL, "-", "expected a number, like 12 or 3.5");
	expect_error(&q, NULL, "3,5",
	             "'3,5' is not a number; write decimals with a point, like 3.5");
	expect_error(&q, NULL, "1,0000",
	             "'1,0000' is not a number; write decimals with a point, like 3.5");
	expect_error(&q, NULL, "1234,567",
	             "'1234,567' is not a number; write decimals with a point, like 3.5");
	expect_error(&q, NULL, "12 minutes", "'minutes' is not the unit here; answer in hours");
	expect_error(&q, NULL, "1e999", "that number is too large");

	make_numeric(&plain, "p", 5, 0, NULL);
	expect_number(&plain, "5%", 5, "5");
	expect_error(&plain, NULL, "12 hours", "expected a number, like 12 or 3.5");
	expect_error(&plain, NULL, "1 2", "expected a number, like 12 or 3.5");
	q_release(&q);
	q_release(&plain);
}

static void test_parse_ordering(void **state)
{
	struct question q, big;
	/* Display a = item 2, b = item 0, c = item 3, d = item 1, so the right
	 * order (items 0 1 2 3) is typed b d a c, or 2 4 1 3. */
	const size_t order[] = {2, 0, 3, 1};
	const size_t right[] = {0, 1, 2, 3}, other[] = {2, 0, 3, 1};
	size_t want12[12];

	(void)state;
	make_ordering(&q, "o", 4);
	expect_picks(&q, order, "b d a c", right, 4);
	expect_picks(&q, order, "bdac", right, 4);
	expect_picks(&q, order, "B, D, A, C", right, 4);
	expect_picks(&q, order, "2 4 1 3", right, 4);
	expect_picks(&q, order, "2413", right, 4);
	expect_picks(&q, order, "a b c d", other, 4);
	expect_error(&q, order, "b d a", "item 'c' is missing; put all 4 items in order");
	expect_error(&q, order, "2 4 1", "item 3 is missing; put all 4 items in order");
	expect_error(&q, order, "b b a c", "item 'b' appears twice");
	expect_error(&q, order, "2 2 1 3", "item '2' appears twice");
	expect_error(&q, order, "b d a e", "'e' is not one of the items a–d");
	expect_error(&q, order, "2 4 1 5", "'5' is not one of the items 1–4");
	expect_error(&q, order, "b d a c?", "'?' is not one of the items a–d");
	expect_error(&q, order, "", "type the items in their right order, like c a b");

	/* Ten items or more: numbers have several digits. */
	q_init(&big, Q_ORDERING, "big");
	for (size_t i = 0; i < 12; i++) {
		char t[24];
		snprintf(t, sizeof(t), "i%zu", i);
		q_choice(&big, t, false, NULL);
		want12[i] = 11 - i;
	}
	expect_picks(&big, NULL, "12 11 10 9 8 7 6 5 4 3 2 1", want12, 12);
	expect_picks(&big, NULL, "l k j i h g f e d c b a", want12, 12);
	expect_error(&big, NULL, "13", "'13' is not one of the items 1–12");
	q_release(&q);
	q_release(&big);
}

static void test_parse_matching(void **state)
{
	struct question q;
	/* Right-hand sides shown as a = pair 1, b = pair 2, c = pair 0. */
	const size_t order[] = {1, 2, 0};
	const size_t right[] = {0, 1, 2}, swapped[] = {1, 0, 2};

	(void)state;
	make_matching(&q, "m", 3);
	expect_picks(&q, order, "1c 2a 3b", right, 3);
	expect_picks(&q, order, "1c, 2a, 3b", right, 3);
	expect_picks(&q, order, "1-c 2=a 3: b", right, 3);
	expect_picks(&q, order, "3b 1c 2a", right, 3);
	expect_picks(&q, order, "1 c 2 a 3 b", right, 3);
	expect_picks(&q, order, "1C2A3B", right, 3);
	expect_picks(&q, order, "1a 2c 3b", swapped, 3);
	expect_error(&q, order, "1c 2a", "missing a match for 3");
	expect_error(&q, order, "1c 2a 3", "missing a match for 3");
	expect_error(&q, order, "1c 1a 3b", "item 1 is matched twice");
	expect_error(&q, order, "1c 2c 3b",
	             "'c' is matched to both 1 and 2; each goes with one item");
	expect_error(&q, order, "1c 2a 4b", "there is no item 4; the items are 1–3");
	expect_error(&q, order, "0c", "there is no item 0; the items are 1–3");
	expect_error(&q, order, "1d 2a 3b", "'d' is not one of the choices a–c");
	expect_error(&q, order, "c1 a2 b3",
	             "'c' has no item number before it; write pairs like 1b 2a");
	expect_error(&q, order, "1c / 2a", "'/' is not understood here; write pairs like 1b 2a");
	expect_error(&q, order, "", "write the pairs, like 1b 2a");
	q_release(&q);
}

static void test_input_help(void **state)
{
	struct question s, m;
	char *h;

	(void)state;
	make_single(&s, "s");
	make_numeric(&m, "n", 1, 0, "hours");
	h = quiz_input_help(&s);
	assert_string_equal(h, "type one letter, a–c");
	free(h);
	h = quiz_input_help(&m);
	assert_string_equal(h, "type a number (in hours)");
	free(h);
	q_release(&s);
	q_release(&m);
}

/* ---- stored form and readable forms ---- */

static void round_trip(const struct question *q, const size_t *order, const char *input,
                       const char *stored)
{
	struct quiz_response r, back;
	char *err = NULL, *enc, *shown1, *shown2;

	if (quiz_parse_input(q, order, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	enc = quiz_response_encode(q, &r);
	assert_string_equal(enc, stored);
	if (quiz_response_decode(q, enc, &back, &err) < 0)
		fail_msg("'%s' did not decode: %s", enc, err);
	assert_int_equal(back.type, r.type);
	assert_int_equal(back.npicks, r.npicks);
	for (size_t i = 0; i < r.npicks; i++)
		assert_int_equal(back.picks[i], r.picks[i]);
	assert_true(back.number == r.number);
	assert_true(quiz_grade(q, &back) == quiz_grade(q, &r));
	shown1 = quiz_render_response(q, order, &r);
	shown2 = quiz_render_response(q, order, &back);
	assert_string_equal(shown1, shown2);
	free(shown1);
	free(shown2);
	free(enc);
	quiz_response_release(&r);
	quiz_response_release(&back);
}

static void test_stored_form_round_trip(void **state)
{
	struct quiz z;
	const size_t o3[] = {2, 0, 1}, o4[] = {3, 1, 0, 2}, m3[] = {1, 2, 0};

	(void)state;
	make_mixed(&z);
	/* b is shown first-but-one: choice 0 under this order. */
	round_trip(&z.questions[0], o3, "b", "0");
	round_trip(&z.questions[1], o4, "a d", "2,3");
	round_trip(&z.questions[2], NULL, "f", "1");
	round_trip(&z.questions[3], NULL, "Your Name", "Your Name");
	round_trip(&z.questions[4], NULL, "1,000.5 hours", "1000.5");
	round_trip(&z.questions[5], o4, "d b c a", "2,1,0,3");
	round_trip(&z.questions[6], m3, "1c 2a 3b", "0,1,2");
	round_trip(&z.questions[7], NULL, "b", "1");
	quiz_release(&z);
}

static void test_stored_form_errors(void **state)
{
	struct quiz z;
	struct quiz_response r;
	char *err = NULL;

	(void)state;
	make_mixed(&z);
	assert_int_equal(quiz_response_decode(&z.questions[0], "5", &r, &err), -1);
	assert_string_equal(err,
	                    "stored answer '5' no longer fits question 'speed': choice 5 is not "
	                    "one of its 3");
	free(err);
	err = NULL;
	assert_int_equal(quiz_response_decode(&z.questions[1], "b", &r, &err), -1);
	assert_string_equal(err, "stored answer 'b' to question 'good' is not a list of numbers");
	free(err);
	err = NULL;
	assert_int_equal(quiz_response_decode(&z.questions[5], "0,1,1,2", &r, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(quiz_response_decode(&z.questions[4], "12 hours", &r, &err), -1);
	assert_string_equal(err, "stored answer '12 hours' to question 'hours' is not a number");
	free(err);
	err = NULL;
	assert_int_equal(quiz_response_decode(&z.questions[4], "1e1", &r, &err), 0);
	assert_true(r.number == 10);
	quiz_response_release(&r);
	quiz_release(&z);
}

static void expect_render(const struct question *q, const size_t *order, const char *input,
                          const char *want)
{
	struct quiz_response r;
	char *err = NULL, *s;

	if (quiz_parse_input(q, order, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	s = quiz_render_response(q, order, &r);
	assert_string_equal(s, want);
	free(s);
	quiz_response_release(&r);
}

static void expect_answer(const struct question *q, const size_t *order, const char *want)
{
	char *s = quiz_render_answer(q, order);

	assert_string_equal(s, want);
	free(s);
}

static void test_render(void **state)
{
	struct quiz z;
	const size_t o3[] = {2, 0, 1}, o4[] = {3, 1, 0, 2}, m3[] = {1, 2, 0};

	(void)state;
	make_mixed(&z);
	expect_render(&z.questions[0], o3, "b", "b) Within a week");
	expect_answer(&z.questions[0], o3, "c) Within one working day");
	expect_answer(&z.questions[0], NULL, "b) Within one working day");
	expect_render(&z.questions[1], o4, "d c",
	              "c) It answers the question\nd) It adds an offer");
	expect_answer(&z.questions[1], o4, "b) It is signed\nc) It answers the question");
	expect_render(&z.questions[2], NULL, "t", "a) True");
	expect_answer(&z.questions[2], NULL, "b) False");
	expect_render(&z.questions[3], NULL, "Your Name", "Your Name");
	expect_answer(&z.questions[3], NULL, "your name (also accepted: name, initials)");
	expect_render(&z.questions[4], NULL, "1,000 hours", "1000 hours");
	expect_answer(&z.questions[4], NULL, "24 hours (anything from 20 to 28 counts)");
	expect_render(&z.questions[5], o4, "b a c d", "b) Reply\na) Close\nc) Read\nd) Move");
	expect_answer(&z.questions[5], o4, "c) Read\nb) Reply\nd) Move\na) Close");
	expect_render(&z.questions[6], m3, "1a 2b 3c",
	              "1. Opening hours → a) Manager\n2. Refund → b) Moderator\n"
	              "3. Abuse → c) On duty");
	expect_answer(&z.questions[6], m3,
	              "1. Opening hours → c) On duty\n2. Refund → a) Manager\n"
	              "3. Abuse → b) Moderator");
	quiz_release(&z);
}

static void test_render_numbers(void **state)
{
	struct question pct, dec;

	(void)state;
	make_numeric(&pct, "p", 12.5, 0, "%");
	expect_answer(&pct, NULL, "12.5%");
	make_numeric(&dec, "d", 0.3, 0.1, NULL);
	expect_answer(&dec, NULL, "0.3 (anything from 0.2 to 0.4 counts)");
	q_release(&pct);
	q_release(&dec);
}

static void test_feedback(void **state)
{
	struct quiz z;
	struct quiz_response r;
	struct quiz_feedback fb;
	const size_t o4[] = {3, 1, 0, 2};
	char *err = NULL;

	(void)state;
	make_mixed(&z);
	assert_int_equal(quiz_parse_input(&z.questions[0], NULL, "a", &r, &err), 0);
	quiz_feedback_init(&fb, &z.questions[0], NULL, &r);
	assert_true(fb.fraction == 0);
	assert_false(fb.correct);
	assert_int_equal(fb.choices.n, 1);
	assert_string_equal(fb.choices.items[0],
	                    "a) A week is long enough for the asker to go elsewhere.");
	assert_string_equal(fb.answer, "b) Within one working day");
	assert_string_equal(fb.general, "Speed shows that real people are listening.");
	quiz_feedback_release(&fb);
	quiz_response_release(&r);

	/* Display a = choice 3, b = 1, c = 0, d = 2: picks b and d have feedback. */
	assert_int_equal(quiz_parse_input(&z.questions[1], o4, "d b c", &r, &err), 0);
	quiz_feedback_init(&fb, &z.questions[1], o4, &r);
	assert_true(fb.fraction == 0.5);
	assert_false(fb.correct);
	assert_int_equal(fb.choices.n, 2);
	assert_string_equal(fb.choices.items[0], "b) Yes, a name makes it human.");
	assert_string_equal(fb.choices.items[1], "d) A sales pitch reads as not listening.");
	assert_null(fb.general);
	quiz_feedback_release(&fb);
	quiz_response_release(&r);

	assert_int_equal(quiz_parse_input(&z.questions[5], NULL, "a b c d", &r, &err), 0);
	quiz_feedback_init(&fb, &z.questions[5], NULL, &r);
	assert_true(fb.correct);
	assert_int_equal(fb.choices.n, 0);
	quiz_feedback_release(&fb);
	quiz_response_release(&r);
	quiz_release(&z);
}

/* ---- plans ---- */

static void test_plan_same_seed_same_plan(void **state)
{
	struct quiz z;
	struct quiz_plan *a, *b, *c;
	char *sa, *sb, *sc;

	(void)state;
	make_pool(&z, 10);
	z.shuffle = SHUFFLE_BOTH;
	a = quiz_plan_new(&z, 1);
	b = quiz_plan_new(&z, 1);
	c = quiz_plan_new(&z, 2);
	sa = quiz_plan_format(a);
	sb = quiz_plan_format(b);
	sc = quiz_plan_format(c);
	assert_string_equal(sa, sb);
	assert_string_not_equal(sa, sc);
	assert_int_equal(a->nitems, 10);
	/* Pinned (and checked against a separate Python model of splitmix64,
	 * Fisher-Yates and FNV-1a), so a change of algorithm is noticed. */
	assert_string_equal(sa, "v1 q6:cadb q9:cabd q2:dcab q4:dbac q8:dabc q3:adbc q5:bacd "
	                        "q7:dacb q1:cadb q10:badc");
	free(sa);
	free(sb);
	free(sc);
	quiz_plan_free(a);
	quiz_plan_free(b);
	quiz_plan_free(c);
	quiz_release(&z);
}

static void test_plan_no_shuffle_keeps_order(void **state)
{
	struct quiz z;
	struct quiz_plan *p;
	char *s;

	(void)state;
	make_pool(&z, 4);
	p = quiz_plan_new(&z, 77);
	s = quiz_plan_format(p);
	assert_string_equal(s, "v1 q1:abcd q2:abcd q3:abcd q4:abcd");
	free(s);
	quiz_plan_free(p);
	z.shuffle = SHUFFLE_QUESTIONS;
	p = quiz_plan_new(&z, 77);
	for (size_t i = 0; i < p->nitems; i++)
		for (size_t k = 0; k < 4; k++)
			assert_int_equal(p->items[i].order[k], k);
	quiz_plan_free(p);
	quiz_release(&z);
}

static void test_plan_choice_shuffling_rules(void **state)
{
	struct quiz z;
	int single_moved = 0;

	(void)state;
	make_mixed(&z);
	/* An ordering question of two items has only one wrong order. */
	q_release(&z.questions[5]);
	make_ordering(&z.questions[5], "steps", 2);
	for (uint64_t seed = 0; seed < 500; seed++) {
		struct quiz_plan *p;

		z.shuffle = seed % 2 ? SHUFFLE_CHOICES : SHUFFLE_NONE;
		p = quiz_plan_new(&z, seed);
		assert_int_equal(p->nitems, 8);
		for (size_t i = 0; i < p->nitems; i++) {
			const struct quiz_plan_item *it = &p->items[i];
			bool identity = true;

			for (size_t k = 0; k < it->norder; k++)
				identity = identity && it->order[k] == k;
			switch (it->question->type) {
			case Q_TRUEFALSE:
				assert_true(identity);
				break;
			case Q_ORDERING:
			case Q_MATCHING:
				assert_false(identity);
				break;
			case Q_SINGLE:
				if (z.shuffle == SHUFFLE_NONE)
					assert_true(identity);
				else
					single_moved += !identity;
				break;
			case Q_SHORT:
			case Q_NUMERIC:
				assert_null(it->order);
				assert_int_equal(it->norder, 0);
				break;
			case Q_MULTIPLE:
			case Q_SCENARIO:
				break;
			}
		}
		quiz_plan_free(p);
	}
	assert_true(single_moved > 100);
	quiz_release(&z);
}

static void test_plan_draw(void **state)
{
	struct quiz z;
	struct quiz_plan *p, *p2;
	bool differ = false;

	(void)state;
	make_pool(&z, 12);
	z.draw = 5;
	p = quiz_plan_new(&z, 3);
	p2 = quiz_plan_new(&z, 4);
	assert_int_equal(p->nitems, 5);
	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(p->items[i].question, p->items[j].question);
		/* Without question shuffling the sample stays in module order. */
		if (i > 0)
			assert_true(p->items[i].question > p->items[i - 1].question);
		differ = differ || p->items[i].question != p2->items[i].question;
	}
	assert_true(differ);
	quiz_plan_free(p);
	quiz_plan_free(p2);

	z.shuffle = SHUFFLE_QUESTIONS;
	p = quiz_plan_new(&z, 3);
	assert_int_equal(p->nitems, 5);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(p->items[i].question, p->items[j].question);
	quiz_plan_free(p);

	z.shuffle = SHUFFLE_NONE;
	for (size_t draw = 0; draw <= 20; draw += 12) { /* 0, 12: all */
		z.draw = draw;
		p = quiz_plan_new(&z, 3);
		assert_int_equal(p->nitems, 12);
		for (size_t i = 0; i < 12; i++)
			assert_ptr_equal(p->items[i].question, &z.questions[i]);
		quiz_plan_free(p);
	}
	z.draw = 20;
	p = quiz_plan_new(&z, 3);
	assert_int_equal(p->nitems, 12);
	quiz_plan_free(p);
	quiz_release(&z);
}

static void test_plan_round_trip(void **state)
{
	struct quiz z;
	struct quiz_plan *p, *back;
	char *s, *s2, *err = NULL;

	(void)state;
	make_mixed(&z);
	z.shuffle = SHUFFLE_BOTH;
	z.draw = 6;
	p = quiz_plan_new(&z, 20240601);
	s = quiz_plan_format(p);
	back = quiz_plan_parse(&z, 20240601, s, &err);
	assert_non_null(back);
	assert_int_equal(back->nitems, p->nitems);
	assert_int_equal(back->removed.n, 0);
	assert_int_equal(back->reshuffled.n, 0);
	for (size_t i = 0; i < p->nitems; i++) {
		assert_ptr_equal(back->items[i].question, p->items[i].question);
		assert_int_equal(back->items[i].norder, p->items[i].norder);
		for (size_t k = 0; k < p->items[i].norder; k++)
			assert_int_equal(back->items[i].order[k], p->items[i].order[k]);
	}
	s2 = quiz_plan_format(back);
	assert_string_equal(s, s2);
	free(s);
	free(s2);
	quiz_plan_free(p);
	quiz_plan_free(back);
	quiz_release(&z);
}

static void test_plan_after_module_edit(void **state)
{
	struct quiz z;
	struct quiz_plan *p;
	char *err = NULL;

	(void)state;
	make_mixed(&z);
	/* 'gone' was removed from the module; 'speed' now has three choices. */
	p = quiz_plan_parse(&z, 9, "v1 good:dcba gone:ab speed:ba sign", &err);
	assert_non_null(p);
	assert_null(err);
	assert_int_equal(p->nitems, 3);
	assert_string_equal(p->items[0].question->id, "good");
	assert_int_equal(p->items[0].order[0], 3);
	assert_string_equal(p->items[1].question->id, "speed");
	assert_int_equal(p->items[1].norder, 3);
	assert_string_equal(p->items[2].question->id, "sign");
	assert_int_equal(p->removed.n, 1);
	assert_string_equal(p->removed.items[0], "gone");
	assert_int_equal(p->reshuffled.n, 1);
	assert_string_equal(p->reshuffled.items[0], "speed");
	quiz_plan_free(p);

	p = quiz_plan_parse(&z, 9, "v1", &err);
	assert_non_null(p);
	assert_int_equal(p->nitems, 0);
	quiz_plan_free(p);
	quiz_release(&z);
}

static void expect_plan_error(const struct quiz *z, const char *text, const char *message)
{
	char *err = NULL;

	assert_null(quiz_plan_parse(z, 1, text, &err));
	assert_non_null(err);
	assert_string_equal(err, message);
	free(err);
}

static void test_plan_parse_errors(void **state)
{
	struct quiz z;

	(void)state;
	make_mixed(&z);
	expect_plan_error(&z, "", "not a stored quiz plan: it should start with 'v1'");
	expect_plan_error(&z, "v2 speed:abc", "not a stored quiz plan: it should start with 'v1'");
	expect_plan_error(&z, "v1speed", "not a stored quiz plan: it should start with 'v1'");
	expect_plan_error(&z, "v1 speed:abc speed:abc",
	                  "stored quiz plan: question 'speed' appears twice");
	expect_plan_error(&z, "v1 speed:ABC",
	                  "stored quiz plan: the order of 'speed' is not letters");
	expect_plan_error(&z, "v1 :abc", "stored quiz plan: a question without an id");
	quiz_release(&z);
}

/* ---- the attempt ---- */

static int setup_mixed(void **state)
{
	struct quiz *z = xmalloc(sizeof(*z));

	make_mixed(z);
	/* Choices shuffled, questions not, so plan item 0 is 'speed'. */
	z->shuffle = SHUFFLE_CHOICES;
	*state = z;
	return 0;
}

static int teardown_mixed(void **state)
{
	quiz_release(*state);
	free(*state);
	return 0;
}

static size_t next_index(const struct quiz_attempt *a)
{
	size_t i = 999;

	assert_true(quiz_attempt_next(a, &i));
	return i;
}

/* The right answer to plan item i, typed as the learner would see it. */
static void answer_right(struct quiz_attempt *a, size_t i)
{
	const struct quiz_plan_item *it = &quiz_attempt_plan(a)->items[i];
	const struct question *q = it->question;
	struct quiz_response r;
	char *err = NULL;
	double f = -1;

	quiz_response_init(&r);
	r.type = q->type;
	switch (q->type) {
	case Q_SHORT:
		r.text = xstrdup(q->accepted[0]);
		break;
	case Q_NUMERIC:
		r.number = q->answer;
		break;
	case Q_ORDERING:
	case Q_MATCHING:
		r.npicks = it->norder;
		r.picks = xmalloc(r.npicks * sizeof(*r.picks));
		for (size_t k = 0; k < r.npicks; k++)
			r.picks[k] = k;
		break;
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
		r.picks = xmalloc(q->nchoices * sizeof(*r.picks));
		for (size_t k = 0; k < q->nchoices; k++)
			if (q->choices[k].correct)
				r.picks[r.npicks++] = k;
		break;
	}
	assert_int_equal(quiz_attempt_answer(a, i, &r, &f, &err), 0);
	assert_true(f == 1);
	quiz_response_release(&r);
}

static void answer_input(struct quiz_attempt *a, size_t i, const char *input, double want)
{
	const struct quiz_plan_item *it = &quiz_attempt_plan(a)->items[i];
	struct quiz_response r;
	char *err = NULL;
	double f = -1;

	if (quiz_parse_input(it->question, it->order, input, &r, &err) < 0)
		fail_msg("'%s' did not parse: %s", input, err);
	assert_int_equal(quiz_attempt_answer(a, i, &r, &f, &err), 0);
	assert_true(f == want);
	quiz_response_release(&r);
}

static void test_attempt_skip_and_come_back(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p;
	struct quiz_attempt *a;
	char *err = NULL;
	size_t i = 0;

	z->draw = 3;
	p = quiz_plan_new(z, 5);
	a = quiz_attempt_new(p);
	quiz_plan_free(p); /* the attempt keeps its own copy */
	assert_int_equal(quiz_attempt_plan(a)->nitems, 3);
	assert_int_equal(next_index(a), 0);
	assert_int_equal(quiz_attempt_skip(a, 0, &err), 0);
	assert_int_equal(next_index(a), 1);
	assert_int_equal(quiz_attempt_skip(a, 1, &err), 0);
	assert_int_equal(next_index(a), 2);
	answer_right(a, 2);
	/* Only skipped ones are left: the one skipped longest ago first. */
	assert_int_equal(next_index(a), 0);
	assert_int_equal(quiz_attempt_skip(a, 0, &err), 0);
	assert_int_equal(next_index(a), 1);
	assert_false(quiz_attempt_is_finished(a));
	answer_right(a, 1);
	assert_int_equal(next_index(a), 0);
	answer_right(a, 0);
	assert_true(quiz_attempt_is_finished(a));
	assert_false(quiz_attempt_next(a, &i));
	assert_int_equal(quiz_attempt_answered(a), 3);

	assert_int_equal(quiz_attempt_skip(a, 0, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(quiz_attempt_skip(a, 3, &err), -1);
	assert_string_equal(err, "there is no question 4 in this attempt");
	free(err);
	quiz_attempt_free(a);
}

/* A resumed attempt's skips are worked out from its answers: a question
 * unanswered before an answered one was skipped, and stays aside. */
static void test_attempt_resume_skips(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p;
	struct quiz_attempt *a;

	z->draw = 4;
	p = quiz_plan_new(z, 5);
	a = quiz_attempt_new(p);
	quiz_plan_free(p);
	/* As restored: 0 and 2 answered, 1 and 3 not. */
	answer_right(a, 0);
	answer_right(a, 2);
	quiz_attempt_resume_skips(a);
	assert_int_equal(next_index(a), 3);
	answer_right(a, 3);
	assert_int_equal(next_index(a), 1);
	quiz_attempt_free(a);

	/* Nothing answered, or answered in order: nothing set aside. */
	p = quiz_plan_new(z, 5);
	a = quiz_attempt_new(p);
	quiz_plan_free(p);
	quiz_attempt_resume_skips(a);
	assert_int_equal(next_index(a), 0);
	answer_right(a, 0);
	quiz_attempt_resume_skips(a);
	assert_int_equal(next_index(a), 1);
	quiz_attempt_free(a);
}

static void test_attempt_resume(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p, *stored_plan;
	struct quiz_attempt *a, *b;
	char *text, *err = NULL;
	char *ids[2], *answers[2];

	p = quiz_plan_new(z, 11);
	a = quiz_attempt_new(p);
	answer_right(a, 0);
	answer_right(a, 1);
	/* What the caller stores: the plan string and each answer's stored form. */
	text = quiz_plan_format(p);
	for (size_t i = 0; i < 2; i++) {
		const struct question *q = p->items[i].question;
		ids[i] = xstrdup(q->id);
		answers[i] = quiz_response_encode(q, quiz_attempt_response(a, i));
	}
	quiz_attempt_free(a);

	stored_plan = quiz_plan_parse(z, 11, text, &err);
	assert_non_null(stored_plan);
	b = quiz_attempt_new(stored_plan);
	assert_int_equal(next_index(b), 0);
	/* Fed in any order; the attempt continues at the first unanswered. */
	assert_int_equal(quiz_attempt_restore(b, ids[1], answers[1], &err), 0);
	assert_int_equal(next_index(b), 0);
	assert_int_equal(quiz_attempt_restore(b, ids[0], answers[0], &err), 0);
	assert_int_equal(next_index(b), 2);
	assert_true(quiz_attempt_fraction(b, 0) == 1);
	assert_true(quiz_attempt_is_answered(b, 1));
	assert_false(quiz_attempt_is_answered(b, 2));
	assert_null(quiz_attempt_response(b, 2));

	assert_int_equal(quiz_attempt_restore(b, ids[0], answers[0], &err), -1);
	assert_string_equal(err, "question 'speed' already has an answer");
	free(err);
	err = NULL;
	assert_int_equal(quiz_attempt_restore(b, "gone", "0", &err), -1);
	assert_string_equal(err, "question 'gone' is not part of this attempt");
	free(err);
	err = NULL;

	for (size_t i = 0; i < 2; i++) {
		free(ids[i]);
		free(answers[i]);
	}
	free(text);
	quiz_plan_free(p);
	quiz_plan_free(stored_plan);
	quiz_attempt_free(b);
}

static void test_attempt_answer_errors(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p = quiz_plan_new(z, 1);
	struct quiz_attempt *a = quiz_attempt_new(p);
	struct quiz_response r;
	char *err = NULL;
	double f = -1;
	size_t bad = 9;

	quiz_response_init(&r);
	r.type = p->items[0].question->type;
	r.picks = &bad;
	r.npicks = 1;
	assert_int_equal(quiz_attempt_answer(a, 0, &r, &f, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_false(quiz_attempt_is_answered(a, 0));
	answer_right(a, 0);
	bad = 0;
	assert_int_equal(quiz_attempt_answer(a, 0, &r, &f, &err), -1);
	assert_string_equal(err, "question 'speed' is already answered");
	free(err);
	quiz_plan_free(p);
	quiz_attempt_free(a);
}

static void test_attempt_hints(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p = quiz_plan_new(z, 1);
	struct quiz_attempt *a = quiz_attempt_new(p);
	const char *hint = NULL;
	char *err = NULL;

	assert_string_equal(p->items[0].question->id, "speed");
	assert_int_equal(quiz_attempt_hints_shown(a, 0), 0);
	assert_int_equal(quiz_attempt_hint(a, 0, &hint, &err), 0);
	assert_string_equal(hint, "Think of how long you would wait.");
	assert_int_equal(quiz_attempt_hint(a, 0, &hint, &err), 0);
	assert_string_equal(hint, "Less than two days.");
	assert_int_equal(quiz_attempt_hints_shown(a, 0), 2);
	assert_int_equal(quiz_attempt_hint(a, 0, &hint, &err), -1);
	assert_string_equal(err, "no more hints");
	free(err);
	err = NULL;
	assert_int_equal(quiz_attempt_hint(a, 1, &hint, &err), -1);
	assert_string_equal(err, "this question has no hints");
	free(err);
	quiz_plan_free(p);
	quiz_attempt_free(a);
}

static void test_attempt_result(void **state)
{
	struct quiz *z = *state;
	struct quiz_plan *p;
	struct quiz_attempt *a;
	struct quiz_result res;

	/* Four questions of weight 1; three right is exactly 75%. */
	z->shuffle = SHUFFLE_NONE;
	z->draw = 0;
	z->questions[0].weight = 1;
	z->nquestions = 4; /* speed, good, delete, sign */
	p = quiz_plan_new(z, 1);
	a = quiz_attempt_new(p);
	answer_right(a, 0);
	answer_input(a, 1, "a c", 0); /* one right, one wrong */
	answer_right(a, 2);
	answer_right(a, 3);
	z->pass_mark = 75;
	quiz_attempt_result(a, &res);
	assert_true(res.score == 3);
	assert_true(res.max == 4);
	assert_true(res.percent == 75.0);
	assert_true(res.passed);
	assert_int_equal(res.nmissed, 1);
	assert_int_equal(res.missed[0], 1);
	quiz_result_release(&res);

	/* One point short of the mark fails. */
	z->pass_mark = 76;
	quiz_attempt_result(a, &res);
	assert_false(res.passed);
	quiz_result_release(&res);
	quiz_attempt_free(a);
	quiz_plan_free(p);
	z->nquestions = 8;
	z->pass_mark = 75;
}

static void test_attempt_percent_rounding(void **state)
{
	struct quiz z;
	struct quiz_plan *p;
	struct quiz_attempt *a;
	struct quiz_result res;

	(void)state;
	make_pool(&z, 3);
	z.questions[0].weight = 0.1;
	z.questions[1].weight = 0.2;
	z.questions[2].weight = 0.3;
	z.pass_mark = 50;
	p = quiz_plan_new(&z, 1);
	a = quiz_attempt_new(p);
	answer_input(a, 0, "a", 0);
	answer_input(a, 1, "a", 0);
	/* 0.3 / (0.1 + 0.2 + 0.3) is a hair under 0.5 in binary: still 50%. */
	answer_right(a, 2);
	quiz_attempt_result(a, &res);
	assert_true(res.percent == 50.0);
	assert_true(res.passed);
	assert_int_equal(res.nmissed, 2);
	quiz_result_release(&res);
	quiz_attempt_free(a);
	quiz_plan_free(p);

	/* Two of three: 66.666... is shown as 66.6, rounded down. */
	z.questions[0].weight = z.questions[1].weight = z.questions[2].weight = 1;
	z.pass_mark = 67;
	p = quiz_plan_new(&z, 1);
	a = quiz_attempt_new(p);
	answer_right(a, 0);
	answer_right(a, 1);
	quiz_attempt_result(a, &res); /* unanswered counts 0 */
	assert_true(res.percent == 66.6);
	assert_false(res.passed);
	assert_int_equal(res.nmissed, 1);
	assert_int_equal(res.missed[0], 2);
	quiz_result_release(&res);
	quiz_attempt_free(a);
	quiz_plan_free(p);
	quiz_release(&z);
}

static void test_attempts_limit(void **state)
{
	struct quiz z;
	char *reason = NULL;

	(void)state;
	memset(&z, 0, sizeof(z));
	z.attempts = 3;
	assert_int_equal(quiz_attempts_left(&z, 0, 0), 3);
	assert_int_equal(quiz_attempts_left(&z, 2, 0), 1);
	assert_true(quiz_may_start(&z, 2, 0, &reason));
	assert_null(reason);
	assert_int_equal(quiz_attempts_left(&z, 3, 0), 0);
	assert_int_equal(quiz_attempts_left(&z, 5, 0), 0);
	assert_false(quiz_may_start(&z, 3, 0, &reason));
	assert_string_equal(reason, "all 3 attempts have been used");
	free(reason);
	reason = NULL;

	z.attempts = 1;
	assert_false(quiz_may_start(&z, 1, 0, &reason));
	assert_string_equal(reason, "the one attempt allowed has been used");
	free(reason);
	reason = NULL;

	z.attempts = 0;
	assert_int_equal(quiz_attempts_left(&z, 0, 0), QUIZ_ATTEMPTS_UNLIMITED);
	assert_int_equal(quiz_attempts_left(&z, 1000, 0), QUIZ_ATTEMPTS_UNLIMITED);
	assert_true(quiz_may_start(&z, 1000, 0, &reason));
	assert_null(reason);
}

static void test_attempts_granted(void **state)
{
	struct quiz z;
	char *reason = NULL;

	(void)state;
	memset(&z, 0, sizeof(z));
	z.attempts = 3;
	/* A grant raises the limit by its count, in the period it was made. */
	assert_int_equal(quiz_attempts_left(&z, 3, 1), 1);
	assert_true(quiz_may_start(&z, 3, 1, &reason));
	assert_int_equal(quiz_attempts_left(&z, 4, 1), 0);
	assert_false(quiz_may_start(&z, 4, 1, &reason));
	assert_string_equal(reason, "all 4 attempts have been used (1 of them granted)");
	free(reason);
	reason = NULL;
	assert_int_equal(quiz_attempts_left(&z, 0, 2), 5);
	/* Nothing granted is taken away by a negative count. */
	assert_int_equal(quiz_attempts_left(&z, 1, -4), 2);
	assert_int_equal(quiz_attempts_left(&z, 0, 2147483647), 2147483647);
	z.attempts = 0;
	assert_int_equal(quiz_attempts_left(&z, 9, 1), QUIZ_ATTEMPTS_UNLIMITED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_rng_reference_values),
	        cmocka_unit_test(test_grade_single_scenario_truefalse),
	        cmocka_unit_test(test_grade_multiple_partial),
	        cmocka_unit_test(test_grade_numeric_bounds),
	        cmocka_unit_test(test_grade_short_normalised),
	        cmocka_unit_test(test_grade_short_punctuation),
	        cmocka_unit_test(test_grade_short_synonyms),
	        cmocka_unit_test(test_grade_ordering_matching_partial),
	        cmocka_unit_test(test_grade_wrong_type_is_zero),
	        cmocka_unit_test(test_parse_single),
	        cmocka_unit_test(test_parse_truefalse),
	        cmocka_unit_test(test_parse_multiple),
	        cmocka_unit_test(test_parse_short),
	        cmocka_unit_test(test_parse_numeric),
	        cmocka_unit_test(test_parse_ordering),
	        cmocka_unit_test(test_parse_matching),
	        cmocka_unit_test(test_input_help),
	        cmocka_unit_test(test_stored_form_round_trip),
	        cmocka_unit_test(test_stored_form_errors),
	        cmocka_unit_test(test_render),
	        cmocka_unit_test(test_render_numbers),
	        cmocka_unit_test(test_feedback),
	        cmocka_unit_test(test_plan_same_seed_same_plan),
	        cmocka_unit_test(test_plan_no_shuffle_keeps_order),
	        cmocka_unit_test(test_plan_choice_shuffling_rules),
	        cmocka_unit_test(test_plan_draw),
	        cmocka_unit_test(test_plan_round_trip),
	        cmocka_unit_test(test_plan_after_module_edit),
	        cmocka_unit_test(test_plan_parse_errors),
	        cmocka_unit_test_setup_teardown(test_attempt_skip_and_come_back, setup_mixed,
	                                        teardown_mixed),
	        cmocka_unit_test_setup_teardown(test_attempt_resume_skips, setup_mixed,
	                                        teardown_mixed),
	        cmocka_unit_test_setup_teardown(test_attempt_resume, setup_mixed, teardown_mixed),
	        cmocka_unit_test_setup_teardown(test_attempt_answer_errors, setup_mixed,
	                                        teardown_mixed),
	        cmocka_unit_test_setup_teardown(test_attempt_hints, setup_mixed, teardown_mixed),
	        cmocka_unit_test_setup_teardown(test_attempt_result, setup_mixed, teardown_mixed),
	        cmocka_unit_test(test_attempt_percent_rounding),
	        cmocka_unit_test(test_attempts_limit),
	        cmocka_unit_test(test_attempts_granted),
	};

	return cmocka_run_group_tests_name("quiz", tests, NULL, NULL);
}
