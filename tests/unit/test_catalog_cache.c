/*
 * Tests for the compiled catalogue (engine/catalog-cache.c): every shipped
 * module and programme, encoded and decoded, equals what the loader made,
 * field by field; a catalogue loaded through the cache, cold and warm,
 * equals one loaded from the files; a changed file is loaded again, one
 * only touched is not; and a cache that is corrupt, truncated, of another
 * format or a symbolic link is ignored and rebuilt, the catalogue still
 * right. Every truncation and many byte flips of an encoding are decoded
 * without harm (under `make check`, with ASan watching).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog-cache.h"
#include "catalog-scan.h"
#include "catalog.h"
#include "course.h"
#include "paths.h"
#include "session.h"
#include "util.h"

#define SHIPPED "courses"

struct fix {
	char dir[64];     /* the temporary folder */
	char courses[96]; /* a copy of the shipped courses in it */
	char cache[96];
	struct catalog *fresh; /* the copy loaded without a cache */
};

static void str_eq(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void strs_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		str_eq(a[i], b[i]);
}

static void blocks_eq(const struct block *a, size_t na, const struct block *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].kind, b[i].kind);
		str_eq(a[i].text, b[i].text);
		strs_eq(a[i].items, a[i].nitems, b[i].items, b[i].nitems);
		blocks_eq(a[i].inner, a[i].ninner, b[i].inner, b[i].ninner);
	}
}

static void question_eq(const struct question *a, const struct question *b)
{
	str_eq(a->id, b->id);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, b->line);
	assert_true(a->weight == b->weight);
	str_eq(a->situation, b->situation);
	str_eq(a->prompt, b->prompt);
	assert_int_equal(a->nchoices, b->nchoices);
	for (size_t i = 0; i < a->nchoices; i++) {
		str_eq(a->choices[i].text, b->choices[i].text);
		assert_int_equal(a->choices[i].correct, b->choices[i].correct);
		str_eq(a->choices[i].feedback, b->choices[i].feedback);
	}
	strs_eq(a->accepted, a->naccepted, b->accepted, b->naccepted);
	strs_eq(a->synonyms, a->nsynonyms, b->synonyms, b->nsynonyms);
	assert_int_equal(a->case_sensitive, b->case_sensitive);
	assert_true(a->answer == b->answer);
	assert_true(a->tolerance == b->tolerance);
	str_eq(a->unit, b->unit);
	assert_int_equal(a->npairs, b->npairs);
	for (size_t i = 0; i < a->npairs; i++) {
		str_eq(a->pairs[i].left, b->pairs[i].left);
		str_eq(a->pairs[i].right, b->pairs[i].right);
	}
	strs_eq(a->hints, a->nhints, b->hints, b->nhints);
	str_eq(a->feedback, b->feedback);
}

/* Every field of course.h, written out here rather than through the
 * encoder, so that a field the encoder forgets fails. */
static void course_eq(const struct course *a, const struct course *b)
{
	str_eq(a->path, b->path);
	assert_string_equal(a->sha256, b->sha256);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->format, b->format);
	str_eq(a->id, b->id);
	str_eq(a->version, b->version);
	str_eq(a->title, b->title);
	str_eq(a->topic, b->topic);
	str_eq(a->summary, b->summary);
	assert_int_equal(a->minutes, b->minutes);
	strs_eq(a->requires, a->nrequires, b->requires, b->nrequires);
	for (size_t i = 0; i < a->nrequires; i++)
		assert_int_equal(a->requires_line[i], b->requires_line[i]);
	assert_int_equal(a->npages, b->npages);
	for (size_t i = 0; i < a->npages; i++) {
		str_eq(a->pages[i].title, b->pages[i].title);
		blocks_eq(a->pages[i].blocks, a->pages[i].nblocks, b->pages[i].blocks,
		          b->pages[i].nblocks);
	}
	assert_int_equal(a->policy != NULL, b->policy != NULL);
	if (a->policy) {
		str_eq(a->policy->version, b->policy->version);
		assert_int_equal(a->policy->valid_months, b->policy->valid_months);
		assert_int_equal(a->policy->minor, b->policy->minor);
		blocks_eq(a->policy->blocks, a->policy->nblocks, b->policy->blocks,
		          b->policy->nblocks);
	}
	assert_int_equal(a->quiz.pass_mark, b->quiz.pass_mark);
	assert_int_equal(a->quiz.attempts, b->quiz.attempts);
	assert_int_equal(a->quiz.shuffle, b->quiz.shuffle);
	assert_int_equal(a->quiz.draw, b->quiz.draw);
	assert_int_equal(a->quiz.feedback, b->quiz.feedback);
	assert_int_equal(a->quiz.nquestions, b->quiz.nquestions);
	for (size_t i = 0; i < a->quiz.nquestions; i++)
		question_eq(&a->quiz.questions[i], &b->quiz.questions[i]);
}

