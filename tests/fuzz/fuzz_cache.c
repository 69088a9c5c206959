/*
 * libFuzzer target for the compiled catalogue's reader (engine/
 * catalog-cache.c), which must take any bytes as a cache file or as one
 * module's encoding without harm: each input is read both ways, and
 * whatever is decoded is freed again, so that -detect_leaks catches what
 * the reader keeps.
 *
 * Every entry of a cache read is decoded as a folder's scan decodes it,
 * into shared rooms. Besides crashes, leaks and hangs, the target checks the
 * promise of catalog_cache_peek and catalog_cache_decode: 0 with exactly one of module or
 * programme, or -1 with neither; and that a module decoded encodes to the very bytes it came from
 * (the encoding has one form for each module).
 *
 * Built and run by `make fuzz-cache`; see docs/fuzzing.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-cache.h"
#include "course.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every entry's head decoded as a folder's scan does: into shared rooms. */
static void decode_entries(struct catalog_cache *cc)
{
	struct course_room *rooms = NULL;

	for (size_t i = 0; i < catalog_cache_entries(cc); i++) {
		struct course *c = NULL;
		struct programme *p = NULL;

		if (catalog_cache_peek(cc, (long)i, "fuzz/module.xml", &rooms, &c, &p) == 0 &&
		    (c == NULL) == (p == NULL)) {
			fprintf(stderr, "fuzz_cache: catalog_cache_peek broke its promise\n");
			abort();
		}
		course_free(c);
		programme_free(p);
	}
	course_room_release(rooms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog_cache *cc = catalog_cache_from_memory(data, size, "fuzz");
	struct course *c = NULL;
	struct programme *p = NULL;
	int ret;

	decode_entries(cc);
	catalog_cache_free(cc);
	ret = catalog_cache_decode(data, size, "fuzz/module.xml", &c, &p);
	if ((ret == 0 && (c == NULL) == (p == NULL)) || (ret != 0 && (c || p)) ||
	    (ret != 0 && ret != -1)) {
		fprintf(stderr, "fuzz_cache: catalog_cache_decode broke its promise (%d)\n", ret);
		abort();
	}
	if (ret == 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		catalog_cache_encode(c, p, &sb);
		if (sb.len != size || memcmp(sb.buf, data, size) != 0) {
			fprintf(stderr, "fuzz_cache: a decoded module encodes otherwise\n");
			abort();
		}
		strbuf_release(&sb);
	}
	course_free(c);
	programme_free(p);
	return 0;
}
