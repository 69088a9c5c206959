/*
 * The rules of assignments at their boundaries, with the clock passed in:
 * the due day itself is still open, the next day overdue, a pass is done
 * whenever it came; and which due dates a consultant may give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "assignment.h"
#include "clock.h"

static time_t at(const char *iso)
{
	time_t t = 0;
	assert_int_equal(clock_parse(iso, &t), 0);
	return t;
}

static void test_open_through_the_due_day(void **state)
{
	(void)state;
	assert_int_equal(assignment_state("2026-03-09", false, at("2026-03-02T09:00:00Z")),
	                 ASSIGNMENT_OPEN);
	assert_int_equal(assignment_state("2026-03-09", false, at("2026-03-09T00:00:00Z")),
	                 ASSIGNMENT_OPEN);
	assert_int_equal(assignment_state("2026-03-09", false, at("2026-03-09T23:59:59Z")),
	                 ASSIGNMENT_OPEN);
	assert_string_equal(assignment_state_name(ASSIGNMENT_OPEN), "open");
}

static void test_overdue_from_the_next_day(void **state)
{
	(void)state;
	assert_int_equal(assignment_state("2026-03-09", false, at("2026-03-10T00:00:00Z")),
	                 ASSIGNMENT_OVERDUE);
	assert_int_equal(assignment_state("2026-02-28", false, at("2027-01-01T00:00:00Z")),
	                 ASSIGNMENT_OVERDUE);
	assert_string_equal(assignment_state_name(ASSIGNMENT_OVERDUE), "overdue");
}

static void test_done_whenever_passed(void **state)
{
	(void)state;
	/* Before the due date, after it, or before the assignment: done. */
	assert_int_equal(assignment_state("2026-03-09", true, at("2026-03-02T09:00:00Z")),
	                 ASSIGNMENT_DONE);
	assert_int_equal(assignment_state("2026-03-09", true, at("2026-04-01T09:00:00Z")),
	                 ASSIGNMENT_DONE);
	assert_string_equal(assignment_state_name(ASSIGNMENT_DONE), "done");
}

static void test_a_bad_row_is_never_overdue(void **state)
{
	(void)state;
	assert_int_equal(assignment_state("someday", false, at("2030-01-01T00:00:00Z")),
	                 ASSIGNMENT_OPEN);
	assert_int_equal(assignment_state(NULL, false, at("2030-01-01T00:00:00Z")),
	                 ASSIGNMENT_OPEN);
}

static void refused(const char *due, time_t now, const char *want)
{
	char *err = NULL;

	assert_int_equal(assignment_due_check("assign", due, now, &err), -1);
	assert_string_equal(err, want);
	free(err);
}

static void test_due_dates(void **state)
{
	time_t now = at("2026-03-02T23:30:00Z");
	char *err = NULL;

	(void)state;
	assert_int_equal(assignment_due_check("assign", "2026-03-02", now, &err), 0);
	assert_int_equal(assignment_due_check("assign", "2026-03-03", now, &err), 0);
	assert_int_equal(assignment_due_check("assign", "2028-02-29", now, &err), 0);
	assert_null(err);
	refused("2026-03-01", now,
	        "assign: the due date '2026-03-01' is in the past (today is 2026-03-02)");
	refused("2027-02-29", now, "assign: '2027-02-29' is not a date; write it as YYYY-MM-DD");
	refused("2026-04-31", now, "assign: '2026-04-31' is not a date; write it as YYYY-MM-DD");
	refused("2026-3-9", now, "assign: '2026-3-9' is not a date; write it as YYYY-MM-DD");
	refused("2026-03-09T00:00:00Z", now,
	        "assign: '2026-03-09T00:00:00Z' is not a date; write it as YYYY-MM-DD");
	refused("", now, "assign: give the due date, as --due YYYY-MM-DD");
	refused(NULL, now, "assign: give the due date, as --due YYYY-MM-DD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_open_through_the_due_day),
	        cmocka_unit_test(test_overdue_from_the_next_day),
	        cmocka_unit_test(test_done_whenever_passed),
	        cmocka_unit_test(test_a_bad_row_is_never_overdue),
	        cmocka_unit_test(test_due_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
