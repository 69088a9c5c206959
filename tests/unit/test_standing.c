/*
 * The standing rules at their boundaries, with facts made by hand and a
 * clock passed in: each state, the second a policy pass expires, the three
 * named rules of "passed", prerequisites, counts, the next module, and a
 * programme's stages and "on track".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "clock.h"
#include "standing.h"

static time_t at(const char *iso)
{
	time_t t = 0;
	assert_int_equal(clock_parse(iso, &t), 0);
	return t;
}

/* The structs hold char *; these literals are never written to. */
#define S(text) ((char *)(text))

static struct policy policy = {.version = S("1.0"), .valid_months = 12};
static char *needs_basics[] = {S("basics")};

/* basics (10 questions, 3 attempts), rules (a policy, unlimited attempts,
 * draws 4), advanced (needs basics). */
static struct course basics = {
        .id = S("basics"),
        .version = S("2.0"),
        .npages = 3,
        .quiz = {.pass_mark = 70, .attempts = 3, .nquestions = 10},
};
static struct course rules = {
        .id = S("rules"),
        .version = S("1.0"),
        .npages = 1,
        .policy = &policy,
        .quiz = {.pass_mark = 80, .draw = 4, .nquestions = 6},
};
static struct course advanced = {
        .id = S("advanced"),
        .version = S("1.0"),
        .npages = 2,
        .requires = needs_basics,
        .nrequires = 1,
        .quiz = {.pass_mark = 70, .nquestions = 5},
};

static void test_not_started_and_reading(void **state)
{
	struct standing_facts f = {0};
	struct standing s;

	(void)state;
	standing_module(&basics, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_NOT_STARTED);
	assert_false(s.started);
	assert_int_equal(s.pages, 3);
	assert_int_equal(s.questions, 10);
	assert_string_equal(standing_state_name(s.state), "not started");

	f.lesson = true;
	f.page = 1;
	f.seconds = 90;
	standing_module(&basics, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_READING);
	assert_true(s.started);
	assert_int_equal(s.page, 1);
	assert_int_equal(s.seconds, 90);
	assert_false(s.passed_ever || s.passed_valid || s.passed_current);
}

static void test_quiz_open(void **state)
{
	struct standing_rare open = {.answered = 2};
	struct standing_facts f = {.lesson = true, .read_all = true, .open = true, .rare = &open};
	struct standing s;

	(void)state;
	/* No stored plan to read: the quiz's own count, here its draw. */
	standing_module(&rules, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_QUIZ_OPEN);
	assert_int_equal(s.answered, 2);
	assert_int_equal(s.questions, 4);
	assert_false(s.scored);
}

static void test_failed_until_the_last_attempt(void **state)
{
	time_t used[40];
	struct standing_facts f = {
	        .finished = 2, .best = 60, .last = 50, .used_more = used + 1, .nused = 2};
	struct standing s;

	(void)state;
	for (size_t i = 0; i < 40; i++)
		used[i] = at("2026-03-01");
	f.used_first = used[0];
	standing_module(&basics, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_FAILED);
	assert_int_equal(s.attempts_left, 1);
	assert_false(s.locked_out);
	assert_true(s.scored);
	assert_float_equal(s.best_percent, 60, 1e-9);
	assert_float_equal(s.last_percent, 50, 1e-9);
	f.finished = 3;
	f.nused = 3;
	standing_module(&basics, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_NO_ATTEMPTS);
	assert_true(s.locked_out);
	assert_int_equal(s.attempts_left, 0);
	assert_true(standing_is_failed(&s));
	/* Unlimited attempts never run out. */
	f.finished = 40;
	f.nused = 40;
	standing_module(&advanced, &f, at("2026-03-02"), &s);
	assert_int_equal(s.state, STANDING_FAILED);
	assert_false(s.locked_out);
}

/* A module without a policy never runs out: its one period is the whole
 * record, and a grant raises the allowance for good. */
