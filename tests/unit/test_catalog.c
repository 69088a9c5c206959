/*
 * Tests for the catalogue (engine/catalog.c): loading a directory in which
 * some files are broken or break each other (a missing prerequisite, a
 * cycle, a duplicate id, modules that depend on skipped ones, programmes
 * with steps that cannot be taken), lookup, completion of module ids, and
 * `validate` against an already-loaded catalogue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "course.h"
#include "util.h"

#define DIR_ "tests/courses/bad/catalog"

static int setup_catalog(void **state)
{
	char *err = NULL;

	*state = catalog_load_dir(DIR_, &err);
	if (!*state) {
		print_error("%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int teardown_catalog(void **state)
{
	catalog_free(*state);
	return 0;
}

static char *join_lines(const struct strlist *l)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < l->n; i++) {
		strbuf_adds(&sb, l->items[i]);
		strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

static void test_what_loads(void **state)
{
	const struct catalog *cat = *state;

	/* Sorted by id; the first file with id 'base' keeps it. */
	assert_int_equal(cat->ncourses, 4);
	assert_string_equal(cat->courses[0]->id, "base");
	assert_string_equal(cat->courses[0]->path, DIR_ "/a-base.xml");
	assert_string_equal(cat->courses[1]->id, "uses-base");
	assert_string_equal(cat->courses[2]->id, "voice-one");
	assert_string_equal(cat->courses[3]->id, "voice-two");
	assert_int_equal(cat->nprogrammes, 1);
	assert_string_equal(cat->programmes[0]->id, "good-plan");
	assert_string_equal(cat->programmes[0]->path, DIR_ "/k-programme.xml");
}

/* Every file left out says why; dot files and other names are not looked at. */
static void test_skip_reasons(void **state)
{
	const struct catalog *cat = *state;
	char *all = join_lines(&cat->skipped);

	assert_string_equal(
	        all,
	        DIR_ "/j-broken.xml:5: Element 'quiz': This element is not expected. Expected is "
	             "one of ( requires, lesson ).\n" DIR_
	             "/i-duplicate.xml:2: module id 'base' is already used by '" DIR_
	             "/a-base.xml'\n" DIR_
	             "/c-missing.xml:6: prerequisite 'ghost' names no module\n" DIR_
	             "/e-cycle-one.xml:6: prerequisite cycle: cycle-one -> cycle-two -> "
	             "cycle-three -> cycle-one\n" DIR_
	             "/f-cycle-two.xml:5: prerequisite cycle: cycle-two -> cycle-three -> "
	             "cycle-one -> cycle-two\n" DIR_
	             "/g-cycle-three.xml:5: prerequisite cycle: cycle-three -> cycle-one -> "
	             "cycle-two -> cycle-three\n" DIR_
	             "/d-after-missing.xml:5: prerequisite 'needs-ghost' was skipped (see '" DIR_
	             "/c-missing.xml')\n" DIR_
	             "/h-after-cycle.xml:5: prerequisite 'cycle-three' was skipped (see '" DIR_
	             "/g-cycle-three.xml')\n" DIR_
	             "/0-early.xml:5: prerequisite 'after-cycle' was skipped (see '" DIR_
	             "/h-after-cycle.xml')\n" DIR_
	             "/l-programme-bad.xml:6: programme step 'ghost-two' names no module\n" DIR_
	             "/l-programme-bad.xml:9: programme step 'after-cycle' was skipped (see '" DIR_
	             "/h-after-cycle.xml')\n" DIR_
	             "/m-programme-duplicate.xml:2: programme id 'good-plan' is already used by "
	             "'" DIR_ "/k-programme.xml'\n");
	free(all);
}

static void test_find(void **state)
{
	const struct catalog *cat = *state;

	assert_string_equal(catalog_find(cat, "voice-one")->path, DIR_ "/n-voice-one.xml");
	assert_string_equal(catalog_find(cat, "base")->id, "base");
	assert_null(catalog_find(cat, "voice")); /* exact only */
	assert_null(catalog_find(cat, "cycle-one"));
	assert_null(catalog_find(cat, "hidden"));
	assert_null(catalog_find(cat, ""));
	assert_null(catalog_find(cat, "zzz"));
	assert_string_equal(catalog_find_programme(cat, "good-plan")->path,
	                    DIR_ "/k-programme.xml");
	assert_null(catalog_find_programme(cat, "bad-plan"));
	assert_null(catalog_find_programme(cat, "base"));
}

static void test_complete(void **state)
{
	const struct catalog *cat = *state;

	assert_string_equal(catalog_complete(cat, "voice-", 0), "voice-one");
	assert_string_equal(catalog_complete(cat, "voice-", 1), "voice-two");
	assert_null(catalog_complete(cat, "voice-", 2));
	assert_string_equal(catalog_complete(cat, "v", 1), "voice-two");
	assert_string_equal(catalog_complete(cat, "voice-two", 0), "voice-two");
	assert_null(catalog_complete(cat, "voice-twos", 0));
	assert_string_equal(catalog_complete(cat, "u", 0), "uses-base");
	assert_null(catalog_complete(cat, "u", 1));
	assert_null(catalog_complete(cat, "c", 0)); /* the cycle was skipped */
	assert_null(catalog_complete(cat, "zz", 0));
	assert_null(catalog_complete(cat, "a", 0));
	/* Everything, in order, for an empty prefix. */
	assert_string_equal(catalog_complete(cat, "", 0), "base");
	assert_string_equal(catalog_complete(cat, "", 3), "voice-two");
	assert_null(catalog_complete(cat, "", 4));
	assert_null(catalog_complete(cat, "", 1000));
}

