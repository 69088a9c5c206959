/*
 * Tests for clock.c's reading of ISO times: the two layouts the record
 * writes, and everything else refused; and its writing of them, by hand
 * from 1970 to 9999, the same as gmtime_r and strftime give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "clock.h"

static void test_parse_layouts(void **state)
{
	time_t t = 1;

	(void)state;
	assert_int_equal(clock_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(clock_parse("2026-03-02T10:20:30Z", &t), 0);
	assert_int_equal(t, 1772446830);
	assert_int_equal(clock_parse("2024-02-29", &t), 0);
	assert_int_equal(t, 1709164800);
	assert_int_equal(clock_parse("1999-12-31T23:59:60Z", &t), 0);
	assert_int_equal(t, 946684800);
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
	        "",
	        "2026-03-02T10:20:30",
	        "2026-03-02 10:20:30Z",
	        "2026-03-02T10:20:30ZZ",
	        "2026/03/02",
	        "2026-3-02T10:20:30Z",
	        "20x6-03-02",
	        "2026-0a-02",
	        "2026-03-0 ",
	        "2026-13-01",
	        "2026-00-01",
	        "2026-03-00",
	        "2026-03-32",
	        "2026-03-02T24:00:00Z",
	        "2026-03-02T23:60:00Z",
	        "2026-03-02T23:59:61Z",
	        "2026-03-02T-1:00:00Z",
	        "+026-03-02",
	        "2026-03-02T10:2:30Z ",
	};
	time_t t = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (clock_parse(bad[i], &t) != -1)
			fail_msg("'%s' was read as a time", bad[i]);
		assert_int_equal(t, 7);
	}
}

/* clock_parse_near over a run of times, good and bad, most of one day or
 * after one: whatever the day kept says, each reads as clock_parse reads
 * it alone. */
static void test_parse_near_as_alone(void **state)
{
	static const char *const run[] = {
	        "2026-03-02T10:20:30Z",
	        "2026-03-02T10:20:31Z",
	        "2026-03-02",
	        "2026-03-02T24:00:00Z",
	        "2026-03-02T23:59:60Z",
	        "2026-03-02T10:20:30",
	        "2026-03-03T00:00:00Z",
	        "2026-03-02T00:00:00Z",
	        "2026-03-32T00:00:00Z",
	        "2026-03-02T00:00:00Z",
	        "2026-03-0",
	        "2026-03-02T1x:00:00Z",
	        "2024-02-29T12:00:00Z",
	        "2024-02-29",
	        "2026-03-02 10:20:30Z",
	        "2026-03-02T10:20:30Z",
	        "1970-01-01T00:00:00Z",
	        "",
	        "1970-01-01T00:00:01Z",
	        "9999-12-31T23:59:59Z",
	        "9999-12-31T23:59:59ZZ",
	};
	struct clock_day day = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(run) / sizeof(*run); i++) {
		time_t alone = 7, near = 7;
		int a = clock_parse(run[i], &alone), n = clock_parse_near(&day, run[i], &near);
		if (a != n || alone != near)
			fail_msg("'%s' (after '%s'): alone %d %lld, near %d %lld", run[i],
			         i ? run[i - 1] : "", a, (long long)alone, n, (long long)near);
	}
}

/* clock_iso and clock_date at t, against gmtime_r and strftime. */
static void check_written(time_t t)
{
	char iso[32], date[32], want_iso[32], want_date[32], small[8], want_small[8];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(want_iso, sizeof(want_iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(want_date, sizeof(want_date), "%Y-%m-%d", &tm);
	clock_iso(t, iso, sizeof(iso));
	clock_date(t, date, sizeof(date));
	if (strcmp(iso, want_iso) != 0 || strcmp(date, want_date) != 0)
		fail_msg("%lld written as %s and %s, not %s and %s", (long long)t, iso, date,
		         want_iso, want_date);
	/* A buffer too small is strftime's to deal with, as before. */
	memset(small, 'x', sizeof(small));
	memset(want_small, 'x', sizeof(want_small));
	clock_date(t, small, sizeof(small));
	strftime(want_small, sizeof(want_small), "%Y-%m-%d", &tm);
	assert_memory_equal(small, want_small, 1);
}

static void test_written_as_gmtime(void **state)
{
	static const long long edges[] = {
	        0,          86399,      86400,        951782399,    951782400,
	        951868799,  951868800,  4107542399,   4107542400,   4107628800,
	        1767225599, 1767225600, 253402214400, 253402300799, 253402300800,
	        -1,         -86400,     -62135596800,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(*edges); i++)
		check_written((time_t)edges[i]);
	/* Every day of 1970 to 2500 at a second that moves through the day,
	 * and steps of some 11 days to 9999. */
	for (long long t = 0; t < 16725225600LL; t += 86400 + 3607)
		check_written((time_t)t);
	for (long long t = 16725225600LL; t <= 253402300799LL; t += 951161)
		check_written((time_t)t);
}

/* A month on, against the same sum done with gmtime_r's fields. */
static void test_add_months_as_gmtime(void **state)
{
	(void)state;
	for (long long t = 0; t < 4102444800LL; t += 86400 * 3 + 7201) {
		time_t tt = (time_t)t, got = clock_add_months(tt, 12);
		struct tm tm;
		char want[32], have[32];

		gmtime_r(&tt, &tm);
		/* The same date a year on, or the month's last day. */
		tm.tm_year++;
		if (tm.tm_mon == 1 && tm.tm_mday == 29)
			tm.tm_mday = 28 + ((tm.tm_year + 1900) % 4 == 0 &&
			                   ((tm.tm_year + 1900) % 100 != 0 ||
			                    (tm.tm_year + 1900) % 400 == 0));
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		clock_iso(got, have, sizeof(have));
		if (strcmp(want, have) != 0)
			fail_msg("%lld plus 12 months: %s, not %s", t, have, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_layouts),
	        cmocka_unit_test(test_parse_refuses),
	        cmocka_unit_test(test_parse_near_as_alone),
	        cmocka_unit_test(test_written_as_gmtime),
	        cmocka_unit_test(test_add_months_as_gmtime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
