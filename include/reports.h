/*
 * The arithmetic of the consultant's reports, kept apart from the record and
 * the printing so it is tested directly: medians, the discrimination index of
 * a quiz question, the most chosen wrong answer, flags for a question, the
 * worst of several compliance states, stable keys for programme stages and
 * the way numbers are written in every report. Nothing here does I/O.
 */
#ifndef UPSKILL_REPORTS_H
#define UPSKILL_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "compliance.h"

/* The median of n values, which are sorted in place: the middle one, or the
 * mean of the middle two when n is even. False (and *out 0) when n is 0. */
bool reports_median(double *values, size_t n, double *out);

/* One finished attempt that answered a question: the attempt's total score
 * (its percent), the fraction of the question's weight it earned (0..1), and
 * the attempt's id, which breaks ties in the ranking. */
struct reports_item {
	double total;
	double fraction;
	long long attempt;
};

/* How many attempts make the upper (and the lower) group out of n: 27% of n
 * rounded to the nearest whole number (halves up), at least 1, and at most
 * n / 2 so the groups never overlap. 0 when n < 2. */
size_t reports_group_size(size_t n);

/*
 * The upper-lower discrimination index of one question over n attempts:
 * the attempts are ranked by total, highest first (ties: the earlier attempt
 * first), and D is the mean fraction in the top reports_group_size(n) minus
 * the mean fraction in the bottom as many, from -1 to 1. items is sorted in
 * place. False (and *d 0) when n < 2, where there are no two groups.
 */
bool reports_discrimination(struct reports_item *items, size_t n, double *d);

/* A question is "too easy" at this percent correct or above. */
#define REPORTS_TOO_EASY 90.0

/* A short warning for a question: "too easy" when percent_correct >=
 * REPORTS_TOO_EASY, else "confusing" when the index is known and <= 0
 * (stronger attempts did no better on it than weaker ones), else "". */
const char *reports_item_flag(double percent_correct, bool has_d, double d);

/* The marks of report questions' "mark" column, judged only on enough
 * answers: "too easy" at REPORTS_TOO_EASY percent correct or more, "too
 * hard" below REPORTS_TOO_HARD, "not discriminating" when D is known and
 * below REPORTS_LOW_DISCRIMINATION (as printed, to two places). */
#define REPORTS_MIN_ANSWERS        10
#define REPORTS_TOO_HARD           30.0
#define REPORTS_LOW_DISCRIMINATION 0.20

/* Every mark that applies to a question answered n times, joined by "; "
 * ("too easy; not discriminating"), into out; "" when none does or n is
 * below REPORTS_MIN_ANSWERS. Returns out. */
#define REPORTS_MARK_SIZE 64
char *reports_item_mark(size_t n, double percent_correct, bool has_d, double d,
                        char out[REPORTS_MARK_SIZE]);

/* The most frequent of n strings (ties: the smallest by strcmp); NULL when
 * n is 0. *count gets how many times it occurs. The array is sorted. */
const char *reports_most_common(const char **values, size_t n, size_t *count);

/* How bad a compliance state is, for picking the worst of several: compliant,
 * expiring, in training, overdue, never trained, in that order. */
int reports_compliance_rank(enum compliance_state s);

/* A stable column key made of a label: lower-case ASCII letters and digits,
 * every other run of characters one "_", none at either end ("Day 1:
 * Strategy" is "day_1_strategy"). "" when nothing is left. The caller frees
 * it. */
char *reports_key(const char *label);

/* Numbers as every report writes them (the caller frees each): a percent
 * or a mean with one decimal ("87.5"), an index or a ratio with two
 * ("-0.25"; never "-0.00"), whole seconds rounded half up. */
char *reports_fmt1(double v);
/* The same without allocating, into out (returned): reports_fmt1's text,
 * and a whole number as "%lld" writes it. */
#define REPORTS_NUMBER_SIZE 32
char *reports_fmt1_into(double v, char out[REPORTS_NUMBER_SIZE]);
char *reports_fmt_count(long long v, char out[REPORTS_NUMBER_SIZE]);
char *reports_fmt2(double v);
char *reports_fmt_seconds(double v);

/* A share as a percent: 100 * part / whole, 0 when whole is 0. */
double reports_percent(double part, double whole);

#endif