static void programme_eq(const struct programme *a, const struct programme *b)
{
	str_eq(a->path, b->path);
	assert_int_equal(a->line, b->line);
	str_eq(a->id, b->id);
	str_eq(a->title, b->title);
	str_eq(a->summary, b->summary);
	assert_int_equal(a->nstages, b->nstages);
	for (size_t i = 0; i < a->nstages; i++) {
		str_eq(a->stages[i].label, b->stages[i].label);
		strs_eq(a->stages[i].modules, a->stages[i].nmodules, b->stages[i].modules,
		        b->stages[i].nmodules);
		for (size_t k = 0; k < a->stages[i].nmodules; k++)
			assert_int_equal(a->stages[i].modules_line[k],
			                 b->stages[i].modules_line[k]);
	}
}

static void catalog_eq(const struct catalog *a, const struct catalog *b)
{
	assert_int_equal(a->ncourses, b->ncourses);
	for (size_t i = 0; i < a->ncourses; i++)
		course_eq(a->courses[i], b->courses[i]);
	assert_int_equal(a->nprogrammes, b->nprogrammes);
	for (size_t i = 0; i < a->nprogrammes; i++)
		programme_eq(a->programmes[i], b->programmes[i]);
	strs_eq(a->skipped.items, a->skipped.n, b->skipped.items, b->skipped.n);
}

static int setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof(*f));
	char *cmd, *err = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/upskill-ccache-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->courses, sizeof(f->courses), "%s/courses", f->dir);
	snprintf(f->cache, sizeof(f->cache), "%s/cache", f->dir);
	cmd = xasprintf("mkdir '%s' && cp " SHIPPED "/*.xml '%s'", f->courses, f->courses);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	f->fresh = catalog_load_dir(f->courses, &err);
	assert_non_null(f->fresh);
	assert_true(f->fresh->ncourses >= 9);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	catalog_free(f->fresh);
	free(f);
	return 0;
}

static struct catalog *load_cached(const struct fix *f)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_dir_cached(f->courses, f->cache, true, &err);

	assert_non_null(cat);
	return cat;
}

/* The folder loaded through a scan on a thread (catalog-scan.h), made
 * whole. */
static struct catalog *load_scanned_whole(const struct fix *f)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_scanned(catalog_scan_start(f->courses, f->cache), &err);

	assert_non_null(cat);
	assert_int_equal(catalog_load_bodies(cat, &err), 0);
	return cat;
}

