/*
 * One record, every view: a fixture record on the shipped courses (a pass,
 * a policy pass that has expired, a failure, lessons being read, a quiz
 * under way, a duty started) is read through progress, courses, report
 * learners, report learner, report programme and report handover, and
 * each must say the same about where every learner stands.
 */
#include "catalog.h"
#include "fixture.h"
#include "progress.h"
#include "publish.h"
#include "store-learning.h"

#define NOW     "2026-03-02T09:00:00Z"
#define MODULES 14

static const char *const staff[] = {"Ann", "Bob", "Cy"};
#define NSTAFF (sizeof(staff) / sizeof(staff[0]))

/* An attempt at module, finished with percent (passed at or above
 * pass_mark), or left open; under the clock UPSKILL_NOW says now. */
static struct catalog *loaded; /* the shipped modules, all published */

static void attempt(struct store *st, long long who, const char *module, bool policy,
                    double percent, int pass_mark, bool finish)
{
	const struct course *c = catalog_find(loaded, module);
	const char *version, *policy_version;
	long long id;
	char *err = NULL;

	assert_non_null(c);
	/* The shipped file's own versions, as a quiz on it records them. */
	version = c->version;
	policy_version = policy ? c->policy->version : NULL;
	assert_int_equal(store_attempt_start(st, who, module, version, c->sha256, policy_version, 1,
	                                     "", &id, &err),
	                 0);
	if (finish)
		assert_int_equal(store_attempt_finish(st, id, version, c->sha256, percent / 10, 10,
		                                      percent, percent >= pass_mark, NULL, &err),
		                 0);
}

static int setup(void **state)
{
	struct session_fixture *f = xcalloc(1, sizeof(*f));
	struct store *st;
	long long id[NSTAFF], cat_id;
	char *err = NULL, *out;

	fixture_dir(f, "progress");
	fixture_open(f, "courses");
	/* A test record (hooks.h) that begins fourteen months ago. */
	setenv("UPSKILL_NOW", "2025-01-05T10:00:00Z", 1);
	st = session_store(f->s, &err);
	assert_non_null(st);
	assert_int_equal(store_learner_add(st, "Cat", ROLE_CONSULTANT, 0, &cat_id, &err), 0);
	for (size_t i = 0; i < NSTAFF; i++)
		assert_int_equal(store_learner_add(st, staff[i], ROLE_STAFF, 0, &id[i], &err), 0);
	loaded = session_catalog(f->s, &err);
	assert_non_null(loaded);
	for (size_t m = 0; m < loaded->ncourses; m++)
		assert_int_equal(publish_course(st, cat_id, loaded->courses[m], NULL, &err), 0);

	/* Ann passed the policy fourteen months ago: expired now. */
	attempt(st, id[0], "policy-basics", true, 100, 80, true);
	setenv("UPSKILL_NOW", NOW, 1);
	attempt(st, id[0], "strategy-foundations", false, 85, 70, true);
	attempt(st, id[0], "voice-authenticity", false, 40, 70, true);
	/* Bob: two passes, a policy pass, lessons being read, a quiz under way. */
	attempt(st, id[1], "strategy-foundations", false, 60, 70, true);
	attempt(st, id[1], "strategy-foundations", false, 95, 70, true);
	attempt(st, id[1], "engagement-rhythm", false, 90, 70, true);
	attempt(st, id[1], "policy-basics", true, 100, 80, true);
	assert_int_equal(
	        store_lesson_set(st, id[1], "strategy-outside-help", 1, 4, false, 120, &err), 0);
	attempt(st, id[1], "engagement-review", false, 0, 70, false);
	/* Cy has done nothing. Bob is observing the scheduled posts. */
	fixture_sign_in(f, "Cat");
	out = fixture_run(f, "duty stage Bob scheduled-posts observing");
	free(out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct session_fixture *f = *state;

	fixture_close(f);
	unsetenv("UPSKILL_NOW");
	free(f);
	return 0;
}

/* A learner's standing as `progress` shows it: each module's status and
 * best, and the count it prints. */
struct seen {
	char status[MODULES][32];
	char module[MODULES][40];
	int best[MODULES]; /* -1 for "-" */
	size_t passed, in_progress, not_started;
};

static void read_progress(struct session_fixture *f, const char *name, struct seen *v)
{
	char *out, *line, *save = NULL;
	size_t n = 0, count = 0, of = 0, col = 0;

	memset(v, 0, sizeof(*v));
	fixture_sign_in(f, name);
	out = fixture_run(f, "progress");
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char status[17], best[16];
		if (strncmp(line, "MODULE ", 7) == 0) {
			col = (size_t)(strstr(line, "STATUS") - line);
			continue;
		}
		if (strstr(line, "modules passed;")) {
			assert_int_equal(sscanf(strchr(line, ']') + 1, " %zu of %zu", &count, &of),
			                 2);
			continue;
		}
		/* Module rows, between the header and the count; a wrapped note
		 * goes on in lines that start with spaces. */
		if (!col || of || line[0] == ' ' || strlen(line) < col)
			continue;
		assert_true(n < MODULES);
		snprintf(v->module[n], sizeof(v->module[n]), "%.*s", (int)strcspn(line, " "), line);
		snprintf(status, sizeof(status), "%.*s",
		         (int)(strstr(line + col, "  ") - line - col), line + col);
		snprintf(v->status[n], sizeof(v->status[n]), "%s", status);
		assert_int_equal(sscanf(strstr(line + col, "  "), "%15s", best), 1);
		v->best[n] = strcmp(best, "-") == 0 ? -1 : atoi(best);
		if (strcmp(status, "passed") == 0)
			v->passed++;
		else if (strcmp(status, "not started") == 0 || strcmp(status, "locked") == 0)
			v->not_started++;
		else
			v->in_progress++;
		n++;
	}
	assert_int_equal(n, MODULES);
	assert_int_equal(of, MODULES);
	assert_int_equal(count, v->passed);
	free(out);
}

