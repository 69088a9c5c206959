/*
 * Look-alike names: the skeleton of each kind of homoglyph in the map, and
 * names that only resemble each other in spelling staying apart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "lookalike.h"

static void skeleton_is(const char *name, const char *want)
{
	char *got = lookalike_skeleton(name);

	assert_string_equal(got, want);
	free(got);
}

static void test_skeleton(void **state)
{
	(void)state;
	skeleton_is("Anna", "anna");
	skeleton_is("\xd0\x90nna", "anna"); /* Cyrillic А */
	/* Cyrillic Р and е; т is not in the map (it is drawn unlike t). */
	skeleton_is("\xd0\xa0\xd0\xb5\xd1\x82\xd0\xb5r", "pe\xd1\x82"
	                                                 "er");
	skeleton_is("\xce\x9f\xce\xbfps", "oops"); /* Greek Ο, ο */
	skeleton_is("B0b", "bob");
	skeleton_is("A1 Ixl", "al lxl");
	skeleton_is("Ca\xc4\xb1n", "caln");                           /* dotless i */
	skeleton_is("\xef\xbc\xa1nn", "ann");                         /* fullwidth A */
	skeleton_is("Ma\xe2\x80\x8brk Bu\xe2\x80\x8brn", "mark bum"); /* zero-width spaces; rn */
	skeleton_is("  Jo \xc2\xa0  Li ", "jo ll");
	skeleton_is("Zo\xc3\xab", "zo\xc3\xab"); /* ë is not in the map */
}

static void test_is(void **state)
{
	(void)state;
	assert_true(lookalike_is("Anna", "\xd0\x90nna"));
	assert_true(lookalike_is("Carl", "CarI"));
	assert_true(lookalike_is("Marn", "Mam"));
	assert_true(lookalike_is("Jo Li", "Jo  Li"));
	assert_false(lookalike_is("Anna", "Anna"));
	assert_false(lookalike_is("Anna", "Anne"));
	assert_false(lookalike_is("Zo\xc3\xab", "Zoe"));
	assert_false(lookalike_is("Jo Li", "JoLi"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_skeleton),
	        cmocka_unit_test(test_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
