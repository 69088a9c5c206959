/*
 * Tests for util.c's search for control characters, which reads eight
 * bytes at a time: it must find what a byte-by-byte reading finds, at
 * every position and at the end of the string; and for its large tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The rule, byte by byte: C0 controls and DEL, and the C1 controls, which
 * UTF-8 writes as 0xC2 0x80 to 0xC2 0x9F; those in allowed do not count. */
static const char *slow_find(const char *s, const char *allowed)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s, d = (unsigned char)s[1];
		bool control = c < 0x20 || c == 0x7f || (c == 0xc2 && d >= 0x80 && d < 0xa0);

		if (control && !(allowed && strchr(allowed, *s)))
			return s;
	}
	return NULL;
}

static void test_control_at_every_place(void **state)
{
	/* Each planted at every offset of texts 1 to 40 bytes long. */
	static const char *const plants[] = {"\x01", "\t",       "\n",       "\x1f",
	                                     "\x7f", "\xc2\x80", "\xc2\x9b", "\xc2\x9f"};
	char buf[64];

	(void)state;
	for (size_t p = 0; p < sizeof(plants) / sizeof(*plants); p++) {
		size_t plen = strlen(plants[p]);

		for (size_t len = plen; len <= 40; len++) {
			for (size_t at = 0; at + plen <= len; at++) {
				memset(buf, 'a', len);
				memcpy(buf + at, plants[p], plen);
				buf[len] = '\0';
				assert_ptr_equal(util_find_control(buf, NULL), buf + at);
				assert_ptr_equal(util_find_control(buf, NULL),
				                 slow_find(buf, NULL));
				assert_ptr_equal(util_find_control(buf, "\t"),
				                 slow_find(buf, "\t"));
			}
		}
	}
}

static void test_no_control(void **state)
{
	/* Words of 0xC2 and 0x7E, 0x20 and non-breaking spaces: near misses. */
	static const char *const clean[] = {"",
	                                    "a",
	                                    "plain text of some length, over eight bytes",
	                                    "caf\xc3\xa9 \xc2\xa0 non-breaking",
	                                    "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0",
	                                    "~~~~~~~~~~~~~~~~ ",
	                                    "\xe2\x80\x94 an em dash \xe2\x80\x94"};

	(void)state;
	for (size_t i = 0; i < sizeof(clean) / sizeof(*clean); i++)
		assert_null(util_find_control(clean[i], NULL));
	assert_null(util_find_control("tab\there, allowed", "\t"));
}

static void test_random_texts(void **state)
{
	/* Bytes drawn mostly from text, sometimes a control or a 0xC2. */
	static const unsigned char pool[] = "abc XYZ.\xc2\x80\x9f\xa0\x7f\x01\t\xe2";
	char buf[80];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(round % 70);

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)((seed >> 16) % 23 < 19
			                        ? 'a' + (seed >> 8) % 26
			                        : pool[(seed >> 4) % (sizeof(pool) - 1)]);
		}
		buf[len] = '\0';
		assert_ptr_equal(util_find_control(buf, NULL), slow_find(buf, NULL));
		assert_ptr_equal(util_find_control(buf, "\t"), slow_find(buf, "\t"));
	}
}

/* A table is zeroed and writable end to end, small (calloc) and large
 * (mapped, huge pages asked for), and freed either way. */
static void test_tables(void **state)
{
	static const size_t counts[] = {0, 1, 1000, 3u << 20, (5u << 20) + 3};

	(void)state;
	for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
		size_t n = counts[k];
		long long *t = xcalloc_table(n, sizeof(*t));

		assert_non_null(t);
		assert_int_equal((uintptr_t)t % _Alignof(max_align_t), 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(t[i], 0);
			t[i] = (long long)i;
		}
		for (size_t i = 0; i < n; i += 4099)
			assert_int_equal(t[i], (long long)i);
		xfree_table(t);
	}
	xfree_table(NULL);
}

/* A pool's strings and arrays keep their contents as more are added,
 * across blocks and past the largest block; arrays come aligned for any
 * type; a string longer than a block gets one of its own. */
static void test_strpool(void **state)
{
	struct strpool pool;
	const char *s[3000];
	long long *a[3000];
	char big[300000];

	(void)state;
	strpool_init(&pool);
	assert_null(strpool_dup(&pool, NULL));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (int i = 0; i < 3000; i++) {
		char text[32];
		snprintf(text, sizeof(text), "version %d", i);
		s[i] = i == 1500 ? strpool_dup(&pool, big) : strpool_dup(&pool, text);
		a[i] = strpool_alloc(&pool, (size_t)(i % 7 + 1) * sizeof(long long));
		assert_int_equal((uintptr_t)a[i] % _Alignof(max_align_t), 0);
		for (int k = 0; k <= i % 7; k++)
			a[i][k] = (long long)i * 10 + k;
	}
	for (int i = 0; i < 3000; i++) {
		char text[32];
		snprintf(text, sizeof(text), "version %d", i);
		assert_string_equal(s[i], i == 1500 ? big : text);
		for (int k = 0; k <= i % 7; k++)
			assert_true(a[i][k] == (long long)i * 10 + k);
	}
	strpool_release(&pool);
	strpool_release(&pool);
}

