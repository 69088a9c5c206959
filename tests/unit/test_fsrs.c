/*
 * FSRS-6 against the published test vectors of the reference
 * implementation open-spaced-repetition/fsrs-rs, src/inference.rs at
 * commit 0cbb9d3c8fbd7cbe4903f25d6e4c7ed01a65edf9 (tests test_memory_state,
 * test_next_interval, test_memo_state and test_next_states). The same
 * memory-state vector (53.62691, 6.3574867) is in open-spaced-repetition/
 * py-fsrs, tests/test_basic.py (test_memo_state), commit
 * 3abe686e9c058d3f3c00bbeb92e68b71211b2b31, and with the first-review
 * vectors in open-spaced-repetition/ts-fsrs, packages/fsrs/__tests__/
 * FSRS-6.test.ts, commit cdec8d2f8340f8e62ced596c1da02e20e70073f0 ("memory
 * state", "first repeat", "get retrievability"). fsrs-rs computes in f32, so
 * values are compared to within 1e-4 as it does (1e-3 for the long chains).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "fsrs.h"

static void assert_near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.7f, want %.7f (within %g)", got, want, tol);
}

/* A review history as fsrs-rs's FSRSItem: the first review starts the
 * state, each later one is a step after delta_t days. */
static struct fsrs_state replay(const double *w, const int *ratings, const int *days, size_t n)
{
	struct fsrs_state s = fsrs_first(w, (enum fsrs_rating)ratings[0]);

	for (size_t i = 1; i < n; i++)
		s = fsrs_next(w, s, days[i], (enum fsrs_rating)ratings[i]);
	return s;
}

/* fsrs-rs test_memory_state, py-fsrs test_memo_state: Again, then Good the
 * same day, then Good after 1, 3, 8 and 21 days, default parameters. */
static void test_default_memory_state(void **state)
{
	static const int ratings[] = {1, 3, 3, 3, 3, 3};
	static const int days[] = {0, 0, 1, 3, 8, 21};
	double w[FSRS_NPARAMS];
	struct fsrs_state s;

	(void)state;
	s = replay(fsrs_default_params, ratings, days, 6);
	assert_near(s.stability, 53.62691, 1e-4);
	assert_near(s.difficulty, 6.3574867, 1e-4);

	/* Short-term stability frozen (w17 = w18 = w19 = 0). */
	memcpy(w, fsrs_default_params, sizeof w);
	w[17] = w[18] = w[19] = 0.0;
	s = replay(w, ratings, days, 6);
	assert_near(s.stability, 53.335106, 1e-4);
	assert_near(s.difficulty, 6.3574867, 1e-4);
}

/* fsrs-rs test_next_interval: stability 1, desired retention 0.1 .. 1.0,
 * rounded and at least 1. fsrs-rs works in f32, whose rounding moves the
 * 3.1 million days of retention 0.1 by 3 (computed in double here: 3116769),
 * so each is compared within 1e-6 of its size or 0.5 days; every other
 * value is exact. */
static void test_default_intervals(void **state)
{
	static const int want[] = {3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1};

	(void)state;
	for (int i = 1; i <= 10; i++) {
		double r = i / 10.0;
		double got = round(fsrs_interval(fsrs_default_params, 1.0, r));

		if (got < 1.0)
			got = 1.0;
		assert_near(got, want[i - 1], fmax(0.5, 1e-6 * want[i - 1]));
	}
	assert_int_equal(fsrs_interval_days(fsrs_default_params, 1.0, 0.1, 36500), 36500);
	assert_int_equal(fsrs_interval_days(fsrs_default_params, 1.0, 0.5, 36500), 90);
	assert_int_equal(fsrs_interval_days(fsrs_default_params, 1.0, 1.0, 36500), 1);
}

/* The parameters of fsrs-rs's inference tests: 19 trained FSRS-5 values,
 * which fsrs-rs fills to 21 with w19 = 0 and the FSRS-5 decay 0.5. */
static const double trained[FSRS_NPARAMS] = {
        0.6845422,    1.6790825,  4.7349424, 10.042885,  7.4410233,   0.64219797, 1.071918,
        0.0025195254, 1.432437,   0.1544,    0.8692766,  2.0696752,   0.0953,     0.2975,
        2.4691248,    0.19542035, 3.201072,  0.18046261, 0.121442534, 0.0,        0.5,
};

