/*
 * Tests for clock.c's reading of ISO times: the two layouts the record
 * writes, and everything else refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_layouts),
	        cmocka_unit_test(test_parse_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