static size_t cache_entries(const struct fix *f, char *note, size_t size)
{
	struct catalog_cache *cc = catalog_cache_open(f->cache, f->courses);
	size_t n = catalog_cache_entries(cc);

	if (note)
		snprintf(note, size, "%s", catalog_cache_note(cc));
	catalog_cache_free(cc);
	return n;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* The module's file with its title's first letter changed: the same size. */
static void retitle(const struct course *c)
{
	size_t len;
	unsigned char *data = slurp(c->path, &len);
	char *at;

	data[len] = '\0';
	at = strstr((char *)data, c->title);
	assert_non_null(at);
	at[0] = at[0] == 'Z' ? 'Y' : 'Z';
	spit(c->path, data, len);
	free(data);
}

/* The checksum is XXH64: vectors from xxhsum -H64 (Debian's xxhash). */
static void test_checksum_vectors(void **state)
{
	const char *fox = "The quick brown fox jumps over the lazy dog, twice over: "
	                  "The quick brown fox jumps over the lazy dog, twice over: "
	                  "The quick brown fox jumps over the lazy dog, twice over: ";

	(void)state;
	assert_true(catalog_cache_checksum("", 0) == 0xef46db3751d8e999ULL);
	assert_true(catalog_cache_checksum("abc", 3) == 0x44bc2cf5ad770999ULL);
	assert_true(catalog_cache_checksum(fox, strlen(fox)) == 0x3f937915589b91afULL);
}

/* Every shipped module and programme, encoded and decoded, is the same. */
static void test_round_trip_shipped(void **state)
{
	struct fix *f = *state;
	const struct catalog *cat = f->fresh;

	for (size_t i = 0; i < cat->ncourses + cat->nprogrammes; i++) {
		const struct course *c = i < cat->ncourses ? cat->courses[i] : NULL;
		const struct programme *p = c ? NULL : cat->programmes[i - cat->ncourses];
		struct course *c2;
		struct programme *p2;
		struct strbuf a, b;

		strbuf_init(&a);
		strbuf_init(&b);
		catalog_cache_encode(c, p, &a);
		assert_int_equal(
		        catalog_cache_decode(a.buf, a.len, c ? c->path : p->path, &c2, &p2), 0);
		if (c) {
			assert_non_null(c2);
			assert_null(p2);
			course_eq(c, c2);
		} else {
			assert_non_null(p2);
			assert_null(c2);
			programme_eq(p, p2);
		}
		catalog_cache_encode(c2, p2, &b);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		course_free(c2);
		programme_free(p2);
		strbuf_release(&a);
		strbuf_release(&b);
	}
}

/* Every shipped module loaded as the record vouches for it (the schema's
 * check left out, course.h) is the module loaded with it, field by field. */
static void test_vouched_shipped(void **state)
{
	struct fix *f = *state;
	struct strlist hashes;
	struct course_vouched v = {0};
	struct catalog *cat;
	char *err = NULL;

	strlist_init(&hashes);
	for (size_t i = 0; i < f->fresh->ncourses; i++)
		strlist_add(&hashes, f->fresh->courses[i]->sha256);
	strlist_sort(&hashes);
	v.sha256 = hashes.items;
	v.n = hashes.n;
	cat = catalog_load_dir_vouched(f->courses, &v, &err);
	assert_non_null(cat);
	assert_true(f->fresh->ncourses >= 14);
	catalog_eq(f->fresh, cat);
	catalog_free(cat);
	strlist_release(&hashes);
}

/* Cold, the cache is written (0600, one entry a file); warm, every file is
 * found in it; both catalogues equal the one loaded from the files. */
static void test_cold_and_warm(void **state)
{
	struct fix *f = *state;
	struct catalog *cat;
	struct stat st;
	char note[160];

	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);
	assert_int_equal(stat(f->cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(cache_entries(f, note, sizeof(note)),
	                 f->fresh->ncourses + f->fresh->nprogrammes);
	assert_string_equal(note, "");

	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);

	/* Each file is in it as it is now. */
	{
		struct catalog_cache *cc = catalog_cache_open(f->cache, f->courses);

		for (size_t i = 0; i < f->fresh->ncourses; i++) {
			const char *path = f->fresh->courses[i]->path;
			struct course *c;
			struct programme *p;

			assert_int_equal(stat(path, &st), 0);
			assert_int_equal(catalog_cache_get(cc, path, &st, true, &c, &p), 1);
			course_eq(f->fresh->courses[i], c);
			course_free(c);
		}
		catalog_cache_free(cc);
	}
}

/* Loaded for a list, modules come from the cache with their heads only;
 * made whole, they equal the files' (and the pointers handed out stay). */
static void test_heads_then_bodies(void **state)
{
	struct fix *f = *state;
	struct catalog *cat;
	const struct course *first;
	char *err = NULL;

	/* Cold, the bodies were made this run and wait in the spool (or in
	 * memory) until asked for. */
	cat = catalog_load_dir_cached(f->courses, f->cache, false, &err);
	assert_non_null(cat);
	assert_non_null(cat->bodies);
	assert_null(cat->courses[0]->quiz.questions);
	assert_int_equal(catalog_load_bodies(cat, &err), 0);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);

	catalog_free(load_cached(f));
	cat = catalog_load_dir_cached(f->courses, f->cache, false, &err);
	assert_non_null(cat);
	assert_non_null(cat->bodies);
	assert_int_equal(cat->ncourses, f->fresh->ncourses);
	first = cat->courses[0];
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *c = cat->courses[i], *want = f->fresh->courses[i];

		assert_string_equal(c->id, want->id);
		assert_string_equal(c->title, want->title);
		assert_string_equal(c->sha256, want->sha256);
		assert_int_equal(c->quiz.nquestions, want->quiz.nquestions);
		assert_int_equal(c->npages, want->npages);
		assert_null(c->quiz.questions);
		assert_int_equal(c->policy != NULL, want->policy != NULL);
	}
	assert_int_equal(catalog_load_bodies(cat, &err), 0);
	assert_null(cat->bodies);
	assert_ptr_equal(cat->courses[0], first);
	catalog_eq(cat, f->fresh);
	assert_int_equal(catalog_load_bodies(cat, &err), 0);
	catalog_free(cat);

	/* Freed before its bodies are read: nothing leaks, nothing is read. */
	cat = catalog_load_dir_cached(f->courses, f->cache, false, &err);
	assert_non_null(cat->bodies);
	catalog_free(cat);
}

/* Each file is stat'ed through the folder, by its name after the folder's
 * path, whether or not that path ends in a slash: either way every module
 * comes from the cache (a file whose stat failed would be parsed, and come
 * whole). */
static void test_folder_named_with_slash(void **state)
{
	struct fix *f = *state;
	char *dir = xasprintf("%s/", f->courses);
	struct catalog *cat;
	char *err = NULL;

	for (int warm = 0; warm < 2; warm++) {
		cat = catalog_load_dir_cached(dir, f->cache, false, &err);
		assert_non_null(cat);
		assert_non_null(cat->bodies);
		assert_int_equal(cat->ncourses, f->fresh->ncourses);
		for (size_t i = 0; i < cat->ncourses; i++)
			assert_null(cat->courses[i]->quiz.questions);
		assert_int_equal(catalog_load_bodies(cat, &err), 0);
		catalog_eq(cat, f->fresh);
		catalog_free(cat);
	}
	free(dir);
}

/* The folder f->courses spelled relative to the working folder: "../"
 * up to the root, then the path without its first slash. */
