/*
 * The JSON reader: values of every kind, escapes and surrogate pairs, and
 * the inputs it must refuse (trailing text, duplicate keys, NUL, bad UTF-8,
 * control characters, deep nesting, numbers out of shape).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

static struct json *parse(const char *text)
{
	char *err = NULL;
	struct json *j = json_parse(text, strlen(text), &err);

	free(err);
	return j;
}

static void test_values(void **state)
{
	struct json *j = parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"\\\\\\/\\n"
	                       "\\u00e9\\ud83d\\ude00\", \"n\": 42, \"o\": {}} ");
	const struct json *a;
	uint64_t n;

	(void)state;
	assert_non_null(j);
	assert_int_equal(j->type, JSON_OBJECT);
	a = json_get(j, "a");
	assert_non_null(a);
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->n, 5);
	assert_string_equal(a->items[1].text, "-2.5e3");
	assert_int_equal(a->items[2].type, JSON_TRUE);
	assert_int_equal(a->items[4].type, JSON_NULL);
	assert_string_equal(json_get_string(j, "s"), "x\"\\/\n\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(json_get_uint(j, "n", &n), 0);
	assert_int_equal(n, 42);
	/* Not whole numbers, or not numbers. */
	assert_int_equal(json_get_uint(j, "s", &n), -1);
	assert_int_equal(json_get_uint(j, "missing", &n), -1);
	assert_null(json_get_string(j, "n"));
	assert_int_equal(json_get(j, "o")->n, 0);
	json_free(j);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
	        "",
	        "{",
	        "{\"a\":1} x",
	        "{\"a\":1,\"a\":2}",
	        "\"\\u0000\"",
	        "\"\xff\"",
	        "\"a\nb\"",
	        "\"\\ud800\"",
	        "\"\\udc00\"",
	        "\"\\q\"",
	        "01",
	        "1.",
	        "-",
	        "[1,]",
	        "{\"a\" 1}",
	        "tru",
	        "[1 2]",
	};
	struct strbuf deep;
	char *err = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct json *j = json_parse(bad[i], strlen(bad[i]), &err);
		if (j)
			fail_msg("accepted [%s]", bad[i]);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	strbuf_init(&deep);
	for (int i = 0; i < 1000; i++)
		strbuf_addc(&deep, '[');
	assert_null(json_parse(deep.buf, deep.len, &err));
	assert_non_null(strstr(err, "nested too deep"));
	free(err);
	err = NULL;
	strbuf_release(&deep);
	/* A NUL byte inside the length is no JSON either. */
	assert_null(json_parse("[1]\0", 4, &err));
	free(err);
	/* Large whole numbers are refused rather than wrapped. */
	{
		struct json *j = parse("{\"n\": 99999999999999999999}");
		uint64_t n;
		assert_non_null(j);
		assert_int_equal(json_get_uint(j, "n", &n), -1);
		json_free(j);
	}
	json_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_values),
	        cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
