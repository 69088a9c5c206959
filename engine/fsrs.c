/*
 * FSRS-6: the memory model and scheduling formulas, pure. Written from the
 * published description of the algorithm and checked against the test
 * vectors of open-spaced-repetition/fsrs-rs (see tests/unit/test_fsrs.c);
 * the step order (stability from the old difficulty, then difficulty with
 * linear damping and mean reversion) is the reference implementations'.
 */
#include <math.h>

#include "fsrs.h"

const double fsrs_default_params[FSRS_NPARAMS] = {
        0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* The factor that makes retrievability 0.9 when elapsed days equal the
 * stability: 0.9^(1/-decay) - 1. */
static double curve_factor(const double *w)
{
	return pow(0.9, 1.0 / -w[20]) - 1.0;
}

double fsrs_retrievability(const double *w, double elapsed_days, double stability)
{
	return pow(1.0 + curve_factor(w) * elapsed_days / stability, -w[20]);
}

double fsrs_interval(const double *w, double stability, double desired_retention)
{
	return stability / curve_factor(w) * (pow(desired_retention, 1.0 / -w[20]) - 1.0);
}

int fsrs_interval_days(const double *w, double stability, double desired_retention, int max_days)
{
	double d = round(fsrs_interval(w, stability, desired_retention));

	if (!(d >= 1.0))
		return 1;
	if (d > (double)max_days)
		return max_days;
	return (int)d;
}

static double init_stability(const double *w, enum fsrs_rating g)
{
	int i = (int)g - 1;

	return w[i < 0 ? 0 : i > 3 ? 3 : i];
}

static double init_difficulty(const double *w, enum fsrs_rating g)
{
	return w[4] - exp(w[5] * ((double)g - 1.0)) + 1.0;
}

struct fsrs_state fsrs_first(const double *w, enum fsrs_rating g)
{
	struct fsrs_state s;

	s.stability = clamp(init_stability(w, g), FSRS_S_MIN, FSRS_S_MAX);
	s.difficulty = clamp(init_difficulty(w, g), FSRS_D_MIN, FSRS_D_MAX);
	return s;
}

static double next_difficulty(const double *w, double d, enum fsrs_rating g)
{
	double delta = -w[6] * ((double)g - 3.0);
	/* Linear damping: the nearer 10, the smaller a step up. */
	double nd = d + (10.0 - d) * delta / 9.0;

	/* Mean reversion towards the difficulty of a first "easy". */
	nd = w[7] * (init_difficulty(w, FSRS_EASY) - nd) + nd;
	return clamp(nd, FSRS_D_MIN, FSRS_D_MAX);
}

static double after_success(const double *w, double s, double d, double r, enum fsrs_rating g)
{
	double hard_penalty = g == FSRS_HARD ? w[15] : 1.0;
	double easy_bonus = g == FSRS_EASY ? w[16] : 1.0;

	return s * (exp(w[8]) * (11.0 - d) * pow(s, -w[9]) * (exp((1.0 - r) * w[10]) - 1.0) *
	                    hard_penalty * easy_bonus +
	            1.0);
}

static double after_failure(const double *w, double s, double d, double r)
{
	double ns = w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) * exp((1.0 - r) * w[14]);
	/* A lapse never leaves the memory stronger than before. */
	double ceiling = s / exp(w[17] * w[18]);

	return ns < ceiling ? ns : ceiling;
}

static double short_term(const double *w, double s, enum fsrs_rating g)
{
	double sinc = exp(w[17] * ((double)g - 3.0 + w[18])) * pow(s, -w[19]);

	/* A same-day pass never lowers stability. */
	if (g >= FSRS_HARD && sinc < 1.0)
		sinc = 1.0;
	return s * sinc;
}

struct fsrs_state fsrs_next(const double *w, struct fsrs_state st, double elapsed_days,
                            enum fsrs_rating g)
{
	double s = clamp(st.stability, FSRS_S_MIN, FSRS_S_MAX);
	double d = clamp(st.difficulty, FSRS_D_MIN, FSRS_D_MAX);
	struct fsrs_state out;

	if (elapsed_days <= 0.0) {
		out.stability = short_term(w, s, g);
	} else {
		double r = fsrs_retrievability(w, elapsed_days, s);

		out.stability =
		        g == FSRS_AGAIN ? after_failure(w, s, d, r) : after_success(w, s, d, r, g);
	}
	out.stability = clamp(out.stability, FSRS_S_MIN, FSRS_S_MAX);
	out.difficulty = next_difficulty(w, d, g);
	return out;
}
