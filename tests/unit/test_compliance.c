/*
 * The compliance rules at their boundaries, with a clock passed in: the
 * second of expiry, a new major version and its grace period, a minor
 * correction, a pass without an acknowledgement and the reverse (in
 * training, then overdue once the step done runs out).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "clock.h"
#include "compliance.h"

static time_t at(const char *iso)
{
	time_t t = 0;
	assert_int_equal(clock_parse(iso, &t), 0);
	return t;
}

static const struct compliance_version v1_only[] = {{"1.0", false, 0}};

static void test_never_trained(void **state)
{
	struct compliance_facts f = {.versions = v1_only, .nversions = 1, .valid_months = 12};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-03-02"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_NEVER);
	assert_string_equal(compliance_state_name(r.state), "never trained");
}

static void test_compliant_until_the_second_of_expiry(void **state)
{
	struct compliance_fact ack = {"1.0", at("2026-03-02T10:00:00Z"), false};
	struct compliance_fact pass = {"1.0", at("2026-03-01T09:30:00Z"), false};
	struct compliance_facts f = {.versions = v1_only,
	                             .nversions = 1,
	                             .valid_months = 12,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	/* The earlier of the two (the pass) decides: 2027-03-01T09:30:00Z. */
	compliance_evaluate(&f, at("2026-06-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);
	assert_int_equal(r.until, at("2027-03-01T09:30:00Z"));
	assert_string_equal(r.reason, "");

	/* 30 days before: expiring, and says when. */
	compliance_evaluate(&f, at("2027-01-30T09:30:00Z"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_EXPIRING);
	assert_string_equal(r.reason, "runs out on 2027-03-01");
	compliance_evaluate(&f, at("2027-01-30T09:29:59Z"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);

	/* The day of expiry: still compliant one second before, not at it. */
	compliance_evaluate(&f, at("2027-03-01T09:29:59Z"), 0, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);
	assert_int_equal(r.until, at("2027-03-01T09:30:00Z"));
	compliance_evaluate(&f, at("2027-03-01T09:29:59Z"), 1, &r);
	assert_int_equal(r.state, COMPLIANCE_EXPIRING);
	compliance_evaluate(&f, at("2027-03-01T09:30:00Z"), 0, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_int_equal(r.until, 0);
	assert_int_equal(r.expired, at("2027-03-01T09:30:00Z"));
	assert_string_equal(r.reason, "quiz pass ran out on 2027-03-01");
}

static void test_month_end(void **state)
{
	struct compliance_fact ack = {"1.0", at("2024-02-29T12:00:00Z"), false};
	struct compliance_fact pass = {"1.0", at("2024-02-29T12:00:00Z"), false};
	struct compliance_facts f = {.versions = v1_only,
	                             .nversions = 1,
	                             .valid_months = 12,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	/* 29 February plus a year is 28 February. */
	compliance_evaluate(&f, at("2024-06-01"), 0, &r);
	assert_int_equal(r.until, at("2025-02-28T12:00:00Z"));
}

static void test_new_major_version(void **state)
{
	static const struct compliance_version versions[] = {{"1.0", false, 0}, {"2.0", false, 0}};
	struct compliance_fact ack = {"1.0", at("2026-03-02"), false};
	struct compliance_fact pass = {"1.0", at("2026-03-02"), false};
	struct compliance_facts f = {.versions = versions,
	                             .nversions = 2,
	                             .valid_months = 12,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-04-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason, "version 2.0 not acknowledged, its quiz not passed");

	/* Acknowledging 2.0 is not enough: its quiz must be passed too; until
	 * then she is in training on it. */
	struct compliance_fact ack2[] = {{"1.0", at("2026-03-02"), false},
	                                 {"2.0", at("2026-04-02"), false}};
	f.acks = ack2;
	f.nacks = 2;
	compliance_evaluate(&f, at("2026-04-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	assert_true(r.need_quiz);
	assert_string_equal(r.reason, "acknowledged version 2.0, its quiz not passed yet");

	struct compliance_fact pass2[] = {{"1.0", at("2026-03-02"), false},
	                                  {"2.0", at("2026-04-03"), false}};
	f.passes = pass2;
	f.npasses = 2;
	compliance_evaluate(&f, at("2026-04-04"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);
	assert_int_equal(r.until, at("2027-04-02"));
}

/* A major version published on 2 March with 30 days' grace: whoever was
 * compliant with 1.0 then is expiring until 1 April (to the second), then
 * overdue with the date it ran out; someone never compliant is overdue at
 * once, as is everyone when the organisation sets no grace. */
static void test_grace_after_major_version(void **state)
{
	struct compliance_version versions[] = {{"1.0", false, at("2025-01-10T08:00:00Z")},
	                                        {"2.0", false, at("2026-03-02T09:00:00Z")}};
	struct compliance_fact ack = {"1.0", at("2025-06-01"), false};
	struct compliance_fact pass = {"1.0", at("2025-06-01"), false};
	struct compliance_facts f = {.versions = versions,
	                             .nversions = 2,
	                             .valid_months = 12,
	                             .grace_days = 30,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-03-02T09:00:00Z"), 0, &r);
	assert_int_equal(r.state, COMPLIANCE_EXPIRING);
	assert_true(r.grace);
	assert_int_equal(r.until, at("2026-04-01T09:00:00Z"));
	assert_string_equal(r.reason, "version 2.0 published 2026-03-02: acknowledge and pass by "
	                              "2026-04-01");
	compliance_evaluate(&f, at("2026-04-01T08:59:59Z"), 0, &r);
	assert_int_equal(r.state, COMPLIANCE_EXPIRING);
	compliance_evaluate(&f, at("2026-04-01T09:00:00Z"), 0, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_false(r.grace);
	assert_int_equal(r.until, 0);
	assert_int_equal(r.expired, at("2026-04-01T09:00:00Z"));
	assert_string_equal(r.reason, "version 2.0 published 2026-03-02: not acknowledged nor "
	                              "passed by 2026-04-01");

	/* A minor correction after the major version keeps its deadline. */
	struct compliance_version with_minor[] = {{"1.0", false, at("2025-01-10T08:00:00Z")},
	                                          {"2.0", false, at("2026-03-02T09:00:00Z")},
	                                          {"2.1", true, at("2026-03-10T09:00:00Z")}};
	f.versions = with_minor;
	f.nversions = 3;
	compliance_evaluate(&f, at("2026-03-20"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_EXPIRING);
	assert_int_equal(r.until, at("2026-04-01T09:00:00Z"));

	/* Doing one step of the new version is in training, as for anyone. */
	struct compliance_fact acks[] = {{"1.0", at("2025-06-01"), false},
	                                 {"2.0", at("2026-03-05"), false}};
	f.acks = acks;
	f.nacks = 2;
	compliance_evaluate(&f, at("2026-03-20"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	assert_string_equal(r.reason, "acknowledged version 2.1, its quiz not passed: due by "
	                              "2026-04-01");
	/* ... but only until the grace period ends: one step does not buy a
	 * year. */
	compliance_evaluate(&f, at("2026-04-01T09:00:00Z"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_int_equal(r.expired, at("2026-04-01T09:00:00Z"));
	assert_string_equal(r.reason, "acknowledged version 2.1, its quiz not passed by "
	                              "2026-04-01");
	f.acks = &ack;
	f.nacks = 1;

	/* No grace set: overdue the day it is published. */
	f.grace_days = 0;
	compliance_evaluate(&f, at("2026-03-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason, "version 2.1 not acknowledged, its quiz not passed");
	f.grace_days = 30;
	f.versions = versions;
	f.nversions = 2;

	/* Not compliant when 2.0 was published (the pass ran out on 1 March):
	 * no grace. */
	struct compliance_fact old_pass = {"1.0", at("2025-03-01"), false};
	f.passes = &old_pass;
	compliance_evaluate(&f, at("2026-03-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason, "version 2.0 not acknowledged, its quiz not passed");

	/* Facts made after the publication do not buy a grace period. */
	struct compliance_fact late_pass = {"1.0", at("2026-03-05"), false};
	f.passes = &late_pass;
	compliance_evaluate(&f, at("2026-03-06"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);

	/* A publication time unknown (0): no grace. */
	f.passes = &pass;
	versions[1].published = 0;
	compliance_evaluate(&f, at("2026-03-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
}

static void test_minor_correction_keeps_acknowledgements(void **state)
{
	static const struct compliance_version minor[] = {
	        {"1.0", false, 0}, {"1.1", true, 0}, {"1.2", true, 0}};
	static const struct compliance_version then_major[] = {
	        {"1.0", false, 0}, {"1.1", true, 0}, {"2.0", false, 0}, {"2.1", true, 0}};
	struct compliance_fact ack = {"1.0", at("2026-03-02"), false};
	struct compliance_fact pass = {"1.0", at("2026-03-02"), false};
	struct compliance_facts f = {.versions = minor,
	                             .nversions = 3,
	                             .valid_months = 12,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-05-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);

	/* A major version anywhere after it breaks the chain. */
	f.versions = then_major;
	f.nversions = 4;
	compliance_evaluate(&f, at("2026-05-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason, "version 2.1 not acknowledged, its quiz not passed");

	/* A version the record never saw does not count. */
	struct compliance_fact stray = {"0.9", at("2026-03-02"), false};
	f.versions = minor;
	f.nversions = 3;
	f.acks = &stray;
	compliance_evaluate(&f, at("2026-05-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	assert_string_equal(r.reason, "quiz for version 1.2 passed, not acknowledged yet");
}

static void test_pass_without_ack_and_reverse(void **state)
{
	struct compliance_fact fact = {"1.0", at("2026-03-02T09:00:00Z"), false};
	struct compliance_facts f = {.versions = v1_only, .nversions = 1, .valid_months = 6};
	struct compliance_result r;

	(void)state;
	/* One step of the two on day 1 is training under way, not overdue:
	 * nothing was due yet. */
	f.passes = &fact;
	f.npasses = 1;
	compliance_evaluate(&f, at("2026-03-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	assert_string_equal(compliance_state_name(r.state), "in training");
	assert_false(r.need_quiz);
	assert_string_equal(r.reason, "quiz for version 1.0 passed, not acknowledged yet");
	assert_int_equal(r.until, 0);

	f.passes = NULL;
	f.npasses = 0;
	f.acks = &fact;
	f.nacks = 1;
	compliance_evaluate(&f, at("2026-03-03"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	assert_true(r.need_quiz);
	assert_string_equal(r.reason, "acknowledged version 1.0, its quiz not passed yet");

	/* The acknowledgement's period is the deadline: one second before it
	 * still in training, at it overdue, and the reason says when. */
	compliance_evaluate(&f, at("2026-09-02T08:59:59Z"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_TRAINING);
	compliance_evaluate(&f, at("2026-09-02T09:00:00Z"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_int_equal(r.expired, at("2026-09-02T09:00:00Z"));
	assert_string_equal(r.reason, "acknowledgement ran out on 2026-09-02 with the quiz for "
	                              "version 1.0 not passed");

	f.acks = NULL;
	f.nacks = 0;
	f.passes = &fact;
	f.npasses = 1;
	compliance_evaluate(&f, at("2026-10-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason,
	                    "quiz pass ran out on 2026-09-02 with version 1.0 not acknowledged");
}

static void test_latest_counts(void **state)
{
	/* An old acknowledgement ran out; a renewed one counts from its date. */
	struct compliance_fact acks[] = {{"1.0", at("2024-01-10"), false},
	                                 {"1.0", at("2025-12-01"), false}};
	struct compliance_fact passes[] = {{"1.0", at("2025-12-02"), false},
	                                   {"1.0", at("2024-01-11"), false}};
	struct compliance_facts f = {.versions = v1_only,
	                             .nversions = 1,
	                             .valid_months = 12,
	                             .acks = acks,
	                             .nacks = 2,
	                             .passes = passes,
	                             .npasses = 2};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-03-02"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);
	assert_int_equal(r.until, at("2026-12-01"));
	assert_string_equal(r.reason, "");
	compliance_evaluate(&f, at("2026-12-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_string_equal(r.reason, "acknowledgement ran out on 2026-12-01");
}

/* An acknowledgement made at a kiosk still counts, and the reason says so
 * whatever the state, so no report shows it without the mark. */
static void test_kiosk_acknowledgement_marked(void **state)
{
	struct compliance_fact ack = {"1.0", at("2026-03-02"), true};
	struct compliance_fact pass = {"1.0", at("2026-03-02"), false};
	struct compliance_facts f = {.versions = v1_only,
	                             .nversions = 1,
	                             .valid_months = 12,
	                             .acks = &ack,
	                             .nacks = 1,
	                             .passes = &pass,
	                             .npasses = 1};
	struct compliance_result r;

	(void)state;
	compliance_evaluate(&f, at("2026-06-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_COMPLIANT);
	assert_true(r.ack_kiosk);
	assert_string_equal(r.reason, "acknowledged at a kiosk, with no credential");
	compliance_evaluate(&f, at("2027-06-01"), 30, &r);
	assert_int_equal(r.state, COMPLIANCE_OVERDUE);
	assert_non_null(strstr(r.reason, "ran out on 2027-03-02; acknowledged at a kiosk"));
	ack.kiosk = false;
	compliance_evaluate(&f, at("2026-06-01"), 30, &r);
	assert_false(r.ack_kiosk);
	assert_string_equal(r.reason, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_never_trained),
	        cmocka_unit_test(test_compliant_until_the_second_of_expiry),
	        cmocka_unit_test(test_month_end),
	        cmocka_unit_test(test_new_major_version),
	        cmocka_unit_test(test_grace_after_major_version),
	        cmocka_unit_test(test_minor_correction_keeps_acknowledgements),
	        cmocka_unit_test(test_pass_without_ack_and_reverse),
	        cmocka_unit_test(test_latest_counts),
	        cmocka_unit_test(test_kiosk_acknowledgement_marked),
	};
	return cmocka_run_group_tests_name("compliance", tests, NULL, NULL);
}