static void test_grants_free_the_locked_out(void **state)
{
	time_t used[] = {at("2026-03-02T10:00:00Z"), at("2026-03-02T10:10:00Z"),
	                 at("2026-03-02T10:20:00Z"), at("2026-03-02T12:00:00Z")};
	struct standing_grant grants[] = {{at("2026-03-02T11:00:00Z"), 1}};
	struct standing_rare granted = {.grants = grants, .ngrants = 1};
	struct standing_facts f = {
	        .finished = 3, .used_first = used[0], .used_more = used + 1, .nused = 3};
	struct standing s;

	(void)state;
	standing_module(&basics, &f, at("2027-06-01"), &s);
	assert_true(s.locked_out);
	assert_int_equal(s.period_start, 0);
	f.rare = &granted;
	standing_module(&basics, &f, at("2027-06-01"), &s);
	assert_false(s.locked_out);
	assert_int_equal(s.state, STANDING_FAILED);
	assert_int_equal(s.granted, 1);
	assert_int_equal(s.attempts_left, 1);
	/* The fourth attempt, failed: locked out again. */
	f.finished = f.nused = 4;
	standing_module(&basics, &f, at("2027-06-01"), &s);
	assert_true(s.locked_out);
	/* A pass from before the report's scope still counts: not locked out. */
	f.record_passed_at = at("2026-03-02T12:00:00Z");
	standing_module(&basics, &f, at("2027-06-01"), &s);
	assert_false(s.locked_out);
}

static void test_period_start(void **state)
{
	struct compliance_fact passes[] = {
	        {.at = at("2025-03-01T10:00:00Z")},
	        {.at = at("2025-09-01T10:00:00Z")}, /* renewed before it ran out */
	        {.at = at("2027-01-01T10:00:00Z")}, /* after a gap */
	};

	(void)state;
	assert_int_equal(standing_period_start(passes, 0, 12, at("2026-01-01")), 0);
	/* While the first pass holds, the period is the first one. */
	assert_int_equal(standing_period_start(passes, 1, 12, at("2026-02-28")), 0);
	/* To the second it ran out, a new period began. */
	assert_int_equal(standing_period_start(passes, 1, 12, at("2026-03-01T10:00:00Z")),
	                 at("2026-03-01T10:00:00Z"));
	/* A renewal keeps the period going until the renewal runs out. */
	assert_int_equal(standing_period_start(passes, 2, 12, at("2026-06-01")), 0);
	assert_int_equal(standing_period_start(passes, 2, 12, at("2026-10-01")),
	                 at("2026-09-01T10:00:00Z"));
	/* The gap's period holds after the next pass, until that runs out. */
	assert_int_equal(standing_period_start(passes, 3, 12, at("2027-06-01")),
	                 at("2026-09-01T10:00:00Z"));
	assert_int_equal(standing_period_start(passes, 3, 12, at("2028-01-02")),
	                 at("2028-01-01T10:00:00Z"));
	/* A pass still to come (a clock set back) is not counted. */
	assert_int_equal(standing_period_start(passes + 2, 1, 12, at("2026-06-01")), 0);
}

/* A policy module: the refresher, once the pass ran out, has a fresh
 * allowance; attempts and grants from the period before do not count. */
static void test_refresher_fresh_allowance(void **state)
{
	struct policy limited = {.version = S("1.0"), .valid_months = 12};
	struct course refresher = {
	        .id = S("refresher"),
	        .version = S("1.0"),
	        .npages = 1,
	        .policy = &limited,
	        .quiz = {.pass_mark = 80, .attempts = 3, .nquestions = 2},
	};
	time_t used[] = {at("2026-03-02T10:00:00Z"), at("2026-03-02T10:10:00Z"),
	                 at("2026-03-02T10:20:00Z"), at("2026-03-02T12:00:00Z"),
	                 at("2027-03-03T10:00:00Z")};
	struct standing_grant grants[] = {{at("2026-03-02T11:00:00Z"), 1}};
	struct compliance_fact passes[] = {{.version = "1.0", .at = at("2026-03-02T12:00:00Z")}};
	struct standing_rare rare = {
	        .grants = grants, .ngrants = 1, .policy_passes = passes, .npolicy_passes = 1};
	struct standing_facts f = {.finished = 4,
	                           .passes = 1,
	                           .passed_at = at("2026-03-02T12:00:00Z"),
	                           .passed_version = S("1.0"),
	                           .record_passed_at = at("2026-03-02T12:00:00Z"),
	                           .used_first = used[0],
	                           .used_more = used + 1,
	                           .nused = 4,
	                           .valid_months = 12,
	                           .rare = &rare};
	struct standing s;

	(void)state;
	standing_module(&refresher, &f, at("2026-06-01"), &s);
	assert_int_equal(s.state, STANDING_PASSED);
	assert_int_equal(s.period_attempts, 4);
	assert_int_equal(s.attempts_left, 0);
	assert_false(s.locked_out);
	/* A year on: expired, three attempts again, the grant gone with its period. */
	standing_module(&refresher, &f, at("2027-03-03"), &s);
	assert_int_equal(s.state, STANDING_EXPIRED);
	assert_int_equal(s.period_start, at("2027-03-02T12:00:00Z"));
	assert_int_equal(s.period_attempts, 0);
	assert_int_equal(s.granted, 0);
	assert_int_equal(s.attempts_left, 3);
	f.nused = 5;
	standing_module(&refresher, &f, at("2027-03-04"), &s);
	assert_int_equal(s.attempts_left, 2);
	assert_false(s.locked_out);
}