/* A pool taken into another (report learners' rows made on a second
 * thread): its strings stay as they were, into goes on adding where it
 * was, and from is left empty and usable; taken into an empty pool, or
 * from one, too. Released once, every block once (ASan in make check). */
static void test_strpool_take(void **state)
{
	struct strpool into, from, none;
	const char *s[2000], *t[2000], *first, *after;

	(void)state;
	strpool_init(&into);
	strpool_init(&from);
	strpool_init(&none);
	first = strpool_dup(&into, "kept");
	for (int i = 0; i < 2000; i++) {
		char text[32];
		snprintf(text, sizeof(text), "from %d", i);
		s[i] = strpool_dup(&from, text);
	}
	strpool_take(&into, &none); /* nothing to take */
	strpool_take(&from, &from); /* itself: nothing moves */
	assert_string_equal(s[1999], "from 1999");
	strpool_take(&into, &from);
	assert_null(from.blocks);
	after = strpool_dup(&into, "after");
	/* The room left in into's newest block is used: no block begun. */
	assert_true(after == first + strlen(first) + 1);
	strpool_take(&none, &into); /* into an empty pool: all of it */
	assert_null(into.blocks);
	for (int i = 0; i < 2000; i++) {
		char text[32];
		snprintf(text, sizeof(text), "from %d", i);
		assert_string_equal(s[i], text);
		t[i] = strpool_dup(&from, text);
	}
	assert_string_equal(first, "kept");
	assert_string_equal(after, "after");
	for (int i = 0; i < 2000; i++)
		assert_string_equal(t[i], s[i]);
	strpool_release(&none);
	strpool_release(&from);
	strpool_release(&into);
}

/* strbuf_add_fixed4 against printf's "%.4f", which the answers' events
 * were written with: any difference breaks verify on an old record. */
static void check_fixed4(double v)
{
	struct strbuf sb;
	char want[512];

	snprintf(want, sizeof(want), "%.4f", v);
	strbuf_init(&sb);
	strbuf_add_fixed4(&sb, v);
	if (strcmp(sb.buf, want) != 0)
		fail_msg("%.17g: \"%s\", printf \"%s\"", v, sb.buf, want);
	strbuf_release(&sb);
}

static void test_fixed4(void **state)
{
	static const double some[] = {
	        0.0,     -0.0,     1.0,     -1.0,    0.5,      0.25,
	        0.75,    0.125,    1.0 / 3, 2.0 / 3, -1.0 / 3, 0.1,
	        0.2,     0.3,      0.7,     0.9999,  0.99995,  0.99994,
	        0.99996, 0.00005,  0.00015, 0.00025, -0.00005, 1e-5,
	        -1e-5,   1e-9,     -1e-9,   1e-320,  -1e-320,  12345.678,
	        9.99995, 1e8,      1e9,     -1e9,    1e9 + .5, 999999999.99995,
	        1e13,    -1e13,    1e15,    1e300,   -1e300,   0.6666,
	        0.66665, 0.666649, 2.5e-5,  3.5e-5,  0.1234,
	};
	unsigned long long x = 88172645463325252ULL;
	(void)state;

	for (size_t i = 0; i < sizeof(some) / sizeof(some[0]); i++)
		check_fixed4(some[i]);
	check_fixed4(INFINITY);
	check_fixed4(-INFINITY);
	check_fixed4(NAN);
	/* Every fraction a question's credit is made of, and whole numbers
	 * with halves and quarters of ten thousandths near them. */
	for (int d = 1; d <= 100; d++)
		for (int n = -d; n <= 2 * d; n++)
			check_fixed4((double)n / d);
	for (long long k = -200000; k <= 200000; k++) {
		check_fixed4((double)k / 10000);
		check_fixed4(((double)k + 0.5) / 10000);
		check_fixed4(((double)k + 0.49) / 10000);
		check_fixed4(((double)k + 0.51) / 10000);
	}
	/* Random values of every size, and random bit patterns. */
	for (int i = 0; i < 100000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (double)(x >> 11) / (double)(1ULL << 53);
		check_fixed4(v);
		check_fixed4(-v * 1e6);
		check_fixed4(v * (double)(1ULL << (x % 60)));
		memcpy(&v, &x, sizeof(v));
		check_fixed4(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_control_at_every_place),
	        cmocka_unit_test(test_no_control),
	        cmocka_unit_test(test_random_texts),
	        cmocka_unit_test(test_tables),
	        cmocka_unit_test(test_strpool),
	        cmocka_unit_test(test_strpool_take),
	        cmocka_unit_test(test_fixed4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
