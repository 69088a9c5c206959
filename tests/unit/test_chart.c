/*
 * The SVG charts: day numbers at their boundaries, labels escaped inside
 * the pictures, counts written on bars, running totals where they belong
 * and marks in their lanes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "chart.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_day(void **state)
{
	long d;

	(void)state;
	assert_true(chart_day("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(chart_day("1970-01-02T00:00:00Z", &d));
	assert_int_equal(d, 1);
	assert_true(chart_day("1969-12-31", &d));
	assert_int_equal(d, -1);
	assert_true(chart_day("2000-03-01", &d)); /* after a leap day in a year of 400 */
	assert_int_equal(d, 11017);
	assert_true(chart_day("2024-02-29", &d));
	assert_int_equal(d, 19782);
	assert_true(chart_day("2026-03-02T09:00:00Z", &d));
	assert_int_equal(d, 20514);
	assert_false(chart_day("2026-3-02", &d));
	assert_false(chart_day("2026-13-01", &d));
	assert_false(chart_day("2026-00-10", &d));
	assert_false(chart_day("", &d));
	assert_false(chart_day(NULL, &d));
	assert_false(chart_day("abcd-ef-gh", &d));
}

static void test_bars(void **state)
{
	const char *labels[] = {"<b>rules</b>", "voice"};
	const char *series[] = {"compliant", "overdue"};
	const char *colours[] = {"#1b5e20", "#b00020"};
	const long values[] = {3, 0, 1, 12};
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	chart_bars(&sb, "By \"policy\"", labels, 2, series, colours, 2, values);
	assert_true(strncmp(sb.buf, "<svg role=\"img\"", 15) == 0);
	assert_non_null(strstr(sb.buf, "<title>By &quot;policy&quot;</title>"));
	assert_null(strstr(sb.buf, "<b>"));
	assert_int_equal(count(sb.buf, "&lt;b&gt;rules&lt;/b&gt;"), 2); /* label and tooltip */
	/* Three parts drawn (a zero is not), two legend boxes. */
	assert_int_equal(count(sb.buf, "<rect"), 5);
	assert_non_null(strstr(sb.buf, ">13</text>")); /* voice's total */
	assert_non_null(strstr(sb.buf, ">12</text>"));
	assert_non_null(strstr(sb.buf, "voice: 12 overdue</title>"));
	assert_true(strcmp(sb.buf + sb.len - 7, "</svg>\n") == 0);
	strbuf_release(&sb);
}

static void test_steps(void **state)
{
	const char *days[] = {"2026-03-03T09:00:00Z", "2026-03-04T10:00:00Z", "2026-03-09"};
	const long totals[] = {2, 3, 7};
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	chart_steps(&sb, "Passes", days, totals, 3);
	assert_int_equal(count(sb.buf, "<circle"), 3);
	assert_non_null(strstr(sb.buf, "<title>2026-03-04: 3</title>"));
	assert_non_null(strstr(sb.buf, ">2026-03-03</text>"));
	assert_non_null(strstr(sb.buf, ">2026-03-09</text>"));
	assert_non_null(strstr(sb.buf, ">7</text>"));
	/* The last point is at the right end and the top: x 680, y 30. */
	assert_non_null(strstr(sb.buf, "cx=\"680.0\" cy=\"30.0\""));
	strbuf_release(&sb);

	/* One day only: drawn in the middle, with one date. */
	strbuf_init(&sb);
	chart_steps(&sb, "Passes", days, totals, 1);
	assert_int_equal(count(sb.buf, "<circle"), 1);
	assert_int_equal(count(sb.buf, "2026-03-03</text>"), 1);
	strbuf_release(&sb);
}

static void test_timeline(void **state)
{
	const char *lanes[] = {"replies: Ann", "posting: <i>Bo</i>"};
	const size_t in[] = {0, 1, 1, 1, 5};
	const char *days[] = {"2026-03-04", "2026-03-04", "2026-03-05", "2026-03-05", "2026-03-06"};
	const char *names[] = {"observing", "observing", "assisted", "handed over", "x"};
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	chart_timeline(&sb, "Moves", lanes, 2, in, days, names, 5);
	/* The mark in a lane that does not exist is left out. */
	assert_int_equal(count(sb.buf, "<circle"), 4);
	assert_int_equal(count(sb.buf, "fill=\"#1b5e20\""), 1); /* handed over */
	assert_non_null(strstr(sb.buf, "posting: &lt;i&gt;Bo&lt;/i&gt;"));
	assert_non_null(strstr(sb.buf, "<title>2026-03-05: handed over</title>"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_day),
	        cmocka_unit_test(test_bars),
	        cmocka_unit_test(test_steps),
	        cmocka_unit_test(test_timeline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