static char *spelled_relative(const struct fix *f)
{
	char *cwd = getcwd(NULL, 0);
	struct strbuf sb;

	assert_non_null(cwd);
	strbuf_init(&sb);
	for (const char *p = cwd; *p; p++)
		if (*p == '/' && p[1])
			strbuf_adds(&sb, "../");
	strbuf_adds(&sb, f->courses + 1);
	free(cwd);
	return strbuf_detach(&sb);
}

/* One folder reached by several spellings (as typed after --courses from
 * another folder, with "/." after it, through "..", through a link) is
 * one cache: once it is written by one spelling, a load by another takes
 * every file from it and writes nothing, and each module and programme
 * carries the path as spelled this time, as a load from the files would
 * (a module whose id is taken puts two of them in a message). */
static void test_folder_spelled_otherwise(void **state)
{
	struct fix *f = *state;
	/* Past the moment within which a file's times cannot be told, so
	 * that no file is loaded again for being too new. */
	struct timespec wait = {.tv_sec = 2, .tv_nsec = 300000000};
	char *twin = xasprintf("%s/zz-twin.xml", f->courses);
	char *link = xasprintf("%s/link", f->dir);
	char *spellings[] = {
	        spelled_relative(f),
	        xasprintf("%s/.", f->courses),
	        xasprintf("%s/../%s/courses/", f->dir, strrchr(f->dir, '/') + 1),
	        link,
	};
	struct stat before, after;
	char *err = NULL;

	{
		size_t len;
		unsigned char *x = slurp(f->fresh->courses[0]->path, &len);

		spit(twin, x, len);
		free(x);
	}
	assert_int_equal(symlink("courses", link), 0);
	nanosleep(&wait, NULL);
	catalog_free(load_cached(f));
	assert_int_equal(stat(f->cache, &before), 0);
	for (size_t s = 0; s < sizeof(spellings) / sizeof(*spellings); s++) {
		const char *dir = spellings[s];
		struct catalog_scan *sc = catalog_scan_start(dir, f->cache);
		struct catalog *cat, *files;
		size_t plen = strlen(dir);

		catalog_scan_wait(sc);
		assert_int_equal(sc->error, 0);
		assert_int_equal(sc->n, f->fresh->ncourses + f->fresh->nprogrammes + 1);
		for (size_t i = 0; i < sc->n; i++)
			assert_true(sc->files[i].course || sc->files[i].programme);
		cat = catalog_load_scanned(sc, &err);
		assert_non_null(cat);
		assert_int_equal(catalog_load_bodies(cat, &err), 0);
		files = catalog_load_dir(dir, &err);
		assert_non_null(files);
		assert_true(files->skipped.n > f->fresh->skipped.n);
		catalog_eq(cat, files);
		for (size_t i = 0; i < cat->ncourses; i++)
			assert_memory_equal(cat->courses[i]->path, dir, plen);
		for (size_t i = 0; i < cat->nprogrammes; i++)
			assert_memory_equal(cat->programmes[i]->path, dir, plen);
		catalog_free(files);
		catalog_free(cat);
		assert_int_equal(stat(f->cache, &after), 0);
		assert_int_equal(after.st_ino, before.st_ino);
	}
	for (size_t s = 0; s < sizeof(spellings) / sizeof(*spellings); s++)
		free(spellings[s]);
	free(twin);
}

/* A body spoilt after the index was read (the file replaced in place) is
 * refused when it is needed, with a message, and refused again. */
static void test_body_spoilt_in_use(void **state)
{
	struct fix *f = *state;
	struct catalog *cat;
	unsigned char *img;
	size_t len;
	char *err = NULL;
	int fd;

	catalog_free(load_cached(f));
	cat = catalog_load_dir_cached(f->courses, f->cache, false, &err);
	assert_non_null(cat->bodies);
	img = slurp(f->cache, &len);
	img[len - 10] ^= 0x55; /* the last module's body */
	fd = open(f->cache, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, img, len, 0), (ssize_t)len);
	close(fd);
	free(img);
	assert_int_equal(catalog_load_bodies(cat, &err), -1);
	assert_non_null(strstr(err, "changed while in use"));
	free(err);
	err = NULL;
	assert_int_equal(catalog_load_bodies(cat, &err), -1);
	free(err);
	catalog_free(cat);
	/* And the next load is right. */
	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);
}

/* Whether the cache file holds the module at path as it is now. */
static bool cache_holds(const struct fix *f, const char *path)
{
	struct catalog_cache *cc = catalog_cache_open(f->cache, f->courses);
	struct course *c = NULL;
	struct programme *p = NULL;
	struct stat st;
	int got;

	assert_int_equal(stat(path, &st), 0);
	got = catalog_cache_get(cc, path, &st, true, &c, &p);
	course_free(c);
	programme_free(p);
	catalog_cache_free(cc);
	return got == 1;
}

/* A module whose body in the cache is spoilt is loaded from its file by a
 * load of whole modules, and put back in the cache by the same load: the
 * next one finds every module there. */
