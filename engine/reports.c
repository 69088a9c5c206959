/*
 * The arithmetic of the reports. See reports.h.
 */
#include "reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

bool reports_median(double *values, size_t n, double *out)
{
	*out = 0;
	if (n == 0)
		return false;
	qsort(values, n, sizeof(*values), compare_double);
	*out = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
	return true;
}

size_t reports_group_size(size_t n)
{
	size_t g;

	if (n < 2)
		return 0;
	g = (27 * n + 50) / 100;
	if (g < 1)
		g = 1;
	if (g > n / 2)
		g = n / 2;
	return g;
}

/* Highest total first; among equal totals the earlier attempt first, so the
 * groups do not depend on the order the rows arrived in. */
static int compare_item(const void *a, const void *b)
{
	const struct reports_item *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return (x->attempt > y->attempt) - (x->attempt < y->attempt);
}

bool reports_discrimination(struct reports_item *items, size_t n, double *d)
{
	size_t g = reports_group_size(n);
	double upper = 0, lower = 0;

	*d = 0;
	if (g == 0)
		return false;
	qsort(items, n, sizeof(*items), compare_item);
	for (size_t i = 0; i < g; i++) {
		upper += items[i].fraction;
		lower += items[n - 1 - i].fraction;
	}
	*d = (upper - lower) / (double)g;
	return true;
}

const char *reports_item_flag(double percent_correct, bool has_d, double d)
{
	if (percent_correct >= REPORTS_TOO_EASY)
		return "too easy";
	/* Compared as printed, so a D shown as 0.00 is flagged like one of 0. */
	if (has_d && d < 0.005)
		return "confusing";
	return "";
}

char *reports_item_mark(size_t n, double percent_correct, bool has_d, double d,
                        char out[REPORTS_MARK_SIZE])
{
	const char *marks[2];
	size_t k = 0;

	out[0] = '\0';
	if (n < REPORTS_MIN_ANSWERS)
		return out;
	if (percent_correct >= REPORTS_TOO_EASY)
		marks[k++] = "too easy";
	else if (percent_correct < REPORTS_TOO_HARD)
		marks[k++] = "too hard";
	/* Compared as printed, so a D shown as 0.20 is not marked. */
	if (has_d && d < REPORTS_LOW_DISCRIMINATION - 0.005)
		marks[k++] = "not discriminating";
	for (size_t i = 0; i < k; i++)
		snprintf(out + strlen(out), REPORTS_MARK_SIZE - strlen(out), "%s%s", i ? "; " : "",
		         marks[i]);
	return out;
}

static int compare_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *reports_most_common(const char **values, size_t n, size_t *count)
{
	const char *best = NULL;
	size_t i = 0;

	*count = 0;
	qsort(values, n, sizeof(*values), compare_string);
	while (i < n) {
		size_t j = i + 1;
		while (j < n && strcmp(values[j], values[i]) == 0)
			j++;
		/* Strictly more, so the first (smallest) of equal runs wins. */
		if (j - i > *count) {
			*count = j - i;
			best = values[i];
		}
		i = j;
	}
	return best;
}

int reports_compliance_rank(enum compliance_state s)
{
	switch (s) {
	case COMPLIANCE_COMPLIANT:
		return 0;
	case COMPLIANCE_EXPIRING:
		return 1;
	case COMPLIANCE_TRAINING:
		return 2;
	case COMPLIANCE_OVERDUE:
		return 3;
	case COMPLIANCE_NEVER:
		return 4;
	}
	return 4;
}

char *reports_key(const char *label)
{
	struct strbuf sb;
	bool gap = false;

	strbuf_init(&sb);
	for (const char *p = label; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && sb.len)
				strbuf_addc(&sb, '_');
			strbuf_addc(&sb, c);
			gap = false;
		} else {
			gap = true;
		}
	}
	return strbuf_detach(&sb);
}

/* v rounded half away from zero to a whole number of 1/scale, written with
 * digits decimals into out; a value that rounds to 0 is "0.00", never
 * "-0.00". Made by hand: a long report writes thousands of these. */
static char *fixed_into(double v, unsigned long long scale, int digits,
                        char out[REPORTS_NUMBER_SIZE])
{
	double scaled = v * (double)scale;
	long long k = (long long)(scaled + (scaled < 0 ? -0.5 : 0.5));
	unsigned long long a = (unsigned long long)(k < 0 ? -k : k);
	char *p = out;

	if (k < 0)
		*p++ = '-';
	p = util_put_digits(p, a / scale, 1);
	*p++ = '.';
	p = util_put_digits(p, a % scale, digits);
	*p = '\0';
	return out;
}

static char *fmt_fixed(double v, unsigned long long scale, int digits)
{
	char buf[REPORTS_NUMBER_SIZE];

	return xstrdup(fixed_into(v, scale, digits, buf));
}

char *reports_fmt1(double v)
{
	return fmt_fixed(v, 10, 1);
}

char *reports_fmt1_into(double v, char out[REPORTS_NUMBER_SIZE])
{
	return fixed_into(v, 10, 1, out);
}

char *reports_fmt_count(long long v, char out[REPORTS_NUMBER_SIZE])
{
	*util_put_int(out, v) = '\0';
	return out;
}

char *reports_fmt2(double v)
{
	return fmt_fixed(v, 100, 2);
}

char *reports_fmt_seconds(double v)
{
	return xasprintf("%lld", (long long)(v + (v < 0 ? -0.5 : 0.5)));
}

double reports_percent(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0;
}
