/*
 * The duty stage machine and readiness rules: each kind of evidence missing
 * and met, a lapsed policy acknowledgement, no skipping stages, moving back
 * only with a reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "duty.h"

/* The structs own their strings in the program; here they point at literals. */
static struct duty_module modules[] = {{(char *)"policy-basics", 80, 0},
                                       {(char *)"engagement-rhythm", 70, 0}};
static const struct duty replies = {
        .id = (char *)"replies",
        .title = (char *)"Replying to comments and messages",
        .modules = modules,
        .nmodules = 2,
        .policy = (char *)"policy-basics",
        .practice = 2,
};

static void expect_missing(const struct strlist *l, const char *const *lines, size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l->items[i], lines[i]);
}

static void test_stage_names(void **state)
{
	enum duty_stage s;

	(void)state;
	assert_int_equal(duty_stage_parse("assisted", &s), 0);
	assert_int_equal(s, DUTY_ASSISTED);
	assert_int_equal(duty_stage_parse("handed-over", &s), 0);
	assert_int_equal(s, DUTY_HANDED_OVER);
	assert_int_equal(duty_stage_parse("handed over", &s), 0);
	assert_int_equal(duty_stage_parse("expert", &s), -1);
	assert_int_equal(duty_stage_parse("not started", &s), -1);
	assert_string_equal(duty_stage_name(DUTY_INDEPENDENT), "independent");
}

static void test_observing_needs_nothing(void **state)
{
	struct duty_evidence none = {.best = NULL, .policy_current = false, .practice = 0};
	struct strlist missing;

	(void)state;
	strlist_init(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_NONE, DUTY_OBSERVING, &none, false, &missing), 0);
	assert_int_equal(missing.n, 0);
	strlist_release(&missing);
}

static void test_modules_missing_and_met(void **state)
{
	double low[] = {65, -1};
	double enough[] = {80, 70};
	struct duty_evidence e = {.best = low};
	struct strlist missing;
	const char *expected[] = {
	        "needs 'policy-basics' passed at 80% (best 65%)",
	        "needs 'engagement-rhythm' passed at 70% (not taken yet)",
	};

	(void)state;
	strlist_init(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_OBSERVING, DUTY_ASSISTED, &e, false, &missing), -1);
	expect_missing(&missing, expected, 2);
	strlist_release(&missing);

	/* Exactly the minimum is enough; policy and practice wait for independent. */
	e.best = enough;
	assert_int_equal(
	        duty_check_move(&replies, DUTY_OBSERVING, DUTY_ASSISTED, &e, false, &missing), 0);
	strlist_release(&missing);
}

static void test_independent_needs_policy_and_practice(void **state)
{
	double enough[] = {92, 75};
	struct duty_evidence e = {.best = enough,
	                          .policy_current = false,
	                          .policy_reason = "acknowledgement ran out on 2027-03-02",
	                          .practice = 1};
	struct strlist missing;
	const char *expected[] = {
	        "needs a current acknowledgement of 'policy-basics' (acknowledgement ran out on "
	        "2027-03-02)",
	        "needs 1 more supervised session",
	};

	(void)state;
	strlist_init(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_ASSISTED, DUTY_INDEPENDENT, &e, false, &missing),
	        -1);
	expect_missing(&missing, expected, 2);
	strlist_release(&missing);

	e.practice = 0;
	duty_missing_for(&replies, DUTY_INDEPENDENT, &e, &missing);
	assert_string_equal(missing.items[1], "needs 2 more supervised sessions");
	strlist_release(&missing);

	e.policy_current = true;
	e.practice = 2;
	assert_int_equal(
	        duty_check_move(&replies, DUTY_ASSISTED, DUTY_INDEPENDENT, &e, false, &missing), 0);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_INDEPENDENT, DUTY_HANDED_OVER, &e, false, &missing),
	        0);
	strlist_release(&missing);
}

static void test_lapsed_policy_blocks_handover(void **state)
{
	double enough[] = {92, 75};
	struct duty_evidence e = {.best = enough,
	                          .policy_current = false,
	                          .policy_reason = "version 2.0 not acknowledged",
	                          .practice = 5};
	struct strlist missing;
	const char *expected[] = {"needs a current acknowledgement of 'policy-basics' (version 2.0 "
	                          "not acknowledged)"};

	(void)state;
	strlist_init(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_INDEPENDENT, DUTY_HANDED_OVER, &e, false, &missing),
	        -1);
	expect_missing(&missing, expected, 1);
	strlist_release(&missing);
}

static void test_no_skipping(void **state)
{
	double enough[] = {100, 100};
	struct duty_evidence all = {.best = enough, .policy_current = true, .practice = 9};
	struct strlist missing;

	(void)state;
	strlist_init(&missing);
	assert_int_equal(duty_check_move(&replies, DUTY_NONE, DUTY_ASSISTED, &all, false, &missing),
	                 -1);
	assert_string_equal(missing.items[0],
	                    "stages are not skipped: from not started the next is observing");
	strlist_release(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_OBSERVING, DUTY_HANDED_OVER, &all, false, &missing),
	        -1);
	assert_string_equal(missing.items[0],
	                    "stages are not skipped: from observing the next is assisted");
	strlist_release(&missing);
	assert_int_equal(
	        duty_check_move(&replies, DUTY_ASSISTED, DUTY_ASSISTED, &all, false, &missing), -1);
	assert_string_equal(missing.items[0], "already assisted");
	strlist_release(&missing);
}

static void test_back_needs_a_reason(void **state)
{
	struct duty_evidence none = {0};
	struct strlist missing;

	(void)state;
	strlist_init(&missing);
	assert_int_equal(duty_check_move(&replies, DUTY_HANDED_OVER, DUTY_INDEPENDENT, &none, false,
	                                 &missing),
	                 -1);
	assert_string_equal(missing.items[0],
	                    "moving back from handed over to independent needs a reason (--note)");
	strlist_release(&missing);
	/* With a reason, back is always allowed: readiness may have lapsed. */
	assert_int_equal(
	        duty_check_move(&replies, DUTY_HANDED_OVER, DUTY_OBSERVING, &none, true, &missing),
	        0);
	assert_int_equal(duty_check_move(&replies, DUTY_ASSISTED, DUTY_NONE, &none, true, &missing),
	                 -1);
	strlist_release(&missing);
}

static void test_duty_without_requirements(void **state)
{
	const struct duty open = {.id = (char *)"watch", .title = (char *)"Watching the accounts"};
	struct duty_evidence none = {0};
	struct strlist missing;

	(void)state;
	strlist_init(&missing);
	assert_int_equal(
	        duty_check_move(&open, DUTY_OBSERVING, DUTY_ASSISTED, &none, false, &missing), 0);
	assert_int_equal(
	        duty_check_move(&open, DUTY_ASSISTED, DUTY_INDEPENDENT, &none, false, &missing), 0);
	strlist_release(&missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_stage_names),
	        cmocka_unit_test(test_observing_needs_nothing),
	        cmocka_unit_test(test_modules_missing_and_met),
	        cmocka_unit_test(test_independent_needs_policy_and_practice),
	        cmocka_unit_test(test_lapsed_policy_blocks_handover),
	        cmocka_unit_test(test_no_skipping),
	        cmocka_unit_test(test_back_needs_a_reason),
	        cmocka_unit_test(test_duty_without_requirements),
	};
	return cmocka_run_group_tests_name("duty", tests, NULL, NULL);
}