static void test_body_spoilt_put_back(void **state)
{
	struct fix *f = *state;
	unsigned char *img;
	size_t len;
	bool all = true;
	struct timespec past = {.tv_sec = 2, .tv_nsec = 200000000};

	/* The files' times (their change time too) well before the cache is
	 * made, so that each is current and its status is not kept. */
	nanosleep(&past, NULL);
	catalog_free(load_cached(f));
	img = slurp(f->cache, &len);
	img[len - 10] ^= 0x55; /* the last module's body */
	spit(f->cache, img, len);
	free(img);
	for (size_t i = 0; i < f->fresh->ncourses; i++)
		all = all && cache_holds(f, f->fresh->courses[i]->path);
	assert_false(all);
	catalog_free(load_cached(f));
	for (size_t i = 0; i < f->fresh->ncourses; i++)
		assert_true(cache_holds(f, f->fresh->courses[i]->path));
}

/* A module of many pages, each titled but short, whose head then holds
 * less than a byte a page, is read from the cache like any other. */
static void test_many_pages(void **state)
{
	struct fix *f = *state;
	struct strbuf xml;
	char *path = xasprintf("%s/many-pages.xml", f->courses), *err = NULL;
	struct catalog *files, *cat;

	strbuf_init(&xml);
	strbuf_adds(&xml, "<module id='many-pages' version='1' topic='voice'><title>T</title>"
	                  "<summary>S</summary>");
	for (int i = 0; i < 60; i++)
		strbuf_addf(&xml, "<lesson title='Page %d'><p>P</p></lesson>", i);
	strbuf_adds(&xml, "<quiz draw='1'><truefalse id='q' answer='false'><prompt>P</prompt>"
	                  "</truefalse></quiz></module>");
	spit(path, xml.buf, xml.len);
	strbuf_release(&xml);
	files = catalog_load_dir(f->courses, &err);
	assert_non_null(files);
	catalog_free(load_cached(f));
	assert_true(cache_holds(f, path));
	cat = load_scanned_whole(f);
	catalog_eq(cat, files);
	catalog_free(cat);
	catalog_free(files);
	free(path);
}

/* A file edited (same size, in the same instant as the cache was made, so
 * that its times may not show it) is loaded again; one only touched is
 * hashed and taken from the cache. */
static void test_changed_file(void **state)
{
	struct fix *f = *state;
	const struct course *c0 = f->fresh->courses[0];
	struct catalog *cat;
	struct timespec times[2] = {{.tv_sec = 1000000000, .tv_nsec = 0}, {.tv_sec = 1000000000}};
	struct stat st;

	catalog_free(load_cached(f));
	retitle(c0);

	cat = load_cached(f);
	assert_int_equal(cat->courses[0]->title[0], c0->title[0] == 'Z' ? 'Y' : 'Z');
	assert_string_not_equal(cat->courses[0]->sha256, c0->sha256);
	{
		char *err = NULL;
		struct catalog *files = catalog_load_dir(f->courses, &err);

		catalog_eq(cat, files);
		catalog_free(files);
	}
	catalog_free(cat);

	/* Only its times changed: taken from the cache, after a hash. */
	assert_int_equal(utimensat(AT_FDCWD, f->fresh->courses[1]->path, times, 0), 0);
	{
		struct catalog_cache *cc = catalog_cache_open(f->cache, f->courses);
		struct course *c;
		struct programme *p;

		assert_int_equal(stat(f->fresh->courses[1]->path, &st), 0);
		assert_int_equal(
		        catalog_cache_get(cc, f->fresh->courses[1]->path, &st, true, &c, &p), 1);
		course_eq(f->fresh->courses[1], c);
		course_free(c);
		catalog_cache_free(cc);
	}
}

/* A folder read on a thread of its own (catalog-scan.h) loads the same
 * catalogue, cold and warm; a file changed since the cache was written is
 * loaded again; a folder that is not there says so; and a scan nobody
 * takes is freed with what it took from the cache. */