/* How many modules `courses` shows as passed for the signed-in learner. */
static size_t courses_passed(struct session_fixture *f)
{
	char *out = fixture_run(f, "courses"), *p = out;
	size_t n = 0;

	/* "passed 95% on 2026-03-02", wherever the table wrapped it. */
	while ((p = strstr(p, "passed "))) {
		p += 7;
		n += *p >= '0' && *p <= '9' && strstr(p, "% on ") == strchr(p, '%');
	}
	free(out);
	return n;
}

/* The CSV field col (from 0) of the row starting with name. */
static char *csv_field(const char *csv, const char *name, int col)
{
	const char *row = csv;
	size_t len = strlen(name);

	while (row && !(strncmp(row, name, len) == 0 && row[len] == ','))
		row = (row = strchr(row, '\n')) ? row + 1 : NULL;
	assert_non_null(row);
	for (int i = 0; i < col; i++)
		row = strchr(row, ',') + 1;
	return xstrndup(row, strcspn(row, ",\r\n"));
}

static void test_every_view_agrees(void **state)
{
	struct session_fixture *f = *state;
	struct seen v[NSTAFF];
	char *learners, *programme, *handover;

	for (size_t i = 0; i < NSTAFF; i++) {
		read_progress(f, staff[i], &v[i]);
		assert_int_equal(courses_passed(f), v[i].passed);
	}
	/* The fixture's standings, as progress shows them. */
	assert_int_equal(v[0].passed, 1); /* the expired policy pass is not counted */
	assert_int_equal(v[0].in_progress, 2);
	assert_int_equal(v[1].passed, 3);
	assert_int_equal(v[1].in_progress, 2);
	assert_int_equal(v[2].passed, 0);
	assert_int_equal(v[2].not_started, MODULES);

	fixture_sign_in(f, "Cat");
	learners = fixture_run(f, "report learners --format csv");
	programme = fixture_run(f, "report programme --format csv");
	handover = fixture_run(f, "report handover --format csv");
	for (size_t i = 0; i < NSTAFF; i++) {
		char *passed = csv_field(learners, staff[i], 1);
		char *doing = csv_field(learners, staff[i], 2);
		char *todo = csv_field(learners, staff[i], 3);
		char *percent = csv_field(programme, staff[i], 6);
		char *line = xasprintf("report learner %s --format json", staff[i]);
		char *history = fixture_run(f, line);
		char *want = xasprintf("\"modules_passed\": %zu,", v[i].passed);
		size_t done = 0;

		assert_int_equal(atoi(passed), v[i].passed);
		assert_int_equal(atoi(doing), v[i].in_progress);
		assert_int_equal(atoi(todo), v[i].not_started);
		/* The programme holds every module: its stage counts add up to
		 * the same passes. */
		for (int g = 1; g <= 5; g++) {
			char *stage = csv_field(programme, staff[i], g);
			done += (size_t)atoi(stage);
			free(stage);
		}
		assert_int_equal(done, v[i].passed);
		assert_float_equal(atof(percent), 100.0 * (double)v[i].passed / MODULES, 0.05);
		if (!strstr(history, want))
			fail_msg("report learner %s: no [%s] in %s", staff[i], want, history);
		free(passed);
		free(doing);
		free(todo);
		free(percent);
		free(line);
		free(history);
		free(want);
	}
	/* Readiness reads the same best scores as progress shows: Bob's 95 on
	 * strategy-foundations and 90 on engagement-rhythm pass the duty's
	 * minimums, so neither is still needed. */
	{
		char *needs = csv_field(handover, "Bob", 5);
		for (size_t m = 0; m < MODULES; m++) {
			char *mention = xasprintf("needs '%s' passed", v[1].module[m]);
			if (strstr(needs, mention) && v[1].best[m] >= 0) {
				char *best = xasprintf("(best %d%%)", v[1].best[m]);
				assert_non_null(strstr(strstr(needs, mention), best));
				free(best);
			}
			free(mention);
		}
		assert_null(strstr(needs, "strategy-foundations"));
		assert_null(strstr(needs, "engagement-rhythm"));
		free(needs);
	}
	free(learners);
	free(programme);
	free(handover);
}