/* fsrs-rs test_memo_state and test_next_states. */
static void test_trained_memory_state(void **state)
{
	static const int ratings[] = {1, 3, 3, 3, 3};
	static const int days[] = {0, 1, 3, 8, 21};
	struct fsrs_state s, from = {20.925528, 7.005062};
	static const struct {
		enum fsrs_rating g;
		double s, d;
	} next[] = {
	        {FSRS_AGAIN, 2.9691455, 8.000659},
	        {FSRS_HARD, 17.091452, 7.6913934},
	        {FSRS_GOOD, 31.722992, 7.382128},
	        {FSRS_EASY, 71.7502, 7.0728626},
	};

	(void)state;
	s = replay(trained, ratings, days, 5);
	assert_near(s.stability, 31.722992, 1e-3);
	assert_near(s.difficulty, 7.382128, 1e-4);

	s = fsrs_next(trained, from, 21, FSRS_GOOD);
	assert_near(s.stability, 40.87456, 1e-3);
	assert_near(s.difficulty, 6.9913807, 1e-4);

	/* The four next states after the first four reviews, 21 days on; at
	 * retention 0.9 each interval equals its stability. */
	from = replay(trained, ratings, days, 4);
	for (size_t i = 0; i < sizeof next / sizeof next[0]; i++) {
		s = fsrs_next(trained, from, 21, next[i].g);
		assert_near(s.stability, next[i].s, 1e-3);
		assert_near(s.difficulty, next[i].d, 1e-4);
		assert_near(fsrs_interval(trained, s.stability, 0.9), next[i].s, 1e-3);
	}
	assert_near(fsrs_interval(trained, 121.01552, 0.9), 121.01551, 1e-3);
}

/* ts-fsrs "first repeat": the state after a first Again, Hard, Good, Easy;
 * Easy is scheduled 8 days on, when "get retrievability" gives 0.9024733. */
static void test_first_review(void **state)
{
	static const double s[] = {0.212, 1.2931, 2.3065, 8.2956};
	static const double d[] = {6.4133, 5.11217071, 2.11810397, 1};
	const double *w = fsrs_default_params;

	(void)state;
	for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++) {
		struct fsrs_state st = fsrs_first(w, (enum fsrs_rating)g);

		assert_near(st.stability, s[g - 1], 1e-9);
		assert_near(st.difficulty, d[g - 1], 1e-8);
	}
	assert_int_equal(fsrs_interval_days(w, s[3], 0.9, 36500), 8);
	assert_near(fsrs_retrievability(w, 8, s[3]), 0.9024733, 1e-7);
}

/* Properties every FSRS version has, whatever the vectors. */
static void test_properties(void **state)
{
	const double *w = fsrs_default_params;
	struct fsrs_state s = fsrs_first(w, FSRS_GOOD);

	(void)state;
	/* Retrievability is 1 at once, 0.9 after S days, and falls. */
	assert_near(fsrs_retrievability(w, 0, 7.0), 1.0, 1e-12);
	assert_near(fsrs_retrievability(w, 7.0, 7.0), 0.9, 1e-12);
	assert_true(fsrs_retrievability(w, 30, 7.0) < fsrs_retrievability(w, 8, 7.0));
	/* First stabilities are w0..w3; a first "again" is hardest. */
	assert_near(fsrs_first(w, FSRS_AGAIN).stability, w[0], 1e-12);
	assert_near(fsrs_first(w, FSRS_EASY).stability, w[3], 1e-12);
	assert_true(fsrs_first(w, FSRS_AGAIN).difficulty > s.difficulty);
	/* A lapse lowers stability; a pass after a gap raises it; easy beats
	 * good beats hard. */
	assert_true(fsrs_next(w, s, 3, FSRS_AGAIN).stability < s.stability);
	assert_true(fsrs_next(w, s, 3, FSRS_HARD).stability > s.stability);
	assert_true(fsrs_next(w, s, 3, FSRS_EASY).stability >
	            fsrs_next(w, s, 3, FSRS_GOOD).stability);
	assert_true(fsrs_next(w, s, 3, FSRS_GOOD).stability >
	            fsrs_next(w, s, 3, FSRS_HARD).stability);
	/* Difficulty stays within 1..10 however often it is pushed. */
	for (int i = 0; i < 50; i++)
		s = fsrs_next(w, s, 1, FSRS_AGAIN);
	assert_true(s.difficulty <= FSRS_D_MAX && s.difficulty > 9.0);
	for (int i = 0; i < 50; i++)
		s = fsrs_next(w, s, 1, FSRS_EASY);
	assert_true(s.difficulty >= FSRS_D_MIN && s.difficulty < 2.0);
	/* A higher desired retention means a shorter interval. */
	assert_true(fsrs_interval(w, 10, 0.95) < fsrs_interval(w, 10, 0.9));
	assert_near(fsrs_interval(w, 10, 0.9), 10.0, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_default_memory_state),
	        cmocka_unit_test(test_default_intervals),
	        cmocka_unit_test(test_trained_memory_state),
	        cmocka_unit_test(test_first_review),
	        cmocka_unit_test(test_properties),
	};

	return cmocka_run_group_tests_name("fsrs", tests, NULL, NULL);
}