static void test_scan_ahead(void **state)
{
	struct fix *f = *state;
	const struct course *c0 = f->fresh->courses[0];
	struct catalog *cat, *files;
	char *err = NULL;

	for (int warm = 0; warm < 2; warm++) {
		cat = load_scanned_whole(f);
		catalog_eq(cat, f->fresh);
		catalog_free(cat);
	}

	retitle(c0);
	cat = load_scanned_whole(f);
	files = catalog_load_dir(f->courses, &err);
	assert_non_null(files);
	assert_int_equal(cat->courses[0]->title[0], c0->title[0] == 'Z' ? 'Y' : 'Z');
	catalog_eq(cat, files);
	catalog_free(files);
	catalog_free(cat);

	{
		char *gone = xasprintf("%s/gone", f->dir);

		assert_null(catalog_load_scanned(catalog_scan_start(gone, f->cache), &err));
		assert_non_null(strstr(err, "cannot read course directory"));
		assert_non_null(strstr(err, gone));
		free(err);
		err = NULL;
		free(gone);
	}

	/* Started, never taken: waited for and freed, modules and all. */
	catalog_scan_free(catalog_scan_start(f->courses, f->cache));
	{
		struct catalog_scan *sc = catalog_scan_start(f->courses, f->cache);
		size_t modules = 0;

		catalog_scan_wait(sc);
		assert_int_equal(sc->error, 0);
		assert_int_equal(sc->n, f->fresh->ncourses + f->fresh->nprogrammes);
		for (size_t i = 0; i < sc->n; i++) {
			/* Each taken from the cache, or its status kept to load it. */
			assert_true(sc->files[i].course || sc->files[i].programme ||
			            sc->files[i].st);
			modules += sc->files[i].course != NULL;
			if (i)
				assert_true(strcmp(sc->files[i - 1].path, sc->files[i].path) < 0);
		}
		/* Every module from the cache (a programme changed a moment
		 * after the cache was written is read again: only modules are
		 * hashed). */
		assert_int_equal(modules, f->fresh->ncourses);
		catalog_scan_free(sc);
	}
}

/* A module file removed is gone from the catalogue and from the cache. */
static void test_removed_file(void **state)
{
	struct fix *f = *state;
	struct catalog *cat;
	size_t before;

	catalog_free(load_cached(f));
	before = cache_entries(f, NULL, 0);
	assert_int_equal(unlink(f->fresh->courses[0]->path), 0);
	cat = load_cached(f);
	assert_int_equal(cat->ncourses, f->fresh->ncourses - 1);
	assert_null(catalog_find(cat, f->fresh->courses[0]->id));
	catalog_free(cat);
	assert_int_equal(cache_entries(f, NULL, 0), before - 1);
}

/* What a spoilt cache does: not read (note says why), the catalogue still
 * the files', and the cache written anew. */
static void spoilt(struct fix *f, const void *image, size_t len, const char *why)
{
	struct catalog *cat;
	char note[160];

	unlink(f->cache);
	spit(f->cache, image, len);
	assert_int_equal(cache_entries(f, note, sizeof(note)), 0);
	assert_string_equal(note, why);
	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);
	assert_int_equal(cache_entries(f, note, sizeof(note)),
	                 f->fresh->ncourses + f->fresh->nprogrammes);
	assert_string_equal(note, "");
}

/* Writes a matching checksum after an index edited by hand. */
static void reseal(unsigned char *img, uint64_t index_len)
{
	uint64_t sum = catalog_cache_checksum(img, (size_t)index_len);

	memcpy(img + index_len, &sum, sizeof(sum));
}

static uint64_t index_len_of(const unsigned char *img)
{
	uint64_t n;

	memcpy(&n, img + 24, 8);
	return n;
}

/* The folder's listing: once the folder is old enough to be trusted, a
 * load takes its files' names from the cache (a listing forged to leave
 * the last file out leaves it out), and a file added changes the folder's
 * times, so the next load reads the folder again. */
/* In the cache's listing, the name of the folder's last file made another
 * that sorts last too: 1 if it was found there (the cache holds a
 * listing), else 0. */
static size_t forge_listed_last(const struct fix *f, const char *name)
{
	size_t len, n = strlen(name), hits = 0;
	unsigned char *img = slurp(f->cache, &len);
	uint64_t index_len = index_len_of(img);
	uint32_t v;

	/* The name is its entry's too, but the listing comes last in the
	 * index and the last file last in it: its name ends the index. */
	assert_true(index_len > 4 + n);
	memcpy(&v, img + index_len - n - 4, 4);
	if (v == n && memcmp(img + index_len - n, name, n) == 0) {
		img[index_len - n] = 'z';
		hits++;
	}
	reseal(img, index_len);
	spit(f->cache, img, len);
	free(img);
	return hits;
}

static size_t scanned_count(const struct fix *f)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_scanned(catalog_scan_start(f->courses, f->cache), &err);
	size_t n;

	assert_non_null(cat);
	n = cat->ncourses + cat->nprogrammes;
	catalog_free(cat);
	return n;
}

static size_t files_count(const struct fix *f)
{
	char *err = NULL;
	struct catalog *cat = catalog_load_dir(f->courses, &err);
	size_t n;

	assert_non_null(cat);
	n = cat->ncourses + cat->nprogrammes;
	catalog_free(cat);
	return n;
}

