/*
 * FSRS-6 spaced-repetition scheduling as pure arithmetic: the memory state
 * of one question (stability in days, difficulty 1..10), how likely it is
 * recalled after some days, and the interval that keeps that likelihood at
 * a desired retention. No I/O, no clock: elapsed days are passed in. The
 * formulas follow the reference implementations of the Open Spaced
 * Repetition project (fsrs-rs, py-fsrs, ts-fsrs); docs/learning.md gives
 * them, and tests/unit/test_fsrs.c reproduces their published test vectors.
 */
#ifndef UPSKILL_FSRS_H
#define UPSKILL_FSRS_H

#define FSRS_NPARAMS 21

/* Bounds the reference implementations clamp to. */
#define FSRS_S_MIN 0.001
#define FSRS_S_MAX 36500.0
#define FSRS_D_MIN 1.0
#define FSRS_D_MAX 10.0

/* The 21 default FSRS-6 parameters, w[0]..w[20] (w[20] is the decay). */
extern const double fsrs_default_params[FSRS_NPARAMS];

/* How a review went: forgot, recalled with difficulty, recalled, easily. */
enum fsrs_rating {
	FSRS_AGAIN = 1,
	FSRS_HARD = 2,
	FSRS_GOOD = 3,
	FSRS_EASY = 4,
};

struct fsrs_state {
	double stability;  /* days until retrievability falls to 90% */
	double difficulty; /* 1 (easy) .. 10 (hard) */
};

/* The probability of recall elapsed days after a review, for stability s:
 * (1 + factor * t / s) ^ -decay, which is 0.9 at t = s. */
double fsrs_retrievability(const double *w, double elapsed_days, double stability);

/* Days until retrievability falls to desired_retention (0 < r <= 1),
 * unrounded. */
double fsrs_interval(const double *w, double stability, double desired_retention);

/* The interval in whole days: rounded, at least 1, at most max_days. */
int fsrs_interval_days(const double *w, double stability, double desired_retention, int max_days);

/* The memory state after the first review of a new question. */
struct fsrs_state fsrs_first(const double *w, enum fsrs_rating g);

/* The memory state after a review elapsed_days after the last one (0 for
 * the same day, which uses the short-term formula). */
struct fsrs_state fsrs_next(const double *w, struct fsrs_state s, double elapsed_days,
                            enum fsrs_rating g);

#endif