static void test_passed_rules(void **state)
{
	struct standing_facts f = {.finished = 1,
	                           .passes = 1,
	                           .best = 80,
	                           .last = 80,
	                           .passed_at = at("2026-03-02T10:00:00Z"),
	                           .passed_version = S("2.0")};
	struct standing s;

	(void)state;
	standing_module(&basics, &f, at("2030-01-01"), &s);
	assert_int_equal(s.state, STANDING_PASSED);
	assert_true(s.passed_ever && s.passed_current && s.passed_valid);
	assert_true(standing_is_passed(&s));
	assert_false(standing_is_failed(&s));
	assert_int_equal(s.expires_at, 0);
	/* Passed under an earlier version: still passed, not current. */
	f.passed_version = S("1.0");
	standing_module(&basics, &f, at("2026-03-03"), &s);
	assert_int_equal(s.state, STANDING_PASSED);
	assert_true(s.passed_ever && s.passed_valid);
	assert_false(s.passed_current);
	/* A pass wins over a later attempt under way. */
	f.open = true;
	standing_module(&basics, &f, at("2026-03-03"), &s);
	assert_int_equal(s.state, STANDING_PASSED);
}

static void test_policy_pass_expires_to_the_second(void **state)
{
	struct standing_facts f = {.finished = 1,
	                           .passes = 1,
	                           .best = 100,
	                           .last = 100,
	                           .passed_at = at("2026-03-02T10:00:00Z"),
	                           .passed_version = S("1.0"),
	                           .valid_months = 12};
	struct standing s;

	(void)state;
	standing_module(&rules, &f, at("2027-03-02T09:59:59Z"), &s);
	assert_int_equal(s.state, STANDING_PASSED);
	assert_int_equal(s.expires_at, at("2027-03-02T10:00:00Z"));
	assert_true(standing_is_passed(&s));
	standing_module(&rules, &f, at("2027-03-02T10:00:00Z"), &s);
	assert_int_equal(s.state, STANDING_EXPIRED);
	assert_true(s.passed_ever);
	assert_false(s.passed_valid);
	assert_false(standing_is_passed(&s));
}

static void test_prerequisites(void **state)
{
	const struct course *mods[] = {&basics, &advanced};
	struct standing s[2];
	struct standing_facts none = {0}, reading = {.lesson = true};
	struct standing_facts failed = {.finished = 1, .best = 10, .last = 10};
	struct standing_facts passed = {
	        .finished = 1, .passes = 1, .best = 90, .last = 90, .passed_at = at("2026-03-01")};

	(void)state;
	standing_module(&basics, &failed, at("2026-03-02"), &s[0]);
	standing_module(&advanced, &reading, at("2026-03-02"), &s[1]);
	standing_lock(mods, 2, s);
	assert_int_equal(s[1].state, STANDING_LOCKED);
	assert_string_equal(s[1].locked_by, "basics");
	assert_true(s[1].started);

	standing_module(&basics, &passed, at("2026-03-02"), &s[0]);
	standing_module(&advanced, &none, at("2026-03-02"), &s[1]);
	standing_lock(mods, 2, s);
	assert_int_equal(s[1].state, STANDING_NOT_STARTED);

	/* A prerequisite outside the modules asked about is not judged. */
	standing_module(&advanced, &none, at("2026-03-02"), &s[1]);
	standing_lock(&mods[1], 1, &s[1]);
	assert_int_equal(s[1].state, STANDING_NOT_STARTED);
}

static void test_expired_prerequisite_still_unlocks(void **state)
{
	static char *needs_rules[] = {S("rules")};
	struct course after = {
	        .id = S("after"), .version = S("1"), .requires = needs_rules, .nrequires = 1};
	const struct course *mods[] = {&rules, &after};
	struct standing_facts old = {
	        .finished = 1, .passes = 1, .best = 90, .last = 90, .passed_at = at("2020-01-01")};
	struct standing_facts none = {0};
	struct standing s[2];

	(void)state;
	standing_module(&rules, &old, at("2026-03-02"), &s[0]);
	standing_module(&after, &none, at("2026-03-02"), &s[1]);
	standing_lock(mods, 2, s);
	assert_int_equal(s[0].state, STANDING_EXPIRED);
	assert_int_equal(s[1].state, STANDING_NOT_STARTED);
}