static void test_folder_listing(void **state)
{
	struct fix *f = *state;
	/* Past the moment within which a folder's times cannot be told. */
	struct timespec wait = {.tv_sec = 2, .tv_nsec = 300000000};
	const char *last = NULL, *name, *removed;
	size_t all = f->fresh->ncourses + f->fresh->nprogrammes, without_last;
	struct catalog *cat, *files;
	char *err = NULL, *added, *extra;

	for (size_t i = 0; i < f->fresh->ncourses; i++)
		if (!last || strcmp(f->fresh->courses[i]->path, last) > 0)
			last = f->fresh->courses[i]->path;
	for (size_t i = 0; i < f->fresh->nprogrammes; i++)
		if (strcmp(f->fresh->programmes[i]->path, last) > 0)
			last = f->fresh->programmes[i]->path;
	name = strrchr(last, '/') + 1;
	/* A module nothing needs, first in the folder, removed below. */
	removed = extra = xasprintf("%s/aaa-extra.xml", f->courses);
	{
		size_t xlen;
		unsigned char *x = slurp("tests/courses/good/minimal-defaults.xml", &xlen);

		spit(extra, x, xlen);
		free(x);
	}
	all = files_count(f);
	{
		/* What the folder loads as without the module removed below and
		 * without its last file. Set aside now, so that no file's times
		 * are new by then. */
		char *aside1 = xasprintf("%s.aside", removed),
		     *aside2 = xasprintf("%s.aside", last);

		assert_int_equal(rename(removed, aside1), 0);
		assert_int_equal(rename(last, aside2), 0);
		without_last = files_count(f);
		assert_int_equal(rename(aside1, removed), 0);
		assert_int_equal(rename(aside2, last), 0);
		free(aside1);
		free(aside2);
	}
	nanosleep(&wait, NULL);
	assert_int_equal(scanned_count(f), all);
	assert_int_equal(forge_listed_last(f, name), 1);
	assert_int_equal(scanned_count(f), all - 1);

	added = xasprintf("%s/zzzz-added.xml", f->courses);
	spit(added, "not a module", 12);
	cat = load_scanned_whole(f);
	files = catalog_load_dir(f->courses, &err);
	assert_non_null(files);
	assert_int_equal(files->ncourses + files->nprogrammes, all);
	assert_true(files->skipped.n > f->fresh->skipped.n);
	catalog_eq(cat, files);
	catalog_free(files);
	catalog_free(cat);
	assert_int_equal(unlink(added), 0);
	free(added);

	/* A module removed just before a load: the cache is written with a
	 * listing too new to be trusted. Once the folder is old enough, the
	 * next load writes it again, and the one after uses it. */
	assert_int_equal(unlink(removed), 0);
	free(extra);
	all = files_count(f);
	assert_int_equal(without_last, all - 1);
	assert_int_equal(scanned_count(f), all);
	nanosleep(&wait, NULL);
	assert_int_equal(scanned_count(f), all);
	assert_int_equal(forge_listed_last(f, name), 1);
	assert_int_equal(scanned_count(f), without_last);
}

static void test_spoilt_caches(void **state)
{
	struct fix *f = *state;
	unsigned char *good, *bad;
	size_t len;
	uint64_t index_len;
	struct catalog *cat;
	char *err = NULL;

	catalog_free(load_cached(f));
	good = slurp(f->cache, &len);
	bad = xmalloc(len);
	index_len = index_len_of(good);
	assert_true(index_len + 8 < len);

	/* A byte flipped anywhere in the index or its checksum. */
	for (size_t at = 40; at < index_len + 8; at += (index_len + 8) / 7) {
		memcpy(bad, good, len);
		bad[at] ^= 0x20;
		spoilt(f, bad, len, "checksum does not match");
	}
	/* In a module's body: the index is read, that body is refused and its
	 * file loaded; the cache written again is whole. */
	for (size_t at = index_len + 40; at < len; at += (len - index_len) / 5) {
		memcpy(bad, good, len);
		bad[at] ^= 0x20;
		unlink(f->cache);
		spit(f->cache, bad, len);
		cat = load_cached(f);
		catalog_eq(cat, f->fresh);
		catalog_free(cat);
		cat = catalog_load_dir_cached(f->courses, f->cache, false, &err);
		assert_int_equal(catalog_load_bodies(cat, &err), 0);
		catalog_eq(cat, f->fresh);
		catalog_free(cat);
	}
	/* Cut short: in the bodies, in the index, in the magic. */
	spoilt(f, good, len - 1, "index cut short or malformed");
	spoilt(f, good, (size_t)index_len / 2, "cut short");
	spoilt(f, good, 10, "not a catalogue cache");
	/* Another format, with a checksum that matches. */
	memcpy(bad, good, len);
	bad[36] ^= 0x7f;
	reseal(bad, index_len);
	spoilt(f, bad, len, "made by another upskill, schema or format, or for another folder");
	/* Another file altogether. */
	spoilt(f, "SQLite format 3\0 and then some more bytes than a checksum needs", 64,
	       "not a catalogue cache");
	free(good);
	free(bad);
}

/* An entry whose head is garbage under a good checksum (made by hand) is
 * not used: the file is loaded. */
