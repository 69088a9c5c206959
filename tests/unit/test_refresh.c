/*
 * Refreshers' rules (refresh.c): the grade an answer earns, the first
 * card after a pass, each later review as FSRS-6 says, when a card is due,
 * and the chance of recall over time. Times are fixed numbers: no clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "refresh.h"

#define DAY 86400
/* 2026-03-02T10:00:00Z */
#define PASS_AT ((time_t)1772445600)

static void assert_near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.7f, want %.7f (within %g)", got, want, tol);
}

static void test_rating(void **state)
{
	(void)state;
	assert_int_equal(refresh_rating(1.0), FSRS_GOOD);
	/* Fractions are stored to four places: 0.9999 is as right as it gets. */
	assert_int_equal(refresh_rating(0.9999), FSRS_GOOD);
	assert_int_equal(refresh_rating(0.9998), FSRS_HARD);
	assert_int_equal(refresh_rating(0.5), FSRS_HARD);
	assert_int_equal(refresh_rating(0.0001), FSRS_HARD);
	assert_int_equal(refresh_rating(0.0), FSRS_AGAIN);
	assert_int_equal(refresh_rating(-1.0), FSRS_AGAIN);
}

/* The first review's stability is w[G-1]; at retention 0.9 the interval is
 * the stability, rounded, at least a day. */
static void test_first(void **state)
{
	struct refresh_card c;

	(void)state;
	refresh_first(&c, 1.0, PASS_AT);
	assert_near(c.state.stability, fsrs_default_params[2], 1e-9);
	assert_int_equal(c.interval, 2);
	assert_true(c.due == PASS_AT + 2 * DAY);
	assert_true(c.reviewed == PASS_AT);

	refresh_first(&c, 0.5, PASS_AT);
	assert_near(c.state.stability, fsrs_default_params[1], 1e-9);
	assert_int_equal(c.interval, 1);

	refresh_first(&c, 0.0, PASS_AT);
	assert_near(c.state.stability, fsrs_default_params[0], 1e-9);
	assert_int_equal(c.interval, 1); /* 0.212 days, but never under a day */
	assert_true(c.due == PASS_AT + DAY);
}

static void test_due(void **state)
{
	struct refresh_card c;

	(void)state;
	refresh_first(&c, 1.0, PASS_AT);
	assert_false(refresh_is_due(&c, PASS_AT + DAY));
	assert_false(refresh_is_due(&c, c.due - 1));
	assert_true(refresh_is_due(&c, c.due));
	assert_true(refresh_is_due(&c, c.due + 30 * DAY));
}

/* A review is FSRS's step from the last review, whole days after it. */
static void test_review_is_fsrs(void **state)
{
	struct refresh_card c;
	struct fsrs_state want;

	(void)state;
	refresh_first(&c, 1.0, PASS_AT);
	want = fsrs_next(fsrs_default_params, c.state, 3, FSRS_GOOD);
	/* Three days and some hours: three whole days. */
	assert_int_equal(refresh_elapsed_days(&c, PASS_AT + 3 * DAY + 5 * 3600), 3);
	refresh_review(&c, 1.0, PASS_AT + 3 * DAY + 5 * 3600);
	assert_near(c.state.stability, want.stability, 1e-9);
	assert_near(c.state.difficulty, want.difficulty, 1e-9);
	assert_true(c.reviewed == PASS_AT + 3 * DAY + 5 * 3600);
	assert_true(c.due == c.reviewed + (time_t)c.interval * DAY);
	assert_int_equal(c.interval,
	                 fsrs_interval_days(fsrs_default_params, want.stability, 0.9, 36500));

	/* The same day: FSRS's short-term formula (elapsed 0). */
	refresh_first(&c, 1.0, PASS_AT);
	want = fsrs_next(fsrs_default_params, c.state, 0, FSRS_AGAIN);
	refresh_review(&c, 0.0, PASS_AT + 3600);
	assert_near(c.state.stability, want.stability, 1e-9);
	assert_int_equal(refresh_elapsed_days(&c, PASS_AT - DAY), 0);
}

/* Right answers push the next one out; a wrong one brings it back. */
static void test_spacing(void **state)
{
	struct refresh_card right, wrong;
	int last = 0;

	(void)state;
	refresh_first(&right, 1.0, PASS_AT);
	for (int i = 0; i < 5; i++) {
		refresh_review(&right, 1.0, right.due);
		assert_true(right.interval > last);
		last = right.interval;
	}
	wrong = right;
	refresh_review(&wrong, 0.0, right.due);
	refresh_review(&right, 1.0, right.due);
	assert_true(wrong.interval < last);
	assert_true(wrong.interval < right.interval);
	assert_true(wrong.state.difficulty > right.state.difficulty);
	/* Partly right lands between the two. */
	{
		struct refresh_card partly = right;
		refresh_review(&partly, 0.5, right.due);
		refresh_review(&right, 1.0, right.due);
		assert_true(partly.interval < right.interval);
	}
}

/* Recall is certain at the review, 90% at the stability, and falls. */
static void test_retrievability(void **state)
{
	struct refresh_card c;

	(void)state;
	refresh_first(&c, 1.0, PASS_AT);
	assert_near(refresh_retrievability(&c, PASS_AT), 1.0, 1e-12);
	assert_near(refresh_retrievability(&c, PASS_AT - DAY), 1.0, 1e-12);
	assert_near(refresh_retrievability(&c, PASS_AT + (time_t)(c.state.stability * DAY)), 0.9,
	            1e-4);
	assert_true(refresh_retrievability(&c, PASS_AT + 30 * DAY) <
	            refresh_retrievability(&c, PASS_AT + 3 * DAY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_rating),  cmocka_unit_test(test_first),
	        cmocka_unit_test(test_due),     cmocka_unit_test(test_review_is_fsrs),
	        cmocka_unit_test(test_spacing), cmocka_unit_test(test_retrievability),
	};

	return cmocka_run_group_tests_name("refresh", tests, NULL, NULL);
}