static void test_summary(void **state)
{
	struct standing s[4] = {
	        {.started = true,
	         .passed_ever = true,
	         .passed_valid = true,
	         .scored = true,
	         .best_percent = 90,
	         .seconds = 10},
	        {.started = true,
	         .passed_ever = true,
	         .scored = true,
	         .best_percent = 70,
	         .seconds = 20},
	        {.started = true, .seconds = 5},
	        {0},
	};
	struct standing_summary sum;

	(void)state;
	standing_summarise(s, 4, &sum);
	/* The expired pass (passed ever, not valid) is in progress again. */
	assert_int_equal(sum.passed, 1);
	assert_int_equal(sum.in_progress, 2);
	assert_int_equal(sum.not_started, 1);
	assert_int_equal(sum.scored, 2);
	assert_float_equal(sum.mean_best, 80, 1e-9);
	assert_int_equal(sum.seconds, 35);
	standing_summarise(s, 0, &sum);
	assert_int_equal(sum.passed + sum.in_progress + sum.not_started, 0);
	assert_float_equal(sum.mean_best, 0, 1e-9);
}

/* A catalogue of advanced, basics, rules (sorted by id) and a programme of
 * two stages: rules, then basics and advanced. */
static char *stage1_ids[] = {S("rules")};
static char *stage2_ids[] = {S("basics"), S("advanced"), S("gone")};
static struct stage stages[] = {
        {.label = S("Day 1"), .modules = stage1_ids, .nmodules = 1},
        {.label = S("Day 2"), .modules = stage2_ids, .nmodules = 3},
};
static struct programme week = {.id = S("week"), .stages = stages, .nstages = 2};

static void test_next_stage_and_on_track(void **state)
{
	struct course *courses[] = {&advanced, &basics, &rules};
	struct programme *progs[] = {&week};
	struct catalog cat = {
	        .courses = courses, .ncourses = 3, .programmes = progs, .nprogrammes = 1};
	const struct course *const *mods = (const struct course *const *)courses;
	struct standing s[3] = {{.state = STANDING_LOCKED},
	                        {.state = STANDING_NOT_STARTED},
	                        {.state = STANDING_NOT_STARTED}};
	size_t done, total;

	(void)state;
	/* The programme's order first: rules before basics. */
	assert_ptr_equal(standing_next(&cat, s), &rules);
	s[2] = (struct standing){
	        .state = STANDING_PASSED, .passed_ever = true, .passed_valid = true};
	assert_ptr_equal(standing_next(&cat, s), &basics);
	s[1].state = STANDING_NO_ATTEMPTS;
	assert_null(standing_next(&cat, s));
	/* An expired pass is offered again. */
	s[2] = (struct standing){.state = STANDING_EXPIRED, .passed_ever = true};
	assert_ptr_equal(standing_next(&cat, s), &rules);

	/* Stages count the modules the catalogue has ('gone' is not). */
	standing_stage(&stages[1], mods, s, 3, &done, &total);
	assert_int_equal(total, 2);
	assert_int_equal(done, 0);
	assert_true(standing_on_track(&week, 0, mods, s, 3));
	assert_false(standing_on_track(&week, 1, mods, s, 3));
	s[2] = (struct standing){
	        .state = STANDING_PASSED, .passed_ever = true, .passed_valid = true};
	assert_true(standing_on_track(&week, 1, mods, s, 3));
	assert_false(standing_on_track(&week, 2, mods, s, 3));
	s[0] = s[1] = s[2];
	assert_true(standing_on_track(&week, 2, mods, s, 3));
	standing_stage(&stages[1], mods, s, 3, &done, &total);
	assert_int_equal(done, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_not_started_and_reading),
	        cmocka_unit_test(test_quiz_open),
	        cmocka_unit_test(test_failed_until_the_last_attempt),
	        cmocka_unit_test(test_grants_free_the_locked_out),
	        cmocka_unit_test(test_period_start),
	        cmocka_unit_test(test_refresher_fresh_allowance),
	        cmocka_unit_test(test_passed_rules),
	        cmocka_unit_test(test_policy_pass_expires_to_the_second),
	        cmocka_unit_test(test_prerequisites),
	        cmocka_unit_test(test_expired_prerequisite_still_unlocks),
	        cmocka_unit_test(test_summary),
	        cmocka_unit_test(test_next_stage_and_on_track),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
