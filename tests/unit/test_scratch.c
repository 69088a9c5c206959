/*
 * Tests for scratch.c, and for course.c's use of it: a course file parsed
 * with libxml2's memory in the scratch (every file but the first of its
 * kind in a process) must load exactly as it does with malloc's, good or
 * bad, checked by the schema, vouched for, or skimmed for its head.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-cache.h"
#include "course.h"
#include "digest.h"
#include "scratch.h"
#include "util.h"

static void test_blocks(void **state)
{
	struct scratch s;
	char *a, *b, *big;

	(void)state;
	scratch_init(&s);
	a = scratch_alloc(&s, 3);
	b = scratch_alloc(&s, 100);
	assert_int_equal((uintptr_t)a % alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)b % alignof(max_align_t), 0);
	assert_true(b >= a + 3);
	memcpy(a, "ab", 3);
	memset(b, 'x', 100);
	assert_true(scratch_owns(&s, a) && scratch_owns(&s, b + 99));
	assert_false(scratch_owns(&s, &s));

	/* The latest block grows where it is; another is copied, whole. */
	assert_ptr_equal(scratch_realloc(&s, b, 5000), b);
	assert_int_equal(b[99], 'x');
	a = scratch_realloc(&s, a, 50);
	assert_string_equal(a, "ab");
	assert_true(a > b);
	/* Shrinking keeps the block. */
	assert_ptr_equal(scratch_realloc(&s, b, 10), b);
	assert_ptr_not_equal(scratch_realloc(&s, NULL, 8), NULL);

	/* Larger than a chunk: a chunk of its own, owned like the rest. */
	big = scratch_alloc(&s, 3u << 20);
	memset(big, 'y', 3u << 20);
	assert_true(scratch_owns(&s, big + (3u << 20) - 1));

	/* After a reset the memory is reused, and still owned, so a free of
	 * a block from before it is known for what it is. */
	scratch_reset(&s);
	assert_true(scratch_owns(&s, big));
	assert_true(scratch_owns(&s, b));
	a = scratch_alloc(&s, 3);
	assert_true(scratch_owns(&s, a));
	scratch_release(&s);
	assert_false(scratch_owns(&s, a));
}

/* The file at path loaded, as what the compiled catalogue would keep of it
 * (catalog_cache_encode: every field), and its errors one to a line. */
static void load_as_text(const char *path, const struct course_vouched *v, struct strbuf *out)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;

	strlist_init(&errors);
	strbuf_init(out);
	if (course_load_file_vouched(path, v, &c, &p, &errors) == 0) {
		if (v && v->heads && c) {
			/* A skimmed module has no questions to encode: its head. */
			char *head = xasprintf(
			        "%s %.64s %s %s %s %s %s %d %zu %s %d %d %d %zu\n", c->path,
			        c->sha256, c->id, c->version, c->title, c->topic ? c->topic : "-",
			        c->summary ? c->summary : "-", c->minutes, c->npages,
			        c->policy ? c->policy->version : "-",
			        c->policy ? c->policy->valid_months : 0, c->quiz.pass_mark,
			        c->quiz.attempts, c->quiz.nquestions);

			strbuf_add(out, head, strlen(head));
			for (size_t i = 0; i < c->npages; i++)
				strbuf_add(out, c->pages[i].title, strlen(c->pages[i].title));
			free(head);
		} else {
			catalog_cache_encode(c, p, out);
		}
	}
	for (size_t i = 0; i < errors.n; i++) {
		strbuf_add(out, errors.items[i], strlen(errors.items[i]));
		strbuf_add(out, "\n", 1);
	}
	course_free(c);
	programme_free(p);
	strlist_release(&errors);
}

/* Every .xml file of dir loaded twice in a row, the second time in the
 * scratch (the first of each kind was malloc's), and compared. */
static size_t twice_alike(const char *dir, const struct course_vouched *v)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		struct strbuf first, second;
		char *path;
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		load_as_text(path, v, &first);
		load_as_text(path, v, &second);
		assert_true(first.len > 0);
		if (first.len != second.len || memcmp(first.buf, second.buf, first.len) != 0)
			fail_msg("%s loads otherwise the second time", path);
		strbuf_release(&first);
		strbuf_release(&second);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

static void test_checked_files_alike(void **state)
{
	(void)state;
	assert_true(twice_alike("tests/courses/good", NULL) >= 5);
	assert_true(twice_alike("tests/courses/bad", NULL) >= 20);
	assert_true(twice_alike("courses", NULL) >= 9);
}

static int compare_hash(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Vouched for (not checked by the schema), whole and for heads. */
static void test_vouched_files_alike(void **state)
{
	static const char *const files[] = {
	        "courses/policy-basics.xml",
	        "tests/courses/good/example.xml",
	        "tests/courses/good/policy-module.xml",
	};
	char *hashes[3];
	struct course_vouched v = {.sha256 = hashes, .n = 3};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char *data = util_read_file(files[i], 1u << 20, NULL);

		assert_non_null(data);
		hashes[i] = xmalloc(DIGEST_SHA256_HEX);
		digest_sha256_hex(data, strlen(data), hashes[i]);
		free(data);
	}
	qsort(hashes, 3, sizeof(*hashes), compare_hash);
	for (int heads = 0; heads < 2; heads++) {
		v.heads = heads;
		for (size_t i = 0; i < 3; i++) {
			struct strbuf first, second;

			load_as_text(files[i], &v, &first);
			load_as_text(files[i], &v, &second);
			assert_true(first.len > 0);
			assert_memory_equal(first.buf, second.buf, first.len);
			assert_int_equal(first.len, second.len);
			strbuf_release(&first);
			strbuf_release(&second);
		}
	}
	for (size_t i = 0; i < 3; i++)
		free(hashes[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_blocks),
	        cmocka_unit_test(test_checked_files_alike),
	        cmocka_unit_test(test_vouched_files_alike),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	course_cleanup();
	return rc;
}