static void test_missing_directory(void **state)
{
	char *err = NULL;

	(void)state;
	assert_null(catalog_load_dir("tests/courses/no-such-dir", &err));
	assert_string_equal(err, "cannot read course directory 'tests/courses/no-such-dir': No "
	                         "such file or directory");
	free(err);
	err = NULL;
	assert_null(catalog_load_dir("tests/courses/good/example.xml", &err));
	assert_string_equal(err, "cannot read course directory 'tests/courses/good/example.xml': "
	                         "Not a directory");
	free(err);
}

/* An empty folder is an empty catalogue, not an error. */
static void test_empty_directory(void **state)
{
	char dir[] = "/tmp/upskill-test-empty-XXXXXX";
	char *err = NULL;
	struct catalog *cat;

	(void)state;
	assert_non_null(mkdtemp(dir));
	cat = catalog_load_dir(dir, &err);
	rmdir(dir);
	assert_non_null(cat);
	assert_null(err);
	assert_int_equal(cat->ncourses, 0);
	assert_int_equal(cat->nprogrammes, 0);
	assert_int_equal(cat->skipped.n, 0);
	assert_null(catalog_complete(cat, "", 0));
	catalog_free(cat);
}

/* A trailing slash does not double up in the paths of the files. */
static void test_trailing_slash(void **state)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_dir("tests/courses/good/", &err);

	(void)state;
	assert_non_null(cat);
	assert_int_equal(cat->skipped.n, 0);
	assert_string_equal(catalog_find(cat, "example-basics")->path,
	                    "tests/courses/good/example.xml");
	assert_int_equal(cat->ncourses, 4);
	assert_int_equal(cat->nprogrammes, 1);
	assert_string_equal(cat->programmes[0]->id, "good-week");
	catalog_free(cat);
}

/* The modules shipped with the program load without a single complaint. */
static void test_shipped_courses_load(void **state)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_dir("courses", &err);
	char *all;

	(void)state;
	assert_non_null(cat);
	all = join_lines(&cat->skipped);
	assert_string_equal(all, "");
	assert_true(cat->ncourses > 0);
	free(all);
	catalog_free(cat);
}

static void test_load_files(void **state)
{
	const char *const paths[] = {
	        DIR_ "/b-uses-base.xml",
	        DIR_ "/i-duplicate.xml",
	        DIR_ "/a-base.xml",
	        "tests/courses/no-such-file.xml",
	};
	struct catalog *cat = catalog_load_files(paths, 4);
	char *all = join_lines(&cat->skipped);

	(void)state;
	/* Given order decides which file keeps a duplicate id. */
	assert_int_equal(cat->ncourses, 2);
	assert_string_equal(catalog_find(cat, "base")->path, DIR_ "/i-duplicate.xml");
	assert_string_equal(catalog_find(cat, "uses-base")->path, DIR_ "/b-uses-base.xml");
	assert_string_equal(all, "tests/courses/no-such-file.xml: cannot open: No such file or "
	                         "directory\n" DIR_ "/a-base.xml:2: module id 'base' is already "
	                         "used by '" DIR_ "/i-duplicate.xml'\n");
	free(all);
	catalog_free(cat);

	cat = catalog_load_files(NULL, 0);
	assert_int_equal(cat->ncourses, 0);
	assert_int_equal(cat->skipped.n, 0);
	assert_null(catalog_complete(cat, "", 0));
	assert_null(catalog_find(cat, "base"));
	catalog_free(cat);
}

/* Validates paths against cat and returns the errors joined. */
static char *validate(const struct catalog *cat, const char *const *paths, size_t n, int want)
{
	struct strlist errors;
	char *all;

	strlist_init(&errors);
	assert_int_equal(catalog_validate(paths, n, cat, &errors), want);
	all = join_lines(&errors);
	strlist_release(&errors);
	return all;
}