static void test_forged_entry(void **state)
{
	struct fix *f = *state;
	unsigned char *img;
	size_t len, hits = 0;
	uint64_t index_len;
	struct catalog *cat;

	catalog_free(load_cached(f));
	img = slurp(f->cache, &len);
	index_len = index_len_of(img);
	/* Each module's id, in its head, made longer than the rest. */
	for (size_t i = 0; i < f->fresh->ncourses; i++) {
		const char *id = f->fresh->courses[i]->id;
		uint32_t n = (uint32_t)strlen(id);

		for (size_t at = 0; at + n + 4 < index_len; at++) {
			uint32_t v;

			memcpy(&v, img + at, 4);
			if (v == n && memcmp(img + at + 4, id, n) == 0) {
				memset(img + at, 0xEE, 4);
				hits++;
				break;
			}
		}
	}
	assert_int_equal(hits, f->fresh->ncourses);
	reseal(img, index_len);
	spit(f->cache, img, len);
	free(img);
	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);
}

/* The cache has no key: the user it belongs to can forge it, checksum and
 * all. A forged title then shows in the learner's own list, but what
 * grades, counts or reports (session_catalog) is read from the files. */
static void test_forgery_stays_in_lists(void **state)
{
	struct fix *f = *state;
	char *cache = paths_catalog_cache(f->courses), *err = NULL;
	const char *title = f->fresh->courses[0]->title;
	size_t n = strlen(title), len, hits = 0;
	unsigned char *img;
	uint64_t index_len;
	struct session *s;
	struct catalog *cat;

	assert_non_null(cache);
	assert_int_equal(paths_make_parent(cache, &err), 0);
	s = session_new("/nonexistent/upskill.db", f->courses, stdout);
	assert_non_null(session_catalog_list(s, &err));
	session_free(s);
	img = slurp(cache, &len);
	index_len = index_len_of(img);
	for (size_t at = 0; at + n < index_len; at++)
		if (memcmp(img + at, title, n) == 0) {
			img[at] = 'X';
			hits++;
		}
	assert_true(hits >= 1);
	reseal(img, index_len);
	spit(cache, img, len);
	free(img);

	s = session_new("/nonexistent/upskill.db", f->courses, stdout);
	cat = session_catalog_list(s, &err);
	assert_non_null(cat);
	assert_int_equal(cat->courses[0]->title[0], 'X'); /* the forgery took */
	cat = session_catalog(s, &err);
	assert_non_null(cat);
	assert_string_equal(cat->courses[0]->title, title);
	catalog_eq(cat, f->fresh);
	session_free(s);
	unlink(cache);
	free(cache);
}

/* A symbolic link where the cache goes is not followed: not read, and
 * replaced by a cache of our own, its target untouched. */
static void test_link_not_followed(void **state)
{
	struct fix *f = *state;
	char target[128], note[160];
	struct catalog *cat;
	struct stat st;
	size_t len;
	unsigned char *after;

	snprintf(target, sizeof(target), "%s/elsewhere", f->dir);
	spit(target, "someone else's", 14);
	assert_int_equal(symlink(target, f->cache), 0);
	assert_int_equal(cache_entries(f, note, sizeof(note)), 0);
	assert_non_null(strstr(note, "symbolic link"));
	cat = load_cached(f);
	catalog_eq(cat, f->fresh);
	catalog_free(cat);
	assert_int_equal(lstat(f->cache, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	after = slurp(target, &len);
	assert_int_equal(len, 14);
	assert_memory_equal(after, "someone else's", 14);
	free(after);
}

/* Every prefix of an encoding and a byte flipped at many places decode to
 * -1 or to something course_free releases (ASan checks under make check). */
static void test_decode_spoilt(void **state)
{
	struct fix *f = *state;
	const struct course *small = f->fresh->courses[0];
	struct strbuf sb;
	struct course *c;
	struct programme *p;

	for (size_t i = 1; i < f->fresh->ncourses; i++)
		if (f->fresh->courses[i]->quiz.nquestions < small->quiz.nquestions)
			small = f->fresh->courses[i];
	strbuf_init(&sb);
	catalog_cache_encode(small, NULL, &sb);
	for (size_t n = 0; n < sb.len; n++) {
		assert_int_equal(catalog_cache_decode(sb.buf, n, small->path, &c, &p), -1);
		assert_null(c);
		assert_null(p);
	}
	for (size_t at = 0; at < sb.len; at += 3) {
		char *bad = xmalloc(sb.len);

		memcpy(bad, sb.buf, sb.len);
		bad[at] ^= (char)(0x41 + at % 7);
		if (catalog_cache_decode(bad, sb.len, small->path, &c, &p) == 0) {
			assert_true((c == NULL) != (p == NULL));
			course_free(c);
			programme_free(p);
		}
		free(bad);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_checksum_vectors),
	        cmocka_unit_test_setup_teardown(test_round_trip_shipped, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_vouched_shipped, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_cold_and_warm, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_heads_then_bodies, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_folder_named_with_slash, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_folder_spelled_otherwise, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_body_spoilt_in_use, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_changed_file, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_body_spoilt_put_back, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_many_pages, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_removed_file, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_scan_ahead, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_folder_listing, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_spoilt_caches, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_forged_entry, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_forgery_stays_in_lists, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_link_not_followed, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_decode_spoilt, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