/* Modules, programmes and duties are picked as commands are: the exact
 * name, else a unique prefix, else "ambiguous" naming the candidates. */
static void test_one_prefix_rule(void **state)
{
	struct session_fixture *f = *state;
	char *out;

	fixture_sign_in(f, "Cat");
	fixture_fails(f, "show policy",
	              "ambiguous module 'policy': could be policy-accounts, "
	              "policy-basics");
	fixture_fails(f, "show polcy-basics",
	              "no module 'polcy-basics' (did you mean "
	              "'policy-basics'?)");
	out = fixture_run(f, "show policy-b");
	assert_non_null(strstr(out, "policy-basics"));
	free(out);
	out = fixture_run(f, "report programme week --format csv");
	assert_non_null(strstr(out, "learner,day_1_strategy"));
	free(out);
	fixture_fails(f, "report programme nosuch", "no programme 'nosuch' (one of: week-setup)");
	fixture_fails(f, "duty log Bob s 'x'", "ambiguous duty 's' ('duty list' shows them)");
	out = fixture_run(f, "duty log Bob sched 'first session'");
	assert_non_null(strstr(out, "logged a supervised session"));
	free(out);
}

/* A command that reads the list and then needs the modules whole (progress
 * with refreshers due does) still holds modules of the list: the session
 * keeps the list until the command ends (session_run), where replacing it
 * used to free them under the command (ASan, under make check, says so). */
static int upgrade_midway(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *list = session_catalog_list(s, err), *whole;
	const struct course *held;

	(void)args;
	assert_non_null(list);
	assert_true(list->ncourses > 0);
	held = list->courses[0];
	whole = session_catalog(s, err);
	assert_non_null(whole);
	assert_ptr_not_equal(whole, list);
	assert_int_equal(s->nretired, 1);
	assert_string_equal(held->id, whole->courses[0]->id);
	assert_string_equal(held->title, whole->courses[0]->title);
	return 0;
}

/* Everyone comes sorted as COLLATE NOCASE sorts names on both engines:
 * ASCII letters folded, then bytes ("_" before letters, "É" after them),
 * whatever order they were added in (store-facts.c sorts them itself). */
static void test_everyone_in_name_order(void **state)
{
	static const char *const added[] = {"zed", "\xc3\x89va", "Adam", "_under", "bo", "ada"};
	static const char *const sorted[] = {"_under", "ada", "Adam", "Ann",       "bo",
	                                     "Bob",    "Cy",  "zed",  "\xc3\x89va"};
	struct session_fixture *f = *state;
	struct progress p = {0};
	struct store *st;
	char *err = NULL;
	long long id;

	st = session_store(f->s, &err);
	assert_non_null(st);
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		assert_int_equal(store_learner_add(st, added[i], ROLE_STAFF, 0, &id, &err), 0);
	assert_int_equal(progress_load_facts(st, NULL, 0, 0, NULL, &p, &err), 0);
	assert_int_equal(p.npeople, sizeof(sorted) / sizeof(sorted[0]));
	for (size_t i = 0; i < p.npeople; i++)
		assert_string_equal(p.people[i].name, sorted[i]);
	progress_release(&p);
}

static void test_list_kept_while_command_runs(void **state)
{
	struct session_fixture *f = *state;
	struct session *s = session_new(f->db, "courses", f->out);
	char *err = NULL;

	assert_int_equal(session_run(s, upgrade_midway, NULL, &err), 0);
	assert_int_equal(s->nretired, 0);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_every_view_agrees, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_one_prefix_rule, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_everyone_in_name_order, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_list_kept_while_command_runs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