static void test_validate(void **state)
{
	const struct catalog *cat = *state;
	const char *const uses_base[] = {DIR_ "/b-uses-base.xml"};
	const char *const base_twice[] = {DIR_ "/a-base.xml", DIR_ "/i-duplicate.xml"};
	const char *const cycle[] = {DIR_ "/e-cycle-one.xml", DIR_ "/f-cycle-two.xml",
	                             DIR_ "/g-cycle-three.xml"};
	const char *const broken[] = {DIR_ "/j-broken.xml", "tests/courses/good/example.xml"};
	const char *const plan[] = {DIR_ "/l-programme-bad.xml", DIR_ "/k-programme.xml"};
	char *all;

	/* A prerequisite in the shipped catalogue counts... */
	all = validate(cat, uses_base, 1, 0);
	assert_string_equal(all, "");
	free(all);
	/* ...and without one it names no module. */
	all = validate(NULL, uses_base, 1, -1);
	assert_string_equal(all, DIR_ "/b-uses-base.xml:5: prerequisite 'base' names no module\n");
	free(all);
	/* A file already in the catalogue stands in for itself, not a duplicate;
	 * two given files with one id are. */
	all = validate(cat, base_twice, 2, -1);
	assert_string_equal(all, DIR_ "/i-duplicate.xml:2: module id 'base' is already used by "
	                              "'" DIR_ "/a-base.xml'\n");
	free(all);
	all = validate(cat, cycle, 3, -1);
	assert_string_equal(all, DIR_ "/e-cycle-one.xml:6: prerequisite cycle: cycle-one -> "
	                              "cycle-two -> cycle-three -> cycle-one\n" DIR_
	                              "/f-cycle-two.xml:5: prerequisite cycle: cycle-two -> "
	                              "cycle-three -> cycle-one -> cycle-two\n" DIR_
	                              "/g-cycle-three.xml:5: prerequisite cycle: cycle-three -> "
	                              "cycle-one -> cycle-two -> cycle-three\n");
	free(all);
	/* One bad file does not hide a good one's verdict, or stop the check. */
	all = validate(NULL, broken, 2, -1);
	assert_string_equal(all, DIR_ "/j-broken.xml:5: Element 'quiz': This element is not "
	                              "expected. Expected is one of ( requires, lesson ).\n");
	free(all);
	all = validate(cat, plan, 2, -1);
	assert_string_equal(all, DIR_ "/l-programme-bad.xml:6: programme step 'ghost-two' names "
	                              "no module\n" DIR_ "/l-programme-bad.xml:9: programme step "
	                              "'after-cycle' names no module\n");
	free(all);
}

/* A new version of a known module replaces it, and whatever that breaks in
 * the known modules and programmes that depend on it is reported too. */
static void test_validate_replacement(void **state)
{
	char *err = NULL;
	struct catalog *good = catalog_load_dir("tests/courses/good", &err);
	const char *const same_files[] = {"tests/courses/good/example.xml",
	                                  "tests/courses/good/policy-module.xml",
	                                  "tests/courses/good/programme.xml"};
	const char *const needs_ghost[] = {"tests/courses/bad/replace/example-needs-ghost.xml"};
	const char *const cycle[] = {"tests/courses/bad/replace/example-cycle.xml"};
	char *all;

	(void)state;
	assert_non_null(good);
	/* Validating the very files the catalogue holds finds nothing. */
	all = validate(good, same_files, 3, 0);
	assert_string_equal(all, "");
	free(all);
	all = validate(good, needs_ghost, 1, -1);
	assert_string_equal(all, "tests/courses/bad/replace/example-needs-ghost.xml:5: "
	                         "prerequisite 'ghost' names no module\n"
	                         "tests/courses/good/policy-module.xml:5: prerequisite "
	                         "'example-basics' was skipped (see "
	                         "'tests/courses/bad/replace/example-needs-ghost.xml')\n"
	                         "tests/courses/good/programme.xml:5: programme step "
	                         "'example-basics' was skipped (see "
	                         "'tests/courses/bad/replace/example-needs-ghost.xml')\n"
	                         "tests/courses/good/programme.xml:9: programme step "
	                         "'policy-module' was skipped (see "
	                         "'tests/courses/good/policy-module.xml')\n");
	free(all);
	all = validate(good, cycle, 1, -1);
	assert_string_equal(all, "tests/courses/good/policy-module.xml:5: prerequisite cycle: "
	                         "policy-module -> example-basics -> policy-module\n"
	                         "tests/courses/bad/replace/example-cycle.xml:5: prerequisite "
	                         "cycle: example-basics -> policy-module -> example-basics\n"
	                         "tests/courses/good/programme.xml:5: programme step "
	                         "'example-basics' was skipped (see "
	                         "'tests/courses/bad/replace/example-cycle.xml')\n"
	                         "tests/courses/good/programme.xml:9: programme step "
	                         "'policy-module' was skipped (see "
	                         "'tests/courses/good/policy-module.xml')\n");
	free(all);
	catalog_free(good);
}

static int cleanup(void **state)
{
	(void)state;
	course_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_what_loads, setup_catalog, teardown_catalog),
	        cmocka_unit_test_setup_teardown(test_skip_reasons, setup_catalog, teardown_catalog),
	        cmocka_unit_test_setup_teardown(test_find, setup_catalog, teardown_catalog),
	        cmocka_unit_test_setup_teardown(test_complete, setup_catalog, teardown_catalog),
	        cmocka_unit_test(test_missing_directory),
	        cmocka_unit_test(test_empty_directory),
	        cmocka_unit_test(test_trailing_slash),
	        cmocka_unit_test(test_shipped_courses_load),
	        cmocka_unit_test(test_load_files),
	        cmocka_unit_test_setup_teardown(test_validate, setup_catalog, teardown_catalog),
	        cmocka_unit_test(test_validate_replacement),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
